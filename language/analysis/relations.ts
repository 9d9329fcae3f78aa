import type { Catalog, CatalogFlow, CatalogFlowEndpoint, RelationKind } from '../catalog/catalog-model.js';
import { ONE_OF_RELATIONS, RELATION_WORDS } from '../catalog/catalog-model.js';
import type { Relation } from '../generated/ast.js';
import type { Plan, PlanInstance } from '../plan/plan-model.js';
import { DEFAULT_SITE } from '../plan/plan-model.js';
import { instancesByType } from '../plan/instances-by-type.js';
import { endpointMismatch } from './flow-endpoints.js';
import { planPlatforms } from './component-platforms.js';
import { innerList, innerMap } from '../utils/inner-map.js';
import { sameList } from '../utils/same-list.js';
import type { Finding } from './finding.js';

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
    /** How the flow's relation binds its source to its destination; undefined: it does not. */
    binding(flow: CatalogFlow, source: PlanInstance, destination: PlanInstance): BindingHow | undefined;
    readonly findings: readonly Finding[];
    /** Every bound pair as text: the same exactly when every binding is the same. */
    readonly signature: string;
    /** Every relation the components state, as written (`proxy1:managed:vbr;…`), bound or not. */
    readonly stated: string;
}

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

/** What a component declares for one relation: the components it names (those that resolve). */
function declared(plan: Plan, subject: PlanInstance, kind: RelationKind): { node: Relation; index: number; target: PlanInstance }[] {
    const out: { node: Relation; index: number; target: PlanInstance }[] = [];
    for (const node of subject.node.relations ?? []) {
        if (node.kind !== kind) continue;
        node.targets.forEach((ref, index) => {
            const target = ref ? plan.instances.get(ref.$refText) : undefined;
            if (target) out.push({ node, index, target });
        });
    }
    return out;
}

/** `local database`: the server keeps its configuration database on itself. */
function hasLocalDatabase(instance: PlanInstance): boolean {
    return (instance.node.localDatabase?.length ?? 0) > 0;
}

function onInternetOutsideSites(instance: PlanInstance): boolean {
    return instance.zone.internet && instance.zone.site === DEFAULT_SITE;
}

/** Which vendors' peer flows cross each `pair` of the plan (`from|to` → vendor ids). */
function pairUsers(plan: Plan, catalog: Catalog): Map<string, Set<string>> {
    const users = new Map<string, Set<string>>();
    if (plan.sitePairs.size === 0) return users;
    for (const flow of catalog.flows) {
        if (flow.scope !== 'peer' || !flow.featureIds.every(id => plan.features.has(id))) continue;
        const from = new Set(matching(plan, catalog, flow.from, flow.vendorId).map(i => i.zone.site));
        const to = new Set(matching(plan, catalog, flow.to, flow.vendorId).map(i => i.zone.site));
        for (const key of plan.sitePairs) {
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

function separationFor(plan: Plan, users: ReadonlyMap<string, ReadonlySet<string>>, vendorId: string): Separation {
    const separates = (key: string) => { const u = users.get(key); return !u || u.has(vendorId); };
    const text = (key: string) => { const [a, b] = key.split('|'); return plan.sitePairs.has(`${b}|${a}`) ? `pair ${a} <-> ${b}` : `pair ${a} -> ${b}`; };
    const apart = (s: string, o: string, key: string): Obstacle => ({ why: `site ${s} and site ${o} are separate installations (\`${text(key)}\`) that meet only through the pair's own flows` });
    const tenantPair = new Map<string, string>();
    for (const key of plan.sitePairs) if (separates(key) && !tenantPair.has(key.split('|')[0])) tenantPair.set(key.split('|')[0], key);
    return (s, o) => {
        if (s === o) return undefined;
        const direct = [`${s}|${o}`, `${o}|${s}`].filter(key => plan.sitePairs.has(key));
        const separating = direct.find(separates);
        if (separating) return apart(s, o, separating);
        const tenant = tenantPair.get(s) ?? tenantPair.get(o);
        if (tenant) return apart(s, o, tenant);
        if (direct.length > 0) return { why: `site ${s} and site ${o} are paired for another product (\`${text(direct[0])}\`): SegPlan binds across the pair only its vendor's own components and what the plan names`, declarable: true };
        return undefined;
    };
}

/**
 * Why a relation may not bind the subject to the object, or undefined when it may. Sites a `pair`
 * keeps apart (separationFor) meet only through the pair's own flows; a component on the internet
 * in no site that talks itself (a tenant's server written without sites) is nobody's manager,
 * database or destination, while a service there (an off-site SFTP server, a database in the
 * cloud) still is; and a subject on the internet in no site (a roaming laptop) reaches off the
 * internet only the server that manages it and its backup destinations.
 */
function bindObstacle(catalog: Catalog, apart: Separation, vendorId: string, kind: RelationKind, subject: PlanInstance, object: PlanInstance): Obstacle | undefined {
    if (subject === object) return { why: 'a component works with itself through no firewall' };
    const pair = apart(subject.zone.site, object.zone.site);
    const own = (i: PlanInstance) => catalog.types.get(i.typeId)?.vendorId === vendorId;
    if (pair && !(pair.declarable && own(subject) && own(object))) return pair;
    if (onInternetOutsideSites(object) && object.zone !== subject.zone && catalog.startsFlows(object.typeId)) {
        return { why: `${object.name} is on the internet in no site (another installation): put its zone in a site if it works with ${subject.name}` };
    }
    if (onInternetOutsideSites(subject) && !object.zone.internet && kind !== 'managed' && kind !== 'writes') {
        return { why: `${subject.name} is on the internet in no site: it reaches only the server that manages it and its backup destinations` };
    }
    return undefined;
}

function matching(plan: Plan, catalog: Catalog, endpoint: CatalogFlowEndpoint, vendorId: string): PlanInstance[] {
    const platforms = planPlatforms(plan, catalog);
    return (instancesByType(plan, catalog).get(endpoint.typeId) ?? []).filter(i => endpointMismatch(i, endpoint, catalog, vendorId, platforms) === undefined);
}

/** A finding with the component it is about, so that it follows the component's statement to where an edit moved it. */
interface PlacedFinding {
    readonly finding: Finding;
    readonly subject: PlanInstance;
    /** The finding is on the component's relation at this index (its `managed by …`), not on its name. */
    readonly relation?: number;
}

/** Relations as worked out, before their findings are placed. */
interface Worked {
    readonly signature: string;
    readonly placed: readonly PlacedFinding[];
    readonly binding: PlanRelations['binding'];
}

/** Relations as worked out, and everything they were worked out from (see planRelations). */
interface Computed extends Worked {
    readonly catalog: Catalog;
    readonly instances: readonly PlanInstance[];
    readonly inputs: string;
}

const cache = new WeakMap<Plan, { computed: Computed; relations: PlanRelations }>();

/** Every relation the plan's components state, as written: `proxy1:managed:vbr;…`. */
function statedRelations(plan: Plan): string {
    const named: string[] = [];
    for (const instance of plan.instances.values()) {
        for (const node of instance.node.relations ?? []) named.push(`${instance.name}:${node.kind}:${node.targets.map(t => t?.$refText ?? '').join(',')}`);
        if (hasLocalDatabase(instance)) named.push(`${instance.name}:local database`);
    }
    return named.join(';');
}

/**
 * Everything relations depend on besides the components themselves: features, pairs, zones and
 * their sites, and every relation a component states. The components are compared as objects: the
 * plan model keeps a component's object across an edit only while its name, type, zone, OS,
 * platform and addresses say the same.
 */
function inputsOf(plan: Plan, stated: string): string {
    return [
        [...plan.features].join(','), [...plan.sitePairs].join(','),
        [...plan.zones.values()].map(z => `${z.name}@${z.site}:${z.internet}`).join(','), stated
    ].join('\u0000');
}

/**
 * The relations of a plan. Given the relations of the previous build of the same plan, they are
 * kept when nothing they depend on changed (an edit to an allow rule, a description, an address):
 * working them out again takes longer than the rest of the analysis in a plan of thousands of
 * components. Kept or not, the result is the same.
 */
export function planRelations(plan: Plan, catalog: Catalog, previous?: PlanRelations): PlanRelations {
    const cached = cache.get(plan);
    if (cached && cached.computed.catalog === catalog) return cached.relations;
    const instances = [...plan.instances.values()];
    const stated = statedRelations(plan);
    const inputs = inputsOf(plan, stated);
    const before = previous && computedOf.get(previous);
    const computed: Computed = before && before.catalog === catalog && before.inputs === inputs && sameList(before.instances, instances)
        ? before : { ...computeRelations(plan, catalog), catalog, instances, inputs };
    const relations: PlanRelations = {
        stated,
        signature: computed.signature,
        binding: computed.binding,
        findings: computed.placed.map(({ finding, subject, relation }) => ({ ...finding, node: relation === undefined ? subject.node : subject.node.relations[relation] }))
    };
    cache.set(plan, { computed, relations });
    computedOf.set(relations, computed);
    return relations;
}

const computedOf = new WeakMap<PlanRelations, Computed>();

/**
 * A relation's flows for one vendor, with the components each flow's ends match: the subjects, and
 * the objects grouped by site, so a subject's candidates in its own site are found without pairing
 * it with every component of the plan.
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
    readonly subjects: readonly ReadonlySet<PlanInstance>[];
    readonly objects: readonly (readonly PlanInstance[])[];
    readonly objectsBySite: readonly ReadonlyMap<string, readonly PlanInstance[]>[];
    /** What keeps a subject from binding an object, or undefined when nothing does. */
    readonly obstacle: (subject: PlanInstance, object: PlanInstance) => Obstacle | undefined;
}

function relationGroups(plan: Plan, catalog: Catalog): RelationGroup[] {
    // A relation binds once per vendor: a proxy's managing server is one of its vendor's backup
    // servers, whatever flows follow; the destinations an agent names narrow all its vendor's
    // flows to destinations (a storage node named: no share is written to).
    const byKey = new Map<string, CatalogFlow[]>();
    for (const flow of catalog.flows) {
        if (!flow.relation || !flow.featureIds.every(id => plan.features.has(id))) continue;
        const key = `${flow.relation.kind}\u0000${flow.vendorId}`;
        const list = byKey.get(key);
        if (list) list.push(flow); else byKey.set(key, [flow]);
    }
    const users = pairUsers(plan, catalog);
    // Who manages whom is known before the destinations are chosen: they follow it.
    const ordered = [...byKey].sort(([a], [b]) => Number(!a.startsWith('managed\u0000')) - Number(!b.startsWith('managed\u0000')));
    return ordered.map(([key, flows]) => {
        const kind = flows[0].relation!.kind, vendorId = flows[0].vendorId;
        const ends = flows.map(flow => ({ subject: subjectEnd(flow), object: objectEnd(flow) }));
        if (kind === 'managed') ends.push(...managedWithoutFlow(catalog, vendorId, flows));
        const objects = ends.map(end => matching(plan, catalog, end.object, vendorId));
        const objectsBySite = objects.map(list => {
            const bySite = new Map<string, PlanInstance[]>();
            for (const object of list) innerList(bySite, object.zone.site).push(object);
            return bySite;
        });
        // Sites are few: whether two sites are kept apart is worked out once per pair of them.
        const apart = separationFor(plan, users, vendorId);
        const known = new Map<string, Map<string, Obstacle | null>>();
        const memoApart: Separation = (s, o) => {
            const row = innerMap(known, s);
            let obstacle = row.get(o);
            if (obstacle === undefined) row.set(o, obstacle = apart(s, o) ?? null);
            return obstacle ?? undefined;
        };
        return {
            key, kind, vendorId, flows, objects, objectsBySite,
            subjects: ends.map(end => new Set(matching(plan, catalog, end.subject, vendorId))),
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
function managedWithoutFlow(catalog: Catalog, vendorId: string, managing: readonly CatalogFlow[]): { subject: CatalogFlowEndpoint; object: CatalogFlowEndpoint }[] {
    const managed = new Set(managing.map(flow => subjectEnd(flow).typeId));
    const out: { subject: CatalogFlowEndpoint; object: CatalogFlowEndpoint }[] = [];
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
function joins(group: RelationGroup, f: number, subject: PlanInstance, object: PlanInstance): boolean {
    return group.subjects[f].has(subject) && group.objects[f].includes(object);
}

/** Whether the plan may name `object` for `subject` in this group: a flow joins them, and nothing but another product's pair stands between. */
function nameableIn(group: RelationGroup, subject: PlanInstance, object: PlanInstance): boolean {
    return group.subjects.some((_, f) => {
        if (!joins(group, f, subject, object)) return false;
        const obstacle = group.obstacle(subject, object);
        return !obstacle || obstacle.declarable === true;
    });
}

/** Each component a flow of the group joins to the subject and nothing keeps from it, in plan order, from `among` (default: all of them). */
function candidates(group: RelationGroup, subject: PlanInstance, f: number, among?: (f: number) => readonly PlanInstance[] | undefined): PlanInstance[] {
    if (!group.subjects[f].has(subject)) return [];
    return (among ? among(f) ?? [] : group.objects[f]).filter(object => !group.obstacle(subject, object));
}

function computeRelations(plan: Plan, catalog: Catalog): Worked {
    const byFlow = new Map<CatalogFlow, Map<PlanInstance, Map<PlanInstance, BindingHow>>>();
    const placed: PlacedFinding[] = [];
    const signature: string[] = [];
    // A database is one server's: a database another server names is no candidate for the rest.
    const claimedDatabases = new Set<PlanInstance>();
    for (const instance of plan.instances.values()) for (const d of declared(plan, instance, 'database')) claimedDatabases.add(d.target);
    const groups = relationGroups(plan, catalog);

    /** Vendor → component → the servers that manage it (declared, inferred or still undecided). */
    const managersOf = new Map<string, Map<PlanInstance, Map<PlanInstance, BindingHow>>>();
    for (const group of groups) {
        const { key, kind, vendorId, flows } = group;
        const oneOf = ONE_OF_RELATIONS.has(kind);
        const bindings = new Map<PlanInstance, Map<PlanInstance, BindingHow>>();
        for (const flow of flows) byFlow.set(flow, bindings);
        if (kind === 'managed') managersOf.set(vendorId, bindings);
        const managers = managersOf.get(vendorId);
        const subjects = new Set(group.subjects.flatMap(set => [...set]));
        // A plan that says which components are push-installed says the others are not.
        const pushedNamed = kind === 'pushed' && [...subjects].some(s => declared(plan, s, kind).length > 0);
        for (const subject of subjects) {
            // `local database`: no other component is its configuration database.
            if (kind === 'database' && hasLocalDatabase(subject)) continue;
            const named = declared(plan, subject, kind).map(d => d.target).filter(t => nameableIn(group, subject, t));
            const objects = new Map<PlanInstance, BindingHow>();
            if (named.length > 0) {
                for (const object of named) objects.set(object, 'declared');
            } else if (!pushedNamed) {
                // One-of: one pool over every kind of candidate; many-of: a pool per kind of destination.
                const pools = oneOf ? [group.subjects.map((_, f) => f)] : group.subjects.map((_, f) => [f]);
                const report = (finding: Finding) => placed.push({ finding, subject });
                for (const pool of pools) {
                    for (const [object, how] of chosen(group, subject, pool, managers, claimedDatabases, report, catalog)) objects.set(object, how);
                }
            }
            if (objects.size === 0) continue;
            bindings.set(subject, objects);
            signature.push(`${key}|${subject.name}>${[...objects].map(([o, how]) => `${o.name}:${how}`).join(',')}`);
        }
    }
    // `local database` where no database flow runs, or beside a `database` the line names.
    for (const subject of plan.instances.values()) {
        if (!hasLocalDatabase(subject)) continue;
        const databases = groups.filter(g => g.kind === 'database' && g.subjects.some(set => set.has(subject)));
        const named = declared(plan, subject, 'database');
        const message = databases.length === 0
            ? `${subject.name} has no configuration database to keep on itself: no catalog flow follows \`database\` from ${subject.typeId}.`
            : named.length > 0 ? `${subject.name} cannot keep its configuration database on itself and have \`database ${named[0].target.name}\`: keep one.` : undefined;
        if (message) placed.push({ finding: { code: RELATION_NOT_POSSIBLE, severity: 'error', node: subject.node, property: 'localDatabase', message, data: { code: RELATION_NOT_POSSIBLE } }, subject });
    }
    // A component named where no flow of the relation could run.
    for (const subject of plan.instances.values()) {
        (subject.node.relations ?? []).forEach((node, relation) => {
            const kind = node.kind as RelationKind;
            const ofKind = groups.filter(g => g.kind === kind && g.subjects.some(set => set.has(subject)));
            node.targets.forEach((ref, index) => {
                const target = ref ? plan.instances.get(ref.$refText) : undefined;
                if (!target || ofKind.some(g => nameableIn(g, subject, target))) return;
                placed.push({ finding: notPossibleFinding(subject, kind, target, node, index, obstacleBetween(ofKind, subject, target)?.why), subject, relation });
            });
        });
    }
    return {
        placed,
        signature: signature.join(';'),
        binding(flow, source, destination) {
            const bindings = byFlow.get(flow);
            if (!bindings) return undefined;
            const [subject, object] = flow.relation!.subjectIsSource ? [source, destination] : [destination, source];
            return bindings.get(subject)?.get(object);
        }
    };
}

/** What keeps a subject from an object that some flow of the groups would join, if anything. */
function obstacleBetween(groups: readonly RelationGroup[], subject: PlanInstance, object: PlanInstance): Obstacle | undefined {
    for (const group of groups) {
        for (let f = 0; f < group.subjects.length; f++) {
            if (object === subject || !joins(group, f, subject, object)) continue;
            const obstacle = group.obstacle(subject, object);
            if (obstacle) return obstacle;
        }
    }
    return undefined;
}

/**
 * The components a subject is bound to by the flows `pool` of a group, when the plan names none:
 * its candidates, narrowed as the relation says (another server's database, another server's
 * destinations and hosts are not its own), the ones in its own site first.
 */
function chosen(group: RelationGroup, subject: PlanInstance, pool: readonly number[], managers: ReadonlyMap<PlanInstance, ReadonlyMap<PlanInstance, BindingHow>> | undefined,
    claimedDatabases: ReadonlySet<PlanInstance>, report: (finding: Finding) => void, catalog: Catalog): Map<PlanInstance, BindingHow> {
    const { kind, vendorId } = group;
    const gather = (among?: (f: number) => readonly PlanInstance[] | undefined) => [...new Set(pool.flatMap(f => candidates(group, subject, f, among)))];
    const narrowed = (list: PlanInstance[]) => {
        let out = list;
        if (kind === 'database') out = out.filter(c => !claimedDatabases.has(c));
        // A proxy, an agent or a gateway writes to the repositories of the server that manages
        // it, never to another server's (where both servers are known). A proxy reads the hosts
        // of the server that manages both, a backup server its own.
        if ((kind === 'served' || kind === 'writes') && managers) out = out.filter(c => sharesManager(managers, subject, c));
        return out;
    };
    let candidatesHere: PlanInstance[];
    if (kind === 'monitors' || kind === 'administers') {
        // A monitoring server and an admin's console work with servers anywhere: no site comes first.
        candidatesHere = narrowed(gather());
    } else if (kind === 'database') {
        // A server's configuration database is on the server itself unless the plan says otherwise
        // (seed 004 §2 row 8: "if external PostgreSQL"). A candidate in its own site is taken; one
        // in another site is not taken for it: the engineer says which (`database pg1`, `local database`).
        candidatesHere = narrowed(gather(f => group.objectsBySite[f].get(subject.zone.site)));
        if (candidatesHere.length === 0) {
            const elsewhere = narrowed(gather());
            if (elsewhere.length > 0) report(databaseElsewhereFinding(subject, elsewhere, catalog));
        }
    } else {
        const local = narrowed(gather(f => group.objectsBySite[f].get(subject.zone.site)));
        if (local.length > 0) candidatesHere = local;
        else {
            // A host with no proxy in its site is read from where its backup server is.
            const serverSites = new Set([...managers?.get(subject)?.keys() ?? []].map(m => m.zone.site));
            const central = kind === 'served' ? narrowed(gather(f => group.objects[f].filter(c => serverSites.has(c.zone.site)))) : [];
            if (central.length > 0) candidatesHere = central;
            else {
                const every = gather();
                candidatesHere = narrowed(every);
                if (kind === 'writes' && managers && candidatesHere.length === 0) {
                    if (every.length > 0) report(otherServersFinding(subject, every, managers, catalog));
                }
            }
        }
    }
    const how: BindingHow = ONE_OF_RELATIONS.has(kind) && candidatesHere.length > 1 ? 'undecided' : 'inferred';
    if (how === 'undecided') report(undecidedFinding(subject, kind, candidatesHere));
    // An abstract type has its own error; a type of another vendor (an ESXi host) is managed by
    // this vendor only where it is used.
    const type = catalog.types.get(subject.typeId);
    if (candidatesHere.length === 0 && kind === 'managed' && type?.vendorId === vendorId && !type.abstract) {
        const flows = pool.filter(f => f < group.flows.length && group.subjects[f].has(subject)).map(f => group.flows[f]);
        const blocked = new Map<PlanInstance, Obstacle>();
        for (const f of pool) {
            if (!group.subjects[f].has(subject)) continue;
            for (const object of group.objects[f]) {
                const obstacle = object === subject ? undefined : group.obstacle(subject, object);
                if (obstacle) blocked.set(object, obstacle);
            }
        }
        report(missingFinding(subject, flows, catalog, blocked));
    }
    return new Map(candidatesHere.map(c => [c, how]));
}

/**
 * Whether two components may work for one managing server: the one manages the other, either's is
 * unknown, or one server manages both.
 */
function sharesManager(managers: ReadonlyMap<PlanInstance, ReadonlyMap<PlanInstance, BindingHow>>, a: PlanInstance, b: PlanInstance): boolean {
    const ofA = managers.get(a), ofB = managers.get(b);
    if (ofA?.has(b) || ofB?.has(a)) return true;
    if (!ofA || !ofB) return true;
    for (const manager of ofA.keys()) if (ofB.has(manager)) return true;
    return false;
}

/** A component that writes backups, whose every possible destination is another server's. */
function otherServersFinding(subject: PlanInstance, others: readonly PlanInstance[], managers: ReadonlyMap<PlanInstance, ReadonlyMap<PlanInstance, BindingHow>>, catalog: Catalog): Finding {
    const own = [...managers.get(subject)!.keys()].map(m => m.name).join(' or ');
    const kinds = [...new Set(others.map(o => catalog.types.get(o.typeId)?.displayName ?? o.typeId))].join(' or ');
    const whose = others.map(o => `${o.name} is ${[...managers.get(o)!.keys()].map(m => m.name).join(' or ')}'s`).join(', ');
    return {
        code: RELATION_MISSING, severity: 'warning', node: subject.node, property: 'name',
        message: `${subject.name} has no ${kinds} of ${own}, the server that manages it, to write to (${whose}), so SegPlan requires none of its flows to one. `
            + `Add ${own}'s destination, or say which it writes to (\`writes to ${others[0].name}\`).`,
        data: { code: RELATION_MISSING }
    };
}

function undecidedFinding(subject: PlanInstance, kind: RelationKind, candidates: readonly PlanInstance[]): Finding {
    const words = RELATION_WORDS[kind];
    const names = candidates.map(c => c.name);
    return {
        code: RELATION_UNDECIDED, severity: 'warning', node: subject.node, property: 'name',
        message: `${subject.name} could be ${kind === 'monitors' ? 'monitoring' : words} ${names.join(' or ')}: say which (\`${words} ${names[0]}\`). `
            + `Until then SegPlan requires its flows with every one of them.`,
        data: { code: RELATION_UNDECIDED, relation: words, candidates: names }
    };
}

/** A server whose only possible configuration databases are in other sites: the plan says whether it uses one. */
function databaseElsewhereFinding(subject: PlanInstance, candidates: readonly PlanInstance[], catalog: Catalog): Finding {
    const names = candidates.map(c => `${c.name} (${c.zone.site === DEFAULT_SITE ? 'in no site' : `site ${c.zone.site}`})`);
    const kinds = [...new Set(candidates.map(c => catalog.types.get(c.typeId)?.displayName ?? c.typeId))].join(' or ');
    return {
        code: RELATION_UNDECIDED, severity: 'warning', node: subject.node, property: 'name',
        message: `${subject.name} may keep its configuration database on itself or use ${names.join(' or ')}, a ${kinds} in another site. `
            + `SegPlan requires no database flow for it until the plan says which: \`database ${candidates[0].name}\` or \`local database\`.`,
        data: { code: RELATION_UNDECIDED, relation: RELATION_WORDS.database, candidates: candidates.map(c => c.name), local: true }
    };
}

function missingFinding(subject: PlanInstance, flows: readonly CatalogFlow[], catalog: Catalog, blocked: ReadonlyMap<PlanInstance, Obstacle> | undefined): Finding {
    const managers = [...new Set(flows.map(f => objectEnd(f).typeId))];
    const displayed = managers.map(id => catalog.types.get(id)?.displayName ?? id).join(' or ');
    const apart = [...blocked ?? []].filter(([object]) => managers.some(id => catalog.ancestorsOf(object.typeId).has(id)));
    const message = apart.length === 0
        ? `${subject.name} has no ${displayed} in the plan to manage it, so SegPlan requires none of the flows that manage it. `
            + `Add the server that manages it (${managers.join(', ')}) and, when it is not the only one, \`managed by\` it.`
        : `${subject.name} has no ${displayed} that SegPlan may take to manage it, so none of the flows that manage it are required: `
            + `${apart.map(([object]) => object.name).join(', ')} ${apart.length === 1 ? 'is' : 'are'} not taken (${apart[0][1].why}).`;
    return { code: RELATION_MISSING, severity: 'warning', node: subject.node, property: 'name', message, data: { code: RELATION_MISSING } };
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
