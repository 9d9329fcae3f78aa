import type { Catalog } from '../catalog/catalog-model.js';
import type { Plan, PlanInstance } from '../plan/plan-model.js';
import { instancesByType } from '../plan/instances-by-type.js';
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

const singletonPartitions = new WeakMap<Plan, Partition>();
const groupPartitions = new WeakMap<Plan, Partition>();

/** Every component a group of its own: the analysis per component pair. */
export function singletonPartition(plan: Plan, catalog: Catalog): Partition {
    let partition = singletonPartitions.get(plan);
    if (!partition) {
        const byType = new Map<string, ComponentGroup[]>();
        for (const [typeId, list] of instancesByType(plan, catalog)) byType.set(typeId, list.map(singletonGroup));
        singletonPartitions.set(plan, partition = { byType, groupOf: singletonGroup });
    }
    return partition;
}

/** The plan's components in groups the catalog cannot tell apart (groupComponents). */
export function groupPartition(plan: Plan, catalog: Catalog): Partition {
    let partition = groupPartitions.get(plan);
    if (!partition) groupPartitions.set(plan, partition = partitionOf(catalog, groupComponents(plan, plan.instances.values())));
    return partition;
}
