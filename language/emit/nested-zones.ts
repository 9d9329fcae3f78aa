import { AddressSet } from '../network/addresses.js';
import { parsedBlocks, type PlanZone } from '../plan/plan-model.js';
import { DestinationIndex } from './destination-index.js';

/**
 * Zones inside zones (`zone c 10.3.0.0/16`, `zone c5 10.3.5.0/24`): a zone firewall puts each
 * address in the most specific zone that holds it (the interface its route leaves by), so traffic
 * to 10.3.5.9 is traffic to zone c5 there, not to c. A rule that names c, or a component of c or
 * a bare address placed in c whose addresses lie in c5, must then also be written for c5's zone
 * pair, with the addresses that lie in c5: the parts this class finds.
 */

interface Block {
    readonly zone: PlanZone;
    /** Its own zone first among blocks of one size. */
    readonly order: number;
    readonly span: bigint;
    readonly addresses: AddressSet;
}

export class NestedZones {
    private readonly blocks: DestinationIndex<Block>;
    private readonly zones = new Map<string, PlanZone>();
    /** Whether any two zones share an address: otherwise nothing is ever nested. */
    readonly any: boolean;

    constructor(zones: Iterable<PlanZone>) {
        const blocks: Block[] = [];
        let order = 0;
        for (const zone of zones) {
            if (zone.internet) continue;
            this.zones.set(zone.name, zone);
            order++;
            for (const block of parsedBlocks(zone.node.addresses)) {
                if (block.kind === 'host') continue;
                blocks.push({ zone, order, span: block.interval.to - block.interval.from, addresses: AddressSet.of([block]) });
            }
        }
        this.blocks = new DestinationIndex(blocks, b => b.addresses);
        this.any = blocks.some(b => this.blocks.meeting(b.addresses).some(o => o.zone !== b.zone));
    }

    /**
     * The parts of `addresses` (an endpoint's, placed in zone `own`) that a firewall puts in other
     * zones nested in `own`, by zone name; empty when none is. Only addresses inside `own`'s
     * networks count: an address outside them is where the plan says (its finding says more).
     * `rest` is what stays in `own`.
     */
    partsOf(addresses: AddressSet, ownName: string): { parts: Map<string, AddressSet>; rest: AddressSet } {
        const parts = new Map<string, AddressSet>();
        const own = this.zones.get(ownName);
        if (!this.any || !own || addresses.any) return { parts, rest: addresses };
        const inside = addresses.intersect(own.networks);
        const blocks = this.blocks.meeting(inside);
        if (!blocks.some(b => b.zone !== own)) return { parts, rest: addresses };
        // The smallest blocks first (the most specific zone), its own zone first among equals.
        blocks.sort((a, b) => (a.span < b.span ? -1 : a.span > b.span ? 1 : (a.zone === own ? 0 : 1) - (b.zone === own ? 0 : 1) || a.order - b.order));
        let remaining = inside;
        for (const block of blocks) {
            if (remaining.isEmpty) break;
            const part = remaining.intersect(block.addresses);
            if (part.isEmpty) continue;
            remaining = remaining.subtract(part);
            if (block.zone === own) continue;
            const kept = parts.get(block.zone.name);
            parts.set(block.zone.name, kept ? kept.union(part) : part);
        }
        let moved = AddressSet.EMPTY;
        for (const part of parts.values()) moved = moved.union(part);
        return { parts, rest: addresses.subtract(moved) };
    }
}
