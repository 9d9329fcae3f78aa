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
    for (let i = 0; i < all.length; i++) {
        if (!all[i].own) continue;
        for (let j = 0; j < all.length; j++) {
            if (i === j || (all[j].own && j > i)) continue;
            const shared = all[i].networks.intersect(all[j].networks);
            if (!shared.isEmpty) {
                accept('warning', `Zone ${all[i].zone.name} overlaps zone ${all[j].zone.name} in ${shared.format()}: an address there would belong to both zones.`,
                    { node: all[i].zone, property: 'addresses', code: OVERLAPPING_ZONES, data: { code: OVERLAPPING_ZONES } });
            }
        }
    }
}
