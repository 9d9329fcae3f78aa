import type { LangiumDocument } from 'langium';
import type { Instance, Os, PortOverride, Relation, Requirement, SegplanDocument, Site, Zone } from '../generated/ast.js';
import { referencedName } from '../scoping/qualified-names.js';
import { AddressSet, type AddressBlock } from '../network/addresses.js';
import { parsedAddressOf } from '../parser/address-of-node.js';
import { outsideOf } from '../network/outside-zones.js';
import { formatPorts, parsePortText, portSetOf, type PortRange, type PortSet } from '../network/ports.js';
import type { FileStatements } from './file-statements.js';
import {
    componentOfNode, componentsOfTree, keptComponent, keptComponentOfNode, keptIfSame, keptZone, madeComponent, madeZone, moveTo, sameItems,
    sameSet, sameZones, builtFrom, type PlanBuild
} from './plan-reuse.js';
import { sameList } from '../utils/same-list.js';

/**
 * The facts of a plan: what the first pass of the analysis derives the required flows from — its
 * zones and sites, the `pair` lines, the components, the features in use, the port settings, the
 * relations as written and the plan's own `require` lines. Never an allow rule, a deny or a
 * guardrail (plan-policy.ts): the derive pass takes these facts, so reading one of those there is
 * a compile error.
 */

/** The site that zones belong to when a plan declares no sites: everything is one site. */
export const DEFAULT_SITE = '';

export interface PlanZone {
    readonly name: string;
    readonly node: Zone;
    readonly internet: boolean;
    readonly nat: boolean;
    /** The zone's own CIDRs. For `internet`, every address outside the plan's other zones (outsideOf). */
    readonly networks: AddressSet;
    /** The zone's CIDRs plus the host names and address-less instances placed in it. */
    members: AddressSet;
    /** The site the zone is in (DEFAULT_SITE for none): a zone moved to another site is another zone object. */
    readonly site: string;
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

/** A relation a component states, as written (`proxy1 … managed by vbr`), whether or not it can bind. */
export interface PlanRelationStatement {
    /** The component that states it. */
    readonly subject: string;
    readonly kind: Relation['kind'];
    /** The components it names, as written ('' where a syntax error left a name out). */
    readonly targets: readonly string[];
    /** Its place among the component's relations (`node.relations[index]`), where a finding about it goes. */
    readonly index: number;
}

/**
 * Everything the first pass reads of a plan. The next build of the same plan keeps each part as
 * the same object while it says the same (plan-reuse.ts): the derive pass compares the parts by
 * identity, so a part added here is compared too, and a part a build makes anew every time
 * costs reuse, never correctness.
 */
export interface PlanFacts {
    readonly zones: ReadonlyMap<string, PlanZone>;
    /** The declared sites, by name: the zones they hold. */
    readonly sites: ReadonlyMap<string, readonly string[]>;
    /** `a|b` for each site pair the plan declares, in each direction it declares. */
    readonly sitePairs: ReadonlySet<string>;
    readonly instances: ReadonlyMap<string, PlanInstance>;
    readonly features: ReadonlySet<string>;
    readonly portOverrides: readonly PlanPortOverride[];
    /** Every relation a component of the plan states, in plan order. */
    readonly relations: readonly PlanRelationStatement[];
    /** The components that keep their configuration database on themselves (`local database`), in plan order. */
    readonly localDatabases: ReadonlySet<string>;
    /** The plan's own requirements whose components, protocol and ports all resolve (others have their error). */
    readonly requirements: readonly PlanRequirement[];
}

/**
 * The parts of the facts read by a component: a zone is read through the components in it (a zone
 * whose content changed is a new object, and so are its components).
 */
const PER_COMPONENT: ReadonlySet<keyof PlanFacts> = new Set<keyof PlanFacts>(['instances', 'zones']);

/**
 * Whether every part of two builds' facts that is not read through a component is the same
 * object: every part there is, so a part added to the facts is compared without being listed.
 */
export function samePlanWideFacts(a: PlanFacts, b: PlanFacts): boolean {
    return (Object.keys(b) as (keyof PlanFacts)[]).every(key => PER_COMPONENT.has(key) || a[key] === b[key]);
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

function hostCountOf(addresses: AddressSet): number {
    const count = addresses.size;
    return count > 1_000_000n ? 1_000_000 : Math.max(1, Number(count));
}

/**
 * Reads the facts of a plan's files; with `reuse`, undefined when a file's kept components turn
 * out to clash with a name an earlier file now gives a component (the caller reads again without
 * reuse). Elements whose names clash keep their first definition (the file's own come first).
 */
export function readFacts(documents: readonly LangiumDocument[], files: readonly FileStatements[], previous: PlanFacts | undefined, build: PlanBuild, reuse: boolean): PlanFacts | undefined {
    const roots = documents.map(d => d.parseResult.value as SegplanDocument);
    const siteNodes = new Map<string, Site>();
    const sitePairs = new Set<string>();
    const features = new Set<string>();
    const portOverrides: PlanPortOverride[] = [];
    const requirementNodes: Requirement[] = [];
    for (const file of files) {
        for (const element of file.sites) if (element.name && !siteNodes.has(element.name)) siteNodes.set(element.name, element);
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
        for (const element of file.requirements) requirementNodes.push(element);
    }
    // A zone is in the first site that names it.
    const siteOfZone = new Map<string, string>();
    const sites = new Map<string, readonly string[]>();
    for (const site of siteNodes.values()) {
        const names = (site.zones ?? []).map(z => z?.$refText ?? '');
        sites.set(site.name, names);
        for (const name of names) if (!siteOfZone.has(name)) siteOfZone.set(name, site.name);
    }
    const zones = new Map<string, PlanZone>();
    for (const file of files) {
        for (const element of file.zones) {
            if (!element.name || zones.has(element.name)) continue;
            const site = siteOfZone.get(element.name) ?? DEFAULT_SITE;
            const kept = keptZone(previous?.zones, element, site);
            if (kept) {
                zones.set(element.name, kept);
                continue;
            }
            // An internet zone's addresses are known once every other zone is: see below.
            const networks = element.internet ? AddressSet.EMPTY : AddressSet.of(parsedBlocks(element.addresses));
            const zone: PlanZone = { name: element.name, node: element, internet: element.internet, nat: element.nat, networks, members: networks, site };
            madeZone(zone, build);
            zones.set(element.name, zone);
        }
    }
    placeInternetZones(zones, build);
    const instances = readComponents(documents, roots, files, zones, previous, build, reuse);
    if (!instances) return undefined;
    const relations: PlanRelationStatement[] = [];
    for (const instance of instances.values()) {
        (instance.node.relations ?? []).forEach((node, index) => {
            relations.push({ subject: instance.name, kind: node.kind, targets: node.targets.map(t => t?.$refText ?? ''), index });
        });
    }
    const localDatabases = new Set<string>();
    for (const instance of instances.values()) if ((instance.node.localDatabase?.length ?? 0) > 0) localDatabases.add(instance.name);
    const requirements = requirementNodes.map(node => requirementOf(node, instances)).filter((r): r is PlanRequirement => !!r);
    if (build.keep) for (const requirement of requirements) builtFrom.set(requirement, placeOf(requirement.node));
    const made: PlanFacts = {
        zones: keptIfSame(previous?.zones, zones, sameZones),
        sites: keptIfSame(previous?.sites, sites, sameSites),
        sitePairs: keptIfSame(previous?.sitePairs, sitePairs, sameSet),
        instances: keptIfSame(previous?.instances, instances, sameInstances),
        features: keptIfSame(previous?.features, features, sameSet),
        portOverrides: keptIfSame(previous?.portOverrides, portOverrides, (a, b) => sameItems(a, b, sameOverride)),
        relations: keptIfSame(previous?.relations, relations, (a, b) => sameItems(a, b, sameRelation)),
        localDatabases: keptIfSame(previous?.localDatabases, localDatabases, sameSet),
        requirements: keptIfSame(previous?.requirements, requirements, (a, b) => sameItems(a, b, sameRequirement))
    };
    // Kept parts point at the new syntax nodes.
    if (made.portOverrides !== portOverrides) made.portOverrides.forEach((o, i) => moveTo(o, portOverrides[i].node));
    if (made.requirements !== requirements) made.requirements.forEach((r, i) => moveTo(r, requirements[i].node));
    // Nothing changed: the facts themselves are the same object.
    const unchanged = previous && (Object.keys(made) as (keyof PlanFacts)[]).every(key => made[key] === previous[key]);
    return unchanged ? previous : made;
}

function sameSites(a: ReadonlyMap<string, readonly string[]>, b: ReadonlyMap<string, readonly string[]>): boolean {
    if (a.size !== b.size) return false;
    const other = [...b];
    return [...a].every(([name, zones], i) => other[i][0] === name && sameList(zones, other[i][1]));
}

/** The same component objects under the same names, in the same order. */
function sameInstances(a: ReadonlyMap<string, PlanInstance>, b: ReadonlyMap<string, PlanInstance>): boolean {
    if (a.size !== b.size) return false;
    const other = b.values();
    for (const instance of a.values()) if (other.next().value !== instance) return false;
    return true;
}

function sameOverride(a: PlanPortOverride, b: PlanPortOverride): boolean {
    return a.settingId === b.settingId && Object.is(a.port, b.port) && sameSet(a.instances, b.instances);
}

function sameRelation(a: PlanRelationStatement, b: PlanRelationStatement): boolean {
    return a.subject === b.subject && a.kind === b.kind && a.index === b.index && sameList(a.targets, b.targets);
}

/** Where a statement is: its whole range. */
function placeOf(node: Requirement): string {
    const range = node.$cstNode?.range;
    return range ? `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}` : '';
}

/**
 * The same requirement at the same place (where the kept one was when it was made: a statement
 * an edit did not touch keeps its node, at its new place): a requirement's flow cites its line
 * (plan-requirements.ts), and a finding points at its whole range, so one that moved (re-indented,
 * spaces inside) is made again.
 */
function sameRequirement(kept: PlanRequirement, made: PlanRequirement): boolean {
    return kept.protocol === made.protocol && kept.portText === made.portText && kept.purpose === made.purpose && kept.installOnly === made.installOnly
        && builtFrom.get(kept) === placeOf(made.node) && sameList(kept.sources, made.sources) && sameList(kept.destinations, made.destinations);
}

/** The plan's components, file by file, with what each file kept from the previous build; their zones' members. */
function readComponents(
    documents: readonly LangiumDocument[], roots: readonly SegplanDocument[], files: readonly FileStatements[], zones: ReadonlyMap<string, PlanZone>,
    previous: PlanFacts | undefined, build: PlanBuild, reuse: boolean
): Map<string, PlanInstance> | undefined {
    const { keep } = build;
    const instances = new Map<string, PlanInstance>();
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
        if (kept && kept.build === build.previous && kept.references === references && !kept.clashed) {
            for (const instance of kept.components) {
                const size = instances.size;
                instances.set(instance.name, instance);
                // An earlier file now has a component of this name: it comes first, so build again without reuse.
                if (instances.size === size) return undefined;
            }
            for (const instance of kept.atoms) addExtraMembers(instance.zone, instance.addresses);
            componentsOfTree.set(root, { ...kept, build: build.token });
            continue;
        }
        const components: PlanInstance[] = [], atoms: PlanInstance[] = [];
        let clashed = false;
        for (const node of files[f].instances) {
            // A statement the edit did not touch, in a re-parsed file (statement-reparse.ts): its component as it was.
            let made = zonesAsBefore ? componentOfNode.get(node) : undefined;
            if (made && made.build === build.previous) {
                const size = instances.size;
                instances.set(made.component.name, made.component);
                if (instances.size === size) return undefined;
                made.build = build.token;
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
                if (made) Object.assign(made, { build: build.token, component, atom });
                else if (keep) componentOfNode.set(node, made = { build: build.token, component, atom });
                else made = { build: build.token, component, atom };
            }
            components.push(made.component);
            if (made.atom) {
                atoms.push(made.component);
                addExtraMembers(made.component.zone, made.component.addresses);
            }
        }
        if (keep) componentsOfTree.set(root, { build: build.token, references, components, atoms, clashed });
    }
    for (const zone of zones.values()) {
        const names = extraMembers.get(zone.name);
        const key = names ? names.join(',') : '';
        // An unchanged zone keeps its members object, and with it the allow rules that name it.
        if (keep && builtFrom.get(zone.members) === key && (names || zone.members === zone.networks)) continue;
        zone.members = names ? zone.networks.union(AddressSet.of([], names)) : zone.networks;
        if (names && keep) builtFrom.set(zone.members, key);
    }
    return instances;
}

/**
 * Gives each `internet` zone its addresses: every address outside the plan's other zones. A kept
 * internet zone stays while its addresses are the same; otherwise it is a new zone object (and
 * its components new ones), so whatever was worked out from the old addresses is not reused.
 */
function placeInternetZones(zones: Map<string, PlanZone>, build: PlanBuild): void {
    let outside: AddressSet | undefined;
    for (const zone of zones.values()) {
        if (!zone.internet) continue;
        outside ??= outsideOf([...zones.values()].filter(z => !z.internet).map(z => z.networks));
        if (zone.networks.equals(outside)) continue;
        const placed: PlanZone = { ...zone, networks: outside, members: outside };
        madeZone(placed, build);
        zones.set(zone.name, placed);
    }
}

/**
 * A component's model object: the previous build's when it says the same — the same node (an
 * untouched statement) in the same zone with a type reference that leads to the same node, or
 * the same content — a new one otherwise.
 */
function componentOf(node: Instance, zone: PlanZone, previous: PlanFacts | undefined): PlanInstance {
    const before = previous?.instances.get(node.name);
    // Nothing to work out again for an untouched statement (10,000 components after every edit).
    const untouched = keptComponentOfNode(before, node, zone);
    if (untouched) return untouched;
    const typeId = referencedName(node.type);
    // `os`, `on` and `behind nat` are lists in the grammar so that a repeat is an error (instance-validation), not lost: the first counts.
    const os = node.os[0], platform = node.platform[0]?.$refText, nat = node.nat.length > 0;
    const kept = keptComponent(before, node, zone, typeId, os, platform, nat);
    if (kept) return kept;
    const blocks = parsedBlocks(node.addresses);
    const addresses = blocks.length === 0 ? AddressSet.of(blocks, [instanceAtom(node.name)]) : AddressSet.of(blocks);
    return madeComponent({ name: node.name, node, typeId, zone, addresses, hostCount: hostCountOf(addresses), os, platform, nat: nat || zone.nat }, node);
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
