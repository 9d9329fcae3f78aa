import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { GroupFlowResult } from '../../language/analysis/analyze-plan.js';
import { portSetOf, type PortRange } from '../../language/model/ports.js';
import type { PlanRule } from '../../language/plan/plan-model.js';
import { mergeDrafts, type Draft } from '../../language/emit/draft-merge.js';
import type { RuleSetEndpoint } from '../../language/emit/rule-set.js';

/**
 * mergeDrafts builds its key without lists and joins, and copies a draft only when a second one
 * merges into it. Fast-check (seed 29): on drafts that share endpoints, zones, protocols, expiry
 * and lists (as host-rule drafts share a zone rule's lists), it gives what the definition below
 * gives — the merge as it was, copying every draft — and leaves the drafts it was given unchanged.
 */

function mergedByDefinition(drafts: Draft[]): Draft[] {
    const merged = new Map<string, Draft>();
    for (const d of drafts) {
        const key = [d.sourceZone, d.destinationZone, d.sources.map(e => e.key).join(','), d.destinations.map(e => e.key).join(','),
            d.protocol, d.until ?? '', d.sameZone].join('|');
        const existing = merged.get(key);
        if (!existing) { merged.set(key, { ...d, descriptions: [...d.descriptions], origins: [...d.origins], rules: [...d.rules], flows: [...d.flows] }); continue; }
        existing.ports = portSetOf([...existing.ports, ...d.ports]);
        for (const text of d.descriptions) if (!existing.descriptions.includes(text)) existing.descriptions.push(text);
        for (const o of d.origins) if (!existing.origins.some(x => x.file === o.file && x.line === o.line)) existing.origins.push(o);
        existing.rules.push(...d.rules);
        existing.flows.push(...d.flows);
    }
    return [...merged.values()];
}

// Endpoints with equal keys but other names (a bare address written two ways) merge as one key.
const ENDPOINTS = ['zone:a', 'zone:b', 'instance:x', 'instance:y', 'instance:x@10.0.0.1', 'any', 'zone:a']
    .map((key, i) => ({ key, name: `n${i}` }) as unknown as RuleSetEndpoint);
const RULES = [0, 1, 2].map(i => ({ id: i }) as unknown as PlanRule);
const FLOWS = [0, 1].map(i => ({ id: i }) as unknown as GroupFlowResult);

const side = fc.array(fc.constantFrom(...ENDPOINTS), { minLength: 1, maxLength: 2 });
const ports = fc.array(fc.integer({ min: 1, max: 30 }).map(p => ({ from: p, to: p + (p % 3) }) as PortRange), { minLength: 1, maxLength: 3 })
    .map(list => portSetOf(list));
const draft = fc.record({
    sourceZone: fc.constantFrom('a', 'b'), destinationZone: fc.constantFrom('a', 'any'),
    sources: side, destinations: side,
    protocol: fc.constantFrom('tcp' as const, 'udp' as const, 'any' as const), ports,
    until: fc.constantFrom(undefined, '2030-01-01'),
    descriptions: fc.array(fc.constantFrom('web', 'db', 'web'), { maxLength: 2 }),
    origins: fc.array(fc.record({ file: fc.constantFrom('p.segplan', 'q.segplan'), line: fc.integer({ min: 1, max: 3 }) }).map(o => ({ ...o })), { maxLength: 2 }),
    rules: fc.array(fc.constantFrom(...RULES), { maxLength: 2 }),
    sameZone: fc.boolean(),
    flows: fc.array(fc.constantFrom(...FLOWS), { maxLength: 2 })
}, { requiredKeys: ['sourceZone', 'destinationZone', 'sources', 'destinations', 'protocol', 'ports', 'descriptions', 'origins', 'rules', 'sameZone', 'flows'] })
    // Plain objects, as the rule set makes them (fast-check's have no prototype; clones do).
    .map(d => ({ ...d }));
// Some drafts are another's with new destinations and its very lists, as hostRules makes them.
const drafts = fc.array(fc.tuple(draft, fc.option(fc.nat(), { nil: undefined }), side), { maxLength: 12 }).map(items => {
    const made: Draft[] = [];
    for (const [d, of, destinations] of items) {
        const base = of !== undefined && made.length ? made[of % made.length] : undefined;
        made.push(base ? { ...base, destinations } : d as Draft);
    }
    return made;
});

describe('merging drafts into rules (fast-check, seed 29)', () => {
    it('merges as the definition does and changes none of the drafts it was given', () => {
        fc.assert(fc.property(drafts, generated => {
            // Clones keep which drafts share lists; a wrong merge then cannot change fast-check's own values.
            const list = structuredClone(generated), before = structuredClone(generated);
            const expected = mergedByDefinition(structuredClone(generated));
            assert.deepEqual(mergeDrafts(list), expected);
            assert.deepEqual(list, before);
        }), { seed: 29, numRuns: 2000 });
    });
});
