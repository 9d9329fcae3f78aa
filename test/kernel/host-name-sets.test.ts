import * as assert from 'node:assert';
import { parseAddress } from '../../language/network/addresses.js';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';
import { loadPlanText, type LoadedPlan } from '../emit/plan-fixture.js';
import { inNs, Topology } from './netns.js';
import { buildNetwork } from './probe-scripts.js';
import { representatives, type PlannedProbe, type Rep } from './kernel-plans.js';
import { assertKernelAgrees, betweenZones, fromZone, loadRules, networkForSuite } from './probed-network.js';

/**
 * A component given by host name on nftables and iptables, in a real kernel: SegPlan writes an
 * empty set (an ipset) per host name. As emitted it allows nothing; once the operator fills it
 * with the addresses the name resolves to, exactly those pass, and no other address of the
 * internet. A namespace on documentation addresses stands for the internet: 198.51.100.7 is what
 * the name resolves to, 198.51.100.8 is not.
 */

const PLAN = `plan "host names in the kernel"
zone prod 10.66.2.0/24
zone mgmt 10.66.1.0/24
zone net internet
store : infra.ObjectStorage in net at files.example.com
allow prod -> store tcp 443 "HTTPS to the object store"
`;

const internetHost = (text: string): Rep =>
    ({ zone: 'net', family: 'ipv4', text, value: (parseAddress(text) as { block: { interval: { from: bigint } } }).block.interval.from });
const RESOLVED = internetHost('198.51.100.7'), OTHER = internetHost('198.51.100.8');

describe('kernel: a host name\'s set allows exactly the addresses it is filled with', function () {
    this.timeout(240_000);
    const topology = new Topology('hname');
    let plan: LoadedPlan;
    let probes: PlannedProbe[];

    networkForSuite(topology, async () => {
        plan = await loadPlanText('host-names.segplan', PLAN);
        const reps = representatives(plan.analysis.plan);
        reps.set('net', [RESOLVED, OTHER]);
        probes = betweenZones(reps, [['tcp', 443], ['tcp', 22]], () => ({ expected: false }));
        return buildNetwork(topology, reps, probes);
    });

    /** The probes with what the kernel must do once the name resolves to `resolved` (none: the set is empty). */
    const expected = (resolved: Rep | undefined) => probes.map(p => ({
        ...p, expected: p.from.zone === 'prod' && p.protocol === 'tcp' && p.port === 443 && resolved !== undefined && p.to.text === resolved.text
    }));

    it('nftables: empty, the set lets nothing through; filled with one address, that address only', async () => {
        const text = plan.emit('nftables', true);
        const set = /ip daddr @(hostname_\S+_v4)/.exec(text)?.[1];
        assert.ok(set, 'the rule matches the host name\'s set');
        assert.strictEqual(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'nftables', text)), 'equal');
        loadRules(topology, { nftables: text });
        await assertKernelAgrees(expected(undefined), fromZone(topology), 'an empty set');
        const table = /^table (\S+ \S+) \{/m.exec(text)![1];
        inNs(topology.router, 'nft', ['add', 'element', ...table.split(' '), set, `{ ${RESOLVED.text} }`]);
        await assertKernelAgrees(expected(RESOLVED), fromZone(topology), `the set holding ${RESOLVED.text}`);
    });

    it('iptables: the ipsets its header lists, created empty, let nothing through; filled with one address, that address only', async () => {
        const v4 = plan.emit('iptables', true), v6 = plan.emit('ip6tables', true);
        const set = /--match-set (\S+) dst/.exec(v4)?.[1];
        assert.ok(set, 'the rule matches the host name\'s ipset');
        const create = [...v4.matchAll(/^#\s*(ipset -exist create \S+ hash:net family inet6?)(?=\s)/gm)].map(m => m[1]);
        assert.ok(create.some(c => c.includes(` ${set} `)), 'the header says how to create the ipset');
        assert.strictEqual(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'iptables', v4)), 'equal');
        topology.clearRules();
        for (const command of create) inNs(topology.router, 'sh', ['-c', command]);
        loadRules(topology, { iptables: v4, ip6tables: v6 });
        await assertKernelAgrees(expected(undefined), fromZone(topology), 'an empty ipset');
        inNs(topology.router, 'ipset', ['add', set!, RESOLVED.text]);
        await assertKernelAgrees(expected(RESOLVED), fromZone(topology), `the ipset holding ${RESOLVED.text}`);
    });
});
