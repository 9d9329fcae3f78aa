import type { Catalog } from '../catalog/catalog-model.js';
import { planDenies } from '../plan/plan-denies.js';
import type { Plan, PlanDeny } from '../plan/plan-model.js';
import { addressesLeft, type TrafficShape } from './traffic-overlap.js';

/**
 * The traffic each deny of a plan forbids (its deny statements and the built-in guardrails it
 * switches on), as addresses that can be written or shown: the emitters, the audit and the matrix
 * place a deny by these. Whether a deny meets an allow rule, a requirement or a question is
 * traffic-overlap.ts's (with the deny itself, whose exceptions keep host names in).
 */

/** One deny with the addresses it forbids on each side (its exceptions taken out). */
export interface DeniedTraffic extends TrafficShape {
    readonly deny: PlanDeny;
}

const made = new WeakMap<Plan, { catalog: Catalog; traffic: readonly DeniedTraffic[] }>();

/** The traffic every deny of the plan that was read whole forbids, in plan order. */
export function deniedTraffic(plan: Plan, catalog: Catalog): readonly DeniedTraffic[] {
    const kept = made.get(plan);
    if (kept?.catalog === catalog) return kept.traffic;
    const traffic = planDenies(plan, catalog).filter(d => d.resolved).map(deny => ({
        deny, protocol: deny.protocol, ports: deny.ports, allPorts: deny.allPorts,
        sourceAddresses: addressesLeft(deny.sourceAddresses, deny.sourceExceptions),
        destinationAddresses: addressesLeft(deny.destinationAddresses, deny.destinationExceptions)
    }));
    made.set(plan, { catalog, traffic });
    return traffic;
}
