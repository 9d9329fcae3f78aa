import type { PlanInstance } from '../plan/plan-model.js';
import type { FlowResult } from './cover-requirements.js';

/** The required flows between zones that a component starts and ends, each list in the analysis's order. */
export interface RequiredFlowsOfComponent {
    readonly out: readonly FlowResult[];
    readonly in: readonly FlowResult[];
}

export const NO_REQUIRED_FLOWS: RequiredFlowsOfComponent = { out: [], in: [] };

/**
 * The required flows between zones each component takes part in, per component pair, in the
 * analysis's order. The analysis indexes them once, when first asked (PlanAnalysis.requiredFlowsOf):
 * otherwise a hover on a component filters every pair flow of a large plan three times.
 */
export function requiredFlowsByComponent(flows: readonly FlowResult[]): ReadonlyMap<PlanInstance, RequiredFlowsOfComponent> {
    const index = new Map<PlanInstance, { out: FlowResult[]; in: FlowResult[] }>();
    const entry = (i: PlanInstance) => {
        let e = index.get(i);
        if (!e) index.set(i, e = { out: [], in: [] });
        return e;
    };
    for (const result of flows) {
        if (!result.flow.required || !result.flow.crossesZones) continue;
        entry(result.flow.source).out.push(result);
        entry(result.flow.destination).in.push(result);
    }
    return index;
}
