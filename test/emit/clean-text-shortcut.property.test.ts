import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { cleanedInFull, cleanText, type CleanOptions } from '../../language/emit/escape.js';

/**
 * cleanText returns text that is already clean without cleaning it (most of a large rule set's
 * text). The shortcut must never let through what cleaning would change: a second space, a space
 * at either end, a tab or newline, a character outside the base set. Fast-check (seed 17) on text
 * made mostly of the characters at that edge, with every target's options.
 */

const OPTIONS: readonly CleanOptions[] = [
    {}, { max: 12 }, { extra: /[';$]/ }, { extra: /[';$]/, max: 200 }, { extra: /[';?$]/ }, { extra: /['$]/ },
    { extra: /[']/ }, { extra: /[';?]/ }, { extra: /[';]/, max: 140 }
];
const EDGE = [' ', ' ', '  ', '\t', '\n', '\r', '\u00a0', 'a', 'Z', '7', '.', '-', '[', ']', '/', '$', '$(', "'", '"', '`', ';', '?', 'é', '→', '…', '☃', '<', '>', '|', '\\'];
const text = fc.array(fc.oneof(fc.constantFrom(...EDGE), fc.string({ maxLength: 3 })), { maxLength: 12 }).map(parts => parts.join(''));

describe('cleanText leaves clean text as it is, and only clean text (fast-check, seed 17)', () => {
    it('gives what full cleaning gives, for every target\'s options', () => {
        fc.assert(fc.property(text, fc.constantFrom(...OPTIONS), (t, options) => {
            let expected = cleanedInFull(t, options);
            if (options.max !== undefined && expected.length > options.max) expected = `${expected.slice(0, Math.max(0, options.max - 3)).trimEnd()}...`;
            assert.equal(cleanText(t, options), expected);
        }), { seed: 17, numRuns: 3000 });
    });

    it('cleans the texts at the edge of the shortcut', () => {
        for (const t of ['a  b', ' a', 'a ', 'a\tb', 'a\nb', 'a\u00a0b', '', ' ', 'r1 zone a to b: x to y tcp 443']) {
            assert.equal(cleanText(t), cleanedInFull(t), JSON.stringify(t));
        }
    });
});
