import * as assert from 'node:assert/strict';
import { URI } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { codeOf } from './lsp-test-kit.js';

const SITE = 'zone mgmt 10.0.0.0/24\nzone prod 10.1.0.0/24\nvbr : veeam.BackupServer in mgmt at 10.0.0.1\nvc : vmware.VCenter in prod at 10.1.0.1\n';

describe('diagnostics across files', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('re-checks a plan when a file it imports changes, even when the plan names nothing in it', async () => {
        const shared = services.shared.workspace;
        const folder = 'file:///cross-file';
        const siteUri = URI.parse(`${folder}/site.segplan`);
        const planUri = URI.parse(`${folder}/plan.segplan`);
        const texts: Record<string, string> = { [siteUri.toString()]: SITE, [planUri.toString()]: 'plan "p"\nimport "site.segplan"\n' };
        for (const [uri, text] of Object.entries(texts)) {
            shared.TextDocuments.set(TextDocument.create(uri, 'segplan', 1, text));
            shared.LangiumDocuments.addDocument(shared.LangiumDocumentFactory.fromString(text, URI.parse(uri)));
        }
        await shared.DocumentBuilder.build(shared.LangiumDocuments.all.filter(d => d.uri.toString().startsWith(folder)).toArray(), { validation: true });
        const missing = () => (shared.LangiumDocuments.getDocument(siteUri)!.diagnostics ?? []).filter(d => codeOf(d) === 'missing-flow');
        assert.equal(missing().length, 1, 'vbr → vc tcp 443 is reported at vbr, in the site file');
        // The rule goes into the imported file; the plan's own text does not change.
        shared.TextDocuments.set(TextDocument.create(siteUri.toString(), 'segplan', 2, `${SITE}allow vbr -> vc tcp 443\n`));
        await shared.DocumentBuilder.update([siteUri], []);
        assert.equal(missing().length, 0);
    });
});
