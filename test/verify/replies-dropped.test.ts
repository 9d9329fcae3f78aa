import * as assert from 'node:assert';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';
import { loadPlanText, type LoadedPlan } from '../emit/plan-fixture.js';

/**
 * A rule set whose every accept rule is one of the plan's allow rules, as SegPlan writes it, still
 * lets no connection work when the replies are dropped: without its ESTABLISHED line the firewall
 * accepts each first packet and nothing after it. The proof that reads such a rule set rule by rule
 * (equal-by-rules.ts) must not call it equal.
 */

const NOW = new Date('2026-06-01T12:00:00Z');

// One protocol and one port list per rule, between single addresses: each allow rule is one accept line.
const PLAN = `plan "Replies"
zone mgmt 10.62.1.0/24
zone backup 10.62.2.0/24
zone prod 10.62.3.0/24

allow 10.62.1.10 -> 10.62.2.20 tcp 6162 "Backup server to the repository"
allow 10.62.1.10 -> 10.62.3.30 tcp 6160 "Backup server manages the proxy"
allow 10.62.3.30 -> 10.62.2.20 tcp 2500-3300 "Backup data"
`;

describe('verify: accept rules that mirror the plan, with the replies dropped', function () {
    this.timeout(300_000);
    let plan: LoadedPlan;
    before(async () => { plan = await loadPlanText('replies.segplan', PLAN); });

    const cases: [string, string, RegExp][] = [
        ['iptables', 'the ESTABLISHED,RELATED line', /^-A \S+ -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT\n/m],
        ['nftables', 'the established,related rule', /^\s*ct state established,related accept\n/m]
    ];
    for (const [target, what, line] of cases) {
        it(`${target}: as written, equal; without ${what}, different`, async () => {
            const original = plan.emit(target);
            assert.strictEqual(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, target, original, { now: NOW })), 'equal');
            const mutated = original.replace(line, '');
            assert.notStrictEqual(mutated, original, `${target} output holds ${what}`);
            assert.strictEqual(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, target, mutated, { now: NOW })), 'different');
        });
    }
});
