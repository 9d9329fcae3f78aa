import * as assert from 'node:assert/strict';
import { generateRuleHeavyPlan } from '../../bench/rule-heavy-plan.js';
import { addresses } from '../helpers/audit-verdicts.js';
import { nftCanLoad } from '../helpers/nft-here.js';
import { notVerifiedByDefault, overallVerdict, verifyGenerated, type GeneratedVerification } from '../../language/verify/verify-generated.js';
import type { DatedDifference } from '../../language/verify/verify.js';
import { loadPlanText, type LoadedPlan } from '../emit/plan-fixture.js';

/**
 * `verify` proves the bench's rule-heavy plan (200 zones, 2,000 components, 5,000 allow rules)
 * exactly, target by target: the output as generated allows exactly the plan; one rule of it
 * changed (a port dropped, its source widened) is a difference, named with its port, addresses
 * and configuration line, and for a missing allow the plan rule.
 */

/** The plan rule the changes are made to, and its addresses (as the bench's generator places them). */
const RULE = 'allow vm200 -> vm1205 tcp 443, 8443 "rule 4215"';
const SOURCE = '10.0.1.10', DESTINATION = '10.5.6.10', WIDER = '10.0.1.0/24';

/** Changes a text, and fails when the change finds nothing to change (the test would prove nothing). */
function changed(text: string, change: (text: string) => string): string {
    const result = change(text);
    assert.notEqual(result, text, 'the change found nothing to change');
    return result;
}

/** Replaces `from` by `to` in the one line that matches `line`. */
const inLine = (line: RegExp, from: string | RegExp, to: string) => (text: string) => {
    const lines = text.split('\n');
    const at = lines.findIndex(l => line.test(l));
    assert.ok(at >= 0, `no line matches ${String(line)}`);
    const before = lines[at];
    lines[at] = before.replace(from, to);
    assert.notEqual(lines[at], before, `${String(from)} is not in: ${before}`);
    return lines.join('\n');
};

/** The line after the one that matches (ASA: the access list entry after its remark). */
const afterLine = (line: RegExp, from: string | RegExp, to: string) => (text: string) => {
    const lines = text.split('\n');
    const at = lines.findIndex(l => line.test(l)) + 1;
    assert.ok(at > 0, `no line matches ${String(line)}`);
    lines[at] = lines[at].replace(from, to);
    return lines.join('\n');
};

/** In the FortiGate policy whose comments name the rule: one of its `set` lines replaced. */
const inPolicy = (setting: string, to: string) => (text: string) => {
    const lines = text.split('\n');
    const comments = lines.findIndex(l => l.trim() === 'set comments "rule 4215"');
    let at = comments;
    while (at > 0 && !lines[at].trim().startsWith(`set ${setting} `)) at--;
    assert.ok(at > 0 && comments - at < 20, `no ${setting} in the policy of rule 4215`);
    lines[at] = lines[at].replace(/"[^"]*"/, `"${to}"`);
    return lines.join('\n');
};

interface Change { readonly portDropped: (text: string) => string; readonly sourceWidened: (text: string) => string }

/** The rule's line in iptables and nftables files: its comment names it (`r-3fa09c1e rule 4215`, `vm1205.h-3fa09c1e rule 4215` on the host's firewall). */
const RULE_LINE = /"(?:r|vm1205\.h)-[0-9a-f]{8}(?:-\d+)? rule 4215"/;

const IPTABLES: Change = {
    portDropped: inLine(RULE_LINE, '-m multiport --dports 443,8443', '-m tcp --dport 443'),
    sourceWidened: inLine(RULE_LINE, `-s ${SOURCE}/32`, `-s ${WIDER}`)
};
const NFTABLES: Change = {
    portDropped: inLine(RULE_LINE, 'tcp dport @ports_443_8443', 'tcp dport 443'),
    sourceWidened: inLine(RULE_LINE, 'ip saddr @host_vm200_v4', `ip saddr ${WIDER}`)
};

/**
 * The targets with device semantics whose output this plan fills. Left out: windows-firewall (the
 * plan's hosts run Linux, so its file has no host), ip6tables and ip6tables-host (the plan has no
 * IPv6 address), and the AWS and Azure Terraform output, whose proof takes minutes on this plan
 * (its security groups cut the traffic into a part per zone and group; test/verify/cloud-targets
 * covers them on smaller plans).
 */
const CHANGES: Record<string, Change> = {
    iptables: IPTABLES,
    'iptables-host': IPTABLES,
    nftables: NFTABLES,
    'nftables-host': NFTABLES,
    'cisco-asa': {
        // The entry's last operand is its service group, its first its source group.
        portDropped: afterLine(/ remark rule 4215$/, /object-group \S+$/, 'eq 443'),
        sourceWidened: afterLine(/ remark rule 4215$/, /object-group \S+/, '10.0.1.0 255.255.255.0')
    },
    panos: {
        portDropped: text => inLine(/description "rule 4215"/, /service \S+/, `service ${/^set service (\S+) protocol tcp port 443$/m.exec(text)![1]}`)(text),
        sourceWidened: text => `set address SP_wider ip-netmask ${WIDER}\n${inLine(/description "rule 4215"/, /source \S+/, 'source SP_wider')(text)}`
    },
    fortigate: {
        portDropped: text => inPolicy('service', /edit "(\S+)"\n\s+set tcp-portrange 443\n/.exec(text)![1])(text),
        sourceWidened: text => inPolicy('srcaddr', 'SP_wider')(text)
            .replace('config firewall address\n', 'config firewall address\n    edit "SP_wider"\n        set subnet 10.0.1.0 255.255.255.0\n    next\n')
    }
};

function differences(v: GeneratedVerification): DatedDifference[] {
    assert.equal(v.kind, 'verified', v.kind === 'cannot-verify' ? v.why : '');
    return v.kind === 'verified' ? v.results.flatMap(r => r.differences) : [];
}

const summary = (ds: readonly DatedDifference[]) => ds.map(d => `${d.kind} ${d.protocol} ${d.sources.format()} -> ${d.destinations.format()} ${d.ports.map(p => `${p.from}-${p.to}`).join(',')} [${d.config.line}: ${d.config.text}]`).join('\n');

describe('verify: the bench\'s 5,000-rule plan, proven target by target', function () {
    this.timeout(900_000);
    let plan: LoadedPlan;
    const now = new Date('2026-06-01T12:00:00Z');
    before(async () => {
        const heavy = generateRuleHeavyPlan(200, 2_000, 5_000);
        assert.ok(heavy.text.includes(RULE), `the bench plan no longer has ${RULE}`);
        plan = await loadPlanText('rule-heavy.segplan', heavy.text);
        assert.ok(plan.ruleSet.rules.length > 4_900, `${plan.ruleSet.rules.length} rules`);
    });

    it('generate verifies it by default on the zone targets, not on the Linux host targets (more than 5,000 host rules) nor the cloud ones', () => {
        const byDefault = (target: string) => notVerifiedByDefault(target, plan.ruleSet) === undefined;
        assert.deepEqual(['iptables', 'cisco-asa', 'panos', 'fortigate', 'windows-firewall'].filter(t => !byDefault(t)), [], 'verified by default');
        assert.deepEqual(['iptables-host', 'aws-terraform', 'azure-terraform'].filter(byDefault), [], 'not verified by default');
    });

    for (const [target, change] of Object.entries(CHANGES)) {
        describe(target, () => {
            let output: string;
            before(function () {
                if (target.startsWith('nftables') && !nftCanLoad()) this.skip();
                output = plan.emit(target);
            });
            const verify = (text: string) => verifyGenerated(plan.analysis, plan.ruleSet, target, text, { now });

            it('the output as generated is verified equal', async () => {
                const v = await verify(output);
                assert.equal(overallVerdict(v), 'equal', JSON.stringify(v.kind === 'verified' ? v.results.map(r => [r.unknown, summary(r.differences)]) : v.why).slice(0, 2000));
            });

            it('a port dropped from one rule is found: in the plan but not allowed, tcp 8443, with the plan rule', async () => {
                const found = differences(await verify(changed(output, change.portDropped)));
                assert.ok(found.length > 0, 'no difference found');
                assert.ok(found.every(d => d.kind === 'not-allowed' && d.protocol === 'tcp'), summary(found));
                assert.deepEqual(found.flatMap(d => d.ports), [{ from: 8443, to: 8443 }], summary(found));
                assert.ok(found.every(d => d.sources.equals(addresses(SOURCE)) && d.destinations.equals(addresses(DESTINATION))), summary(found));
                assert.ok(found.every(d => d.plan?.rule.descriptions.includes('rule 4215')), 'the plan rule is named');
            });

            it('a rule\'s source widened is found: allowed but not in the plan, from the wider addresses, with the configuration line', async () => {
                const found = differences(await verify(changed(output, change.sourceWidened)));
                assert.ok(found.length > 0, 'no difference found');
                assert.ok(found.every(d => d.kind === 'not-in-plan' && d.protocol === 'tcp'), summary(found));
                assert.ok(found.every(d => d.destinations.equals(addresses(DESTINATION))), summary(found));
                assert.ok(found.every(d => d.ports.every(p => p.from === 443 && p.to === 443 || p.from === 8443 && p.to === 8443)), summary(found));
                const sources = found.reduce((s, d) => s.union(d.sources), addresses(SOURCE));
                assert.ok(sources.equals(addresses(WIDER)), `the wider addresses but the rule's own: ${summary(found)}`);
                assert.ok(found.every(d => d.config.line > 0 && d.config.text !== ''), 'the configuration line is named');
            });
        });
    }
});
