import { AddressSet, parseAddress, type IpInterval } from '../../language/network/addresses.js';
import { ALL_PORTS, type PortRange } from '../../language/network/ports.js';
import type { Plan, PlanRule, PlanRuleEndpoint } from '../../language/plan/plan-model.js';
import type { PlanAnalysis } from '../../language/analysis/analyze-plan.js';

/**
 * What a rule set allows, as boxes (source × destination × protocol × ports, with an expiry), and
 * an exact comparison of two box sets: both are cut into the same elementary cells, so merging,
 * splitting and ordering do not matter, only what is allowed.
 */

export type Space = { kind: 'ipv4' | 'ipv6'; interval: IpInterval } | { kind: 'name'; name: string };

export interface Box {
    readonly source: Space;
    readonly destination: Space;
    readonly protocol: 'tcp' | 'udp' | 'any';
    readonly ports: PortRange;
    readonly until: string;
}

const V4_ANY: Space = { kind: 'ipv4', interval: { from: 0n, to: (1n << 32n) - 1n } };
const V6_ANY: Space = { kind: 'ipv6', interval: { from: 0n, to: (1n << 128n) - 1n } };

/** `10.0.0.0/24`, `10.0.0.1`, `fd00::/64`, `any`, a host name → spaces. */
export function spaceOf(text: string): Space[] {
    if (text === 'any' || text === '*' || text === 'all' || text === 'Any') return [V4_ANY, V6_ANY];
    if (text === '0.0.0.0/0') return [V4_ANY];
    if (text === '::/0') return [V6_ANY];
    const parsed = parseAddress(text);
    if ('error' in parsed) throw new Error(`not an address: ${text}`);
    const block = parsed.block;
    return block.kind === 'host' ? [{ kind: 'name', name: block.name }] : [{ kind: block.kind, interval: block.interval }];
}

function spacesOf(set: AddressSet, names: boolean): Space[] {
    if (set.any) return [V4_ANY, V6_ANY];
    return [
        ...set.v4.map(interval => ({ kind: 'ipv4' as const, interval })),
        ...set.v6.map(interval => ({ kind: 'ipv6' as const, interval })),
        ...(names ? [...set.names].filter(n => !n.startsWith('<')).map(name => ({ kind: 'name' as const, name })) : [])
    ];
}

/** An endpoint as the emitters read it: a zone stands for its networks. */
export function endpointSpaces(plan: Plan, e: PlanRuleEndpoint, names: boolean): Space[] {
    if (e.instance) return spacesOf(e.instance.addresses, names);
    if (e.bare) return spacesOf(e.addresses, names);
    const zone = plan.facts.zones.get(e.label);
    return spacesOf(zone && e.label !== 'any' ? zone.networks : AddressSet.ANY, names);
}

function protocols(rule: PlanRule): Box['protocol'][] {
    if (rule.protocol === 'tcp' || rule.protocol === 'udp') return [rule.protocol];
    return rule.protocol === 'any' && rule.allPorts ? ['any'] : ['tcp', 'udp'];
}

export function boxesOfRule(plan: Plan, rule: PlanRule, names: boolean, destinationFilter?: (s: Space) => Space[]): Box[] {
    return boxesOfRuleWith(rule, s => endpointSpaces(plan, s, names), d => endpointSpaces(plan, d, names).flatMap(dest => destinationFilter ? destinationFilter(dest) : [dest]));
}

/** A rule's boxes, each endpoint as the spaces `sources` and `destinations` give it. */
export function boxesOfRuleWith(rule: PlanRule, sources: (e: PlanRuleEndpoint) => Space[], destinations: (e: PlanRuleEndpoint) => Space[]): Box[] {
    const boxes: Box[] = [];
    // A rule not read whole (an error on it) allows nothing.
    if (!rule.resolved || (!rule.allPorts && rule.ports.length === 0)) return boxes;
    for (const s of rule.sources) {
        for (const d of rule.destinations) {
            for (const source of sources(s)) {
                for (const destination of destinations(d)) {
                    for (const protocol of protocols(rule)) {
                        for (const ports of protocol === 'any' ? ALL_PORTS : rule.ports) {
                            boxes.push({ source, destination, protocol, ports, until: rule.until ?? '' });
                        }
                    }
                }
            }
        }
    }
    return boxes;
}

/** The parts of spaces `a` that lie in spaces `b` (names are in no address space). */
export function intersectSpaces(a: readonly Space[], b: readonly Space[]): Space[] {
    return a.flatMap(d => b.flatMap(l => {
        if (d.kind !== l.kind || d.kind === 'name' || l.kind === 'name') return [];
        const from = d.interval.from > l.interval.from ? d.interval.from : l.interval.from;
        const to = d.interval.to < l.interval.to ? d.interval.to : l.interval.to;
        return from <= to ? [{ kind: d.kind, interval: { from, to } }] : [];
    }));
}

/**
 * The plan's rules as a cloud target holds them on one side: inbound rules on the destinations'
 * groups, outbound rules on the sources'. On that side `any` is each zone's networks, where each
 * zone's group holds the rule, and an endpoint on the internet (a whole internet zone: every
 * address outside the plan's other zones) is behind no group: nothing. Host names are left out (AWS: but for those outside the plan's
 * zones, which have prefix lists); so are rules
 * whose date has passed (`expiredLeftOut`: today).
 */
export function cloudPlanBoxes(analysis: PlanAnalysis, side: 'inbound' | 'outbound', expiredLeftOut: string, target: 'aws' | 'azure' = 'azure'): Box[] {
    const plan = analysis.plan;
    const zones = [...plan.facts.zones.values()].filter(z => !z.internet).flatMap(z => spacesOf(z.networks, false));
    const onGroups = (e: PlanRuleEndpoint): Space[] => {
        const zone = e.instance?.zone ?? (e.bare ? e.zone : plan.facts.zones.get(e.label));
        if (e.label === 'any') return zones;
        return zone?.internet ? [] : endpointSpaces(plan, e, false);
    };
    // AWS writes an internet zone as a source as every address (each host of the plan goes out
    // only where its own group lets it); as a destination, as the prefixes outside the plan's zones.
    const internetZone = (e: PlanRuleEndpoint) => !e.instance && !e.bare && plan.facts.zones.get(e.label)?.internet === true;
    // AWS gives a host name outside the plan's zones a prefix list of its own: that name.
    const namedOutside = (e: PlanRuleEndpoint) => target === 'aws' && e.instance?.zone?.internet === true;
    const asWritten = (e: PlanRuleEndpoint) => target === 'aws' && side === 'inbound' && internetZone(e) ? [V4_ANY, V6_ANY] : endpointSpaces(plan, e, namedOutside(e));
    return plan.policy.rules.filter(rule => !rule.until || rule.until >= expiredLeftOut)
        .flatMap(rule => side === 'inbound' ? boxesOfRuleWith(rule, asWritten, onGroups) : boxesOfRuleWith(rule, onGroups, asWritten));
}

/** Every zone rule the plan allows, as a target without (or with) FQDN objects can express it. */
export function planBoxes(analysis: PlanAnalysis, options: { names: boolean; skip?: (rule: PlanRule, d: PlanRuleEndpoint) => boolean; expiredLeftOut?: string }): Box[] {
    const plan = analysis.plan;
    // Targets that cannot expire a rule leave out the rules whose date has passed (expiredLeftOut: today).
    return plan.policy.rules.filter(rule => !options.expiredLeftOut || !rule.until || rule.until >= options.expiredLeftOut).flatMap(rule => {
        const kept = options.skip ? { ...rule, destinations: rule.destinations.filter(d => !options.skip!(rule, d)) } : rule;
        return boxesOfRule(plan, kept, options.names);
    });
}

/** What the host rules of one host must allow: zone rules cut to its addresses, and same-zone flows. */
export function hostBoxes(analysis: PlanAnalysis, host: string): Box[] {
    const plan = analysis.plan;
    const instance = plan.facts.instances.get(host)!;
    const local = spacesOf(AddressSet.of([
        ...instance.addresses.v4.map(interval => ({ kind: 'ipv4' as const, interval })),
        ...instance.addresses.v6.map(interval => ({ kind: 'ipv6' as const, interval }))
    ]), false);
    const cut = (d: Space): Space[] => intersectSpaces([d], local);
    const boxes = plan.policy.rules.flatMap(rule => boxesOfRule(plan, rule, false, cut));
    for (const result of analysis.flows) {
        if (result.status !== 'same-zone' || result.flow.destination !== instance) continue;
        for (const source of spacesOf(result.flow.source.addresses, false)) {
            for (const destination of local) {
                for (const protocol of result.flow.protocols) {
                    for (const ports of result.flow.ports) boxes.push({ source, destination, protocol, ports, until: '' });
                }
            }
        }
    }
    return boxes;
}

function spaceKey(s: Space): string {
    return s.kind === 'name' ? `name:${s.name}` : s.kind;
}

/** Boxes joining two address families can never match a packet; both sides drop them. */
function meaningful(b: Box): boolean {
    return b.source.kind === 'name' || b.destination.kind === 'name' || b.source.kind === b.destination.kind;
}

function segments(points: Set<bigint>, from: bigint, to: bigint): [bigint, bigint][] {
    const inside = [...points].filter(p => p > from && p <= to).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const result: [bigint, bigint][] = [];
    let start = from;
    for (const p of inside) { result.push([start, p - 1n]); start = p; }
    result.push([start, to]);
    return result;
}

function range(s: Space): [bigint, bigint] {
    return s.kind === 'name' ? [0n, 0n] : [s.interval.from, s.interval.to];
}

/**
 * Compares two box sets exactly. Returns human-readable cells that only one side allows (empty
 * when they allow the same), at most `limit` of each.
 */
export function compareBoxes(expected: Box[], actual: Box[], limit = 10): { missing: string[]; extra: string[] } {
    const all = [...expected, ...actual].filter(meaningful);
    const group = (b: Box) => `${b.protocol}|${b.until}|${spaceKey(b.source)}|${spaceKey(b.destination)}`;
    const cuts = new Map<string, { s: Set<bigint>; d: Set<bigint>; p: Set<bigint> }>();
    for (const b of all) {
        const g = group(b);
        let c = cuts.get(g);
        if (!c) cuts.set(g, c = { s: new Set(), d: new Set(), p: new Set() });
        const [sf, st] = range(b.source), [df, dt] = range(b.destination);
        c.s.add(sf); c.s.add(st + 1n); c.d.add(df); c.d.add(dt + 1n);
        c.p.add(BigInt(b.ports.from)); c.p.add(BigInt(b.ports.to + 1));
    }
    const cells = (boxes: Box[]): Set<string> => {
        const result = new Set<string>();
        for (const b of boxes.filter(meaningful)) {
            const g = group(b), c = cuts.get(g)!;
            const [sf, st] = range(b.source), [df, dt] = range(b.destination);
            for (const [a1, a2] of segments(c.s, sf, st)) {
                for (const [b1, b2] of segments(c.d, df, dt)) {
                    for (const [p1, p2] of segments(c.p, BigInt(b.ports.from), BigInt(b.ports.to))) {
                        result.add(`${g}|${a1}-${a2}|${b1}-${b2}|${p1}-${p2}`);
                    }
                }
            }
        }
        return result;
    };
    const e = cells(expected), a = cells(actual);
    return {
        missing: [...e].filter(x => !a.has(x)).slice(0, limit),
        extra: [...a].filter(x => !e.has(x)).slice(0, limit)
    };
}
