import * as assert from 'node:assert/strict';
import { loadPlanText } from '../emit/plan-fixture.js';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';

/**
 * What a zone firewall owes the plan. A plan without an internet zone does not say where addresses
 * outside every zone come in (no interface stands for them), so `allow any -> …` is exact when
 * every zone's interface lets it in (what the device lets through from outside is still compared:
 * verify-cli's second apply finds an interface the plan no longer has); with an internet zone
 * those addresses are that zone's and are owed like any other.
 */

const ZONES = `plan "any source"
zone z0 10.70.0.0/24, fd70::/64
zone z1 10.71.0.0/24, fd71::/64
c0 : infra.VmGuest in z0 at 10.70.0.5, fd70::5 os linux
c1 : infra.VmGuest in z1 at 10.71.0.7, fd71::7 os linux
allow any -> c1 udp 53
`;
const now = new Date('2026-06-01T12:00:00Z');

describe('verify: what a zone firewall is compared on', function () {
    this.timeout(120_000);

    it('ASA output for allow any -> … in a plan without an internet zone is verified equal, with a note', async () => {
        const plan = await loadPlanText('any.segplan', ZONES);
        const v = await verifyGenerated(plan.analysis, plan.ruleSet, 'cisco-asa', plan.emit('cisco-asa', true), { now });
        assert.equal(overallVerdict(v), 'equal', JSON.stringify(v.kind === 'verified' ? v.results[0].differences.map(d => d.sources.format()) : v));
        assert.ok(v.kind === 'verified' && v.results[0].notes.some(n => /are owed only between the plan/.test(n)));
    });

    it('a zone whose access list lacks the rule from any address is still a difference', async () => {
        const plan = await loadPlanText('any.segplan', ZONES);
        const text = plan.emit('cisco-asa', true);
        const mutated = text.split('\n').filter(l => !/^access-list SP_z0_in extended permit udp any/.test(l)).join('\n');
        assert.notEqual(mutated, text);
        const v = await verifyGenerated(plan.analysis, plan.ruleSet, 'cisco-asa', mutated, { now });
        assert.equal(overallVerdict(v), 'different');
        const missing = v.kind === 'verified' ? v.results[0].differences : [];
        assert.deepEqual(missing.map(d => [d.kind, d.protocol, d.sources.format(), d.destinations.format()]), [['not-allowed', 'udp', '10.70.0.0/24, fd70::/64', '10.71.0.7, fd71::7']]);
    });

    it('with an internet zone, addresses outside the other zones are compared', async () => {
        const plan = await loadPlanText('any.segplan', `${ZONES}zone net internet\n`);
        const text = plan.emit('cisco-asa', true);
        assert.equal(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'cisco-asa', text, { now })), 'equal');
        const mutated = text.split('\n').filter(l => !/^access-list SP_net_in extended permit udp any/.test(l)).join('\n');
        assert.notEqual(mutated, text);
        const v = await verifyGenerated(plan.analysis, plan.ruleSet, 'cisco-asa', mutated, { now });
        assert.equal(overallVerdict(v), 'different');
        assert.ok(v.kind === 'verified' && v.results[0].differences.some(d => d.kind === 'not-allowed' && d.sources.format().includes('0.0.0.0-10.69.255.255')));
    });
});
