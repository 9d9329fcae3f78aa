import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { formatIp, parseAddress } from '../../language/network/addresses.js';
import { buildPlan } from '../../language/plan/plan-model.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { buildPlan as buildPlanDocument, createTestServices } from '../helpers/services.js';

/**
 * A bare address in an allow rule is placed in the zone with the longest prefix that holds it,
 * among the prefixes of the address's own family: a zone's networks of the other family say
 * nothing about it (`zone inner 10.40.8.0/24, fd40:0:8::/64` is inner to `zone core
 * 10.40.0.0/16` for 10.40.8.5). The zone decides the zone pair PAN-OS, FortiGate, Azure and the
 * ASA put the rule in.
 */

async function placedZone(services: SegplanServices, zones: readonly string[], address: string): Promise<string | undefined> {
    const text = ['plan "placement"', ...zones, `allow ${address} -> any tcp 22`].join('\n') + '\n';
    const document = await buildPlanDocument(services, text);
    const rule = buildPlan([document]).policy.rules[0];
    return rule.sources[0]?.zone?.name;
}

describe('a bare address is placed by the longest matching prefix of its family', function () {
    this.timeout(300000);
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('an IPv4 address in a zone that also has IPv6 networks, inside a wider IPv4 zone', async () => {
        const zones = ['zone core 10.40.0.0/16', 'zone inner 10.40.8.0/24, fd40:0:8::/64'];
        assert.equal(await placedZone(services, zones, '10.40.8.5'), 'inner');
        assert.equal(await placedZone(services, [...zones].reverse(), '10.40.8.5'), 'inner');
        assert.equal(await placedZone(services, zones, '10.40.9.5'), 'core');
        assert.equal(await placedZone(services, ['zone core 10.40.0.0/16, fd40::/32', 'zone inner 10.40.8.0/24'], 'fd40:0:8::5'), 'core');
    });

    // Zones of one to three prefixes, each of either family, under 10.40.0.0/16 and fd40::/32.
    const prefix = fc.oneof(
        fc.record({ family: fc.constant('ipv4' as const), length: fc.integer({ min: 16, max: 30 }), bits: fc.bigInt({ min: 0n, max: (1n << 16n) - 1n }) }),
        fc.record({ family: fc.constant('ipv6' as const), length: fc.integer({ min: 32, max: 124 }), bits: fc.bigInt({ min: 0n, max: (1n << 96n) - 1n }) })
    );
    const shape = fc.record({
        zones: fc.array(fc.array(prefix, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 5 }),
        pick: fc.nat(), offset: fc.bigInt({ min: 0n, max: (1n << 96n) - 1n })
    });

    it('for random nested zones of both families (fast-check, seed 3407)', async () => {
        await fc.assert(fc.asyncProperty(shape, async ({ zones, pick, offset }) => {
            const declared = zones.map((prefixes, z) => prefixes.map(p => {
                const width = p.family === 'ipv4' ? 32 : 128;
                const base = p.family === 'ipv4' ? 0x0a280000n : 0xfd400000n << 96n;
                const host = BigInt(width - p.length);
                const free = BigInt(p.length) - (p.family === 'ipv4' ? 16n : 32n);
                const network = base | ((p.bits & ((1n << free) - 1n)) << host);
                return { zone: `z${z}`, family: p.family, from: network, to: network + (1n << host) - 1n, text: `${formatIp(p.family, network)}/${p.length}` };
            }));
            const all = declared.flat();
            const target = all[pick % all.length];
            const value = target.from + offset % (target.to - target.from + 1n);
            const address = formatIp(target.family, value);
            const holding = all.filter(p => p.family === target.family && p.from <= value && value <= p.to);
            const smallest = holding.reduce((a, b) => (b.to - b.from < a.to - a.from ? b : a));
            const expected = new Set(holding.filter(p => p.to - p.from === smallest.to - smallest.from).map(p => p.zone));
            const lines = declared.map((prefixes, z) => `zone z${z} ${prefixes.map(p => p.text).join(', ')}`);
            assert.ok('block' in parseAddress(address));
            const placed = await placedZone(services, lines, address);
            assert.ok(placed !== undefined && expected.has(placed), `${address} placed in ${placed}, expected one of ${[...expected].join(', ')}:\n${lines.join('\n')}`);
        }), { seed: 3407, numRuns: 60 });
    });
});
