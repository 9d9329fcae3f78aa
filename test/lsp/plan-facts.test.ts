import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { generateBenchPlan } from '../../bench/plan-generator.js';
import { endpointReaches, flowsBetween, ruleCarriesProtocol } from '../../language/lsp/plan-facts.js';
import type { PlanAnalysis } from '../../language/analysis/analyze-plan.js';
import type { PlanRule } from '../../language/plan/plan-model.js';
import { buildPlan, createTestServices } from '../helpers/services.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

// flowsBetween looks flows up by source component (completion asks it at every keystroke in an
// allow rule): the flows it finds, and their order, are those of testing every flow of the plan.

/** The definition: every required, zone-crossing flow of the plan between the rule's endpoints that its protocol can carry. */
function everyFlowBetween(analysis: PlanAnalysis, rule: PlanRule) {
    return analysis.flows.filter(f => f.flow.required && f.flow.crossesZones
        && ruleCarriesProtocol(rule.protocol, f.flow.protocols)
        && rule.sources.some(s => endpointReaches(s, f.flow.source))
        && rule.destinations.some(d => endpointReaches(d, f.flow.destination)));
}

describe('plan facts', () => {
    it('flowsBetween finds, in order, the flows a test of every flow finds, for every allow rule of the examples and a bench plan', async () => {
        const services = await createTestServices();
        const texts = readdirSync(path.join(PROJECT_ROOT, 'examples')).filter(f => f.endsWith('.segplan'))
            .map(f => readFileSync(path.join(PROJECT_ROOT, 'examples', f), 'utf8'));
        // Zones, components and bare addresses as endpoints, `any`, several endpoints per side.
        texts.push(generateBenchPlan(120).text + 'allow any -> 10.0.0.0/8 tcp\nallow 10.1.0.0/16, any -> any udp 53\n');
        let rules = 0, found = 0;
        for (const text of texts) {
            const document = await buildPlan(services, text);
            const analysis = services.analysis.PlanAnalyzer.analysis(document);
            for (const rule of analysis.plan.policy.rules) {
                // As places in the analysis' flows: a failure then reads as two short lists.
                const place = new Map(analysis.flows.map((f, i) => [f, i]));
                const expected = everyFlowBetween(analysis, rule).map(f => place.get(f));
                assert.deepEqual(flowsBetween(analysis, rule).map(f => place.get(f)), expected, `rule on line ${rule.node.$cstNode?.range.start.line}`);
                rules++;
                found += expected.length;
            }
        }
        assert.ok(rules > 100 && found > 500, `${rules} rules, ${found} flows`);
    });
});
