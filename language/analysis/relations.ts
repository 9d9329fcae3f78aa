import type { Catalog, CatalogFlow, CatalogFlowEndpoint, RelationKind } from '../catalog/catalog-model.js';
import { ONE_OF_RELATIONS, RELATION_WORDS } from '../catalog/catalog-model.js';
import type { Relation } from '../generated/ast.js';
import type { Plan, PlanInstance } from '../plan/plan-model.js';
import { DEFAULT_SITE } from '../plan/plan-model.js';
import { instancesByType } from '../plan/instances-by-type.js';
import { endpointMismatch } from './flow-endpoints.js';
import { innerMap } from '../utils/inner-map.js';
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
    return (instancesByType(plan, catalog).get(endpoint.typeId) ?? []).filter(i => endpointMismatch(i, endpoint, catalog, vendorId) === undefined);
}

const cache = new WeakMap<Plan, { catalog: Catalog; relations: PlanRelations }>();

export function planRelations(plan: Plan, catalog: Catalog): PlanRelations {
    const cached = cache.get(plan);
    if (cached && cached.catalog === catalog) return cached.relations;
    const relations = computeRelations(plan, catalog);
    cache.set(plan, { catalog, relations });
    return relations;
}

function computeRelations(plan: Plan, catalog: Catalog): PlanRelations {
    // A relation binds once per vendor: a proxy's managing server is one of its vendor's backup
    // servers, whatever flows follow; the destinations an agent names narrow all its vendor's
    // flows to destinations (a storage node named: no share is written to).
    const groups = new Map<string, CatalogFlow[]>();
    for (const flow of catalog.flows) {
        if (!flow.relation || !flow.featureIds.every(id => plan.features.has(id))) continue;
        const key = `${flow.relation.kind}\u0000${flow.vendorId}`;
        const list = groups.get(key);
        if (list) list.push(flow); else groups.set(key, [flow]);
    }
    const byFlow = new Map<CatalogFlow, Map<PlanInstance, Map<PlanInstance, BindingHow>>>();
    const findings: Finding[] = [];
    const signature: string[] = [];
    /** Subject → relation kind → every component some flow of that kind lets it name. */
    const possible = new Map<PlanInstance, Map<RelationKind, Set<PlanInstance>>>();
    // A database is one server's: a database another server names is no candidate for the rest.
    const claimedDatabases = new Set<PlanInstance>();
    for (const instance of plan.instances.values()) for (const d of declared(plan, instance, 'database')) claimedDatabases.add(d.target);
    const users = pairUsers(plan, catalog);
    /** Subject → relation kind → the components of a fitting type SegPlan does not bind it to, and why. */
    const blocked = new Map<PlanInstance, Map<RelationKind, Map<PlanInstance, Obstacle>>>();

    /** Vendor → component → the servers that manage it (declared, inferred or still undecided). */
    const managersOf = new Map<string, Map<PlanInstance, Map<PlanInstance, BindingHow>>>();
    // Who manages whom is known before the destinations are chosen: they follow it.
    const ordered = [...groups].sort(([a], [b]) => Number(!a.startsWith('managed\u0000')) - Number(!b.startsWith('managed\u0000')));
    for (const [key, flows] of ordered) {
        const kind = flows[0].relation!.kind, vendorId = flows[0].vendorId;
        const oneOf = ONE_OF_RELATIONS.has(kind);
        const bindings = new Map<PlanInstance, Map<PlanInstance, BindingHow>>();
        for (const flow of flows) byFlow.set(flow, bindings);
        if (kind === 'managed') managersOf.set(vendorId, bindings);
        const managers = managersOf.get(vendorId);
        const apart = separationFor(plan, users, vendorId);
        /** Subject → the candidates of each flow (each kind of destination). */
        const candidatesOf = new Map<PlanInstance, Set<PlanInstance>[]>();
        /** Subject → the components it may bind only by naming them (across another product's pair), per flow. */
        const nameableOf = new Map<PlanInstance, Set<PlanInstance>[]>();
        flows.forEach((flow, f) => {
            const objects = matching(plan, catalog, objectEnd(flow), vendorId);
            for (const subject of matching(plan, catalog, subjectEnd(flow), vendorId)) {
                let sets = candidatesOf.get(subject);
                if (!sets) candidatesOf.set(subject, sets = flows.map(() => new Set()));
                let nameable = nameableOf.get(subject);
                if (!nameable) nameableOf.set(subject, nameable = flows.map(() => new Set()));
                for (const object of objects) {
                    const obstacle = bindObstacle(catalog, apart, vendorId, kind, subject, object);
                    if (!obstacle) sets[f].add(object);
                    else if (object !== subject) innerMap(innerMap(blocked, subject), kind).set(object, obstacle);
                    if (obstacle?.declarable) nameable[f].add(object);
                }
            }
        });
        // A plan that says which components are push-installed says the others are not.
        const pushedNamed = kind === 'pushed' && [...candidatesOf.keys()].some(s => declared(plan, s, kind).length > 0);
        for (const [subject, perFlow] of candidatesOf) {
            const all = new Set(perFlow.flatMap(set => [...set]));
            const nameable = new Set([...all, ...nameableOf.get(subject)!.flatMap(set => [...set])]);
            let kinds = possible.get(subject);
            if (!kinds) possible.set(subject, kinds = new Map());
            kinds.set(kind, new Set([...(kinds.get(kind) ?? []), ...nameable]));
            const named = declared(plan, subject, kind).map(d => d.target).filter(t => nameable.has(t));
            const objects = new Map<PlanInstance, BindingHow>();
            if (named.length > 0) {
                for (const object of named) objects.set(object, 'declared');
            } else if (!pushedNamed) {
                // One-of: one pool over every kind of candidate; many-of: a pool per kind of destination.
                const pools = oneOf ? [[...all]] : perFlow.map(set => [...set]);
                for (let pool of pools) {
                    if (kind === 'database') pool = pool.filter(c => !claimedDatabases.has(c));
                    // A proxy, an agent or a gateway writes to the repositories of the server that
                    // manages it, never to another server's (where both servers are known).
                    // A proxy reads the hosts of the server that manages both, a backup server its own.
                    if (kind === 'served' && managers) pool = pool.filter(c => sharesManager(managers, subject, c));
                    if (kind === 'writes' && managers) {
                        const others = pool;
                        pool = pool.filter(c => sharesManager(managers, subject, c));
                        if (pool.length === 0 && others.length > 0) findings.push(otherServersFinding(subject, others, managers, catalog));
                    }
                    // A monitoring server and an admin's console work with servers anywhere: no site comes first.
                    if (kind !== 'monitors' && kind !== 'administers') {
                        const local = pool.filter(c => c.zone.site === subject.zone.site);
                        // A host with no proxy in its site is read from where its backup server is.
                        const serverSites = new Set([...managers?.get(subject)?.keys() ?? []].map(m => m.zone.site));
                        const central = kind === 'served' ? pool.filter(c => serverSites.has(c.zone.site)) : [];
                        if (local.length > 0) pool = local;
                        else if (central.length > 0) pool = central;
                    }
                    const how: BindingHow = oneOf && pool.length > 1 ? 'undecided' : 'inferred';
                    if (how === 'undecided') findings.push(undecidedFinding(subject, kind, pool));
                    // An abstract type has its own error; a type of another vendor (an ESXi host) is
                    // managed by this vendor only where it is used.
                    const type = catalog.types.get(subject.typeId);
                    if (pool.length === 0 && kind === 'managed' && type?.vendorId === vendorId && !type.abstract) {
                        findings.push(missingFinding(subject, flows.filter(f => endpointMismatch(subject, subjectEnd(f), catalog, vendorId) === undefined), catalog, blocked.get(subject)?.get(kind)));
                    }
                    for (const object of pool) objects.set(object, how);
                }
            }
            if (objects.size === 0) continue;
            bindings.set(subject, objects);
            signature.push(`${key}|${subject.name}>${[...objects].map(([o, how]) => `${o.name}:${how}`).join(',')}`);
        }
    }
    // A component named where no flow of the relation could run.
    for (const subject of plan.instances.values()) {
        for (const node of subject.node.relations ?? []) {
            const kind = node.kind as RelationKind;
            node.targets.forEach((ref, index) => {
                const target = ref ? plan.instances.get(ref.$refText) : undefined;
                if (!target || possible.get(subject)?.get(kind)?.has(target)) return;
                findings.push(notPossibleFinding(subject, kind, target, node, index, blocked.get(subject)?.get(kind)?.get(target)?.why));
            });
        }
    }
    return {
        findings,
        signature: signature.join(';'),
        binding(flow, source, destination) {
            const bindings = byFlow.get(flow);
            if (!bindings) return undefined;
            const [subject, object] = flow.relation!.subjectIsSource ? [source, destination] : [destination, source];
            return bindings.get(subject)?.get(object);
        }
    };
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
