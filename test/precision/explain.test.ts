import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { explainFlows } from '../../language/analysis/explain-flows.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { buildPlan, createTestServices } from '../helpers/services.js';

const PLAN = `plan "explain"
zone mgmt 10.1.0.0/24
zone backup 10.2.0.0/24
vbr : veeam.BackupServer in mgmt at 10.1.0.10 os windows
px : veeam.Proxy in backup at 10.2.0.20 os linux on vsphere
aconsole : acronis.WebConsole in mgmt at 10.1.0.11
`;

describe('segplan explain: why a flow is required or not', function () {
    this.timeout(300000);

    it('says which catalog flows apply and why the others do not, and agrees with the analysis', async () => {
        const services = await createTestServices();
        const document = await buildPlan(services, PLAN);
        const analysis = services.analysis.PlanAnalyzer.analysis(document);
        const plan = analysis.plan;
        const explained = explainFlows(analysis, services.analysis.PlanAnalyzer.catalog(), plan.facts.instances.get('vbr')!, plan.facts.instances.get('px')!);
        const installer = explained.find(e => e.flow.purpose === 'Veeam Installer Service' && e.flow.to.typeId === 'veeam.Proxy');
        assert.ok(installer && !installer.applies);
        assert.equal(installer.why, 'the flow is for windows and px runs linux');
        // What explain calls required is exactly what the analysis requires between the two.
        const required = new Set(analysis.flows.filter(r => r.flow.source.name === 'vbr' && r.flow.destination.name === 'px').flatMap(r => r.flow.catalogFlows));
        assert.deepEqual(new Set(explained.filter(e => e.applies && e.from === 'vbr').map(e => e.flow)), required);
        const consoleToVbr = explainFlows(analysis, services.analysis.PlanAnalyzer.catalog(), plan.facts.instances.get('aconsole')!, plan.facts.instances.get('vbr')!).filter(e => e.from === 'aconsole');
        assert.ok(consoleToVbr.length > 0 && consoleToVbr.every(e => !e.applies && /another vendor's product/.test(e.why)), JSON.stringify(consoleToVbr.map(e => e.why)));
    });

    it('on the command line: text, JSON, and a clear error for a component that does not exist', () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'segplan-explain-'));
        try {
            const file = path.join(dir, 'plan.segplan');
            writeFileSync(file, PLAN);
            const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), 'explain', ...args], { encoding: 'utf8' });
            const text = cli(file, 'vbr', 'px');
            assert.equal(text.status, 0, text.stderr);
            assert.match(text.stdout, /^Required:\n/);
            assert.match(text.stdout, /Considered and not required:[^]*not required: the flow is for windows and px runs linux/);
            const json = JSON.parse(cli(file, 'vbr', 'px', '--json').stdout);
            assert.ok(json.some((e: { applies: boolean }) => e.applies) && json.some((e: { applies: boolean }) => !e.applies));
            const missing = cli(file, 'vbr', 'nobody');
            assert.equal(missing.status, 2);
            assert.match(missing.stderr, /no component 'nobody'/);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe('findings read as an engineer writes the rule', () => {
    it('`any` with ports reads as TCP and UDP on those ports', async () => {
        const services = await createTestServices();
        const document = await buildPlan(services, 'plan "p"\nzone mgmt 10.1.0.0/24\nzone backup 10.2.0.0/24\nallow mgmt -> backup any 22\n');
        const unused = (document.diagnostics ?? []).find(d => d.code === 'unused-rule');
        assert.ok(unused);
        assert.match(String(unused.message), /mgmt → backup tcp\/udp 22\)/);
        assert.doesNotMatch(String(unused.message), /any 22/);
    });
});

describe('a Zerto component without a platform', () => {
    it('gets a hint, and the quick fix adds `on <platform>`, after which only that environment\'s ports are required', async () => {
        const { applyEdits } = await import('../lsp/lsp-test-kit.js');
        const services = await createTestServices();
        const text = 'plan "z"\nzone a 10.1.0.0/24\nzone b 10.2.0.0/24\nzvm : zerto.Zvm in a at 10.1.0.10\nvra : zerto.Vra in b at 10.2.0.10 on vsphere\n';
        const document = await buildPlan(services, text);
        const hint = (document.diagnostics ?? []).find(d => d.code === 'zerto-platform-missing');
        assert.ok(hint && hint.severity === 4, 'no hint');
        assert.match(String(hint.message), /Add `on vsphere`/);
        const flows = (doc: typeof document) => services.analysis.PlanAnalyzer.analysis(doc).flows.filter(r => r.flow.source.name === 'zvm' || r.flow.destination.name === 'zvm')
            .flatMap(r => r.flow.catalogFlows.flatMap(f => [...f.from.platforms, ...f.to.platforms]));
        assert.ok(flows(document).some(p => p !== 'vsphere'), 'without a platform other environments\' tables apply too');
        const actions = await services.lsp.CodeActionProvider!.getCodeActions(document, { textDocument: { uri: document.uri.toString() }, range: hint.range, context: { diagnostics: [hint] } }) as import('vscode-languageserver').CodeAction[];
        const add = actions.find(a => a.title === "Add 'on vsphere'");
        assert.ok(add?.isPreferred);
        const fixed = applyEdits(text, add.edit!.changes![document.uri.toString()]);
        assert.match(fixed, /^zvm : zerto\.Zvm in a at 10\.1\.0\.10 on vsphere$/m);
        const after = await buildPlan(services, fixed);
        assert.equal((after.diagnostics ?? []).filter(d => d.code === 'zerto-platform-missing').length, 0);
        assert.ok(flows(after).every(p => p === 'vsphere'), `after the fix only vSphere's table applies: ${flows(after).join(', ')}`);
    });
});

describe('hover on the date of a temporary rule', () => {
    it('says when the rule stops, in UTC, and whether it has expired', async () => {
        const services = await createTestServices();
        const text = 'plan "p"\nzone a 10.1.0.0/24\nzone b 10.2.0.0/24\nallow a -> b tcp 22 until 2020-01-31\nallow a -> b tcp 23 until 2099-12-31\n';
        const document = await buildPlan(services, text);
        const hover = async (needle: string) => {
            const offset = text.indexOf(needle) + 2;
            const h = await services.lsp.HoverProvider!.getHoverContent(document, { textDocument: { uri: document.uri.toString() }, position: document.textDocument.positionAt(offset) });
            return JSON.stringify(h?.contents ?? '');
        };
        assert.match(await hover('2020-01-31'), /stops at 2020-02-01T00:00:00Z \(00:00 UTC of the next day\).*it has expired/);
        assert.match(await hover('2099-12-31'), /it expires in \d+ days/);
    });
});
