import * as assert from 'node:assert/strict';
import { URI } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { codeOf } from './lsp-test-kit.js';

const SITE = 'zone mgmt 10.0.0.0/24\nzone prod 10.1.0.0/24\nvbr : veeam.BackupServer in mgmt at 10.0.0.1\nvc : vmware.VCenter in prod at 10.1.0.1\n';

/** Opens `site.segplan` (SITE) and a plan importing it in a fresh folder, as an editor would, and builds both. */
async function openSiteAndPlan(services: SegplanServices, folder: string, planText: string): Promise<{ siteUri: URI; planUri: URI }> {
    const shared = services.shared.workspace;
    const siteUri = URI.parse(`${folder}/site.segplan`);
    const planUri = URI.parse(`${folder}/plan.segplan`);
    for (const [uri, text] of [[siteUri, SITE], [planUri, planText]] as const) {
        shared.TextDocuments.set(TextDocument.create(uri.toString(), 'segplan', 1, text));
        shared.LangiumDocuments.addDocument(shared.LangiumDocumentFactory.fromString(text, uri));
    }
    await shared.DocumentBuilder.build([siteUri, planUri].map(u => shared.LangiumDocuments.getDocument(u)!), { validation: true });
    return { siteUri, planUri };
}

describe('diagnostics across files', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('re-checks a plan when a file it imports changes, even when the plan names nothing in it', async () => {
        const shared = services.shared.workspace;
        const { siteUri } = await openSiteAndPlan(services, 'file:///cross-file', 'plan "p"\nimport "site.segplan"\n');
        const missing = () => (shared.LangiumDocuments.getDocument(siteUri)!.diagnostics ?? []).filter(d => codeOf(d) === 'missing-flow');
        assert.equal(missing().length, 1, 'vbr → vc tcp 443 is reported at vbr, in the site file');
        // The rule goes into the imported file; the plan's own text does not change.
        shared.TextDocuments.set(TextDocument.create(siteUri.toString(), 'segplan', 2, `${SITE}allow vbr -> vc tcp 443\n`));
        await shared.DocumentBuilder.update([siteUri], []);
        assert.equal(missing().length, 0);
    });
});

describe('names from an imported file that changes or is deleted', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('leaves no definition or hover pointing into it, and the plan says the import is gone', async () => {
        const shared = services.shared.workspace;
        const planText = 'plan "p"\nimport "site.segplan"\nallow vbr -> vc tcp 443\n';
        const { siteUri, planUri } = await openSiteAndPlan(services, 'file:///deleted-import', planText);
        const offset = planText.indexOf('vc tcp') + 1;
        const plan = () => shared.LangiumDocuments.getDocument(planUri)!;
        const position = () => plan().textDocument.positionAt(offset);
        const params = () => ({ textDocument: { uri: planUri.toString() }, position: position() });
        const before = await services.lsp.DefinitionProvider!.getDefinition(plan(), params());
        assert.equal(before?.[0]?.targetUri, siteUri.toString(), 'before the deletion, vc is defined in site.segplan');

        // The file is deleted on disk: the watcher reports it and the editor never had it open.
        shared.TextDocuments.delete(siteUri.toString());
        await shared.DocumentBuilder.update([], [siteUri]);
        assert.equal(shared.LangiumDocuments.hasDocument(siteUri), false);

        const after = await services.lsp.DefinitionProvider!.getDefinition(plan(), params());
        assert.deepEqual((after ?? []).filter(l => l.targetUri === siteUri.toString()), [], 'no definition into the deleted file');
        const hover = await services.lsp.HoverProvider!.getHoverContent(plan(), params());
        assert.ok(!JSON.stringify(hover ?? '').includes('site.segplan:'), `no hover quoting the deleted file: ${JSON.stringify(hover)}`);
        const codes = (plan().diagnostics ?? []).map(codeOf);
        assert.ok(codes.some(c => /import/.test(c)), `the plan reports the missing import: ${codes.join(', ')}`);
    });

    it('resolves a name in the plan once it is added to the imported file, and unresolves it when removed', async () => {
        const shared = services.shared.workspace;
        const { siteUri, planUri } = await openSiteAndPlan(services, 'file:///added-name', 'plan "p"\nimport "site.segplan"\nallow vbr -> vc2 tcp 443\n');
        const unresolved = () => (shared.LangiumDocuments.getDocument(planUri)!.diagnostics ?? []).filter(d => codeOf(d) === 'linking-error' || /resolve|unknown|not found|no .*named/i.test(String(d.message)));
        assert.ok(unresolved().length > 0, 'vc2 does not exist yet');
        shared.TextDocuments.set(TextDocument.create(siteUri.toString(), 'segplan', 2, `${SITE}vc2 : vmware.VCenter in prod at 10.1.0.2\n`));
        await shared.DocumentBuilder.update([siteUri], []);
        assert.deepEqual(unresolved().map(d => d.message), [], 'vc2 now resolves in the plan');
        shared.TextDocuments.set(TextDocument.create(siteUri.toString(), 'segplan', 3, SITE));
        await shared.DocumentBuilder.update([siteUri], []);
        assert.ok(unresolved().length > 0, 'vc2 is gone again');
    });
});
