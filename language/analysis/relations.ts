import type { Catalog, CatalogFlow, CatalogFlowEndpoint, RelationKind } from '../catalog/catalog-model.js';
import { ONE_OF_RELATIONS, RELATION_WORDS } from '../catalog/catalog-model.js';
import type { Relation } from '../generated/ast.js';
import type { PlanFacts, PlanInstance, PlanRelationStatement } from '../plan/plan-model.js';
import { DEFAULT_SITE } from '../plan/plan-model.js';
import type { ComponentGroup } from '../plan/component-groups.js';
import { endpointMismatch } from './flow-endpoints.js';
import type { PlanPlatforms } from './component-platforms.js';
import { innerList, innerMap } from '../utils/inner-map.js';
import { sameList } from '../utils/same-list.js';
import type { Finding } from './finding.js';
import { withMessage } from './finding-written-when-read.js';
import type { Partition } from './component-partition.js';
import type { CatalogRows } from './catalog-rows.js';

/**
 * Who works with whom. A catalog flow that `follows` a relation (the managing server's flows to a
 * proxy, a server's flows to its configuration database, an agent's to its backup destinations)
 * runs between exactly the pairs the relation binds, whatever their sites:
 * - declared: the plan names them (`proxy1 : veeam.Proxy in br managed by vbr`);
 * - inferred, where the plan leaves no doubt: for a one-of relation (a managing server, a
 *   configuration database, the server that pushes an agent) the one candidate in the component's
 *   site, or else the one in the plan; for a many-of relation (backup destinations, the servers a
 *   monitoring server watches, the servers a console administers) every candidate — for backup
 *   destinations, the site's own when it has any;
 * - undecided: a one-of relation with two or more candidates and none named. The flows to every
 *   candidate stay required (nothing is dropped) and a finding names the candidates, with a quick
 *   fix per candidate that writes the relation.
 * A managed component with no possible managing server of its own vendor is a finding too.
 */

/** How a relation came to bind a pair. */
export type BindingHow = 'declared' | 'inferred' | 'undecided';

export interface PlanRelations {
    /** The facts and the catalog they were worked out from. */
    readonly facts: PlanFacts;
    readonly catalog: Catalog;
    /** How the flow's relation binds its source to its destination; undefined: it does not. */
    binding(flow: CatalogFlow, source: PlanInstance, destination: PlanInstance): BindingHow | undefined;
    /**
     * The groups of components (of `partition`) the flow's relation binds to the group of `source`
     * on the flow's other side, with how; a group is bound when its members are (each member of
     * a group bound to its own group is bound to the others, never to itself). Undefined: none.
     */
    boundTo(flow: CatalogFlow, source: PlanInstance): ReadonlyMap<ComponentGroup, BindingHow> | undefined;
    /** The groups the bindings are between. */
    readonly partition: Partition;
    /** What each component runs on where the plan leaves it open: the relations bind by it. */
    readonly platforms: PlanPlatforms;
    /** Per relation of a vendor, in the order worked out: which groups bind which (what sameBindingsAs compares). */
    readonly bindings: ReadonlyMap<string, Bindings>;
    /** What the plan leaves undecided, placed at the components' statements as they are now (an edit may have moved them). */
    findings(): Finding[];
    /** Whether every binding is the same as in other relations (of an earlier build of the plan). */
    sameBindingsAs(other: PlanRelations): boolean;
    /**
     * The work they took: the pairs of groups they examined as candidates, the pairs of groups
     * they bound, and the bound pairs indexed the other way round (for the flows that read them
     * from the named side). What a test counts to hold relations to the pairs they bind (never
     * every component with every candidate of the plan).
     */
    readonly work: RelationsWork;
}

export interface RelationsWork {
    readonly examined: number;
    readonly bound: number;
    /** Grows when a flow first reads a relation's bindings from the named side. */
    readonly reversed: number;
}

/** A component, or a group of components the catalog cannot tell apart: what a relation is worked out for. */
type Party = PlanInstance | ComponentGroup;

export const RELATION_UNDECIDED = 'relation-undecided';
export const RELATION_MISSING = 'relation-missing';
export const RELATION_NOT_POSSIBLE = 'relation-not-possible';

/** The side of a relation flow that states the relation, and the side it names. */
function subjectEnd(flow: CatalogFlow): CatalogFlowEndpoint {
    return flow.relation!.subjectIsSource ? flow.from : flow.to;
}

function objectEnd(flow: CatalogFlow): CatalogFlowEndpoint {
    return flow.relation!.subjectIsSource ? flow.to : flow.from;
}

/** The relations as written, by the component that states them. */
type StatedBy = ReadonlyMap<string, readonly PlanRelationStatement[]>;

function statedBy(facts: PlanFacts): StatedBy {
    const by = new Map<string, PlanRelationStatement[]>();
    for (const statement of facts.relations) innerList(by, statement.subject).push(statement);
    return by;
}

/** What a component declares for one relation: the components it names (those that resolve). */
function declared(facts: PlanFacts, stated: StatedBy, subject: PlanInstance, kind: RelationKind): PlanInstance[] {
    const out: PlanInstance[] = [];
    for (const statement of stated.get(subject.name) ?? []) {
        if (statement.kind !== kind) continue;
        for (const name of statement.targets) {
            const target = name ? facts.instances.get(name) : undefined;
            if (target) out.push(target);
        }
    }
    return out;
}

/** `local database`: the server keeps its configuration database on itself. */
function hasLocalDatabase(facts: PlanFacts, instance: Party): boolean {
    return facts.localDatabases.has(instance.name);
}

function onInternetOutsideSites(instance: Party): boolean {
    return instance.zone.internet && instance.zone.site === DEFAULT_SITE;
}

/** Which vendors' peer flows cross each `pair` of the plan (`from|to` → vendor ids). */
function pairUsers(facts: PlanFacts, catalog: Catalog, partition: Partition, platforms: PlanPlatforms): Map<string, Set<string>> {
    const users = new Map<string, Set<string>>();
    if (facts.sitePairs.size === 0) return users;
    for (const flow of catalog.flows) {
        if (flow.scope !== 'peer' || !flow.featureIds.every(id => facts.features.has(id))) continue;
        const from = new Set(matching(partition, catalog, flow.from, flow.vendorId, platforms).map(i => i.zone.site));
        const to = new Set(matching(partition, catalog, flow.to, flow.vendorId, platforms).map(i => i.zone.site));
        for (const key of facts.sitePairs) {
            const [s, d] = key.split('|');
            if (!from.has(s) || !to.has(d)) continue;
            const set = users.get(key);
            if (set) set.add(flow.vendorId); else users.set(key, new Set([flow.vendorId]));
        }
    }
    return users;
}

/** What keeps a relation from binding a pair, and whether the plan may still name it. */
interface Obstacle {
    readonly why: string;
    /** A pair only another product's flows cross: SegPlan does not guess across it, the plan may bind. */
    readonly declarable?: boolean;
}

/**
 * What keeps one vendor's relations from joining two sites: a `pair` makes separate installations
 * (a Cloud Connect tenant and its provider) for the vendors whose flows cross it, or, when no
 * vendor's flows cross it, for every vendor. The site a pair starts from (a tenant) is an
 * installation of its own: it binds to no other site, so two tenants of one provider never work
 * with each other. A pair that only another vendor's flows cross (Zerto replicating hq to dr)
 * separates nothing: the vendor's own components work together across it (a backup server and
 * its repository in the other site), but whether they work with the other product's side of the
 * pair (the recovery site's vCenter) is not SegPlan's guess: the plan names that.
 */
type Separation = (s: string, o: string) => Obstacle | undefined;

function separationFor(facts: PlanFacts, users: ReadonlyMap<string, ReadonlySet<string>>, vendorId: string): Separation {
    const separates = (key: string) => { const u = users.get(key); return !u || u.has(vendorId); };
    const text = (key: string) => { const [a, b] = key.split('|'); return facts.sitePairs.has(`${b}|${a}`) ? `pair ${a} <-> ${b}` : `pair ${a} -> ${b}`; };
    const apart = (s: string, o: string, key: string): Obstacle => ({ why: `site ${s} and site ${o} are separate installations (\`${text(key)}\`) that meet only through the pair's own flows` });
    const tenantPair = new Map<string, string>();
    for (const key of facts.sitePairs) if (separates(key) && !tenantPair.has(key.split('|')[0])) tenantPair.set(key.split('|')[0], key);
    return (s, o) => {
        if (s === o) return undefined;
        const direct = [`${s}|${o}`, `${o}|${s}`].filter(key => facts.sitePairs.has(key));
        const separating = direct.find(separates);
        if (separating) return apart(s, o, separating);
        const tenant = tenantPair.get(s) ?? tenantPair.get(o);
        if (tenant) return apart(s, o, tenant);
        if (direct.length > 0) return { why: `site ${s} and site ${o} are paired for another product (\`${text(direct[0])}\`): SegPlan binds across the pair only its vendor's own components and what the plan names`, declarable: true };
        return undefined;
    };
}

const ITSELF: Obstacle = { why: 'a component works with itself through no firewall' };

/**
 * Why a relation may not bind the subject to the object, or undefined when it may. Sites a `pair`
 * keeps apart (separationFor) meet only through the pair's own flows; a component on the internet
 * in no site that talks itself (a tenant's server written without sites) is nobody's manager,
 * database or destination, while a service there (an off-site SFTP server, a database in the
 * cloud) still is; and a subject on the internet in no site (a roaming laptop) reaches off the
 * internet only the server that manages it and its backup destinations. It reads the parties'
 * types, zones and sites, which the members of a group share: the same for a group as for each
 * member. That a component works with itself through no firewall is the caller's (ITSELF).
 */
function bindObstacle(catalog: Catalog, apart: Separation, vendorId: string, kind: RelationKind, subject: Party, object: Party): Obstacle | undefined {
    const pair = apart(subject.zone.site, object.zone.site);
    if (pair && !(pair.declarable && ownedBy(catalog, vendorId, subject) && ownedBy(catalog, vendorId, object))) return pair;
    if (onInternetOutsideSites(object) && object.zone !== subject.zone && catalog.startsFlows(object.typeId)) {
        return { why: `${object.name} is on the internet in no site (another installation): put its zone in a site if it works with ${subject.name}` };
    }
    if (onInternetOutsideSites(subject) && !object.zone.internet && kind !== 'managed' && kind !== 'writes') {
        return { why: `${subject.name} is on the internet in no site: it reaches only the server that manages it and its backup destinations` };
    }
    return undefined;
}

function ownedBy(catalog: Catalog, vendorId: string, party: Party): boolean {
    return catalog.types.get(party.typeId)?.vendorId === vendorId;
}

/** The groups whose members are what a flow's endpoint means, in plan order. */
function matching(partition: Partition, catalog: Catalog, endpoint: CatalogFlowEndpoint, vendorId: string, platforms: PlanPlatforms): ComponentGroup[] {
    return (partition.byType.get(endpoint.typeId) ?? []).filter(g => endpointMismatch(g, endpoint, catalog, vendorId, platforms) === undefined);
}

/** A finding with the component it is about, so that it follows the component's statement to where an edit moved it. */
interface PlacedFinding {
    /** Written when placed (and its message when read): a plan without sites has a finding on each of thousands of agents. */
    readonly finding: (node: Finding['node']) => Finding;
    readonly subject: PlanInstance;
    /** The finding is on the component's relation at this index (its `managed by …`), not on its name. */
    readonly relation?: number;
}

/** Subject group → object group → how, for one relation of one vendor; and the same the other way round. */
export interface Bindings {
    readonly forward: ReadonlyMap<ComponentGroup, ReadonlyMap<ComponentGroup, BindingHow>>;
    readonly reverse: ReadonlyMap<ComponentGroup, ReadonlyMap<ComponentGroup, BindingHow>>;
}

/**
 * The bindings of every relation group that binds nothing, once worked out: one object for all.
 * Most groups of a small plan bind nothing (a vendor it does not use, a relation its components
 * do not have), and a workspace of many plans held empty maps for each.
 */
const NO_BINDINGS: Bindings = { forward: new Map(), reverse: new Map() };

/**
 * Bindings filled in `forward`; `reverse` is indexed from it when first read, once the relation is
 * worked out: only flows that run from the named side to the stating side read it (a server's to
 * its proxies), and a console bound to the servers of every site is never looked up the other way.
 * A class: written as an object with a getter, each held a dictionary of its properties, several
 * times its own size, for every relation of every plan of a workspace.
 */
class LazyBindings implements Bindings {
    readonly forward = new Map<ComponentGroup, Map<ComponentGroup, BindingHow>>();
    #reverse: Map<ComponentGroup, Map<ComponentGroup, BindingHow>> | undefined;

    constructor(private readonly work: { reversed: number }) {}

    get reverse(): ReadonlyMap<ComponentGroup, ReadonlyMap<ComponentGroup, BindingHow>> {
        if (!this.#reverse) {
            const index = this.#reverse = new Map();
            const work = this.work;
            // forEach, not for…of: no entry or step object per pair (a plan's hundreds of thousands).
            this.forward.forEach((objects, subject) => {
                objects.forEach((how, object) => { innerMap(index, object).set(subject, how); });
                work.reversed += objects.size;
            });
        }
        return this.#reverse;
    }
}

/** Relations as worked out, before their findings are placed. */
interface Worked {
    readonly placed: readonly PlacedFinding[];
    /** Per relation group key, in the order worked out. */
    readonly bindings: ReadonlyMap<string, Bindings>;
    /** The bindings of each relation of the catalog's (CatalogRelation), by its place among them. */
    readonly byRelation: readonly Bindings[];
    /** The place of each flow's relation among the catalog's: shared by the plans with the same features. */
    readonly relationOf: ReadonlyMap<CatalogFlow, number>;
    readonly partition: Partition;
    /** Counted as the relations are worked out, and `reversed` later, as flows read them. */
    readonly work: RelationsWork;
}

/**
 * The relations of a plan's facts, between the groups of `partition`. Given the relations of the
 * previous analysis of the same plan, they are kept when worked out from the same facts, catalog
 * and partition: the facts are the same object while nothing they hold changed (plan-reuse.ts).
 * Kept or not, the result is the same.
 */
export function planRelations(facts: PlanFacts, catalog: Catalog, partition: Partition, platforms: PlanPlatforms, rows: CatalogRows, previous?: PlanRelations): PlanRelations {
    if (previous && previous.facts === facts && previous.catalog === catalog && previous.partition === partition && previous.platforms === platforms) return previous;
    const computed = computeRelations(facts, catalog, partition, platforms, catalogRelations(catalog, facts.features, rows));
    const bindingsOf = (flow: CatalogFlow): Bindings | undefined => {
        const at = computed.relationOf.get(flow);
        return at === undefined ? undefined : computed.byRelation[at];
    };
    const relations: PlanRelations = {
        facts, catalog, partition, platforms, bindings: computed.bindings,
        work: computed.work,
        binding(flow, source, destination) {
            const bindings = bindingsOf(flow);
            if (!bindings || source === destination) return undefined;
            const [subject, object] = flow.relation!.subjectIsSource ? [source, destination] : [destination, source];
            return bindings.forward.get(partition.groupOf(subject))?.get(partition.groupOf(object));
        },
        boundTo(flow, source) {
            const bindings = bindingsOf(flow);
            if (!bindings) return undefined;
            return (flow.relation!.subjectIsSource ? bindings.forward : bindings.reverse).get(partition.groupOf(source));
        },
        sameBindingsAs(other) {
            return sameBindings(computed.bindings, other.bindings);
        },
        findings: () => computed.placed.map(({ finding, subject, relation }) => finding(relation === undefined ? subject.node : subject.node.relations[relation]))
    };
    return relations;
}

/** Whether two groups stand for the same components (groups of two builds are compared by their members). */
function sameGroup(a: ComponentGroup, b: ComponentGroup): boolean {
    return a === b || sameList(a.members, b.members);
}

/** Whether two sets of bindings bind the same components the same way, in the same order. */
function sameBindings(a: ReadonlyMap<string, Bindings>, b: ReadonlyMap<string, Bindings>): boolean {
    if (a.size !== b.size) return false;
    for (const [key, ours] of a) {
        const theirs = b.get(key);
        if (!theirs || ours.forward.size !== theirs.forward.size) return false;
        const other = theirs.forward.entries();
        for (const [subject, objects] of ours.forward) {
            const [theirSubject, theirObjects] = other.next().value!;
            if (!sameGroup(subject, theirSubject) || objects.size !== theirObjects.size) return false;
            const otherObjects = theirObjects.entries();
            for (const [object, how] of objects) {
                const [theirObject, theirHow] = otherObjects.next().value!;
                if (how !== theirHow || !sameGroup(object, theirObject)) return false;
            }
        }
    }
    return true;
}

/** The side of each of a relation's flows that states it, and the side it names. */
interface RelationEnds {
    readonly subject: CatalogFlowEndpoint;
    readonly object: CatalogFlowEndpoint;
}

/** One vendor's relation of one kind as the catalog gives it: the same for every plan that uses the same features. */
interface CatalogRelation {
    readonly key: string;
    readonly kind: RelationKind;
    readonly vendorId: string;
    /** The flows that follow it (those whose features the plans use). */
    readonly flows: readonly CatalogFlow[];
    /** An entry per flow and, for `managed`, one more per host that only a `serves` flow reaches (managedWithoutFlow). */
    readonly ends: readonly RelationEnds[];
}

/** The catalog's relations for one set of features: in the order worked out (who manages whom first), and each flow's place among them. */
interface RelationsOfFeatures {
    readonly list: readonly CatalogRelation[];
    readonly relationOf: ReadonlyMap<CatalogFlow, number>;
}

/** The catalog's relations for each set of the features their flows need (kept by CatalogRows). */
export interface CatalogRelations {
    /** Every feature a relation's flow needs, once each. */
    readonly featureIds: readonly string[];
    /** By the features of `featureIds` a plan uses. */
    readonly byFeatures: Map<string, RelationsOfFeatures>;
}

/**
 * The catalog's relations for the features a plan uses, worked out once per catalog and set of
 * those features: the plans of a workspace (and every analysis of one plan) share them, where
 * each plan grouped the catalog's flows again and mapped each relation flow to its bindings.
 */
function catalogRelations(catalog: Catalog, features: ReadonlySet<string>, rows: CatalogRows): RelationsOfFeatures {
    const all = rows.relations ??= { featureIds: [...new Set(catalog.flows.flatMap(f => f.relation ? f.featureIds : []))], byFeatures: new Map() };
    let key = '';
    for (const id of all.featureIds) if (features.has(id)) key += `${id}\u0000`;
    let found = all.byFeatures.get(key);
    if (!found) {
        rows.work.relationSets++;
        all.byFeatures.set(key, found = relationsOfFeatures(catalog, features));
    }
    return found;
}

function relationsOfFeatures(catalog: Catalog, features: ReadonlySet<string>): RelationsOfFeatures {
    // A relation binds once per vendor: a proxy's managing server is one of its vendor's backup
    // servers, whatever flows follow; the destinations an agent names narrow all its vendor's
    // flows to destinations (a storage node named: no share is written to).
    const byKey = new Map<string, CatalogFlow[]>();
    for (const flow of catalog.flows) {
        if (!flow.relation || !flow.featureIds.every(id => features.has(id))) continue;
        const key = `${flow.relation.kind}\u0000${flow.vendorId}`;
        const list = byKey.get(key);
        if (list) list.push(flow); else byKey.set(key, [flow]);
    }
    // Who manages whom is known before the destinations are chosen: they follow it.
    const ordered = [...byKey].sort(([a], [b]) => Number(!a.startsWith('managed\u0000')) - Number(!b.startsWith('managed\u0000')));
    const relationOf = new Map<CatalogFlow, number>();
    const list = ordered.map(([key, flows], at): CatalogRelation => {
        const kind = flows[0].relation!.kind, vendorId = flows[0].vendorId;
        const ends: RelationEnds[] = flows.map(flow => ({ subject: subjectEnd(flow), object: objectEnd(flow) }));
        if (kind === 'managed') ends.push(...managedWithoutFlow(catalog, vendorId, flows));
        for (const flow of flows) relationOf.set(flow, at);
        return { key, kind, vendorId, flows, ends };
    });
    return { list, relationOf };
}

/**
 * A relation's flows for one vendor, with the groups of components each flow's ends match: the
 * subjects, and the objects also by site, so a subject's candidates in its own site are found
 * without pairing it with every component of the plan. Members of a group are alike in all a
 * relation reads (type, zone, site, OS, platform, what they state and whether they are named),
 * so a relation is worked out once per group.
 */
interface RelationGroup {
    readonly key: string;
    readonly kind: RelationKind;
    readonly vendorId: string;
    /**
     * The flows the relation binds. The lists below have an entry per flow and, for `managed`, one
     * more per host that only a `serves` flow reaches (a Hyper-V host): a server manages it, so
     * that its own proxies read it, though no flow of its own runs between them.
     */
    readonly flows: readonly CatalogFlow[];
    readonly subjects: readonly ReadonlySet<ComponentGroup>[];
    readonly objects: readonly (readonly ComponentGroup[])[];
    readonly objectSets: readonly ReadonlySet<ComponentGroup>[];
    readonly objectsBySite: readonly ReadonlyMap<string, readonly ComponentGroup[]>[];
    /** What keeps a subject from binding an object (two parties; itself aside), or undefined when nothing does. */
    readonly obstacle: (subject: Party, object: Party) => Obstacle | undefined;
    /** The work of all relation groups of one computation (see PlanRelations.examined). */
    readonly work: { examined: number };
}

function relationGroups(facts: PlanFacts, catalog: Catalog, partition: Partition, platforms: PlanPlatforms, relations: RelationsOfFeatures, work: { examined: number }): RelationGroup[] {
    const users = pairUsers(facts, catalog, partition, platforms);
    return relations.list.map(({ key, kind, vendorId, flows, ends }) => {
        const objects = ends.map(end => matching(partition, catalog, end.object, vendorId, platforms));
        const objectsBySite = objects.map(list => {
            const bySite = new Map<string, ComponentGroup[]>();
            for (const object of list) innerList(bySite, object.zone.site).push(object);
            return bySite;
        });
        // Sites are few: whether two sites are kept apart is worked out once per pair of them.
        const apart = separationFor(facts, users, vendorId);
        // Without pairs no two sites are kept apart; a site is never kept from itself.
        const known = new Map<string, Map<string, Obstacle | null>>();
        const memoApart: Separation = facts.sitePairs.size === 0 ? () => undefined : (s, o) => {
            if (s === o) return undefined;
            const row = innerMap(known, s);
            let obstacle = row.get(o);
            if (obstacle === undefined) row.set(o, obstacle = apart(s, o) ?? null);
            return obstacle ?? undefined;
        };
        return {
            key, kind, vendorId, flows, objects, objectsBySite, work,
            objectSets: objects.map(list => new Set(list)),
            subjects: ends.map(end => new Set(matching(partition, catalog, end.subject, vendorId, platforms))),
            obstacle: (subject, object) => bindObstacle(catalog, memoApart, vendorId, kind, subject, object)
        };
    });
}

/**
 * The hosts a vendor's `serves` flows reach that none of its `manages` flows reach (a Hyper-V host:
 * seed 004 §3 row 7 has the proxy read it, and no row has the backup server reach it), each with
 * the servers that manage the components serving it: the plan may say which server's it is
 * (`managed by vbr`), and SegPlan infers it as for an ESXi host, so that the proxies of that
 * server read it.
 */
function managedWithoutFlow(catalog: Catalog, vendorId: string, managing: readonly CatalogFlow[]): RelationEnds[] {
    const managed = new Set(managing.map(flow => subjectEnd(flow).typeId));
    const out: RelationEnds[] = [];
    const seen = new Set<string>();
    for (const served of catalog.flows) {
        if (served.vendorId !== vendorId || served.relation?.kind !== 'served') continue;
        const host = subjectEnd(served), server = objectEnd(served);
        if ([...catalog.ancestorsOf(host.typeId)].some(id => managed.has(id))) continue;
        for (const flow of managing) {
            if (!catalog.ancestorsOf(server.typeId).has(subjectEnd(flow).typeId)) continue;
            const key = `${host.typeId}\u0000${objectEnd(flow).typeId}`;
            if (seen.has(key)) continue;
            seen.add(key);
            out.push({ subject: { ...host, os: undefined, platforms: [], excludedTypeIds: [] }, object: objectEnd(flow) });
        }
    }
    return out;
}

/** Whether the group's flow `f` runs between the subject and the object, obstacles aside. */
function joins(group: RelationGroup, partition: Partition, f: number, subject: PlanInstance, object: PlanInstance): boolean {
    return group.subjects[f].has(partition.groupOf(subject)) && group.objectSets[f].has(partition.groupOf(object));
}

/** What keeps one component from another: itself, or what keeps their groups apart. */
function obstacleOf(group: RelationGroup, subject: PlanInstance, object: PlanInstance): Obstacle | undefined {
    return subject === object ? ITSELF : group.obstacle(subject, object);
}

/** Whether the plan may name `object` for `subject` in this group: a flow joins them, and nothing but another product's pair stands between. */
function nameableIn(group: RelationGroup, partition: Partition, subject: PlanInstance, object: PlanInstance): boolean {
    return group.subjects.some((_, f) => {
        if (!joins(group, partition, f, subject, object)) return false;
        const obstacle = obstacleOf(group, subject, object);
        return !obstacle || obstacle.declarable === true;
    });
}

/** How many of a candidate group's members a member of `subject` may be bound to: all but itself. */
function othersIn(candidate: ComponentGroup, subject: ComponentGroup): number {
    return candidate === subject ? candidate.members.length - 1 : candidate.members.length;
}

/** Plan order of the components. */
interface Positions { get(instance: PlanInstance): number | undefined }

/** The members of groups, in plan order. */
function membersOf(groups: readonly ComponentGroup[], positions: Positions): PlanInstance[] {
    if (groups.length === 1) return [...groups[0].members];
    const all = groups.flatMap(g => g.members);
    const at = all.map(member => positions.get(member)!);
    return all.map((_, i) => i).sort((a, b) => at[a] - at[b]).map(i => all[i]);
}

/**
 * Each group a flow of the relation group joins to the subject group and nothing keeps from it,
 * from `among` (default: all of them), in plan order; the subject's own group when it has other
 * members.
 */
function candidateGroups(group: RelationGroup, subject: ComponentGroup, f: number, among?: (f: number) => readonly ComponentGroup[] | undefined): ComponentGroup[] {
    if (!group.subjects[f].has(subject)) return [];
    const list = among ? among(f) ?? [] : group.objects[f];
    group.work.examined += list.length;
    return list.filter(object => othersIn(object, subject) > 0 && (object === subject || !group.obstacle(subject, object)));
}

/** What a subject group is bound to for one pool of flows, and what its members are told. */
interface Chosen {
    readonly objects: readonly ComponentGroup[];
    readonly how: BindingHow;
    /** The members of `objects` in the order a component-by-component pass finds them (a member leaves itself out). */
    readonly components: () => readonly PlanInstance[];
    /** Whether its members are told something (findings). */
    readonly tells: boolean;
    /** The findings for one member of the group (each names the member, and candidates other than itself). */
    readonly findings: (member: PlanInstance) => ((node: Finding['node']) => Finding)[];
}

/** What one group of subjects is bound to: the components it names, or what was chosen for it per pool of flows. */
interface WorkedSubject {
    readonly objects: Map<ComponentGroup, BindingHow>;
    readonly chosen: Chosen[];
    named?: PlanInstance[];
}

/** The components a component's group is bound to, in the order a component-by-component pass finds them (itself left out). */
type OrderedObjects = (member: PlanInstance) => readonly PlanInstance[];

function computeRelations(facts: PlanFacts, catalog: Catalog, partition: Partition, platforms: PlanPlatforms, relations: RelationsOfFeatures): Worked {
    const byRelation: Bindings[] = [];
    const bindings = new Map<string, Bindings>();
    const placed: PlacedFinding[] = [];
    // Wanted only to order what findings name.
    let order: Map<PlanInstance, number> | undefined;
    const positions: Positions = {
        get(instance) {
            if (!order) {
                order = new Map();
                for (const each of facts.instances.values()) order.set(each, order.size);
            }
            return order.get(instance);
        }
    };
    // A database is one server's: a database another server names is no candidate for the rest.
    const stated = statedBy(facts);
    const claimedDatabases = new Set<ComponentGroup>();
    for (const statement of facts.relations) {
        if (statement.kind !== 'database') continue;
        for (const name of statement.targets) {
            const target = name ? facts.instances.get(name) : undefined;
            if (target) claimedDatabases.add(partition.groupOf(target));
        }
    }
    const work = { examined: 0, bound: 0, reversed: 0 };
    const groups = relationGroups(facts, catalog, partition, platforms, relations, work);

    /** Vendor → component group → the groups of the servers that manage it (declared, inferred or still undecided). */
    const managersOf = new Map<string, ReadonlyMap<ComponentGroup, ReadonlyMap<ComponentGroup, BindingHow>>>();
    /** Vendor → the servers that manage a component, by name in findings. */
    const managerComponentsOf = new Map<string, OrderedObjects>();
    for (let at = 0; at < groups.length; at++) {
        const group = groups[at];
        const { key, kind, vendorId } = group;
        const oneOf = ONE_OF_RELATIONS.has(kind);
        const own = new LazyBindings(work);
        bindings.set(key, own);
        byRelation[at] = own;
        // Worked out once per group of subjects: its members are alike in all a relation reads.
        const worked = new Map<ComponentGroup, WorkedSubject>();
        if (kind === 'managed') {
            managersOf.set(vendorId, own.forward);
            managerComponentsOf.set(vendorId, member => {
                const result = worked.get(partition.groupOf(member));
                if (!result) return [];
                const ordered = new Set<PlanInstance>(result.named);
                for (const chosen of result.chosen) for (const c of chosen.components()) ordered.add(c);
                ordered.delete(member);
                return [...ordered];
            });
        }
        const managers = managersOf.get(vendorId);
        const managerComponents = managerComponentsOf.get(vendorId);
        // Every group of subjects, in the order the flows give them.
        const subjectGroups = new Set<ComponentGroup>();
        for (const set of group.subjects) for (const subjectGroup of set) subjectGroups.add(subjectGroup);
        // A plan that says which components are push-installed says the others are not.
        const pushedNamed = kind === 'pushed' && [...subjectGroups].some(g => declared(facts, stated, g.members[0], kind).length > 0);
        const told = new Set<ComponentGroup>();
        for (const subjectGroup of subjectGroups) {
            // Members of a group state the same relations; a component named is a group of its own.
            const subject = subjectGroup.members[0];
            // `local database`: no other component is its configuration database.
            if (kind === 'database' && hasLocalDatabase(facts, subject)) continue;
            const result: WorkedSubject = { objects: new Map(), chosen: [] };
            worked.set(subjectGroup, result);
            const named = declared(facts, stated, subject, kind).filter(t => nameableIn(group, partition, subject, t));
            if (named.length > 0) {
                result.named = named;
                for (const object of named) result.objects.set(partition.groupOf(object), 'declared');
            } else if (!pushedNamed) {
                // One-of: one pool over every kind of candidate; many-of: a pool per kind of destination
                // (none for a kind it has no flow to: nothing to choose).
                const pools = oneOf ? [group.subjects.map((_, f) => f)] : group.subjects.map((_, f) => [f]).filter(([f]) => group.subjects[f].has(subjectGroup));
                for (const pool of pools) {
                    const chosen = chosenFor(group, subjectGroup, pool, managers, managerComponents, claimedDatabases, catalog, positions);
                    result.chosen.push(chosen);
                    if (chosen.tells) told.add(subjectGroup);
                    for (const object of chosen.objects) result.objects.set(object, chosen.how);
                }
            }
            if (result.objects.size > 0) own.forward.set(subjectGroup, result.objects);
        }
        // Each member of a group that is told something, in the order the flows and the plan give
        // them: by the first flow its group is a subject of, then in plan order.
        if (told.size > 0) {
            const byFirstFlow = new Map<number, ComponentGroup[]>();
            for (const told1 of told) innerList(byFirstFlow, group.subjects.findIndex(set => set.has(told1))).push(told1);
            const members = [...byFirstFlow].sort(([a], [b]) => a - b).flatMap(([, groups]) => membersOf(groups, positions));
            for (const subject of members) {
                for (const chosen of worked.get(partition.groupOf(subject))!.chosen) for (const finding of chosen.findings(subject)) placed.push({ finding, subject });
            }
        }
        // Nothing is bound once the group is worked out: its place (and order) among the keys is kept.
        if (own.forward.size === 0) {
            bindings.set(key, NO_BINDINGS);
            byRelation[at] = NO_BINDINGS;
        }
    }
    // `local database` where no database flow runs, or beside a `database` the line names.
    for (const subject of facts.instances.values()) {
        if (!hasLocalDatabase(facts, subject)) continue;
        const databases = groups.filter(g => g.kind === 'database' && g.subjects.some(set => set.has(partition.groupOf(subject))));
        const named = declared(facts, stated, subject, 'database');
        const message = databases.length === 0
            ? `${subject.name} has no configuration database to keep on itself: no catalog flow follows \`database\` from ${subject.typeId}.`
            : named.length > 0 ? `${subject.name} cannot keep its configuration database on itself and have \`database ${named[0].name}\`: keep one.` : undefined;
        if (message) placed.push({ finding: node => ({ code: RELATION_NOT_POSSIBLE, severity: 'error', node, property: 'localDatabase', message, data: { code: RELATION_NOT_POSSIBLE } }), subject });
    }
    // A component named where no flow of the relation could run.
    for (const statement of facts.relations) {
        const subject = facts.instances.get(statement.subject)!;
        const kind = statement.kind as RelationKind;
        const ofKind = groups.filter(g => g.kind === kind && g.subjects.some(set => set.has(partition.groupOf(subject))));
        statement.targets.forEach((name, index) => {
            const target = name ? facts.instances.get(name) : undefined;
            if (!target || ofKind.some(g => nameableIn(g, partition, subject, target))) return;
            const why = obstacleBetween(ofKind, partition, subject, target)?.why;
            placed.push({ finding: at => notPossibleFinding(subject, kind, target, at as Relation, index, why), subject, relation: statement.index });
        });
    }
    for (const { forward } of bindings.values()) for (const objects of forward.values()) work.bound += objects.size;
    return { placed, bindings, byRelation, relationOf: relations.relationOf, partition, work };
}

/** What keeps a subject from an object that some flow of the groups would join, if anything. */
function obstacleBetween(groups: readonly RelationGroup[], partition: Partition, subject: PlanInstance, object: PlanInstance): Obstacle | undefined {
    for (const group of groups) {
        for (let f = 0; f < group.subjects.length; f++) {
            if (object === subject || !joins(group, partition, f, subject, object)) continue;
            const obstacle = group.obstacle(subject, object);
            if (obstacle) return obstacle;
        }
    }
    return undefined;
}

/**
 * The groups a subject group is bound to by the flows `pool` of a relation group, when the plan
 * names none: its candidates, narrowed as the relation says (another server's database, another
 * server's destinations and hosts are not its own), the ones in its own site first.
 */
function chosenFor(group: RelationGroup, subject: ComponentGroup, pool: readonly number[], managers: ReadonlyMap<ComponentGroup, ReadonlyMap<ComponentGroup, BindingHow>> | undefined,
    managerComponents: OrderedObjects | undefined, claimedDatabases: ReadonlySet<ComponentGroup>, catalog: Catalog, positions: Positions): Chosen {
    const { kind, vendorId } = group;
    // The flows of the pool the subject starts or ends as the stating side: the others have no candidate for it.
    const active = pool.filter(f => group.subjects[f].has(subject));
    const gather = (among?: (f: number) => readonly ComponentGroup[] | undefined): ComponentGroup[] => {
        if (active.length === 1) return candidateGroups(group, subject, active[0], among);
        const found = new Set<ComponentGroup>();
        for (const f of active) for (const c of candidateGroups(group, subject, f, among)) found.add(c);
        return [...found];
    };
    const narrowed = (list: ComponentGroup[]) => {
        let out = list;
        if (kind === 'database') out = out.filter(c => !claimedDatabases.has(c));
        // A proxy, an agent or a gateway writes to the repositories of the server that manages
        // it, never to another server's (where both servers are known). A proxy reads the hosts
        // of the server that manages both, a backup server its own.
        if ((kind === 'served' || kind === 'writes') && managers) out = out.filter(c => sharesManager(managers, subject, c));
        return out;
    };
    /** The candidates as components, in the order a component-by-component pass finds them: by flow of the pool, then in plan order. */
    const componentsOf = (chosen: readonly ComponentGroup[], among?: (f: number) => readonly ComponentGroup[] | undefined): PlanInstance[] => {
        const wanted = new Set(chosen);
        const found = new Set<PlanInstance>();
        for (const f of pool) for (const member of membersOf(candidateGroups(group, subject, f, among).filter(c => wanted.has(c)), positions)) found.add(member);
        return [...found];
    };
    let candidatesHere: ComponentGroup[];
    let among: ((f: number) => readonly ComponentGroup[] | undefined) | undefined;
    let otherServers: ComponentGroup[] | undefined;
    let databasesElsewhere: ComponentGroup[] | undefined;
    if (kind === 'monitors' || kind === 'administers') {
        // A monitoring server and an admin's console work with servers anywhere: no site comes first.
        candidatesHere = narrowed(gather());
    } else if (kind === 'database') {
        // A server's configuration database is on the server itself unless the plan says otherwise
        // (seed 004 §2 row 8: "if external PostgreSQL"). A candidate in its own site is taken; one
        // in another site is not taken for it: the engineer says which (`database pg1`, `local database`).
        const local = (f: number) => group.objectsBySite[f].get(subject.zone.site);
        candidatesHere = narrowed(gather(local));
        among = local;
        if (candidatesHere.length === 0) {
            const elsewhere = narrowed(gather());
            if (elsewhere.length > 0) databasesElsewhere = elsewhere;
        }
    } else {
        const local = (f: number) => group.objectsBySite[f].get(subject.zone.site);
        const here = narrowed(gather(local));
        if (here.length > 0) {
            candidatesHere = here;
            among = local;
        } else {
            // A host with no proxy in its site is read from where its backup server is.
            const serverSites = new Set([...managers?.get(subject)?.keys() ?? []].map(m => m.zone.site));
            const atServers = (f: number) => serverSites.size === 1 ? group.objectsBySite[f].get([...serverSites][0])
                : group.objects[f].filter(c => serverSites.has(c.zone.site));
            const central = kind === 'served' ? narrowed(gather(atServers)) : [];
            if (central.length > 0) {
                candidatesHere = central;
                among = atServers;
            } else {
                const every = gather();
                candidatesHere = narrowed(every);
                if (kind === 'writes' && managers && candidatesHere.length === 0 && every.length > 0) otherServers = every;
            }
        }
    }
    const count = candidatesHere.reduce((n, c) => n + othersIn(c, subject), 0);
    const how: BindingHow = ONE_OF_RELATIONS.has(kind) && count > 1 ? 'undecided' : 'inferred';
    // An abstract type has its own error; a type of another vendor (an ESXi host) is managed by
    // this vendor only where it is used.
    const type = catalog.types.get(subject.typeId);
    const missing = count === 0 && kind === 'managed' && type?.vendorId === vendorId && !type.abstract;
    let candidateComponents: PlanInstance[] | undefined, otherComponents: PlanInstance[] | undefined;
    const components = () => candidateComponents ??= componentsOf(candidatesHere, among);
    const findings = (member: PlanInstance): ((node: Finding['node']) => Finding)[] => {
        const out: ((node: Finding['node']) => Finding)[] = [];
        if (databasesElsewhere) {
            const candidates = componentsOf(databasesElsewhere).filter(c => c !== member);
            if (candidates.length > 0) out.push(node => databaseElsewhereFinding(member, node, candidates, catalog));
        }
        if (otherServers) {
            const others = (otherComponents ??= componentsOf(otherServers)).filter(o => o !== member);
            out.push(node => otherServersFinding(member, node, others, managerComponents!, catalog));
        }
        if (how === 'undecided') {
            // Named when the finding is read: a plan without sites has one on each of thousands of
            // components, and an editor or `check` shows only so many.
            const candidates = () => candidatesHere.includes(subject) ? components().filter(c => c !== member) : components();
            out.push(node => undecidedFinding(member, node, kind, candidates));
        }
        if (missing) {
            const flows = pool.filter(f => f < group.flows.length && group.subjects[f].has(subject)).map(f => group.flows[f]);
            const blocked = new Map<PlanInstance, Obstacle>();
            for (const f of pool) {
                if (!group.subjects[f].has(subject)) continue;
                for (const object of membersOf(group.objects[f], positions)) {
                    const obstacle = object === member ? undefined : group.obstacle(member, object);
                    if (obstacle) blocked.set(object, obstacle);
                }
            }
            out.push(node => missingFinding(member, node, flows, catalog, blocked));
        }
        return out;
    };
    return { objects: candidatesHere, how, components, findings, tells: !!otherServers || !!databasesElsewhere || how === 'undecided' || missing };
}

/**
 * Whether two components may work for one managing server: the one manages the other, either's is
 * unknown, or one server manages both.
 */
function sharesManager(managers: ReadonlyMap<ComponentGroup, ReadonlyMap<ComponentGroup, BindingHow>>, a: ComponentGroup, b: ComponentGroup): boolean {
    const ofA = managers.get(a), ofB = managers.get(b);
    if (ofA?.has(b) || ofB?.has(a)) return true;
    if (!ofA || !ofB) return true;
    for (const manager of ofA.keys()) if (ofB.has(manager)) return true;
    return false;
}

/** A component that writes backups, whose every possible destination is another server's. */
function otherServersFinding(subject: PlanInstance, node: Finding['node'], others: readonly PlanInstance[], managers: OrderedObjects, catalog: Catalog): Finding {
    const managerNames = (i: PlanInstance) => managers(i).map(m => m.name).join(' or ');
    return withMessage({ code: RELATION_MISSING, severity: 'warning', node, property: 'name', data: { code: RELATION_MISSING } }, () => {
        const own = managerNames(subject);
        const kinds = [...new Set(others.map(o => catalog.types.get(o.typeId)?.displayName ?? o.typeId))].join(' or ');
        const whose = others.map(o => `${o.name} is ${managerNames(o)}'s`).join(', ');
        return `${subject.name} has no ${kinds} of ${own}, the server that manages it, to write to (${whose}), so SegPlan requires none of its flows to one. `
            + `Add ${own}'s destination, or say which it writes to (\`writes to ${others[0].name}\`).`;
    });
}

function undecidedFinding(subject: PlanInstance, node: Finding['node'], kind: RelationKind, candidatesOf: () => readonly PlanInstance[]): Finding {
    const words = RELATION_WORDS[kind];
    let candidates: readonly PlanInstance[] | undefined;
    const names = () => (candidates ??= candidatesOf()).map(c => c.name);
    return withMessage(
        { code: RELATION_UNDECIDED, severity: 'warning', node, property: 'name' },
        () => `${subject.name} could be ${kind === 'monitors' ? 'monitoring' : words} ${names().join(' or ')}: say which (\`${words} ${candidates![0].name}\`). `
            + `Until then SegPlan requires its flows with every one of them.`,
        undefined,
        () => ({ code: RELATION_UNDECIDED, relation: words, candidates: names() })
    );
}

/** A server whose only possible configuration databases are in other sites: the plan says whether it uses one. */
function databaseElsewhereFinding(subject: PlanInstance, node: Finding['node'], candidates: readonly PlanInstance[], catalog: Catalog): Finding {
    const names = candidates.map(c => `${c.name} (${c.zone.site === DEFAULT_SITE ? 'in no site' : `site ${c.zone.site}`})`);
    const kinds = [...new Set(candidates.map(c => catalog.types.get(c.typeId)?.displayName ?? c.typeId))].join(' or ');
    return {
        code: RELATION_UNDECIDED, severity: 'warning', node, property: 'name',
        message: `${subject.name} may keep its configuration database on itself or use ${names.join(' or ')}, a ${kinds} in another site. `
            + `SegPlan requires no database flow for it until the plan says which: \`database ${candidates[0].name}\` or \`local database\`.`,
        data: { code: RELATION_UNDECIDED, relation: RELATION_WORDS.database, candidates: candidates.map(c => c.name), local: true }
    };
}

function missingFinding(subject: PlanInstance, node: Finding['node'], flows: readonly CatalogFlow[], catalog: Catalog, blocked: ReadonlyMap<PlanInstance, Obstacle> | undefined): Finding {
    const managers = [...new Set(flows.map(f => objectEnd(f).typeId))];
    const displayed = managers.map(id => catalog.types.get(id)?.displayName ?? id).join(' or ');
    const apart = [...blocked ?? []].filter(([object]) => managers.some(id => catalog.ancestorsOf(object.typeId).has(id)));
    const message = apart.length === 0
        ? `${subject.name} has no ${displayed} in the plan to manage it, so SegPlan requires none of the flows that manage it. `
            + `Add the server that manages it (${managers.join(', ')}) and, when it is not the only one, \`managed by\` it.`
        : `${subject.name} has no ${displayed} that SegPlan may take to manage it, so none of the flows that manage it are required: `
            + `${apart.map(([object]) => object.name).join(', ')} ${apart.length === 1 ? 'is' : 'are'} not taken (${apart[0][1].why}).`;
    return { code: RELATION_MISSING, severity: 'warning', node, property: 'name', message, data: { code: RELATION_MISSING } };
}

function notPossibleFinding(subject: PlanInstance, kind: RelationKind, target: PlanInstance, node: Relation, index: number, obstacle: string | undefined): Finding {
    const words = RELATION_WORDS[kind];
    const why = obstacle ?? `no catalog flow follows \`${words}\` from ${subject.typeId} to ${target.typeId}`;
    return {
        code: RELATION_NOT_POSSIBLE, severity: 'error', node, property: 'targets', index,
        message: `${subject.name} cannot be \`${words} ${target.name}\`: ${why}.`,
        data: { code: RELATION_NOT_POSSIBLE }
    };
}
