import * as assert from 'node:assert';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';
import { loadPlanText, type LoadedPlan } from '../emit/plan-fixture.js';
import { networkFor } from './component-probes.js';
import { verifiedPlan } from './kernel-plans.js';
import { Topology } from './netns.js';
import { kernelDisagreements, loadRules, networkForSuite, plannedComponentProbes, type PlannedComponentProbe } from './probed-network.js';

/**
 * `verify` agrees with the kernel: SegPlan's nftables and iptables output of a plan, as generated
 * and changed the ways real rule generators' bugs change it (a port dropped from a list, a port
 * range widened, a rule deleted, a rule duplicated with a wider source, an address family lost)
 * or harmlessly (a rule written twice), is loaded into a router between network namespaces, and
 * every component of the plan probes every other on the ports the plan names, their neighbours
 * and a few others, over TCP and UDP. Verify says "different" exactly when some probe's outcome is
 * not what the plan allows, and "equal" otherwise.
 */

const PLAN = verifiedPlan('Verify against the kernel');

const PORTS = [9, 22, 443, 2499, 2500, 3300, 3301, 3400, 6160, 6161, 6162];

const replaceOnce = (from: string | RegExp, to: string) => (text: string) => {
    const changed = text.replace(from, to);
    assert.notStrictEqual(changed, text, `the change ${String(from)} → ${to} found nothing to change`);
    return changed;
};
const deleteLines = (re: RegExp) => (text: string) => {
    const kept = text.split('\n').filter(l => !re.test(l));
    assert.ok(kept.length < text.split('\n').length, `no line matches ${String(re)}`);
    return kept.join('\n');
};
const duplicateLine = (re: RegExp, change: (line: string) => string) => (text: string) =>
    text.split('\n').flatMap(l => re.test(l) ? [l, change(l)] : [l]).join('\n');
const same = (text: string) => text;

interface Case {
    readonly name: string;
    /** The change alters what the rules let through, so some probe must show it (else the case proves nothing). */
    readonly widensOrNarrows: boolean;
    /** What is changed in the nftables output, and in the iptables and ip6tables output. */
    readonly nftables: (text: string) => string;
    readonly iptables: (text: string) => string;
    readonly ip6tables: (text: string) => string;
}

const CASES: readonly Case[] = [
    { name: 'as generated', widensOrNarrows: false, nftables: same, iptables: same, ip6tables: same },
    {
        name: 'a rule written twice (no change in what it allows)', widensOrNarrows: false,
        nftables: duplicateLine(/^\t\tip saddr @host_proxy_v4 /, l => l),
        iptables: duplicateLine(/^-A SEGPLAN-FORWARD -s 10\.62\.2\.20\/32 /, l => l),
        ip6tables: duplicateLine(/^-A SEGPLAN-FORWARD -s fd62:1::10\/128 /, l => l)
    },
    {
        name: 'a port dropped from a list', widensOrNarrows: true,
        nftables: replaceOnce('ip daddr @host_proxy_v4 tcp dport @ports_2500to3300_6160_6162', 'ip daddr @host_proxy_v4 tcp dport { 2500-3300, 6160 }'),
        iptables: replaceOnce('-d 10.62.2.20/32 -p tcp -m multiport --dports 2500:3300,6160,6162 ', '-d 10.62.2.20/32 -p tcp -m multiport --dports 2500:3300,6160 '),
        ip6tables: replaceOnce('--dports 2500:3300,6160,6162 ', '--dports 2500:3300,6160 ')
    },
    {
        name: 'a port range widened', widensOrNarrows: true,
        nftables: replaceOnce('ip daddr @host_repo_v4 tcp dport 2500-3300 accept', 'ip daddr @host_repo_v4 tcp dport 2500-3400 accept'),
        iptables: replaceOnce('--dport 2500:3300 ', '--dport 2500:3400 '),
        ip6tables: replaceOnce('--dports 2500:3300,', '--dports 2500:3400,')
    },
    {
        name: 'a rule deleted', widensOrNarrows: true,
        nftables: deleteLines(/^\t\tip saddr @host_vbr_v4 ip daddr @host_repo_v4 /),
        iptables: deleteLines(/^-A SEGPLAN-FORWARD -s 10\.62\.1\.10\/32 -d 10\.62\.3\.30\/32 /),
        ip6tables: same
    },
    {
        name: 'a rule duplicated with a wider source', widensOrNarrows: true,
        nftables: duplicateLine(/^\t\tip saddr @host_proxy_v4 /, l => l.replace('ip saddr @host_proxy_v4', 'ip saddr 10.62.0.0/16')),
        iptables: duplicateLine(/^-A SEGPLAN-FORWARD -s 10\.62\.2\.20\/32 /, l => l.replace('-s 10.62.2.20/32', '-s 10.62.0.0/16')),
        ip6tables: same
    },
    {
        name: 'an address family lost', widensOrNarrows: true,
        nftables: deleteLines(/^\t\tip6 saddr /),
        iptables: same,
        ip6tables: deleteLines(/^-A SEGPLAN-FORWARD -s fd62:1::10\/128 /)
    }
];

describe('kernel: verify says "different" exactly when the kernel disagrees with the plan', function () {
    this.timeout(300_000);
    const topology = new Topology('verify');
    let plan: LoadedPlan;
    let probes: PlannedComponentProbe[];

    networkForSuite(topology, async () => {
        plan = await loadPlanText('verify-kernel.segplan', PLAN);
        probes = plannedComponentProbes(plan, PORTS);
        return networkFor(topology, probes);
    });

    for (const c of CASES) {
        it(`nftables, ${c.name}`, async () => {
            const text = c.nftables(plan.emit('nftables', true));
            loadRules(topology, { nftables: text });
            const kernel = await kernelDisagreements(topology, probes);
            const verdict = overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'nftables', text));
            assert.strictEqual(verdict, kernel.length > 0 ? 'different' : 'equal', `verify says ${verdict}; the kernel disagrees with the plan on ${kernel.length} probes:\n${kernel.join('\n')}`);
            assert.strictEqual(kernel.length > 0, c.widensOrNarrows, 'the probes show exactly the changes of what the rules allow');
        });

        it(`iptables and ip6tables, ${c.name}`, async () => {
            const v4 = c.iptables(plan.emit('iptables', true)), v6 = c.ip6tables(plan.emit('ip6tables', true));
            loadRules(topology, { iptables: v4, ip6tables: v6 });
            const kernel = await kernelDisagreements(topology, probes);
            const verdicts = [
                overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'iptables', v4)),
                overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'ip6tables', v6))
            ];
            assert.strictEqual(kernel.length > 0, c.widensOrNarrows, 'the probes show exactly the changes of what the rules allow');
            const byFamily = (family: 'ipv4' | 'ipv6') => kernel.filter(k => family === 'ipv6' ? k.includes(':') && !k.startsWith('10.') : k.startsWith('10.'));
            assert.deepStrictEqual(verdicts, [byFamily('ipv4'), byFamily('ipv6')].map(k => k.length > 0 ? 'different' : 'equal'), `verify says ${verdicts.join(' / ')} (IPv4 / IPv6); the kernel disagrees with the plan on:\n${kernel.join('\n')}`);
        });
    }
});
