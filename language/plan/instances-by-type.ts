import type { Catalog } from '../catalog/catalog-model.js';
import type { Plan, PlanInstance } from './plan-model.js';

const indexes = new WeakMap<Plan, Map<string, PlanInstance[]>>();

/**
 * A plan's instances by every type they are (their own type and its ancestors), built once per
 * plan: the flow instantiation and the vendor checks ask "which instances are a veeam.Proxy?"
 * for every catalog flow and every check.
 */
export function instancesByType(plan: Plan, catalog: Catalog): ReadonlyMap<string, readonly PlanInstance[]> {
    let index = indexes.get(plan);
    if (!index) {
        const byType = index = new Map();
        // forEach rather than for…of: no result object per step in code run for the first time
        // (once per instance and type of a 10,000-instance plan).
        plan.instances.forEach(instance => {
            catalog.ancestorsOf(instance.typeId).forEach(typeId => {
                let list = byType.get(typeId);
                if (!list) byType.set(typeId, list = []);
                list.push(instance);
            });
        });
        indexes.set(plan, index);
    }
    return index;
}

export function instancesOf(plan: Plan, catalog: Catalog, typeId: string): readonly PlanInstance[] {
    return instancesByType(plan, catalog).get(typeId) ?? [];
}
