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
        index = new Map();
        for (const instance of plan.instances.values()) {
            for (const typeId of catalog.ancestorsOf(instance.typeId)) {
                let list = index.get(typeId);
                if (!list) index.set(typeId, list = []);
                list.push(instance);
            }
        }
        indexes.set(plan, index);
    }
    return index;
}

export function instancesOf(plan: Plan, catalog: Catalog, typeId: string): readonly PlanInstance[] {
    return instancesByType(plan, catalog).get(typeId) ?? [];
}
