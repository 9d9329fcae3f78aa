import * as assert from 'node:assert';
import * as path from 'node:path';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';
import { loadPlanFile, type LoadedPlan } from '../emit/plan-fixture.js';

/**
 * SegPlan's iptables file is read as `iptables-restore --noflush` loads it on a machine where the
 * jump into SegPlan's chain is in place (its header asks for it once): a line an admin adds that
 * sets a built-in chain's policy (`:FORWARD DROP [0:0]`) changes that policy and nothing else, so
 * the file still allows exactly the plan — the kernel treats it the same
 * (test/kernel/differential.property.test.ts loads such files).
 */

const NOW = new Date('2026-06-01T12:00:00Z');

describe('verify: SegPlan\'s iptables file as loaded, with policy lines an admin adds', function () {
    this.timeout(300_000);
    let plan: LoadedPlan;
    before(async () => { plan = await loadPlanFile(path.join(process.cwd(), 'test', 'kernel', 'kernel-dual-stack.segplan')); });

    /** Each change given SegPlan's chain and the built-in chain that jumps to it. */
    const variants: [string, (text: string, chain: string, from: string) => string][] = [
        ['its policy line (DROP) before SegPlan\'s chain', (t, c, f) => t.replace(`*filter\n:${c} - [0:0]\n`, `*filter\n:${f} DROP [0:0]\n:${c} - [0:0]\n`)],
        ['its policy line (DROP) after SegPlan\'s chain', (t, c, f) => t.replace(`*filter\n:${c} - [0:0]\n`, `*filter\n:${c} - [0:0]\n:${f} DROP [0:0]\n`)],
        ['every built-in chain\'s policy line', (t, c, f) => t.replace(`*filter\n:${c} - [0:0]\n`,
            `*filter\n${['INPUT', 'FORWARD', 'OUTPUT'].map(b => `:${b} ${b === f ? 'DROP' : 'ACCEPT'} [0:0]\n`).join('')}:${c} - [0:0]\n`)]
    ];
    for (const [target, chain, from] of [['iptables', 'SEGPLAN-FORWARD', 'FORWARD'], ['ip6tables', 'SEGPLAN-FORWARD', 'FORWARD'], ['iptables-host', 'SEGPLAN-INPUT', 'INPUT']] as const) {
        for (const [name, change] of variants) {
            it(`${target}: ${name} is still verified equal`, async () => {
                const original = plan.emit(target);
                const changed = change(original, chain, from);
                assert.notStrictEqual(changed, original);
                const v = await verifyGenerated(plan.analysis, plan.ruleSet, target, changed, { now: NOW });
                assert.strictEqual(overallVerdict(v), 'equal', JSON.stringify(v.kind === 'verified' ? v.results.map(r => [r.differences.slice(0, 3), r.unknown.slice(0, 3)]) : v.why).slice(0, 1500));
            });
        }
    }

    it('iptables: the policy line does not hide a rule that widens the plan', async () => {
        const original = plan.emit('iptables');
        const changed = original.replace('*filter\n', '*filter\n:FORWARD DROP [0:0]\n').replace('-A SEGPLAN-FORWARD -j DROP', '-A SEGPLAN-FORWARD -p tcp -m tcp --dport 9 -j ACCEPT\n-A SEGPLAN-FORWARD -j DROP');
        assert.strictEqual(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'iptables', changed, { now: NOW })), 'different');
    });
});
