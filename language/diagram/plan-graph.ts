import { AstUtils, type AstNode } from 'langium';
import type { FlowResult, PlanAnalysis } from '../analysis/analyze-plan.js';
import { vendorDisplayName } from '../analysis/plan-requirements.js';
import type { Catalog } from '../catalog/catalog-model.js';
import { formatPorts, unionPorts, type PortSet } from '../network/ports.js';
import type { PlanInstance, PlanRule, PlanZone } from '../plan/plan-model.js';

/**
 * The picture of a plan as a graph, computed from the analysis and nothing else: sites and zones
 * are containers, components are nodes, required flows are edges merged per pair of components.
 * The VS Code view and `segplan diagram` draw this model; neither derives anything of its own.
 *
 * Everything is ordered by name, never by position in the file, so moving a line or editing a
 * description gives the same graph (and the same layout).
 */

/** Where in the plan an element is written, for "reveal in editor". */
export interface SourceLocation {
    readonly uri: string;
    /** 0-based, as in LSP. */
    readonly line: number;
    readonly character: number;
    readonly endLine: number;
    readonly endCharacter: number;
}

/** How far the allow rules let the flows of an edge through. */
export type EdgeStatus = 'allowed' | 'partial' | 'missing' | 'same-zone' | 'unused-rule';

export interface GraphSite {
    readonly id: string;
    readonly name: string;
    readonly zones: readonly string[];
}

export interface GraphZone {
    readonly id: string;
    readonly name: string;
    /** The site id, or undefined in a plan without sites. */
    readonly site?: string;
    readonly internet: boolean;
    readonly addresses: string;
    readonly components: number;
    readonly location?: SourceLocation;
}

export interface GraphComponent {
    readonly id: string;
    readonly name: string;
    readonly zone: string;
    readonly typeId: string;
    /** The type as the vendor names it ("Backup Server"). */
    readonly typeName: string;
    readonly vendorId: string;
    readonly vendorName: string;
    readonly addresses: string;
    readonly location?: SourceLocation;
}

export interface GraphFlow {
    readonly protocol: string;
    readonly ports: string;
    readonly purpose: string;
    readonly status: 'covered' | 'partial' | 'missing' | 'same-zone';
    readonly installOnly: boolean;
    /** The relation that bound the pair: `manages (declared)`, `monitors (inferred)`. */
    readonly relation?: string;
}

export interface GraphEdge {
    readonly id: string;
    /** Component ids, or zone ids at zone level and for allow rules between zones. */
    readonly source: string;
    readonly target: string;
    readonly status: EdgeStatus;
    /** Every flow of the edge is needed only while installing or upgrading: drawn dashed. */
    readonly installOnly: boolean;
    /** `tcp 443, 902; udp 53` */
    readonly label: string;
    readonly flows: readonly GraphFlow[];
    /** Required flows on the edge and how many of them the rules let through whole. */
    readonly required: number;
    readonly allowed: number;
    /** The allow rule that lets the edge through, else where the need comes from (the source component). */
    readonly location?: SourceLocation;
    readonly vendors: readonly string[];
}

export interface PlanGraph {
    readonly plan: string;
    /** `component`: every component; `zone`: zones only, with counts and edges aggregated per zone pair. */
    readonly level: 'component' | 'zone';
    readonly sites: readonly GraphSite[];
    readonly zones: readonly GraphZone[];
    readonly components: readonly GraphComponent[];
    readonly edges: readonly GraphEdge[];
    /** Vendors in the plan, for the filter. */
    readonly vendors: readonly { readonly id: string; readonly name: string }[];
}

export interface PlanGraphOptions {
    /** Component level up to this many components, zone level above (default 300). */
    readonly componentLimit?: number;
    /** Force a level. */
    readonly level?: 'component' | 'zone';
    /** Only this zone's components and the flows into and out of it (the other ends as well). */
    readonly zone?: string;
}

export const DEFAULT_COMPONENT_LIMIT = 300;

export function locationOf(node: AstNode | undefined): SourceLocation | undefined {
    const range = node?.$cstNode?.range;
    if (!node || !range) return undefined;
    return {
        uri: AstUtils.getDocument(node).uri.toString(),
        line: range.start.line, character: range.start.character,
        endLine: range.end.line, endCharacter: range.end.character
    };
}

export const siteId = (name: string) => `site:${name}`;
export const zoneId = (name: string) => `zone:${name}`;
export const componentId = (name: string) => `component:${name}`;

const byName = <T extends { name: string }>(a: T, b: T) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function vendorOf(typeId: string): string {
    const dot = typeId.indexOf('.');
    return dot < 0 ? '' : typeId.slice(0, dot);
}

/** `tcp 443, 902; udp 53`: the ports of several flows, merged per protocol. */
export function portLabel(flows: readonly { protocol: string; ports: PortSet }[]): string {
    const byProtocol = new Map<string, PortSet>();
    for (const f of flows) byProtocol.set(f.protocol, unionPorts(byProtocol.get(f.protocol) ?? [], f.ports));
    return [...byProtocol.keys()].sort().map(p => `${p} ${formatPorts(byProtocol.get(p)!)}`).join('; ');
}

interface EdgeDraft {
    source: string;
    target: string;
    results: FlowResult[];
}

function edgeStatus(results: readonly FlowResult[]): EdgeStatus {
    if (results.every(r => r.status === 'same-zone')) return 'same-zone';
    const crossing = results.filter(r => r.status !== 'same-zone');
    if (crossing.every(r => r.status === 'covered')) return 'allowed';
    if (crossing.every(r => r.status === 'missing')) return 'missing';
    return 'partial';
}

function graphFlow(result: FlowResult): GraphFlow {
    const flow = result.flow;
    return {
        protocol: flow.protocols.join('/'), ports: flow.portText, purpose: flow.purpose,
        status: result.status as GraphFlow['status'], installOnly: flow.installOnly,
        ...(flow.relation ? { relation: `${flow.relation.name} (${flow.relation.how})` } : {})
    };
}

function firstRuleLocation(results: readonly FlowResult[]): SourceLocation | undefined {
    const rules = new Set<PlanRule>();
    for (const r of results) for (const rule of r.rules) rules.add(rule);
    const ordered = [...rules].sort((a, b) => (a.node.$cstNode?.offset ?? 0) - (b.node.$cstNode?.offset ?? 0));
    return locationOf(ordered[0]?.node);
}

function edgeOf(id: string, draft: EdgeDraft): GraphEdge {
    const results = draft.results;
    const crossing = results.filter(r => r.status !== 'same-zone');
    const allowed = crossing.filter(r => r.status === 'covered').length;
    const status = edgeStatus(results);
    const vendors = [...new Set(results.flatMap(r => r.flow.catalogFlows.map(f => f.vendorId)))].sort();
    return {
        id, source: draft.source, target: draft.target, status,
        installOnly: results.every(r => r.flow.installOnly),
        label: portLabel(results.flatMap(r => r.flow.protocols.map(protocol => ({ protocol, ports: r.flow.ports })))),
        flows: results.map(graphFlow),
        required: crossing.length, allowed,
        location: status === 'allowed' || status === 'partial' ? firstRuleLocation(results) ?? locationOf(results[0].flow.source.node)
            : locationOf(results[0].flow.source.node),
        vendors
    };
}

/** Addresses as the plan writes them; an instance placed without `at` has none to show. */
function instanceAddresses(instance: PlanInstance): string {
    return instance.addresses.format().split(', ').filter(a => a && !a.startsWith('<')).join(', ');
}

function zoneAddresses(zone: PlanZone): string {
    return zone.internet ? 'internet' : zone.networks.format();
}

/** Allow rules that serve no requirement: drawn between the zones (or components) they name. */
function unusedRuleEdges(analysis: PlanAnalysis, keep: (id: string) => boolean, zoneLevel: boolean): GraphEdge[] {
    const edges = new Map<string, { source: string; target: string; rules: PlanRule[] }>();
    for (const rule of analysis.plan.policy.rules) {
        const usage = analysis.ruleUsage.get(rule);
        if (!rule.resolved || (usage && usage.served.length > 0)) continue;
        for (const s of rule.sources) for (const d of rule.destinations) {
            const end = (e: typeof s) => !zoneLevel && e.instance ? componentId(e.instance.name)
                : e.instance ? zoneId(e.instance.zone.name) : e.zone ? zoneId(e.zone.name)
                    : analysis.plan.facts.zones.has(e.label) ? zoneId(e.label) : undefined;
            const source = end(s), target = end(d);
            if (!source || !target || !keep(source) || !keep(target)) continue;
            const key = `${source}->${target}`;
            const entry = edges.get(key) ?? { source, target, rules: [] };
            entry.rules.push(rule);
            edges.set(key, entry);
        }
    }
    return [...edges.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, e]) => ({
        id: `rule:${key}`, source: e.source, target: e.target, status: 'unused-rule' as const, installOnly: false,
        label: portLabel(e.rules.flatMap(r => (r.protocol === 'tcp/udp' || r.protocol === 'any' ? ['tcp', 'udp'] : [r.protocol])
            .map(protocol => ({ protocol: r.protocol === 'any' && r.allPorts ? 'any' : protocol, ports: r.ports })))),
        flows: [], required: 0, allowed: 0, location: locationOf(e.rules[0].node), vendors: []
    }));
}

/** The graph of a plan's analysis. */
export function buildPlanGraph(analysis: PlanAnalysis, catalog: Catalog, options: PlanGraphOptions = {}): PlanGraph {
    const plan = analysis.plan;
    const zoneFilter = options.zone;
    if (zoneFilter !== undefined && !plan.facts.zones.has(zoneFilter)) throw new Error(`The plan has no zone '${zoneFilter}'.`);
    const limit = options.componentLimit ?? DEFAULT_COMPONENT_LIMIT;
    const level = options.level ?? (zoneFilter === undefined && plan.facts.instances.size > limit ? 'zone' : 'component');

    const results = analysis.flows.filter(r => r.status !== 'not-required');
    // With a zone filter: that zone's components, and the components at the other end of its flows.
    const shown = new Set<PlanInstance>();
    if (zoneFilter !== undefined) {
        for (const i of plan.facts.instances.values()) if (i.zone.name === zoneFilter) shown.add(i);
        for (const r of results) {
            if (r.flow.source.zone.name === zoneFilter) shown.add(r.flow.destination);
            if (r.flow.destination.zone.name === zoneFilter) shown.add(r.flow.source);
        }
    } else {
        for (const i of plan.facts.instances.values()) shown.add(i);
    }
    const shownZones = new Set([...shown].map(i => i.zone.name));
    if (zoneFilter !== undefined) shownZones.add(zoneFilter);
    const componentCount = new Map<string, number>();
    for (const i of plan.facts.instances.values()) componentCount.set(i.zone.name, (componentCount.get(i.zone.name) ?? 0) + 1);

    const zones: GraphZone[] = [...plan.facts.zones.values()]
        .filter(z => zoneFilter === undefined || shownZones.has(z.name))
        .sort(byName)
        .map(z => ({
            id: zoneId(z.name), name: z.name, site: z.site ? siteId(z.site) : undefined, internet: z.internet,
            addresses: zoneAddresses(z), components: componentCount.get(z.name) ?? 0, location: locationOf(z.node)
        }));
    const siteNames = [...new Set(zones.map(z => z.site).filter((s): s is string => !!s))];
    const sites: GraphSite[] = siteNames.map(id => ({ id, name: id.slice('site:'.length), zones: zones.filter(z => z.site === id).map(z => z.id) }))
        .sort(byName);

    const vendorName = (id: string) => vendorDisplayName(catalog, id);
    const components: GraphComponent[] = level === 'zone' ? [] : [...shown].sort(byName).map(i => {
        const type = catalog.types.get(i.typeId);
        const vendorId = type?.vendorId ?? vendorOf(i.typeId);
        return {
            id: componentId(i.name), name: i.name, zone: zoneId(i.zone.name), typeId: i.typeId,
            typeName: type?.displayName ?? i.typeId, vendorId, vendorName: vendorName(vendorId),
            addresses: instanceAddresses(i), location: locationOf(i.node)
        };
    });

    const drafts = new Map<string, EdgeDraft>();
    for (const r of results) {
        const { source, destination } = r.flow;
        if (!shown.has(source) || !shown.has(destination)) continue;
        if (zoneFilter !== undefined && source.zone.name !== zoneFilter && destination.zone.name !== zoneFilter) continue;
        const s = level === 'zone' ? zoneId(source.zone.name) : componentId(source.name);
        const t = level === 'zone' ? zoneId(destination.zone.name) : componentId(destination.name);
        // At zone level a flow inside one zone is no edge: the zone's own box stands for it.
        if (s === t && level === 'zone') continue;
        const key = `${s}->${t}`;
        const draft = drafts.get(key) ?? { source: s, target: t, results: [] };
        draft.results.push(r);
        drafts.set(key, draft);
    }
    const shownIds = new Set([...zones.map(z => z.id), ...components.map(c => c.id)]);
    const edges = [...drafts.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, d]) => edgeOf(`flow:${key}`, d));
    edges.push(...unusedRuleEdges(analysis, id => shownIds.has(id), level === 'zone'));

    const vendorIds = [...new Set(components.map(c => c.vendorId).concat(edges.flatMap(e => e.vendors)))].filter(v => v).sort();
    return {
        plan: plan.name, level, sites, zones, components, edges,
        vendors: vendorIds.map(id => ({ id, name: vendorName(id) }))
    };
}
