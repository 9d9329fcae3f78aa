import * as assert from 'node:assert';
import * as path from 'node:path';
import { loadPlanFile, type LoadedPlan } from '../emit/plan-fixture.js';
import { overallVerdict, verifyGenerated, type GeneratedVerification } from '../../language/verify/verify-generated.js';
import type { DatedDifference } from '../../language/verify/verify.js';

/**
 * `verify` of SegPlan's own output proves it allows exactly the plan; the same output changed the
 * ways real rule generators' bugs change it (a port dropped from a list, a range widened, a rule
 * deleted, a rule duplicated with a wider source, an expiry removed, an address family lost)
 * fails, and names the difference: which way, which protocol and port.
 */

interface Mutation {
    readonly name: string;
    readonly mutate: (text: string, name: RuleName) => string;
    readonly kind: DatedDifference['kind'];
    readonly protocol: 'tcp' | 'udp';
    readonly port: number;
    /** Found only at an instant after now (an expiry). */
    readonly later?: boolean;
}

/** A plan rule's name in the output (`r-3fa09c1e`), found by its description: by what it is, never by where it stands. */
type RuleName = (description: string) => string;
/** A change made to the rule the description names. */
const ofRule = (description: string, change: (name: string) => (text: string) => string) => (text: string, name: RuleName) => change(name(description))(text);
const REPO_DATA = 'Backup server to the hardened repository', SSH = 'SSH while the repository is set up';
const BARE = 'Bare addresses: the first management block to the proxy\'s own addresses', PROXY_DATA = 'Backup data';

const replaceOnce = (from: string | RegExp, to: string) => (text: string) => text.replace(from, to);
const deleteLines = (re: RegExp) => (text: string) => text.split('\n').filter(l => !re.test(l)).join('\n');
const duplicateLine = (re: RegExp, from: string, to: string) => (text: string) =>
    text.split('\n').flatMap(l => re.test(l) ? [l, l.replace(from, to)] : [l]).join('\n');

/** A Terraform resource block changed by `edit` (removed when it returns ''). */
const resource = (type: string, name: string, edit: (block: string) => string) => (text: string) =>
    text.replace(new RegExp(`resource "${type}" "${name}" \\{\\n[\\s\\S]*?\\n\\}\\n`), edit);
const inAll = (...changes: ((text: string) => string)[]) => (text: string) => changes.reduce((t, change) => change(t), text);
const INGRESS = 'aws_vpc_security_group_ingress_rule', EGRESS = 'aws_vpc_security_group_egress_rule', NSG_RULE = 'azurerm_network_security_rule';
const removed = () => '';
const withoutCount = (block: string) => block.replace(/\n {2}count = [^\n]*/, '');

const MUTATIONS: Record<string, readonly Mutation[]> = {
    nftables: [
        { name: 'a port dropped from a list', mutate: replaceOnce('dport @ports_2500to3300_6162 ', 'dport { 2500-3300 } '), kind: 'not-allowed', protocol: 'tcp', port: 6162 },
        { name: 'a port dropped from a shared port set', mutate: replaceOnce('elements = { 2500-3300, 6162 }', 'elements = { 2500-3300 }'), kind: 'not-allowed', protocol: 'tcp', port: 6162 },
        { name: 'a port range widened', mutate: replaceOnce('tcp dport 2500-3300 accept', 'tcp dport 2500-3400 accept'), kind: 'not-in-plan', protocol: 'tcp', port: 3400 },
        { name: 'a rule deleted', mutate: ofRule(BARE, r => deleteLines(new RegExp(`ip saddr .*comment "${r} `))), kind: 'not-allowed', protocol: 'tcp', port: 6162 },
        { name: 'a rule duplicated with a wider source', mutate: ofRule(BARE, r => duplicateLine(new RegExp(`ip saddr .*comment "${r} `), 'ip saddr @host_net_10_61_1_0_28_v4', 'ip saddr 10.61.1.0/24')), kind: 'not-in-plan', protocol: 'tcp', port: 6162 },
        { name: 'an expiry removed', mutate: replaceOnce(/ meta time < 4102444800/g, ''), kind: 'not-in-plan', protocol: 'tcp', port: 22, later: true },
        { name: 'an address family lost', mutate: ofRule(PROXY_DATA, r => deleteLines(new RegExp(`^\t\tip6 saddr .*comment "${r} `))), kind: 'not-allowed', protocol: 'tcp', port: 2500 }
    ],
    iptables: [
        { name: 'a port dropped from a list', mutate: replaceOnce('--dports 2500:3300,6162 ', '--dports 2500:3300 '), kind: 'not-allowed', protocol: 'tcp', port: 6162 },
        { name: 'a port range widened', mutate: replaceOnce('--dport 2500:3300 ', '--dport 2500:3400 '), kind: 'not-in-plan', protocol: 'tcp', port: 3400 },
        { name: 'a rule deleted', mutate: ofRule(BARE, r => deleteLines(new RegExp(`"${r} `))), kind: 'not-allowed', protocol: 'tcp', port: 6162 },
        { name: 'a rule duplicated with a wider source', mutate: ofRule(BARE, r => duplicateLine(new RegExp(`"${r} `), '-s 10.61.1.0/28', '-s 10.61.1.0/24')), kind: 'not-in-plan', protocol: 'tcp', port: 6162 },
        { name: 'an expiry removed', mutate: replaceOnce(' -m time --datestop 2038-01-19T03:14:07', ''), kind: 'not-in-plan', protocol: 'tcp', port: 22, later: true }
    ],
    ip6tables: [
        { name: 'an address family lost (a rule of it deleted)', mutate: ofRule(PROXY_DATA, r => deleteLines(new RegExp(`"${r} `))), kind: 'not-allowed', protocol: 'tcp', port: 3000 }
    ],
    'cisco-asa': [
        { name: 'a port dropped from a list', mutate: replaceOnce(/ port-object eq 6162\n/, ''), kind: 'not-allowed', protocol: 'tcp', port: 6162 },
        { name: 'a port range widened', mutate: replaceOnce('port-object range 2500 3300', 'port-object range 2500 3400'), kind: 'not-in-plan', protocol: 'tcp', port: 3400 },
        { name: 'an expiry removed', mutate: replaceOnce(' time-range SP_UNTIL_2099_12_31', ''), kind: 'not-in-plan', protocol: 'tcp', port: 22, later: true },
        { name: 'an address family lost', mutate: deleteLines(/network-object host fd61:3::30/), kind: 'not-allowed', protocol: 'tcp', port: 6162 }
    ],
    panos: [
        { name: 'a port dropped from a list', mutate: replaceOnce('port 2500-3300,6162', 'port 2500-3300'), kind: 'not-allowed', protocol: 'tcp', port: 6162 },
        { name: 'a rule deleted', mutate: ofRule(BARE, r => deleteLines(new RegExp(`rules SP-${r}-`))), kind: 'not-allowed', protocol: 'tcp', port: 6162 },
        { name: 'an expiry removed', mutate: replaceOnce('action allow schedule SP_until_2099_12_31', 'action allow'), kind: 'not-in-plan', protocol: 'tcp', port: 22, later: true },
        { name: 'an address family lost', mutate: replaceOnce('destination [ SP_proxy_v4_1 SP_proxy_v6_1 ]', 'destination [ SP_proxy_v4_1 ]'), kind: 'not-allowed', protocol: 'tcp', port: 6162 }
    ],
    fortigate: [
        { name: 'a port dropped from a list', mutate: replaceOnce('set tcp-portrange 2500-3300 6162', 'set tcp-portrange 2500-3300'), kind: 'not-allowed', protocol: 'tcp', port: 6162 },
        { name: 'a port range widened', mutate: replaceOnce(/set tcp-portrange 2500-3300\n/, 'set tcp-portrange 2500-3400\n'), kind: 'not-in-plan', protocol: 'tcp', port: 3400 },
        { name: 'an address family lost', mutate: replaceOnce(/\n +set dstaddr6 "SP_repo_v6_1"/, ''), kind: 'not-allowed', protocol: 'tcp', port: 6162 }
    ],
    // A connection passes its source's group out and its destination's group in: a change to one
    // side that the other does not let through changes nothing, so these change what both let through.
    'aws-terraform': [
        { name: 'a port dropped (its inbound rule deleted)', mutate: ofRule(REPO_DATA, r => resource(INGRESS, `${r}_2`, removed)), kind: 'not-allowed', protocol: 'tcp', port: 6162 },
        { name: 'a port range widened', mutate: ofRule(REPO_DATA, r => inAll(...[`${r}_1`, `${r}_out_1`].map(n => resource(n.includes('out') ? EGRESS : INGRESS, n, b => b.replace('to_port           = 3300', 'to_port           = 3400'))))), kind: 'not-in-plan', protocol: 'tcp', port: 3400 },
        { name: 'a rule deleted (its outbound rules)', mutate: ofRule(BARE, r => inAll(...[1, 2, 3, 4].map(k => resource(EGRESS, `${r}_out_${k}`, removed)))), kind: 'not-allowed', protocol: 'tcp', port: 6162 },
        { name: 'a rule duplicated with a wider source', mutate: ofRule(REPO_DATA, r => resource(INGRESS, `${r}_1`, b => b + b.replace(`"${r}_1"`, `"${r}_wide"`).replace(/cidr_ipv4 {9}= "[^"]+"/, 'cidr_ipv4         = "0.0.0.0/0"'))), kind: 'not-in-plan', protocol: 'tcp', port: 2500 },
        { name: 'an expiry removed', mutate: ofRule(SSH, r => inAll(resource(INGRESS, `${r}_1`, withoutCount), resource(EGRESS, `${r}_out_1`, withoutCount))), kind: 'not-in-plan', protocol: 'tcp', port: 22, later: true },
        { name: 'an address family lost', mutate: ofRule(REPO_DATA, r => inAll(resource(INGRESS, `${r}_3`, removed), resource(INGRESS, `${r}_4`, removed))), kind: 'not-allowed', protocol: 'tcp', port: 2500 }
    ],
    'azure-terraform': [
        { name: 'a port dropped from a list', mutate: ofRule(REPO_DATA, r => resource(NSG_RULE, `segplan_backup_${r}_v4`, b => b.replace('["2500-3300", "6162"]', '["2500-3300"]'))), kind: 'not-allowed', protocol: 'tcp', port: 6162 },
        { name: 'a port range widened', mutate: ofRule(REPO_DATA, r => inAll(...[`segplan_backup_${r}_v4`, `segplan_mgmt_${r}_out_v4`].map(n => resource(NSG_RULE, n, b => b.replace('"2500-3300"', '"2500-3400"'))))), kind: 'not-in-plan', protocol: 'tcp', port: 3400 },
        { name: 'a rule deleted (its outbound rule)', mutate: ofRule(BARE, r => resource(NSG_RULE, `segplan_mgmt_${r}_out_v4`, removed)), kind: 'not-allowed', protocol: 'tcp', port: 6162 },
        {
            name: 'a rule duplicated with a wider source',
            mutate: ofRule(REPO_DATA, r => resource(NSG_RULE, `segplan_backup_${r}_v4`, b => b + b.replace(`"segplan_backup_${r}_v4"`, '"wide"').replace(`"segplan-${r}-v4"`, '"wide"').replace(/priority {20}= \d+/, 'priority                    = 4000')
                .replace(/source_address_prefixes {5}= \[[^\]]*\]/, 'source_address_prefix       = "*"'))),
            kind: 'not-in-plan', protocol: 'tcp', port: 2500
        },
        { name: 'an expiry removed', mutate: ofRule(SSH, r => inAll(resource(NSG_RULE, `segplan_backup_${r}_v4`, withoutCount), resource(NSG_RULE, `segplan_mgmt_${r}_out_v4`, withoutCount))), kind: 'not-in-plan', protocol: 'tcp', port: 22, later: true },
        { name: 'an address family lost', mutate: ofRule(REPO_DATA, r => resource(NSG_RULE, `segplan_backup_${r}_v6`, removed)), kind: 'not-allowed', protocol: 'tcp', port: 2500 }
    ]
};

function differences(v: GeneratedVerification): DatedDifference[] {
    assert.strictEqual(v.kind, 'verified', v.kind === 'cannot-verify' ? v.why : '');
    return v.kind === 'verified' ? v.results.flatMap(r => r.differences) : [];
}

describe('verify: SegPlan output allows exactly the plan; outputs changed the way real bugs change them do not', function () {
    this.timeout(300_000);
    let plan: LoadedPlan;
    const now = new Date('2026-06-01T12:00:00Z');
    before(async () => { plan = await loadPlanFile(path.join(process.cwd(), 'test', 'kernel', 'kernel-dual-stack.segplan')); });
    const ruleName: RuleName = description => {
        const rules = plan.ruleSet.rules.filter(r => r.descriptions.includes(description));
        assert.strictEqual(rules.length, 1, `one rule of the plan is "${description}"`);
        return `r-${rules[0].id}`;
    };

    for (const [target, mutations] of Object.entries(MUTATIONS)) {
        it(`${target}: the output as generated is verified equal`, async () => {
            const v = await verifyGenerated(plan.analysis, plan.ruleSet, target, plan.emit(target), { now });
            assert.strictEqual(overallVerdict(v), 'equal', JSON.stringify(v, (k, x) => typeof x === 'bigint' ? String(x) : x, 1).slice(0, 2000));
        });
        for (const m of mutations) {
            it(`${target}: ${m.name} fails verify, named as ${m.kind} ${m.protocol}/${m.port}`, async () => {
                const original = plan.emit(target);
                const mutated = m.mutate(original, ruleName);
                assert.notStrictEqual(mutated, original, 'the mutation changed nothing: the test would prove nothing');
                const v = await verifyGenerated(plan.analysis, plan.ruleSet, target, mutated, { now });
                assert.strictEqual(overallVerdict(v), 'different');
                const named = differences(v).filter(d => d.kind === m.kind && d.protocol === m.protocol && d.ports.some(p => p.from <= m.port && m.port <= p.to));
                assert.ok(named.length > 0, `no ${m.kind} ${m.protocol}/${m.port} among: ${differences(v).map(d => `${d.kind} ${d.protocol} ${d.ports.map(p => `${p.from}-${p.to}`)}`).join('; ')}`);
                if (m.later) assert.ok(named.every(d => d.at !== undefined && d.at > now), 'an expiry difference is found after now');
                if (m.kind === 'not-allowed') assert.ok(named.every(d => d.plan !== undefined), 'a missing allow names the plan rule');
                assert.ok(named.every(d => d.config.text !== ''), 'every difference names the configuration line or default');
            });
        }
    }
});
