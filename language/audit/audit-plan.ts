import type { FlowResult, PlanAnalysis } from '../analysis/analyze-plan.js';
import { AddressSet } from '../model/addresses.js';
import { ALL_PORTS, formatPorts, isAllPorts, unionPorts, type PortSet } from '../model/ports.js';
import type { PlanInstance, PlanRule, PlanZone } from '../plan/plan-model.js';
import { evaluate, type ConfigLocation, type DecidedPiece, type FirewallPolicy } from './firewall-policy.js';
import { boxOf, concreteAddresses, EVERY_ADDRESS, EVERY_IPV4, EVERY_IPV6, isEmptyBox, replyBox, subtractBoxes, type Transport, type TrafficBox, type TrafficMatch } from './traffic-space.js';

/**
 * The audit: a plan's required flows and allow rules against the policy a deployed configuration
 * enforces. Pure: the importers make the policy, the CLI and the editor print the report.
 */

export type FlowVerdict = 'allowed' | 'blocked' | 'partial' | 'unknown';

export interface FlowAudit {
    readonly result: FlowResult;
    readonly verdict: FlowVerdict;
    /** The rule (or policy) that decides: the one that blocks for blocked and partial flows. */
    readonly decidedBy?: ConfigLocation;
    /** Why a verdict is unknown, or which direction blocks. */
    readonly why?: string;
    /** Whether the flow counts for the exit code (required and seen by this firewall). */
    readonly counts: boolean;
}

export interface OverPermit {
    readonly sourceZone: string;
    readonly destinationZone: string;
    readonly protocol: Transport;
    readonly ports: string;
    readonly sources: string;
    readonly destinations: string;
    readonly decidedBy: ConfigLocation;
    /** An accept with no port or no address restriction: called out. */
    readonly broad: boolean;
}

export interface ExpiredStillOpen {
    readonly rule: PlanRule;
    readonly until: string;
    readonly decidedBy: ConfigLocation;
}

export interface AuditReport {
    readonly policyKind: string;
    readonly hook: 'forward' | 'input';
    readonly host?: string;
    readonly flows: readonly FlowAudit[];
    readonly overPermit: readonly OverPermit[];
    readonly expired: readonly ExpiredStillOpen[];
    readonly unevaluated: FirewallPolicy['unevaluated'];
}

export interface AuditOptions {
    readonly now: Date;
    readonly hook: 'forward' | 'input';
    /** Host mode: the component whose host firewall the configuration is. */
    readonly host?: PlanInstance;
}

function familyOf(set: AddressSet, family: 'ipv4' | 'ipv6'): AddressSet {
    return set.intersect(family === 'ipv4' ? EVERY_IPV4 : EVERY_IPV6);
}

/**
 * The configurations a firewall runs, one per address family at most (iptables-save and
 * ip6tables-save are two files; an nftables ruleset covers both).
 */
export type Policies = readonly FirewallPolicy[];

/** Evaluates boxes, each family by the configuration that filters it; a family none filters is unknown. */
function decide(policies: Policies, box: TrafficBox, state: 'new' | 'established'): DecidedPiece[] {
    const pieces: DecidedPiece[] = [];
    for (const family of ['ipv4', 'ipv6'] as const) {
        const part: TrafficBox = { ...box, sources: familyOf(box.sources, family), destinations: familyOf(box.destinations, family) };
        if (isEmptyBox(part)) continue;
        const policy = policies.find(p => p.families.has(family));
        if (!policy) {
            pieces.push({ box: part, verdict: 'unknown', decidedBy: { file: '', line: 0, text: '' }, why: `the configuration holds no ${family === 'ipv4' ? 'IPv4' : 'IPv6'} rules` });
            continue;
        }
        pieces.push(...evaluate(policy, part, state));
    }
    return pieces;
}

function flowBoxes(result: FlowResult): TrafficBox[] {
    const flow = result.flow;
    const sources = concreteAddresses(flow.source.addresses), destinations = concreteAddresses(flow.destination.addresses);
    return flow.protocols.map(p => boxOf(p, sources, destinations, flow.ports));
}

function auditFlow(policy: Policies, result: FlowResult, options: AuditOptions): FlowAudit {
    const flow = result.flow;
    const required = result.status !== 'not-required';
    if (options.hook === 'forward' && !flow.crossesZones) {
        return { result, verdict: 'unknown', why: 'the flow stays inside its zone: no router between zones sees it', counts: false };
    }
    if (options.hook === 'input' && flow.destination !== options.host) {
        return { result, verdict: 'unknown', why: `the flow does not go to ${options.host?.name}`, counts: false };
    }
    const boxes = flowBoxes(result);
    if (boxes.every(isEmptyBox)) {
        const named = [flow.source, flow.destination].find(i => [...i.addresses.names].some(n => !n.startsWith('<')));
        const why = named ? `${named.name} is given by host name (${[...named.addresses.names].join(', ')}): rules that match addresses cannot be checked for it`
            : 'a component of the flow has no IP address in the plan';
        return { result, verdict: 'unknown', why, counts: false };
    }
    const pieces = boxes.flatMap(b => connectionPieces(policy, b));
    const counts = required;
    const dropped = pieces.filter(p => p.verdict === 'drop');
    const unknown = pieces.find(p => p.verdict === 'unknown');
    const accepted = pieces.filter(p => p.verdict === 'accept');
    // The rule that blocks is what an engineer must change; a forward drop before a dropped reply.
    const blocker = dropped.find(p => !p.why) ?? dropped[0];
    if (dropped.length === 0 && unknown) return { result, verdict: 'unknown', decidedBy: unknown.decidedBy.line ? unknown.decidedBy : undefined, why: unknown.why, counts };
    if (dropped.length === 0) return { result, verdict: 'allowed', decidedBy: accepted[0]?.decidedBy, counts };
    if (accepted.length === 0 && !unknown) return { result, verdict: 'blocked', decidedBy: blocker.decidedBy, why: blocker.why, counts };
    return { result, verdict: 'partial', decidedBy: blocker.decidedBy, why: blocker.why, counts };
}

/**
 * A connection goes through only when its first packet is accepted and its replies come back
 * (as established traffic): the parts of a box with what happens to them, both directions judged.
 */
function connectionPieces(policy: Policies, box: TrafficBox): DecidedPiece[] {
    const out: DecidedPiece[] = [];
    for (const piece of decide(policy, box, 'new')) {
        if (piece.verdict !== 'accept') { out.push(piece); continue; }
        for (const reply of decide(policy, replyBox(piece.box), 'established')) {
            const back = replyBox(reply.box);
            if (reply.verdict === 'accept') out.push({ ...piece, box: back });
            else out.push({ box: back, verdict: reply.verdict, decidedBy: reply.decidedBy, why: reply.verdict === 'drop' ? 'the replies are dropped (no rule accepts established traffic back)' : reply.why });
        }
    }
    return out;
}

/** What the plan's allow rules (those still in date) let through, as matches. */
function planAllows(analysis: PlanAnalysis, now: Date): TrafficMatch[] {
    const today = now.toISOString().slice(0, 10);
    return analysis.plan.rules.filter(r => r.resolved && (!r.until || r.until >= today)).flatMap(ruleMatches);
}

function ruleMatches(rule: PlanRule): TrafficMatch[] {
    const protocols: Transport[] = rule.protocol === 'tcp' || rule.protocol === 'udp' ? [rule.protocol] : ['tcp', 'udp'];
    return protocols.map(p => ({
        protocols: new Set([p]), sources: concreteAddresses(rule.sourceAddresses), destinations: concreteAddresses(rule.destinationAddresses),
        destinationPorts: rule.allPorts ? ALL_PORTS : rule.ports
    }));
}

/** The addresses a zone stands for: an internet zone is everything outside the plan's own zones. */
function zoneSpace(zone: PlanZone, analysis: PlanAnalysis): AddressSet {
    if (!zone.internet) return concreteAddresses(zone.networks);
    const own = [...analysis.plan.zones.values()].filter(z => !z.internet).reduce((s, z) => s.union(concreteAddresses(z.networks)), AddressSet.EMPTY);
    return EVERY_ADDRESS.subtract(own);
}

function isBroad(location: ConfigLocation, pieces: readonly TrafficBox[]): boolean {
    return pieces.some(p => isAllPorts(p.destinationPorts)) || /\b(any|0\.0\.0\.0\/0|::\/0)\b/.test(location.text) && !/dport|ports|eq |range /.test(location.text);
}

function overPermits(analysis: PlanAnalysis, policy: Policies, options: AuditOptions): OverPermit[] {
    const allows = planAllows(analysis, options.now);
    const zones = [...analysis.plan.zones.values()];
    const result: OverPermit[] = [];
    const pairs: [PlanZone, PlanZone, AddressSet?][] = options.hook === 'input' && options.host
        ? zones.map(z => [z, options.host!.zone, concreteAddresses(options.host!.addresses)] as [PlanZone, PlanZone, AddressSet])
        : zones.flatMap(a => zones.filter(b => b !== a && !(a.internet && b.internet)).map(b => [a, b] as [PlanZone, PlanZone]));
    for (const [from, to, destination] of pairs) {
        const sources = zoneSpace(from, analysis), destinations = destination ?? zoneSpace(to, analysis);
        if (sources.isEmpty || destinations.isEmpty) continue;
        for (const protocol of ['tcp', 'udp'] as const) {
            const accepted = connectionPieces(policy, boxOf(protocol, sources, destinations)).filter(p => p.verdict === 'accept');
            const byRule = new Map<string, { location: ConfigLocation; boxes: TrafficBox[] }>();
            for (const piece of accepted) {
                const beyond = subtractBoxes(piece.box, allows);
                if (beyond.length === 0) continue;
                const key = `${piece.decidedBy.file}:${piece.decidedBy.line}:${piece.decidedBy.text}`;
                const entry = byRule.get(key) ?? { location: piece.decidedBy, boxes: [] };
                entry.boxes.push(...beyond);
                byRule.set(key, entry);
            }
            for (const { location, boxes } of byRule.values()) {
                const ports = boxes.reduce<PortSet>((s, b) => unionPorts(s, b.destinationPorts), []);
                result.push({
                    sourceZone: from.name, destinationZone: to.name, protocol,
                    ports: isAllPorts(ports) ? 'all ports' : formatPorts(ports),
                    sources: boxes.reduce((s, b) => s.union(b.sources), AddressSet.EMPTY).format(),
                    destinations: boxes.reduce((s, b) => s.union(b.destinations), AddressSet.EMPTY).format(),
                    decidedBy: location, broad: isBroad(location, boxes)
                });
            }
        }
    }
    return result;
}

function expiredStillOpen(analysis: PlanAnalysis, policy: Policies, options: AuditOptions): ExpiredStillOpen[] {
    const today = options.now.toISOString().slice(0, 10);
    const out: ExpiredStillOpen[] = [];
    for (const rule of analysis.plan.rules) {
        if (!rule.resolved || !rule.until || rule.until >= today) continue;
        for (const m of ruleMatches(rule)) {
            const box = boxOf([...m.protocols!][0], m.sources!, m.destinations!, m.destinationPorts!);
            const open = connectionPieces(policy, box).find(p => p.verdict === 'accept');
            if (open) { out.push({ rule, until: rule.until, decidedBy: open.decidedBy }); break; }
        }
    }
    return out;
}

export function auditPlan(analysis: PlanAnalysis, policies: Policies, options: AuditOptions): AuditReport {
    const policy = policies;
    return {
        policyKind: [...new Set(policies.map(p => p.kind))].join(' + '), hook: options.hook, host: options.host?.name,
        flows: analysis.flows.map(r => auditFlow(policy, r, options)),
        overPermit: overPermits(analysis, policy, options),
        expired: expiredStillOpen(analysis, policy, options),
        unevaluated: policies.flatMap(p => p.unevaluated)
    };
}

/** One connection: what the policy does to it, its replies included (for probes and spot checks). */
export function decideConnection(policy: Policies, protocol: Transport, source: AddressSet, destination: AddressSet, port: number): 'accept' | 'drop' | 'unknown' {
    const box = boxOf(protocol, source, destination, [{ from: port, to: port }], [{ from: 40000, to: 40000 }]);
    const pieces = connectionPieces(policy, box);
    if (pieces.some(p => p.verdict === 'drop')) return 'drop';
    if (pieces.some(p => p.verdict === 'unknown')) return 'unknown';
    return 'accept';
}
