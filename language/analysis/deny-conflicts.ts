import type { Catalog } from '../catalog/catalog-model.js';
import { AddressIndex } from '../network/address-index.js';
import { planDenies } from '../plan/plan-denies.js';
import type { PlanDeny, PlanInstance, PlanPolicy, PlanRule, PlanTraffic } from '../plan/plan-model.js';
import type { GroupFlow } from './required-flows.js';
import { addressesLeft, overlapOf, type TrafficOverlap, type TrafficShape } from './traffic-overlap.js';
import { unreadDenies, type UnreadDeny } from './unread-denies.js';

/**
 * Where the plan's denies (its deny statements and the built-in guardrails it switches on) meet
 * what it opens and what it requires, worked out once by the second pass: the findings, the
 * diagram's matrix, the query, the rule sets and the editor's deny gate read these, and none of
 * them pairs rules with denies again. A deny is found for a rule, a flow or a question through an
 * index of the denies' addresses, never by trying every deny.
 */

/** One deny with the addresses it forbids on each side (its exceptions taken out): what can be written or shown. */
export interface DeniedTraffic extends TrafficShape {
    readonly deny: PlanDeny;
}

/** A deny that some traffic meets, and the traffic they share. */
export interface DenyMeeting {
    readonly deny: PlanDeny;
    /** The traffic the deny forbids, as it can be written or shown. */
    readonly denied: DeniedTraffic;
    readonly overlap: TrafficOverlap;
}

export interface DenyConflicts {
    /** Every deny of the plan, read whole or not: its statements in file order, then each guardrail's. */
    readonly denies: readonly PlanDeny[];
    /** The traffic each deny read whole forbids, in the same order. */
    readonly denied: readonly DeniedTraffic[];
    /** The denies not read whole, and what each could forbid for all SegPlan can tell (unread-denies.ts). */
    readonly unread: readonly UnreadDeny[];
    /** Each allow rule (read whole) that lets denied traffic through, with the denies it meets in plan order; the rules in plan order. */
    readonly rules: ReadonlyMap<PlanRule, readonly DenyMeeting[]>;
    /** Each required flow between groups that a deny forbids, with the denies, in the requirements' order. */
    readonly flows: ReadonlyMap<GroupFlow, readonly DenyMeeting[]>;
    /** The denies some traffic meets (a question, a rule a quick fix is about to write), in plan order. */
    meeting(traffic: TrafficShape): DenyMeeting[];
    /**
     * The pairs of a statement or flow and a deny whose overlap was worked out: what a test counts
     * to hold the conflicts to the denies each statement can meet (never every deny for each).
     */
    readonly work: { readonly pairs: number };
}

/** A required flow as traffic, to meet denies. */
export function flowTraffic(flow: Pick<GroupFlow, 'source' | 'destination' | 'protocols' | 'ports'>): PlanTraffic {
    const protocol = flow.protocols.length === 2 ? 'tcp/udp' : flow.protocols[0];
    return {
        sources: [], destinations: [], sourceAddresses: flow.source.addresses, destinationAddresses: flow.destination.addresses,
        protocol, ports: flow.ports, allPorts: false
    };
}

/**
 * The plan's denies against its allow rules and its required flows. `byType` gives the components
 * a guardrail's component types stand for.
 */
export function denyConflicts(
    policy: PlanPolicy, catalog: Catalog, byType: ReadonlyMap<string, readonly PlanInstance[]>, flows: readonly GroupFlow[]
): DenyConflicts {
    const denies = planDenies(policy, catalog, byType);
    const resolved = denies.filter(d => d.resolved);
    const denied: DeniedTraffic[] = resolved.map(deny => ({
        deny, protocol: deny.protocol, ports: deny.ports, allPorts: deny.allPorts,
        sourceAddresses: addressesLeft(deny.sourceAddresses, deny.sourceExceptions),
        destinationAddresses: addressesLeft(deny.destinationAddresses, deny.destinationExceptions)
    }));
    const work = { pairs: 0 };
    const sources = new AddressIndex(resolved.map(d => d.sourceAddresses));
    const destinations = new AddressIndex(resolved.map(d => d.destinationAddresses));
    const meeting = (traffic: TrafficShape): DenyMeeting[] => {
        if (resolved.length === 0) return [];
        const bySource = sources.candidates(traffic.sourceAddresses);
        if (bySource.length === 0) return [];
        const byDestination = new Set(destinations.candidates(traffic.destinationAddresses));
        const found: DenyMeeting[] = [];
        for (const d of bySource) {
            if (!byDestination.has(d)) continue;
            work.pairs++;
            // The deny itself, with its exceptions: a component given by host name is still in `any except …`.
            const overlap = overlapOf(traffic, resolved[d]);
            if (overlap) found.push({ deny: resolved[d], denied: denied[d], overlap });
        }
        return found;
    };
    const rules = new Map<PlanRule, readonly DenyMeeting[]>();
    const required = new Map<GroupFlow, readonly DenyMeeting[]>();
    if (resolved.length > 0) {
        for (const rule of policy.rules) {
            if (!rule.resolved) continue;
            const met = meeting(rule);
            if (met.length > 0) rules.set(rule, met);
        }
        for (const flow of flows) {
            if (!flow.required) continue;
            const met = meeting(flowTraffic(flow));
            if (met.length > 0) required.set(flow, met);
        }
    }
    return { denies, denied, unread: unreadDenies(policy, catalog), rules, flows: required, meeting, work };
}
