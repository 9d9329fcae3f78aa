import { acceptedFirstPackets } from '../audit/accept-list.js';
import { laterPacketsPass } from '../audit/audit-plan.js';
import type { FirewallPolicy } from '../audit/firewall-policy.js';
import { MatchIndex } from '../audit/match-index.js';
import { ALL_PORTS, type PortSet } from '../network/ports.js';
import type { AddressSet } from '../network/addresses.js';
import { matchOf, splitBox, subtractBoxes, type Transport, type TrafficBox, type TrafficMatch } from '../audit/traffic-space.js';
import type { Family, Scope } from './compare-at.js';
import type { PlanMatch, UndecidedMatch } from './plan-allowed.js';

/**
 * The proof of a configuration that is a plain list of accept rules (accept-list.ts), rule by rule
 * instead of piece by piece: it allows exactly the plan when each accept rule's connections that
 * the firewall sees are inside the plan's allow rules and no deny of the plan, and each allow
 * rule's connections the plan owes there (less its denies) are inside the accept rules. Both are
 * set inclusions between unions of boxes, decided exactly by subtraction. When either fails, or
 * the configuration or the plan is of any other shape, this proves nothing and the comparison
 * goes piece by piece, which says where the two differ and which line decides.
 */

/** A configuration's accept list (accept-list.ts) as the proof reads it: indexed, each rule's connections written out. */
interface AcceptList {
    readonly accepts: readonly TrafficMatch[];
    /** Made when first looked up: most accept rules are written as allow rules, and need none. */
    index?: MatchIndex;
    readonly keys: readonly string[];
    readonly keySet: ReadonlySet<string>;
}

/**
 * What proofs of the same configurations and plan share: each configuration's accept list, made
 * once (undefined: the configuration is not such a list), and each allow rule's connections
 * written out once. A host target's file is proven host by host, at each instant, against the
 * same rules.
 */
export interface AcceptLists {
    readonly lists: WeakMap<FirewallPolicy, AcceptList | undefined>;
    readonly keys: WeakMap<TrafficMatch, string>;
    /** Each address set written out once, as the number of its text (written): a reader and the plan give one set to every rule that names the same addresses. */
    readonly addresses: WeakMap<AddressSet, number>;
    /** Each port set written out once, as the number of its text (portsKey). */
    readonly ports: WeakMap<PortSet, number>;
    /**
     * A number for each text a set was written out as: equal texts, equal numbers. A key is made
     * of these numbers, so that it is a short text: looking up thousands of keys made of the sets'
     * whole texts spent its time reading those texts.
     */
    readonly written: Map<string, number>;
}

export function acceptLists(): AcceptLists {
    return { lists: new WeakMap(), keys: new WeakMap(), addresses: new WeakMap(), ports: new WeakMap(), written: new Map() };
}

/** The number of a set's text (AcceptLists.written). */
function numberOf(text: string, shared: AcceptLists): number {
    let number = shared.written.get(text);
    if (number === undefined) shared.written.set(text, number = shared.written.size);
    return number;
}

function acceptListOf(policy: FirewallPolicy, shared: AcceptLists): AcceptList | undefined {
    if (shared.lists.has(policy)) return shared.lists.get(policy);
    const accepts = acceptedFirstPackets(policy);
    const keys = accepts?.map(match => connectionsKey(match, shared));
    const list = accepts && keys ? { accepts, keys, keySet: new Set(keys) } : undefined;
    shared.lists.set(policy, list);
    return list;
}

function keyOf(match: TrafficMatch, shared: AcceptLists): string {
    let key = shared.keys.get(match);
    if (key === undefined) shared.keys.set(match, key = connectionsKey(match, shared));
    return key;
}

export interface ProofByRules {
    /** Whether the two are shown to allow the same connections. */
    readonly equal: boolean;
    /** The rules (accept rules and allow rules) checked, and the matches tried against their connections: the work the tests count. */
    readonly work: { readonly rules: number; readonly tried: number };
}

/** Beyond this a number no longer holds every whole value: the proof's host-name flags sit above an IPv4 address's bits. */
const EXACT_AS_NUMBER = 2n ** 53n;

/** A bound in decimal digits, as a number where that is exact: writing out a number is far quicker than a bigint. */
function digits(value: bigint): string {
    return value < EXACT_AS_NUMBER ? String(Number(value)) : value.toString();
}

/** A match's protocols written out: `tcp+udp` for both, whether the match names them or leaves the field open. */
function protocolsKey(protocols: ReadonlySet<Transport> | undefined): string {
    if (protocols === undefined) return 'tcp+udp';
    const tcp = protocols.has('tcp'), udp = protocols.has('udp');
    return tcp && udp ? 'tcp+udp' : tcp ? 'tcp' : udp ? 'udp' : '';
}

/** An address set written out once per proof, as the number of its text (-1: any address). */
function addressesKey(set: AddressSet | undefined, shared: AcceptLists): number {
    if (set === undefined || set.any) return -1;
    let number = shared.addresses.get(set);
    if (number === undefined) {
        const written = `${set.v4.map(r => `${digits(r.from)}-${digits(r.to)}`).join(',')}/${set.v6.map(r => `${r.from}-${r.to}`).join(',')}/${[...set.names].sort().join(',')}`;
        shared.addresses.set(set, number = numberOf(written, shared));
    }
    return number;
}

/** A port set written out once per proof, as the number of its text (-1: any port). */
function portsKey(set: PortSet | undefined, shared: AcceptLists): number {
    if (set === undefined) return -1;
    let number = shared.ports.get(set);
    if (number === undefined) {
        let written = '';
        for (let i = 0; i < set.length; i++) written += `${i === 0 ? '' : ','}${set[i].from}-${set[i].to}`;
        shared.ports.set(set, number = numberOf(written, shared));
    }
    return number;
}

/**
 * A match's connections written out, the same text for two matches exactly when they match the
 * same connections as written (a field left open and one that names every value are told apart,
 * which only costs the shortcut below).
 */
function connectionsKey(match: TrafficMatch, shared: AcceptLists): string {
    return `${protocolsKey(match.protocols)}|${addressesKey(match.sources, shared)}|${addressesKey(match.destinations, shared)}|${portsKey(match.sourcePorts, shared)}|${portsKey(match.destinationPorts, shared)}`;
}

/**
 * Between zones, when no deny is in play, every accept rule matches exactly the connections of an
 * allow rule and every allow rule those of an accept rule (SegPlan writes one for each): the two
 * allow the same connections wherever the firewall looks, so the traffic it sees need not be cut
 * into parts. The rules of each protocol (the work counted), or undefined when they are not so.
 * Not for a host's scope, where a file for many hosts holds rules of other hosts: those are looked
 * up by the host's traffic instead of each being asked.
 */
function mirroredRules(
    accepts: readonly TrafficMatch[], acceptKeys: readonly string[], acceptKeySet: ReadonlySet<string>,
    plan: readonly PlanMatch[], planKeys: ReadonlySet<string>, denied: readonly TrafficMatch[], shared: AcceptLists
): Record<Transport, number> | undefined {
    if (denied.length > 0) return undefined;
    const rules = { tcp: 0, udp: 0 };
    for (let k = 0; k < accepts.length; k++) {
        if (!planKeys.has(acceptKeys[k])) return undefined;
        const protocols = accepts[k].protocols;
        if (protocols?.has('tcp') !== false) rules.tcp++;
        if (protocols?.has('udp') !== false) rules.udp++;
    }
    for (const allow of plan) {
        if (!acceptKeySet.has(keyOf(allow.match, shared))) return undefined;
        if (allow.match.protocols.has('tcp')) rules.tcp++;
        if (allow.match.protocols.has('udp')) rules.udp++;
    }
    return rules;
}

/** The box of a match's connections of one protocol within `space`, for looking up what it meets (not exact: `any` and host names are looked up everywhere). */
function lookupBox(match: TrafficMatch, protocol: Transport, space: AddressSet): TrafficBox | undefined {
    if (match.protocols && !match.protocols.has(protocol)) return undefined;
    return {
        protocol, sources: match.sources ?? space, destinations: match.destinations ?? space,
        sourcePorts: match.sourcePorts ?? ALL_PORTS, destinationPorts: match.destinationPorts ?? ALL_PORTS
    };
}

/**
 * `seen(family, protocol)`: the traffic of the scope the firewall sees, as compareAt cuts it.
 * Denies and statements not read whole are the plan's as compareAt takes them.
 */
export function equalByRules(
    policies: readonly FirewallPolicy[], plan: readonly PlanMatch[], scope: Scope, families: readonly Family[],
    denied: readonly TrafficMatch[], undecided: readonly UndecidedMatch[],
    spaces: Record<Family, AddressSet>, seen: (family: Family, protocol: Transport) => readonly TrafficBox[],
    shared: AcceptLists = acceptLists()
): ProofByRules {
    let rules = 0, tried = 0;
    const unproven = (): ProofByRules => ({ equal: false, work: { rules, tried } });
    // Where the plan itself cannot tell, the comparison must say so, piece by piece.
    if (undecided.length > 0) return unproven();
    // Indexes made when first looked up: an accept rule written as an allow rule needs none.
    let allowIndex: MatchIndex | undefined, denyIndex: MatchIndex | undefined;
    const allowsOf = () => allowIndex ??= new MatchIndex(plan.map(p => p.match));
    const deniesOf = () => denyIndex ??= new MatchIndex(denied);
    const meeting = (index: MatchIndex, box: TrafficBox): number[] => {
        const found = index.meeting(box);
        tried += index.lastTried;
        return found;
    };
    // An accept rule that matches exactly the connections of an allow rule (SegPlan writes one
    // for each) is inside the allow rules, and that allow rule inside the accept rules, whatever
    // the scope: neither needs looking up.
    const planKeys = new Set(plan.map(p => keyOf(p.match, shared)));
    // Outside the zones nothing is owed (Scope): the plan's allow rules count between zones only.
    const owedOnly: TrafficMatch | undefined = scope.kind === 'zones' ? { sources: scope.within, destinations: scope.within } : undefined;
    for (const family of families) {
        const filtering = policies.filter(p => p.families.has(family));
        // No configuration for a family is unknown, several decide in turn: both piece by piece.
        if (filtering.length !== 1) return unproven();
        const list = acceptListOf(filtering[0], shared);
        if (!list) return unproven();
        const { accepts, keys: acceptKeys, keySet: acceptKeySet } = list;
        const acceptsOf = () => list.index ??= new MatchIndex(accepts);
        const mirrored = scope.kind === 'zones' ? mirroredRules(accepts, acceptKeys, acceptKeySet, plan, planKeys, denied, shared) : undefined;
        for (const protocol of ['tcp', 'udp'] as const) {
            if (mirrored) {
                // Whatever traffic the firewall sees, each accept rule there is an allow rule and each allow
                // rule an accept rule: only whether later packets pass is left to ask, and what is seen
                // only where they do not (nothing seen, nothing to tell).
                if (!laterPacketsPass(policies, protocol) && seen(family, protocol).length > 0) return unproven();
                rules += mirrored[protocol];
                continue;
            }
            const boxes = seen(family, protocol);
            if (boxes.length === 0) continue;
            if (!laterPacketsPass(policies, protocol)) return unproven();
            let seenIndex: MatchIndex | undefined;
            const partsSeen = (match: TrafficMatch): TrafficBox[] => {
                const box = lookupBox(match, protocol, spaces[family]);
                if (!box) return [];
                rules++;
                const parts: TrafficBox[] = [];
                for (const i of meeting(seenIndex ??= new MatchIndex(boxes.map(matchOf)), box)) {
                    const inside = splitBox(boxes[i], match).inside;
                    if (inside) parts.push(inside);
                }
                return parts;
            };
            // What the configuration accepts: allowed by the plan, forbidden by none of its denies.
            // The accept rules that meet a host's traffic (its own, of a file for many hosts); between
            // zones, where nearly every rule meets one of the many parts the firewall sees, all of them.
            const candidates = boxes.length === 1 ? meeting(acceptsOf(), boxes[0]) : accepts.map((_, k) => k);
            for (const k of candidates) {
                if (accepts[k].protocols?.has(protocol) === false) continue;
                const allowed = planKeys.has(acceptKeys[k]);
                if (allowed && denied.length === 0) { rules++; continue; }
                for (const part of partsSeen(accepts[k])) {
                    if (meeting(deniesOf(), part).some(d => splitBox(part, denied[d]).inside)) return unproven();
                    if (!allowed && subtractBoxes(part, meeting(allowsOf(), part).map(a => plan[a].match)).length > 0) return unproven();
                }
            }
            // What the plan allows where it is owed, less what its denies forbid: accepted.
            for (const allow of plan) {
                if (!allow.match.protocols.has(protocol)) continue;
                if (acceptKeySet.has(keyOf(allow.match, shared))) { rules++; continue; }
                for (const part of partsSeen(allow.match)) {
                    const owed = owedOnly ? splitBox(part, owedOnly).inside : part;
                    if (!owed) continue;
                    for (const rest of subtractBoxes(owed, meeting(deniesOf(), owed).map(d => denied[d]))) {
                        if (subtractBoxes(rest, meeting(acceptsOf(), rest).map(a => accepts[a])).length > 0) return unproven();
                    }
                }
            }
        }
    }
    return { equal: true, work: { rules, tried } };
}
