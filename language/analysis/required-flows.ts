import type { Catalog, CatalogCitation, CatalogFlow, CatalogFlowEndpoint } from '../catalog/catalog-model.js';
import type { PlanFacts, PlanInstance, PlanRequirement } from '../plan/plan-model.js';
import { DEFAULT_SITE } from '../plan/plan-model.js';
import { singletonGroup, type ComponentGroup } from '../plan/component-groups.js';
import type { Partition } from './component-partition.js';
import { innerList } from '../utils/inner-map.js';
import { isPortNumber, portSetOf, type PortRange, type PortSet } from '../network/ports.js';
import { MAX_REQUIRED_FLOWS, PlanTooLargeError } from './analysis-budget.js';
import { endpointMismatch } from './flow-endpoints.js';
import type { PlanPlatforms } from './component-platforms.js';
import type { BindingHow, PlanRelations } from './relations.js';
import { signatureOf, type CatalogRows } from './catalog-rows.js';

export { endpointMismatch };

export type TransportProtocol = 'tcp' | 'udp';

/** Where a required flow stands against the plan's allow rules. */
export type FlowStatus = 'covered' | 'partial' | 'missing' | 'same-zone' | 'not-required';

/** What a requirement runs between: one component, or a group of components the catalog cannot tell apart. */
export type RequirementEndpoint = PlanInstance | ComponentGroup;

/** One catalog flow made concrete between two components (or two groups of components) of the plan. */
export interface RequirementOf<E extends RequirementEndpoint> {
    readonly id: number;
    readonly source: E;
    readonly destination: E;
    readonly protocols: readonly TransportProtocol[];
    readonly ports: PortSet;
    /** The ports as the vendor writes them (`1058+` stays `1058+`). */
    readonly portText: string;
    /** First ports of "N and up" requirements: a rule range starting at N serves the flow whole. */
    readonly openPorts: readonly number[];
    /** Every catalog flow this requirement stands for (identical rows of several tables merge). */
    readonly catalogFlows: readonly CatalogFlow[];
    readonly purpose: string;
    readonly installOnly: boolean;
    readonly internetFacing: boolean;
    /** Legacy, host-internal and not-required flows are listed but need no rule. */
    readonly required: boolean;
    readonly crossesZones: boolean;
    readonly sources: readonly CatalogCitation[];
    /** The relation that bound this pair (`manages`, declared or inferred), when a catalog row follows one. */
    readonly relation?: RequirementRelation;
}

/** Which relation bound a requirement's pair, and how the plan says so. */
export interface RequirementRelation {
    /** As the catalog writes it: `manages`, `managed-by`, `database`, … */
    readonly name: string;
    readonly how: BindingHow;
}

/** A requirement between two components of the plan. */
export type RequiredFlow = RequirementOf<PlanInstance>;

/** A requirement between every member of one component group and every member of another. */
export type GroupFlow = RequirementOf<ComponentGroup>;

/**
 * How many component pairs a group flow stands for: every member of the source group with every
 * member of the destination group — or, for a flow of a group to itself (a host-internal flow),
 * each member with itself.
 */
export function pairCount(flow: GroupFlow): number {
    return flow.source === flow.destination ? flow.source.members.length : flow.source.members.length * flow.destination.members.length;
}

/** Either kind: what coverage and findings read works the same for both. */
export type AnyRequirement = RequirementOf<RequirementEndpoint>;

// Shared by every requirement (a plan without sites has 140,000): frozen, so none can change another's.
const TCP: readonly TransportProtocol[] = Object.freeze(['tcp']);
const UDP: readonly TransportProtocol[] = Object.freeze(['udp']);
const TCP_UDP: readonly TransportProtocol[] = Object.freeze(['tcp', 'udp']);

export function protocolsOf(protocol: string): readonly TransportProtocol[] {
    return protocol === 'udp' ? UDP : protocol === 'tcp' ? TCP : TCP_UDP;
}

/** A requirement while its catalog rows are merged in: written by the pass that makes it, read-only after. */
type Growing = { -readonly [K in keyof GroupFlow]: GroupFlow[K] };

function matchesEndpoint(instance: RequirementEndpoint, endpoint: CatalogFlowEndpoint, catalog: Catalog, flowVendor: string, platforms: PlanPlatforms): boolean {
    return endpointMismatch(instance, endpoint, catalog, flowVendor, platforms) === undefined;
}

function siteOf(instance: { readonly zone: { readonly site: string } }): string {
    return instance.zone.site;
}

/** Why a flow's scope keeps it from a pair of instances, or undefined when the pair is in scope. */
export function scopeMismatch(flow: CatalogFlow, source: RequirementEndpoint, destination: RequirementEndpoint, facts: PlanFacts, catalog: Catalog): string | undefined {
    const s = siteOf(source), d = siteOf(destination);
    const site = (x: string) => (x === DEFAULT_SITE ? 'no site' : `site ${x}`);
    switch (flow.scope) {
        case 'host': return source === destination ? undefined : 'the flow stays on one host';
        case 'site':
            if (source === destination) return 'source and destination are the same component';
            if (s !== d) return `the flow stays inside a site, and they are in ${site(s)} and ${site(d)}`;
            // A plan without sites is one site, but a component in an `internet` zone that no site
            // declares is not a LAN neighbour: nothing on the internet is required to reach into the
            // plan's own zones through a site-scoped flow (a Cloud Connect tenant written without sites
            // used to need vCenter, ESXi and the repositories). Outbound flows to internet services stay.
            if (s === DEFAULT_SITE && source.zone.internet && !destination.zone.internet) return `${source.name} is on the internet, in no site: it reaches no site's components`;
            // The same holds the other way for a component on the internet that talks itself (a
            // Cloud Connect tenant's backup server): the provider's gateway is not required to
            // reach it as if it were local. A service on the internet (object storage, a vendor's
            // cloud) is still reached.
            if (s === DEFAULT_SITE && destination.zone.internet && !source.zone.internet && catalog.startsFlows(destination.typeId)) {
                return `${destination.name} is on the internet, in no site: no site's components are required to reach it (put its zone in a site paired with theirs if they must)`;
            }
            return undefined;
        case 'peer':
            if (s === d) return `the flow runs between paired sites, and both are in ${site(s)}`;
            if (s === DEFAULT_SITE || !facts.sitePairs.has(`${s}|${d}`)) return `site ${s || '(none)'} is not paired with ${site(d)} (pair ${s || '…'} -> ${d || '…'})`;
            return undefined;
        default: return source === destination ? 'source and destination are the same component' : undefined;
    }
}

function pairAllowed(flow: CatalogFlow, source: RequirementEndpoint, destination: RequirementEndpoint, facts: PlanFacts, catalog: Catalog): boolean {
    return scopeMismatch(flow, source, destination, facts, catalog) === undefined;
}

/**
 * Hosts of a type on the far side of a flow: in the destination's site when the flow crosses
 * sites, else (the destination relays for its site, as Zerto's Cloud Connector does) in the sites
 * the source's site is paired with. Zerto's MSP rule "two ports per VRA" counts these.
 */
function hostsOnFarSide(typeId: string, source: RequirementEndpoint, destination: RequirementEndpoint, facts: PlanFacts, byType: ReadonlyMap<string, readonly PlanInstance[]>): number {
    const far = siteOf(destination) !== siteOf(source) ? (site: string) => site === siteOf(destination)
        : (site: string) => site !== siteOf(source) && facts.sitePairs.has(`${siteOf(source)}|${site}`);
    return (byType.get(typeId) ?? []).filter(i => far(siteOf(i))).reduce((n, i) => n + i.hostCount, 0);
}

function portsFor(flow: CatalogFlow, source: ComponentGroup, destination: ComponentGroup, facts: PlanFacts, byType?: ReadonlyMap<string, readonly PlanInstance[]>): { set: PortSet; text: string; open: number[] } {
    const ranges: PortRange[] = [];
    const texts: string[] = [];
    const open: number[] = [];
    for (const port of flow.ports) {
        if (port.kind === 'fixed' && port.per) {
            const count = port.per.count * hostsOnFarSide(port.per.typeId, source, destination, facts, byType ?? new Map());
            // Nothing on the far side: the flow has nothing to reach through these ports.
            if (count === 0) continue;
            const range = { from: port.range.from, to: Math.min(port.range.from + count - 1, 65535) };
            ranges.push(range);
            texts.push(range.from === range.to ? String(range.from) : `${range.from}-${range.to}`);
        } else if (port.kind === 'fixed') {
            ranges.push(port.range);
            texts.push(port.text);
            if (port.openEnded) open.push(port.range.from);
        } else {
            // Members of a group are named by the same overrides (groupComponents): the first speaks for all.
            const override = facts.portOverrides.find(o => o.settingId === port.settingId
                && (o.instances.has(source.members[0].name) || o.instances.has(destination.members[0].name)))
                ?? facts.portOverrides.find(o => o.settingId === port.settingId && o.instances.size === 0);
            const value = override ? override.port : port.defaultPort;
            // Not a port (`set … = 0`, an invalid default): the requirement's port is not known, so
            // the requirement is left out (its error is at the number), never given another port.
            if (!isPortNumber(String(value))) return { set: [], text: '', open: [] };
            ranges.push({ from: value, to: value });
            texts.push(String(value));
        }
    }
    return { set: portSetOf(ranges), text: texts.join(', '), open };
}

export function flowApplies(flow: CatalogFlow, facts: PlanFacts): boolean {
    // An indexed loop: asked once per catalog row in every site's pass, where a callback allocates.
    for (let i = 0; i < flow.featureIds.length; i++) if (!facts.features.has(flow.featureIds[i])) return false;
    return true;
}

/** The requirements from one source (a component or a group), in the order a whole-plan pass finds them. */
export interface SourceFlowsOf<E extends RequirementEndpoint> {
    readonly source: E;
    /** Index of the first catalog flow that gave this source a requirement: orders the sources. */
    readonly first: number;
    readonly flows: RequirementOf<E>[];
}

export type SourceFlows = SourceFlowsOf<PlanInstance>;

/**
 * What the first pass works out once per facts and catalog, and each site's pass reads: the
 * components by type, their groups, and who works with whom. Kept in the pass's state
 * (derive-requirements.ts) for the next analysis, which takes it as it is for the same facts.
 */
export interface Derivation {
    readonly facts: PlanFacts;
    readonly catalog: Catalog;
    readonly byType: ReadonlyMap<string, readonly PlanInstance[]>;
    /** The components in groups the catalog cannot tell apart. */
    readonly groups: Partition;
    readonly relations: PlanRelations;
    /** What each component runs on where the plan leaves it open (component-platforms.ts). */
    readonly platforms: PlanPlatforms;
    /** Each of the plan's own requirements as a catalog flow (plan-requirements.ts), the same object while the requirement is kept. */
    readonly requirementFlows: ReadonlyMap<PlanRequirement, CatalogFlow>;
    /** Every component a group of its own, made when first asked for (the requirements per component pair). */
    singletons(): Partition;
    /** What every site's pass takes alike from a catalog row, worked out once per catalog. */
    readonly rows: CatalogRows;
}

/**
 * A flow's destinations across sites in one partition, shared by every site's pass of one
 * derivation: the list, and where each stands in it (indexed when a relation first asks), so a
 * site's pass reads a relation's few bound destinations without indexing every one of the plan.
 */
export interface FlowDestinations {
    readonly list: ComponentGroup[];
    order?: Map<ComponentGroup, number>;
}

/** Per catalog flow, its destinations (FlowDestinations); `work.indexed` counts the destinations placed, work a test holds linear. */
export interface DestinationCache {
    readonly byFlow: Map<CatalogFlow, FlowDestinations>;
    readonly work: { indexed: number };
}

export function destinationCache(work: { indexed: number } = { indexed: 0 }): DestinationCache {
    return { byFlow: new Map(), work };
}

/** Which instance lists outside the sources' own site a pass read (for incremental re-use). */
export interface FlowDependencies {
    /** Type id → the instances of that type the pass saw (cross-site destinations, per-host counts). */
    readonly types: Map<string, readonly PlanInstance[]>;
}

/**
 * The requirements whose source is one of `only` (every instance when undefined), by source
 * component, in whole-plan order: every catalog flow made concrete for each pair of instances it
 * applies to, honouring scope, relations, OS, platform, features in use and port overrides, and
 * the plan's own `require` lines. Flows that several vendor tables repeat between the same two
 * instances with the same protocol and ports become one requirement. Ids are left at -1: they
 * number the plan's requirements once all are known (derive-requirements.ts).
 */
export function flowsFromSources(
    derivation: Derivation, only: readonly PlanInstance[] | undefined, dependencies?: FlowDependencies,
    destinations: DestinationCache = destinationCache()
): SourceFlows[] {
    return requirementsFrom(derivation, derivation.singletons(), only, dependencies, destinations)
        .map(({ source, first, flows }) => ({
            source: source.members[0], first,
            flows: flows.map(f => ({ ...f, source: f.source.members[0], destination: f.destination.members[0] }))
        }));
}

/**
 * The same requirements between groups of components the catalog cannot tell apart
 * (groupComponents): a group flow stands for the flow between every member of its source group and
 * every member of its destination group. Components of one group that reach each other are taken
 * one by one.
 */
export function groupFlowsFromSources(
    derivation: Derivation, only: readonly PlanInstance[] | undefined, dependencies?: FlowDependencies,
    destinations: DestinationCache = destinationCache()
): SourceFlowsOf<ComponentGroup>[] {
    return requirementsFrom(derivation, derivation.groups, only, dependencies, destinations);
}

function requirementsFrom(
    derivation: Derivation, partition: Partition, only: readonly PlanInstance[] | undefined,
    dependencies: FlowDependencies | undefined, cache: DestinationCache
): SourceFlowsOf<ComponentGroup>[] {
    const { facts, catalog, byType, platforms, rows } = derivation;
    // The sources' own groups by type: a site's pass must not walk the whole plan's lists.
    let ownByType: ReadonlyMap<string, readonly ComponentGroup[]> = partition.byType;
    if (only) {
        const own = new Map<string, ComponentGroup[]>();
        const seen = new Set<ComponentGroup>();
        for (const instance of only) {
            const group = partition.groupOf(instance);
            if (seen.has(group)) continue;
            seen.add(group);
            for (const typeId of catalog.ancestorsOf(group.typeId)) {
                const list = own.get(typeId);
                if (list) list.push(group); else own.set(typeId, [group]);
            }
        }
        ownByType = own;
    }
    // A requirement from one catalog row shares the row's one-element list (most do: 140,000 lists
    // in a plan without sites); a second row merged in makes the requirement a list of its own.
    // What a row gives every pair alike is worked out once for every site's pass (catalog-rows.ts).
    const read = (typeId: string): void => { dependencies?.types.set(typeId, byType.get(typeId) ?? []); };
    // source → destination → the requirements, one per signature (signatureOf), each after its
    // signature: [signature, requirement, signature, requirement, …]. A list, not a map: most pairs
    // have one or two, and a map per pair of a plan without sites costs much memory. The
    // requirement is made when its first row is met and takes the traits of all its rows at the
    // end, once: no record of its own is made first (a plan's tens of thousands).
    const merged = new Map<ComponentGroup, Map<ComponentGroup, (string | Growing)[]>>();
    const first = new Map<ComponentGroup, number>();
    let created = 0;
    catalog.flows.forEach((flow, flowIndex) => {
        if (!flowApplies(flow, facts)) return;
        const sources = (ownByType.get(flow.from.typeId) ?? []).filter(g => matchesEndpoint(g, flow.from, catalog, flow.vendorId, platforms));
        if (sources.length === 0) return;
        // A relation's flow runs between the pairs the relation binds, in any site.
        const relations = flow.relation ? derivation.relations : undefined;
        const crossSite = relations !== undefined || (flow.scope !== 'site' && flow.scope !== 'host');
        let destinations: ComponentGroup[];
        let shared: FlowDestinations | undefined;
        if (crossSite) {
            read(flow.to.typeId);
            shared = cache.byFlow.get(flow);
            if (!shared) cache.byFlow.set(flow, shared = { list: (partition.byType.get(flow.to.typeId) ?? []).filter(g => matchesEndpoint(g, flow.to, catalog, flow.vendorId, platforms)) });
            destinations = shared.list;
        } else {
            // Site and host scopes stay inside the sources' site.
            destinations = (ownByType.get(flow.to.typeId) ?? []).filter(g => matchesEndpoint(g, flow.to, catalog, flow.vendorId, platforms));
        }
        if (destinations.length === 0) return;
        for (const port of flow.ports) if (port.kind === 'fixed' && port.per) read(port.per.typeId);
        // Where each destination stands in the flow's list: a relation's pairs are found from what
        // it binds (never by trying every destination), then taken in this order. A relation's
        // flow crosses sites: its list, and so its index, is shared by every site's pass.
        const boundDestinations = (source: ComponentGroup, visit: (destination: ComponentGroup, how: BindingHow) => void): void => {
            const bound = boundGroups(relations!, flow, source, partition);
            if (bound === NOTHING_BOUND) return;
            const list = shared!;
            if (!list.order) {
                list.order = new Map();
                for (let i = 0; i < destinations.length; i++) list.order.set(destinations[i], i);
                cache.work.indexed += destinations.length;
            }
            const order = list.order;
            if (bound instanceof Map) {
                // The relation's own groups (a console binds the servers of every site): their
                // places in the list, sorted as numbers, with no pair made per destination.
                const places: number[] = [];
                bound.forEach((_how: BindingHow, group: ComponentGroup) => {
                    const place = order.get(group);
                    if (place !== undefined) places.push(place);
                });
                // Often in order already (the relation bound them in the list's order): a sort copies.
                if (!ascending(places)) places.sort(byNumber);
                for (let i = 0; i < places.length; i++) {
                    const destination = destinations[places[i]];
                    visit(destination, bound.get(destination)!);
                }
                return;
            }
            // Per component (another partition): a group may come more than once, kept in the order found.
            const found: Bound[] = [];
            for (const entry of bound) if (order.has(entry[0])) found.push(entry);
            if (found.length > 1) found.sort(([a], [b]) => order.get(a)! - order.get(b)!);
            for (let i = 0; i < found.length; i++) visit(found[i][0], found[i][1]);
        };
        // A site-scoped flow of a whole-plan pass pairs each source with its own site's destinations.
        let destinationsBySite: Map<string, ComponentGroup[]> | undefined;
        const inSiteOf = (source: ComponentGroup): readonly ComponentGroup[] => {
            if (!destinationsBySite) {
                destinationsBySite = new Map();
                for (const d of destinations) innerList(destinationsBySite, siteOf(d)).push(d);
            }
            return destinationsBySite.get(siteOf(source)) ?? [];
        };
        // Ports that depend on no plan setting are the catalog row's, worked out once (catalog-rows.ts).
        const fixedPorts = rows.fixedPorts(flow);
        const fixedKey = fixedPorts?.key;
        /** A requirement between the pair; `how` the relation bound it (a relation's flow), or its scope is checked here. */
        const add = (source: ComponentGroup, destination: ComponentGroup, how?: BindingHow): void => {
            if (!how && !pairAllowed(flow, source, destination, facts, catalog)) return;
            const { set, text, open } = fixedPorts ?? portsFor(flow, source, destination, facts, byType);
            if (set.length === 0) return;
            const key = fixedKey ?? signatureOf(flow, set);
            let byDestination = merged.get(source);
            if (!byDestination) { merged.set(source, byDestination = new Map()); first.set(source, flowIndex); }
            const bySignature = byDestination.get(destination);
            if (bySignature) for (let i = 0; i < bySignature.length; i += 2) {
                if (bySignature[i] !== key) continue;
                const existing = bySignature[i + 1] as Growing;
                existing.catalogFlows = [...existing.catalogFlows, flow];
                existing.relation ??= how && rows.relation(flow, how);
                return;
            }
            // Stop before memory runs out, with a message that says what to change.
            if (++created > MAX_REQUIRED_FLOWS) throw new PlanTooLargeError(created, facts.instances.size, facts.sites.size > 0);
            // What it inherits from its catalog rows is written once they are all merged in
            // (inheritRows); until then it holds placeholders of the same kinds, in their places.
            const requirement: Growing = {
                id: -1,
                source,
                destination,
                protocols: protocolsOf(flow.protocol),
                ports: set,
                portText: text,
                openPorts: open,
                catalogFlows: rows.listOf(flow),
                purpose: '',
                installOnly: false,
                internetFacing: false,
                required: false,
                crossesZones: source.zone !== destination.zone,
                sources: NO_CITATIONS,
                relation: how && rows.relation(flow, how)
            };
            // Most pairs have one requirement: a list of exactly two, not one grown by push (room for 17).
            if (bySignature) bySignature.push(key, requirement);
            else byDestination.set(destination, [key, requirement]);
        };
        /** Members of one group reaching each other: pair by pair, leaving out each member's own. */
        const addWithin = (group: ComponentGroup, how?: BindingHow): void => {
            for (const s of group.members) for (const d of group.members) if (s !== d) add(singletonGroup(s), singletonGroup(d), how);
        };
        // Indexed loops: a site's pass runs this once per catalog row and source, in code not yet
        // compiled, where each for…of step allocates (tens of thousands of steps in a large plan).
        for (let s = 0; s < sources.length; s++) {
            const source = sources[s];
            if (relations) {
                boundDestinations(source, (destination, how) => {
                    if (destination === source && source.members.length > 1 && flow.scope !== 'host') addWithin(source, how);
                    else add(source, destination, how);
                });
                continue;
            }
            const candidates = flow.scope === 'site' ? inSiteOf(source) : flow.scope === 'host' ? [source] : destinations;
            for (let c = 0; c < candidates.length; c++) {
                const destination = candidates[c];
                if (flow.scope === 'host' && !destinations.includes(source)) continue;
                if (destination === source && source.members.length > 1 && flow.scope !== 'host') {
                    addWithin(source);
                    continue;
                }
                add(source, destination);
            }
        }
    });
    const result: SourceFlowsOf<ComponentGroup>[] = [];
    // forEach, not for…of: no entry or step object per source and destination.
    merged.forEach((byDestination, source) => {
        const flows: GroupFlow[] = [];
        byDestination.forEach(bySignature => {
            for (let i = 1; i < bySignature.length; i += 2) {
                const requirement = bySignature[i] as Growing;
                inheritRows(requirement, rows);
                flows.push(requirement);
            }
        });
        result.push({ source, first: first.get(source)!, flows });
    });
    addPlanRequirements(derivation, only, result);
    return result;
}

/** A requirement's citations until it inherits its rows' (inheritRows): one list for all, frozen. */
const NO_CITATIONS: readonly CatalogCitation[] = Object.freeze([]);

/**
 * What a requirement inherits from its catalog rows, the same for every pair of instances (one
 * row's or several merged rows' traits, catalog-rows.ts): written once, when every row is in.
 */
function inheritRows(requirement: Growing, rows: CatalogRows): void {
    const t = rows.traits(requirement.catalogFlows);
    requirement.purpose = t.purpose;
    requirement.installOnly = t.installOnly;
    requirement.internetFacing = t.internetFacing;
    requirement.required = !t.notNeeded && requirement.source !== requirement.destination;
    requirement.sources = t.sources;
}

/**
 * The destinations of a pass's partition that a relation flow binds to a source of it: the groups
 * the relation binds (a group of its own partition, or, per component, each member). A group bound
 * to itself stays: its members reach each other (requirementsFrom takes them one by one).
 */
function boundGroups(relations: PlanRelations, flow: CatalogFlow, source: ComponentGroup, partition: Partition): ReadonlyMap<ComponentGroup, BindingHow> | readonly Bound[] {
    const bound = relations.boundTo(flow, source.members[0]);
    if (!bound || bound.size === 0) return NOTHING_BOUND;
    // The relation's own groups: read where they are, not copied (a console binds the servers of every site).
    if (partition === relations.partition) return bound;
    const out: Bound[] = [];
    for (const [group, how] of bound) {
        for (const member of group.members) {
            const own = partition.groupOf(member);
            if (own !== source) out.push([own, how]);
        }
    }
    return out.length === 0 ? NOTHING_BOUND : out;
}

const NOTHING_BOUND: readonly Bound[] = Object.freeze([]);

function byNumber(a: number, b: number): number {
    return a - b;
}

function ascending(numbers: readonly number[]): boolean {
    for (let i = 1; i < numbers.length; i++) if (numbers[i - 1] > numbers[i]) return false;
    return true;
}

/** A destination a relation binds, and how. */
type Bound = [ComponentGroup, BindingHow];

/**
 * The plan's own requirements, between the very components they name (a component of a group is
 * taken by itself): one requirement per source and destination, checked like a catalog flow.
 */
function addPlanRequirements({ facts, catalog, requirementFlows }: Derivation, only: readonly PlanInstance[] | undefined, result: SourceFlowsOf<ComponentGroup>[]): void {
    if (facts.requirements.length === 0) return;
    const wanted = only ? new Set(only) : undefined;
    const bySource = new Map(result.map(entry => [entry.source, entry]));
    facts.requirements.forEach((requirement, index) => {
        const flow = requirementFlows.get(requirement)!;
        for (const s of requirement.sources) {
            if (wanted && !wanted.has(s)) continue;
            for (const d of requirement.destinations) {
                if (s === d) continue; // requirement-to-itself says so
                const source = singletonGroup(s), destination = singletonGroup(d);
                let entry = bySource.get(source);
                if (!entry) {
                    entry = { source, first: catalog.flows.length + index, flows: [] };
                    bySource.set(source, entry);
                    result.push(entry);
                }
                entry.flows.push({
                    id: -1, source, destination, protocols: protocolsOf(requirement.protocol), ports: requirement.ports,
                    portText: requirement.portText, openPorts: [], catalogFlows: [flow], purpose: requirement.purpose,
                    installOnly: requirement.installOnly, internetFacing: false, required: true,
                    crossesZones: s.zone !== d.zone, sources: flow.sources
                });
            }
        }
    });
}
