import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { GroupFlowResult } from '../../language/analysis/analyze-plan.js';
import { portSetOf, type PortRange, type PortSet } from '../../language/network/ports.js';
import type { PlanRule } from '../../language/plan/plan-model.js';
import { inZonePairOrder, mergeDrafts, type Draft } from '../../language/emit/draft-merge.js';
import { compareText } from '../../language/utils/compare-text.js';
import type { RuleOrigin, RuleSetEndpoint } from '../../language/emit/rule-set.js';

/**
 * mergeDrafts finds a draft's partner by its sides' endpoint keys and then field by field (no key
 * text per draft), and copies a draft only when a second one merges into it. Fast-check (seed 29):
 * on drafts that share endpoints, zones, protocols, expiry and lists (as host-rule drafts share a
 * zone rule's lists, and the drafts of one allow rule share its lists), some differing in one field
 * a merge must tell apart, it gives what the definition below gives — the merge as it was, by one
 * key text, copying every draft — and leaves the drafts it was given unchanged.
 */

type OwnDraft = Draft & { ports: PortSet; descriptions: string[]; origins: RuleOrigin[]; rules: PlanRule[]; flows: GroupFlowResult[] };

function mergedByDefinition(drafts: Draft[]): Draft[] {
    const merged = new Map<string, OwnDraft>();
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
// Some drafts are another's with its very lists and new destinations (or its own), as hostRules
// makes them; some of those differ in one more field a merge must tell apart.
const differences = fc.record({
    sourceZone: fc.constantFrom('a', 'b'), destinationZone: fc.constantFrom('a', 'any'),
    protocol: fc.constantFrom('tcp' as const, 'udp' as const, 'any' as const),
    until: fc.constantFrom(undefined, '', '2030-01-01'), sameZone: fc.boolean()
}, { requiredKeys: [] });
const drafts = fc.array(fc.tuple(draft, fc.option(fc.nat(), { nil: undefined }), fc.option(side, { nil: undefined }), differences), { maxLength: 12 }).map(items => {
    const made: Draft[] = [];
    for (const [d, of, destinations, different] of items) {
        const base = of !== undefined && made.length ? made[of % made.length] : undefined;
        made.push(base ? { ...base, destinations: destinations ?? base.destinations, ...different } : d as Draft);
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

/** The order the rule set had its drafts in: a stable sort by source zone, then destination zone, each by plan rank, then name. */
function orderedBySorting(drafts: readonly Draft[], zones: readonly string[]): Draft[] {
    const rank = (zone: string) => { const i = zones.indexOf(zone); return i < 0 ? Number.MAX_SAFE_INTEGER : i; };
    return drafts.map((d, i) => ({ d, i }))
        .sort((a, b) => rank(a.d.sourceZone) - rank(b.d.sourceZone) || compareText(a.d.sourceZone, b.d.sourceZone)
            || rank(a.d.destinationZone) - rank(b.d.destinationZone) || compareText(a.d.destinationZone, b.d.destinationZone) || a.i - b.i)
        .map(x => x.d);
}

describe('drafts in zone pair order (fast-check, seed 31)', () => {
    it('orders drafts as the stable sort by zone rank and name does', () => {
        // Plan zones in an order other than by name, and zones the plan does not declare (`any`).
        const zone = fc.constantFrom('mgmt', 'backup', 'any', 'prod', 'zz', 'a0', 'dmz');
        const zones = fc.subarray(['mgmt', 'backup', 'prod', 'dmz', 'a0']).chain(list => fc.shuffledSubarray(list, { minLength: list.length }));
        const pairs = fc.array(fc.tuple(zone, zone), { maxLength: 30 });
        fc.assert(fc.property(pairs, zones, (list, planZones) => {
            const drafts = list.map(([sourceZone, destinationZone], id) => ({ sourceZone, destinationZone, id }) as unknown as Draft);
            assert.deepEqual(inZonePairOrder(drafts, planZones), orderedBySorting(drafts, planZones));
        }), { seed: 31, numRuns: 3000 });
    });
});
