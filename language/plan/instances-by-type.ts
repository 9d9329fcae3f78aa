import type { Catalog } from '../catalog/catalog-model.js';
import type { PlanFacts, PlanInstance } from './plan-model.js';

/**
 * A plan's instances by every type they are (their own type and its ancestors): the flow
 * instantiation and the vendor checks ask "which instances are a veeam.Proxy?" for every catalog
 * flow and every check. Worked out once per facts by the first pass of the analysis, which keeps
 * it in its state (derive-requirements.ts).
 */
export function instancesByType(facts: PlanFacts, catalog: Catalog): ReadonlyMap<string, readonly PlanInstance[]> {
    const byType = new Map<string, PlanInstance[]>();
    // forEach rather than for…of: no result object per step in code run for the first time
    // (once per instance and type of a 10,000-instance plan).
    facts.instances.forEach(instance => {
        catalog.ancestorsOf(instance.typeId).forEach(typeId => {
            let list = byType.get(typeId);
            if (!list) byType.set(typeId, list = []);
            list.push(instance);
        });
    });
    return byType;
}
