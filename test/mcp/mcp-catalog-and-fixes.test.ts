import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CodeActionKind, type CodeAction, type Diagnostic, type TextEdit } from 'vscode-languageserver';
import { componentFlows } from '../../cli/mcp/catalog-tools.js';
import { loadCatalog } from '../../cli/mcp/plan-input.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { createTestServices } from '../helpers/services.js';
import { applyEdits, BRANCH_PLAN, codeOf, open } from '../lsp/lsp-test-kit.js';
import { examplePlans, InMemorySegplan, segplanJson } from './mcp-kit.js';

// component_flows against `segplan catalog --json`, propose_fixes against the editor's own
// "fix all" and deny quick fixes, and the resources against the CLI and docs/findings.md.

interface CliCatalog {
    vendors: {
        id: string;
        components: { id: string; is: string[] }[];
        flows: ({ from: string; to: string; source: string } & Record<string, unknown>)[];
    }[];
}

interface Edit { range: TextEdit['range']; newText: string; startLine: number; startColumn: number }

const read = (plan: string) => readFileSync(path.join(PROJECT_ROOT, plan), 'utf8');

describe('segplan mcp: component_flows, propose_fixes and the resources', function () {
    let mcp: InMemorySegplan;
    let cliCatalog: CliCatalog;
    before(async () => {
        mcp = await InMemorySegplan.start();
        cliCatalog = segplanJson<CliCatalog>('catalog', '--json');
    });
    after(() => mcp.close());

    it('component_flows: every catalog flow of every type, both ways and through its roles, is the CLI catalog\'s, with its citations', async () => {
        const catalog = await loadCatalog({});
        const supertypes = new Map(cliCatalog.vendors.flatMap(v => v.components.map(c => [c.id, c.is] as const)));
        const ancestors = (id: string, seen = new Set<string>()): Set<string> => {
            if (!seen.has(id)) { seen.add(id); for (const s of supertypes.get(id) ?? []) ancestors(s, seen); }
            return seen;
        };
        const cliFlows = cliCatalog.vendors.flatMap(v => v.flows.map(f => ({ vendor: v.id, ...f })));
        let types = 0, left = 0;
        for (const id of supertypes.keys()) {
            const { structured } = componentFlows(catalog, catalog.types.get(id)!);
            const mine = ancestors(id);
            const expected = cliFlows.flatMap(f => [
                ...mine.has(String(f.from)) ? [{ direction: 'out', via: f.from, ...f }] : [],
                ...mine.has(String(f.to)) ? [{ direction: 'in', via: f.to, ...f }] : []
            ]);
            const answered = [...structured.flows, ...structured.notForThisType];
            const key = (f: object) => JSON.stringify(Object.entries(f).filter(([k]) => !['sources', 'notFor'].includes(k)).sort());
            assert.deepEqual(answered.map(key).sort(), expected.map(key).sort(), id);
            for (const f of answered) assert.equal(f.sources.map(c => c.text).join('; '), f.source, `${id}: ${f.purpose}`);
            for (const f of structured.notForThisType) assert.ok(f.notFor && f.notFor.length > 10, JSON.stringify(f));
            types++;
            left += structured.notForThisType.length;
        }
        assert.ok(types > 50 && left > 0, `${types} types, ${left} flows left out by a filter`);
    });

    it('component_flows answers the flows each example requires of its components', async () => {
        // The examples declare no vendors of their own: a type's flows are the built-in catalogs', asked once.
        const byType = new Map<string, Set<string>>();
        for (const plan of examplePlans()) {
            const { flows } = segplanJson<{ flows: { source: { type: string }; destination: { type: string }; purpose: string; vendor: string }[] }>('flows', plan, '--json');
            for (const f of flows.filter(f => f.vendor && f.vendor !== 'plan')) {
                for (const type of [f.source.type, f.destination.type]) {
                    if (!byType.has(type)) {
                        const answer = await mcp.answer('component_flows', { type });
                        byType.set(type, new Set((answer.structured.flows as unknown as { purpose: string }[]).flatMap(a => a.purpose.split('; '))));
                        assert.match(answer.text, new RegExp(`^${type.replace('.', '\\.')}: `));
                    }
                    // A required flow's purposes (several catalog flows may be joined) are each among the type's flows.
                    for (const purpose of f.purpose.split('; ')) assert.ok(byType.get(type)!.has(purpose), `${plan}: ${type} lacks '${purpose}'`);
                }
            }
        }
    });

    it('component_flows finds a type by a name only it has, and says which types a shared name means', async () => {
        const byAlias = await mcp.answer('component_flows', { type: 'ZVM' });
        assert.equal((byAlias.structured.type as unknown as { id: string }).id, 'zerto.Zvm');
        assert.match(await mcp.refusal('component_flows', { type: 'console' }), /names \d+ component types: .*veeam\.Console.*Give one by its id/);
        assert.match(await mcp.refusal('component_flows', { type: 'veeam.Proxie' }), /'veeam\.Proxie' is not a component type of the catalogs\. Did you mean .*veeam\.Proxy/);
    });

    describe('propose_fixes', () => {
        let services: SegplanServices;
        before(async () => { services = await createTestServices(); });

        /** The editor's "fix all" (source.fixAll) for a plan's text: its title and edits. */
        async function editorFixAll(text: string): Promise<{ title: string; edits: TextEdit[] } | undefined> {
            const document = await open(services, text);
            const [action] = (await services.lsp.CodeActionProvider!.getCodeActions(document, {
                textDocument: { uri: document.uri.toString() }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
                context: { diagnostics: [], only: [CodeActionKind.SourceFixAll] }
            }) ?? []) as CodeAction[];
            return action && { title: action.title, edits: action.edit!.changes![document.uri.toString()] };
        }

        const allowRulesOf = async (text: string) => {
            const answer = await mcp.answer('propose_fixes', { text });
            assert.equal(answer.structured.applied, false);
            const files = answer.structured.files as unknown as {
                allowRules: { title: string; edits: Edit[]; rules: { kind: string; text?: string; ports: string; line?: number }[]; leftOut: { text: string; deny: string }[] } | null;
                narrowings: { kind: string; lines: string[] | null; edits: Edit[]; line: number }[];
            }[];
            return { answer, fixes: files[0] };
        };

        it('gives the edits the editor\'s "fix all" makes, on the examples and on each without its allow rules, and never applies them', async () => {
            let compared = 0;
            for (const plan of examplePlans()) {
                const original = read(plan);
                for (const text of [original, original.split('\n').filter(l => !/^\s*allow\b/.test(l)).join('\n')]) {
                    const editor = await editorFixAll(text);
                    const { answer, fixes } = await allowRulesOf(text);
                    if (!editor) {
                        assert.equal(fixes?.allowRules ?? null, null, `${plan}: ${answer.text}`);
                        continue;
                    }
                    assert.equal(fixes.allowRules!.title, editor.title);
                    assert.deepEqual(fixes.allowRules!.edits.map(e => ({ range: e.range, newText: e.newText })), editor.edits);
                    for (const e of fixes.allowRules!.edits) assert.deepEqual([e.startLine, e.startColumn], [e.range.start.line + 1, e.range.start.character + 1]);
                    // Each rule says what its edit writes: a new rule's line, or the ports added on the rule's line.
                    for (const r of fixes.allowRules!.rules) {
                        assert.ok(r.kind === 'new-rule'
                            ? fixes.allowRules!.edits.some(e => e.newText.includes(r.text!))
                            : fixes.allowRules!.edits.some(e => e.startLine === r.line && e.newText.startsWith(`, ${r.ports}`)), JSON.stringify(r));
                    }
                    // Applied, the plan has no blocked required flow left.
                    const fixed = applyEdits(text, editor.edits);
                    const check = await mcp.answer('check_plan', { text: fixed, limit: 100000 });
                    const blocked = (check.structured.findings as unknown as { code: string; message: string }[]).filter(f => f.code === 'missing-flow' || f.code === 'partial-flow');
                    assert.deepEqual(blocked, [], `${plan}, fixed:\n${fixed}`);
                    assert.match(answer.text, /Nothing was written/);
                    compared++;
                }
                // The file is as it was.
                assert.equal(read(plan), original);
            }
            assert.ok(compared >= examplePlans().length, `${compared} plans compared`);
        });

        it('leaves out a rule a deny forbids, and names the deny', async () => {
            const plan = BRANCH_PLAN + 'deny mgmt -> prod tcp 443 "no management web from the backup server"\n';
            const editor = await editorFixAll(plan);
            const { fixes } = await allowRulesOf(plan);
            assert.equal(fixes.allowRules!.title, editor!.title);
            assert.match(editor!.title, /1 left out: a deny forbids it/);
            assert.equal(fixes.allowRules!.leftOut.length, 1);
            assert.match(fixes.allowRules!.leftOut[0].text, /^allow vbr -> vcenter tcp 443/);
            assert.match(fixes.allowRules!.leftOut[0].deny, /deny/);
        });

        const ZONES = 'plan "p"\nzone mgmt 10.10.0.0/24\nzone prod 10.20.0.0/24\nzone lab 10.30.0.0/24\n'
            + 'admin : infra.AdminWorkstation in mgmt at 10.10.0.50\nvcenter : vmware.VCenter in prod at 10.20.0.5\n'
            + 'require admin -> vcenter tcp 443 "web"\n';

        /** The editor's preferred fix of the one diagnostic with this code. */
        async function editorFix(text: string, code: string): Promise<TextEdit[]> {
            const document = await open(services, text);
            const diagnostic = (document.diagnostics ?? []).find(d => codeOf(d) === code) as Diagnostic;
            const actions = (await services.lsp.CodeActionProvider!.getCodeActions(document, {
                textDocument: { uri: document.uri.toString() }, range: diagnostic.range, context: { diagnostics: [diagnostic] }
            }) ?? []) as CodeAction[];
            const narrow = actions.find(a => a.title.startsWith('Narrow'))!;
            return narrow.edit!.changes![document.uri.toString()];
        }

        it('narrows a deny over a required flow, and an allow rule through a deny, as the editor\'s quick fixes do', async () => {
            const overFlow = `${ZONES}deny admin -> vcenter tcp 1-1024 "no admin ports"\n`;
            const deny = (await allowRulesOf(overFlow)).fixes.narrowings;
            assert.equal(deny.length, 1);
            assert.equal(deny[0].kind, 'narrow-deny');
            assert.equal(deny[0].line, 8);
            assert.deepEqual(deny[0].lines, ['deny admin -> vcenter tcp 1-442, 444-1024 "no admin ports"']);
            assert.deepEqual(deny[0].edits.map(e => ({ range: e.range, newText: e.newText })), await editorFix(overFlow, 'required-flow-denied'));

            const through = `${ZONES}deny mgmt -> vcenter tcp 22 "no ssh"\nallow admin -> vcenter tcp 1-1024 "wide"\n`;
            const rule = (await allowRulesOf(through)).fixes.narrowings;
            assert.equal(rule.length, 1);
            assert.equal(rule[0].kind, 'narrow-allow-rule');
            assert.deepEqual(rule[0].edits.map(e => ({ range: e.range, newText: e.newText })), await editorFix(through, 'guardrail-violated'));

            const cannot = `${ZONES}deny 10.30.0.0/25 -> vcenter tcp 443 "half the lab"\nallow lab -> vcenter tcp 443, 8443 "lab"\n`;
            const none = (await allowRulesOf(cannot)).fixes.narrowings;
            assert.equal(none[0].lines, null);
            assert.deepEqual(none[0].edits, []);
        });

        it('says when there is nothing to fix', async () => {
            const { answer } = await allowRulesOf(read('examples/veeam-reference.segplan'));
            assert.deepEqual(answer.structured.files, []);
            assert.match(answer.text, /^Nothing to fix/);
        });
    });

    describe('resources', () => {
        it('lists the catalog, one resource per vendor, and the findings reference', async () => {
            const { resources } = await mcp.client.listResources();
            const uris = resources.map(r => r.uri);
            assert.ok(uris.includes('segplan://catalog') && uris.includes('segplan://findings'), uris.join(', '));
            for (const vendor of cliCatalog.vendors) assert.ok(uris.includes(`segplan://catalog/${vendor.id}`), vendor.id);
        });

        it('reads the catalogs as segplan catalog --json, and the findings reference as docs/findings.md', async () => {
            const text = async (uri: string) => ((await mcp.client.readResource({ uri })).contents[0] as { text: string }).text;
            assert.deepEqual(JSON.parse(await text('segplan://catalog')), cliCatalog);
            assert.deepEqual(JSON.parse(await text('segplan://catalog/zerto')), cliCatalog.vendors.find(v => v.id === 'zerto'));
            assert.equal(await text('segplan://findings'), read('docs/findings.md'));
            await assert.rejects(mcp.client.readResource({ uri: 'segplan://catalog/nobody' }), /No built-in vendor catalog 'nobody'/);
        });
    });
});
