import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { AddressSet, bigintCidrs, formatIp, toCidrs, type AddressBlock, type IpInterval } from '../../language/network/addresses.js';

/**
 * IPv4 addresses are formatted and split into prefixes with numbers rather than bigints, and
 * address sets are made with lists of the length they need (a rule set does this for each of a
 * plan's components). Fast-check (seeds 5101-5104): each gives what the bigint arithmetic and
 * the sort-and-merge definition give.
 */

const V4_MAX = (1n << 32n) - 1n;

/** An IPv4 address as it was formatted: a bigint shift and mask per octet. */
function formattedByShifting(value: bigint): string {
    return [24n, 16n, 8n, 0n].map(shift => String((value >> shift) & 255n)).join('.');
}

// Addresses near the edges and round numbers as well as anywhere, so that blocks of every size turn up.
const v4Address = fc.oneof(
    fc.bigInt({ min: 0n, max: V4_MAX }),
    fc.tuple(fc.integer({ min: 0, max: 32 }), fc.bigInt({ min: -3n, max: 3n })).map(([bits, offset]) => {
        const value = (1n << BigInt(bits)) + offset;
        return value < 0n ? 0n : value > V4_MAX ? V4_MAX : value;
    })
);
const v4Interval = fc.tuple(v4Address, fc.oneof(fc.constant(0n), fc.bigInt({ min: 0n, max: 600n }), fc.bigInt({ min: 0n, max: V4_MAX })))
    .map(([from, size]): IpInterval => ({ from, to: from + size > V4_MAX ? V4_MAX : from + size }));
const v6Interval = fc.tuple(fc.bigInt({ min: 0n, max: (1n << 128n) - 1n }), fc.bigInt({ min: 0n, max: 70n }))
    .map(([from, size]): IpInterval => ({ from, to: from + size > (1n << 128n) - 1n ? (1n << 128n) - 1n : from + size }));

/** Sorted and merged as a set keeps runs: the definition a set's lists are held to. */
function merged(intervals: readonly IpInterval[]): IpInterval[] {
    const result: IpInterval[] = [];
    for (const r of [...intervals].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))) {
        const last = result[result.length - 1];
        if (last && r.from <= last.to + 1n) { if (r.to > last.to) result[result.length - 1] = { from: last.from, to: r.to }; } else result.push(r);
    }
    return result;
}

describe('address arithmetic (fast-check: numbers for IPv4 give what bigints give)', () => {
    it('formats an IPv4 address as shifting bigints does (seed 5101)', () => {
        fc.assert(fc.property(v4Address, value => {
            assert.equal(formatIp('ipv4', value), formattedByShifting(value));
        }), { seed: 5101, numRuns: 5000 });
    });

    it('splits an IPv4 run into the prefixes bigint arithmetic gives (seed 5102)', () => {
        fc.assert(fc.property(v4Interval, interval => {
            assert.deepEqual(toCidrs('ipv4', interval), bigintCidrs('ipv4', interval));
        }), { seed: 5102, numRuns: 3000 });
        // The whole space and its edges, which random runs seldom reach.
        for (const [from, to] of [[0n, V4_MAX], [1n, V4_MAX], [0n, V4_MAX - 1n], [V4_MAX, V4_MAX], [0n, 0n], [1n << 31n, V4_MAX]]) {
            assert.deepEqual(toCidrs('ipv4', { from, to }), bigintCidrs('ipv4', { from, to }), `${from}-${to}`);
        }
    });

    it('makes a set of any blocks and names as sorting and merging them does, and counts it as adding up its runs (seed 5103)', () => {
        const block = fc.oneof(
            v4Interval.map((interval): AddressBlock => ({ kind: 'ipv4', interval })),
            v6Interval.map((interval): AddressBlock => ({ kind: 'ipv6', interval })),
            fc.constantFrom('a.example', 'b.example').map((name): AddressBlock => ({ kind: 'host', name }))
        );
        const names = fc.array(fc.constantFrom('<vbr>', '<proxy>', 'a.example'), { maxLength: 2 });
        fc.assert(fc.property(fc.array(block, { maxLength: 4 }), fc.option(names, { nil: undefined }), (blocks, extra) => {
            const set = extra === undefined ? AddressSet.of(blocks) : AddressSet.of(blocks, extra);
            const runs = (kind: 'ipv4' | 'ipv6') => merged(blocks.flatMap(b => (b.kind === kind ? [b.interval] : [])));
            assert.deepEqual(set.v4, runs('ipv4'));
            assert.deepEqual(set.v6, runs('ipv6'));
            assert.deepEqual([...set.names], [...new Set([...(extra ?? []), ...blocks.flatMap(b => (b.kind === 'host' ? [b.name] : []))])]);
            const count = [...set.v4, ...set.v6].reduce((n, r) => n + r.to - r.from + 1n, 0n) + BigInt(set.names.size);
            assert.equal(set.size, count);
            // The same set from an iterable that is not a list.
            assert.ok(AddressSet.of(new Set(blocks), extra).equals(set));
        }), { seed: 5103, numRuns: 3000 });
    });
});
