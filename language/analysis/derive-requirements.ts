import type { Catalog, CatalogFlow } from '../catalog/catalog-model.js';
import type { Plan, PlanInstance } from '../plan/plan-model.js';
import type { ComponentGroup } from '../plan/component-groups.js';
import { instancesByType } from '../plan/instances-by-type.js';
import { sameList } from '../utils/same-list.js';
import type { Finding } from './finding.js';
import { planRelations, type PlanRelations } from './relations.js';
import {
    flowsFromSources, groupFlowsFromSources, type FlowDependencies, type GroupFlow, type RequiredFlow, type SourceFlows, type SourceFlowsOf
} from './required-flows.js';

/**
 * The first pass of the analysis: which flows a plan requires. It reads the plan's components,
 * zones, sites and pairs, features, port overrides, relations and `require` lines, and the catalog
 * — never an allow rule, so an edit to the allow rules keeps every requirement as it was.
 */

/** The requirements whose source lies in one site, and what they were derived from. */
export interface SiteRequirements {
    readonly instances: readonly PlanInstance[];
    readonly dependencies: FlowDependencies;
    /** Between groups of components the catalog cannot tell apart, by source. */
    readonly bySource: readonly SourceFlowsOf<ComponentGroup>[];
    /** The same requirements per pair of components, once someone asks. */
    readonly pairs: () => readonly SourceFlows[];
}

export interface DerivedRequirements {
    readonly catalog: Catalog;
    /** Everything besides the components that the requirements depend on (environmentOf). */
    readonly environment: string;
    /** Per site the requirements start in: after an edit, the sites it did not touch are kept. */
    readonly sites: ReadonlyMap<string, SiteRequirements>;
    /** Every requirement between groups, in whole-plan order; each one's `id` is its place here. */
    readonly groupFlows: readonly GroupFlow[];
    /**
     * Every requirement per pair of components, in whole-plan order, each one's `id` its place:
     * worked out when first asked for (a plan without sites has very many).
     */
    pairFlows(): readonly RequiredFlow[];
    /** What the plan leaves undecided while deriving: relations with several candidates, or none. */
    readonly findings: readonly Finding[];
    /** Who works with whom: kept for the next analysis, which reuses them when nothing they depend on changed. */
    readonly relations: PlanRelations;
}

function rangeKey(range: { start: { line: number; character: number }; end: { line: number; character: number } } | undefined): string {
    return range ? `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}` : '';
}

/** What the requirements depend on besides the components of each site: when it changes, every site is derived again. */
function environmentOf(plan: Plan, relations: PlanRelations): string {
    return [
        [...plan.features].join(','),
        // A component that states a relation or is named in one is grouped apart (component-groups.ts),
        // also where the relation binds nothing.
        relations.stated,
        plan.portOverrides.map(o => `${o.settingId}=${o.port}:${[...o.instances].join(',')}`).join(';'),
        [...plan.sitePairs].join(','),
        [...plan.zones.values()].map(z => `${z.name}@${z.site}`).join(','),
        // The plan's own requirements reach across sites: any change to one, or to a component
        // it names, makes every site's part again. Its whole range, not only its line: a kept
        // result's finding points at the requirement node it was made with (related information),
        // so a requirement that moved within its line (re-indented, spaces inside) must make it again.
        plan.requirements.map(r => [
            r.protocol, r.portText, r.purpose, r.installOnly, rangeKey(r.node.$cstNode?.range),
            ...[...r.sources, ...r.destinations].map(i => `${i.name}@${i.zone.name}:${i.addresses.format()}`)
        ].join('|')).join(';')
    ].join('\u0000');
}

/** Whether a site's requirements still hold: the same components, and the same lists of every type they reached outside the site. */
function stillDerived(part: SiteRequirements, instances: readonly PlanInstance[], byType: ReadonlyMap<string, readonly PlanInstance[]>): boolean {
    if (!sameList(part.instances, instances)) return false;
    for (const [typeId, list] of part.dependencies.types) if (!sameList(list, byType.get(typeId) ?? [])) return false;
    return true;
}

function deriveSite(plan: Plan, catalog: Catalog, instances: readonly PlanInstance[], destinationCache: Map<CatalogFlow, ComponentGroup[]>): SiteRequirements {
    const dependencies: FlowDependencies = { types: new Map() };
    const bySource = groupFlowsFromSources(plan, catalog, instances, dependencies, destinationCache);
    let pairs: SourceFlows[] | undefined;
    return { instances, dependencies, bySource, pairs: () => pairs ??= flowsFromSources(plan, catalog, instances, undefined, new Map()) };
}

/**
 * Sources in the order a single pass over the catalog meets them: by the first catalog flow they
 * start, then in plan order; their requirements numbered in that order.
 */
function numbered<E, F extends { id: number }>(sources: { source: E; first: number; flows: readonly F[] }[], positionOf: (source: E) => number): F[] {
    sources.sort((a, b) => a.first - b.first || positionOf(a.source) - positionOf(b.source));
    const flows: F[] = [];
    for (const { flows: own } of sources) {
        for (const flow of own) {
            (flow as { id: number }).id = flows.length;
            flows.push(flow);
        }
    }
    return flows;
}

/**
 * The requirements of a plan, derived per site the flows start in. Given the requirements derived
 * for the previous analysis of the same plan, a site whose components and cross-site destinations
 * are still the same objects keeps its requirements; the result is the same either way.
 */
export function deriveRequirements(plan: Plan, catalog: Catalog, previous?: DerivedRequirements): DerivedRequirements {
    const byType = instancesByType(plan, catalog);
    const relations = planRelations(plan, catalog, previous?.relations);
    const environment = environmentOf(plan, relations);
    // Relations bind components across sites: any change to a binding makes every site's part again.
    const reusable = previous && previous.catalog === catalog && previous.environment === environment
        && relations.sameBindingsAs(previous.relations) ? previous.sites : undefined;

    const instancesBySite = new Map<string, PlanInstance[]>();
    const order = new Map<PlanInstance, number>();
    for (const instance of plan.instances.values()) {
        order.set(instance, order.size);
        const list = instancesBySite.get(instance.zone.site);
        if (list) list.push(instance); else instancesBySite.set(instance.zone.site, [instance]);
    }
    const sites = new Map<string, SiteRequirements>();
    const destinationCache = new Map<CatalogFlow, ComponentGroup[]>();
    for (const [site, instances] of instancesBySite) {
        const kept = reusable?.get(site);
        sites.set(site, kept && stillDerived(kept, instances, byType) ? kept : deriveSite(plan, catalog, instances, destinationCache));
    }
    const groupFlows = numbered([...sites.values()].flatMap(s => s.bySource), group => order.get(group.members[0])!);
    let pairFlows: RequiredFlow[] | undefined;
    return {
        catalog, environment, sites, groupFlows, relations, findings: relations.findings,
        pairFlows: () => pairFlows ??= numbered([...sites.values()].flatMap(s => s.pairs()), instance => order.get(instance)!)
    };
}
