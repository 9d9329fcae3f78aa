import * as assert from 'node:assert/strict';
import { createTestServices } from '../helpers/services.js';
import { readSeed } from '../helpers/seeds.js';
import type { SegplanServices } from '../../language/segplan-module.js';

// A built-in guardrail says only what its vendor's document says: each citation quotes the
// document's words, and those words are in the seed, under the section the citation names.

const words = (text: string) => text.replace(/\s+/g, ' ').trim();

describe('built-in guardrails', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('exist, and every citation quotes its seed word for word, after the section it names', () => {
        const guardrails = [...services.analysis.PlanAnalyzer.catalog().guardrails.values()];
        assert.ok(guardrails.length >= 2, 'the Veeam guardrails are in the catalog');
        for (const guardrail of guardrails) {
            assert.ok(guardrail.sources.length > 0, guardrail.id);
            for (const citation of guardrail.sources) {
                assert.ok(citation.quote, `${guardrail.id} cites ${citation.section} without a quote`);
                const seed = words(readSeed(citation.file));
                const section = seed.indexOf(words(citation.section));
                assert.ok(section >= 0, `${guardrail.id}: no section "${citation.section}" in ${citation.file}`);
                assert.ok(seed.indexOf(words(citation.quote), section) >= 0, `${guardrail.id}: "${citation.quote}" is not in ${citation.file} after "${citation.section}"`);
            }
        }
    });
});
