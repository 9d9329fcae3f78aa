import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
    formatPortRange, formatPorts, isAllPorts, parsePortText, parsePortTextInFull, portRangeOf, portSetOf, unionPorts, type PortRange
} from '../../language/network/ports.js';

// parsePortText reads plain ports and ranges character by character (a 5,000-rule plan reads its
// ports several times per check); every text must get the answer of the reading in full, by
// split, Number and a digit pattern — results and errors alike.
describe('port text (property: the same reading as by splitting)', () => {
    const digits = fc.stringMatching(/^[0-9]{0,7}$/);
    const portLike = fc.oneof(
        digits,
        fc.tuple(digits, digits).map(([a, b]) => `${a}-${b}`),
        digits.map(d => `${d}+`),
        fc.integer({ min: 0, max: 70_000 }).map(String),
        fc.tuple(fc.integer({ min: 0, max: 70_000 }), fc.integer({ min: 0, max: 70_000 })).map(([a, b]) => `${a}-${b}`),
        fc.string({ unit: fc.constantFrom('0', '1', '5', '6', '9', '-', '+', ' ', 'x', '.', '٣'), maxLength: 9 })
    );

    it('gives every text the result and the error it gave before', () => {
        fc.assert(fc.property(portLike, text => {
            assert.deepEqual(parsePortText(text), parsePortTextInFull(text), text);
        }), { seed: 4431, numRuns: 20_000 });
    });

    it('gives the range parsePortText gives, or none where it refuses the text (property, seed 4434)', () => {
        fc.assert(fc.property(portLike, text => {
            const parsed = parsePortText(text);
            assert.deepEqual(portRangeOf(text), 'range' in parsed ? parsed.range : undefined, text);
        }), { seed: 4434, numRuns: 20_000 });
    });

    it('reads the edges of the port range as before', () => {
        for (const text of ['0', '1', '65535', '65536', '99999', '00443', '000443', '1-65535', '0-5', '5-4', '65535+', '-', '', '1-', '-1', '443-443']) {
            assert.deepEqual(parsePortText(text), parsePortTextInFull(text), text);
        }
    });

    /** A port set by definition: the ranges sorted, and each merged into the one before it when they touch or overlap. */
    const merged = (ranges: readonly PortRange[]) => {
        const result: PortRange[] = [];
        for (const r of [...ranges].sort((a, b) => a.from - b.from || a.to - b.to)) {
            const last = result[result.length - 1];
            if (last && r.from <= last.to + 1) { if (r.to > last.to) result[result.length - 1] = { from: last.from, to: r.to }; } else result.push(r);
        }
        return result;
    };

    it('makes a port set of any list of ranges as sorting and merging them does (property, seed 4432)', () => {
        const range = fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 5 })).map(([from, size]) => ({ from, to: from + size }));
        fc.assert(fc.property(fc.array(range, { maxLength: 5 }), ranges => {
            const before = JSON.stringify(ranges);
            assert.deepEqual(portSetOf(ranges), merged(ranges));
            assert.deepEqual(portSetOf(new Set(ranges)), merged(ranges));
            assert.equal(JSON.stringify(ranges), before, 'the list given is left as it is');
        }), { seed: 4432, numRuns: 3000 });
    });

    it('takes a list already in order as it is, and merges one that only nearly is (property, seed 4435)', () => {
        // Sorted lists, some in order and apart (the fast path), some touching or overlapping.
        const range = fc.tuple(fc.integer({ min: 1, max: 60 }), fc.integer({ min: -1, max: 4 })).map(([from, size]) => ({ from, to: from + size }));
        fc.assert(fc.property(fc.array(range, { maxLength: 5 }), ranges => {
            const sorted = [...ranges].sort((a, b) => a.from - b.from || a.to - b.to);
            const set = portSetOf(sorted);
            assert.deepEqual(set, merged(sorted));
            assert.notEqual(set, sorted, 'a list of its own');
        }), { seed: 4435, numRuns: 5000 });
    });

    it('formats one range as the list of all of them does (property, seed 4436)', () => {
        const range = fc.tuple(fc.integer({ min: 1, max: 65535 }), fc.integer({ min: 0, max: 70_000 })).map(([from, size]) => ({ from, to: Math.min(65535, from + size) }));
        fc.assert(fc.property(fc.array(range, { maxLength: 3 }), ranges => {
            const set = portSetOf(ranges);
            assert.equal(formatPorts(set), isAllPorts(set) ? 'all ports' : set.map(formatPortRange).join(', '));
        }), { seed: 4436, numRuns: 3000 });
    });

    it('unites two port sets, or any two lists of ranges, as sorting and merging both does (property, seed 4433)', () => {
        const range = fc.tuple(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 0, max: 5 })).map(([from, size]) => ({ from, to: from + size }));
        const list = fc.array(range, { maxLength: 5 });
        fc.assert(fc.property(list, list, fc.boolean(), (a, b, asSets) => {
            const [x, y] = asSets ? [portSetOf(a), portSetOf(b)] : [a, b];
            assert.deepEqual(unionPorts(x, y), portSetOf([...x, ...y]));
        }), { seed: 4433, numRuns: 5000 });
    });
});
