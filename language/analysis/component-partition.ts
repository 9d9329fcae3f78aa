import type { Catalog } from '../catalog/catalog-model.js';
import type { PlanFacts, PlanInstance } from '../plan/plan-model.js';
import { groupComponents, singletonGroup, type ComponentGroup } from '../plan/component-groups.js';

/** How a pass sees the plan's components: one by one, or in groups the catalog cannot tell apart. */
export interface Partition {
    /** Type id → the groups of that type (by every type their members are), in plan order. */
    readonly byType: ReadonlyMap<string, readonly ComponentGroup[]>;
    readonly groupOf: (instance: PlanInstance) => ComponentGroup;
}

function partitionOf(catalog: Catalog, groups: readonly ComponentGroup[]): Partition {
    const byType = new Map<string, ComponentGroup[]>();
    const groupOf = new Map<PlanInstance, ComponentGroup>();
    for (const group of groups) {
        for (const member of group.members) groupOf.set(member, group);
        for (const typeId of catalog.ancestorsOf(group.typeId)) {
            const list = byType.get(typeId);
            if (list) list.push(group); else byType.set(typeId, [group]);
        }
    }
    return { byType, groupOf: instance => groupOf.get(instance)! };
}

/** Every component a group of its own: the analysis per component pair. */
export function singletonPartition(byType: ReadonlyMap<string, readonly PlanInstance[]>): Partition {
    const groups = new Map<string, ComponentGroup[]>();
    for (const [typeId, list] of byType) groups.set(typeId, list.map(singletonGroup));
    return { byType: groups, groupOf: singletonGroup };
}

/** The plan's components in groups the catalog cannot tell apart (groupComponents). */
export function groupPartition(facts: PlanFacts, catalog: Catalog): Partition {
    return partitionOf(catalog, groupComponents(facts, facts.instances.values()));
}
