import * as assert from 'node:assert';
import { EMITTERS } from '../../language/emit/registry.js';
import { loadPlanText } from './plan-fixture.js';

/** What the rule set leaves out is said by every target, zone targets included. */

const ADDRESSLESS_HOST = `plan "addressless"
zone mgmt 10.10.0.0/24
vbr : veeam.BackupServer in mgmt
em : veeam.EnterpriseManager in mgmt at 10.10.0.12
`;

describe('rule set notes', function () {
    it('a component without an IP address that a same-zone flow reaches is noted by every target', async function () {
        const plan = await loadPlanText('addressless.segplan', ADDRESSLESS_HOST);
        const note = 'Host vbr has no IP address in the plan: no host rules for it (give it one with `at <address>`).';
        // Read before the host rules are: the notes must not wait for them.
        assert.deepStrictEqual(plan.ruleSet.notes, [note]);
        for (const emitter of EMITTERS) {
            const { warnings } = emitter.emit(plan.ruleSet);
            assert.ok(warnings.includes(note), `${emitter.id} does not warn: ${JSON.stringify(warnings)}`);
        }
        // vbr has nothing to match, em takes no inbound flow.
        assert.deepStrictEqual(plan.ruleSet.hosts, []);
    });
});
