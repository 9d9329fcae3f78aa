import * as assert from 'node:assert';
import { findEmitter } from '../../language/emit/registry.js';
import { loadPlanText } from '../emit/plan-fixture.js';
import { addUnrelatedRules, inFreshNamespace, loadIptablesOutput, loadNftOutput } from './outside-segplan.js';

/**
 * A plan text longer than a reader's line buffer must not become commands. iptables-restore reads
 * a line into a buffer of 10,240 bytes; a longer line's rest is read as a line of its own. A rule
 * description of 10,231 characters followed by an iptables command put that command at the top
 * of INPUT. Loaded as each output's header says, into a kernel that holds rules of its own, every
 * Linux target's output may change SegPlan's chain or table and nothing else.
 */

const INJECTED = ' -I INPUT 1 -j ACCEPT';
/** What iptables-restore reads of a line at most: its buffer less the terminating NUL. */
const READ = 10_239;

function hostilePlan(name: string, description: string): string {
    return `plan "${name}"
zone mgmt 10.80.1.0/24, fd80:1::/64
zone backup 10.80.2.0/24, fd80:2::/64
admin : infra.VmGuest in mgmt at 10.80.1.10, fd80:1::10 os linux
files : infra.VmGuest in backup at 10.80.2.20, fd80:2::20 os linux
allow admin -> files tcp 22 "${description}"
`;
}

/**
 * Texts that end the reader's buffer right before the command: in a rule's description (on its
 * `# Plan: ` line) and in the plan's name (on the title line, which starts with the target's label).
 */
function attacks(target: string): { where: string; plan: string }[] {
    const title = `# SegPlan ${findEmitter(target)!.label} for plan '`;
    return [
        { where: 'a rule description', plan: hostilePlan('long', `${'x'.repeat(READ - '# Plan: '.length)}${INJECTED}`) },
        { where: 'the plan name', plan: hostilePlan(`${'x'.repeat(READ - title.length)}${INJECTED}`, 'short') }
    ];
}

const TARGETS = [
    { target: 'iptables', family: 'v4', host: false }, { target: 'ip6tables', family: 'v6', host: false },
    { target: 'iptables-host', family: 'v4', host: true }, { target: 'ip6tables-host', family: 'v6', host: true }
] as const;

describe('kernel: a long plan text never becomes a command', function () {
    this.timeout(300000);
    for (const { target, family, host } of TARGETS) {
        for (const { where, plan: planText } of attacks(target)) {
            it(`${target}: ${where} as long as the reader's buffer, then a command: only SegPlan's chain changes`, async function () {
                const plan = await loadPlanText('long.segplan', planText);
                assert.ok(plan.ruleSet.planName.endsWith(INJECTED) || plan.ruleSet.rules.some(r => r.descriptions.some(d => d.endsWith(INJECTED))), 'the plan carries the text');
                const text = plan.emit(target);
                await inFreshNamespace('long', ns => {
                    addUnrelatedRules(ns);
                    const { before, after } = loadIptablesOutput(ns, family, host, text);
                    assert.strictEqual(after, before);
                });
            });
        }
    }
    for (const target of ['nftables', 'nftables-host']) {
        for (const { where, plan: planText } of attacks(target)) {
            it(`${target}: ${where} as long as the reader's buffer, then a command: only SegPlan's table changes`, async function () {
                const text = (await loadPlanText('long.segplan', planText)).emit(target);
                await inFreshNamespace('long', ns => {
                    addUnrelatedRules(ns);
                    const { before, after } = loadNftOutput(ns, text);
                    assert.strictEqual(after, before);
                });
            });
        }
    }
});
