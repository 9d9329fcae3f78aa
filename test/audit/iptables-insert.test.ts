import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { FirewallPolicy } from '../../language/audit/firewall-policy.js';
import type { ImportOptions } from '../../language/audit/importers/importer.js';
import { iptablesSaveImporter } from '../../language/audit/importers/iptables-save.js';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';
import { loadPlanFile, type LoadedPlan } from '../emit/plan-fixture.js';
import { configErrorOf, verdictOf } from '../helpers/audit-verdicts.js';

/**
 * `-I CHAIN [N]` in iptables-restore input puts the rule in at position N (1 when not given) of
 * the chain as it stands at that line: before the rule there, not after the rules written above
 * it. Read as appended (or passed over), an accept inserted first was judged by the rules below.
 */

const NOW = new Date('2026-06-01T12:00:00Z');
const options: ImportOptions = { file: 'fw', interfaces: new Map(), hook: 'forward', now: NOW, formatGiven: true };
const read = (rules: string[]) => iptablesSaveImporter.import(['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]', ...rules, 'COMMIT', ''].join('\n'), options) as FirewallPolicy;
const tcp = (policy: FirewallPolicy, port: number) => verdictOf(policy, 'tcp', '10.0.1.5', '10.0.2.5', port);

describe('iptables: -I CHAIN [N] inserts at its position', function () {
    this.timeout(300_000);

    it('-I without a position goes first: an accept inserted after a drop decides', () => {
        const policy = read(['-A FORWARD -p tcp -m tcp --dport 22 -j DROP', '-I FORWARD -p tcp -m tcp --dport 22 -j ACCEPT']);
        assert.deepEqual(policy.unevaluated, []);
        assert.deepEqual(tcp(policy, 22), { verdict: 'accept', line: 6 });
    });

    it('-I CHAIN N goes before the rule at N, counting rules that meet no TCP or UDP connection', () => {
        const policy = read(['-A FORWARD -p icmp -j ACCEPT', '-A FORWARD -p tcp -m tcp --dport 22 -j DROP', '-A FORWARD -p tcp -j ACCEPT',
            '--insert FORWARD 3 -p tcp -m tcp --dport 23 -j DROP', '-I FORWARD 2 -p tcp -m tcp --dport 22 -j ACCEPT']);
        assert.equal(tcp(policy, 22).verdict, 'accept');
        assert.equal(tcp(policy, 23).verdict, 'drop');
        assert.equal(tcp(policy, 24).verdict, 'accept');
    });

    it('-I past the end of the chain is refused at its line, as iptables-restore refuses it', () => {
        const error = configErrorOf(() => read(['-A FORWARD -j ACCEPT', '-I FORWARD 3 -j DROP']));
        assert.equal(error.line, 6);
        assert.match(error.message, /holds 1 rule there/);
    });

    describe('verify: SegPlan\'s iptables file with an inserted rule', () => {
        let plan: LoadedPlan;
        before(async () => { plan = await loadPlanFile(path.join(process.cwd(), 'test', 'kernel', 'kernel-dual-stack.segplan')); });
        const verdict = async (change: (text: string) => string) => {
            const original = plan.emit('iptables'), changed = change(original);
            assert.notEqual(changed, original);
            return overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'iptables', changed, { now: NOW }));
        };

        it('an accept inserted first in SegPlan\'s chain is different', async () => {
            assert.equal(await verdict(t => t.replace('\nCOMMIT', '\n-I SEGPLAN-FORWARD 1 -p tcp -m tcp --dport 9 -j ACCEPT\nCOMMIT')), 'different');
        });

        it('an accept inserted in FORWARD before the jump into SegPlan\'s chain is different', async () => {
            assert.equal(await verdict(t => t.replace('\nCOMMIT', '\n-I FORWARD 1 -s 10.0.0.0/8 -j ACCEPT\nCOMMIT')), 'different');
        });

        it('a drop of addresses outside the plan, inserted first, is still equal', async () => {
            assert.equal(await verdict(t => t.replace('\nCOMMIT', '\n-I SEGPLAN-FORWARD 1 -s 192.0.2.0/24 -j DROP\nCOMMIT')), 'equal');
        });

        it('a drop of a destination port, inserted first, is different: it meets the replies of connections from that source port', async () => {
            assert.equal(await verdict(t => t.replace('\nCOMMIT', '\n-I SEGPLAN-FORWARD 1 -p tcp -m tcp --dport 9 -j DROP\nCOMMIT')), 'different');
        });
    });

    it('the addresses of a rule inserted are its own', () => {
        const policy = read(['-A FORWARD -j DROP', '-I FORWARD 1 -s 10.0.1.0/24 -j ACCEPT']);
        assert.equal(verdictOf(policy, 'tcp', '10.0.1.5', '10.0.2.5', 22).verdict, 'accept');
        assert.equal(verdictOf(policy, 'tcp', '10.0.3.5', '10.0.2.5', 22).verdict, 'drop');
    });
});
