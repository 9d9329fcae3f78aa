import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AstNode } from 'langium';
import type { Catalog } from '../../language/catalog/catalog-model.js';
import type { FlowResultOf } from '../../language/analysis/cover-requirements.js';
import type { Finding } from '../../language/analysis/finding.js';
import { MISSING_FLOW, PARTIAL_FLOW } from '../../language/analysis/flow-findings.js';
import { pairFindings } from '../../language/analysis/pair-findings.js';
import type { RequirementEndpoint } from '../../language/analysis/required-flows.js';

type FlowResult = FlowResultOf<RequirementEndpoint>;

/** A blocked flow as the grouping reads it: its pair's names, and the finding it has on its own. */
interface Drawn { source: number; destination: number; code: number; severity: number }

const CODES = [MISSING_FLOW, PARTIAL_FLOW, 'same-zone-flow'];
const SEVERITIES = ['error', 'warning'] as const;

function flowsOf(drawn: readonly Drawn[]): { results: FlowResult[]; findingOf: (r: FlowResult) => Finding } {
    const node = { $type: 'Instance' } as AstNode;
    const own = new Map<FlowResult, Finding>();
    const results = drawn.map((d, i) => {
        const endpoint = (n: number) => ({ name: `c${n}`, zone: { name: `z${n}` } });
        const result = { flow: { source: endpoint(d.source), destination: endpoint(d.destination), sources: [], protocols: ['tcp'], installOnly: false } } as unknown as FlowResult;
        own.set(result, { code: CODES[d.code], severity: SEVERITIES[d.severity], node, message: `flow ${i}`, data: { flow: i } } as unknown as Finding);
        return result;
    });
    return { results, findingOf: r => own.get(r)! };
}

/**
 * The grouping as its definition says: every missing or partly allowed flow joins the group of its
 * source's and destination's names and its finding's code and severity, which stands where its
 * first flow stood; any other finding stands as it is. A group of one is that flow's own finding.
 */
function expected(results: readonly FlowResult[], findingOf: (r: FlowResult) => Finding): Array<Finding | number[]> {
    const out: Array<Finding | number[]> = [];
    const groups = new Map<string, number[]>();
    results.forEach((r, i) => {
        const f = findingOf(r);
        if (f.code !== MISSING_FLOW && f.code !== PARTIAL_FLOW) { out.push(f); return; }
        const key = JSON.stringify([r.flow.source.name, r.flow.destination.name, f.code, f.severity]);
        const group = groups.get(key);
        if (group) { group.push(i); return; }
        groups.set(key, [i]);
        out.push(groups.get(key)!);
    });
    return out.map(g => Array.isArray(g) && g.length === 1 ? findingOf(results[g[0]]) : g);
}

describe('pair findings', () => {
    it('groups the blocked flows of each pair and kind where the first of them stands (property, seed 4621)', () => {
        const drawn = fc.record({ source: fc.nat(3), destination: fc.nat(3), code: fc.nat(2), severity: fc.nat(1) });
        fc.assert(fc.property(fc.array(drawn, { maxLength: 40 }), list => {
            const { results, findingOf } = flowsOf(list);
            const found = pairFindings(results, findingOf, {} as Catalog, []);
            const want = expected(results, findingOf);
            assert.equal(found.length, want.length);
            want.forEach((w, i) => {
                if (!Array.isArray(w)) return assert.equal(found[i], w, `finding ${i} is the flow's own`);
                // A group's finding lists its flows' facts in the plan's order (the quick fix allows them all).
                assert.deepEqual((found[i].data as { flows: unknown[] }).flows, w.map(k => findingOf(results[k]).data), `finding ${i} groups flows ${w.join(', ')}`);
                assert.equal(found[i].code, findingOf(results[w[0]]).code);
                assert.equal(found[i].severity, findingOf(results[w[0]]).severity);
            });
        }), { seed: 4621, numRuns: 300 });
    });
});
