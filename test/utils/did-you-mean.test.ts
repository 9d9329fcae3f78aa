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

/**
 * The suggestions by their definition: each word a candidate is known by (its name, the part after
 * its last dot, its aliases) scored by its full edit distance to what was typed and to the part
 * after its last dot, or 1 when it contains that part; within the limit, best first, three.
 */
function suggestionsByDefinition(typed: string, candidates: readonly { name: string; aliases?: readonly string[] }[]): string[] {
    const wanted = typed.toLowerCase();
    const tail = wanted.split('.').pop()!;
    const limit = Math.min(8, Math.max(2, Math.floor(tail.length / 3)));
    const scored = candidates.flatMap(c => {
        const words = [c.name, c.name.split('.').pop()!, ...(c.aliases ?? [])].map(w => w.toLowerCase());
        const score = Math.min(...words.map(w => Math.min(editDistance(wanted, w), editDistance(tail, w), w.includes(tail) ? 1 : Infinity)));
        return score <= limit ? [{ name: c.name, score }] : [];
    });
    return scored.sort((a, b) => a.score - b.score || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).slice(0, 3).map(s => s.name);
}

describe('did you mean, against its definition', () => {
    it('suggests what the definition does, for names with and without dots, aliases and typos (fast-check, seed 2611)', () => {
        const letters = fc.constantFrom('a', 'b', 'B', 'c', '.', 'x');
        const word = fc.string({ unit: letters, maxLength: 10 });
        const candidate = fc.record({ name: fc.string({ unit: letters, minLength: 1, maxLength: 10 }), aliases: fc.option(fc.array(word, { maxLength: 2 }), { nil: undefined }) });
        fc.assert(fc.property(word, fc.uniqueArray(candidate, { selector: c => c.name, maxLength: 12 }), (typed, candidates) => {
            assert.deepEqual(didYouMean(typed, candidates), suggestionsByDefinition(typed, candidates));
        }), { seed: 2611, numRuns: 3000 });
    });
});

describe('did-you-mean offers only what the user could have meant', () => {
    it('does not shorten a more specific name to a type it contains', () => {
        assert.deepEqual(didYouMean('veeam.FileProxy', [{ name: 'veeam.Proxy', aliases: ['proxy'] }]), []);
        assert.deepEqual(didYouMean('veeam.Backup', [{ name: 'veeam.BackupServer' }]), ['veeam.BackupServer']);
    });
});
