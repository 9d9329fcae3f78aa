import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { buildDocuments, createTestServices } from '../helpers/services.js';
import { PROJECT_ROOT, readText, segplanFiles } from '../helpers/fixtures.js';

const EXAMPLES = path.join(PROJECT_ROOT, 'examples');
/** The one example that exists to show mistakes. */
const WITH_MISTAKES = 'veeam-mistakes.segplan';

describe('example workspace', () => {
    const files = segplanFiles(EXAMPLES);

    it('holds the reference design, the mistakes plan and a plan per vendor scenario', () => {
        const names = files.map(f => path.basename(f));
        for (const expected of ['veeam-reference.segplan', WITH_MISTAKES, 'mixed-vendors.segplan']) assert.ok(names.includes(expected), expected);
        assert.ok(names.length >= 10);
    });

    for (const file of files.filter(f => path.basename(f) !== WITH_MISTAKES)) {
        it(`${path.basename(file)} is a clean plan whose cross-zone flows are all covered`, async () => {
            const services = await createTestServices();
            const [document] = await buildDocuments(services, { [path.basename(file)]: readText(file) });
            const problems = (document.diagnostics ?? []).filter(d => d.severity! <= 2).map(d => `${d.range.start.line + 1}: ${d.message}`);
            assert.deepEqual(problems, []);
            const analysis = services.analysis.PlanAnalyzer.analysis(document);
            assert.ok(analysis.flows.length > 0, 'the plan requires no flow at all');
            assert.deepEqual(analysis.flows.filter(f => f.status === 'missing' || f.status === 'partial').map(f => f.flow.purpose), []);
            assert.ok(analysis.flows.some(f => f.status === 'covered'));
        });
    }
});
