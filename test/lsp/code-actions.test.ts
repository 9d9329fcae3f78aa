import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import type { LangiumDocument } from 'langium';
import { createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { temporaryUntil } from '../../language/lsp/segplan-code-action-provider.js';
import { BRANCH_PLAN, applyEdits, change, codeOf, editsFor, open } from './lsp-test-kit.js';

async function actionsFor(services: SegplanServices, document: LangiumDocument, diagnostic: Diagnostic): Promise<CodeAction[]> {
    const result = await services.lsp.CodeActionProvider!.getCodeActions(document, {
        textDocument: { uri: document.uri.toString() }, range: diagnostic.range, context: { diagnostics: [diagnostic] }
    });
    return (result ?? []) as CodeAction[];
}

/** Applies an action to an open document, rebuilds it, and returns the new text and document. */
async function apply(services: SegplanServices, document: LangiumDocument, action: CodeAction): Promise<{ text: string; document: LangiumDocument }> {
    const text = applyEdits(document.textDocument.getText(), editsFor(action.edit, document.uri.toString()));
    return { text, document: await change(services, document, text) };
}

/**
 * Applies the preferred fix of the one diagnostic with a code and compares the text (langium/test's
 * testCodeAction wants a single action, and a rule's findings also offer to accept it with a reason).
 */
function testPreferredFix(services: SegplanServices) {
    return async (plan: string, code: string, expected: string): Promise<{ action?: CodeAction }> => {
        const document = await open(services, plan);
        const found = (document.diagnostics ?? []).filter(d => codeOf(d) === code);
        assert.equal(found.length, 1, `${code}: ${(document.diagnostics ?? []).map(d => codeOf(d)).join(', ')}`);
        const preferred = (await actionsFor(services, document, found[0])).filter(a => a.isPreferred);
        assert.equal(preferred.length, 1, preferred.map(a => a.title).join('\n'));
        assert.equal(applyEdits(plan, editsFor(preferred[0].edit, document.uri.toString())), expected);
        return { action: preferred[0] };
    };
}

function missing(document: LangiumDocument, pattern: RegExp): Diagnostic {
    const found = (document.diagnostics ?? []).filter(d => codeOf(d) === 'missing-flow' && pattern.test(String(d.message)));
    assert.equal(found.length, 1, `one missing-flow diagnostic matching ${pattern}: ${(document.diagnostics ?? []).map(d => d.message).join('\n')}`);
    return found[0];
}

describe('quick fixes', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('allows a missing flow with a new rule after the rules from the same source, and the diagnostic goes away', async () => {
        const document = await open(services, BRANCH_PLAN);
        const diagnostic = missing(document, /vbr → vcenter tcp 443/);
        const [fix] = await actionsFor(services, document, diagnostic);
        assert.equal(fix.title, 'Allow vbr → vcenter tcp 443');
        assert.equal(fix.isPreferred, true);
        const { text, document: after } = await apply(services, document, fix);
        const inserted = 'allow vbr -> vcenter tcp 443 "vSphere Web Services SDK (HTTPS)"';
        // The new line sits right after `allow vbr -> repo …`, the last rule from vbr; nothing else moved.
        assert.equal(text, BRANCH_PLAN.replace('allow vbr -> repo tcp 6162, 6160\n', `allow vbr -> repo tcp 6162, 6160\n${inserted}\n`));
        assert.ok(!(after.diagnostics ?? []).some(d => /vbr → vcenter/.test(String(d.message))), 'the finding is gone');
    });

    it('adds the missing ports to an existing rule between the same endpoints', async () => {
        const document = await open(services, BRANCH_PLAN);
        // One diagnostic for the two flows vbr → repo lacks, on the rule between them; adding to it is the preferred fix.
        const diagnostic = missing(document, /vbr → repo .*tcp 2500-3300/);
        assert.equal(document.textDocument.getText(diagnostic.range).startsWith('allow vbr -> repo'), true);
        const actions = await actionsFor(services, document, diagnostic);
        const add = actions.find(a => a.title.startsWith('Add 2500-3300 to the allow rule vbr → repo'));
        assert.ok(add, actions.map(a => a.title).join('\n'));
        assert.equal(add.isPreferred, true);
        assert.equal(actions.filter(a => a.isPreferred).length, 1, actions.map(a => `${a.title} ${a.isPreferred}`).join('\n'));
        const { text, document: after } = await apply(services, document, add);
        assert.equal(text, BRANCH_PLAN.replace('allow vbr -> repo tcp 6162, 6160', 'allow vbr -> repo tcp 6162, 6160, 2500-3300'));
        assert.ok(!(after.diagnostics ?? []).some(d => /vbr → repo tcp 2500-3300/.test(String(d.message))));
    });

    it('adds the missing ports to a rule with two destinations that both lack them, shown on that rule', async () => {
        const plan = `plan "Two proxies"
zone mgmt   10.10.0.0/24
zone backup 10.30.0.0/24
vbr    : veeam.BackupServer in mgmt   at 10.10.0.10
proxy1 : veeam.Proxy        in backup at 10.30.0.21 os linux on vsphere
proxy2 : veeam.Proxy        in backup at 10.30.0.22 os linux on vsphere
allow vbr -> proxy1, proxy2 tcp 6162
`;
        const document = await open(services, plan);
        const diagnostic = missing(document, /2500-3300/);
        assert.ok(document.textDocument.getText(diagnostic.range).startsWith('allow vbr -> proxy1, proxy2'), `on ${document.textDocument.getText(diagnostic.range)}`);
        const actions = await actionsFor(services, document, diagnostic);
        const add = actions.find(a => /^Add .*2500-3300.* to the allow rule vbr → proxy1, proxy2 tcp$/.test(a.title));
        assert.ok(add, actions.map(a => a.title).join('\n'));
        assert.equal(add.isPreferred, true);
        assert.equal(actions.filter(a => a.isPreferred).length, 1, actions.map(a => `${a.title} ${a.isPreferred}`).join('\n'));
        const { text, document: after } = await apply(services, document, add);
        assert.match(text, /^allow vbr -> proxy1, proxy2 tcp 6162, (22, 2500-3300|2500-3300)$/m);
        assert.ok(!(after.diagnostics ?? []).some(d => codeOf(d) === 'missing-flow' && /2500-3300/.test(String(d.message))), 'the ports are allowed');
    });

    it('adds no ports to a rule with two destinations when only one of them needs them', async () => {
        const plan = `plan "A proxy and a repository"
zone mgmt   10.10.0.0/24
zone backup 10.30.0.0/24
vbr    : veeam.BackupServer in mgmt   at 10.10.0.10
proxy1 : veeam.Proxy        in backup at 10.30.0.21 os windows on vsphere
mount  : veeam.MountServer  in backup at 10.30.0.22 os windows
allow vbr -> proxy1, mount tcp 6162
`;
        const document = await open(services, plan);
        const diagnostic = missing(document, /vbr → mount .*6170/);
        const actions = await actionsFor(services, document, diagnostic);
        assert.ok(!actions.some(a => a.title.startsWith('Add ') && a.title.includes('6170')), actions.map(a => a.title).join('\n'));
    });

    it('offers one preferred fix for a rule that serves nothing and breaks a deny', async () => {
        const plan = `${BRANCH_PLAN}deny proxy -> vcenter tcp 8080 "no proxy to vCenter"\n`;
        const document = await open(services, plan);
        const onRule = (document.diagnostics ?? []).filter(d => d.range.start.line === 14);
        assert.ok(onRule.some(d => codeOf(d) === 'unused-rule') && onRule.some(d => codeOf(d) === 'guardrail-violated'), onRule.map(d => codeOf(d)).join(', '));
        const result = await services.lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri: document.uri.toString() }, range: onRule[0].range, context: { diagnostics: onRule }
        }) as CodeAction[];
        const preferred = result.filter(a => a.isPreferred);
        assert.deepEqual(preferred.map(a => a.title), ['Remove this allow rule (it serves no required flow)'], result.map(a => `${a.title} ${a.isPreferred}`).join('\n'));
    });

    it('writes one short purpose per rule when it allows several flows: the first and how many more', async () => {
        const plan = readFileSync(path.join(PROJECT_ROOT, 'examples', 'veeam-reference.segplan'), 'utf8').split('\n').filter(l => !/^\s*allow\b/.test(l)).join('\n');
        const document = await open(services, plan);
        const fixAll = (await services.lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri: document.uri.toString() }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            context: { diagnostics: [], only: [CodeActionKind.SourceFixAll] }
        }) ?? []) as CodeAction[];
        const { text } = await apply(services, document, fixAll[0]);
        const written = text.split('\n').filter(l => /^\s*allow\b/.test(l));
        assert.ok(written.length > 5, text);
        for (const line of written) assert.match(line, /"[^";]+"( until \d{4}-\d\d-\d\d)?$/, line);
        assert.ok(written.some(l => /^allow vbr -> proxy tcp 2500-3300, 6160, 6162 "Veeam Installer Service and 2 more"$/.test(l)), written.join('\n'));
    });

    it('allows all missing flows at once, from a diagnostic and as source.fixAll', async () => {
        const document = await open(services, BRANCH_PLAN);
        const before = (document.diagnostics ?? []).filter(d => codeOf(d) === 'missing-flow');
        assert.ok(before.length >= 3);
        const fromDiagnostic = (await actionsFor(services, document, before[0])).find(a => a.title.startsWith('Allow all'));
        assert.ok(fromDiagnostic);
        // Diagnostics stand for one pair of components each; the fix counts the flows they list.
        const flows = before.reduce((n, d) => n + ((d.data as { flows?: unknown[] } | undefined)?.flows?.length ?? 1), 0);
        assert.ok(flows > before.length, 'some diagnostic lists several flows');
        assert.match(fromDiagnostic.title, new RegExp(`Allow all ${flows} missing flows`));
        const fixAll = (await services.lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri: document.uri.toString() }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            context: { diagnostics: [], only: [CodeActionKind.SourceFixAll] }
        }) ?? []) as CodeAction[];
        assert.equal(fixAll.length, 1);
        assert.equal(fixAll[0].kind, CodeActionKind.SourceFixAll);
        const { text, document: after } = await apply(services, document, fixAll[0]);
        assert.deepEqual((after.diagnostics ?? []).filter(d => codeOf(d) === 'missing-flow' || codeOf(d) === 'partial-flow').map(d => d.message), []);
        // The rule between vbr and repo gains the data channels; the rest are new lines after the last vbr rule.
        assert.equal(text, BRANCH_PLAN.replace('allow vbr -> repo tcp 6162, 6160\n', [
            'allow vbr -> repo tcp 6162, 6160, 2500-3300',
            'allow vbr -> proxy tcp/udp 135, 137-139, 445 "RPC, NetBIOS, SMB (ADMIN$ share for component deployment)"',
            'allow vbr -> repo tcp/udp 135, 137-139, 445 "RPC, NetBIOS, SMB (ADMIN$ share for component deployment)"',
            'allow vbr -> vcenter tcp 443 "vSphere Web Services SDK (HTTPS)"',
            ''].join('\n')));
    });

    it('writes an install-only flow as a temporary rule', async () => {
        const plan = 'plan "p"\nzone mgmt 10.0.0.0/24\nzone backup 10.1.0.0/24\nvbr : veeam.BackupServer in mgmt at 10.0.0.1\nrepo : veeam.HardenedRepository in backup at 10.1.0.1\n'
            + 'allow vbr -> repo tcp 6162, 2500-3300\n';
        const document = await open(services, plan);
        const diagnostic = missing(document, /vbr → repo tcp 22/);
        assert.equal(diagnostic.severity, 2);
        const [fix] = await actionsFor(services, document, diagnostic);
        const { text, document: after } = await apply(services, document, fix);
        assert.equal(text, plan + `allow vbr -> repo tcp 22 "SSH (initial deployment only, disable after for hardened)" until ${temporaryUntil()}\n`);
        assert.ok(!(after.diagnostics ?? []).some(d => /tcp 22/.test(String(d.message))), (after.diagnostics ?? []).map(d => d.message).join('\n'));
    });

    it('moves install-only ports of a permanent rule into a temporary one', async () => {
        const plan = 'plan "p"\nzone mgmt 10.0.0.0/24\nzone backup 10.1.0.0/24\nvbr : veeam.BackupServer in mgmt at 10.0.0.1\nrepo : veeam.HardenedRepository in backup at 10.1.0.1\n'
            + 'allow vbr -> repo tcp 22, 6162, 2500-3300 "repo"   // keep\n';
        const result = await testPreferredFix(services)(plan, 'install-only-permanent',
            plan.replace('tcp 22, 6162, 2500-3300 "repo"   // keep', `tcp 2500-3300, 6162 "repo"   // keep\nallow vbr -> repo tcp 22 "repo" until ${temporaryUntil()}`));
        assert.match(result.action?.title ?? '', /Move 22 into a temporary rule/);
    });

    it('narrows a rule that allows every port to the ports required', async () => {
        const plan = `${BRANCH_PLAN}mon : veeam.VeeamOneServer in backup at 10.30.0.50\nallow mon -> vcenter tcp\n`;
        const document = await open(services, plan);
        const diagnostic = (document.diagnostics ?? []).find(d => codeOf(d) === 'overbroad-rule');
        assert.ok(diagnostic);
        const [fix] = await actionsFor(services, document, diagnostic);
        assert.equal(fix.title, 'Narrow to the required ports: 443');
        const { text, document: after } = await apply(services, document, fix);
        assert.equal(text, `${BRANCH_PLAN}mon : veeam.VeeamOneServer in backup at 10.30.0.50\nallow mon -> vcenter tcp 443\n`);
        assert.ok(!(after.diagnostics ?? []).some(d => codeOf(d) === 'overbroad-rule'));
    });

    it('narrows a backup server rule that opens every port (the Veeam all-traffic warning) to the ports required', async () => {
        const plan = `${BRANCH_PLAN}allow vbr -> vcenter tcp\n`;
        const document = await open(services, plan);
        const diagnostic = (document.diagnostics ?? []).find(d => codeOf(d) === 'veeam-all-traffic');
        assert.ok(diagnostic, (document.diagnostics ?? []).map(d => `${codeOf(d)} ${d.message}`).join('\n'));
        const [fix] = await actionsFor(services, document, diagnostic);
        assert.equal(fix.title, 'Narrow to the required ports: 443');
        const { text, document: after } = await apply(services, document, fix);
        assert.equal(text, `${BRANCH_PLAN}allow vbr -> vcenter tcp 443\n`);
        assert.ok(!(after.diagnostics ?? []).some(d => codeOf(d) === 'veeam-all-traffic'));
    });

    it('narrows a port list to the ports required', async () => {
        const plan = BRANCH_PLAN.replace('allow vbr -> repo tcp 6162, 6160', 'allow vbr -> repo tcp 6160-6170');
        await testPreferredFix(services)(plan, 'overbroad-rule', plan.replace('tcp 6160-6170', 'tcp 6160, 6162'));
    });

    it('removes a rule that serves nothing, with its line and nothing else', async () => {
        await testPreferredFix(services)(BRANCH_PLAN, 'unused-rule', BRANCH_PLAN.replace('allow proxy -> vcenter tcp 8080\n', ''));
    });

    it('removes a rule that serves nothing with its trailing comment, which was about it', async () => {
        const plan = BRANCH_PLAN.replace('allow proxy -> vcenter tcp 8080\n', 'allow proxy -> vcenter tcp 8080   // the old monitoring agent\n');
        await testPreferredFix(services)(plan, 'unused-rule', BRANCH_PLAN.replace('allow proxy -> vcenter tcp 8080\n', ''));
    });

    it('removes a temporary rule whose date has passed, with its line and nothing else', async () => {
        const plan = `${BRANCH_PLAN}allow vbr -> repo tcp 22 until 2020-06-30\n`;
        await testPreferredFix(services)(plan, 'expired-rule', BRANCH_PLAN);
    });

    it('replaces an unknown component type by the one meant', async () => {
        const plan = 'plan "p"\nzone mgmt 10.0.0.0/24\nmount : veeam.MountServr in mgmt   // typo\n';
        await testPreferredFix(services)(plan, 'unknown-component-type', plan.replace('veeam.MountServr', 'veeam.MountServer'));
    });
});

describe('the quick-fix menu', () => {
    it('offers "Allow all … missing flows" once for a request with many diagnostics, and one preferred fix per diagnostic', async () => {
        const { createTestServices } = await import('../helpers/services.js');
        const { BRANCH_PLAN, open } = await import('./lsp-test-kit.js');
        const services = await createTestServices();
        const document = await open(services, BRANCH_PLAN);
        const missing = (document.diagnostics ?? []).filter(d => ['missing-flow', 'partial-flow'].includes(String((d.data as { code?: string }).code)));
        assert.ok(missing.length >= 3);
        const actions = await services.lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri: document.uri.toString() }, range: missing[0].range, context: { diagnostics: missing }
        }) as import('vscode-languageserver').CodeAction[];
        assert.equal(actions.filter(a => a.title.startsWith('Allow all')).length, 1);
        for (const d of missing) {
            const preferred = actions.filter(a => a.isPreferred && a.diagnostics?.length === 1 && a.diagnostics[0] === d);
            assert.equal(preferred.length, 1, `diagnostic ${d.message} has ${preferred.length} preferred fixes`);
        }
    });
});
