import type { PlanInstance } from '../plan/plan-model.js';
import type { FlowResult, PlanAnalysis } from './analyze-plan.js';

/** The required flows between zones that a component starts and ends, each list in the analysis's order. */
export interface RequiredFlowsOfComponent {
    readonly out: readonly FlowResult[];
    readonly in: readonly FlowResult[];
}

const NONE: RequiredFlowsOfComponent = { out: [], in: [] };
const indexes = new WeakMap<PlanAnalysis, Map<PlanInstance, { out: FlowResult[]; in: FlowResult[] }>>();

/**
 * The required flows between zones a component takes part in, per component pair. Indexed once
 * per analysis: otherwise a hover on a component filters every pair flow of a large plan three
 * times.
 */
export function requiredFlowsOf(analysis: PlanAnalysis, instance: PlanInstance): RequiredFlowsOfComponent {
    let index = indexes.get(analysis);
    if (!index) {
        index = new Map();
        const entry = (i: PlanInstance) => {
            let e = index!.get(i);
            if (!e) index!.set(i, e = { out: [], in: [] });
            return e;
        };
        for (const result of analysis.flows) {
            if (!result.flow.required || !result.flow.crossesZones) continue;
            entry(result.flow.source).out.push(result);
            entry(result.flow.destination).in.push(result);
        }
        indexes.set(analysis, index);
    }
    return index.get(instance) ?? NONE;
}
