import type { Catalog } from '../catalog/catalog-model.js';
import { AddressSet } from '../network/addresses.js';
import { planDenies } from '../plan/plan-denies.js';
import type { Plan, PlanDeny } from '../plan/plan-model.js';
import type { TrafficShape } from './traffic-overlap.js';

/**
 * The traffic each deny of a plan forbids (its deny statements and the built-in guardrails it
 * switches on), as the views, the query, the emitters and the audit read it: one place turns a
 * deny's sides and exceptions into the addresses it covers.
 */

/** One deny with the addresses it forbids on each side (its exceptions taken out). */
export interface DeniedTraffic extends TrafficShape {
    readonly deny: PlanDeny;
}

/** Every IPv4 and IPv6 address as a finite set, so that a guardrail's exceptions can be taken out of `any`. */
export const EVERY_ADDRESS = AddressSet.of([
    { kind: 'ipv4', interval: { from: 0n, to: (1n << 32n) - 1n } },
    { kind: 'ipv6', interval: { from: 0n, to: (1n << 128n) - 1n } }
]);

function without(side: AddressSet, exceptions: AddressSet): AddressSet {
    if (exceptions.isEmpty) return side;
    return (side.any ? EVERY_ADDRESS : side).subtract(exceptions);
}

const made = new WeakMap<Plan, { catalog: Catalog; traffic: readonly DeniedTraffic[] }>();

/** The traffic every deny of the plan that was read whole forbids, in plan order. */
export function deniedTraffic(plan: Plan, catalog: Catalog): readonly DeniedTraffic[] {
    const kept = made.get(plan);
    if (kept?.catalog === catalog) return kept.traffic;
    const traffic = planDenies(plan, catalog).filter(d => d.resolved).map(deny => ({
        deny, protocol: deny.protocol, ports: deny.ports, allPorts: deny.allPorts,
        sourceAddresses: without(deny.sourceAddresses, deny.sourceExceptions),
        destinationAddresses: without(deny.destinationAddresses, deny.destinationExceptions)
    }));
    made.set(plan, { catalog, traffic });
    return traffic;
}
