import * as assert from 'node:assert';
import { linuxHosts } from '../../language/emit/nftables.js';
import { parseAddress } from '../../language/network/addresses.js';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';
import { loadPlanText, type LoadedPlan } from '../emit/plan-fixture.js';
import { todayUtc } from '../emit/oracle.js';
import { Topology } from './netns.js';
import { buildNetwork } from './probe-scripts.js';
import { representatives, type PlannedProbe, type Rep } from './kernel-plans.js';
import { assertKernelAgrees, betweenZones, fromZone, groupedBy, intoHosts, loadRules, namespaceKey, networkForSuite, planSays } from './probed-network.js';

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
allow net -> app tcp 8080 "a web service for the internet"
allow any -> store tcp 10006 "internal and external"
deny net -> store tcp 10006 "not from the internet"
`;

const internetHost = (family: Rep['family'], text: string): Rep =>
    ({ zone: 'net', family, text, value: (parseAddress(text) as { block: { interval: { from: bigint } } }).block.interval.from });
const INTERNET: Rep[] = [internetHost('ipv4', '198.51.100.7'), internetHost('ipv6', '2001:db8:64::7')];
const PORTS = [['tcp', 443], ['tcp', 8443], ['tcp', 6180], ['tcp', 8080], ['tcp', 10006], ['tcp', 22], ['udp', 53]] as const;

describe('kernel: an internet zone is every address outside the plan\'s other zones', function () {
    this.timeout(240_000);
    const topology = new Topology('inet');
    let plan: LoadedPlan;
    let probes: PlannedProbe[];
    const today = todayUtc();

    networkForSuite(topology, async () => {
        plan = await loadPlanText('internet.segplan', PLAN);
        const reps = representatives(plan.analysis.plan);
        reps.set('net', INTERNET);
        probes = betweenZones(reps, PORTS, (from, to, protocol, port) => {
            const { byRule, denied } = planSays(plan, from, to, protocol, port, today);
            return { expected: byRule && !denied };
        });
        return buildNetwork(topology, reps, probes);
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
        assert.ok(expect('net', 'prod', 'tcp', 8080).some(x => x) && expect('mgmt', 'prod', 'tcp', 8080).every(x => !x));
        assert.ok(expect('mgmt', 'repo', 'tcp', 10006).some(x => x) && expect('net', 'repo', 'tcp', 10006).every(x => !x), 'the deny to the store forbids the internet only');
    });

    it('nftables: the kernel does exactly what the plan says, and verify proves the output equal', async () => {
        const text = plan.emit('nftables', true);
        assert.strictEqual(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'nftables', text)), 'equal');
        loadRules(topology, { nftables: text });
        await assertKernelAgrees(probes, fromZone(topology));
    });

    it('iptables and ip6tables: the kernel does exactly what the plan says, and verify proves the output equal', async () => {
        const v4 = plan.emit('iptables', true), v6 = plan.emit('ip6tables', true);
        assert.strictEqual(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'iptables', v4)), 'equal');
        assert.strictEqual(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'ip6tables', v6)), 'equal');
        loadRules(topology, { iptables: v4, ip6tables: v6 });
        await assertKernelAgrees(probes, fromZone(topology));
    });
});

/**
 * The same plan on the Linux host firewalls (nftables-host, iptables-host, ip6tables-host): each
 * host has a namespace of its own and loads the whole host file. A rule from the internet opens
 * the host to addresses outside the plan's zones only, never to mgmt; the deny from the internet
 * keeps the internet out and lets the plan's zones in.
 */
describe('kernel: an internet zone on the Linux host firewalls', function () {
    this.timeout(300_000);
    const topology = new Topology('ineth');
    let plan: LoadedPlan;
    let hosts: Set<string>;
    let probes: PlannedProbe[];
    const today = todayUtc();
    const hostNamespaces = () => [...hosts].map(h => topology.zones.get(`host ${h}`)!.namespace);
    const fromNs = (p: PlannedProbe) => topology.zones.get(namespaceKey(hosts)(p.from))!.namespace;

    networkForSuite(topology, async () => {
        plan = await loadPlanText('internet-hosts.segplan', PLAN);
        hosts = new Set(linuxHosts(plan.ruleSet).map(h => h.host));
        const reps = [...representatives(plan.analysis.plan).values()].flat().concat(INTERNET);
        probes = intoHosts(reps, hosts, PORTS, (from, to, protocol, port) => {
            const { byRule, byFlow, denied } = planSays(plan, from, to, protocol, port, today, hosts);
            return { expected: (byRule || byFlow) && !denied };
        });
        return buildNetwork(topology, groupedBy(reps, namespaceKey(hosts)), probes);
    });

    const expect = (from: string, host: string, protocol: string, port: number) =>
        probes.filter(p => p.from.zone === from && p.to.instance === host && p.protocol === protocol && p.port === port).map(p => p.expected);

    it('the probes: the internet reaches app on 8080 and the store on 6180, mgmt neither; mgmt reaches the store on 10006, the internet does not', () => {
        assert.deepStrictEqual([...hosts].sort(), ['app', 'store']);
        assert.ok(expect('net', 'app', 'tcp', 8080).every(x => x) && expect('net', 'app', 'tcp', 8080).length === 2);
        assert.ok(expect('mgmt', 'app', 'tcp', 8080).every(x => !x) && expect('repo', 'app', 'tcp', 8080).every(x => !x));
        assert.ok(expect('net', 'store', 'tcp', 6180).every(x => x) && expect('mgmt', 'store', 'tcp', 6180).every(x => !x));
        assert.ok(expect('mgmt', 'store', 'tcp', 10006).some(x => x) && expect('net', 'store', 'tcp', 10006).every(x => !x));
    });

    it('nftables-host: the kernel does exactly what the plan says, and verify proves the output equal', async () => {
        const text = plan.emit('nftables-host', true);
        assert.strictEqual(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'nftables-host', text)), 'equal');
        loadRules(topology, { nftables: text }, hostNamespaces());
        await assertKernelAgrees(probes, fromNs);
    });

    it('iptables-host and ip6tables-host: the kernel does exactly what the plan says, and verify proves the output equal', async () => {
        const v4 = plan.emit('iptables-host', true), v6 = plan.emit('ip6tables-host', true);
        assert.strictEqual(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'iptables-host', v4)), 'equal');
        assert.strictEqual(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'ip6tables-host', v6)), 'equal');
        loadRules(topology, { iptables: v4, ip6tables: v6 }, hostNamespaces());
        await assertKernelAgrees(probes, fromNs);
    });
});
