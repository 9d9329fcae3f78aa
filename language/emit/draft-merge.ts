import type { GroupFlowResult } from '../analysis/analyze-plan.js';
import { unionPorts, type PortSet } from '../model/ports.js';
import type { PlanRule } from '../plan/plan-model.js';
import type { EmitProtocol, RuleOrigin, RuleSetEndpoint } from './rule-set.js';

/** A rule of the rule set before merging and annotating: one allow rule, zone pair and protocol. */
export interface Draft {
    sourceZone: string;
    destinationZone: string;
    sources: RuleSetEndpoint[];
    destinations: RuleSetEndpoint[];
    protocol: EmitProtocol;
    ports: PortSet;
    until?: string;
    descriptions: string[];
    origins: RuleOrigin[];
    rules: PlanRule[];
    sameZone: boolean;
    flows: GroupFlowResult[];
}

/** One side's endpoint keys: a side of one endpoint (most rules) needs no list and no join. */
function sideKey(endpoints: readonly RuleSetEndpoint[]): string {
    return endpoints.length === 1 ? endpoints[0].key : endpoints.map(e => e.key).join(',');
}

/** What drafts must share to become one rule: zones, endpoint keys, protocol, expiry, same-zone. */
export function mergeKey(d: Draft): string {
    return `${d.sourceZone}|${d.destinationZone}|${sideKey(d.sources)}|${sideKey(d.destinations)}|${d.protocol}|${d.until ?? ''}|${d.sameZone}`;
}

/** A draft whose lists merging may change, so the drafts it came from (shared with host rules) stay as they are. */
function ownCopy(d: Draft): Draft {
    return { ...d, descriptions: [...d.descriptions], origins: [...d.origins], rules: [...d.rules], flows: [...d.flows] };
}

/**
 * Drafts with the same merge key become one, in the order each key first appears: ports joined,
 * descriptions and origins once each, rules and flows all. A draft is copied only when a second one
 * merges into it — most have no partner, and copying every draft was most of the cost.
 */
export function mergeDrafts(drafts: readonly Draft[]): Draft[] {
    const merged = new Map<string, Draft>();
    const copies = new Set<Draft>();
    // Indexed: this runs once per plan, unoptimised, where a for-of step allocates.
    for (let i = 0; i < drafts.length; i++) {
        const d = drafts[i], key = mergeKey(d);
        let existing = merged.get(key);
        if (!existing) { merged.set(key, d); continue; }
        if (!copies.has(existing)) {
            existing = ownCopy(existing);
            copies.add(existing);
            merged.set(key, existing);
        }
        existing.ports = unionPorts(existing.ports, d.ports);
        for (const text of d.descriptions) if (!existing.descriptions.includes(text)) existing.descriptions.push(text);
        for (const o of d.origins) if (!existing.origins.some(x => x.file === o.file && x.line === o.line)) existing.origins.push(o);
        existing.rules.push(...d.rules);
        existing.flows.push(...d.flows);
    }
    return [...merged.values()];
}
