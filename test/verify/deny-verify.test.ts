import * as assert from 'node:assert/strict';
import { loadPlanText } from '../emit/plan-fixture.js';
import { V1 } from '../emit/branch-plans.js';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';

/** The devices' explicit denies are read back by verify's importers: the output still allows exactly the plan. */
describe('verify reads the plan\'s denies on the devices', function () {
    this.timeout(300_000);
    for (const target of ['cisco-asa', 'panos', 'fortigate']) {
        it(`${target}: the output with deny rules is verified equal`, async () => {
            const plan = await loadPlanText('branch.segplan', V1);
            const text = plan.emit(target, true);
            assert.match(text, target === 'cisco-asa' ? /extended deny tcp any/ : target === 'panos' ? /action deny/ : /set action deny/);
            const verdict = overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, target, text));
            assert.equal(verdict, 'equal');
        });
    }
});
