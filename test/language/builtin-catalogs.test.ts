import * as assert from 'node:assert/strict';
import { builtinCatalogs } from '../../language/workspace/builtin-catalogs.js';
import { buildDocuments, createTestServices } from '../helpers/services.js';

describe('built-in catalogs', () => {
    it('are loaded into every workspace as read-only builtin: documents', async () => {
        const services = await createTestServices();
        const loaded = services.shared.workspace.LangiumDocuments.all.filter(d => d.uri.scheme === 'builtin').map(d => d.uri.path).toArray().sort();
        assert.deepEqual(loaded, builtinCatalogs().map(c => c.uri.path).sort());
        assert.ok(loaded.includes('/catalog/veeam.segplan') && loaded.includes('/catalog/infrastructure.segplan'));
    });

    // The editor does not validate builtin: documents, so validate the same text as a user's file.
    for (const catalog of builtinCatalogs()) {
        it(`${catalog.uri.path} has no diagnostics`, async () => {
            const services = await createTestServices();
            const [document] = await buildDocuments(services, { [`copy-of-${catalog.uri.path.split('/').pop()}`]: catalog.text });
            const problems = (document.diagnostics ?? []).map(d => `${d.range.start.line + 1}: ${d.message}`);
            assert.deepEqual(problems, []);
        });
    }

    it('every flow of every catalog cites a source', async () => {
        const catalog = (await createTestServices()).analysis.PlanAnalyzer.catalog();
        const uncited = catalog.flows.filter(f => f.sources.length === 0 || f.sources.some(s => !s.file || !s.section));
        assert.deepEqual(uncited.map(f => `${f.from.typeId} → ${f.to.typeId}`), []);
    });
});
