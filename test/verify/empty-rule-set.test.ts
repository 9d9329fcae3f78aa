import * as assert from 'node:assert/strict';
import { panosImporter } from '../../language/audit/importers/panos.js';
import { ConfigError } from '../../language/audit/importers/importer.js';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';
import { loadPlanText } from '../emit/plan-fixture.js';

/**
 * A plan with no allow rule between zones: every target's output allows nothing, and is proven to
 * (PAN-OS and FortiGate output is only comments then: read as a device with no rules of SegPlan's,
 * whose defaults deny traffic between zones, because the format is known; AWS and Azure output
 * still gives every zone its group, which lets nothing in or out).
 */

const NOTHING = `plan "nothing allowed"
zone z0 10.70.0.0/24, fd70::/64
zone z1 10.71.0.0/24, fd71::/64
c0 : infra.VmGuest in z0 at 10.70.0.5, fd70::5 os linux
c1 : infra.VmGuest in z1 at 10.71.0.7 os windows
`;

describe('verify: a plan with no allow rule', function () {
    this.timeout(120_000);

    for (const target of ['panos', 'fortigate', 'aws-terraform', 'azure-terraform']) {
        it(`${target}: the output is verified equal`, async () => {
            const plan = await loadPlanText('nothing.segplan', NOTHING);
            const v = await verifyGenerated(plan.analysis, plan.ruleSet, target, plan.emit(target, true));
            assert.equal(overallVerdict(v), 'equal', v.kind === 'cannot-verify' ? v.why : '');
        });
    }

    it('a file of comments is read as an empty configuration only when its format is given', () => {
        const options = { file: 'empty.panos', interfaces: new Map(), hook: 'forward' as const, now: new Date() };
        assert.throws(() => panosImporter.import('# nothing\n', options), ConfigError);
        assert.doesNotThrow(() => panosImporter.import('# nothing\n\n', { ...options, formatGiven: true }));
        assert.throws(() => panosImporter.import('*filter\n-A FORWARD -j ACCEPT\nCOMMIT\n', { ...options, formatGiven: true }), ConfigError);
    });
});
