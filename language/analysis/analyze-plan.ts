import type { AstNode } from 'langium';
import type { Catalog, CatalogFlow } from '../catalog/catalog-model.js';
import type { Plan, PlanInstance, PlanRule } from '../plan/plan-model.js';
import { instancesByType } from '../plan/instances-by-type.js';
import { intersectPorts, subtractPorts, unionPorts, type PortSet } from '../model/ports.js';
import { buildRuleIndex, coverFlow, type FlowCoverage, type RuleIndex } from './coverage.js';
import type { Finding } from './finding.js';
import { pairFindings } from './pair-findings.js';
import { flowFinding, sameZoneFinding } from './flow-findings.js';
import {
    flowsFromSources, groupFlowsFromSources, pairCount, type AnyRequirement, type FlowDependencies, type FlowStatus, type RequirementEndpoint,
    type RequirementOf
} from './required-flows.js';
import type { ComponentGroup } from '../plan/component-groups.js';
import { ruleFindings, unplacedAddressFindings, type RuleUsage } from './rule-findings.js';
import { planUsesVendor, type VendorCheck } from './vendor-check.js';
import { innerMap } from '../utils/inner-map.js';
import { planRelations } from './relations.js';
import { guardrailFindings } from './guardrail-findings.js';

const NO_PORTS: PortSet = [];

/** The usage of every allow rule that no flow uses (most rules of a large plan): one object for all, never written. */
const SERVES_NOTHING: RuleUsage = { served: NO_PORTS, installOnly: NO_PORTS, internetFacing: NO_PORTS, requiredOverInternet: NO_PORTS };

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
}

export interface PlanAnalysis {
    readonly plan: Plan;
    /**
     * Every requirement per pair of components, worked out when first asked for: a plan without
     * sites has very many, and the findings, the coverage count and the vendor checks need only
     * `groupFlows`.
     */
    readonly flows: readonly FlowResult[];
    /** The requirements between groups of components the catalog cannot tell apart. */
    readonly groupFlows: readonly GroupFlowResult[];
    readonly ruleUsage: ReadonlyMap<PlanRule, RuleUsage>;
    readonly findings: readonly Finding[];
}

/** Union that allocates only when something is new: rules serve the same ports over and over. */
function addPorts(set: PortSet, more: PortSet): PortSet {
    return more.every(r => set.some(s => s.from <= r.from && r.to <= s.to)) ? set : unionPorts(set, more);
}

function statusOf(flow: AnyRequirement, coverage: FlowCoverage | undefined): FlowStatus {
    if (!flow.required) return 'not-required';
    if (!flow.crossesZones) return 'same-zone';
    return coverage!.status;
}

/** What one site's requirements contribute to a rule's usage. */
interface UsagePart { served: PortSet; internetFacing: PortSet; requiredOverInternet: PortSet; installOnly: PortSet; permanent: PortSet }

/**
 * The requirements whose source lies in one site, with their coverage and what they credit the
 * rules with, and everything they were computed from: when all of it is still the same objects,
 * an analysis after an edit keeps the part as it is.
 */
interface SitePart {
    readonly instances: readonly PlanInstance[];
    readonly dependencies: FlowDependencies;
    /** Source zone → destination zone → the candidate rules the coverage looked at (by name, no key written per pair). */
    readonly candidates: Map<string, Map<string, readonly PlanRule[]>>;
    readonly bySource: readonly { source: ComponentGroup; first: number; results: GroupFlowResult[] }[];
    readonly usage: Map<PlanRule, UsagePart>;
    /** The same requirements per pair of components, once someone asks. */
    readonly pairs: () => readonly { source: PlanInstance; first: number; results: FlowResult[] }[];
}

/** What an analysis keeps for the next one of the same plan. */
interface AnalysisState {
    readonly catalog: Catalog;
    /** Features, port overrides, site pairs and which zone is in which site. */
    readonly environment: string;
    readonly parts: Map<string, SitePart>;
}

const states = new WeakMap<PlanAnalysis, AnalysisState>();

function sameList<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): boolean {
    if (a === b) return true;
    if (!a || !b || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
}

function rangeKey(range: { start: { line: number; character: number }; end: { line: number; character: number } } | undefined): string {
    return range ? `${range.start.line}:${range.start.character}-${range.end.line}:${range.end.character}` : '';
}

function environmentOf(plan: Plan, catalog: Catalog): string {
    return [
        // Relations bind components across sites: any change to a binding makes every site's part again.
        planRelations(plan, catalog).signature,
        [...plan.features].join(','),
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

function partStillValid(part: SitePart, instances: readonly PlanInstance[], index: RuleIndex, byType: ReadonlyMap<string, readonly PlanInstance[]>): boolean {
    if (!sameList(part.instances, instances)) return false;
    for (const [typeId, list] of part.dependencies.types) if (!sameList(list, byType.get(typeId) ?? [])) return false;
    for (const [from, byDestination] of part.candidates) {
        for (const [to, rules] of byDestination) if (!sameList(rules, index.candidates(from, to))) return false;
    }
    return true;
}

const NO_RULES: readonly PlanRule[] = Object.freeze([]);

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

function analyzeSite(plan: Plan, catalog: Catalog, instances: readonly PlanInstance[], index: RuleIndex, destinationCache: Map<CatalogFlow, ComponentGroup[]>): SitePart {
    const dependencies: FlowDependencies = { types: new Map() };
    const candidates = new Map<string, Map<string, readonly PlanRule[]>>();
    const usage = new Map<PlanRule, UsagePart>();
    const bySource = groupFlowsFromSources(plan, catalog, instances, dependencies, destinationCache).map(({ source, first, flows }) => ({
        source, first, results: flows.map((flow): GroupFlowResult => {
            const from = flow.source.zone.name, to = flow.destination.zone.name;
            const seen = innerMap(candidates, from);
            if (!seen.has(to)) seen.set(to, index.candidates(from, to));
            // Rules are credited for every flow they reach, required or not, so a rule for a
            // same-zone or optional flow is not reported as serving nothing.
            const coverage = coverFlow(flow, index);
            for (const [rule, ports] of coverage.contributions) {
                let u = usage.get(rule);
                if (!u) usage.set(rule, u = { served: [], internetFacing: [], requiredOverInternet: [], installOnly: [], permanent: [] });
                u.served = addPorts(u.served, ports);
                if (flow.internetFacing) u.internetFacing = addPorts(u.internetFacing, ports);
                if (flow.required && (flow.source.zone.internet || flow.destination.zone.internet)) u.requiredOverInternet = addPorts(u.requiredOverInternet, ports);
                if (flow.installOnly) u.installOnly = addPorts(u.installOnly, ports);
                else u.permanent = addPorts(u.permanent, ports);
            }
            const status = statusOf(flow, coverage);
            const counted = flow.required && flow.crossesZones;
            const pairs = pairCount(flow);
            return {
                flow, status, coverage: counted ? coverage : undefined, rules: coverage.contributions.size === 0 ? NO_RULES : [...coverage.contributions.keys()],
                pairs, allowedPairs: counted ? allowedPairs(flow, coverage, index) : 0
            };
        })
    }));
    let pairResults: ReturnType<SitePart['pairs']> | undefined;
    const pairs = () => pairResults ??= flowsFromSources(plan, catalog, instances, undefined, new Map()).map(({ source, first, flows }) => ({
        source, first, results: flows.map((flow): FlowResult => {
            const coverage = coverFlow(flow, index);
            const status = statusOf(flow, coverage);
            return { flow, status, coverage: flow.required && flow.crossesZones ? coverage : undefined, rules: coverage.contributions.size === 0 ? NO_RULES : [...coverage.contributions.keys()] };
        })
    }));
    return { instances, dependencies, candidates, bySource, usage, pairs };
}

/**
 * A flow's finding, made again only when its source moved to a new AST node (its file was
 * re-parsed). Kept on the result itself: a WeakMap of 140,000 results (a plan without sites) cost
 * the garbage collector more than making the findings.
 */
const FINDING = Symbol('finding');

function findingOf(result: GroupFlowResult, catalog: Catalog): Finding | undefined {
    const holder = result as GroupFlowResult & { [FINDING]?: Finding | null };
    const cached = holder[FINDING];
    if (cached !== undefined && (cached === null || cached.node === result.flow.source.node)) return cached ?? undefined;
    let finding: Finding | undefined;
    if (result.status === 'missing' || result.status === 'partial') finding = flowFinding(result.flow, result.coverage!, catalog);
    else if (result.status === 'same-zone') finding = sameZoneFinding(result.flow);
    holder[FINDING] = finding ?? null;
    return finding;
}

/** The requirements per pair of components, numbered in whole-plan order (sources by the first catalog flow they start, then in plan order). */
function pairFlows(parts: ReadonlyMap<string, SitePart>, order: ReadonlyMap<PlanInstance, number>): FlowResult[] {
    const sources = [...parts.values()].flatMap(p => p.pairs())
        .sort((a, b) => a.first - b.first || order.get(a.source)! - order.get(b.source)!);
    const flows: FlowResult[] = [];
    for (const { results } of sources) {
        for (const result of results) {
            (result.flow as { id: number }).id = flows.length;
            flows.push(result);
        }
    }
    return flows;
}

/**
 * The whole analysis of a plan: required flows per instance pair, their coverage by the allow
 * rules, what each rule is used for, and the findings. The work is split by the site the flows
 * start in; given the previous analysis of the same plan (built with buildPlan's `previous`),
 * the parts of sites whose instances, cross-site destinations and candidate rules are still the
 * same objects are kept, the rest computed again. The result is the same either way.
 */
export function analyzePlan(plan: Plan, catalog: Catalog, vendorChecks: readonly VendorCheck[], previous?: PlanAnalysis): PlanAnalysis {
    const index = buildRuleIndex(plan);
    const byType = instancesByType(plan, catalog);
    const environment = environmentOf(plan, catalog);
    const before = previous && states.get(previous);
    const reusable = before && before.catalog === catalog && before.environment === environment ? before.parts : undefined;

    const instancesBySite = new Map<string, PlanInstance[]>();
    const order = new Map<PlanInstance, number>();
    for (const instance of plan.instances.values()) {
        order.set(instance, order.size);
        const list = instancesBySite.get(instance.zone.site);
        if (list) list.push(instance); else instancesBySite.set(instance.zone.site, [instance]);
    }
    const parts = new Map<string, SitePart>();
    const destinationCache = new Map<CatalogFlow, ComponentGroup[]>();
    for (const [site, instances] of instancesBySite) {
        const kept = reusable?.get(site);
        parts.set(site, kept && partStillValid(kept, instances, index, byType) ? kept : analyzeSite(plan, catalog, instances, index, destinationCache));
    }

    // Sources in the order a single pass over the catalog meets them: by the first catalog flow
    // they start, then in plan order.
    const sources = [...parts.values()].flatMap(p => p.bySource)
        .sort((a, b) => a.first - b.first || order.get(a.source.members[0])! - order.get(b.source.members[0])!);
    const groupFlows: GroupFlowResult[] = [];
    const withFinding: GroupFlowResult[] = [];
    for (const { results } of sources) {
        for (const result of results) {
            (result.flow as { id: number }).id = groupFlows.length;
            groupFlows.push(result);
            if (findingOf(result, catalog)) withFinding.push(result);
        }
    }
    // Each result keeps its finding (findingOf), so the pairs are formed without a list of both.
    const findings: Finding[] = pairFindings(withFinding, result => findingOf(result as GroupFlowResult, catalog)!, catalog, plan.rules);
    for (const finding of planRelations(plan, catalog).findings) findings.push(finding);

    const usage = new Map<PlanRule, RuleUsage>();
    // Most rules of a large plan serve nothing: they share one usage that says so, and one empty
    // set stands for all its parts (not frozen, which made port-set code slower). A rule gets a
    // usage of its own when a flow uses it; a usage is only ever read once made.
    for (let r = 0; r < plan.rules.length; r++) usage.set(plan.rules[r], SERVES_NOTHING);
    const installOnlyServed = new Map<PlanRule, PortSet>();
    const permanentServed = new Map<PlanRule, PortSet>();
    for (const part of parts.values()) {
        for (const [rule, p] of part.usage) {
            let u = usage.get(rule)!;
            if (u === SERVES_NOTHING) usage.set(rule, u = { served: NO_PORTS, installOnly: NO_PORTS, internetFacing: NO_PORTS, requiredOverInternet: NO_PORTS });
            u.served = addPorts(u.served, p.served);
            u.internetFacing = addPorts(u.internetFacing, p.internetFacing);
            u.requiredOverInternet = addPorts(u.requiredOverInternet, p.requiredOverInternet);
            if (p.installOnly.length) installOnlyServed.set(rule, addPorts(installOnlyServed.get(rule) ?? [], p.installOnly));
            if (p.permanent.length) permanentServed.set(rule, addPorts(permanentServed.get(rule) ?? [], p.permanent));
        }
    }
    // Indexed loops: once per allow rule, in code run for the first time.
    for (let r = 0; r < plan.rules.length; r++) unplacedAddressFindings(plan.rules[r], findings);
    for (let r = 0; r < plan.rules.length; r++) {
        const rule = plan.rules[r];
        if (!rule.resolved) continue;
        const u = usage.get(rule)!;
        // Most rules serve no install-only flow: nothing to subtract from. (One that does has a usage of its own.)
        const installOnly = installOnlyServed.get(rule);
        if (installOnly) u.installOnly = intersectPorts(subtractPorts(installOnly, permanentServed.get(rule) ?? []), rule.ports);
        ruleFindings(rule, u, findings);
    }
    const context = { plan, catalog, flows: groupFlows, ruleUsage: usage };
    const vendorFindings: Finding[] = [];
    const superseded = new Map<AstNode, Set<string>>();
    for (const check of vendorChecks) {
        if (!planUsesVendor(context, check.vendorId)) continue;
        for (const finding of check.run(context)) {
            vendorFindings.push(finding);
            for (const code of check.supersedes ?? []) {
                let codes = superseded.get(finding.node);
                if (!codes) superseded.set(finding.node, codes = new Set());
                codes.add(code);
            }
        }
    }
    const kept = superseded.size === 0 ? findings : findings.filter(f => !superseded.get(f.node)?.has(f.code));
    let flows: FlowResult[] | undefined;
    const analysis: PlanAnalysis = {
        plan, groupFlows, ruleUsage: usage, findings: [...kept, ...vendorFindings, ...guardrailFindings(plan, catalog, groupFlows)],
        get flows() { return flows ??= pairFlows(parts, order); }
    };
    states.set(analysis, { catalog, environment, parts });
    return analysis;
}
