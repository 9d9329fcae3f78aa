import type { Catalog } from '../catalog/catalog-model.js';
import type { PlanFacts, PlanInstance } from '../plan/plan-model.js';
import type { ComponentGroup } from '../plan/component-groups.js';
import { samePlanWideFacts } from '../plan/plan-facts.js';
import { instancesByType } from '../plan/instances-by-type.js';
import { groupPartition, singletonPartition, type Partition } from './component-partition.js';
import { sameList } from '../utils/same-list.js';
import type { Finding } from './finding.js';
import { planRelations } from './relations.js';
import { requirementFlow } from './plan-requirements.js';
import { planPlatforms } from './component-platforms.js';
import { CatalogRows } from './catalog-rows.js';
import {
    destinationCache, flowsFromSources, groupFlowsFromSources, type DestinationCache, type Derivation, type FlowDependencies, type GroupFlow, type RequiredFlow, type SourceFlows, type SourceFlowsOf
} from './required-flows.js';

/**
 * The first pass of the analysis: which flows a plan requires. It reads the plan's facts
 * (plan-facts.ts: components, zones, sites and pairs, features, port overrides, relations as
 * written and `require` lines) and the catalog — never the policy (an allow rule, a deny: not in
 * the facts' type), so an edit to the policy keeps every requirement as it was.
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
    /** The facts derived from, and what was worked out of them once (components by type, groups, relations). */
    readonly derivation: Derivation;
    /** Per site the requirements start in: after an edit, the sites it did not touch are kept. */
    readonly sites: ReadonlyMap<string, SiteRequirements>;
    /** Every requirement between groups, in whole-plan order; each one's `id` is its place here. */
    readonly groupFlows: readonly GroupFlow[];
    /**
     * Every requirement per pair of components, in whole-plan order, each one's `id` its place:
     * worked out when first asked for (a plan without sites has very many).
     */
    pairFlows(): readonly RequiredFlow[];
    /** The work of placing the destinations of cross-site flows in their lists' order, for a group and per component pair (counted, never timed). */
    readonly work: { readonly indexed: number };
    /** What the plan leaves undecided while deriving: relations with several candidates, or none; platforms not written (placed where the statements are now). */
    readonly findings: readonly Finding[];
}

/** Whether a site's requirements still hold: the same components, and the same lists of every type they reached outside the site. */
function stillDerived(part: SiteRequirements, instances: readonly PlanInstance[], byType: ReadonlyMap<string, readonly PlanInstance[]>): boolean {
    if (!sameList(part.instances, instances)) return false;
    for (const [typeId, list] of part.dependencies.types) if (!sameList(list, byType.get(typeId) ?? [])) return false;
    return true;
}

function deriveSite(derivation: Derivation, instances: readonly PlanInstance[], destinations: DestinationCache, pairDestinations: () => DestinationCache): SiteRequirements {
    const dependencies: FlowDependencies = { types: new Map() };
    const bySource = groupFlowsFromSources(derivation, instances, dependencies, destinations);
    let pairs: SourceFlows[] | undefined;
    return { instances, dependencies, bySource, pairs: () => pairs ??= flowsFromSources(derivation, instances, undefined, pairDestinations()) };
}

/**
 * What the first pass works out of the facts before deriving any site: taken as it is from the
 * previous analysis when the facts are the same object (nothing they hold changed).
 */
function derivationOf(facts: PlanFacts, catalog: Catalog, previous: Derivation | undefined, shared: CatalogRows | undefined): Derivation {
    if (previous && previous.facts === facts && previous.catalog === catalog) return previous;
    const byType = instancesByType(facts, catalog);
    const groups = groupPartition(facts, catalog);
    let singletons: Partition | undefined;
    const platforms = planPlatforms(facts, catalog);
    // A requirement kept by the edit keeps its flow: the sites kept name it.
    const requirementFlows = new Map(facts.requirements.map(r => [r, previous?.requirementFlows.get(r) ?? requirementFlow(r)]));
    // What the catalog's rows give every requirement alike depends on the catalog alone: the rows
    // every plan of the workspace shares (`shared`), else the previous analysis's.
    const rows = shared?.isFor(catalog) ? shared : previous?.catalog === catalog ? previous.rows : new CatalogRows(catalog);
    return {
        facts, catalog, byType, groups, platforms, requirementFlows, rows,
        relations: planRelations(facts, catalog, groups, platforms, rows, previous?.relations),
        singletons: () => singletons ??= singletonPartition(byType)
    };
}

/**
 * Sources in the order a single pass over the catalog meets them: by the first catalog flow they
 * start, then in plan order; their requirements numbered in that order.
 */
function numbered<E, F extends { id: number }>(sources: { source: E; first: number; flows: readonly F[] }[], positionOf: (source: E) => number): F[] {
    sources.sort((a, b) => a.first - b.first || positionOf(a.source) - positionOf(b.source));
    const flows: F[] = [];
    // Indexed loops: once per requirement, in code not yet compiled, where each for…of step allocates.
    for (let s = 0; s < sources.length; s++) {
        const own = sources[s].flows;
        for (let f = 0; f < own.length; f++) {
            (own[f] as { id: number }).id = flows.length;
            flows.push(own[f]);
        }
    }
    return flows;
}

/**
 * The requirements of a plan, derived per site the flows start in. Given the requirements derived
 * for the previous analysis of the same plan, a site keeps its requirements when every part of the
 * facts besides the components is the same object (samePlanWideFacts), every relation binds as
 * before, and its components and the lists of components it reached in other sites are the same
 * objects; the result is the same either way. `rows`: what the catalog's rows give every
 * requirement alike, shared by every plan of a workspace with this catalog (PlanAnalyzer).
 */
export function deriveRequirements(facts: PlanFacts, catalog: Catalog, previous?: DerivedRequirements, rows?: CatalogRows): DerivedRequirements {
    const derivation = derivationOf(facts, catalog, previous?.derivation, rows);
    // The findings follow the statements to where an edit moved them.
    const findings = [...derivation.platforms.findings(), ...derivation.relations.findings()];
    if (previous && derivation === previous.derivation) return { ...previous, findings };
    const before = previous?.derivation;
    const reusable = before && before.catalog === catalog && samePlanWideFacts(before.facts, facts)
        && derivation.relations.sameBindingsAs(before.relations)
        // A component written without `on` takes the platform other components name, in any site.
        && derivation.platforms.signature === before.platforms.signature ? previous.sites : undefined;

    const instancesBySite = new Map<string, PlanInstance[]>();
    const order = new Map<PlanInstance, number>();
    for (const instance of facts.instances.values()) {
        order.set(instance, order.size);
        const list = instancesBySite.get(instance.zone.site);
        if (list) list.push(instance); else instancesBySite.set(instance.zone.site, [instance]);
    }
    const sites = new Map<string, SiteRequirements>();
    // Every site's pass reads one list of each flow's destinations across sites (per partition).
    const work = { indexed: 0 };
    const destinations = destinationCache(work);
    let pairDestinations: DestinationCache | undefined;
    const perPair = () => pairDestinations ??= destinationCache(work);
    for (const [site, instances] of instancesBySite) {
        const kept = reusable?.get(site);
        sites.set(site, kept && stillDerived(kept, instances, derivation.byType) ? kept : deriveSite(derivation, instances, destinations, perPair));
    }
    const groupFlows = numbered([...sites.values()].flatMap(s => s.bySource), group => order.get(group.members[0])!);
    let pairFlows: RequiredFlow[] | undefined;
    return {
        derivation, sites, groupFlows, findings, work,
        pairFlows: () => pairFlows ??= numbered([...sites.values()].flatMap(s => s.pairs()), instance => order.get(instance)!)
    };
}
