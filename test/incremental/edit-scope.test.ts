import * as assert from 'node:assert/strict';
import { URI, type LangiumDocument } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';

// Work after an edit is proportional to what the edit can affect (issue 8, item 10): only plans
// that include the edited file are analysed again, and only their files can get new diagnostics.
const FOLDER = 'file:///edit-scope';

function office(i: number, shared: boolean): string {
    return [`plan "office ${i}"`, ...(shared ? ['import "../shared/dc.segplan"'] : []),
        `zone m${i} 10.${i}.0.0/24`, `zone p${i} 10.${i}.1.0/24`,
        `vbr${i} : veeam.BackupServer in m${i} at 10.${i}.0.10`,
        `vc${i} : vmware.VCenter in p${i} at 10.${i}.1.5`,
        `allow vbr${i} -> vc${i} tcp 443`].join('\n') + '\n';
}

async function load(services: SegplanServices, files: Record<string, string>): Promise<void> {
    const workspace = services.shared.workspace;
    const documents: LangiumDocument[] = [];
    for (const [name, text] of Object.entries(files)) {
        const uri = URI.parse(`${FOLDER}/${name}`);
        workspace.TextDocuments.set(TextDocument.create(uri.toString(), 'segplan', 0, text));
        const document = workspace.LangiumDocumentFactory.fromString(text, uri);
        workspace.LangiumDocuments.addDocument(document);
        documents.push(document);
    }
    await workspace.DocumentBuilder.build(documents, { validation: true });
}

async function edit(services: SegplanServices, name: string, text: string, version: number): Promise<void> {
    const uri = `${FOLDER}/${name}`;
    services.shared.workspace.TextDocuments.set(TextDocument.create(uri, 'segplan', version, text));
    await services.shared.workspace.DocumentBuilder.update([URI.parse(uri)], []);
}

/** The plans (file names) analysed from scratch while `action` runs. */
async function analysedDuring(services: SegplanServices, action: () => Promise<void>): Promise<string[]> {
    const analyzer = services.analysis.PlanAnalyzer;
    const analysed: string[] = [];
    const original = analyzer.analysis.bind(analyzer);
    const cached = new Set<unknown>();
    analyzer.analysis = (document: LangiumDocument) => {
        const result = original(document);
        if (!cached.has(result)) {
            cached.add(result);
            analysed.push(document.uri.path.slice(FOLDER.length - 'file://'.length + 1));
        }
        return result;
    };
    try {
        await action();
    } finally {
        analyzer.analysis = original;
    }
    return [...new Set(analysed)].sort();
}

describe('work after an edit', () => {
    it('analyses only the plans that include the edited file', async () => {
        const services = await createTestServices();
        const files: Record<string, string> = { 'shared/dc.segplan': 'zone dc 10.200.0.0/24\n' };
        for (let i = 0; i < 12; i++) files[`office${i}/plan.segplan`] = office(i, i < 3);
        await load(services, files);

        const own = await analysedDuring(services, () => edit(services, 'office7/plan.segplan', office(7, false).replace('tcp 443', 'tcp 443, 80'), 1));
        assert.deepEqual(own, ['office7/plan.segplan']);

        const shared = await analysedDuring(services, () => edit(services, 'shared/dc.segplan', 'zone dc 10.200.0.0/23\n', 1));
        assert.deepEqual(shared, ['office0/plan.segplan', 'office1/plan.segplan', 'office2/plan.segplan']);
    });

    it('still re-checks a file whose findings come from a plan that stopped including it', async () => {
        const services = await createTestServices();
        // site.segplan's proxy needs rules the plan has; once the plan no longer imports the
        // middle file, the site is not part of it and its findings from that plan go.
        const site = 'zone sm 10.9.0.0/24\nzone sp 10.9.1.0/24\nsvbr : veeam.BackupServer in sm at 10.9.0.10\nsvc : vmware.VCenter in sp at 10.9.1.5\n';
        await load(services, {
            'plan.segplan': 'plan "p"\nimport "middle.segplan"\n',
            'middle.segplan': 'import "site.segplan"\n',
            'site.segplan': site
        });
        const siteDocument = () => services.shared.workspace.LangiumDocuments.getDocument(URI.parse(`${FOLDER}/site.segplan`))!;
        const missing = () => (siteDocument().diagnostics ?? []).filter(d => d.code === 'missing-flow').length;
        assert.ok(missing() > 0, 'the site reports the missing vSphere flow of the plan');
        await edit(services, 'middle.segplan', '// no imports any more\n', 1);
        assert.equal(missing(), 0);
    });
});
