import type { Catalog } from '../catalog/catalog-model.js';
import type { DenyRule, UseGuardrail } from '../generated/ast.js';
import { AddressSet } from '../network/addresses.js';
import { ALL_PORTS, portRangeOf } from '../network/ports.js';
import { guardrailOf } from '../plan/plan-denies.js';
import type { PlanDeny, PlanPolicy, PlanRuleEndpoint } from '../plan/plan-model.js';
import { overlapOf, type TrafficShape } from './traffic-overlap.js';

/**
 * The denies SegPlan could not read whole — a deny statement with a mistake in it, a `use
 * guardrail` line that names no guardrail of the catalogs — and the traffic each could forbid for
 * all SegPlan can tell. Such a deny checks nothing (its own error says why), so no answer about
 * traffic it could touch may say "allowed": the query and the matrix say they cannot tell.
 *
 * What could be forbidden is what was read, widened where the mistake is: a side with an unknown
 * name is every address, a port that is not a number is every port, and a syntax error (recovery
 * may have kept any part of the line, or none) is every address, protocol and port.
 */

export interface UnreadDeny extends TrafficShape {
    readonly node: DenyRule | UseGuardrail;
    /** Why it was not read, after "This deny …" / "This line …". */
    readonly why: string;
}

const EVERYTHING: TrafficShape = { sourceAddresses: AddressSet.ANY, destinationAddresses: AddressSet.ANY, protocol: 'any', ports: ALL_PORTS, allPorts: true };

const WHY: Record<NonNullable<PlanDeny['notRead']>, string> = {
    'syntax-error': 'has a syntax error, so SegPlan cannot tell what it forbids',
    endpoint: 'names something that is not a zone, component or address of the plan',
    'address-in-no-zone': 'names an address that lies in no zone',
    port: 'has a port that is not a number or a setting with a valid port',
    date: 'has an until date, which a deny does not take',
    guardrail: 'names a guardrail that is not in the catalogs, or that SegPlan could not read whole'
};

/** One side as far as it could be read: its addresses when every endpoint written was resolved, else every address. */
function sideOf(written: number, resolved: readonly PlanRuleEndpoint[], addresses: AddressSet): AddressSet {
    return written === resolved.length && written > 0 ? addresses : AddressSet.ANY;
}

/** Whether every port item of the statement is a port number or range (or a setting, which the plan's error would name). */
function portsReadWhole(node: DenyRule): boolean {
    return node.ports.every(item => item.value !== undefined ? portRangeOf(String(item.value)) !== undefined : item.setting?.ref !== undefined);
}

function unreadStatement(deny: PlanDeny & { node: DenyRule }): UnreadDeny {
    const why = `${WHY[deny.notRead ?? 'syntax-error']}: it checks nothing until it is fixed`;
    if (deny.notRead === 'syntax-error' || deny.protocol === undefined) return { node: deny.node, why, ...EVERYTHING };
    const ports = portsReadWhole(deny.node);
    return {
        node: deny.node, why,
        sourceAddresses: sideOf(deny.node.sources.length, deny.sources, deny.sourceAddresses),
        destinationAddresses: sideOf(deny.node.destinations.length, deny.destinations, deny.destinationAddresses),
        protocol: deny.protocol,
        ports: ports ? deny.ports : ALL_PORTS,
        allPorts: ports ? deny.allPorts : true
    };
}

/**
 * Every deny of the plan that was not read whole, in plan order (deny statements, then `use
 * guardrail` lines). Made once per analysis by the second pass: read it from the analysis
 * (`denies.unread`).
 */
export function unreadDenies(policy: PlanPolicy, catalog: Catalog): readonly UnreadDeny[] {
    const unread: UnreadDeny[] = policy.denies.filter(d => !d.resolved && d.node.$type === 'DenyRule').map(d => unreadStatement(d as PlanDeny & { node: DenyRule }));
    for (const use of policy.guardrailUses) {
        if (guardrailOf(use, catalog)) continue;
        unread.push({ node: use, why: 'names no guardrail of the catalogs, so SegPlan cannot tell what it forbids', ...EVERYTHING });
    }
    return unread;
}

/** The unread denies that could forbid part of this traffic. */
export function unreadDeniesMeeting(unread: readonly UnreadDeny[], traffic: TrafficShape): UnreadDeny[] {
    return unread.filter(d => overlapOf(traffic, d) !== undefined);
}
