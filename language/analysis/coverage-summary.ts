import type { PlanAnalysis } from './analyze-plan.js';

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
    const pairs = new Map<string, { from: string; to: string; allowed: number; required: number }>();
    let allowed = 0, required = 0;
    // Counted per pair of components, from the group flows: a plan without sites has too many pairs to list.
    for (const result of analysis.groupFlows) {
        if (result.status !== 'covered' && result.status !== 'partial' && result.status !== 'missing') continue;
        const from = result.flow.source.zone.name, to = result.flow.destination.zone.name;
        const key = `${from}\u0000${to}`;
        let pair = pairs.get(key);
        if (!pair) pairs.set(key, pair = { from, to, allowed: 0, required: 0 });
        pair.required += result.pairs;
        required += result.pairs;
        pair.allowed += result.allowedPairs;
        allowed += result.allowedPairs;
    }
    return { allowed, required, zonePairs: [...pairs.values()] };
}

/** `7/10 (70 %)`; `0/0` for a plan that needs no rule. */
export function formatCoverage(c: CoverageCount): string {
    return c.required === 0 ? '0/0' : `${c.allowed}/${c.required} (${Math.floor((100 * c.allowed) / c.required)} %)`;
}
