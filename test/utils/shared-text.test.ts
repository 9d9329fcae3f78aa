import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { commonPrefixLength, commonSuffixLength } from '../../language/utils/shared-text.js';

/** Character by character: the definition the block-wise comparison must agree with. */
function prefixByCharacter(a: string, b: string): number {
    let i = 0;
    while (i < a.length && i < b.length && a[i] === b[i]) i++;
    return i;
}

function suffixByCharacter(a: string, b: string, limit: number): number {
    let i = 0;
    while (i < limit && i < a.length && i < b.length && a[a.length - 1 - i] === b[b.length - 1 - i]) i++;
    return i;
}

describe('shared text of two versions of a file', () => {
    it('finds where an edit starts and ends like a character-by-character comparison, across block borders', () => {
        // Texts of up to three blocks and a half (blocks are 4,096 characters), edited anywhere.
        const text = fc.tuple(fc.string({ minLength: 1, maxLength: 7 }), fc.integer({ min: 0, max: 14_500 }))
            .map(([unit, length]) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length));
        const edit = fc.record({ at: fc.nat(), removed: fc.integer({ min: 0, max: 9_000 }), inserted: fc.string({ maxLength: 5 }) });
        fc.assert(fc.property(text, edit, fc.nat(), (old, { at, removed, inserted }, limitSeed) => {
            const start = at % (old.length + 1);
            const edited = old.slice(0, start) + inserted + old.slice(start + removed);
            const prefix = commonPrefixLength(old, edited);
            assert.equal(prefix, prefixByCharacter(old, edited));
            const limit = limitSeed % (Math.min(old.length, edited.length) + 1);
            assert.equal(commonSuffixLength(old, edited, limit), suffixByCharacter(old, edited, limit));
            assert.equal(commonSuffixLength(old, edited), suffixByCharacter(old, edited, Infinity));
        }), { seed: 4096, numRuns: 1500 });
    });

    it('tells a change in the last character of a block from no change', () => {
        const old = 'a'.repeat(8_192);
        const edited = old.slice(0, 4_095) + 'b' + old.slice(4_096);
        assert.equal(commonPrefixLength(old, edited), 4_095);
        assert.equal(commonSuffixLength(old, edited), 4_096);
        assert.equal(commonPrefixLength(old, old), 8_192);
        assert.equal(commonPrefixLength('', old), 0);
    });
});
