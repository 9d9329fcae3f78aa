import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { keptWhole } from '../../language/utils/kept-whole.js';

/** A finding's message is kept in one piece: the same text, whatever it is made of. */
describe('a text kept whole', () => {
    it('is the text itself, built from parts or not, with white space at its ends or inside (fast-check, seed 29)', () => {
        const part = fc.oneof(fc.string(), fc.constantFrom(' ', '\t', '\n', '\u00a0', '\u2028', '\ufeff', 'é', '→', '\ud83d\ude00'));
        fc.assert(fc.property(fc.array(part, { maxLength: 30 }), parts => {
            let built = '';
            for (const p of parts) built = `${built}${p}`;
            assert.equal(keptWhole(built), built);
            assert.equal(keptWhole(parts.join('')), parts.join(''));
        }), { seed: 29, numRuns: 2000 });
    });

    it('keeps a message with white space at an end as it is written', () => {
        for (const text of [' leading', 'trailing\n', '\u00a0both ', '', ' ']) assert.equal(keptWhole(text), text);
    });
});
