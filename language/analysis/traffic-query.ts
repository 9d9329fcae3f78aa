import type { FlowResult, PlanAnalysis } from './analyze-plan.js';
import { formatCitation } from './finding.js';
import { subtractRule, type Rect } from './coverage.js';
import { AddressSet, EVERY_ADDRESS, parseAddress } from '../network/addresses.js';
import { portSetOf, type PortSet } from '../network/ports.js';
import type { Plan, PlanRule } from '../plan/plan-model.js';
import type { Catalog } from '../catalog/catalog-model.js';
import { planLineOf, type PlanLine } from './plan-line.js';
import { overlapOf, type TrafficShape } from './traffic-overlap.js';
import { unreadDeniesMeeting } from './unread-denies.js';

/**
 * The question reviewers ask most: may this traffic pass? For one protocol and port between two
 * ends (a zone, a component or an address), the allow rules that let it through, the deny
 * statements that forbid it and the required flows that need it, each with its plan line.
 */

export interface QueryEndpoint {
    /** As the user wrote it. */
    readonly text: string;
    readonly kind: 'zone' | 'component' | 'address' | 'any';
    readonly addresses: AddressSet;
}

export interface TrafficQuestion {
    readonly from: QueryEndpoint;
    readonly to: QueryEndpoint;
    readonly protocol: 'tcp' | 'udp';
    readonly port: number;
    /** `YYYY-MM-DD` (UTC): temporary allow rules whose day has passed let nothing through. */
    readonly today: string;
}

/**
 * `allowed`: every address of both ends, by allow rules, and no deny statement touches it;
 * `cannot-tell`: allow rules let it through, but a deny SegPlan could not read whole may forbid it.
 */
export type QueryVerdict = 'allowed' | 'partly-allowed' | 'not-allowed' | 'denied' | 'cannot-tell';

export interface QueryRuleMatch {
    readonly where: PlanLine;
    /** The statement takes in every address of both ends (else only a part of them). */
    readonly whole: boolean;
}

export interface QueryAllowMatch extends QueryRuleMatch {
    /** A temporary rule whose day has passed: it lets nothing through any more. */
    readonly expired?: string;
}

export interface QueryFlowMatch {
    readonly from: string;
    readonly to: string;
    readonly protocol: string;
    readonly ports: string;
    readonly purpose: string;
    readonly vendors: readonly string[];
    readonly citations: readonly string[];
    readonly status: FlowResult['status'];
    /** The source component's line: where the need comes from. */
    readonly where: PlanLine;
}

export interface QueryDenyMatch extends QueryRuleMatch {
    /** The built-in guardrail the deny comes from (its line is the plan's `use guardrail`). */
    readonly guardrail?: string;
}

/** A deny that was not read whole and may forbid part of the traffic: why SegPlan cannot tell. */
export interface QueryUnreadMatch {
    readonly where: PlanLine;
    readonly why: string;
}

export interface QueryAnswer {
    readonly verdict: QueryVerdict;
    readonly allows: readonly QueryAllowMatch[];
    readonly denies: readonly QueryDenyMatch[];
    /** Denies not read whole that may forbid part of it (their errors say why). */
    readonly unread: readonly QueryUnreadMatch[];
    readonly flows: readonly QueryFlowMatch[];
}

/** A zone, a component, `any`, or an address, range or CIDR; a message in the user's words when it is none. */
export function resolveQueryEndpoint(plan: Plan, text: string): QueryEndpoint | { readonly problem: string } {
    const instance = plan.facts.instances.get(text);
    if (instance) return { text, kind: 'component', addresses: instance.addresses };
    const zone = plan.facts.zones.get(text);
    // An internet zone is every address outside the plan's other zones (and the hosts placed in it).
    if (zone) return { text, kind: 'zone', addresses: zone.members };
    if (text === 'any') return { text, kind: 'any', addresses: AddressSet.ANY };
    const parsed = /^[0-9a-fA-F:.\-/]+$/.test(text) && /[.:]/.test(text) ? parseAddress(text) : undefined;
    if (parsed && 'block' in parsed && parsed.block.kind !== 'host') return { text, kind: 'address', addresses: AddressSet.of([parsed.block]) };
    if (parsed && 'error' in parsed) return { problem: `'${text}' is not an address SegPlan reads: ${parsed.error}` };
    return { problem: `'${text}' is not a zone, component or address of the plan` };
}

/** The question as a shape of one port, to compare with the plan's statements. */
function questionShape(q: TrafficQuestion): TrafficShape {
    return { sourceAddresses: q.from.addresses, destinationAddresses: q.to.addresses, protocol: q.protocol, ports: portSetOf([{ from: q.port, to: q.port }]), allPorts: false };
}

/** An end's addresses with `any` made finite, so that what a statement leaves out can be told. */
function finite(set: AddressSet): AddressSet {
    return set.any ? EVERY_ADDRESS.union(AddressSet.of([], set.names)) : set;
}

function takesWhole(statement: TrafficShape, q: TrafficQuestion): boolean {
    const takes = (side: AddressSet, exceptions: AddressSet | undefined, end: AddressSet) => side.contains(end) && !exceptions?.intersects(end);
    return takes(statement.sourceAddresses, statement.sourceExceptions, q.from.addresses)
        && takes(statement.destinationAddresses, statement.destinationExceptions, q.to.addresses);
}

function carries(statement: TrafficShape, protocol: 'tcp' | 'udp', port: number, ports: PortSet = statement.ports): boolean {
    const named = statement.protocol === 'any' || statement.protocol === 'tcp/udp' || statement.protocol === protocol;
    return named && ports.some(r => r.from <= port && port <= r.to);
}

/** Whether the rules together take in every source and destination address of the question. */
function coverWhole(rules: readonly TrafficShape[], q: TrafficQuestion): boolean {
    let uncovered: Rect[] = [{ sources: finite(q.from.addresses), destinations: finite(q.to.addresses) }];
    for (const rule of rules) {
        uncovered = subtractRule(uncovered, rule);
        if (uncovered.length === 0) return true;
    }
    return uncovered.length === 0;
}

function flowMatch(result: FlowResult): QueryFlowMatch {
    const flow = result.flow;
    return {
        from: flow.source.name, to: flow.destination.name, protocol: flow.protocols.join('/'), ports: flow.portText, purpose: flow.purpose,
        vendors: [...new Set(flow.catalogFlows.map(f => f.vendorId))].sort(),
        citations: [...new Set(flow.sources.map(formatCitation))],
        status: result.status, where: planLineOf(flow.source.node)
    };
}

/** The answer to one question, from the plan's analysis. */
export function queryTraffic(analysis: PlanAnalysis, catalog: Catalog, q: TrafficQuestion): QueryAnswer {
    const shape = questionShape(q);
    const allows: QueryAllowMatch[] = [];
    const open: PlanRule[] = [];
    for (const rule of analysis.plan.policy.rules) {
        if (!rule.resolved || !carries(rule, q.protocol, q.port) || !overlapOf(rule, shape)) continue;
        const expired = rule.until !== undefined && rule.until < q.today ? rule.until : undefined;
        allows.push({ where: planLineOf(rule.node), whole: takesWhole(rule, q), ...(expired ? { expired } : {}) });
        if (!expired) open.push(rule);
    }
    const denies: QueryDenyMatch[] = analysis.denies.meeting(shape).map(m => m.denied)
        .filter(d => carries(d, q.protocol, q.port))
        .map(d => ({ where: planLineOf(d.deny.node), whole: takesWhole(d.deny, q), ...(d.deny.guardrail ? { guardrail: d.deny.guardrail.name } : {}) }));
    const flows = analysis.flows.filter(r => r.status !== 'not-required' && r.flow.protocols.includes(q.protocol)
        && r.flow.ports.some(p => p.from <= q.port && q.port <= p.to)
        && r.flow.source.addresses.intersects(q.from.addresses) && r.flow.destination.addresses.intersects(q.to.addresses)).map(flowMatch);
    const unread = unreadDeniesMeeting(analysis.denies.unread, shape).map(d => ({ where: planLineOf(d.node), why: d.why }));
    // A deny can only take away: what no allow rule opens, or a deny read whole forbids, stays so.
    const verdict: QueryVerdict = denies.length > 0 ? 'denied' : open.length === 0 ? 'not-allowed'
        : unread.length > 0 ? 'cannot-tell' : coverWhole(open, q) ? 'allowed' : 'partly-allowed';
    return { verdict, allows, denies, unread, flows };
}
