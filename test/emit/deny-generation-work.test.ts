import * as assert from 'node:assert/strict';
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
 * between components on ports no rule opens.
 */
function planWith(denies: number, components = 24): string {
    const lines = ['plan "denies"'];
    for (let z = 0; z < 4; z++) lines.push(`zone z${z} 10.${z}.0.0/16, fd0${z}::/64`);
    const at = (c: number) => `10.${c % 4}.${Math.floor(c / 200)}.${10 + (c % 200)}, fd0${c % 4}::${(c + 10).toString(16)}`;
    for (let c = 0; c < components; c++) lines.push(`vm${c} : infra.VmGuest in z${c % 4} at ${at(c)} os ${c % 2 ? 'linux' : 'windows'}`);
    for (let r = 0; r < components; r++) lines.push(`allow vm${r} -> vm${(r * 7 + 1) % components} tcp ${443 + (r % 50)}`);
    for (let d = 0; d < denies; d++) lines.push(`deny vm${d % components} -> vm${(d * 5 + 3) % components} ${d % 3 ? 'tcp' : 'udp'} ${50000 + (d % 10000)}`);
    return lines.join('\n') + '\n';
}

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
