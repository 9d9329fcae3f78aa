import type { FlowResult, GroupFlowResult, PlanAnalysis } from '../analysis/analyze-plan.js';
import { AddressSet } from '../network/addresses.js';
import { ALL_PORTS, formatPorts, intersectPorts, isAllPorts, unionPorts, type PortSet } from '../network/ports.js';
import type { PlanInstance, PlanRule, PlanZone } from '../plan/plan-model.js';
import type { DeniedTraffic } from '../analysis/deny-conflicts.js';
import { asMetByReplies, evaluate, type ConfigLocation, type ConnectionState, type DecidedPiece, type FirewallPolicy } from './firewall-policy.js';
import { matchesAll, readWhole } from './accept-list.js';
import { MatchIndex } from './match-index.js';
import { boxOf, concreteAddresses, enclosing, EVERY_ADDRESS, EVERY_IPV4, EVERY_IPV6, isEmptyBox, matchOf, replyBox, splitBox, subtractBoxes, type Transport, type TrafficBox, type TrafficMatch } from './traffic-space.js';

/**
 * The audit: a plan's required flows and allow rules against the policy a deployed configuration
 * enforces. Pure: the importers make the policy, the CLI and the editor print the report.
 */

/** `not-seen`: the flow never passes this firewall (it stays inside its zone, or goes to another host). */
export type FlowVerdict = 'allowed' | 'blocked' | 'partial' | 'unknown' | 'not-seen';

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

/**
 * Traffic a deny of the plan (a deny statement or a built-in guardrail) forbids and the deployed
 * configuration lets through, whatever the plan's allow rules say: `guardrail-violated`.
 */
export interface GuardrailViolation {
    readonly deny: DeniedTraffic['deny'];
    readonly protocol: Transport;
    readonly ports: string;
    readonly sources: string;
    readonly destinations: string;
    /** The configuration's rule that accepts it. */
    readonly decidedBy: ConfigLocation;
}

export interface AuditReport {
    readonly policyKind: string;
    readonly hook: 'forward' | 'input';
    readonly host?: string;
    readonly flows: readonly FlowAudit[];
    readonly overPermit: readonly OverPermit[];
    readonly expired: readonly ExpiredStillOpen[];
    readonly guardrails: readonly GuardrailViolation[];
    readonly unevaluated: FirewallPolicy['unevaluated'];
    /** Lines read as the platform reads them that the author may not have meant so (an address with host bits, masked). */
    readonly warnings: NonNullable<FirewallPolicy['warnings']>;
}

export interface AuditOptions {
    readonly now: Date;
    readonly hook: 'forward' | 'input';
    /** Host mode: the component whose host firewall the configuration is. */
    readonly host?: PlanInstance;
    /** The traffic the plan's denies forbid (the analysis's `denies`), checked against the configuration. */
    readonly denied?: readonly DeniedTraffic[];
    /** Evaluate each component pair on its own instead of once per group (the reference the tests compare with). */
    readonly pairByPair?: boolean;
}

/**
 * The addresses of one family, by the family of each interval, whatever its numbers: verify's
 * proof puts host-name flags above an address's bits (verify/host-name-space.ts).
 */
function familyOf(set: AddressSet, family: 'ipv4' | 'ipv6'): AddressSet {
    if (set.any) return family === 'ipv4' ? EVERY_IPV4 : EVERY_IPV6;
    const other = family === 'ipv4' ? set.v6 : set.v4;
    if (other.length === 0 && set.names.size === 0) return set;
    return family === 'ipv4' ? AddressSet.of(set.v4.map(interval => ({ kind: 'ipv4' as const, interval }))) : AddressSet.of(set.v6.map(interval => ({ kind: 'ipv6' as const, interval })));
}

/**
 * The configurations a firewall runs (iptables-save and ip6tables-save are two files; an nftables
 * ruleset covers both; iptables and nftables tables of one kernel both filter). A packet of a
 * family passes every configuration that filters that family, in the order given: a drop in any
 * is final, as every hook of a kernel decides.
 */
export type Policies = readonly FirewallPolicy[];

/**
 * Evaluates boxes, each family by every configuration that filters it; a family none filters is
 * unknown. Replies (`established`) meet each configuration where they pass: a host's leave through
 * its output hook.
 */
function decide(policies: Policies, box: TrafficBox, state: ConnectionState, reply = state !== 'new'): DecidedPiece[] {
    const pieces: DecidedPiece[] = [];
    for (const family of ['ipv4', 'ipv6'] as const) {
        const part: TrafficBox = { ...box, sources: familyOf(box.sources, family), destinations: familyOf(box.destinations, family) };
        if (isEmptyBox(part)) continue;
        const filtering = policies.filter(p => p.families.has(family));
        if (filtering.length === 0) {
            pieces.push({ box: part, verdict: 'unknown', decidedBy: { file: '', line: 0, text: '' }, why: `the configuration holds no ${family === 'ipv4' ? 'IPv4' : 'IPv6'} rules` });
            continue;
        }
        let passing: DecidedPiece[] = [{ box: part, verdict: 'accept', decidedBy: { file: '', line: 0, text: '' } }];
        for (const policy of filtering) {
            passing = passing.flatMap(p => p.verdict !== 'accept' ? [p] : evaluate(reply ? asMetByReplies(policy) : policy, p.box, state).map(q =>
                // Passed by this configuration's default: the rule of an earlier one that accepted it decides.
                q.verdict === 'accept' && q.decidedBy.line === 0 && p.decidedBy.line > 0 ? { ...q, decidedBy: p.decidedBy } : q));
        }
        pieces.push(...passing);
    }
    return pieces;
}

function flowBoxes(result: FlowResult): TrafficBox[] {
    const flow = result.flow;
    const sources = concreteAddresses(flow.source.addresses), destinations = concreteAddresses(flow.destination.addresses);
    return flow.protocols.map(p => boxOf(p, sources, destinations, flow.ports));
}

/** The part of a decided piece inside a box, if any. */
function within(piece: DecidedPiece, box: TrafficBox): DecidedPiece | undefined {
    if (piece.box.protocol !== box.protocol) return undefined;
    const part: TrafficBox = {
        protocol: box.protocol,
        sources: piece.box.sources.intersect(box.sources), destinations: piece.box.destinations.intersect(box.destinations),
        sourcePorts: intersectPorts(piece.box.sourcePorts, box.sourcePorts), destinationPorts: intersectPorts(piece.box.destinationPorts, box.destinationPorts)
    };
    return isEmptyBox(part) ? undefined : { ...piece, box: part };
}

/** A requirement between component groups, evaluated (once) when the first of its pairs asks. */
interface GroupEvaluation {
    readonly flow: GroupFlowResult['flow'];
    readonly destinations: ReadonlySet<PlanInstance>;
    pieces?: DecidedPiece[];
}

/**
 * The requirements between groups of more than one component, by source component. A pair's
 * flow finds its group here, and the group is evaluated once for all its pairs (the union of its
 * members' addresses), each pair picking its part out: a 5,000-rule configuration is walked 2,800
 * times for a 10,000-instance plan, not 47,000. Indexed by source, not by pair, so a plan without
 * sites does not hold a key for each of its millions of pairs.
 */
function groupsBySource(analysis: PlanAnalysis, options: AuditOptions): Map<PlanInstance, GroupEvaluation[]> {
    const bySource = new Map<PlanInstance, GroupEvaluation[]>();
    if (options.hook !== 'forward' || options.pairByPair) return bySource;
    for (const group of analysis.groupFlows) {
        const flow = group.flow;
        if (!flow.crossesZones || (flow.source.members.length === 1 && flow.destination.members.length === 1)) continue;
        const evaluation: GroupEvaluation = { flow, destinations: new Set(flow.destination.members) };
        for (const s of flow.source.members) {
            const list = bySource.get(s);
            if (list) list.push(evaluation); else bySource.set(s, [evaluation]);
        }
    }
    return bySource;
}

/** The pieces of the group requirement a pair's flow belongs to, evaluated on first use; undefined when it has none. */
function groupPiecesFor(policy: Policies, flow: FlowResult['flow'], groups: Map<PlanInstance, GroupEvaluation[]>): DecidedPiece[] | undefined {
    const group = groups.get(flow.source)?.find(g => g.destinations.has(flow.destination)
        && g.flow.portText === flow.portText && g.flow.protocols.join('/') === flow.protocols.join('/'));
    if (!group) return undefined;
    if (!group.pieces) {
        const sources = concreteAddresses(group.flow.source.addresses), destinations = concreteAddresses(group.flow.destination.addresses);
        group.pieces = group.flow.protocols.flatMap(p => connectionPieces(policy, boxOf(p, sources, destinations, group.flow.ports)));
    }
    return group.pieces;
}

function auditFlow(policy: Policies, result: FlowResult, options: AuditOptions, groups: Map<PlanInstance, GroupEvaluation[]>): FlowAudit {
    const flow = result.flow;
    const required = result.status !== 'not-required';
    if (options.hook === 'forward' && !flow.crossesZones && !policy.some(p => p.guardsHosts)) {
        return { result, verdict: 'not-seen', why: 'the flow stays inside its zone: no router between zones sees it', counts: false };
    }
    if (options.hook === 'input' && flow.destination !== options.host) {
        return { result, verdict: 'not-seen', why: `the flow does not go to ${options.host?.name}`, counts: false };
    }
    const boxes = flowBoxes(result);
    if (boxes.every(isEmptyBox)) {
        const named = [flow.source, flow.destination].find(i => [...i.addresses.names].some(n => !n.startsWith('<')));
        const why = named ? `${named.name} is given by host name (${[...named.addresses.names].join(', ')}): rules that match addresses cannot be checked for it`
            : 'a component of the flow has no IP address in the plan';
        // The firewall decides this flow, and the audit cannot tell how: an unknown the summary counts.
        return { result, verdict: 'unknown', why, counts: required };
    }
    const shared = groupPiecesFor(policy, flow, groups);
    const pieces = shared
        ? boxes.flatMap(b => shared.map(p => within(p, b)).filter((p): p is DecidedPiece => p !== undefined))
        : boxes.flatMap(b => connectionPieces(policy, b));
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
 * The packets of a connection after its first, each of which must pass: for TCP the answer (the
 * SYN-ACK), then the rest of the traffic both ways; for UDP the rest both ways. `reply`: sent by
 * the destination. What a drop of them means, in words.
 */
export const LATER_PACKETS: Readonly<Record<Transport, readonly { readonly state: ConnectionState; readonly reply: boolean; readonly dropped: string }[]>> = {
    tcp: [
        { state: 'answer', reply: true, dropped: 'the replies are dropped: no rule accepts the answer to the connection (its SYN-ACK, an established packet)' },
        { state: 'established', reply: true, dropped: 'the replies are dropped (no rule accepts established traffic back)' },
        { state: 'established', reply: false, dropped: 'the connection\'s later packets are dropped: after its first packet, no rule accepts its established traffic on the way there' }
    ],
    udp: [
        { state: 'established', reply: true, dropped: 'the replies are dropped (no rule accepts established traffic back)' },
        { state: 'established', reply: false, dropped: 'the connection\'s later packets are dropped: after its first packet, no rule accepts its established traffic on the way there' }
    ]
};

const statesTold = new WeakMap<FirewallPolicy, Map<string, boolean>>();

/** Whether some rule of the policies treats packets of the two states differently (else one evaluation stands for both). */
function tellsApart(policies: Policies, a: ConnectionState, b: ConnectionState): boolean {
    const differs = (set: ReadonlySet<ConnectionState> | undefined) => set !== undefined && set.has(a) !== set.has(b);
    return policies.some(p => {
        let told = statesTold.get(p);
        if (!told) statesTold.set(p, told = new Map());
        let answer = told.get(`${a}|${b}`);
        if (answer === undefined) told.set(`${a}|${b}`, answer = [...p.chains.values()].some(c => c.rules.some(r => differs(r.states) || differs(r.condition?.states))));
        return answer;
    });
}

/**
 * Whether each configuration accepts every packet of a state in each base chain it passes, by
 * accept rules only, the last of which takes every packet (a stateful firewall's first rule,
 * accepting established traffic, after `-i lo -j ACCEPT` and the like): then each connection
 * accepted so far passes these packets whole, as its evaluation would find.
 */
function acceptsAll(policies: Policies, state: ConnectionState, reply: boolean): boolean {
    return policies.every(given => {
        const policy = reply ? asMetByReplies(given) : given;
        // The rules these packets meet in a chain, followed through jumps that take them all.
        const accepts = (name: string, depth: number): boolean => {
            const chain = policy.chains.get(name);
            for (const rule of chain?.rules ?? []) {
                if (rule.states && !rule.states.has(state)) continue;
                if (!readWhole(rule)) return false;
                const all = matchesAll(rule.match);
                // An accept of some of these packets: those it matches pass, the others meet the next rule.
                if (rule.action.kind === 'accept') { if (all) return true; continue; }
                return all && (rule.action.kind === 'jump' || rule.action.kind === 'goto') && depth < MAX_JUMPS_FOLLOWED && accepts(rule.action.chain, depth + 1);
            }
            // A base chain with no rule left for these packets (a host's output chain): its policy takes them.
            return depth === 0 && chain?.policy?.verdict === 'accept';
        };
        return policy.entry.every(name => accepts(name, 0));
    });
}

/**
 * Whether every packet after a connection's first, of every kind, passes whole at the first rule
 * it meets (acceptsAll): then a connection goes through exactly when its first packet is accepted.
 */
export function laterPacketsPass(policies: Policies, protocol: Transport): boolean {
    return LATER_PACKETS[protocol].every(later => acceptsAll(policies, later.state, later.reply));
}

/** Jumps followed to find the rule that accepts every packet of a state (a loop ends here, undecided). */
const MAX_JUMPS_FOLLOWED = 8;

/**
 * A connection goes through only when its first packet is accepted and every later packet passes
 * (the answer and the replies as established traffic back, the rest of its traffic on the way
 * there): the parts of a box (or of several) with what happens to them. The packets of one kind
 * of all accepted parts of a protocol are evaluated at once, and each part takes its own out of them.
 */
export function connectionPieces(policy: Policies, boxes: TrafficBox | readonly TrafficBox[]): DecidedPiece[] {
    const pieces = ('protocol' in boxes ? [boxes] : boxes).flatMap(box => decide(policy, box, 'new'));
    const out: DecidedPiece[] = pieces.filter(p => p.verdict !== 'accept');
    for (const protocol of ['tcp', 'udp'] as const) {
        let accepted = pieces.filter(p => p.verdict === 'accept' && p.box.protocol === protocol);
        // The last state each direction was judged in: a later kind that no rule tells apart from it passes as it did.
        const judged: { reply?: ConnectionState; request?: ConnectionState } = { request: 'new' };
        for (const later of LATER_PACKETS[protocol]) {
            if (accepted.length === 0) break;
            const direction = later.reply ? 'reply' : 'request';
            const last = judged[direction];
            if (last !== undefined && !tellsApart(policy, last, later.state)) continue;
            judged[direction] = later.state;
            // Exact without evaluating: each configuration's first rule for these packets passes them all.
            if (acceptsAll(policy, later.state, later.reply)) continue;
            const turn = (b: TrafficBox) => later.reply ? replyBox(b) : b;
            // Each part of these packets as the connections they belong to.
            const parts = decide(policy, turn(enclosing(accepted.map(p => p.box))), later.state, later.reply)
                .map(part => ({ part, connections: matchOf(turn(part.box)) }));
            // One part (a stateful firewall's first rule passes them all) holds every accepted connection whole.
            const index = parts.length === 1 ? undefined : new MatchIndex(parts.map(r => r.connections));
            const passing: DecidedPiece[] = [];
            for (const piece of accepted) {
                for (const i of index ? index.meeting(piece.box) : [0]) {
                    const { part, connections } = parts[i];
                    const through = splitBox(piece.box, connections).inside;
                    if (!through) continue;
                    if (part.verdict === 'accept') passing.push({ ...piece, box: through });
                    else out.push({ box: through, verdict: part.verdict, decidedBy: part.decidedBy, why: part.verdict === 'drop' ? later.dropped : part.why });
                }
            }
            accepted = passing;
        }
        out.push(...accepted);
    }
    return out;
}

/** What the plan's allow rules (those still in date) let through, as matches. */
function planAllows(analysis: PlanAnalysis, now: Date): TrafficMatch[] {
    const today = now.toISOString().slice(0, 10);
    return analysis.plan.policy.rules.filter(r => r.resolved && (!r.until || r.until >= today)).flatMap(ruleMatches);
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
    const own = [...analysis.plan.facts.zones.values()].filter(z => !z.internet).reduce((s, z) => s.union(concreteAddresses(z.networks)), AddressSet.EMPTY);
    return EVERY_ADDRESS.subtract(own);
}

function isBroad(location: ConfigLocation, pieces: readonly TrafficBox[]): boolean {
    return pieces.some(p => isAllPorts(p.destinationPorts)) || /\b(any|0\.0\.0\.0\/0|::\/0)\b/.test(location.text) && !/dport|ports|eq |range /.test(location.text);
}

function overPermits(analysis: PlanAnalysis, policy: Policies, options: AuditOptions): OverPermit[] {
    const allows = planAllows(analysis, options.now);
    const zones = [...analysis.plan.facts.zones.values()];
    const spaces = new Map(zones.map(z => [z, zoneSpace(z, analysis)]));
    // Per source zone, one evaluation towards every destination zone at once; its accepted pieces
    // are then split by destination zone (a rule that does not start in the zone is skipped early).
    const targetsOf = (from: PlanZone): [PlanZone, AddressSet][] => options.hook === 'input' && options.host
        ? [[options.host.zone, concreteAddresses(options.host.addresses)]]
        : zones.filter(b => b !== from && !(from.internet && b.internet)).map(b => [b, spaces.get(b)!] as [PlanZone, AddressSet]);
    const found = new Map<string, { from: PlanZone; to: PlanZone; protocol: Transport; location: ConfigLocation; boxes: TrafficBox[]; order: number }>();
    let order = 0;
    for (const from of zones) {
        const sources = spaces.get(from)!;
        const targets = targetsOf(from).filter(([, d]) => !d.isEmpty);
        if (sources.isEmpty || targets.length === 0) continue;
        const everywhere = targets.reduce((u, [, d]) => u.union(d), AddressSet.EMPTY);
        for (const protocol of ['tcp', 'udp'] as const) {
            const accepted = connectionPieces(policy, boxOf(protocol, sources, everywhere)).filter(p => p.verdict === 'accept');
            for (const piece of accepted) {
                for (const [to, destinations] of targets) {
                    const part = piece.box.destinations.intersect(destinations);
                    if (part.isEmpty) continue;
                    const beyond = subtractBoxes({ ...piece.box, destinations: part }, allows);
                    if (beyond.length === 0) continue;
                    const key = `${from.name}|${to.name}|${protocol}|${piece.decidedBy.file}:${piece.decidedBy.line}:${piece.decidedBy.text}`;
                    const entry = found.get(key) ?? { from, to, protocol, location: piece.decidedBy, boxes: [], order: order++ };
                    entry.boxes.push(...beyond);
                    found.set(key, entry);
                }
            }
        }
    }
    // In the order of the plan's zones (source, destination), tcp before udp, then as found.
    const rank = new Map(zones.map((z, i) => [z, i]));
    const entries = [...found.values()].sort((a, b) => rank.get(a.from)! - rank.get(b.from)! || rank.get(a.to)! - rank.get(b.to)!
        || (a.protocol === b.protocol ? 0 : a.protocol === 'tcp' ? -1 : 1) || a.order - b.order);
    return entries.map(({ from, to, protocol, location, boxes }) => {
        const ports = boxes.reduce<PortSet>((s, b) => unionPorts(s, b.destinationPorts), []);
        return {
            sourceZone: from.name, destinationZone: to.name, protocol,
            ports: isAllPorts(ports) ? 'all ports' : formatPorts(ports),
            sources: boxes.reduce((s, b) => s.union(b.sources), AddressSet.EMPTY).format(),
            destinations: boxes.reduce((s, b) => s.union(b.destinations), AddressSet.EMPTY).format(),
            decidedBy: location, broad: isBroad(location, boxes)
        };
    });
}

function expiredStillOpen(analysis: PlanAnalysis, policy: Policies, options: AuditOptions): ExpiredStillOpen[] {
    const today = options.now.toISOString().slice(0, 10);
    const out: ExpiredStillOpen[] = [];
    for (const rule of analysis.plan.policy.rules) {
        if (!rule.resolved || !rule.until || rule.until >= today) continue;
        for (const m of ruleMatches(rule)) {
            const box = boxOf([...m.protocols!][0], m.sources!, m.destinations!, m.destinationPorts!);
            const open = connectionPieces(policy, box).find(p => p.verdict === 'accept');
            if (open) { out.push({ rule, until: rule.until, decidedBy: open.decidedBy }); break; }
        }
    }
    return out;
}

/**
 * Each deny's traffic, both transports it names, against the configuration: every accepted piece
 * (the replies come back too) is a violation, reported per configuration rule that accepts it.
 * Traffic of protocols without ports (`deny … any`) is checked for TCP and UDP, which is what the
 * importers evaluate.
 */
export function guardrailViolations(policy: Policies, options: AuditOptions): GuardrailViolation[] {
    const out: GuardrailViolation[] = [];
    for (const d of options.denied ?? []) {
        const sources = concreteAddresses(d.sourceAddresses);
        let destinations = concreteAddresses(d.destinationAddresses);
        // A host firewall sees only the traffic to its own host.
        if (options.hook === 'input' && options.host) destinations = destinations.intersect(concreteAddresses(options.host.addresses));
        if (sources.isEmpty || destinations.isEmpty) continue;
        const protocols: Transport[] = d.protocol === 'tcp' || d.protocol === 'udp' ? [d.protocol] : ['tcp', 'udp'];
        for (const protocol of protocols) {
            const byRule = new Map<string, { location: ConfigLocation; boxes: TrafficBox[] }>();
            for (const piece of connectionPieces(policy, boxOf(protocol, sources, destinations, d.allPorts ? ALL_PORTS : d.ports))) {
                if (piece.verdict !== 'accept') continue;
                const key = `${piece.decidedBy.file}:${piece.decidedBy.line}:${piece.decidedBy.text}`;
                const entry = byRule.get(key) ?? { location: piece.decidedBy, boxes: [] };
                entry.boxes.push(piece.box);
                byRule.set(key, entry);
            }
            for (const { location, boxes } of byRule.values()) {
                const ports = boxes.reduce<PortSet>((set, b) => unionPorts(set, b.destinationPorts), []);
                out.push({
                    deny: d.deny, protocol, ports: isAllPorts(ports) ? 'all ports' : formatPorts(ports),
                    sources: boxes.reduce((set, b) => set.union(b.sources), AddressSet.EMPTY).format(),
                    destinations: boxes.reduce((set, b) => set.union(b.destinations), AddressSet.EMPTY).format(),
                    decidedBy: location
                });
            }
        }
    }
    return out;
}

export function auditPlan(analysis: PlanAnalysis, policies: Policies, options: AuditOptions): AuditReport {
    const policy = policies;
    return {
        policyKind: [...new Set(policies.map(p => p.kind))].join(' + '), hook: options.hook, host: options.host?.name,
        flows: (groups => analysis.flows.map(r => auditFlow(policy, r, options, groups)))(groupsBySource(analysis, options)),
        overPermit: overPermits(analysis, policy, options),
        expired: expiredStillOpen(analysis, policy, options),
        guardrails: guardrailViolations(policy, options),
        unevaluated: policies.flatMap(p => p.unevaluated),
        warnings: policies.flatMap(p => p.warnings ?? [])
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
