import * as assert from 'node:assert/strict';
import type { LangiumDocument } from 'langium';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { explainFlows } from '../../language/analysis/explain-flows.js';
import type { SegplanServices } from '../../language/segplan-module.js';
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
    const flowsOf = (services: SegplanServices, document: LangiumDocument, name: string) => services.analysis.PlanAnalyzer.analysis(document).flows
        .filter(r => r.flow.source.name === name || r.flow.destination.name === name);
    const tables = (services: SegplanServices, document: LangiumDocument, name: string) => [...new Set(flowsOf(services, document, name)
        .flatMap(r => r.flow.catalogFlows.flatMap(f => f.sources.map(c => c.section))))].sort();

    it('takes the platform the plan\'s other components name, with a hint whose quick fix writes it', async () => {
        const { applyEdits } = await import('../lsp/lsp-test-kit.js');
        const services = await createTestServices();
        const text = 'plan "z"\nzone a 10.1.0.0/24\nzone b 10.2.0.0/24\nzvm : zerto.Zvm in a at 10.1.0.10\nvra : zerto.Vra in b at 10.2.0.10 on vsphere\n';
        const document = await buildPlan(services, text);
        const hint = (document.diagnostics ?? []).find(d => d.code === 'platform-missing');
        assert.ok(hint && hint.severity === 4, JSON.stringify(document.diagnostics));
        assert.match(String(hint.message), /SegPlan takes `on vsphere`.*Write `on vsphere` to say so/);
        // Only the vSphere table: Azure's 7072 and the other environments' rows are not required of it.
        assert.deepEqual(tables(services, document, 'zvm'), ['Firewall Considerations in VMware vSphere Environments']);
        const actions = await services.lsp.CodeActionProvider!.getCodeActions(document, { textDocument: { uri: document.uri.toString() }, range: hint.range, context: { diagnostics: [hint] } }) as import('vscode-languageserver').CodeAction[];
        const add = actions.find(a => a.title === "Add 'on vsphere'");
        assert.ok(add?.isPreferred);
        const fixed = applyEdits(text, add.edit!.changes![document.uri.toString()]);
        assert.match(fixed, /^zvm : zerto\.Zvm in a at 10\.1\.0\.10 on vsphere$/m);
        const after = await buildPlan(services, fixed);
        assert.equal((after.diagnostics ?? []).filter(d => d.code === 'platform-missing').length, 0);
        assert.deepEqual(tables(services, after, 'zvm'), ['Firewall Considerations in VMware vSphere Environments']);
    });

    it('a VRA without `on` in a vSphere plan gets the vSphere table only (no Azure 7072)', async () => {
        const services = await createTestServices();
        const document = await buildPlan(services, 'plan "z"\nzone a 10.1.0.0/24\nzone b 10.2.0.0/24\nzvm : zerto.Zvm in a at 10.1.0.10 on vsphere\nvra : zerto.Vra in b at 10.2.0.10\n');
        assert.deepEqual(tables(services, document, 'vra'), ['Firewall Considerations in VMware vSphere Environments']);
        assert.ok(!flowsOf(services, document, 'vra').some(r => r.flow.portText === '7072'));
    });

    it('where the plan names no platform, or several, one warning asks for `on …` and no environment\'s flows are required', async () => {
        const services = await createTestServices();
        const text = 'plan "z"\nzone a 10.1.0.0/24\nzone b 10.2.0.0/24\nzvm : zerto.Zvm in a at 10.1.0.10\nvra : zerto.Vra in b at 10.2.0.10\n';
        const document = await buildPlan(services, text);
        const warnings = (document.diagnostics ?? []).filter(d => d.code === 'platform-missing');
        assert.deepEqual(warnings.map(d => [d.range.start.line, d.severity]), [[3, 2], [4, 2]]);
        assert.match(String(warnings[1].message), /^vra names no platform, and no other component of the plan names one\..*write `on vsphere` or the platform it runs on/);
        assert.deepEqual(flowsOf(services, document, 'vra').filter(r => r.flow.required).map(r => r.flow.portText), []);
        // Two platforms named in the plan: still not SegPlan's guess.
        const two = await buildPlan(services, `${text}zvm2 : zerto.Zvm in a at 10.1.0.11 on vsphere\nzvm3 : zerto.Zvm in a at 10.1.0.12 on hyperv\n`);
        const message = (two.diagnostics ?? []).find(d => d.code === 'platform-missing' && d.range.start.line === 4)?.message;
        assert.match(String(message), /the plan's other components name vsphere and hyperv/);
        assert.ok(!flowsOf(services, two, 'vra').some(r => r.flow.portText === '7072'), 'Azure\'s 7072 is not required');
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
