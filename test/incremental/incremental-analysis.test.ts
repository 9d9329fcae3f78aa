import * as assert from 'node:assert/strict';
import { AstUtils, URI, type LangiumDocument } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { analyzePlan, type PlanAnalysis } from '../../language/analysis/analyze-plan.js';
import { buildCatalog } from '../../language/catalog/catalog-model.js';
import { buildPlan } from '../../language/plan/plan-model.js';
import { importClosure } from '../../language/workspace/plan-imports.js';
import { generateBenchPlan } from '../../bench/plan-generator.js';
import { apply, openWorkspace, uriOf as fileUri } from '../helpers/review-workspace.js';

const FOLDER = 'file:///incremental';

// Two sites that replicate to each other (peer flows cross the files), and a shared
// infrastructure zone (any-scoped vSphere flows reach across sites).
const FILES: Record<string, string> = {
    'plan.segplan': 'plan "two sites"\nimport "a.segplan"\nimport "b.segplan"\nuse veeam.GuestProcessing\npair a <-> b\n',
    'a.segplan': [
        'zone amgmt 10.1.0.0/24', 'zone aprod 10.1.1.0/24', 'site a zones amgmt, aprod',
        'avbr : veeam.BackupServer in amgmt at 10.1.0.10',
        'avc : vmware.VCenter in aprod at 10.1.1.5',
        'aesx : vmware.EsxiHost in aprod at 10.1.1.20',
        'aproxy : veeam.Proxy in amgmt at 10.1.0.30 os linux on vsphere',
        'allow avbr -> avc tcp 443',
        'allow avbr -> aproxy tcp 22, 6162, 2500-3300'
    ].join('\n') + '\n',
    'b.segplan': [
        'zone bmgmt 10.2.0.0/24', 'zone bprod 10.2.1.0/24', 'site b zones bmgmt, bprod',
        'bvbr : veeam.BackupServer in bmgmt at 10.2.0.10',
        'bvc : vmware.VCenter in bprod at 10.2.1.5',
        'besx : vmware.EsxiHost in bprod at 10.2.1.20',
        'brepo : veeam.Repository in bmgmt at 10.2.0.40 os windows',
        'allow bvbr -> bvc, besx tcp 443',
        'allow bvbr -> brepo tcp 6160, 6162'
    ].join('\n') + '\n'
};

/** Edits applied one after another: [file, text before, text after]. */
const EDITS: [string, string, string][] = [
    ['a.segplan', 'aproxy : veeam.Proxy in amgmt at 10.1.0.30 os linux on vsphere', 'aproxy : veeam.Proxy in amgmt at 10.1.0.30 os linux on vsphere "described"'],
    ['a.segplan', 'allow avbr -> avc tcp 443', 'allow avbr -> avc, bvc tcp 443'],
    ['b.segplan', 'brepo : veeam.Repository in bmgmt at 10.2.0.40 os windows', 'brepo : veeam.Repository in bmgmt at 10.2.0.41 os windows'],
    ['b.segplan', 'besx : vmware.EsxiHost in bprod at 10.2.1.20', 'besx : vmware.EsxiHost in bprod at 10.2.1.20\nbesx2 : vmware.EsxiHost in bprod at 10.2.1.21'],
    ['a.segplan', 'allow avbr -> aproxy tcp 22, 6162, 2500-3300', 'allow avbr -> aproxy tcp 22, 6162, 2500-3300\nallow amgmt -> bprod tcp 443, 902'],
    ['plan.segplan', 'pair a <-> b', 'pair a -> b'],
    ['a.segplan', 'site a zones amgmt, aprod', 'site a zones amgmt'],
    ['b.segplan', 'zone bprod 10.2.1.0/24', 'zone bprod 10.2.0.0/16'],
    ['plan.segplan', 'use veeam.GuestProcessing', ''],
    ['a.segplan', 'avc : vmware.VCenter in aprod at 10.1.1.5\n', ''],
    // The plan's own requirements reach across sites: adding one, moving its far end, changing its port.
    ['b.segplan', 'allow bvbr -> brepo tcp 6160, 6162', 'allow bvbr -> brepo tcp 6160, 6162\nrequire bvbr -> aproxy tcp 9443 "b reaches a"'],
    ['a.segplan', 'aproxy : veeam.Proxy in amgmt at 10.1.0.30 os linux on vsphere', 'aproxy : veeam.Proxy in aprod at 10.1.0.30 os linux on vsphere'],
    ['b.segplan', 'require bvbr -> aproxy tcp 9443 "b reaches a"', 'require bvbr -> aproxy tcp 9444 "b reaches a"'],
    // A name clash across files: the component of the file imported first wins, and loses again when it goes.
    ['a.segplan', 'zone aprod 10.1.1.0/24', 'zone aprod 10.1.1.0/24\nbvbr : veeam.Proxy in amgmt at 10.1.0.77'],
    ['b.segplan', 'besx2 : vmware.EsxiHost in bprod at 10.2.1.21', 'besx2 : vmware.EsxiHost in bprod at 10.2.1.21 "second host"'],
    ['a.segplan', '\nbvbr : veeam.Proxy in amgmt at 10.1.0.77', ''],
    // A zone named like a component of another file: the component is left out, and comes back.
    ['a.segplan', 'zone aprod 10.1.1.0/24', 'zone aprod 10.1.1.0/24\nzone besx 10.1.7.0/24'],
    ['a.segplan', '\nzone besx 10.1.7.0/24', ''],
    // Relations: a second candidate makes a proxy's manager undecided; lines inserted above move
    // the finding with its component; a relation named, then one that cannot be, then moved too.
    ['a.segplan', 'avbr : veeam.BackupServer in amgmt at 10.1.0.10', 'avbr : veeam.BackupServer in amgmt at 10.1.0.10\navbr2 : veeam.BackupServer in amgmt at 10.1.0.11'],
    ['a.segplan', 'zone amgmt 10.1.0.0/24', '// moved\nzone amgmt 10.1.0.0/24'],
    ['a.segplan', 'os linux on vsphere "described"', 'os linux on vsphere "described again"'],
    ['a.segplan', 'os linux on vsphere "described again"', 'os linux on vsphere managed by avbr2 "described again"'],
    ['a.segplan', 'managed by avbr2', 'managed by besx'],
    ['a.segplan', '// moved\n', '// moved\n// twice\n'],
    ['a.segplan', 'managed by besx "described again"', 'managed by besx "described a third time"'],
    ['a.segplan', ' managed by besx', '']
];

function uriOf(name: string): URI {
    return URI.parse(`${FOLDER}/${name}`);
}

/** An analysis as text: every flow with its status and rules, every finding with its place. */
function summary(analysis: PlanAnalysis): string[] {
    const where = (node: { $cstNode?: { range: { start: { line: number; character: number } } } }) =>
        `${AstUtils.getDocument(node as never).uri.path}:${node.$cstNode?.range.start.line}:${node.$cstNode?.range.start.character}`;
    return [
        ...analysis.flows.map(f => `flow ${f.flow.id} ${f.flow.source.name}->${f.flow.destination.name} ${f.flow.protocols.join('/')} ${f.flow.portText} ${f.status} [${f.rules.map(r => where(r.node)).join(' ')}]`),
        ...[...analysis.ruleUsage].map(([rule, u]) => `usage ${where(rule.node)} ${JSON.stringify(u)}`),
        ...analysis.findings.map(f => `finding ${f.code} ${where(f.node)} ${f.property ?? ''} ${f.index ?? ''} ${f.message}`)
    ];
}

/** The plan's components as the model has them, in order. */
function components(analysis: PlanAnalysis): string[] {
    return [...analysis.plan.facts.instances.values()].map(i => `${i.name} ${i.typeId} ${i.zone.name}@${i.zone.site} ${i.addresses.format()} ${i.os ?? ''} ${i.platform ?? ''} ${i.nat}`);
}

async function edit(services: SegplanServices, name: string, text: string, version: number): Promise<void> {
    services.shared.workspace.TextDocuments.set(TextDocument.create(uriOf(name).toString(), 'segplan', version, text));
    await services.shared.workspace.DocumentBuilder.update([uriOf(name)], []);
}

describe('incremental analysis', () => {
    let services: SegplanServices;
    const texts = { ...FILES };
    const document = (name: string): LangiumDocument => services.shared.workspace.LangiumDocuments.getDocument(uriOf(name))!;

    before(async () => {
        services = await createTestServices();
        const shared = services.shared.workspace;
        for (const [name, text] of Object.entries(FILES)) {
            shared.TextDocuments.set(TextDocument.create(uriOf(name).toString(), 'segplan', 0, text));
            shared.LangiumDocuments.addDocument(shared.LangiumDocumentFactory.fromString(text, uriOf(name)));
        }
        await shared.DocumentBuilder.build(Object.keys(FILES).map(document), { validation: true });
    });

    it('gives after every edit the analysis a from-scratch run gives', async () => {
        const analyzer = services.analysis.PlanAnalyzer;
        let version = 1;
        let previous = analyzer.analysis(document('plan.segplan'));
        for (const [name, before, after] of EDITS) {
            assert.ok(texts[name].includes(before), `edit ${version}: ${before}`);
            texts[name] = texts[name].replace(before, after);
            await edit(services, name, texts[name], version++);
            const incremental = analyzer.analysis(document('plan.segplan'));
            const documents = importClosure(document('plan.segplan'), services.shared.workspace.LangiumDocuments);
            // A fresh catalog and plan model: nothing shared with the incremental run.
            const fromScratch = analyzePlan(buildPlan(documents), buildCatalog(services.shared.workspace.LangiumDocuments.all), services.analysis.VendorChecks);
            assert.ok(fromScratch.flows.length > 0);
            assert.deepEqual(summary(incremental), summary(fromScratch), `after edit ${version - 1} (${name}: ${after})`);
            assert.deepEqual(components(incremental), components(fromScratch), `components after edit ${version - 1} (${name}: ${after})`);
            if (version === 2) {
                // A description changes no flow: the work of every site is kept, not redone.
                const kept = new Set(previous.flows);
                assert.ok(incremental.flows.every(f => kept.has(f)), 'the flows of the first analysis are reused');
            }
            previous = incremental;
        }
    });

    it('does not go through the components of the files an edit did not touch', async () => {
        const fresh = await createTestServices();
        const shared = fresh.shared.workspace;
        for (const [name, text] of Object.entries(FILES)) {
            shared.TextDocuments.set(TextDocument.create(uriOf(name).toString(), 'segplan', 0, text));
            shared.LangiumDocuments.addDocument(shared.LangiumDocumentFactory.fromString(text, uriOf(name)));
        }
        await shared.DocumentBuilder.build(Object.keys(FILES).map(n => shared.LangiumDocuments.getDocument(uriOf(n))!), { validation: true });
        // Every read of where a component of b.segplan is placed is counted from here on.
        let reads = 0;
        const b = shared.LangiumDocuments.getDocument(uriOf('b.segplan'))!.parseResult.value as unknown as { elements: { $type: string; zone?: unknown }[] };
        for (const component of b.elements.filter(e => e.$type === 'Instance')) {
            const zone = component.zone;
            Object.defineProperty(component, 'zone', { get: () => { reads++; return zone; }, enumerable: true, configurable: true });
        }
        const analyzer = fresh.analysis.PlanAnalyzer;
        const plan = () => analyzer.analysis(shared.LangiumDocuments.getDocument(uriOf('plan.segplan'))!);
        const before = plan();
        await edit(fresh, 'a.segplan', FILES['a.segplan'].replace('os linux on vsphere', 'os linux on vsphere "described"'), 1);
        const after = plan();
        assert.notEqual(after, before, 'the plan was analysed again');
        assert.equal(reads, 0, 'no component of b.segplan was looked at again');
        assert.ok(['bvbr', 'bvc', 'besx', 'brepo'].every(name => after.plan.facts.instances.get(name) === before.plan.facts.instances.get(name)), "b.segplan's components are the same objects");
    });

    it('does not go through the components of a large file that an edit in it did not touch', async () => {
        const text = generateBenchPlan(2_000).text;
        const ws = await openWorkspace(await createTestServices(), { 'plan.segplan': text });
        const analyzer = ws.services.analysis.PlanAnalyzer;
        const plan = () => analyzer.analysis(ws.services.shared.workspace.LangiumDocuments.getDocument(fileUri(ws, 'plan.segplan'))!);
        const before = plan();
        // Every read of where a component is placed is counted from here on.
        let reads = 0;
        const root = ws.services.shared.workspace.LangiumDocuments.getDocument(fileUri(ws, 'plan.segplan'))!.parseResult.value as unknown as { elements: { $type: string; zone?: unknown }[] };
        for (const component of root.elements.filter(e => e.$type === 'Instance')) {
            const zone = component.zone;
            Object.defineProperty(component, 'zone', { get: () => { reads++; return zone; }, enumerable: true, configurable: true });
        }
        const lines = text.split('\n');
        const at = lines.findIndex((l, i) => i > lines.length / 2 && / : /.test(l));
        lines[at] += ' "described"';
        await apply(ws, { 'plan.segplan': lines.join('\n') });
        const after = plan();
        assert.notEqual(after, before, 'the plan was analysed again');
        assert.equal(after.plan.facts.instances.size, before.plan.facts.instances.size);
        // The edited statement and the two on either side of it are parsed again (new nodes); the others are kept.
        assert.ok(reads < 10, `${reads} components looked at again`);
    });

    it('re-validates an untouched file whose findings an edit in another file changes', async () => {
        const fresh = await createTestServices();
        const shared = fresh.shared.workspace;
        const files: Record<string, string> = {
            'plan.segplan': 'plan "p"\nimport "a.segplan"\nimport "b.segplan"\n',
            'a.segplan': 'zone mgmt 10.0.0.0/24\nvbr : veeam.BackupServer in mgmt at 10.0.0.1\n',
            'b.segplan': 'zone prod 10.1.0.0/24\nvc : vmware.VCenter in prod at 10.1.0.1\n'
        };
        for (const [name, text] of Object.entries(files)) {
            shared.TextDocuments.set(TextDocument.create(uriOf(name).toString(), 'segplan', 0, text));
            shared.LangiumDocuments.addDocument(shared.LangiumDocumentFactory.fromString(text, uriOf(name)));
        }
        await shared.DocumentBuilder.build(Object.keys(files).map(n => shared.LangiumDocuments.getDocument(uriOf(n))!), { validation: true });
        const missing = () => (shared.LangiumDocuments.getDocument(uriOf('a.segplan'))!.diagnostics ?? [])
            .filter(d => (d.data as { code?: string } | undefined)?.code === 'missing-flow' && /vbr → vc tcp 443/.test(String(d.message)));
        assert.equal(missing().length, 1, 'the missing flow is reported at vbr, in a.segplan');
        // The rule goes into b.segplan; a.segplan does not change, but its finding goes away...
        await editIn(fresh, 'b.segplan', `${files['b.segplan']}allow mgmt -> vc tcp 443\n`, 1);
        assert.equal(missing().length, 0);
        // ...and comes back when the rule is removed again.
        await editIn(fresh, 'b.segplan', files['b.segplan'], 2);
        assert.equal(missing().length, 1);
    });
});

async function editIn(services: SegplanServices, name: string, text: string, version: number): Promise<void> {
    await edit(services, name, text, version);
}
