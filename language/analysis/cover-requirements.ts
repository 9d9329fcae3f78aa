import type { PlanInstance, PlanPolicy, PlanRule } from '../plan/plan-model.js';
import type { ComponentGroup } from '../plan/component-groups.js';
import { intersectPorts, subtractPorts, unionPorts, type PortSet } from '../network/ports.js';
import { innerMap } from '../utils/inner-map.js';
import { sameList } from '../utils/same-list.js';
import { buildRuleIndex, coverFlow, type FlowCoverage, type RuleIndex } from './coverage.js';
import type { DerivedRequirements, SiteRequirements } from './derive-requirements.js';
import { pairCount, type AnyRequirement, type FlowStatus, type RequirementEndpoint, type RequirementOf } from './required-flows.js';
import type { RuleUsage } from './rule-findings.js';
import { denyConflicts, type DenyConflicts } from './deny-conflicts.js';
import type { Finding } from './finding.js';

/**
 * The second pass of the analysis: how the plan's allow rules cover the requirements the first
 * pass derived, and what each allow rule is used for. It reads the requirements and the plan's
 * policy (plan-policy.ts), never its facts: what it knows of the components comes with the
 * requirements. It also works out, once, where the denies meet the allow rules and the required
 * flows (deny-conflicts.ts).
 */

export interface FlowResultOf<E extends RequirementEndpoint> {
    readonly flow: RequirementOf<E>;
    readonly status: FlowStatus;
    readonly coverage?: FlowCoverage;
    /** Allow rules that let at least part of the flow through. */
    readonly rules: readonly PlanRule[];
}

/** A requirement between two components and where it stands. */
export type FlowResult = FlowResultOf<PlanInstance>;

/** A requirement between two component groups; `allowedPairs` of its member pairs are fully allowed. */
export interface GroupFlowResult extends FlowResultOf<ComponentGroup> {
    readonly pairs: number;
    readonly allowedPairs: number;
    /**
     * The third pass's finding of this result (report-findings.ts), `null` for none: kept with the
     * result, which an edit elsewhere keeps too. A field the result is made with: written later, it
     * took a property store of its own per result (a plan's tens of thousands).
     */
    reported: Finding | null | undefined;
}

/** What one site's requirements contribute to a rule's usage. */
interface UsagePart { served: PortSet; internetFacing: PortSet; requiredOverInternet: PortSet; installOnly: PortSet; permanent: PortSet }

/**
 * The coverage of one site's requirements, what they credit the rules with, and the candidate
 * rules it looked at: while the requirements are the same object and the candidates the same
 * rules, an analysis after an edit keeps it as it is.
 */
export interface SiteCoverage {
    readonly requirements: SiteRequirements;
    /** Source zone → destination zone → the candidate rules the coverage looked at (by name, no key written per pair). */
    readonly candidates: Map<string, Map<string, readonly PlanRule[]>>;
    readonly results: readonly GroupFlowResult[];
    readonly usage: Map<PlanRule, UsagePart>;
    /** The coverage of the same requirements per pair of components, once someone asks. */
    readonly pairs: () => readonly FlowResult[];
}

export interface CoveredRequirements {
    readonly sites: ReadonlyMap<string, SiteCoverage>;
    /** Each group requirement's coverage, in the requirements' order. */
    readonly groupFlows: readonly GroupFlowResult[];
    /** What every allow rule of the plan is used for. */
    readonly ruleUsage: ReadonlyMap<PlanRule, RuleUsage>;
    /** Each pair requirement's coverage, in the requirements' order: worked out when first asked for. */
    flows(): readonly FlowResult[];
    /** Where the plan's denies meet its allow rules and its required flows. */
    readonly denies: DenyConflicts;
    /**
     * What the coverage was worked out from besides the sites' requirements: the requirements in
     * plan order and the allow rules as indexed. The next analysis keeps the index while the
     * rules are the same objects in the same order, and all of the coverage but the denies' while
     * every site is kept and the requirements are the same list.
     */
    readonly from: { readonly groupFlows: readonly AnyRequirement[]; readonly index: RuleIndex };
    /** The work this analysis did (counted, never timed): allow rules indexed, sites covered anew. */
    readonly work: { readonly rulesIndexed: number; readonly sitesCovered: number };
}

const NO_PORTS: PortSet = [];
const NO_RULES: readonly PlanRule[] = Object.freeze([]);

/** The usage of every allow rule that no flow uses (most rules of a large plan): one object for all, never written. */
const SERVES_NOTHING: RuleUsage = { served: NO_PORTS, installOnly: NO_PORTS, internetFacing: NO_PORTS, requiredOverInternet: NO_PORTS };

/** Union that allocates only when something is new: rules serve the same ports over and over. */
function addPorts(set: PortSet, more: PortSet): PortSet {
    return more.every(r => set.some(s => s.from <= r.from && r.to <= s.to)) ? set : unionPorts(set, more);
}

function statusOf(flow: AnyRequirement, coverage: FlowCoverage | undefined): FlowStatus {
    if (!flow.required) return 'not-required';
    if (!flow.crossesZones) return 'same-zone';
    return coverage!.status;
}

/** Whether the rules the coverage looked at are still the candidates. */
function sameCandidates(part: SiteCoverage, index: RuleIndex): boolean {
    for (const [from, byDestination] of part.candidates) {
        for (const [to, rules] of byDestination) if (!sameList(rules, index.candidates(from, to))) return false;
    }
    return true;
}

/** Where each member pair of a group flow stands: the pairs of a partly allowed group may differ. */
function allowedPairs(flow: RequirementOf<ComponentGroup>, coverage: FlowCoverage, index: RuleIndex): number {
    const pairs = flow.source.members.length * flow.destination.members.length;
    if (coverage.status === 'covered') return pairs;
    if (coverage.status === 'missing' || pairs === 1) return 0;
    let allowed = 0;
    for (const source of flow.source.members) for (const destination of flow.destination.members) {
        if (coverFlow({ ...flow, source, destination }, index).status === 'covered') allowed++;
    }
    return allowed;
}

function coverSite(requirements: SiteRequirements, index: RuleIndex): SiteCoverage {
    const candidates = new Map<string, Map<string, readonly PlanRule[]>>();
    const usage = new Map<PlanRule, UsagePart>();
    const results: GroupFlowResult[] = [];
    // Indexed loops and forEach: once per requirement (tens of thousands in a large plan), in
    // code not yet compiled, where each for…of step allocates.
    const bySource = requirements.bySource;
    for (let s = 0; s < bySource.length; s++) for (let f = 0; f < bySource[s].flows.length; f++) {
        const flow = bySource[s].flows[f];
        const from = flow.source.zone.name, to = flow.destination.zone.name;
        const seen = innerMap(candidates, from);
        if (!seen.has(to)) seen.set(to, index.candidates(from, to));
        // Rules are credited for every flow they reach, required or not, so a rule for a
        // same-zone or optional flow is not reported as serving nothing.
        const coverage = coverFlow(flow, index);
        if (coverage.contributions.size > 0) coverage.contributions.forEach((ports, rule) => {
            let u = usage.get(rule);
            if (!u) usage.set(rule, u = { served: [], internetFacing: [], requiredOverInternet: [], installOnly: [], permanent: [] });
            u.served = addPorts(u.served, ports);
            if (flow.internetFacing) u.internetFacing = addPorts(u.internetFacing, ports);
            if (flow.required && (flow.source.zone.internet || flow.destination.zone.internet)) u.requiredOverInternet = addPorts(u.requiredOverInternet, ports);
            if (flow.installOnly) u.installOnly = addPorts(u.installOnly, ports);
            else u.permanent = addPorts(u.permanent, ports);
        });
        const counted = flow.required && flow.crossesZones;
        results.push({
            flow, status: statusOf(flow, coverage), coverage: counted ? coverage : undefined,
            rules: coverage.contributions.size === 0 ? NO_RULES : [...coverage.contributions.keys()],
            pairs: pairCount(flow), allowedPairs: counted ? allowedPairs(flow, coverage, index) : 0, reported: undefined
        });
    }
    let pairResults: FlowResult[] | undefined;
    const pairs = () => pairResults ??= requirements.pairs().flatMap(({ flows }) => flows.map((flow): FlowResult => {
        const coverage = coverFlow(flow, index);
        return {
            flow, status: statusOf(flow, coverage), coverage: flow.required && flow.crossesZones ? coverage : undefined,
            rules: coverage.contributions.size === 0 ? NO_RULES : [...coverage.contributions.keys()]
        };
    }));
    return { requirements, candidates, results, usage, pairs };
}

/** The results of every site, each at its requirement's place (the requirements' ids number them in whole-plan order). */
function inPlanOrder<R extends { flow: { id: number } }>(count: number, perSite: Iterable<readonly R[]>): R[] {
    const ordered = new Array<R>(count);
    for (const results of perSite) for (let i = 0; i < results.length; i++) ordered[results[i].flow.id] = results[i];
    return ordered;
}

/** What every allow rule is used for: each site's credits added up; the ports only install-only flows use, apart. */
function ruleUsageOf(policy: PlanPolicy, sites: Iterable<SiteCoverage>): Map<PlanRule, RuleUsage> {
    const usage = new Map<PlanRule, RuleUsage>();
    // Most rules of a large plan serve nothing: they share one usage that says so, and one empty
    // set stands for all its parts (not frozen, which made port-set code slower). A rule gets a
    // usage of its own when a flow uses it; a usage is only ever read once made.
    for (let r = 0; r < policy.rules.length; r++) usage.set(policy.rules[r], SERVES_NOTHING);
    const installOnlyServed = new Map<PlanRule, PortSet>();
    const permanentServed = new Map<PlanRule, PortSet>();
    for (const site of sites) {
        for (const [rule, p] of site.usage) {
            let u = usage.get(rule)!;
            if (u === SERVES_NOTHING) usage.set(rule, u = { served: NO_PORTS, installOnly: NO_PORTS, internetFacing: NO_PORTS, requiredOverInternet: NO_PORTS });
            u.served = addPorts(u.served, p.served);
            u.internetFacing = addPorts(u.internetFacing, p.internetFacing);
            u.requiredOverInternet = addPorts(u.requiredOverInternet, p.requiredOverInternet);
            if (p.installOnly.length) installOnlyServed.set(rule, addPorts(installOnlyServed.get(rule) ?? [], p.installOnly));
            if (p.permanent.length) permanentServed.set(rule, addPorts(permanentServed.get(rule) ?? [], p.permanent));
        }
    }
    // Most rules serve no install-only flow: nothing to subtract from. (One that does has a usage of its own.)
    for (const [rule, installOnly] of installOnlyServed) {
        if (!rule.resolved) continue;
        usage.get(rule)!.installOnly = intersectPorts(subtractPorts(installOnly, permanentServed.get(rule) ?? []), rule.ports);
    }
    return usage;
}

/**
 * The coverage of a plan's requirements by its allow rules, per site. Given the coverage worked
 * out for the previous analysis of the same plan, a site whose requirements were kept and whose
 * candidate rules are still the same objects keeps its coverage; the result is the same either way.
 */
export function coverRequirements(required: DerivedRequirements, policy: PlanPolicy, previous?: CoveredRequirements): CoveredRequirements {
    // An edit that leaves the allow rules alone (most edits of components) keeps them as the same
    // objects: their index, and the candidates it found for each zone pair, stay as they were.
    const sameRules = previous !== undefined && sameList(previous.from.index.rules, policy.rules);
    const index = sameRules ? previous.from.index : buildRuleIndex(policy);
    const sites = new Map<string, SiteCoverage>();
    let everySiteKept = sameRules && previous.sites.size === required.sites.size;
    const work = { rulesIndexed: sameRules ? 0 : policy.rules.length, sitesCovered: 0 };
    for (const [site, requirements] of required.sites) {
        const kept = previous?.sites.get(site);
        const keep = kept !== undefined && kept.requirements === requirements && (sameRules || sameCandidates(kept, index));
        if (keep) {
            sites.set(site, kept);
            continue;
        }
        everySiteKept = false;
        work.sitesCovered++;
        sites.set(site, coverSite(requirements, index));
    }
    const denies = denyConflicts(policy, required.derivation.catalog, required.derivation.byType, required.groupFlows);
    // Every site's coverage and the rules as they were, for the same requirements in the same
    // order: the results in plan order, the rules' usage and the pairs' coverage are what they
    // were (the denies are read anew: each build makes them again).
    if (previous && everySiteKept && previous.from.groupFlows === required.groupFlows) return { ...previous, sites, denies, work };
    let flows: FlowResult[] | undefined;
    return {
        sites,
        groupFlows: inPlanOrder(required.groupFlows.length, [...sites.values()].map(s => s.results)),
        ruleUsage: ruleUsageOf(policy, sites.values()),
        denies,
        flows: () => flows ??= inPlanOrder(required.pairFlows().length, [...sites.values()].map(s => s.pairs())),
        from: { groupFlows: required.groupFlows, index },
        work
    };
}
