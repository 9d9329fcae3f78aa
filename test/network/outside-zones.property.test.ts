import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { AddressSet, EVERY_ADDRESS, type IpInterval } from '../../language/network/addresses.js';
import { formatAddresses, outsideOf } from '../../language/network/outside-zones.js';

/**
 * An internet zone is every address outside the plan's other zones (fast-check, seed 5150): it
 * shares no address with any of them, and with them it is every IPv4 and IPv6 address.
 */

const V4_MAX = (1n << 32n) - 1n, V6_MAX = (1n << 128n) - 1n;
const interval = (max: bigint) => fc.tuple(fc.bigInt({ min: 0n, max }), fc.bigInt({ min: 0n, max: 1n << 20n }))
    .map(([from, size]): IpInterval => ({ from, to: from + size > max ? max : from + size }));
const zone = fc.tuple(fc.array(interval(V4_MAX), { maxLength: 3 }), fc.array(interval(V6_MAX), { maxLength: 2 }))
    .map(([v4, v6]) => AddressSet.of([...v4.map(i => ({ kind: 'ipv4' as const, interval: i })), ...v6.map(i => ({ kind: 'ipv6' as const, interval: i }))]));

describe('the internet zone: every address outside the plan\'s other zones (fast-check, seed 5150)', () => {
    it('shares no address with any zone, and with them all is every address', () => {
        fc.assert(fc.property(fc.array(zone, { maxLength: 6 }), zones => {
            const outside = outsideOf(zones);
            for (const z of zones) assert.ok(!outside.intersects(z), `${outside.format()} meets ${z.format()}`);
            assert.ok(AddressSet.unionOf([outside, ...zones]).equals(EVERY_ADDRESS));
            assert.ok(!outside.any, 'a finite set, never `any`');
        }), { seed: 5150, numRuns: 300 });
    });

    it('is said in words where a set holds all of it', () => {
        const zones = [AddressSet.of([{ kind: 'ipv4', interval: { from: 167772160n, to: 184549375n } }])]; // 10.0.0.0/8
        const outside = outsideOf(zones);
        assert.equal(formatAddresses(outside, outside), 'every address outside the plan\'s zones');
        const more = outside.union(AddressSet.of([{ kind: 'ipv4', interval: { from: 167772161n, to: 167772161n } }]));
        assert.equal(formatAddresses(more, outside), '10.0.0.1 and every address outside the plan\'s zones');
        assert.equal(formatAddresses(zones[0], outside), '10.0.0.0/8');
        assert.equal(formatAddresses(AddressSet.ANY, outside), 'any address');
    });
});
