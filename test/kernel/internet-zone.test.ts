import * as assert from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import { parseAddress } from '../../language/network/addresses.js';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';
import { loadPlanText, type LoadedPlan } from '../emit/plan-fixture.js';
import { planAllows, todayUtc } from '../emit/oracle.js';
import { Topology } from './netns.js';
import { buildNetwork, runProbes } from './probe-scripts.js';
import { deniedBy, mismatches, representatives, type PlannedProbe, type Rep } from './kernel-plans.js';

/**
 * An `internet` zone is every address outside the plan's other zones, in a real kernel: a rule to
 * it opens the internet, never the plan's own zones, and a deny to it forbids the internet only.
 * The plan has an allow rule to `any` that a deny to the internet overlaps (generated with
 * --force), so the kernel shows both: what reaches the internal zones and what the deny keeps out.
 * A namespace on documentation addresses (198.51.100.0/24, 2001:db8::/32) stands for the internet.
 */

const PLAN = `plan "The internet in the kernel"
zone mgmt 10.64.1.0/24, fd64:1::/64
zone prod 10.64.2.0/24, fd64:2::/64
zone repo 10.64.3.0/24, fd64:3::/64
zone net internet
app : infra.VmGuest in prod at 10.64.2.20, fd64:2::20 os linux
store : veeam.HardenedRepository in repo at 10.64.3.30, fd64:3::30
allow prod -> net tcp 8443 "updates from the internet only"
allow prod -> any tcp 443 "web, internal and out"
deny prod -> net tcp 443 "no web to the internet"
allow net -> repo tcp 6180 "tenants from the internet"
allow prod -> net udp 53 "name resolution on the internet"
`;

const internetHost = (family: Rep['family'], text: string): Rep =>
    ({ zone: 'net', family, text, value: (parseAddress(text) as { block: { interval: { from: bigint } } }).block.interval.from });
const INTERNET: Rep[] = [internetHost('ipv4', '198.51.100.7'), internetHost('ipv6', '2001:db8:64::7')];

describe('kernel: an internet zone is every address outside the plan\'s other zones', function () {
    this.timeout(240_000);
    const topology = new Topology('inet');
    let listeners: ChildProcess[] = [];
    let plan: LoadedPlan;
    let probes: PlannedProbe[];
    const today = todayUtc();

    before(async () => {
        plan = await loadPlanText('internet.segplan', PLAN);
        const model = plan.analysis.plan;
        const denied = plan.analysis.denies.denied;
        const reps = representatives(model);
        reps.set('net', INTERNET);
        probes = [];
        for (const [sz, sources] of reps) for (const [dz, destinations] of reps) {
            if (sz === dz) continue;
            for (const from of sources) for (const to of destinations) {
                if (from.family !== to.family) continue;
                for (const [protocol, port] of [['tcp', 443], ['tcp', 8443], ['tcp', 6180], ['tcp', 22], ['udp', 53]] as const) {
                    const allowed = planAllows(model, from.family, from.value, to.value, protocol, port, today)
                        && !deniedBy(denied, from.family, from.value, to.value, protocol, port);
                    probes.push({ protocol, port, family: from.family, from, to, source: from.text, destination: to.text, expected: allowed });
                }
            }
        }
        listeners = await buildNetwork(topology, reps, probes);
    });

    after(() => {
        for (const child of listeners) child.kill('SIGKILL');
        topology.destroy();
    });

    const expect = (from: string, to: string, protocol: string, port: number) =>
        probes.filter(p => p.from.zone === from && p.to.zone === to && p.protocol === protocol && p.port === port).map(p => p.expected);

    it('the plan itself: prod reaches the internet but no internal zone on 8443; 443 the other way round; the internet reaches repo on 6180, mgmt does not', () => {
        for (const zone of ['mgmt', 'repo']) {
            assert.ok(expect('prod', zone, 'tcp', 8443).every(x => !x), `prod -> ${zone} tcp 8443 must be dropped`);
            assert.ok(expect('prod', zone, 'tcp', 443).every(x => x), `prod -> ${zone} tcp 443 must pass (allow any, the deny is the internet's)`);
        }
        assert.ok(expect('prod', 'net', 'tcp', 8443).every(x => x) && expect('prod', 'net', 'udp', 53).every(x => x));
        assert.ok(expect('prod', 'net', 'tcp', 443).every(x => !x), 'prod -> internet tcp 443 is denied');
        assert.ok(expect('net', 'repo', 'tcp', 6180).every(x => x) && expect('mgmt', 'repo', 'tcp', 6180).every(x => !x));
    });

    it('nftables: the kernel does exactly what the plan says, and verify proves the output equal', async () => {
        const text = plan.emit('nftables', true);
        assert.strictEqual(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'nftables', text)), 'equal');
        topology.clearRules();
        topology.loadNftables(text);
        const results = await runProbes(probes, p => topology.zones.get(p.from.zone)!.namespace, p => p.expected);
        const wrong = mismatches(probes, results);
        assert.deepStrictEqual(wrong.slice(0, 30), [], `${wrong.length} of ${probes.length} probes disagree with the plan`);
    });

    it('iptables and ip6tables: the kernel does exactly what the plan says, and verify proves the output equal', async () => {
        const v4 = plan.emit('iptables', true), v6 = plan.emit('ip6tables', true);
        assert.strictEqual(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'iptables', v4)), 'equal');
        assert.strictEqual(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'ip6tables', v6)), 'equal');
        topology.clearRules();
        topology.loadIptables(v4, v6);
        const results = await runProbes(probes, p => topology.zones.get(p.from.zone)!.namespace, p => p.expected);
        const wrong = mismatches(probes, results);
        assert.deepStrictEqual(wrong.slice(0, 30), [], `${wrong.length} of ${probes.length} probes disagree with the plan`);
    });
});
