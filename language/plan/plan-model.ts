import type { AstNode, LangiumDocument } from 'langium';
import type {
    AllowRule, DenyRule, Instance, Requirement, UseGuardrail, Os, PlanHeader, PortOverride, Protocol, SegplanDocument, Site, Zone
} from '../generated/ast.js';
import { statementsOf } from './file-statements.js';
import { referencedName } from '../scoping/qualified-names.js';
import { AddressSet, parseAddress, type AddressBlock } from '../network/addresses.js';
import { parsedAddressOf } from '../network/address-of-node.js';
import { outsideOf } from '../network/outside-zones.js';
import { ALL_PORTS, formatPorts, isPortNumber, parsePortText, portRangeOf, portSetOf, type PortRange, type PortSet } from '../network/ports.js';
import { ObjectSlot } from '../utils/object-slot.js';
import { untilDateProblem } from '../network/until-date.js';
import { incompletelyReadRules } from './incompletely-read-rules.js';
import { partsReadBefore, unreadReach, type UnreadReach } from './unread-reach.js';

/** The site that zones belong to when a plan declares no sites: everything is one site. */
export const DEFAULT_SITE = '';

export interface PlanZone {
    readonly name: string;
    readonly node: Zone;
    readonly internet: boolean;
    readonly nat: boolean;
    /**
     * The zone's own CIDRs. For `internet`, every address outside the plan's other zones
     * (outsideOf), set once all zones are read: it changes when another zone does.
     */
    networks: AddressSet;
    /** The zone's CIDRs plus the host names and address-less instances placed in it. */
    members: AddressSet;
    site: string;
}

export interface PlanInstance {
    readonly name: string;
    readonly node: Instance;
    readonly typeId: string;
    readonly zone: PlanZone;
    readonly addresses: AddressSet;
    /** How many hosts the instance stands for (addresses in its ranges, or 1). */
    readonly hostCount: number;
    readonly os?: Os;
    readonly platform?: string;
    readonly nat: boolean;
}

export interface PlanRuleEndpoint {
    readonly label: string;
    readonly addresses: AddressSet;
    /** The zone the endpoint lies in; undefined for `any` and for the internet. */
    readonly zone?: PlanZone;
    /**
     * The endpoint names an `internet` zone: its addresses are every address outside the plan's
     * other zones (and the host names placed in it), never every address.
     */
    readonly internet?: boolean;
    readonly instance?: PlanInstance;
    /**
     * A bare address, range or CIDR the rule names: `zone` is the zone of the plan that holds it
     * (an `internet` zone only when no other does); without one it is not placed and the rule
     * is not resolved (address-in-no-zone).
     */
    readonly bare?: { readonly placed: boolean };
}

/** Traffic as an allow rule or a deny names it: who, to whom, which protocol and ports. */
export interface PlanTraffic {
    readonly sources: readonly PlanRuleEndpoint[];
    readonly destinations: readonly PlanRuleEndpoint[];
    /** The addresses of all sources (`AddressSet.ANY` when one is `any`). */
    readonly sourceAddresses: AddressSet;
    readonly destinationAddresses: AddressSet;
    readonly protocol: Protocol;
    /** Explicit ports, or all ports when the rule names none. */
    readonly ports: PortSet;
    readonly allPorts: boolean;
}

export interface PlanRule extends PlanTraffic {
    readonly node: AllowRule;
    readonly description?: string;
    readonly until?: string;
    /**
     * False when the rule was not read whole (`notRead` says why): such a rule lets nothing
     * through — no coverage, no rule findings, nothing emitted, `--force` or not — and its own
     * error says what is wrong.
     */
    readonly resolved: boolean;
    readonly notRead?: RuleNotRead;
    /** A rule not read whole: what it could allow, each part not read taken as everything (unread-reach.ts). */
    readonly reach?: UnreadReach;
}

/**
 * Why an allow rule was not read whole: a syntax error on it (parser recovery keeps a part of it,
 * wider than written), an endpoint that is not a zone, component or address, a bare address in no
 * zone, a port that is not a number or a known setting with a valid port, an `until` that is not a
 * date a rule can end on; for a deny of a `use guardrail` line, a guardrail that is not in the
 * catalogs or was not read whole.
 */
export type RuleNotRead = 'syntax-error' | 'endpoint' | 'address-in-no-zone' | 'port' | 'date' | 'guardrail';

/**
 * A deny statement of the plan (`deny prod -> repo tcp 22 "…"`): traffic that must never pass,
 * whatever the allow rules say. Built-in guardrails (`use guardrail …`) are denies too, resolved
 * against the catalog: see plan-denies.ts, which gives every deny of a plan in this one shape.
 */
export interface PlanDeny extends PlanTraffic {
    /** Where findings about it go: the deny statement, or the `use guardrail` line that switched it on. */
    readonly node: DenyRule | UseGuardrail;
    /** The plan's reason (a deny statement's string), or the guardrail's name. */
    readonly description?: string;
    /**
     * Addresses left out of a side (a guardrail's `any except veeam.BackupServer`): the denied
     * traffic is from `sourceAddresses` minus these, to `destinationAddresses` minus those.
     * `AddressSet.EMPTY` for a deny statement, which has no exceptions.
     */
    readonly sourceExceptions: AddressSet;
    readonly destinationExceptions: AddressSet;
    /** The built-in guardrail this deny comes from; undefined for the plan's own deny statement. */
    readonly guardrail?: PlanGuardrailSource;
    /**
     * False when the statement was not read whole (`notRead` says why, as for allow rules): it is
     * then not checked against the allow rules, and its own error says what is wrong.
     */
    readonly resolved: boolean;
    readonly notRead?: RuleNotRead;
    /**
     * What it could forbid, each part not read taken as everything (unread-reach.ts): set when a
     * part of it was not read (a deny statement not read whole, a guardrail's port that is not a
     * number), so that nothing it may have been written to stop is let through.
     */
    readonly reach?: UnreadReach;
}

/** The built-in guardrail a deny comes from, as the catalog states it. */
export interface PlanGuardrailSource {
    /** `veeam.HardenedRepositorySsh` */
    readonly id: string;
    /** Its display name. */
    readonly name: string;
    /** The index of the deny among the guardrail's own (`deny … ` lines), and for `<->` which way (0 as written, 1 reversed). */
    readonly index: number;
    readonly reversed: boolean;
}

/** A need the plan states itself (`require admin -> vcenter tcp 443 "…"`), checked like a catalog flow. */
export interface PlanRequirement {
    readonly node: Requirement;
    readonly sources: readonly PlanInstance[];
    readonly destinations: readonly PlanInstance[];
    readonly protocol: 'tcp' | 'udp' | 'tcp/udp';
    readonly ports: PortSet;
    readonly portText: string;
    readonly purpose: string;
    readonly installOnly: boolean;
}

export interface PlanPortOverride {
    readonly settingId: string;
    /** As written: not a port when outside 1-65535 (NaN when a syntax error left it out); an error at the number says so. */
    readonly port: number;
    /** Instances the override is limited to; empty means the whole plan. */
    readonly instances: ReadonlySet<string>;
    readonly node: PortOverride;
}

export interface Plan {
    readonly name: string;
    readonly header?: PlanHeader;
    readonly documents: readonly LangiumDocument[];
    readonly zones: Map<string, PlanZone>;
    readonly instances: Map<string, PlanInstance>;
    readonly sites: Map<string, Site>;
    /** `a|b` for each site pair the plan declares, in each direction it declares. */
    readonly sitePairs: ReadonlySet<string>;
    readonly features: ReadonlySet<string>;
    readonly portOverrides: readonly PlanPortOverride[];
    readonly rules: readonly PlanRule[];
    /** The plan's own requirements whose components, protocol and ports all resolve (others have their error). */
    readonly requirements: readonly PlanRequirement[];
    /**
     * The plan's own deny statements, in file order, read or not (`resolved`). The built-in
     * guardrails it switches on are not here: `planDenies(plan, catalog)` gives both.
     */
    readonly denies: readonly PlanDeny[];
    /** The `use guardrail` lines of the plan's files, in file order. */
    readonly guardrailUses: readonly UseGuardrail[];
}

export function parsedBlocks(addresses: { value: string }[]): AddressBlock[] {
    // One address (most components): a list of one, not one grown by push (room for 16 more).
    if (addresses.length === 1) {
        const only = addresses[0];
        const parsed = only?.value === undefined ? undefined : parsedAddressOf(only);
        return parsed && 'block' in parsed ? [parsed.block] : [];
    }
    const blocks: AddressBlock[] = [];
    for (let i = 0; i < addresses.length; i++) {
        const address = addresses[i];
        if (address?.value === undefined) continue; // left out by a syntax error
        const parsed = parsedAddressOf(address);
        if ('block' in parsed) blocks.push(parsed.block);
    }
    return blocks;
}

/** The symbolic address of an instance written without `at`: rules naming it, or its zone, reach it. */
export function instanceAtom(name: string): string {
    return `<${name}>`;
}

const objectIds = new ObjectSlot<object, number>('object id');
let nextObjectId = 1;

/** A number that stands for an object's identity in a key. */
function objectId(object: object | undefined): number {
    if (!object) return 0;
    let id = objectIds.get(object);
    if (id === undefined) objectIds.set(object, id = nextObjectId++);
    return id;
}

function hostCountOf(addresses: AddressSet): number {
    const count = addresses.size;
    return count > 1_000_000n ? 1_000_000 : Math.max(1, Number(count));
}

/** What each model object was built from: equal keys (and equal parts) let a rebuild keep the object. */
const keys = new ObjectSlot<object, string>('built from');
const NO_TARGET = Symbol('no target');
const TYPE_TARGET = Symbol('type target');

/**
 * A component's model object with the node its type reference led to when it was made or last
 * kept (NO_TARGET: it did not resolve). Kept on the object rather than in a WeakMap: an entry for
 * each of 10,000 fresh objects gave each an identity hash and the garbage collector an ephemeron
 * table to trace. What else it was built from is read from the object and its last node.
 */
type BuiltInstance = PlanInstance & { [TYPE_TARGET]: AstNode | typeof NO_TARGET };

/**
 * Whether a component statement says what the one a kept component was built from said: the type
 * (as it resolved), the addresses as written, os, platform and nat. Compared field by field
 * rather than through a key string kept per component: a key of nine pieces for every component
 * of a large plan would be kept for the few components an edit ever compares.
 */
function saysTheSame(kept: BuiltInstance, node: Instance, typeId: string, os: Os | undefined, platform: string | undefined, nat: boolean): boolean {
    return kept.typeId === typeId && kept.os === os && kept.platform === platform && (kept.node.nat.length > 0) === nat
        && addressKey(kept.node.addresses) === addressKey(node.addresses);
}

/** Points a kept model object at the AST node of the new parse (same content, new position). */
function moveTo<T extends { node: AstNode }>(object: T, node: T['node']): T {
    (object as { node: AstNode }).node = node;
    return object;
}

function zoneKey(zone: Zone): string {
    return `${zone.internet}|${zone.nat}|${addressKey(zone.addresses)}`;
}

function addressKey(addresses: { value: string }[] | undefined): string {
    if (!addresses || addresses.length === 0) return '';
    // One address (most components): what join makes of it — '' for one a syntax error left out.
    if (addresses.length === 1) return addresses[0]?.value ?? '';
    return addresses.map(a => a?.value).join(',');
}

/**
 * Builds the plan a document describes, together with the files it imports. Elements whose names
 * clash keep their first definition (the file's own come first); validation reports the clash.
 *
 * Given the previous build of the same plan, zones, instances and allow rules whose content did
 * not change keep their objects (pointed at the new AST nodes), so that the incremental analysis
 * can tell by identity what an edit touched.
 */
export function buildPlan(documents: readonly LangiumDocument[], previous?: Plan, options: BuildOptions = {}): Plan {
    if (options.forNextBuild === false) return buildPlanOnce(documents, undefined, false, false)!;
    return buildPlanOnce(documents, previous, true, true) ?? buildPlanOnce(documents, previous, false, true)!;
}

export interface BuildOptions {
    /**
     * Whether a next build of the plan may start from this one (default: yes). The CLI builds a
     * plan once: it keeps nothing for a next build — no key per zone, component and allow rule,
     * no record per statement of what it made.
     */
    readonly forNextBuild?: boolean;
}

/**
 * The components one file added to a plan build, in order, kept with its syntax tree: the next
 * build of the plan takes them as they are when nothing they were made from can have changed —
 * the same tree, not linked again since (its document's reference list is the same array: Langium
 * makes a new one when it unlinks), the same zones, and no name of the file given to a component
 * of another file. In a plan of 50 site files, an edit in one then costs its own components
 * rather than the 10,000 of the plan.
 */
interface FileComponents {
    /** The build they were made in: only the next build of the same plan may take them. */
    readonly build: object;
    readonly references: readonly unknown[];
    readonly components: readonly PlanInstance[];
    /** Those without addresses, which make their zone's members. */
    readonly atoms: readonly PlanInstance[];
    /** A component of the file was left out because an earlier one had its name: which one comes first may change. */
    readonly clashed: boolean;
}

const componentsOfTree = new ObjectSlot<SegplanDocument, FileComponents>('components of a file');

/**
 * The component each component statement made in the last build it was part of. A statement's
 * node never changes once parsed, so in the next build of the plan, with the same zones and no
 * name of it taken by an earlier component, it makes the same component: what a one-line edit in
 * one large file leaves of its 10,000 components (statement-reparse.ts keeps their nodes).
 */
const componentOfNode = new ObjectSlot<Instance, { build: object; component: PlanInstance; /** Without addresses: in its zone's members by name. */ atom: boolean }>('component of a statement');
const buildOfPlan = new ObjectSlot<Plan, object>('plan build');

/** Whether two zone maps hold the same zone objects under the same names. */
function sameZones(a: ReadonlyMap<string, PlanZone>, b: ReadonlyMap<string, PlanZone>): boolean {
    if (a.size !== b.size) return false;
    for (const [name, zone] of a) if (b.get(name) !== zone) return false;
    return true;
}

/**
 * One build; with `reuse`, undefined when a file's kept components turn out to clash with a name
 * an earlier file now gives a component (the caller builds again without reuse).
 */
function buildPlanOnce(documents: readonly LangiumDocument[], previous: Plan | undefined, reuse: boolean, keep: boolean): Plan | undefined {
    const build = {};
    const previousBuild = previous && buildOfPlan.get(previous);
    const previousRules = new Map<string, PlanRule[]>();
    for (const rule of previous?.rules ?? []) {
        const key = keys.get(rule)!;
        const list = previousRules.get(key);
        if (list) list.push(rule); else previousRules.set(key, [rule]);
    }
    const roots = documents.map(d => d.parseResult.value as SegplanDocument);
    const header = roots[0]?.header;
    const zones = new Map<string, PlanZone>();
    const instances = new Map<string, PlanInstance>();
    const sites = new Map<string, Site>();
    const sitePairs = new Set<string>();
    const features = new Set<string>();
    const portOverrides: PlanPortOverride[] = [];
    const ruleNodes: AllowRule[] = [];
    const requirementNodes: Requirement[] = [];
    const denyNodes: DenyRule[] = [];
    const guardrailUses: UseGuardrail[] = [];
    const files = roots.map(statementsOf);

    for (const file of files) {
        for (const element of file.zones) {
            if (!element.name || zones.has(element.name)) continue;
            const kept = previous?.zones.get(element.name);
            // The same node (a statement the edit did not touch: statement-reparse.ts; nodes never
            // change once parsed, so its key is not built) or the same content: the zone keeps its object.
            if (kept && (kept.node === element || keys.get(kept) === zoneKey(element))) {
                moveTo(kept, element).site = DEFAULT_SITE;
                zones.set(element.name, kept);
                continue;
            }
            // An internet zone's addresses are known once every other zone is: see below.
            const networks = element.internet ? AddressSet.EMPTY : AddressSet.of(parsedBlocks(element.addresses));
            const zone: PlanZone = {
                name: element.name, node: element, internet: element.internet, nat: element.nat,
                networks, members: networks, site: DEFAULT_SITE
            };
            if (keep) keys.set(zone, zoneKey(element));
            zones.set(element.name, zone);
        }
        for (const element of file.sites) if (element.name && !sites.has(element.name)) sites.set(element.name, element);
        for (const element of file.sitePairs) {
            const from = element.from?.$refText ?? '', to = element.to?.$refText ?? '';
            if (from && to) sitePairs.add(`${from}|${to}`);
            if (element.bidirectional) sitePairs.add(`${to}|${from}`);
        }
        for (const element of file.features) features.add(referencedName(element.feature));
        for (const element of file.portOverrides) {
            const settingId = referencedName(element.setting);
            // Kept when the number is not a port (0, 70000, or left out by a syntax error: an error at
            // the number, port-validation): what names the setting is then not read, never given
            // the vendor's default instead.
            portOverrides.push({ settingId, port: element.port ?? Number.NaN, instances: new Set(element.instances.map(i => i?.$refText ?? '')), node: element });
        }
        // One at a time: a spread argument list of a 50,000-rule file would not fit on the stack.
        for (const element of file.rules) ruleNodes.push(element);
        for (const element of file.requirements) requirementNodes.push(element);
        for (const element of file.denies) denyNodes.push(element);
        for (const element of file.guardrails) guardrailUses.push(element);
    }
    placeInternetZones(zones);
    for (const site of sites.values()) {
        for (const zoneRef of site.zones ?? []) {
            const zone = zones.get(zoneRef?.$refText ?? '');
            if (zone && zone.site === DEFAULT_SITE) zone.site = site.name;
        }
    }
    const extraMembers = new Map<string, string[]>();
    function addExtraMembers(zone: PlanZone, addresses: AddressSet): void {
        if (addresses.names.size === 0) return;
        const list = extraMembers.get(zone.name);
        if (list) list.push(...addresses.names); else extraMembers.set(zone.name, [...addresses.names]);
    }
    const zonesAsBefore = reuse && previous !== undefined && sameZones(zones, previous.zones);
    for (let f = 0; f < files.length; f++) {
        const root = roots[f], references = documents[f].references;
        const kept = zonesAsBefore ? componentsOfTree.get(root) : undefined;
        if (kept && kept.build === previousBuild && kept.references === references && !kept.clashed) {
            for (const instance of kept.components) {
                const size = instances.size;
                instances.set(instance.name, instance);
                // An earlier file now has a component of this name: it comes first, so build again without reuse.
                if (instances.size === size) return undefined;
            }
            for (const instance of kept.atoms) addExtraMembers(instance.zone, instance.addresses);
            componentsOfTree.set(root, { ...kept, build });
            continue;
        }
        const components: PlanInstance[] = [], atoms: PlanInstance[] = [];
        let clashed = false;
        for (const node of files[f].instances) {
            // A statement the edit did not touch, in a re-parsed file (statement-reparse.ts): its component as it was.
            let made = zonesAsBefore ? componentOfNode.get(node) : undefined;
            if (made && made.build === previousBuild) {
                const size = instances.size;
                instances.set(made.component.name, made.component);
                if (instances.size === size) return undefined;
                made.build = build;
            } else {
                const zone = zones.get(node.zone?.$refText ?? '');
                const clash = !!zone && !!node.name && !zones.has(node.name) && instances.has(node.name);
                if (!zone || !node.name || zones.has(node.name) || clash) {
                    // Left out: a record of what it made before would only hold that (and its zone's old node).
                    if (made) componentOfNode.delete(node);
                    clashed ||= clash;
                    continue;
                }
                const component = componentOf(node, zone, previous);
                instances.set(node.name, component);
                const atom = component.addresses.names.size > 0;
                if (made) Object.assign(made, { build, component, atom });
                else if (keep) componentOfNode.set(node, made = { build, component, atom });
                else made = { build, component, atom };
            }
            components.push(made.component);
            if (made.atom) {
                atoms.push(made.component);
                addExtraMembers(made.component.zone, made.component.addresses);
            }
        }
        if (keep) componentsOfTree.set(root, { build, references, components, atoms, clashed });
    }
    for (const zone of zones.values()) {
        const names = extraMembers.get(zone.name);
        // An internet zone's networks change with the other zones: its members are made of the networks it has now.
        const key = (names ? names.join(',') : '') + (zone.internet ? `|${objectId(zone.networks)}` : '');
        // An unchanged zone keeps its members object, and with it the allow rules that name it.
        if (keep && keys.get(zone.members) === key && (names || zone.members === zone.networks)) continue;
        zone.members = names ? zone.networks.union(AddressSet.of([], names)) : zone.networks;
        if (names && keep) keys.set(zone.members, key);
    }

    const namedEndpoint = (name: string): PlanRuleEndpoint | undefined => {
        const instance = instances.get(name);
        if (instance) return { label: name, addresses: instance.addresses, zone: instance.zone, instance };
        const zone = zones.get(name);
        if (zone) return zone.internet ? { label: name, addresses: zone.members, internet: true } : { label: name, addresses: zone.members, zone };
        return undefined;
    };
    // A component or zone that many rules name is one endpoint, with one key part.
    const named = new Map<string, PlanRuleEndpoint | undefined>();
    const anyEndpoint: PlanRuleEndpoint = { label: 'any', addresses: AddressSet.ANY };
    const endpointOf = (endpoint: AllowRule['sources'][number]): PlanRuleEndpoint | undefined => {
        if (endpoint.any) return anyEndpoint;
        if (endpoint.address) return bareEndpoint(endpoint.address.value, zones);
        const name = endpoint.target?.$refText ?? '';
        if (!named.has(name)) named.set(name, namedEndpoint(name));
        return named.get(name);
    };
    const keyParts = new Map<PlanRuleEndpoint, string>();
    const keyPartOf = (e: PlanRuleEndpoint): string => {
        let part = keyParts.get(e);
        // A bare address is parsed anew on every build: its text says what its addresses are.
        if (part === undefined) keyParts.set(e, part = `${e.label}|${objectId(e.instance)}|${objectId(e.zone)}|${e.bare ? e.addresses.format() : objectId(e.addresses)}`);
        return part;
    };
    // A side of one named endpoint (most rules' sides) is one list per endpoint, shared by every
    // rule that names only it: sides are never changed, and a list per side was 10,000 of the
    // objects a 5,000-rule plan keeps. A bare address is an endpoint of its own rule.
    const sidesOfOne = new Map<PlanRuleEndpoint, readonly PlanRuleEndpoint[]>();
    const sideOfOne = (endpoint: PlanRuleEndpoint): readonly PlanRuleEndpoint[] => {
        if (endpoint.bare) return [endpoint];
        let side = sidesOfOne.get(endpoint);
        if (!side) sidesOfOne.set(endpoint, side = [endpoint]);
        return side;
    };
    // Plain loops: a 5,000-rule plan runs this once per check, in code met for the first time,
    // where each map, filter, spread and join of a rule's few endpoints cost more than the work.
    const endpointsOf = (list: AllowRule['sources']): readonly PlanRuleEndpoint[] => {
        if (list.length === 1) {
            const endpoint = endpointOf(list[0]);
            return endpoint ? sideOfOne(endpoint) : NO_ENDPOINTS;
        }
        const resolved: PlanRuleEndpoint[] = [];
        for (let i = 0; i < list.length; i++) {
            const endpoint = endpointOf(list[i]);
            if (endpoint) resolved.push(endpoint);
        }
        return resolved;
    };
    const isUnplaced = (endpoints: readonly PlanRuleEndpoint[]): boolean => {
        for (let i = 0; i < endpoints.length; i++) if (endpoints[i].bare && !endpoints[i].bare!.placed) return true;
        return false;
    };
    const rules: PlanRule[] = [];
    const portTerms: PortTermsCache = new Map();
    const incomplete = incompletelyReadRules(documents);
    for (const node of ruleNodes) {
        const sources = endpointsOf(node.sources), destinations = endpointsOf(node.destinations);
        const unplaced = isUnplaced(sources) || isUnplaced(destinations);
        const { ports, allPorts, unreadPorts, head } = ruleTerms(node, portOverrides, keep, portTerms);
        const errorAt = incomplete.size > 0 ? incomplete.get(node) : undefined;
        const syntaxError = errorAt !== undefined;
        const parts = syntaxError ? partsReadBefore(node, errorAt) : undefined;
        // What recovery made of a broken rule may say what an intact rule says: never the same
        // rule, nor one broken at another part (its reach differs).
        let key = parts ? `${head}\u0000!${+parts.sources}${+parts.destinations}${+parts.protocol}${+parts.ports}` : head;
        if (keep) {
            for (let i = 0; i < sources.length; i++) key += '\u0000' + keyPartOf(sources[i]);
            for (let i = 0; i < destinations.length; i++) key += '\u0000' + keyPartOf(destinations[i]);
            const kept = previousRules.size > 0 ? previousRules.get(key)?.shift() : undefined;
            if (kept) { rules.push(moveTo(kept, node)); continue; }
        }
        const notRead: RuleNotRead | undefined = syntaxError || node.protocol === undefined ? 'syntax-error'
            : sources.length === 0 || destinations.length === 0 || sources.length !== node.sources.length || destinations.length !== node.destinations.length ? 'endpoint'
                : unplaced ? 'address-in-no-zone'
                    : unreadPorts > 0 ? 'port'
                        : node.until !== undefined && untilDateProblem(node.until) !== undefined ? 'date'
                            : undefined;
        const sourceAddresses = addressesOf(sources), destinationAddresses = addressesOf(destinations);
        const rule: PlanRule = {
            node, sources, destinations, sourceAddresses, destinationAddresses,
            protocol: node.protocol, ports, allPorts,
            description: node.description, until: node.until,
            resolved: notRead === undefined, notRead,
            reach: notRead === undefined ? undefined : unreadReach(node, parts ?? partsReadBefore(node, undefined),
                { sources: sources.length, destinations: destinations.length, sourceAddresses, destinationAddresses, ports, allPorts }, unreadPorts)
        };
        if (keep) keys.set(rule, key);
        rules.push(rule);
    }
    const requirements = requirementNodes.map(node => requirementOf(node, instances)).filter((r): r is PlanRequirement => !!r);
    // Few, and never kept from a previous build: a deny is checked against every allow rule anyway.
    const denies = denyNodes.map((node): PlanDeny => {
        const sources = endpointsOf(node.sources), destinations = endpointsOf(node.destinations);
        const { ports, allPorts, unreadPorts } = readRuleTerms(node, portOverrides, false);
        const errorAt = incomplete.get(node);
        const notRead: RuleNotRead | undefined = errorAt !== undefined || node.protocol === undefined ? 'syntax-error'
            : sources.length === 0 || destinations.length === 0 || sources.length !== node.sources.length || destinations.length !== node.destinations.length ? 'endpoint'
                : isUnplaced(sources) || isUnplaced(destinations) ? 'address-in-no-zone'
                    : unreadPorts > 0 ? 'port'
                        : undefined;
        const sourceAddresses = addressesOf(sources), destinationAddresses = addressesOf(destinations);
        return {
            node, sources, destinations, sourceAddresses, destinationAddresses,
            protocol: node.protocol, ports, allPorts, description: node.description,
            sourceExceptions: AddressSet.EMPTY, destinationExceptions: AddressSet.EMPTY,
            resolved: notRead === undefined, notRead,
            reach: notRead === undefined ? undefined : unreadReach(node, partsReadBefore(node, errorAt),
                { sources: sources.length, destinations: destinations.length, sourceAddresses, destinationAddresses, ports, allPorts }, unreadPorts)
        };
    });
    const plan: Plan = {
        name: header?.name ?? '', header, documents, zones, instances, sites, sitePairs, features, portOverrides, rules, requirements,
        denies, guardrailUses
    };
    if (keep) buildOfPlan.set(plan, build);
    return plan;
}

const NO_ENDPOINTS: readonly PlanRuleEndpoint[] = Object.freeze([]);

/**
 * Gives each `internet` zone its addresses: every address outside the plan's other zones. A kept
 * zone keeps its networks object while they are the same, and with it the rules that name it.
 */
function placeInternetZones(zones: ReadonlyMap<string, PlanZone>): void {
    let outside: AddressSet | undefined;
    for (const zone of zones.values()) {
        if (!zone.internet) continue;
        outside ??= outsideOf([...zones.values()].filter(z => !z.internet).map(z => z.networks));
        if (!zone.networks.equals(outside)) zone.networks = outside;
    }
}

/** All addresses of one side of an allow rule: the endpoint's own set when there is one (most rules). */
function addressesOf(endpoints: readonly PlanRuleEndpoint[]): AddressSet {
    return endpoints.length === 1 ? endpoints[0].addresses : AddressSet.unionOf(endpoints.map(e => e.addresses));
}

/** What an allow rule says apart from its endpoints, with the part of its key that says it. */
interface RuleTerms {
    /** Explicit ports, or all ports when the rule names none. */
    readonly ports: PortSet;
    readonly allPorts: boolean;
    /** Ports that are not numbers or known settings: their own error; the rule is not resolved. */
    readonly unreadPorts: number;
    readonly head: string;
}

/**
 * Kept with the rule's node when its ports are all numbers (nodes never change once parsed): a
 * port setting's number depends on the plan's `set` lines and on what the name resolves to.
 */
const termsOfRule = new ObjectSlot<AllowRule, RuleTerms>('rule terms');

/**
 * The terms of the allow rules of one build whose ports are the same numbers as written, by that
 * text (`443`, `80,443`): a 5,000-rule plan names a dozen port lists, and each rule's own set of
 * ranges was some 12,000 of the objects its check keeps. Port sets are never changed. Only for a
 * build that no next one starts from (its terms have no key head).
 */
type PortTermsCache = Map<string, RuleTerms>;

/** What the ports of a rule say as written when they are all numbers or ranges (`*` for none), or undefined when one is a port setting. */
function portListText(ports: AllowRule['ports']): string | undefined {
    if (ports.length === 0) return '*';
    if (ports.length === 1) return ports[0].value === undefined ? undefined : String(ports[0].value);
    let text = '';
    for (let i = 0; i < ports.length; i++) {
        if (ports[i].value === undefined) return undefined;
        text += (i === 0 ? '' : ',') + ports[i].value;
    }
    return text;
}

function ruleTerms(node: AllowRule, portOverrides: readonly PlanPortOverride[], keep: boolean, shared: PortTermsCache): RuleTerms {
    const kept = keep ? termsOfRule.get(node) : undefined;
    if (kept) return kept;
    const text = keep ? undefined : portListText(node.ports);
    if (text !== undefined) {
        let terms = shared.get(text);
        if (!terms) shared.set(text, terms = readRuleTerms(node, portOverrides, false));
        return terms;
    }
    return readRuleTerms(node, portOverrides, keep);
}

function readRuleTerms(node: AllowRule | DenyRule, portOverrides: readonly PlanPortOverride[], keep: boolean): RuleTerms {
    // Mapped, not pushed to: a list of the rule's length (one or two ports for most), where one
    // grown by push keeps room for 16 more.
    const read = node.ports.map(item => portItemRange(item, portOverrides));
    let unreadPorts = 0, settings = false;
    for (let i = 0; i < node.ports.length; i++) {
        if (!read[i]) unreadPorts++;
        const item = node.ports[i];
        settings ||= item.value === undefined && item.setting !== undefined;
    }
    const ranges = unreadPorts === 0 ? read as PortRange[] : read.filter((r): r is PortRange => r !== undefined);
    const allPorts = node.ports.length === 0;
    const ports = allPorts ? ALL_PORTS : portSetOf(ranges);
    // The key's head only for a build that a next one starts from.
    const head = !keep ? '' : [node.protocol, allPorts ? '*' : formatPorts(ports), unreadPorts, node.description, (node as AllowRule).until, node.sources.length, node.destinations.length].join('\u0000');
    const terms: RuleTerms = { ports, allPorts, unreadPorts, head };
    if (!settings && keep) termsOfRule.set(node as AllowRule, terms);
    return terms;
}

/** The ports one item of an allow rule's port list stands for; undefined when it does not resolve (its own error says why). */
function portItemRange(item: AllowRule['ports'][number], portOverrides: readonly PlanPortOverride[]): PortRange | undefined {
    if (item.value !== undefined) return portRangeOf(String(item.value));
    if (!item.setting?.ref) return undefined;
    const settingId = referencedName(item.setting);
    // A number of the plan's that is not a port, for any component: the setting is not known, and
    // never falls back to the default.
    if (portOverrides.some(o => o.settingId === settingId && !isPortNumber(String(o.port)))) return undefined;
    const planWide = portOverrides.find(o => o.settingId === settingId && o.instances.size === 0);
    const port = planWide?.port ?? item.setting.ref.default;
    return isPortNumber(String(port)) ? { from: port, to: port } : undefined; // else an error at the number
}

/**
 * A component's model object: the previous build's when it says the same — the same node (an
 * untouched statement) in the same zone with a type reference that leads to the same node, or
 * the same content — a new one otherwise.
 */
function componentOf(node: Instance, zone: PlanZone, previous: Plan | undefined): PlanInstance {
    const kept = previous?.instances.get(node.name) as BuiltInstance | undefined;
    const typeTarget = node.type?.ref ?? NO_TARGET;
    // Nothing to work out again for an untouched statement (10,000 components after every edit).
    if (kept && kept.node === node && kept.zone === zone && kept[TYPE_TARGET] === typeTarget) return kept;
    const typeId = referencedName(node.type);
    // `os`, `on` and `behind nat` are lists in the grammar so that a repeat is an error (instance-validation), not lost: the first counts.
    const os = node.os[0], platform = node.platform[0]?.$refText, nat = node.nat.length > 0;
    if (kept && kept.zone === zone && saysTheSame(kept, node, typeId, os, platform, nat)) {
        kept[TYPE_TARGET] = typeTarget;
        return moveTo(kept, node);
    }
    const blocks = parsedBlocks(node.addresses);
    const addresses = blocks.length === 0 ? AddressSet.of(blocks, [instanceAtom(node.name)]) : AddressSet.of(blocks);
    const instance: BuiltInstance = {
        name: node.name, node, typeId, zone, addresses, hostCount: hostCountOf(addresses), os,
        platform, nat: nat || zone.nat, [TYPE_TARGET]: typeTarget
    };
    return instance;
}

/**
 * A requirement of the plan, or undefined when a component, the protocol or a port does not
 * resolve: requirement-validation says what is wrong, and an unread requirement never counts a
 * rule as used.
 */
function requirementOf(node: Requirement, instances: ReadonlyMap<string, PlanInstance>): PlanRequirement | undefined {
    const resolve = (refs: Requirement['sources']) => refs.map(r => instances.get(r?.$refText ?? '')).filter((i): i is PlanInstance => !!i);
    const sources = resolve(node.sources), destinations = resolve(node.destinations);
    if (sources.length === 0 || sources.length !== node.sources.length || destinations.length !== node.destinations.length || destinations.length === 0) return undefined;
    if (node.protocol !== 'tcp' && node.protocol !== 'udp' && node.protocol !== 'tcp/udp') return undefined;
    const ranges: PortRange[] = [];
    for (const item of node.ports) {
        if (item.value === undefined || item.perType) return undefined;
        const parsed = parsePortText(String(item.value));
        if (!('range' in parsed) || parsed.openEnded) return undefined;
        ranges.push(parsed.range);
    }
    if (ranges.length === 0 || node.purpose === undefined) return undefined;
    const ports = portSetOf(ranges);
    return { node, sources, destinations, protocol: node.protocol, ports, portText: formatPorts(ports), purpose: node.purpose, installOnly: node.installOnly };
}

/**
 * A bare address, range or CIDR in an allow rule, placed in the zone whose networks hold it: the
 * most specific such zone, an `internet` zone only when no other holds it. Undefined when the text
 * is not an address (address-validation says why).
 */
function bareEndpoint(value: string | undefined, zones: ReadonlyMap<string, PlanZone>): PlanRuleEndpoint | undefined {
    if (value === undefined) return undefined;
    const parsed = parseAddress(value);
    if (!('block' in parsed) || parsed.block.kind === 'host') return undefined;
    const addresses = AddressSet.of([parsed.block]);
    let zone: PlanZone | undefined, best: bigint | undefined;
    for (const candidate of zones.values()) {
        if (candidate.internet || !candidate.networks.contains(addresses)) continue;
        // Of two zones that both hold it, the one with the longest matching prefix of its family
        // (the smallest network around it): a zone's networks of the other family say nothing.
        const size = holdingSize(candidate, parsed.block);
        if (best === undefined || size < best) { zone = candidate; best = size; }
    }
    zone ??= [...zones.values()].find(z => z.internet);
    return { label: value, addresses, zone, bare: { placed: zone !== undefined } };
}

/**
 * How many addresses the smallest of a zone's networks that holds `block` spans (its networks
 * as written, of the block's family), or the run of them that does when no one network holds it all.
 */
function holdingSize(zone: PlanZone, block: Extract<AddressBlock, { kind: 'ipv4' | 'ipv6' }>): bigint {
    let size: bigint | undefined;
    for (const network of parsedBlocks(zone.node.addresses)) {
        if (network.kind !== block.kind || network.interval.from > block.interval.from || network.interval.to < block.interval.to) continue;
        const span = network.interval.to - network.interval.from;
        if (size === undefined || span < size) size = span;
    }
    if (size !== undefined) return size;
    const runs = block.kind === 'ipv4' ? zone.networks.v4 : zone.networks.v6;
    const run = runs.find(r => r.from <= block.interval.from && block.interval.to <= r.to)!;
    return run.to - run.from;
}
