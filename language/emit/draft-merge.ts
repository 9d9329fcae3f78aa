import type { GroupFlowResult } from '../analysis/analyze-plan.js';
import { unionPorts, type PortSet } from '../network/ports.js';
import type { PlanRule } from '../plan/plan-model.js';
import type { EmitProtocol, RuleOrigin, RuleSetEndpoint } from './rule-set.js';
import { compareText } from '../utils/compare-text.js';

/**
 * A rule of the rule set before merging and annotating: one allow rule, zone pair and protocol.
 * Its lists may be shared with other drafts (those of one allow rule, the host rules made from a
 * zone rule): nobody changes them, merging adds to copies.
 */
export interface Draft {
    readonly sourceZone: string;
    readonly destinationZone: string;
    readonly sources: RuleSetEndpoint[];
    readonly destinations: RuleSetEndpoint[];
    readonly protocol: EmitProtocol;
    readonly ports: PortSet;
    readonly until?: string;
    readonly descriptions: readonly string[];
    readonly origins: readonly RuleOrigin[];
    readonly rules: readonly PlanRule[];
    readonly sameZone: boolean;
    readonly flows: readonly GroupFlowResult[];
}

/** A draft that merging made its own copy of, and adds to. */
interface MergedDraft extends Draft {
    ports: PortSet;
    readonly descriptions: string[];
    readonly origins: RuleOrigin[];
    readonly rules: PlanRule[];
    readonly flows: GroupFlowResult[];
}

/** One side's endpoint keys: a side of one endpoint (most rules) needs no list and no join. */
function sideKey(endpoints: readonly RuleSetEndpoint[]): string {
    return endpoints.length === 1 ? endpoints[0].key : endpoints.map(e => e.key).join(',');
}

/** Whether two drafts with the same endpoint keys on both sides merge: the same zones, protocol, expiry and same-zone. */
function mergesWith(a: Draft, b: Draft): boolean {
    return a.sourceZone === b.sourceZone && a.destinationZone === b.destinationZone && a.protocol === b.protocol
        && (a.until ?? '') === (b.until ?? '') && a.sameZone === b.sameZone;
}

/** A draft whose lists merging may change, so the drafts it came from (shared with host rules) stay as they are. */
function ownCopy(d: Draft): MergedDraft {
    return { ...d, descriptions: [...d.descriptions], origins: [...d.origins], rules: [...d.rules], flows: [...d.flows] };
}

/**
 * The merged drafts so far, found by their sides (a number for each side's endpoint keys, a
 * number for the pair: no two pairs share one), then compared field by field: the keys are the endpoints' own texts, so
 * no key is written per draft (a text of seven parts for each of 5,000 drafts was most of what
 * merging allocated), and a pair with one draft (nearly all) keeps its position as the number
 * itself: a map per source side and a list per pair would, for thousands of drafts, live
 * through the merge and so through the young generation.
 */
class MergedDrafts {
    /** In the order each merge key first appeared. */
    readonly list: Draft[] = [];

    /** `sides`: more than the number of sides there can be (two per draft). */
    constructor(private readonly sides: number) {}

    /** Each side's endpoint keys → a number of its own, from 0. */
    private readonly sideNumbers = new Map<string, number>();
    /** Pair number → its position in `list`, or positions when drafts of the pair do not merge. */
    private readonly byPair = new Map<number, number | number[]>();

    private sideNumber(endpoints: readonly RuleSetEndpoint[]): number {
        const key = sideKey(endpoints);
        let number = this.sideNumbers.get(key);
        if (number === undefined) {
            number = this.sideNumbers.size;
            // Past it, two pairs could share a number and merge drafts of other endpoints: never.
            if (number >= this.sides) throw new Error(`more than ${this.sides} rule sides to merge`);
            this.sideNumbers.set(key, number);
        }
        return number;
    }

    /** The position of the draft `d` merges into, after adding `d` as a new one when there is none (-1 then). */
    positionOf(d: Draft): number {
        // One number per pair, exact (below the square of the sides, a small integer for all but huge plans).
        const pair = this.sideNumber(d.sources) * this.sides + this.sideNumber(d.destinations);
        const found = this.byPair.get(pair);
        if (found === undefined) this.byPair.set(pair, this.list.length);
        else if (typeof found === 'number') {
            if (mergesWith(this.list[found], d)) return found;
            this.byPair.set(pair, [found, this.list.length]);
        } else {
            for (let i = 0; i < found.length; i++) if (mergesWith(this.list[found[i]], d)) return found[i];
            found.push(this.list.length);
        }
        this.list.push(d);
        return -1;
    }
}

/**
 * Drafts that share zones, endpoint keys, protocol, expiry and same-zone become one, in the order
 * each such key first appears: ports joined, descriptions and origins once each, rules and flows
 * all. A draft is copied only when a second one merges into it — most have no partner, and copying
 * every draft was most of the cost.
 */
export function mergeDrafts(drafts: readonly Draft[]): Draft[] {
    const merged = new MergedDrafts(2 * drafts.length + 1);
    const copies = new Set<Draft>();
    // Indexed: this runs once per plan, unoptimised, where a for-of step allocates.
    for (let i = 0; i < drafts.length; i++) {
        const d = drafts[i], at = merged.positionOf(d);
        if (at < 0) continue;
        let existing: MergedDraft;
        if (copies.has(merged.list[at])) existing = merged.list[at] as MergedDraft;
        else {
            existing = ownCopy(merged.list[at]);
            copies.add(existing);
            merged.list[at] = existing;
        }
        existing.ports = unionPorts(existing.ports, d.ports);
        for (const text of d.descriptions) if (!existing.descriptions.includes(text)) existing.descriptions.push(text);
        for (const o of d.origins) if (!existing.origins.some(x => x.file === o.file && x.line === o.line)) existing.origins.push(o);
        existing.rules.push(...d.rules);
        existing.flows.push(...d.flows);
    }
    return merged.list;
}

/**
 * Drafts grouped by zone pair, source zone first, each zone in plan order (`zones`) and zones the
 * plan does not declare (`any`) after them by name; inside a pair, in the order given. What a
 * stable sort by (source rank, destination rank) gives, without one: two stable counting sorts
 * (by destination, then by source) over numbers, where the sort called its comparison a dozen
 * times per draft in code run for the first time (draft-merge.property.test.ts holds it to the sort).
 */
export function inZonePairOrder(drafts: readonly Draft[], zones: readonly string[]): Draft[] {
    const rank = zoneRanks(drafts, zones);
    const sources = new Int32Array(drafts.length), destinations = new Int32Array(drafts.length), given = new Int32Array(drafts.length);
    for (let i = 0; i < drafts.length; i++) {
        sources[i] = rank.get(drafts[i].sourceZone)!;
        destinations[i] = rank.get(drafts[i].destinationZone)!;
        given[i] = i;
    }
    const order = stableCountingSort(stableCountingSort(given, destinations, rank.size), sources, rank.size);
    const ordered: Draft[] = [];
    for (let i = 0; i < order.length; i++) ordered.push(drafts[order[i]]);
    return ordered;
}

/** Each zone's place: the plan's zones in plan order, then the others the drafts name, by name. */
function zoneRanks(drafts: readonly Draft[], zones: readonly string[]): Map<string, number> {
    const rank = new Map<string, number>();
    for (let i = 0; i < zones.length; i++) rank.set(zones[i], i);
    const others = new Set<string>();
    for (let i = 0; i < drafts.length; i++) {
        if (!rank.has(drafts[i].sourceZone)) others.add(drafts[i].sourceZone);
        if (!rank.has(drafts[i].destinationZone)) others.add(drafts[i].destinationZone);
    }
    for (const name of [...others].sort(compareText)) rank.set(name, rank.size);
    return rank;
}

/** Positions (`order`) sorted by their keys (0 to size - 1), those with equal keys in the order given. */
function stableCountingSort(order: Int32Array, keys: Int32Array, size: number): Int32Array {
    const starts = new Int32Array(size + 1);
    for (let i = 0; i < order.length; i++) starts[keys[order[i]] + 1]++;
    for (let k = 1; k <= size; k++) starts[k] += starts[k - 1];
    const sorted = new Int32Array(order.length);
    for (let i = 0; i < order.length; i++) sorted[starts[keys[order[i]]]++] = order[i];
    return sorted;
}
