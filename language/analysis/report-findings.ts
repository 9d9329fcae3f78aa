import type { AstNode } from 'langium';
import type { Catalog } from '../catalog/catalog-model.js';
import type { Plan } from '../plan/plan-model.js';
import type { CoveredRequirements, GroupFlowResult } from './cover-requirements.js';
import type { DerivedRequirements } from './derive-requirements.js';
import type { Finding } from './finding.js';
import { flowFinding, sameZoneFinding } from './flow-findings.js';
import { guardrailFindings } from './guardrail-findings.js';
import { pairFindings } from './pair-findings.js';
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

/** The findings of the requirements, of the allow rules, of the vendors' checks and of the denies, in that order. */
export function reportFindings(plan: Plan, catalog: Catalog, required: DerivedRequirements, covered: CoveredRequirements, vendorChecks: readonly VendorCheck[]): Finding[] {
    const withFinding: GroupFlowResult[] = [];
    // An indexed loop: once per requirement, in code not yet compiled, where each for…of step allocates.
    const results = covered.groupFlows;
    for (let i = 0; i < results.length; i++) if (findingOf(results[i], catalog)) withFinding.push(results[i]);
    // Each result keeps its finding (findingOf), so the pairs are formed without a list of both.
    const findings: Finding[] = pairFindings(withFinding, result => findingOf(result as GroupFlowResult, catalog)!, catalog, plan.policy.rules);
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
    return [...kept, ...vendorFindings, ...guardrailFindings(plan, catalog, covered.denies)];
}
