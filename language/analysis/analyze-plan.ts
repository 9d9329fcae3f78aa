import type { Catalog } from '../catalog/catalog-model.js';
import type { Plan, PlanInstance, PlanRule } from '../plan/plan-model.js';
import { coverRequirements, type CoveredRequirements, type FlowResult, type GroupFlowResult } from './cover-requirements.js';
import { deriveRequirements, type DerivedRequirements } from './derive-requirements.js';
import type { Finding } from './finding.js';
import type { PlanRelations } from './relations.js';
import type { DenyConflicts } from './deny-conflicts.js';
import { reportFindings, type ReportedRequirements } from './report-findings.js';
import { AnalysisViews } from './analysis-views.js';
import type { RequiredFlowsOfComponent } from './required-flows-by-component.js';
import type { RuleUsage } from './rule-findings.js';
import type { VendorCheck } from './vendor-check.js';
import type { CatalogRows } from './catalog-rows.js';

export type { FlowResult, FlowResultOf, GroupFlowResult } from './cover-requirements.js';

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
    /** Who works with whom: the relations the first pass bound (`segplan explain`, hovers). */
    readonly relations: PlanRelations;
    /** The plan's denies and where they meet its allow rules and required flows (the second pass's). */
    readonly denies: DenyConflicts;
    /** The required flows between zones a component starts and ends (indexed once, when first asked). */
    requiredFlowsOf(instance: PlanInstance): RequiredFlowsOfComponent;
    /** What the analysis keeps for the next one of the same plan (analyzePlan's `previous`). */
    readonly state: AnalysisState;
    /** Indexes of this analysis that readers ask again and again, each built when first asked for. */
    readonly views: AnalysisViews;
}

/** What an analysis keeps for the next one of the same plan: the work of each of its passes. */
export interface AnalysisState {
    readonly required: DerivedRequirements;
    readonly covered: CoveredRequirements;
    readonly reported: ReportedRequirements;
}

/**
 * The whole analysis of a plan, in three passes: derive the flows the plan requires (catalog,
 * components, relations, scope, features, port overrides, `require` lines), cover them with the
 * allow rules, report the findings. Given the previous analysis of the same plan (built with
 * buildPlan's `previous`), each pass keeps its work for each site an edit did not reach;
 * the result is the same either way. `rows`: what the catalog's rows give every requirement
 * alike, shared by the plans of a workspace (PlanAnalyzer). `forNextAnalysis`: whether a next
 * analysis may start from this one (the CLI analyses a plan once).
 */
export function analyzePlan(plan: Plan, catalog: Catalog, vendorChecks: readonly VendorCheck[], previous?: PlanAnalysis, rows?: CatalogRows, forNextAnalysis = true): PlanAnalysis {
    const before = previous?.state;
    const required = deriveRequirements(plan.facts, catalog, before?.required, rows);
    const covered = coverRequirements(required, plan.policy, before?.covered);
    const { findings, reported } = reportFindings(plan, catalog, required, covered, vendorChecks, before?.reported, forNextAnalysis);
    return new Analysis(plan, { required, covered, reported }, findings);
}

/**
 * A plan's analysis as analyzePlan gives it. A class, so that each has one compact shape: written
 * as an object with getters, each held a dictionary of its properties, and a workspace holds one
 * analysis per plan.
 */
class Analysis implements PlanAnalysis {
    readonly groupFlows: readonly GroupFlowResult[];
    readonly ruleUsage: ReadonlyMap<PlanRule, RuleUsage>;
    readonly relations: PlanRelations;
    readonly denies: DenyConflicts;
    #views: AnalysisViews | undefined;

    constructor(readonly plan: Plan, readonly state: AnalysisState, readonly findings: readonly Finding[]) {
        this.groupFlows = state.covered.groupFlows;
        this.ruleUsage = state.covered.ruleUsage;
        this.relations = state.required.derivation.relations;
        this.denies = state.covered.denies;
    }

    get flows(): readonly FlowResult[] {
        return this.state.covered.flows();
    }

    get views(): AnalysisViews {
        return this.#views ??= new AnalysisViews(this);
    }

    /** An arrow function: callers may take it off the analysis. */
    readonly requiredFlowsOf = (instance: PlanInstance): RequiredFlowsOfComponent => this.views.requiredFlowsOf(instance);
}
