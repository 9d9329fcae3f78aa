import type { AstNode } from 'langium';
import type { Catalog } from '../catalog/catalog-model.js';
import type { Plan } from '../plan/plan-model.js';
import type { CoveredRequirements, GroupFlowResult, SiteCoverage } from './cover-requirements.js';
import type { DerivedRequirements } from './derive-requirements.js';
import type { Finding } from './finding.js';
import { flowFinding, sameZoneFinding } from './flow-findings.js';
import { guardrailFindings } from './guardrail-findings.js';
import { pairFindings, pairFindingsOf, rulesBetween, stillPaired, type NearRules, type PairFindingsMade } from './pair-findings.js';
import { ruleFindings, unplacedAddressFindings } from './rule-findings.js';
import { vendorsOf, type VendorCheck, type VendorCheckContext } from './vendor-check.js';

/**
 * The third pass of the analysis: the findings. It reads the requirements and their coverage
 * (the first two passes), and of the plan only what a finding points at or compares with: the
 * allow rules (for a finding on the rule nearest a blocked flow, and each rule's own findings) and
 * the denies. Each vendor's checks are given the plan, the catalog, the coverage and each rule's
 * usage, and read of them what their advice needs.
 */

/**
 * A flow's finding, made again only when its source moved to a new AST node (its file was
 * re-parsed). Kept on the result itself (`reported`): a WeakMap of 140,000 results (a plan without
 * sites) cost the garbage collector more than making the findings.
 */
function findingOf(result: GroupFlowResult, catalog: Catalog): Finding | undefined {
    const cached = result.reported;
    if (cached !== undefined && (cached === null || cached.node === result.flow.source.node)) return cached ?? undefined;
    let finding: Finding | undefined;
    if (result.status === 'missing' || result.status === 'partial') finding = flowFinding(result.flow, result.coverage!, catalog);
    else if (result.status === 'same-zone') finding = sameZoneFinding(result.flow);
    result.reported = finding ?? null;
    return finding;
}

/**
 * What the third pass keeps for the next analysis of the same plan: the findings of each site's
 * requirements, by the coverage they were made from (an edit keeps the coverage of the sites it
 * did not reach, and with it their findings, while each would be made the same: stillPaired).
 */
export interface ReportedRequirements {
    readonly catalog: Catalog;
    /** Empty when the analysis is not kept for a next one (`keep`): its findings were made in one pass. */
    readonly sites: ReadonlyMap<SiteCoverage, PairFindingsMade>;
    /** Sites whose findings were made, and kept from the previous analysis (counted, never timed). */
    readonly work: { readonly made: number; readonly kept: number };
}

/**
 * The findings of the requirements, of the allow rules, of the vendors' checks and of the denies,
 * in that order. `keep`: whether the next analysis of the plan may start from this one.
 */
export function reportFindings(
    plan: Plan, catalog: Catalog, required: DerivedRequirements, covered: CoveredRequirements, vendorChecks: readonly VendorCheck[],
    previous?: ReportedRequirements, keep = true
): { findings: Finding[]; reported: ReportedRequirements } {
    const { findings, reported } = requirementFindings(plan, catalog, covered, previous?.catalog === catalog ? previous : undefined, keep);
    for (const finding of required.findings) findings.push(finding);

    // Indexed loops: once per allow rule, in code run for the first time.
    for (let r = 0; r < plan.policy.rules.length; r++) unplacedAddressFindings(plan.policy.rules[r], findings);
    for (let d = 0; d < plan.policy.denies.length; d++) unplacedAddressFindings(plan.policy.denies[d], findings);
    for (let r = 0; r < plan.policy.rules.length; r++) {
        const rule = plan.policy.rules[r];
        if (rule.resolved) ruleFindings(rule, covered.ruleUsage.get(rule)!, findings);
    }

    const { byType, platforms } = required.derivation;
    const context: VendorCheckContext = { plan, catalog, flows: covered.groupFlows, ruleUsage: covered.ruleUsage, platforms, instancesOf: typeId => byType.get(typeId) ?? [] };
    const vendors = vendorsOf(plan, catalog);
    const vendorFindings: Finding[] = [];
    const superseded = new Map<AstNode, Set<string>>();
    for (const check of vendorChecks) {
        if (!vendors.has(check.vendorId)) continue;
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
    return { findings: [...kept, ...vendorFindings, ...guardrailFindings(plan, catalog, covered.denies)], reported };
}

/**
 * Each site's findings where their first flows stand among the plan's requirements (the
 * requirements' ids number them in whole-plan order): the order one pass over all of them gives.
 */
function findingsInPlanOrder(perSite: readonly PairFindingsMade[], requirements: number): Finding[] {
    let count = 0;
    for (const made of perSite) count += made.findings.length;
    const findings = new Array<Finding>(count);
    const byFirstFlow = new Array<Finding | undefined>(requirements);
    for (const made of perSite) {
        for (let i = 0; i < made.findings.length; i++) byFirstFlow[(made.firsts[i] as GroupFlowResult).flow.id] = made.findings[i];
    }
    let at = 0;
    for (let i = 0; i < byFirstFlow.length; i++) if (byFirstFlow[i] !== undefined) findings[at++] = byFirstFlow[i]!;
    return findings;
}

/**
 * The findings of each site's requirements: one per pair of components and kind (pair-findings.ts),
 * kept from the previous analysis for a site whose coverage it kept, while they would be made the same.
 */
function requirementFindings(
    plan: Plan, catalog: Catalog, covered: CoveredRequirements, previous: ReportedRequirements | undefined, keep: boolean
): { findings: Finding[]; reported: ReportedRequirements } {
    const find = (result: GroupFlowResult) => findingOf(result, catalog);
    if (!keep) {
        // Made once and kept for no next analysis: one pass over all the requirements, in plan
        // order, gives the findings in their order without a list per site.
        const findings = pairFindings(withFindingIn(covered.groupFlows, find), result => find(result as GroupFlowResult)!, catalog, plan.policy.rules);
        return { findings, reported: { catalog, sites: new Map(), work: { made: covered.sites.size, kept: 0 } } };
    }
    const nearRules: NearRules = rulesBetween(plan.policy.rules);
    const perSite: PairFindingsMade[] = [];
    const sites = new Map<SiteCoverage, PairFindingsMade>();
    const work = { made: 0, kept: 0 };
    for (const site of covered.sites.values()) {
        const before = previous?.sites.get(site);
        if (before && stillPaired(before, result => find(result as GroupFlowResult), nearRules)) {
            perSite.push(before);
            sites.set(site, before);
            work.kept++;
            continue;
        }
        // Each result keeps its finding (findingOf), so the pairs are formed without a list of both.
        const made = pairFindingsOf(withFindingIn(site.results, find), result => find(result as GroupFlowResult)!, catalog, nearRules);
        perSite.push(made);
        sites.set(site, made);
        work.made++;
    }
    return { findings: findingsInPlanOrder(perSite, covered.groupFlows.length), reported: { catalog, sites, work } };
}

/** The results that have a finding, in order. */
function withFindingIn(results: readonly GroupFlowResult[], find: (result: GroupFlowResult) => Finding | undefined): GroupFlowResult[] {
    const withFinding: GroupFlowResult[] = [];
    // An indexed loop: once per requirement, in code not yet compiled, where each for…of step allocates.
    for (let i = 0; i < results.length; i++) if (find(results[i])) withFinding.push(results[i]);
    return withFinding;
}
