import * as assert from 'node:assert/strict';
import type { PlanAnalysis } from '../../language/analysis/analyze-plan.js';
import { overlapOf } from '../../language/analysis/traffic-overlap.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { buildPlan, createTestServices } from '../helpers/services.js';

/**
 * The second pass works out where the denies meet the allow rules and the required flows once,
 * through an index of the denies' addresses: an allow rule is measured only against the denies
 * whose sources and destinations both may meet its own, never against every deny. The work is
 * counted (pairs of a statement and a deny whose overlap was worked out), never timed.
 */

const zone = (i: number) => `z${i}`;

/**
 * `n` zones in a chain, a deny from each to the next, an allow rule through each deny and one
 * beside it (its sources meet one deny's, its destinations another's), and a few wide denies.
 */
function chainPlan(n: number): string {
    const lines = ['plan "deny conflicts work"'];
    for (let i = 0; i < n + 3; i++) lines.push(`zone ${zone(i)} 10.${i >> 8}.${i & 255}.0/24`);
    lines.push(`deny any -> ${zone(n + 2)} tcp 3389 "no remote desktop into the last zone"`);
    lines.push(`deny ${zone(n + 2)} -> any udp 53 "no DNS out of the last zone"`);
    for (let i = 0; i < n; i++) {
        lines.push(`deny ${zone(i)} -> ${zone(i + 1)} tcp 22 "no SSH onwards"`);
        lines.push(`allow ${zone(i)} -> ${zone(i + 1)} tcp 20-30 "too wide: takes SSH"`);
        lines.push(`allow ${zone(i)} -> ${zone(i + 2)} tcp 443 "beside the denies"`);
    }
    return lines.join('\n') + '\n';
}

describe('the work deny conflicts take (counted)', function () {
    this.timeout(600000);
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    async function analysisOf(text: string): Promise<PlanAnalysis> {
        const document = await buildPlan(services, text);
        const analysis = services.analysis.PlanAnalyzer.analysis(document);
        services.shared.workspace.LangiumDocuments.deleteDocument(document.uri);
        return analysis;
    }

    it('measures each allow rule against the denies it may meet: twice the plan, twice the pairs', async () => {
        const [one, two] = [await analysisOf(chainPlan(200)), await analysisOf(chainPlan(400))];
        assert.equal(one.denies.rules.size, 200, 'every rule through a deny is found');
        assert.equal(two.denies.rules.size, 400);
        // One pair per rule through its deny: the rules beside the denies, and the wide denies, are
        // never measured (all pairs would be 400 rules × 202 denies).
        assert.equal(one.denies.work.pairs, 200);
        assert.equal(two.denies.work.pairs, 2 * one.denies.work.pairs);
        assert.equal(one.findings.filter(f => f.code === 'guardrail-violated').length, 200);
    });

    it('finds exactly the denies that trying every deny finds', async () => {
        const analysis = await analysisOf(chainPlan(60) + [
            'deny any -> any tcp 9999 "nothing on 9999"',
            'deny z4, z5 -> z7 any "nothing into z7 from z4 and z5"',
            'allow z3 -> z7 tcp 9999 "through one, beside the other"',
            'allow any -> z7 udp 53 "through one"',
            'allow z1, z2, z5 -> any tcp 1-65535 "through many"'
        ].join('\n') + '\n');
        const resolved = analysis.denies.denies.filter(d => d.resolved);
        assert.ok(resolved.length >= 62, `${resolved.length} denies read`);
        let found = 0;
        for (const rule of analysis.plan.policy.rules) {
            if (!rule.resolved) continue;
            const expected = resolved.filter(d => overlapOf(rule, d));
            assert.deepEqual((analysis.denies.rules.get(rule) ?? []).map(m => m.deny), expected, rule.node.$cstNode?.text);
            found += expected.length;
        }
        assert.ok(found > 65, `${found} conflicts`);
    });
});
