import { deriveRequirements, type DerivedRequirements } from '../../language/analysis/derive-requirements.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { buildPlan } from './services.js';

/**
 * The first pass of the analysis of a plan, derived afresh (or from `previous`) from the facts
 * the workspace read; the plan's file is removed again.
 */
export async function derivedOf(services: SegplanServices, text: string, previous?: DerivedRequirements): Promise<DerivedRequirements> {
    const document = await buildPlan(services, text);
    const analyzer = services.analysis.PlanAnalyzer;
    const derived = deriveRequirements(analyzer.analysis(document).plan.facts, analyzer.catalog(), previous);
    services.shared.workspace.LangiumDocuments.deleteDocument(document.uri);
    return derived;
}
