import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { URI } from 'langium';
import { isBuiltinUri } from '../../language/workspace/builtin-catalogs.js';
import { buildDocuments, createTestServices, diagnosticSummary } from '../helpers/services.js';
import { PROJECT_ROOT, readText } from '../helpers/fixtures.js';

const EXAMPLES = ['zerto-vsphere-two-site.segplan', 'zerto-azure.segplan', 'zerto-msp-icdr.segplan'];

describe('Zerto examples and the built-in catalogs are clean', () => {
    for (const name of EXAMPLES) {
        it(`examples/${name} has no errors and no warnings, and requires Zerto flows`, async () => {
            const services = await createTestServices();
            const [document] = await buildDocuments(services, { [name]: readText(path.join(PROJECT_ROOT, 'examples', name)) });
            assert.deepEqual(diagnosticSummary(document), []);
            const flows = services.analysis.PlanAnalyzer.analysis(document).flows;
            const covered = flows.filter(f => f.status === 'covered' && f.flow.catalogFlows.some(c => c.vendorId === 'zerto'));
            assert.ok(covered.length >= 10, `only ${covered.length} covered Zerto flows`);
        });
    }

    // The document builder skips builtin: documents, so their text is validated as file: documents.
    it('every builtin: catalog validates without diagnostics', async () => {
        const services = await createTestServices();
        const builtins = services.shared.workspace.LangiumDocuments.all.filter(d => isBuiltinUri(d.uri)).toArray();
        assert.ok(builtins.some(d => d.uri.path.endsWith('/zerto.segplan')), 'the Zerto catalog is built in');
        const copies = Object.fromEntries(builtins.map(d => [`builtin-copy-${URI.parse(d.uri.toString()).path.split('/').pop()}`, d.textDocument.getText()]));
        const documents = await buildDocuments(services, copies);
        const problems = documents.flatMap(d => (d.diagnostics ?? []).map(x => `${d.uri.path.split('/').pop()}:${x.range.start.line + 1}: ${x.message}`));
        assert.deepEqual(problems, []);
    });
});
