import * as assert from 'node:assert';
import * as path from 'node:path';
import { decideConnection } from '../../language/audit/audit-plan.js';
import type { FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { iptablesSaveImporter } from '../../language/audit/importers/iptables-save.js';
import { nftablesImporter } from '../../language/audit/importers/nftables.js';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';
import { addresses } from '../helpers/audit-verdicts.js';
import { loadPlanFile, type LoadedPlan } from '../emit/plan-fixture.js';

/**
 * RELATED is a connection state of its own: ICMP errors about a connection and the connections a
 * helper expects (FTP data …). A connection's own replies (the SYN-ACK, the UDP answer) are
 * ESTABLISHED. A rule set that accepts RELATED but not ESTABLISHED lets no connection work
 * (confirmed in a kernel: test/kernel/differential.property.test.ts), so verify must call it
 * different and the audit must call the flows blocked.
 */

const NOW = new Date('2026-06-01T12:00:00Z');
const options = { file: 'fw', interfaces: new Map(), hook: 'forward' as const, now: NOW };

describe('RELATED is not ESTABLISHED', function () {
    this.timeout(300_000);
    let plan: LoadedPlan;
    before(async () => { plan = await loadPlanFile(path.join(process.cwd(), 'test', 'kernel', 'kernel-dual-stack.segplan')); });

    const iptablesVariants: [string, string][] = [
        ['-m conntrack --ctstate RELATED', '-m conntrack --ctstate RELATED'],
        ['-m state --state RELATED', '-m state --state RELATED']
    ];
    for (const [name, match] of iptablesVariants) {
        it(`iptables: ${name} instead of ESTABLISHED,RELATED: the replies are dropped`, async () => {
            const text = ['*filter', ':FORWARD DROP [0:0]', `-A FORWARD ${match} -j ACCEPT`,
                '-A FORWARD -s 10.0.1.0/24 -d 10.0.2.0/24 -p tcp -m tcp --dport 22 -j ACCEPT', 'COMMIT', ''].join('\n');
            const policy = iptablesSaveImporter.import(text, { ...options, formatGiven: true }) as FirewallPolicy;
            assert.strictEqual(decideConnection([policy], 'tcp', addresses('10.0.1.5'), addresses('10.0.2.5'), 22), 'drop');
            const mutated = plan.emit('iptables').replace('-m conntrack --ctstate ESTABLISHED,RELATED', match);
            assert.notStrictEqual(mutated, plan.emit('iptables'));
            assert.strictEqual(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'iptables', mutated, { now: NOW })), 'different');
        });
    }

    it('nftables: ct state related accept: the replies are dropped, verify says different', async () => {
        const text = JSON.stringify({ nftables: [
            { table: { family: 'inet', name: 'f' } },
            { chain: { family: 'inet', table: 'f', name: 'fwd', type: 'filter', hook: 'forward', prio: 0, policy: 'drop' } },
            { rule: { family: 'inet', table: 'f', chain: 'fwd', handle: 2, expr: [{ match: { op: 'in', left: { ct: { key: 'state' } }, right: 'related' } }, { accept: null }] } },
            { rule: { family: 'inet', table: 'f', chain: 'fwd', handle: 3, expr: [{ match: { op: '==', left: { payload: { protocol: 'tcp', field: 'dport' } }, right: 22 } }, { accept: null }] } }
        ] });
        const policy = nftablesImporter.import(text, options) as FirewallPolicy;
        assert.strictEqual(decideConnection([policy], 'tcp', addresses('10.0.1.5'), addresses('10.0.2.5'), 22), 'drop');
        const original = plan.emit('nftables');
        const mutated = original.replace('ct state established,related accept', 'ct state related accept');
        assert.notStrictEqual(mutated, original);
        assert.strictEqual(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'nftables', mutated, { now: NOW })), 'different');
        // And ESTABLISHED alone is what the replies need: still equal.
        const established = original.replace('ct state established,related accept', 'ct state established accept');
        assert.strictEqual(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'nftables', established, { now: NOW })), 'equal');
    });
});
