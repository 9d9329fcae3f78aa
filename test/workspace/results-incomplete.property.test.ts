import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { DefaultDocumentBuilder, type BuildOptions, type LangiumDocument } from 'langium';
import { buildDocuments, createTestServices } from '../helpers/services.js';

/**
 * Whether a document's last build left out a validation category the next build asks for: the
 * builder answers without the sets and stream Langium made for every document at every edit. On
 * every combination of last build (none, cancelled, completed with or without a record of the
 * categories that ran, any subset of them) and request (everything, nothing, any subset,
 * categories nobody registered) — fast-check, seed 5 — the answer must be Langium's.
 */

const CATEGORIES = ['built-in', 'fast', 'slow', 'custom'];
const categories = fc.subarray(CATEGORIES);
const lastBuild = fc.option(fc.record({ completed: fc.boolean(), checks: fc.option(categories, { nil: undefined }) }), { nil: undefined });
const request = fc.oneof(
    fc.constant(undefined),
    fc.record({ validation: fc.constantFrom(true, false, undefined) }),
    fc.record({ validation: fc.record({ categories: fc.option(categories, { nil: undefined }) }) })
);

type Builder = DefaultDocumentBuilder & {
    buildState: Map<string, unknown>;
    resultsAreIncomplete(document: LangiumDocument, options?: BuildOptions): boolean;
};

describe('a last build that left out requested validation (property)', function () {
    it('is found exactly when Langium finds it', async function () {
        const services = await createTestServices();
        const [document] = await buildDocuments(services, { 'plan.segplan': 'plan "p"\nzone a 10.0.0.0/24\n' });
        const builder = services.shared.workspace.DocumentBuilder as unknown as Builder;
        const langium = (DefaultDocumentBuilder.prototype as unknown as Builder).resultsAreIncomplete;
        const key = document.uri.toString();
        let incomplete = 0, complete = 0;
        fc.assert(fc.property(lastBuild, request, (last, options) => {
            if (last) builder.buildState.set(key, { completed: last.completed, result: last.checks ? { validationChecks: last.checks } : undefined });
            else builder.buildState.delete(key);
            const expected = langium.call(builder, document, options as BuildOptions);
            assert.equal(builder.resultsAreIncomplete(document, options as BuildOptions), expected, JSON.stringify({ last, options }));
            if (expected) incomplete++; else complete++;
        }), { seed: 5, numRuns: 2000 });
        assert.ok(incomplete > 200 && complete > 200, `${incomplete} incomplete, ${complete} complete`);
    });
});
