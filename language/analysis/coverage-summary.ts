import type { GroupFlowResult, PlanAnalysis } from './analyze-plan.js';
import type { PlanInstance } from '../plan/plan-model.js';
import { coverFlow } from './coverage.js';

/** How many of the flows that need an allow rule the plan's rules let through. */
export interface CoverageCount {
    readonly allowed: number;
    readonly required: number;
}

export interface ZonePairCoverage extends CoverageCount {
    readonly from: string;
    readonly to: string;
}

export interface CoverageSummary extends CoverageCount {
    readonly zonePairs: readonly ZonePairCoverage[];
}

/**
 * The coverage headline of a plan: required flows between zones (those a network firewall must
 * let through) and how many the allow rules fully allow — for the whole plan and per zone pair,
 * in the order the pairs first appear. Same-zone and not-required flows need no network rule.
 */
export function coverageSummary(analysis: PlanAnalysis): CoverageSummary {
    type Pair = { from: string; to: string; allowed: number; required: number };
    // Source zone → destination zone → its count, nested by the names themselves: a key written
    // per requirement (a large plan without sites has over a hundred thousand) cost more than the counting. The pairs
    // are listed apart, in the order they first appear.
    const pairs = new Map<string, Map<string, Pair>>();
    const zonePairs: Pair[] = [];
    let allowed = 0, required = 0;
    // Counted per pair of components, from the group flows: a plan without sites has too many pairs to list.
    // An indexed loop: once per requirement, in code not yet compiled, where each for…of step allocates.
    const results = analysis.groupFlows;
    for (let i = 0; i < results.length; i++) {
        const result = results[i];
        if (result.status !== 'covered' && result.status !== 'partial' && result.status !== 'missing') continue;
        const from = result.flow.source.zone.name, to = result.flow.destination.zone.name;
        let byDestination = pairs.get(from);
        if (!byDestination) pairs.set(from, byDestination = new Map());
        let pair = byDestination.get(to);
        if (!pair) {
            byDestination.set(to, pair = { from, to, allowed: 0, required: 0 });
            zonePairs.push(pair);
        }
        pair.required += result.pairs;
        required += result.pairs;
        pair.allowed += result.allowedPairs;
        allowed += result.allowedPairs;
    }
    return { allowed, required, zonePairs };
}

/** `7/10 (70 %)`; `0/0` for a plan that needs no rule. */
export function formatCoverage(c: CoverageCount): string {
    return c.required === 0 ? '0/0' : `${c.allowed}/${c.required} (${Math.floor((100 * c.allowed) / c.required)} %)`;
}

/** One requirement of a component with components of one group, and how many of those pairs are allowed. */
export interface ComponentFlow {
    readonly result: GroupFlowResult;
    /** The components at the other end. */
    readonly others: readonly PlanInstance[];
    readonly allowed: number;
}

export interface ComponentFlows {
    readonly out: CoverageCount & { readonly flows: readonly ComponentFlow[] };
    readonly in: CoverageCount & { readonly flows: readonly ComponentFlow[] };
}

/**
 * The flows between zones a component takes part in (from it, to it) and how many the allow
 * rules let through, counted per component pair from the group flows: only a partly allowed
 * group is looked at pair by pair.
 */
export function componentFlows(analysis: PlanAnalysis, instance: PlanInstance): ComponentFlows {
    const index = analysis.views.ruleIndex;
    const side = (results: GroupFlowResult[], outgoing: boolean) => {
        const flows: ComponentFlow[] = [];
        let allowed = 0, required = 0;
        for (const result of results) {
            const others = (outgoing ? result.flow.destination.members : result.flow.source.members).filter(o => o !== instance);
            if (others.length === 0) continue;
            let ok = 0;
            if (result.status === 'covered') ok = others.length;
            else if (result.status === 'partial') {
                for (const other of others) {
                    const [source, destination] = outgoing ? [instance, other] : [other, instance];
                    if (coverFlow({ ...result.flow, source, destination }, index).status === 'covered') ok++;
                }
            }
            flows.push({ result, others, allowed: ok });
            allowed += ok;
            required += others.length;
        }
        return { allowed, required, flows };
    };
    const mine = analysis.views.countedFlowsByComponent.get(instance) ?? [];
    return {
        out: side(mine.filter(r => r.flow.source.members.includes(instance)), true),
        in: side(mine.filter(r => r.flow.destination.members.includes(instance)), false)
    };
}

/** How many of the flows a component takes part in the allow rules let through (componentFlows, both ways). */
export function componentCoverage(analysis: PlanAnalysis, instance: PlanInstance): CoverageCount {
    const flows = componentFlows(analysis, instance);
    return { allowed: flows.out.allowed + flows.in.allowed, required: flows.out.required + flows.in.required };
}
