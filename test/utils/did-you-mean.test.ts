import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { didYouMean, editDistanceWithin } from '../../language/utils/did-you-mean.js';

/** The textbook edit distance over the whole table: the definition the banded one must agree with. */
function editDistance(a: string, b: string): number {
    const table = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => i === 0 ? j : j === 0 ? i : 0));
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            table[i][j] = Math.min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        }
    }
    return table[a.length][b.length];
}

describe('did you mean', () => {
    it('computes the edit distance within a limit exactly, and Infinity beyond it', () => {
        const word = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'd'), maxLength: 14 });
        fc.assert(fc.property(word, word, fc.integer({ min: 0, max: 9 }), (a, b, limit) => {
            const exact = editDistance(a, b);
            assert.equal(editDistanceWithin(a, b, limit), exact <= limit ? exact : Infinity);
        }), { seed: 1110, numRuns: 2000 });
    });

    it('suggests the close names and nothing for a name far from every candidate', () => {
        const types = [{ name: 'veeam.BackupServer', aliases: ['VBR'] }, { name: 'veeam.Proxy' }, { name: 'veeam.Repository' }];
        assert.deepEqual(didYouMean('veeam.BackupSrever', types), ['veeam.BackupServer']);
        assert.deepEqual(didYouMean('vbr', types), ['veeam.BackupServer']);
        assert.deepEqual(didYouMean('x'.repeat(20_000), types), []);
        // A long name with a few typos still finds its candidate; a third of it mistyped does not.
        const long = { name: `zone${'segment'.repeat(25)}` };
        assert.deepEqual(didYouMean(`zone${'segment'.repeat(24)}segmnet`, [long, ...types]), [long.name]);
        assert.deepEqual(didYouMean(`zone${'segment'.repeat(20)}${'x'.repeat(35)}`, [long]), []);
    });
});

describe('did-you-mean offers only what the user could have meant', () => {
    it('does not shorten a more specific name to a type it contains', () => {
        assert.deepEqual(didYouMean('veeam.FileProxy', [{ name: 'veeam.Proxy', aliases: ['proxy'] }]), []);
        assert.deepEqual(didYouMean('veeam.Backup', [{ name: 'veeam.BackupServer' }]), ['veeam.BackupServer']);
    });
});
