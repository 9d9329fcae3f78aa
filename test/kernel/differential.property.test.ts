import * as assert from 'node:assert';
import fc from 'fast-check';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';
import { loadPlanText, type LoadedPlan } from '../emit/plan-fixture.js';
import { networkFor } from './component-probes.js';
import { verifiedPlan } from './kernel-plans.js';
import { Topology } from './netns.js';
import { kernelDisagreements, loadRules, networkForSuite, plannedComponentProbes, type PlannedComponentProbe } from './probed-network.js';

/**
 * The kernel differential: SegPlan's own nftables, iptables and ip6tables output, changed the
 * ways admins and templating tools change such files — connection states, rule order, positions
 * and inserts, user chains (jump, goto), negations, sets, ranges, policies, matches SegPlan does
 * not model — one change at a time and then several at once (fast-check, fixed seeds), is loaded
 * into a router between network namespaces, and every component probes every other. `verify`
 * may answer "equal" only when no probe's outcome differs from what the plan allows. ("different"
 * and "unknown" (cannot tell) promise nothing a probe can refute here: test/kernel/verify-kernel.test.ts
 * checks that "different" names a real difference.) The mutants run and verify's answers are
 * printed at the end.
 */

const PLAN = verifiedPlan('Kernel differential');

const PORTS = [9, 443, 2499, 2500, 3300, 3301, 6160, 6162];

/** A change of one file: the changed text, or undefined where it does not apply (an earlier change took what it changes). */
type Edit = (text: string) => string | undefined;

interface Mutation {
    readonly name: string;
    readonly kind: 'state' | 'order' | 'position' | 'insert' | 'chain' | 'negation' | 'set' | 'range' | 'policy' | 'not modeled';
    readonly nftables?: Edit;
    readonly iptables?: Edit;
    readonly ip6tables?: Edit;
}

const sub = (from: string, to: string): Edit => text => text.includes(from) ? text.replace(from, to) : undefined;
const subAll = (from: string, to: string): Edit => text => text.includes(from) ? text.split(from).join(to) : undefined;
/** A line put in before (or after) the first line that `at` matches. */
const lineAt = (at: RegExp, line: string, after = false): Edit => text => {
    const lines = text.split('\n'), i = lines.findIndex(l => at.test(l));
    if (i < 0) return undefined;
    lines.splice(after ? i + 1 : i, 0, line);
    return lines.join('\n');
};
const beforeCommit = (line: string): Edit => lineAt(/^COMMIT$/, line);
const swapLines = (a: RegExp, b: RegExp): Edit => text => {
    const lines = text.split('\n'), i = lines.findIndex(l => a.test(l)), j = lines.findIndex(l => b.test(l));
    if (i < 0 || j < 0) return undefined;
    [lines[i], lines[j]] = [lines[j], lines[i]];
    return lines.join('\n');
};
const then = (...edits: Edit[]): Edit => text => edits.reduce<string | undefined>((t, e) => t === undefined ? undefined : e(t), text);
const replaceLine = (at: RegExp, make: (line: string) => string): Edit => text => {
    const lines = text.split('\n'), i = lines.findIndex(l => at.test(l));
    if (i < 0) return undefined;
    lines[i] = make(lines[i]);
    return lines.join('\n');
};

const NFT_STATE = /^\t\tct state established,related accept$/;
const NFT_R3 = /^\t\tip saddr @host_proxy_v4 ip daddr @host_repo_v4 tcp dport 2500-3300 accept/;
const NFT_CHAIN = /^\tchain forward \{$/;
const NFT_END = /^\t\}$/;
const IPT_STATE = /^-A SEGPLAN-FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT$/;
const IPT_R3 = /^-A SEGPLAN-FORWARD -s 10\.62\.2\.20\/32 -d 10\.62\.3\.30\/32 /;
const IPT_CHAIN = /^:SEGPLAN-FORWARD - \[0:0\]$/;
/** The end of nft's forward chain: its last closing brace at one tab (it is the last chain). */
const nftAtEnd = (line: string): Edit => text => {
    const lines = text.split('\n');
    let i = -1;
    lines.forEach((l, k) => { if (NFT_END.test(l)) i = k; });
    if (i < 0) return undefined;
    lines.splice(i, 0, line);
    return lines.join('\n');
};
const bothIptables = (edit: Edit) => ({ iptables: edit, ip6tables: edit });

const MUTATIONS: readonly Mutation[] = [
    { name: 'replies accepted as RELATED only', kind: 'state', nftables: sub('ct state established,related accept', 'ct state related accept'), ...bothIptables(sub('--ctstate ESTABLISHED,RELATED', '--ctstate RELATED')) },
    { name: 'replies accepted as ESTABLISHED only', kind: 'state', nftables: sub('ct state established,related accept', 'ct state established accept'), ...bothIptables(sub('--ctstate ESTABLISHED,RELATED', '--ctstate ESTABLISHED')) },
    {
        name: 'the states as a set, or by the state module', kind: 'state', nftables: sub('ct state established,related accept', 'ct state { related, established } accept'),
        ...bothIptables(sub('-m conntrack --ctstate ESTABLISHED,RELATED', '-m state --state RELATED,ESTABLISHED'))
    },
    { name: 'INVALID dropped first', kind: 'state', nftables: lineAt(NFT_STATE, '\t\tct state invalid drop'), ...bothIptables(lineAt(IPT_CHAIN, '-A SEGPLAN-FORWARD -m conntrack --ctstate INVALID -j DROP', true)) },
    {
        name: 'a rule for NEW connections only', kind: 'state', nftables: replaceLine(NFT_R3, l => l.replace('\t\tip saddr', '\t\tct state new ip saddr')),
        iptables: replaceLine(IPT_R3, l => l.replace(' -p tcp', ' -m conntrack --ctstate NEW -p tcp'))
    },
    { name: 'translated connections accepted', kind: 'state', nftables: lineAt(NFT_STATE, '\t\tct status dnat accept', true), ...bothIptables(lineAt(IPT_STATE, '-A SEGPLAN-FORWARD -m conntrack --ctstate DNAT -j ACCEPT', true)) },
    {
        name: 'two rules swapped', kind: 'order', nftables: swapLines(/@host_vbr_v4 ip daddr @host_repo_v4/, /@host_proxy_v4 ip daddr @host_repo_v4/),
        iptables: swapLines(/-s 10\.62\.1\.10\/32 -d 10\.62\.3\.30\/32/, /-s 10\.62\.2\.20\/32 -d 10\.62\.3\.30\/32/)
    },
    {
        name: 'an accept inserted first', kind: 'position', nftables: lineAt(NFT_STATE, '\t\ttcp dport 3301 accept'),
        ...bothIptables(beforeCommit('-I SEGPLAN-FORWARD 1 -p tcp -m tcp --dport 3301 -j ACCEPT'))
    },
    {
        name: 'an accept after the final drop', kind: 'position', nftables: then(nftAtEnd('\t\tdrop'), nftAtEnd('\t\ttcp dport 3301 accept')),
        ...bothIptables(beforeCommit('-A SEGPLAN-FORWARD -p tcp -m tcp --dport 3301 -j ACCEPT'))
    },
    {
        name: 'a drop of a planned port inserted first', kind: 'insert', nftables: lineAt(NFT_STATE, '\t\tip daddr 10.62.3.30 tcp dport 6162 drop'),
        iptables: beforeCommit('-I SEGPLAN-FORWARD 1 -d 10.62.3.30/32 -p tcp -m tcp --dport 6162 -j DROP'), ip6tables: beforeCommit('-I SEGPLAN-FORWARD 1 -d fd62:2::20/128 -p tcp -m tcp --dport 6162 -j DROP')
    },
    {
        name: 'a drop of addresses outside the plan inserted first', kind: 'insert', nftables: lineAt(NFT_STATE, '\t\tip saddr 192.0.2.0/24 drop'),
        iptables: beforeCommit('-I SEGPLAN-FORWARD 1 -s 192.0.2.0/24 -j DROP'), ip6tables: beforeCommit('-I SEGPLAN-FORWARD 1 -s 2001:db8::/32 -j DROP')
    },
    {
        name: 'a rule moved into a chain it jumps to', kind: 'chain',
        nftables: text => {
            const rule = text.split('\n').find(l => NFT_R3.test(l));
            return rule === undefined ? undefined : then(replaceLine(NFT_R3, () => '\t\tjump moved'), lineAt(NFT_CHAIN, `\tchain moved {\n${rule}\n\t}`))(text);
        },
        iptables: text => {
            const rule = text.split('\n').find(l => IPT_R3.test(l));
            return rule === undefined ? undefined : then(lineAt(IPT_CHAIN, ':SEGPLAN-MOVED - [0:0]', true), replaceLine(IPT_R3, () => '-A SEGPLAN-FORWARD -j SEGPLAN-MOVED'),
                beforeCommit(rule.replace('-A SEGPLAN-FORWARD', '-A SEGPLAN-MOVED')))(text);
        }
    },
    {
        name: 'a rule split across a goto', kind: 'chain',
        nftables: then(replaceLine(NFT_R3, () => '\t\tip saddr @host_proxy_v4 goto moved'), lineAt(NFT_CHAIN, '\tchain moved {\n\t\tip daddr @host_repo_v4 tcp dport 2500-3300 accept\n\t}')),
        iptables: then(lineAt(IPT_CHAIN, ':SEGPLAN-MOVED - [0:0]', true), replaceLine(IPT_R3, () => '-A SEGPLAN-FORWARD -s 10.62.2.20/32 -g SEGPLAN-MOVED'),
            beforeCommit('-A SEGPLAN-MOVED -d 10.62.3.30/32 -p tcp -m tcp --dport 2500:3300 -j ACCEPT'))
    },
    {
        name: 'a negated source inserted', kind: 'negation', nftables: lineAt(NFT_STATE, '\t\tip saddr != 10.62.9.0/24 tcp dport 443 accept', true),
        iptables: beforeCommit('-I SEGPLAN-FORWARD 2 ! -s 10.62.9.0/24 -p tcp -m tcp --dport 443 -j ACCEPT'), ip6tables: beforeCommit('-I SEGPLAN-FORWARD 2 ! -s fd62:9::/64 -p tcp -m tcp --dport 443 -j ACCEPT')
    },
    {
        name: 'a port range written as its complement', kind: 'negation', nftables: replaceLine(NFT_R3, l => l.replace('tcp dport 2500-3300', 'tcp dport != { 0-2499, 3301-65535 }')),
        iptables: replaceLine(IPT_R3, l => l.replace('-p tcp -m tcp --dport 2500:3300', '-p tcp -m multiport ! --dports 0:2499,3301:65535'))
    },
    {
        name: 'a named set written out', kind: 'set', nftables: subAll('@host_proxy_v4', '{ 10.62.2.20 }'),
        iptables: sub('-s 10.62.1.10/32 -d 10.62.2.20/32', '-m iprange --src-range 10.62.1.10-10.62.1.10 -d 10.62.2.20/32')
    },
    { name: 'a set widened to the zone', kind: 'set', nftables: sub('elements = { 10.62.1.10/32 }', 'elements = { 10.62.1.0/24 }'), iptables: sub('-s 10.62.1.10/32 -d 10.62.2.20/32', '-s 10.62.1.0/24 -d 10.62.2.20/32') },
    { name: 'a port set widened by one', kind: 'set', nftables: sub('elements = { 2500-3300, 6160, 6162 }', 'elements = { 2500-3301, 6160, 6162 }') },
    { name: 'a port range widened by one', kind: 'range', nftables: sub('tcp dport 2500-3300 accept', 'tcp dport 2500-3301 accept'), iptables: sub('--dport 2500:3300 ', '--dport 2500:3301 ') },
    { name: 'a port range split in two', kind: 'range', nftables: sub('{ 2500-3300, 6160, 6162 }', '{ 2500-2999, 3000-3300, 6160, 6162 }'), ...bothIptables(sub('--dports 2500:3300,6160,6162', '--dports 2500:2999,3000:3300,6160,6162')) },
    { name: 'the policy accepts', kind: 'policy', nftables: sub('policy drop;', 'policy accept;'), ...bothIptables(sub('-A SEGPLAN-FORWARD -j DROP\n', '')) },
    { name: 'the final drop moved to the policy', kind: 'policy', ...bothIptables(then(sub('-A SEGPLAN-FORWARD -j DROP\n', ''), lineAt(IPT_CHAIN, ':FORWARD DROP [0:0]'))) },
    { name: 'a mark accepted first', kind: 'not modeled', nftables: lineAt(NFT_STATE, '\t\tmeta mark 0x1 accept'), ...bothIptables(beforeCommit('-I SEGPLAN-FORWARD 1 -m mark --mark 0x1 -j ACCEPT')) }
];

type Family = 'nftables' | 'iptables' | 'ip6tables';
type Answer = 'equal' | 'different' | 'unknown';

describe('kernel: verify says "equal" only when no probe differs, for mutants of SegPlan\'s own output (fast-check, seeds 4401, 4402)', function () {
    this.timeout(1_800_000);
    const topology = new Topology('differ');
    let plan: LoadedPlan;
    let probes: PlannedComponentProbe[];
    /** What verify answered, per family and mutant kind; and how many "equal" answers the kernel confirmed. */
    const tally = new Map<string, number>();
    const count = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);

    networkForSuite(topology, async () => {
        plan = await loadPlanText('differential.segplan', PLAN);
        probes = plannedComponentProbes(plan, PORTS);
        return networkFor(topology, probes);
    });

    after(() => {
        // The figures the issue asks for: how many mutants of which kinds, and what verify answered.
        console.log([...tally].sort().map(([k, n]) => `      ${k}: ${n}`).join('\n'));
    });

    /** The probes of one family whose outcome is not what the plan allows, in words. */
    const disagreements = (family: 'ipv4' | 'ipv6' | 'both') => kernelDisagreements(topology, probes.filter(p => family === 'both' || p.family === family));

    /** Applies the mutations one after the other; those that do not apply (to this family, or after an earlier one) are left out. */
    function mutate(family: Family, mutations: readonly Mutation[]): { text: string; applied: Mutation[] } {
        let text = plan.emit(family, true);
        const applied: Mutation[] = [];
        for (const m of mutations) {
            const changed = m[family]?.(text);
            if (changed !== undefined && changed !== text) { text = changed; applied.push(m); }
        }
        return { text, applied };
    }

    async function judge(family: Family, mutations: readonly Mutation[]): Promise<void> {
        const { text, applied } = mutate(family, mutations);
        if (applied.length === 0) return;
        const answer: Answer = overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, family, text)) as Answer;
        const kinds = [...new Set(applied.map(m => m.kind))].sort().join('+');
        // Counted by the changes that applied (a draw of several may leave one that applies to this family).
        count(`${family} ${applied.length > 1 ? 'several changes' : 'one change'} [${kinds}] → ${answer}`);
        // Only "equal" is a promise a probe can refute: load the file and probe every component.
        if (answer !== 'equal') return;
        loadRules(topology, family === 'nftables' ? { nftables: text }
            : { iptables: family === 'iptables' ? text : plan.emit('iptables', true), ip6tables: family === 'ip6tables' ? text : plan.emit('ip6tables', true) });
        const kernel = await disagreements(family === 'nftables' ? 'both' : family === 'iptables' ? 'ipv4' : 'ipv6');
        count(`${family} "equal" confirmed by the kernel`);
        assert.deepStrictEqual(kernel, [], `verify says equal for ${applied.map(m => m.name).join(' + ')}, but the kernel disagrees with the plan on:\n${kernel.join('\n')}\n\n${text}`);
    }

    it('each mutation applies to the output it is written for', () => {
        for (const m of MUTATIONS) {
            for (const family of ['nftables', 'iptables', 'ip6tables'] as const) {
                if (m[family]) assert.ok(mutate(family, [m]).applied.length === 1, `${m.name} does not apply to ${family}`);
            }
        }
    });

    for (const family of ['nftables', 'iptables', 'ip6tables'] as const) {
        it(`${family}: each mutation alone`, async () => {
            for (const m of MUTATIONS) await judge(family, [m]);
        });
    }

    for (const [seed, family] of [[4401, 'nftables'], [4402, 'iptables']] as const) {
        it(`${family}: several mutations at once (seed ${seed})`, async () => {
            await fc.assert(fc.asyncProperty(fc.subarray([...MUTATIONS], { minLength: 2, maxLength: 3 }), mutations => judge(family, mutations)), { seed, numRuns: 16 });
        });
    }
});
