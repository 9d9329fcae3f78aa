import type { PlanPolicy, PlanRule } from '../plan/plan-model.js';
import { AddressSet } from '../network/addresses.js';
import { intersectPorts, portSetOf, subtractPorts, unionPorts, type PortRange, type PortSet } from '../network/ports.js';
import type { AnyRequirement, TransportProtocol } from './required-flows.js';
import { innerMap } from '../utils/inner-map.js';

const ANYWHERE = '*';

/**
 * Allow rules indexed by (source zone, destination zone): a flow only looks at rules that can reach
 * it, so coverage costs grow with the plan, not with rules × flows. `any` and internet endpoints
 * are filed under `*`.
 */
export class RuleIndex {
    /** Source zone → destination zone → rules, `*` standing for any zone. */
    private readonly byZonePair = new Map<string, Map<string, PlanRule[]>>();
    private readonly position = new Map<PlanRule, number>();

    constructor(readonly rules: readonly PlanRule[]) {
        // Indexed loops: once per allow rule, where each for…of step allocates in code run for the first time.
        for (let r = 0; r < rules.length; r++) {
            const rule = rules[r];
            // A rule not read whole lets nothing through (plan-model): no flow counts it, as no
            // target emits it — coverage, check, diff, hovers and rule sets agree.
            if (!rule.resolved) continue;
            this.position.set(rule, this.position.size);
            for (let i = 0; i < rule.sources.length; i++) {
                const from = rule.sources[i].zone?.name ?? ANYWHERE;
                const byDestination = innerMap(this.byZonePair, from);
                for (let j = 0; j < rule.destinations.length; j++) {
                    const to = rule.destinations[j].zone?.name ?? ANYWHERE;
                    const list = byDestination.get(to);
                    if (!list) byDestination.set(to, [rule]);
                    else if (list[list.length - 1] !== rule) list.push(rule);
                }
            }
        }
    }

    // Source zone → destination zone → rules: asked once per requirement (140,000 in a plan
    // without sites), so no key is written per question.
    private readonly candidateCache = new Map<string, Map<string, readonly PlanRule[]>>();

    /** Rules that may carry traffic from one zone to another, in plan order. */
    candidates(sourceZone: string, destinationZone: string): readonly PlanRule[] {
        const bySource = innerMap(this.candidateCache, sourceZone);
        let cached = bySource.get(destinationZone);
        if (!cached) {
            cached = this.gather(sourceZone, destinationZone);
            bySource.set(destinationZone, cached);
        }
        return cached;
    }

    /**
     * The rules filed under the zone pair and under `*` on either side. Asked once per zone pair
     * (thousands in the bench's plans): most pairs have no rule, or rules under one key only,
     * whose list is already in plan order with each rule once (the constructor files rules in
     * order and never twice in a row) and is taken as it is, with no set or copy made.
     */
    private gather(sourceZone: string, destinationZone: string): readonly PlanRule[] {
        const fromZone = this.byZonePair.get(sourceZone), fromAnywhere = this.byZonePair.get(ANYWHERE);
        const lists = [fromZone?.get(destinationZone), fromZone?.get(ANYWHERE), fromAnywhere?.get(destinationZone), fromAnywhere?.get(ANYWHERE)];
        let only: readonly PlanRule[] | undefined;
        let several = false;
        for (let i = 0; i < lists.length; i++) {
            const list = lists[i];
            if (!list || list.length === 0) continue;
            if (only) several = true;
            else only = list;
        }
        // Most zone pairs of a plan without sites have no rule: they share one empty list.
        if (!only) return NO_RULES;
        if (!several) return only;
        const result = new Set<PlanRule>();
        for (let i = 0; i < lists.length; i++) for (const rule of lists[i] ?? []) result.add(rule);
        return [...result].sort((a, b) => this.position.get(a)! - this.position.get(b)!);
    }
}

const NO_RULES: readonly PlanRule[] = Object.freeze([]);

/** A part of a flow that no allow rule lets through. */
export interface CoverageGap {
    readonly protocol: TransportProtocol;
    readonly ports: PortSet;
    readonly sources: AddressSet;
    readonly destinations: AddressSet;
}

export interface FlowCoverage {
    readonly status: 'covered' | 'partial' | 'missing';
    readonly gaps: readonly CoverageGap[];
    /** Rules that let at least part of the flow through, with the ports each contributes. */
    readonly contributions: ReadonlyMap<PlanRule, PortSet>;
}

function ruleCarries(rule: PlanRule, protocol: TransportProtocol): boolean {
    return rule.protocol === 'any' || rule.protocol === 'tcp/udp' || rule.protocol === protocol;
}

export interface Rect { sources: AddressSet; destinations: AddressSet }

/** Subtracts the rectangle (rule sources × rule destinations) from what is still uncovered. */
export function subtractRule(uncovered: Rect[], rule: Pick<PlanRule, 'sourceAddresses' | 'destinationAddresses'>): Rect[] {
    const result: Rect[] = [];
    for (const rect of uncovered) {
        const sourcesIn = rect.sources.intersect(rule.sourceAddresses);
        const destinationsIn = rect.destinations.intersect(rule.destinationAddresses);
        if (sourcesIn.isEmpty || destinationsIn.isEmpty) { result.push(rect); continue; }
        const sourcesOut = rect.sources.subtract(rule.sourceAddresses);
        if (!sourcesOut.isEmpty) result.push({ sources: sourcesOut, destinations: rect.destinations });
        const destinationsOut = rect.destinations.subtract(rule.destinationAddresses);
        if (!destinationsOut.isEmpty) result.push({ sources: sourcesIn, destinations: destinationsOut });
    }
    return result;
}

/**
 * The ports of a rule that a flow puts to use: those it requires, and for an "N and up"
 * requirement the whole of the rule's range that starts at or contains N (the vendor gives no end).
 */
function servedPorts(rule: PlanRule, flow: AnyRequirement): PortSet {
    if (flow.openPorts.length === 0) return intersectPorts(rule.ports, flow.ports);
    const served = [...intersectPorts(rule.ports, flow.ports)];
    for (const first of flow.openPorts) {
        const range = rule.ports.find(r => r.from <= first && first <= r.to);
        if (range) served.push({ from: first, to: range.to });
    }
    return portSetOf(served);
}

/** Whether every port of `inner` is in `outer` (both sorted and merged). */
function portsContain(outer: PortSet, inner: PortSet): boolean {
    let i = 0;
    for (const r of inner) {
        while (i < outer.length && outer[i].to < r.from) i++;
        if (i === outer.length || outer[i].from > r.from || outer[i].to < r.to) return false;
    }
    return true;
}

/** Splits the required ports where any candidate rule's ports start or end. */
function portSegments(required: PortSet, rules: readonly PlanRule[]): PortRange[] {
    const cuts = new Set<number>();
    for (const rule of rules) {
        for (const r of intersectPorts(rule.ports, required)) { cuts.add(r.from); cuts.add(r.to + 1); }
    }
    const segments: PortRange[] = [];
    for (const r of required) {
        const points = [...cuts].filter(c => c > r.from && c <= r.to).sort((a, b) => a - b);
        let from = r.from;
        for (const p of points) { segments.push({ from, to: p - 1 }); from = p; }
        segments.push({ from, to: r.to });
    }
    return segments;
}

const NO_CONTRIBUTIONS: ReadonlyMap<PlanRule, PortSet> = new Map();

/**
 * Whether the allow rules together let a flow through: its protocols and all its ports, from all
 * its source addresses to all its destination addresses. Gaps say exactly which ports and which
 * addresses are still blocked.
 */
export function coverFlow(flow: AnyRequirement, index: RuleIndex): FlowCoverage {
    const inZones = index.candidates(flow.source.zone.name, flow.destination.zone.name);
    const candidates = inZones.length === 0 ? inZones
        : inZones.filter(r => r.sourceAddresses.intersects(flow.source.addresses) && r.destinationAddresses.intersects(flow.destination.addresses));
    // No rule reaches the flow at all (most flows of a plan without sites): blocked whole.
    if (candidates.length === 0) return new BlockedWhole(flow);
    return coverByRules(flow, candidates);
}

/**
 * The coverage of a flow no rule reaches. Its one gap per protocol is written when read: the
 * analysis keeps the coverage of each of a plan's 140,000 requirements, and few are ever read.
 */
class BlockedWhole implements FlowCoverage {
    readonly status = 'missing';
    readonly contributions = NO_CONTRIBUTIONS;
    #flow: AnyRequirement | undefined;
    #gaps: readonly CoverageGap[] | undefined;

    constructor(flow: AnyRequirement) {
        this.#flow = flow;
    }

    get gaps(): readonly CoverageGap[] {
        if (!this.#gaps) {
            const flow = this.#flow!;
            this.#gaps = flow.protocols.map(protocol => ({ protocol, ports: flow.ports, sources: flow.source.addresses, destinations: flow.destination.addresses }));
            this.#flow = undefined;
        }
        return this.#gaps;
    }
}

function coverByRules(flow: AnyRequirement, candidates: readonly PlanRule[]): FlowCoverage {
    const gaps: CoverageGap[] = [];
    const contributions = new Map<PlanRule, PortSet>();
    let blockedEverything = true;
    let blockedSomething = false;
    for (const protocol of flow.protocols) {
        const rules = candidates.filter(r => ruleCarries(r, protocol));
        for (const rule of rules) {
            const ports = servedPorts(rule, flow);
            if (ports.length > 0) contributions.set(rule, unionPorts(contributions.get(rule) ?? [], ports));
        }
        // Most flows are let through whole by one rule naming both endpoints (or their zones).
        const whole = rules.some(r => portsContain(r.ports, flow.ports)
            && r.sourceAddresses.contains(flow.source.addresses) && r.destinationAddresses.contains(flow.destination.addresses));
        if (whole) { blockedEverything = false; continue; }
        for (const segment of portSegments(flow.ports, rules)) {
            const applicable = rules.filter(r => portsContain(r.ports, [segment]) || intersectPorts(r.ports, [segment]).length > 0);
            let uncovered: Rect[] = [{ sources: flow.source.addresses, destinations: flow.destination.addresses }];
            for (const rule of applicable) {
                uncovered = subtractRule(uncovered, rule);
                if (uncovered.length === 0) break;
            }
            if (uncovered.length === 0) { blockedEverything = false; continue; }
            blockedSomething = true;
            if (applicable.length > 0) blockedEverything = false;
            for (const rect of uncovered) gaps.push({ protocol, ports: [segment], ...rect });
        }
    }
    const status = !blockedSomething ? 'covered' : blockedEverything ? 'missing' : 'partial';
    return { status, gaps: gaps.length === 0 ? gaps : mergeGaps(gaps, flow), contributions };
}

/** Joins gaps that differ only in their ports, so a report reads `tcp 2500-3300, 6162`. */
function mergeGaps(gaps: CoverageGap[], flow: AnyRequirement): CoverageGap[] {
    const byKey = new Map<string, CoverageGap>();
    // A gap over all of the flow's addresses (the usual case) is keyed without formatting them: a
    // group's addresses are many.
    const keyOf = (set: AddressSet, own: AddressSet) => (set === own || (set.contains(own) && own.contains(set)) ? '=' : set.format());
    for (const gap of gaps) {
        const key = `${gap.protocol}|${keyOf(gap.sources, flow.source.addresses)}|${keyOf(gap.destinations, flow.destination.addresses)}`;
        const existing = byKey.get(key);
        byKey.set(key, existing ? { ...existing, ports: portSetOf([...existing.ports, ...gap.ports]) } : gap);
    }
    return [...byKey.values()];
}

/** Ports of a rule that no requirement it reaches needs. */
export function unneededPorts(rule: PlanRule, served: PortSet): PortSet {
    return subtractPorts(rule.ports, served);
}

export function buildRuleIndex(policy: PlanPolicy): RuleIndex {
    return new RuleIndex(policy.rules);
}
