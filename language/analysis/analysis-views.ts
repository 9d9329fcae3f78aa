import { AstUtils, type AstNode } from 'langium';
import type { PlanInstance, PlanRule } from '../plan/plan-model.js';
import { buildRuleIndex, type RuleIndex } from './coverage.js';
import type { FlowResult, GroupFlowResult, PlanAnalysis } from './analyze-plan.js';
import type { Finding } from './finding.js';
import { NO_REQUIRED_FLOWS, requiredFlowsByComponent, type RequiredFlowsOfComponent } from './required-flows-by-component.js';

/**
 * Indexes of one analysis that the validator, the coverage counts and the editor's features read
 * again and again: each is built from the analysis when first asked for, once, and kept with the
 * analysis it indexes (a new analysis starts with none). An analysis that nobody hovers or
 * completes in builds none of them.
 */
export class AnalysisViews {
    private findingsByFileView?: ReadonlyMap<string, readonly Finding[]>;
    private flowsBySourceView?: ReadonlyMap<PlanInstance, readonly number[]>;
    private groupFlowsByRuleView?: ReadonlyMap<PlanRule, readonly GroupFlowResult[]>;
    private countedFlowsByComponentView?: ReadonlyMap<PlanInstance, readonly GroupFlowResult[]>;
    private ruleIndexView?: RuleIndex;
    private requiredFlowsView?: ReadonlyMap<PlanInstance, RequiredFlowsOfComponent>;

    constructor(private readonly analysis: PlanAnalysis) {}

    /** The findings by the URI of the file of the element each is about (what a file reports: plan-validation.ts). */
    get findingsByFile(): ReadonlyMap<string, readonly Finding[]> {
        return this.findingsByFileView ??= findingsByFile(this.analysis.findings);
    }

    /** The places in `flows` of each source component's flows (completing an allow rule's ports: lsp/plan-facts.ts). */
    get flowsBySource(): ReadonlyMap<PlanInstance, readonly number[]> {
        return this.flowsBySourceView ??= placesBySource(this.analysis.flows);
    }

    /** The group flows each allow rule contributes to, in the analysis's order (a rule's hover: lsp/plan-facts.ts). */
    get groupFlowsByRule(): ReadonlyMap<PlanRule, readonly GroupFlowResult[]> {
        return this.groupFlowsByRuleView ??= groupFlowsByRule(this.analysis.groupFlows);
    }

    /** The group flows that need a network rule, by each component they run from or to (coverage-summary.ts). */
    get countedFlowsByComponent(): ReadonlyMap<PlanInstance, readonly GroupFlowResult[]> {
        return this.countedFlowsByComponentView ??= countedFlowsByComponent(this.analysis.groupFlows);
    }

    /** The plan's allow rules indexed by zone pair, to cover one pair of components at a time. */
    get ruleIndex(): RuleIndex {
        return this.ruleIndexView ??= buildRuleIndex(this.analysis.plan.policy);
    }

    /** The required flows between zones a component starts and ends (a hover on a component asks it three times). */
    requiredFlowsOf(instance: PlanInstance): RequiredFlowsOfComponent {
        return (this.requiredFlowsView ??= requiredFlowsByComponent(this.analysis.flows)).get(instance) ?? NO_REQUIRED_FLOWS;
    }
}

function findingsByFile(findings: readonly Finding[]): Map<string, Finding[]> {
    const map = new Map<string, Finding[]>();
    // A plan's thousands of findings are about the elements of a few files: each file's URI is
    // written out once, not once per finding.
    const homeOfRoot = new Map<AstNode, string>();
    // An indexed loop: once per finding, in code not yet compiled, where each for…of step allocates.
    for (let i = 0; i < findings.length; i++) {
        const finding = findings[i];
        let root: AstNode = finding.node;
        while (root.$container) root = root.$container;
        let home = homeOfRoot.get(root);
        if (home === undefined) homeOfRoot.set(root, home = AstUtils.getDocument(root).uri.toString());
        let list = map.get(home);
        if (!list) map.set(home, list = []);
        list.push(finding);
    }
    return map;
}

function placesBySource(flows: readonly FlowResult[]): Map<PlanInstance, number[]> {
    const bySource = new Map<PlanInstance, number[]>();
    for (let i = 0; i < flows.length; i++) {
        const list = bySource.get(flows[i].flow.source);
        if (list) list.push(i); else bySource.set(flows[i].flow.source, [i]);
    }
    return bySource;
}

function groupFlowsByRule(groupFlows: readonly GroupFlowResult[]): Map<PlanRule, GroupFlowResult[]> {
    const byRule = new Map<PlanRule, GroupFlowResult[]>();
    for (const f of groupFlows) {
        for (const r of f.rules) {
            const list = byRule.get(r);
            if (list) list.push(f); else byRule.set(r, [f]);
        }
    }
    return byRule;
}

function countedFlowsByComponent(groupFlows: readonly GroupFlowResult[]): Map<PlanInstance, GroupFlowResult[]> {
    const flows = new Map<PlanInstance, GroupFlowResult[]>();
    for (const result of groupFlows) {
        if (result.status !== 'covered' && result.status !== 'partial' && result.status !== 'missing') continue;
        for (const member of new Set([...result.flow.source.members, ...result.flow.destination.members])) {
            const list = flows.get(member);
            if (list) list.push(result); else flows.set(member, [result]);
        }
    }
    return flows;
}
