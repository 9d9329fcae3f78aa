import { AddressSet } from '../network/addresses.js';
import type { Instance, Os } from '../generated/ast.js';
import type { PlanFacts, PlanInstance, PlanZone } from './plan-model.js';
import { ObjectSlot } from '../utils/object-slot.js';

/**
 * Components of one type in one zone that the catalog cannot tell apart: same type, OS, platform,
 * NAT and port overrides. Every catalog flow that reaches one of them reaches all of them, from the
 * same components, so the analysis works out a plan's requirements once per group instead of once
 * per component pair — a plan without sites has all pairs of its components in one site, and 2,000
 * components used to mean 440,000 requirements. A finding, the flow list or an emitter that needs
 * the single components takes them from `members`.
 */
export interface ComponentGroup {
    /** The members' names, shortened when there are many (`esx1 … esx40 (40 components)`). */
    readonly name: string;
    readonly members: readonly PlanInstance[];
    /** The first member's declaration (where a finding about the group is shown), after the latest parse. */
    readonly node: Instance;
    readonly typeId: string;
    readonly zone: PlanZone;
    /** Every member's addresses. */
    readonly addresses: AddressSet;
    readonly os?: Os;
    readonly platform?: string;
    readonly nat: boolean;
}

/** One level of groupComponents' trie: a trait's value → the next level; MEMBERS → the group's members. */
type Trie = Map<unknown, unknown>;
const MEMBERS = Symbol('members');

function innerLevel(level: Trie, key: unknown): Trie {
    let next = level.get(key) as Trie | undefined;
    if (!next) level.set(key, next = new Map());
    return next;
}

/** `a`, `a, b, c`, or `a, b … z (26 components)`. */
function groupName(members: readonly PlanInstance[]): string {
    if (members.length <= 3) return members.map(m => m.name).join(', ');
    return `${members[0].name}, ${members[1].name} … ${members[members.length - 1].name} (${members.length} components)`;
}

/**
 * A group as the plan's analysis holds it: the traits its members share taken from the first.
 * One class, so that every group has one compact shape: written as an object with a getter, each
 * group held a dictionary of its properties, several times its own size, and a workspace of
 * plans holds tens of thousands of groups.
 */
class Group implements ComponentGroup {
    readonly typeId: string;
    readonly zone: PlanZone;
    readonly os: Os | undefined;
    readonly platform: string | undefined;
    readonly nat: boolean;

    constructor(readonly name: string, readonly members: readonly PlanInstance[], readonly addresses: AddressSet) {
        const first = members[0];
        this.typeId = first.typeId;
        this.zone = first.zone;
        this.os = first.os;
        this.platform = first.platform;
        this.nat = first.nat;
    }

    /** A re-parse moves kept components to the new AST (buildPlan): the group follows its first member. */
    get node(): Instance {
        return this.members[0].node;
    }
}

const singletons = new ObjectSlot<PlanInstance, ComponentGroup>('singleton group');

/** The group of one component: the analysis per component pair is the analysis of these. */
export function singletonGroup(instance: PlanInstance): ComponentGroup {
    let group = singletons.get(instance);
    if (!group) {
        group = new Group(instance.name, [instance], instance.addresses);
        singletons.set(instance, group);
    }
    return group;
}

/** The member itself when the group has one: what a per-pair consumer expects. */
export function soleMember(group: ComponentGroup): PlanInstance | undefined {
    return group.members.length === 1 ? group.members[0] : undefined;
}

/**
 * The plan's components in groups the catalog cannot tell apart, in plan order of their first
 * member. A component named by a port override limited to some components is grouped only with
 * components the same overrides name.
 */
export function groupComponents(facts: PlanFacts, instances: Iterable<PlanInstance>): ComponentGroup[] {
    // Most plans limit no override to some components: nothing to write per component then.
    const limited = facts.portOverrides.some(o => o.instances.size > 0);
    const overridesOf = (instance: PlanInstance): string => !limited ? '' : facts.portOverrides
        .map((o, i) => (o.instances.has(instance.name) ? i : -1)).filter(i => i >= 0).join(',');
    // A component that states a relation, or that one names, is told apart by it (relations.ts):
    // by what it states, and, when named, by its own name.
    const named = new Set<string>();
    const stated = new Map<string, string[]>();
    for (const relation of facts.relations) {
        for (const target of relation.targets) if (target) named.add(target);
        const list = stated.get(relation.subject);
        const text = `${relation.kind} ${relation.targets.join(',')}`;
        if (list) list.push(text); else stated.set(relation.subject, [text]);
    }
    const relationsOf = (instance: PlanInstance): string => {
        const own = (stated.get(instance.name)?.join(';') ?? '') + (facts.localDatabases.has(instance.name) ? ';local database' : '');
        return named.has(instance.name) ? `${own}\u0001${instance.name}` : own;
    };
    const relationsTell = stated.size > 0 || facts.localDatabases.size > 0;
    // A trie of maps, one level per trait the catalog tells components apart by: a component adds
    // no key text of its own (10,000 components used to write 10,000 joined keys), and traits most
    // components lack (relations, limited overrides) are looked up only for those that have them.
    const root: Trie = new Map();
    const lists: PlanInstance[][] = [];
    for (const instance of instances) {
        let level = innerLevel(innerLevel(innerLevel(innerLevel(innerLevel(root,
            instance.typeId), instance.zone.name), instance.os ?? ''), instance.platform ?? ''), instance.nat);
        if (limited) level = innerLevel(level, overridesOf(instance));
        if (relationsTell) level = innerLevel(level, relationsOf(instance));
        let list = level.get(MEMBERS) as PlanInstance[] | undefined;
        if (!list) { level.set(MEMBERS, list = []); lists.push(list); }
        list.push(instance);
    }
    return lists.map(members => members.length === 1
        ? singletonGroup(members[0])
        : new Group(groupName(members), members, AddressSet.unionOf(members.map(m => m.addresses))));
}
