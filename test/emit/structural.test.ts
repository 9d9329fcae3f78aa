import * as assert from 'node:assert';
import { ANY_ZONE } from '../../language/emit/rule-set.js';
import { compareBoxes, planBoxes } from './boxes.js';
import { examplePlanFiles, loadPlanFile, type LoadedPlan } from './plan-fixture.js';
import { parsePanos } from './parsers.js';
import { TARGET_CHECKS } from './target-checks.js';

/** Every target's output for the example plans read back (see target-checks.ts), and the check's own sensitivity. */

for (const file of examplePlanFiles()) {
    describe(`structure of every target for ${file.split('/').pop()}`, function () {
        let plan: LoadedPlan;
        before(async function () { plan = await loadPlanFile(file); });

        for (const [title, check] of Object.entries(TARGET_CHECKS)) it(title, function () { check(plan); });

        it('the check itself notices a port too many and a missing rule', function () {
            const text = plan.emit('panos', true);
            const widened = text.replace(/ port (\d+)-(\d+)/, (_, a, b) => ` port ${a}-${Number(b) + 1}`);
            assert.notStrictEqual(widened, text, 'the plan has no port range to widen');
            assert.ok(compareBoxes(planBoxes(plan.analysis, { names: true }), parsePanos(widened)).extra.length > 0);
            const dropped = text.split('\n').filter(l => !l.startsWith(`set rulebase security rules SP-r-${plan.ruleSet.rules[0].id}-`)).join('\n');
            assert.ok(compareBoxes(planBoxes(plan.analysis, { names: true }), parsePanos(dropped)).missing.length > 0);
        });

        it('zone rules are grouped by zone pair', function () {
            const pairs = plan.ruleSet.rules.map(r => `${r.sourceZone}|${r.destinationZone}`);
            const seen = new Set<string>();
            pairs.forEach((p, i) => {
                assert.ok(!seen.has(p) || pairs[i - 1] === p, `zone pair ${p} is split`);
                seen.add(p);
            });
            assert.ok(plan.ruleSet.rules.every(r => r.sourceZone !== ANY_ZONE || r.sources.some(s => s.any || s.zone === ANY_ZONE)));
        });
    });
}
