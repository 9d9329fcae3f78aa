import { connectionPieces } from '../audit/audit-plan.js';
import type { ConfigLocation, FirewallPolicy } from '../audit/firewall-policy.js';
import { LOOPBACK } from '../audit/importers/importer.js';
import { MatchIndex } from '../audit/match-index.js';
import { partsAlong } from '../audit/traffic-partition.js';
import { boxOf, EVERY_IPV4, EVERY_IPV6, isEmptyBox, splitBox, subtractBoxes, type Transport, type TrafficBox, type TrafficMatch } from '../audit/traffic-space.js';
import { AddressSet } from '../network/addresses.js';
import { formatPorts, isAllPorts, unionPorts, type PortSet } from '../network/ports.js';
import { equalByRules, type AcceptLists } from './equal-by-rules.js';
import type { PlanMatch, UndecidedMatch } from './plan-allowed.js';

/**
 * The proof at one instant: every TCP and UDP connection of the traffic a firewall sees, split
 * by what the configuration does to it (its first packet and its replies, as the audit judges a
 * connection), against what the plan's allow rules in force let through. Exact: both are sets of
 * address and port intervals, compared by subtraction, never by sampling.
 */

export type Family = 'ipv4' | 'ipv6';

/** The traffic a firewall of the target sees, less what it never sees. */
export type Scope =
    /**
     * A router between zones: every connection except those inside one of `zones` (the addresses
     * of each zone, and those outside every zone). The plan's allow rules are owed only between
     * addresses `within` its zones (see zonesScope in verify.ts).
     */
    | { readonly kind: 'zones'; readonly within: AddressSet; readonly zones: readonly AddressSet[] }
    /** A host's own firewall: connections to its addresses from anywhere but itself over loopback. */
    | { readonly kind: 'host'; readonly host: string; readonly sources: AddressSet; readonly destinations: AddressSet };

export interface Difference {
    /** `not-in-plan`: the configuration allows it, no allow rule does; `not-allowed`: an allow rule does, the configuration does not. */
    readonly kind: 'not-in-plan' | 'not-allowed';
    readonly protocol: Transport;
    readonly sources: AddressSet;
    readonly destinations: AddressSet;
    readonly ports: PortSet;
    /** The configuration's rule that accepts (not-in-plan) or drops (not-allowed). */
    readonly config: ConfigLocation;
    /** The plan's rule that allows it (not-allowed only). */
    readonly plan?: PlanMatch;
}

export interface Unevaluable {
    readonly config: ConfigLocation;
    readonly why: string;
}

export interface Comparison {
    readonly differences: readonly Difference[];
    readonly unknown: readonly Unevaluable[];
    /**
     * The work done: the pieces the configuration's verdicts cut the traffic into, and the plan's
     * matches tried against them; or, proven rule by rule (equal-by-rules.ts), the rules checked.
     */
    readonly work?: { readonly pieces: number; readonly tried: number; readonly rules?: number };
}

const FAMILY_SPACE: Record<Family, AddressSet> = { ipv4: EVERY_IPV4, ipv6: EVERY_IPV6 };

/**
 * The traffic of one protocol and family the firewall sees, as boxes. Between zones: the
 * addresses that lie in the same of the scope's `zones` to everything outside those, so that no
 * box holds traffic inside one.
 */
function scopeBoxes(scope: Scope, protocol: Transport, family: Family, spaces: Record<Family, AddressSet>): TrafficBox[] {
    const space = spaces[family];
    if (scope.kind === 'host') return [boxOf(protocol, space.intersect(scope.sources).subtract(LOOPBACK), space.intersect(scope.destinations))];
    const zones = scope.zones.map(z => z.intersect(space));
    const lines = new MatchIndex(zones.map(z => ({ sources: z })));
    return partsAlong('sources', boxOf(protocol, space, space), zones.map((_, i) => i), lines)
        .map(part => ({ ...part.box, destinations: part.items.reduce((rest, i) => rest.subtract(zones[i]), space) }))
        .filter(box => !isEmptyBox(box));
}

/**
 * Matches with an index of them: the few that meet a piece are found without trying the rest.
 * The evaluation cuts the traffic by sources first, so the pieces of one part share their source
 * addresses (the same set): the matches that meet those sources are looked up once for all of
 * them, and each piece is looked up among those by its destinations. Only matches that meet a
 * piece in both addresses are tried against it, however many share its sources (a backup server
 * allowed to a thousand hosts) and however many the rule set holds.
 */
class IndexedMatches<T> {
    private readonly matches: readonly TrafficMatch[];
    /** The matches by their protocols and sources alone: a lookup by a piece's sources finds those that share them. */
    private readonly bySources: MatchIndex;
    /** Per source set and protocol: the matches that meet them (numbers of `items`), indexed by destinations. */
    private readonly near = new Map<AddressSet, Partial<Record<Transport, { readonly items: readonly number[]; readonly byDestinations: MatchIndex }>>>();
    /** Matches tried against a piece, over every lookup: the work the tests count. */
    tried = 0;

    constructor(readonly items: readonly T[], matchOf: (item: T) => TrafficMatch) {
        this.matches = items.map(matchOf);
        this.bySources = new MatchIndex(this.matches.map(m => ({ protocols: m.protocols, sources: m.sources })));
    }

    meeting(box: TrafficBox): T[] {
        if (this.items.length === 0) return [];
        let bySet = this.near.get(box.sources);
        if (!bySet) this.near.set(box.sources, bySet = {});
        let near = bySet[box.protocol];
        if (!near) {
            // These matches leave destinations open: any do.
            const items = this.bySources.meeting({ ...box, destinations: box.sources });
            this.tried += this.bySources.lastTried;
            // Their destinations in the sources' place, where an index looks a box up first; the sources met already.
            const byDestinations = new MatchIndex(items.map(i => {
                const m = this.matches[i];
                return { protocols: m.protocols, sources: m.destinations, sourcePorts: m.sourcePorts, destinationPorts: m.destinationPorts };
            }));
            near = bySet[box.protocol] = { items, byDestinations };
        }
        const found = near.byDestinations.meeting({ ...box, sources: box.destinations });
        this.tried += near.byDestinations.lastTried;
        return found.map(i => this.items[near.items[i]]);
    }
}

/** Differences of one kind, rule and configuration line, gathered into one (their boxes' union). */
class Gathered {
    private readonly entries = new Map<string, { kind: Difference['kind']; protocol: Transport; config: ConfigLocation; plan?: PlanMatch; boxes: TrafficBox[] }>();

    add(kind: Difference['kind'], box: TrafficBox, config: ConfigLocation, plan?: PlanMatch): void {
        const key = `${kind}|${box.protocol}|${config.file}:${config.line}:${config.text}|${plan?.name ?? ''}`;
        let entry = this.entries.get(key);
        if (!entry) this.entries.set(key, entry = { kind, protocol: box.protocol, config, plan, boxes: [] });
        entry.boxes.push(box);
    }

    differences(): Difference[] {
        return [...this.entries.values()].map(e => ({
            kind: e.kind, protocol: e.protocol, config: e.config, plan: e.plan,
            sources: e.boxes.reduce((s, b) => s.union(b.sources), AddressSet.EMPTY),
            destinations: e.boxes.reduce((s, b) => s.union(b.destinations), AddressSet.EMPTY),
            ports: e.boxes.reduce<PortSet>((s, b) => unionPorts(s, b.destinationPorts), [])
        }));
    }
}

/**
 * Compares at one instant: `policies` imported for that instant, `plan` the matches in force then,
 * `denied` what the plan's denies forbid (not let through, whatever an allow rule says). Only the
 * `families` given are compared (a file of one family says nothing of the other).
 */
export function compareAt(
    policies: readonly FirewallPolicy[], plan: readonly PlanMatch[], scope: Scope, families: readonly Family[], denied: readonly TrafficMatch[] = [],
    undecided: readonly UndecidedMatch[] = [],
    /** Every address of each family (host-name-space.ts gives them flags). */
    spaces: Record<Family, AddressSet> = FAMILY_SPACE,
    how: {
        /** Piece by piece even where a proof rule by rule could show the two equal (the reference the tests compare with). */
        readonly byPieces?: boolean;
        /** The configurations' accept lists, kept for the next comparison of the same configurations (the next host's). */
        readonly acceptLists?: AcceptLists;
    } = {}
): Comparison {
    const seen = new Map<string, TrafficBox[]>();
    const seenBoxes = (family: Family, protocol: Transport): TrafficBox[] => {
        let boxes = seen.get(`${family} ${protocol}`);
        if (!boxes) seen.set(`${family} ${protocol}`, boxes = scopeBoxes(scope, protocol, family, spaces).filter(box => !isEmptyBox(box)));
        return boxes;
    };
    // Equal, shown rule by rule, needs no pieces; anything else is told piece by piece, with the lines that decide.
    const byRules = how.byPieces ? undefined : equalByRules(policies, plan, scope, families, denied, undecided, spaces, seenBoxes, how.acceptLists);
    if (byRules?.equal) return { differences: [], unknown: [], work: { pieces: 0, tried: byRules.work.tried, rules: byRules.work.rules } };
    const gathered = new Gathered();
    const unknown: Unevaluable[] = [];
    const allowed = new IndexedMatches(plan, p => p.match);
    const denies = new IndexedMatches(denied, d => d);
    // The plan's statements not read whole: where they reach, what the plan says is not known.
    const mayForbid = new IndexedMatches(undecided.filter(u => u.kind === 'forbids'), u => u.match);
    const mayAllow = new IndexedMatches(undecided.filter(u => u.kind === 'allows'), u => u.match);
    const open = undecided.length > 0;
    let pieces = 0;
    const cannotTell = (box: TrafficBox, config: ConfigLocation, maybe: IndexedMatches<UndecidedMatch>): TrafficBox[] => {
        // The parts of `box` no statement not read whole reaches; the others are unknown.
        const reached = maybe.meeting(box);
        for (const u of reached) {
            if (splitBox(box, u.match).inside && !unknown.some(x => x.config.line === config.line && x.config.text === config.text && x.why === u.why)) unknown.push({ config, why: u.why });
        }
        return reached.length === 0 ? [box] : subtractBoxes(box, reached.map(u => u.match));
    };
    for (const family of families) {
        for (const protocol of ['tcp', 'udp'] as const) {
            const boxes = seenBoxes(family, protocol);
            if (boxes.length === 0) continue;
            for (const piece of connectionPieces(policies, boxes)) {
                pieces++;
                if (piece.verdict === 'unknown') {
                    if (!unknown.some(u => u.config.line === piece.decidedBy.line && u.config.text === piece.decidedBy.text && u.why === piece.why)) {
                        unknown.push({ config: piece.decidedBy, why: piece.why ?? 'the configuration cannot be evaluated here' });
                    }
                } else if (piece.verdict === 'accept') {
                    // Outside every allow rule, or inside a deny: not what the plan lets through.
                    const allows = allowed.meeting(piece.box).map(m => m.match);
                    for (const beyond of subtractBoxes(piece.box, allows)) {
                        // Unless an allow rule not read whole may allow it.
                        for (const sure of open ? cannotTell(beyond, piece.decidedBy, mayAllow) : [beyond]) gathered.add('not-in-plan', sure, piece.decidedBy);
                    }
                    for (const d of denies.meeting(piece.box)) {
                        const inside = splitBox(piece.box, d).inside;
                        if (!inside) continue;
                        for (const m of allows) {
                            const opened = splitBox(inside, m).inside;
                            if (opened) gathered.add('not-in-plan', opened, piece.decidedBy);
                        }
                    }
                    // What an allow rule lets through where a deny not read whole reaches: it may be forbidden.
                    if (open) for (const m of allows) { const opened = splitBox(piece.box, m).inside; if (opened) cannotTell(opened, piece.decidedBy, mayForbid); }
                } else {
                    // Refused where a deny forbids it is what the plan says; outside the zones nothing is owed (Scope).
                    const owed = scope.kind === 'zones' ? splitBox(piece.box, { sources: scope.within, destinations: scope.within }).inside : piece.box;
                    for (const rest of owed ? subtractBoxes(owed, denies.meeting(owed)) : []) {
                        const allows = allowed.meeting(rest);
                        for (const m of allows) {
                            const refused = splitBox(rest, m.match).inside;
                            if (!refused) continue;
                            // Where a deny not read whole reaches, the plan may forbid it.
                            for (const sure of open ? cannotTell(refused, piece.decidedBy, mayForbid) : [refused]) gathered.add('not-allowed', sure, piece.decidedBy, m);
                        }
                        // Beyond every allow rule read whole, an allow rule not read whole may allow it.
                        if (open) for (const beyond of subtractBoxes(rest, allows.map(m => m.match))) cannotTell(beyond, piece.decidedBy, mayAllow);
                    }
                }
            }
        }
    }
    const tried = allowed.tried + denies.tried + mayForbid.tried + mayAllow.tried;
    return { differences: gathered.differences(), unknown, work: { pieces, tried } };
}

export function portsText(ports: PortSet): string {
    return isAllPorts(ports) ? 'all ports' : formatPorts(ports);
}
