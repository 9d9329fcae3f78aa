import * as assert from 'node:assert';
import { linuxHosts } from '../../language/emit/nftables.js';
import { loadPlanText, type LoadedPlan } from '../emit/plan-fixture.js';
import { todayUtc } from '../emit/oracle.js';
import { Topology } from './netns.js';
import { buildNetwork } from './probe-scripts.js';
import { GUARDRAIL_PLAN, interestingPorts, representatives, type PlannedProbe } from './kernel-plans.js';
import { assertEveryProbeThrough, assertKernelAgrees, groupedBy, intoHosts, loadRules, namespaceKey, networkForSuite, planSays, portPairs } from './probed-network.js';

/**
 * The plan's denies on the Linux host firewalls (nftables-host, iptables-host and ip6tables-host)
 * in a real kernel. The plan's allow rules overlap its denies (generated with --force, as a plan
 * with errors can be), and one deny forbids a required flow inside the repository's zone, which
 * only the host firewall sees and which its rules open: only drops placed before the accepts keep
 * that traffic out. Each Linux host has a namespace of its own and loads the whole host file;
 * every probe to it must be what the plan says (allowed by a rule or a same-zone flow, and no deny
 * forbids it).
 */

/** The zone firewalls' guardrail plan, with a Linux proxy in the repository's zone and a deny between them. */
const PLAN = `${GUARDRAIL_PLAN}proxy : veeam.Proxy in backup at 10.62.2.21, fd62:2::21 os linux on vsphere
allow vbr -> proxy tcp 6162, 2500-2502
deny proxy -> repo tcp 2500-2501 "not these data channels from the proxy"
`;

/** An accept of everything SegPlan's file does not own: another table's base chain on the same hook, run first. */
const OUTSIDE_ACCEPT = `table inet outside {
\tchain input {
\t\ttype filter hook input priority -10; policy accept;
\t\ttcp dport { 22, 443, 2500-2502 } accept
\t\tmeta l4proto udp accept
\t}
}
`;

interface HostProbe extends PlannedProbe {
    /** An allow rule or a same-zone flow lets it through, and a deny forbids it. */
    readonly denied: boolean;
    readonly sameZone: boolean;
}

describe('kernel: the plan\'s denies on the Linux host firewalls', function () {
    this.timeout(300_000);
    const topology = new Topology('hdeny');
    let plan: LoadedPlan;
    let hosts: Set<string>;
    let probes: HostProbe[];
    const today = todayUtc();
    const hostNamespaces = () => [...hosts].map(h => topology.zones.get(`host ${h}`)!.namespace);
    const fromNs = (p: HostProbe) => topology.zones.get(namespaceKey(hosts)(p.from))!.namespace;

    networkForSuite(topology, async () => {
        plan = await loadPlanText('host-denies.segplan', PLAN);
        const model = plan.analysis.plan;
        hosts = new Set(linuxHosts(plan.ruleSet).map(h => h.host));
        const reps = [...representatives(model).values()].flat();
        const ports = { tcp: [...new Set([...interestingPorts(model, 'tcp'), 2501, 2503])], udp: [...new Set([...interestingPorts(model, 'udp'), 53])] };
        probes = intoHosts(reps, hosts, portPairs(ports), (from, to, protocol, port) => {
            const { byRule, byFlow, denied } = planSays(plan, from, to, protocol, port, today, hosts);
            return { expected: (byRule || byFlow) && !denied, denied: (byRule || byFlow) && denied, sameZone: byFlow && !byRule };
        });
        return buildNetwork(topology, groupedBy(reps, namespaceKey(hosts)), probes);
    });

    it('the probes include traffic an allow rule or a same-zone flow opens and a deny forbids, both families, and traffic that passes', () => {
        const denied = probes.filter(p => p.denied);
        assert.ok(denied.length >= 6, `too few probes that only a deny keeps out: ${denied.length}`);
        assert.ok(denied.some(p => p.family === 'ipv6') && denied.some(p => p.family === 'ipv4'));
        assert.ok(denied.some(p => p.protocol === 'udp'), 'no denied UDP probe');
        assert.ok(probes.some(p => p.expected && p.sameZone) && denied.some(p => p.from.instance === 'proxy'), 'no same-zone flow probed, allowed and denied');
        assert.ok(probes.some(p => p.expected && p.to.instance === 'repo'), 'no probe the plan lets through to the repository');
    });

    it('without rules every probe goes through (a drop below is the firewall\'s)', async () => {
        for (const ns of hostNamespaces()) topology.clearRules(ns);
        await assertEveryProbeThrough(probes, fromNs);
    });

    it('nftables-host: the drops of the denies come before every accept of an allow rule, and the kernel does what the plan says, also with another table accepting', async () => {
        const text = plan.emit('nftables-host', true);
        const statements = text.split('\n').map(l => l.trim()).filter(l => / (accept|drop) comment "/.test(l));
        const firstAccept = statements.findIndex(l => / accept comment "\w+\.h-/.test(l));
        const lastDrop = statements.map(l => / drop comment "\w+\.d-/.test(l)).lastIndexOf(true);
        assert.ok(lastDrop >= 0 && firstAccept > lastDrop, `denies are not all before the allows:\n${statements.join('\n')}`);
        loadRules(topology, { nftables: text }, hostNamespaces());
        await assertKernelAgrees(probes, fromNs);
        // Someone else's table accepting the denied ports first: a drop in SegPlan's chain still decides.
        for (const ns of hostNamespaces()) topology.loadNftables(OUTSIDE_ACCEPT, ns);
        await assertKernelAgrees(probes, fromNs, 'the plan, with an outside accept');
    });

    it('iptables-host and ip6tables-host: the DROPs of the denies come before every ACCEPT of an allow rule, and the kernel does what the plan says', async () => {
        const v4 = plan.emit('iptables-host', true), v6 = plan.emit('ip6tables-host', true);
        for (const text of [v4, v6]) {
            const statements = text.split('\n').filter(l => / --comment "\w+\.[hd]-/.test(l));
            const firstAccept = statements.findIndex(l => /--comment "\w+\.h-.* -j ACCEPT$/.test(l));
            const lastDrop = statements.map(l => /--comment "\w+\.d-.* -j DROP$/.test(l)).lastIndexOf(true);
            assert.ok(lastDrop >= 0 && firstAccept > lastDrop, `denies are not all before the allows:\n${statements.join('\n')}`);
        }
        loadRules(topology, { iptables: v4, ip6tables: v6 }, hostNamespaces());
        await assertKernelAgrees(probes, fromNs);
    });
});
