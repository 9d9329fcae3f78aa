import type { AstNode } from 'langium';
import type { Catalog } from '../catalog/catalog-model.js';
import type { Plan, PlanRule } from '../plan/plan-model.js';
import { intersectPorts, subtractPorts, unionPorts, type PortSet } from '../model/ports.js';
import { buildRuleIndex, coverFlow, type FlowCoverage } from './coverage.js';
import type { Finding } from './finding.js';
import { flowFinding, sameZoneFinding } from './flow-findings.js';
import { requiredFlows, type FlowStatus, type RequiredFlow } from './required-flows.js';
import { ruleFindings, type RuleUsage } from './rule-findings.js';
import { VENDOR_CHECKS } from '../checks/all-vendor-checks.js';
import { planUsesVendor } from '../checks/vendor-check.js';

export interface FlowResult {
    readonly flow: RequiredFlow;
    readonly status: FlowStatus;
    readonly coverage?: FlowCoverage;
    /** Allow rules that let at least part of the flow through. */
    readonly rules: readonly PlanRule[];
}

export interface PlanAnalysis {
    readonly plan: Plan;
    readonly flows: readonly FlowResult[];
    readonly ruleUsage: ReadonlyMap<PlanRule, RuleUsage>;
    readonly findings: readonly Finding[];
}

/** Union that allocates only when something is new: rules serve the same ports over and over. */
function addPorts(set: PortSet, more: PortSet): PortSet {
    return more.every(r => set.some(s => s.from <= r.from && r.to <= s.to)) ? set : unionPorts(set, more);
}

function statusOf(flow: RequiredFlow, coverage: FlowCoverage | undefined): FlowStatus {
    if (!flow.required) return 'not-required';
    if (!flow.crossesZones) return 'same-zone';
    return coverage!.status;
}

/**
 * The whole analysis of a plan, pure and in one pass: required flows per instance pair, their
 * coverage by the allow rules, what each rule is used for, and the findings.
 */
export function analyzePlan(plan: Plan, catalog: Catalog): PlanAnalysis {
    const index = buildRuleIndex(plan);
    const usage = new Map<PlanRule, RuleUsage>(plan.rules.map(r => [r, { served: [], installOnly: [], internetFacing: [] }]));
    const installOnlyServed = new Map<PlanRule, PortSet>();
    const permanentServed = new Map<PlanRule, PortSet>();
    const findings: Finding[] = [];
    const flows: FlowResult[] = [];

    for (const flow of requiredFlows(plan, catalog)) {
        // Rules are credited for every flow they reach, required or not, so a rule for a
        // same-zone or optional flow is not reported as serving nothing.
        const coverage = coverFlow(flow, index);
        const status = statusOf(flow, coverage);
        for (const [rule, ports] of coverage.contributions) {
            const u = usage.get(rule)!;
            u.served = addPorts(u.served, ports);
            if (flow.internetFacing) u.internetFacing = addPorts(u.internetFacing, ports);
            const bucket = flow.installOnly ? installOnlyServed : permanentServed;
            bucket.set(rule, addPorts(bucket.get(rule) ?? [], ports));
        }
        flows.push({ flow, status, coverage: flow.required && flow.crossesZones ? coverage : undefined, rules: [...coverage.contributions.keys()] });
        if (status === 'missing' || status === 'partial') {
            const finding = flowFinding(flow, coverage, catalog);
            if (finding) findings.push(finding);
        } else if (status === 'same-zone') {
            findings.push(sameZoneFinding(flow));
        }
    }
    for (const rule of plan.rules.filter(r => r.resolved)) {
        const u = usage.get(rule)!;
        u.installOnly = subtractPorts(installOnlyServed.get(rule) ?? [], permanentServed.get(rule) ?? []);
        u.installOnly = intersectPorts(u.installOnly, rule.ports);
        findings.push(...ruleFindings(rule, u));
    }
    const context = { plan, catalog, flows, ruleUsage: usage };
    const vendorFindings: Finding[] = [];
    const superseded = new Map<AstNode, Set<string>>();
    for (const check of VENDOR_CHECKS) {
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
    return { plan, flows, ruleUsage: usage, findings: [...kept, ...vendorFindings] };
}
