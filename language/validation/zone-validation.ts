import type { LangiumDocument, LangiumDocuments, ValidationAcceptor } from 'langium';
import { isZone, type SegplanDocument, type Zone } from '../generated/ast.js';
import { AddressSet } from '../model/addresses.js';
import { parsedBlocks } from '../plan/plan-model.js';
import { importClosure } from '../workspace/plan-imports.js';

export const OVERLAPPING_ZONES = 'overlapping-zones';

/** Zones of a plan (this file and its imports) must not share addresses: a flow would belong to both. */
export function checkOverlappingZones(document: LangiumDocument, documents: LangiumDocuments, accept: ValidationAcceptor): void {
    const zonesOf = (doc: LangiumDocument) => ((doc.parseResult.value as SegplanDocument).elements ?? []).filter(isZone);
    const own = zonesOf(document);
    if (own.length === 0) return;
    const all: { zone: Zone; networks: AddressSet; own: boolean }[] = [];
    for (const doc of importClosure(document, documents)) {
        for (const zone of zonesOf(doc)) {
            if (!zone.internet) all.push({ zone, networks: AddressSet.of(parsedBlocks(zone.addresses)), own: doc === document });
        }
    }
    // Sweep over the zones' address runs in order: only runs that overlap are compared, so 50,000
    // zones cost a sort, not 2.5 billion comparisons.
    for (const [i, j] of overlappingPairs(all.map(z => z.networks))) {
        // Reported once, on a zone of this file: the later one when both are.
        const [at, other] = all[j].own ? [j, i] : all[i].own ? [i, j] : [-1, -1];
        if (at < 0) continue;
        const shared = all[at].networks.intersect(all[other].networks);
        if (shared.isEmpty) continue;
        accept('warning', `Zone ${all[at].zone.name} overlaps zone ${all[other].zone.name} in ${shared.format()}: an address there would belong to both zones.`,
            { node: all[at].zone, property: 'addresses', code: OVERLAPPING_ZONES, data: { code: OVERLAPPING_ZONES } });
    }
}

/** Pairs `[i, j]` (i < j) of sets that share addresses, in order. */
export function overlappingPairs(sets: readonly AddressSet[]): [number, number][] {
    const pairs = new Set<string>();
    for (const family of ['v4', 'v6'] as const) {
        const runs = sets.flatMap((set, index) => set[family].map(r => ({ from: r.from, to: r.to, index })))
            .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
        let active: typeof runs = [];
        for (const run of runs) {
            active = active.filter(a => a.to >= run.from);
            for (const a of active) if (a.index !== run.index) pairs.add(a.index < run.index ? `${a.index},${run.index}` : `${run.index},${a.index}`);
            active.push(run);
        }
    }
    return [...pairs].map(p => p.split(',').map(Number) as [number, number]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}
