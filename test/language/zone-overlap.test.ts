import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { AddressSet, parseAddress, type AddressBlock } from '../../language/network/addresses.js';
import { buildDocuments, createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';

// The overlap check sweeps sorted intervals instead of comparing every zone with every other; its
// warnings must be exactly those of the pairwise definition, in the same order.
const address = fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 22, max: 26 })).map(([n, prefix]) => `10.0.${n * 4}.0/${prefix}`),
    fc.tuple(fc.integer({ min: 0, max: 40 }), fc.integer({ min: 0, max: 40 })).map(([a, b]) => `10.0.${Math.min(a, b)}.1-10.0.${Math.max(a, b)}.9`),
    fc.integer({ min: 0, max: 7 }).map(n => `fd00:${n}::/48`),
    fc.constantFrom('repo.example.com', 'vbr.example.com', 'nas.example.com')
);
const zoneList = fc.array(fc.array(address, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 9 });

function blocks(addresses: readonly string[]): AddressBlock[] {
    return addresses.map(a => (parseAddress(a) as { block: AddressBlock }).block);
}

/** The definition: every zone of the file against every zone (this file's, then imported ones), pair by pair. */
function expectedWarnings(own: string[][], imported: string[][]): string[] {
    const all = [...own.map((a, i) => ({ name: `z${i}`, set: AddressSet.of(blocks(a)), own: true, line: i + 3 })),
        ...imported.map((a, i) => ({ name: `imp${i}`, set: AddressSet.of(blocks(a)), own: false, line: 0 }))];
    const warnings: string[] = [];
    for (let i = 0; i < all.length; i++) {
        if (!all[i].own) continue;
        for (let j = 0; j < all.length; j++) {
            if (i === j || (all[j].own && j > i)) continue;
            const shared = all[i].set.intersect(all[j].set);
            if (!shared.isEmpty) warnings.push(`${all[i].line}: Zone ${all[i].name} overlaps zone ${all[j].name} in ${shared.format()}: an address there would belong to both zones.`);
        }
    }
    return warnings;
}

describe('zone overlap check', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('reports exactly the overlapping pairs of the pairwise definition, in order', async () => {
        await fc.assert(fc.asyncProperty(zoneList, zoneList, async (own, imported) => {
            const plan = ['plan "overlaps"', 'import "shared.segplan"', ...own.map((a, i) => `zone z${i} ${a.join(', ')}`)].join('\n') + '\n';
            const shared = imported.map((a, i) => `zone imp${i} ${a.join(', ')}`).join('\n') + '\n';
            const [document] = await buildDocuments(services, { 'plan.segplan': plan, 'shared.segplan': shared });
            const actual = (document.diagnostics ?? []).filter(d => d.code === 'overlapping-zones')
                .map(d => `${d.range.start.line + 1}: ${d.message}`);
            assert.deepEqual(actual, expectedWarnings(own, imported));
        }), { seed: 1108, numRuns: 60 });
    });

    it('warns about one shared host name once per pair', async () => {
        const [document] = await buildDocuments(services, { 'plan.segplan': 'plan "p"\nzone a repo.example.com\nzone b repo.example.com\nzone c repo.example.com\n' });
        const lines = (document.diagnostics ?? []).filter(d => d.code === 'overlapping-zones').map(d => d.range.start.line + 1);
        assert.deepEqual(lines, [3, 4, 4]);
    });
});
