import * as assert from 'node:assert/strict';
import { buildRuleIndex } from '../../language/analysis/coverage.js';
import type { PlanRule } from '../../language/plan/plan-model.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { buildPlan, createTestServices } from '../helpers/services.js';

/**
 * The candidate rules of a zone pair (coverage.ts, RuleIndex.candidates): every allow rule that
 * may carry traffic from the one zone to the other — naming the zones, or `any` on either side —
 * each once, in plan order. A pair whose rules are filed under one key takes that key's list as
 * it is; this holds it to what trying every rule gives.
 */

const PLAN = `plan "rule candidates"
zone za 10.0.0.0/24
zone zb 10.0.1.0/24
zone zc 10.0.2.0/24
a1 : infra.AdminWorkstation in za at 10.0.0.10
a2 : infra.AdminWorkstation in za at 10.0.0.11
b1 : infra.AdminWorkstation in zb at 10.0.1.10
b2 : infra.AdminWorkstation in zb at 10.0.1.11
c1 : infra.AdminWorkstation in zc at 10.0.2.10
allow a1 -> b1 tcp 1 "one zone pair"
allow any -> zb tcp 2 "anything into zb"
allow za -> any tcp 3 "za out to anything"
allow a1, c1 -> b1 tcp 4 "two source zones"
allow a1, a2 -> b1, b2 tcp 5 "the same zone pair twice over"
allow c1 -> a1 tcp 6 "the other way"
allow a2 -> b2 tcp 7 "one zone pair again"
`;

/** What trying every rule gives: each resolved rule that names the zone, or no zone, on each side, in plan order. */
function everyRule(rules: readonly PlanRule[], from: string, to: string): (string | undefined)[] {
    const reaches = (endpoints: PlanRule['sources'], zone: string) => endpoints.some(e => (e.zone?.name ?? zone) === zone);
    return rules.filter(r => r.resolved && reaches(r.sources, from) && reaches(r.destinations, to)).map(r => r.description);
}

describe('the candidate rules of a zone pair', function () {
    this.timeout(120000);
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('are every rule that may carry the pair, each once, in plan order', async () => {
        const document = await buildPlan(services, PLAN);
        const { policy } = services.analysis.PlanAnalyzer.analysis(document).plan;
        services.shared.workspace.LangiumDocuments.deleteDocument(document.uri);
        assert.equal(policy.rules.filter(r => r.resolved).length, 7, 'every rule of the plan is read');
        const index = buildRuleIndex(policy);
        const zones = ['za', 'zb', 'zc'];
        for (const from of zones) for (const to of zones) {
            const candidates = index.candidates(from, to);
            assert.deepEqual(candidates.map(r => r.description), everyRule(policy.rules, from, to), `${from} → ${to}`);
            assert.equal(index.candidates(from, to), candidates, 'asked again: the same list');
        }
        assert.deepEqual(index.candidates('za', 'zb').map(r => r.description),
            ['one zone pair', 'anything into zb', 'za out to anything', 'two source zones', 'the same zone pair twice over', 'one zone pair again']);
        assert.deepEqual(index.candidates('zc', 'za').map(r => r.description), ['the other way']);
    });
});
