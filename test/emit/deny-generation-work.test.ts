import * as assert from 'node:assert/strict';
import { generateDenyHeavyPlan } from '../../bench/deny-heavy-plan.js';
import { generateRules } from '../../language/emit/generate.js';
import { EMITTERS } from '../../language/emit/registry.js';
import { countWork } from '../helpers/work-count.js';
import { loadPlanText, type LoadedPlan } from './plan-fixture.js';

/**
 * Generating grows linearly with the plan's denies: the rule set and every target's output of a
 * plan with four times the denies take at most about four times the work (counted by
 * work-count.ts, never timed). Writing used to look through every warning made so far for each
 * rule (Azure), and rules were tested against every deny.
 */

/**
 * A plan of four zones with `components` components and as many allow rules, and `denies` denies
 * between components on ports no rule opens: the bench's deny-heavy plan, smaller.
 */
const planWith = (denies: number, components = 24) => generateDenyHeavyPlan(denies, components);

function generationWork(plan: LoadedPlan, target: string): number {
    // The analysis once before counting: what is counted is what generating adds to it.
    plan.services.analysis.PlanAnalyzer.analysis(plan.document);
    const { result, work } = countWork(() => generateRules(plan.services, plan.document, { target }));
    assert.equal(result.kind, 'generated', `${target}: ${JSON.stringify(result).slice(0, 300)}`);
    return work;
}

describe('generating with many denies is linear in the denies (work counted, not timed)', function () {
    this.timeout(600_000);
    let small: LoadedPlan, large: LoadedPlan;

    before(async () => {
        small = await loadPlanText('denies.segplan', planWith(1_000));
        large = await loadPlanText('denies.segplan', planWith(4_000));
    });

    for (const emitter of EMITTERS) {
        it(`${emitter.id}: four times the denies, at most about four times the work`, () => {
            const [few, many] = [generationWork(small, emitter.id), generationWork(large, emitter.id)];
            assert.ok(many <= 4.6 * few, `${emitter.id}: ${few.toLocaleString('en')} → ${many.toLocaleString('en')} (×${(many / few).toFixed(1)})`);
        });
    }

    it('four times the components, allow rules and denies, at most about four times the work (rules no longer try every deny)', async () => {
        const [plan, bigger] = [await loadPlanText('grown.segplan', planWith(500, 100)), await loadPlanText('grown.segplan', planWith(2_000, 400))];
        const grown = EMITTERS.map(emitter => {
            const [few, many] = [generationWork(plan, emitter.id), generationWork(bigger, emitter.id)];
            return { target: emitter.id, few, many, text: `${emitter.id}: ${few.toLocaleString('en')} → ${many.toLocaleString('en')} (×${(many / few).toFixed(1)})` };
        });
        assert.deepEqual(grown.filter(g => g.many > 4.6 * g.few).map(g => g.text), []);
    });
});
