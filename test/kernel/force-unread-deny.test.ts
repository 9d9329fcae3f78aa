import * as assert from 'node:assert';
import { loadPlanText } from '../emit/plan-fixture.js';
import { todayUtc } from '../emit/oracle.js';
import { Topology } from './netns.js';
import { buildNetwork, runProbes } from './probe-scripts.js';
import { describeProbe, representatives, type PlannedProbe } from './kernel-plans.js';
import { betweenZones, fromZone, loadRules, networkForSuite, planSays } from './probed-network.js';

/**
 * `generate --force` with a mistake in a deny, in a real kernel (nftables and iptables zone
 * firewalls): no probe that the plan with the deny as it was meant forbids gets through, and what
 * no deny could forbid still does. The deny's mistakes are those an engineer makes: an `until`
 * on a deny, one unknown name in a list, ports that are not ports.
 */

const BASE = `plan "force in the kernel"
zone lab 10.64.1.0/24, fd64:1::/64
zone mgmt 10.64.2.0/24, fd64:2::/64
zone prod 10.64.3.0/24, fd64:3::/64
vbr : veeam.BackupServer in mgmt at 10.64.2.10, fd64:2::10 os windows
allow lab -> vbr tcp 22, 443
allow lab -> vbr udp 514
allow prod -> vbr tcp 443
`;
const MEANT = 'deny lab -> mgmt tcp 22 "the lab never reaches management over SSH"';
const BROKEN = [
    'deny lab -> mgmt tcp 22 until 2027-01-01',
    'deny lab, nosuch -> mgmt tcp 22',
    'deny lab -> mgmt tcp 22, 0',
    'deny lab -> mgmt tcp ssh',
    'deny lab -> mgmt tcp 22-21'
];

/** prod -> vbr tcp 443: a rule no deny of the plan, broken or not, touches. */
const isProdRule = (p: PlannedProbe) => p.from.zone === 'prod' && p.to.instance === 'vbr' && p.port === 443 && p.protocol === 'tcp';

describe('kernel: generate --force never lets through what a deny with a mistake was written to stop', function () {
    this.timeout(600_000);
    const topology = new Topology('fdeny');
    let probes: PlannedProbe[];
    const today = todayUtc();

    networkForSuite(topology, async () => {
        const meant = await loadPlanText('force.segplan', `${BASE}${MEANT}\n`);
        const reps = representatives(meant.analysis.plan);
        // What the plan with the deny as meant lets through.
        probes = betweenZones(reps, [['tcp', 22], ['tcp', 443], ['udp', 514]], (from, to, protocol, port) => {
            const { byRule, denied } = planSays(meant, from, to, protocol, port, today);
            return { expected: byRule && !denied };
        });
        return buildNetwork(topology, reps, probes);
    });

    it('the probes include the traffic the deny was written to stop, and traffic the plan lets through', () => {
        assert.ok(probes.some(p => p.from.zone === 'lab' && p.to.instance === 'vbr' && p.protocol === 'tcp' && p.port === 22 && !p.expected));
        assert.ok(probes.some(p => p.from.zone === 'prod' && p.to.instance === 'vbr' && p.port === 443 && p.expected));
    });

    for (const broken of BROKEN) {
        for (const target of ['nftables', 'iptables'] as const) {
            it(`${target}: \`${broken}\``, async () => {
                const plan = await loadPlanText('force.segplan', `${BASE}${broken}\n`);
                loadRules(topology, target === 'nftables' ? { nftables: plan.emit('nftables', true) } : { iptables: plan.emit('iptables', true), ip6tables: plan.emit('ip6tables', true) });
                // Only a drop of prod's rule fails the test: those probes alone are waited for patiently
                // (--force may leave out more of the lab's rules than the deny as meant forbids).
                const results = await runProbes(probes, fromZone(topology), isProdRule);
                const through = probes.filter((p, i) => results[i] && !p.expected).map(describeProbe);
                assert.deepStrictEqual(through, [], 'through, although the deny as meant forbids it');
                // No deny could forbid prod's rule: it still holds.
                const prod = probes.map((p, i) => ({ p, through: results[i] })).filter(({ p }) => isProdRule(p));
                assert.ok(prod.length > 0 && prod.every(x => x.through), 'prod -> vbr tcp 443 is dropped');
            });
        }
    }
});
