import * as assert from 'node:assert';
import { loadPlanText, type LoadedPlan } from '../emit/plan-fixture.js';
import { todayUtc } from '../emit/oracle.js';
import { Topology } from './netns.js';
import { buildNetwork } from './probe-scripts.js';
import { GUARDRAIL_PLAN, interestingPorts, representatives, type PlannedProbe } from './kernel-plans.js';
import { assertEveryProbeThrough, assertKernelAgrees, betweenZones, fromZone, loadRules, networkForSuite, planSays, portPairs } from './probed-network.js';

/**
 * The plan's denies in a real kernel, for the nftables and iptables zone firewalls: the plan
 * (GUARDRAIL_PLAN) has allow rules that overlap its denies (generated with --force, as a plan with errors
 * can be), so only denies placed before the allows keep that traffic out. Every probe must be
 * what the plan says: through when an allow rule lets it and no deny forbids it, dropped otherwise.
 */

describe('kernel: the plan\'s denies win over overlapping allow rules', function () {
    this.timeout(180_000);
    const topology = new Topology('deny');
    let plan: LoadedPlan;
    let probes: (PlannedProbe & { denied: boolean })[];
    const today = todayUtc();

    networkForSuite(topology, async () => {
        plan = await loadPlanText('guardrails.segplan', GUARDRAIL_PLAN);
        const model = plan.analysis.plan;
        const reps = representatives(model);
        const ports = { tcp: [...new Set([...interestingPorts(model, 'tcp'), 22, 443])], udp: [...new Set([...interestingPorts(model, 'udp'), 53])] };
        probes = betweenZones(reps, portPairs(ports), (from, to, protocol, port) => {
            const { byRule, denied } = planSays(plan, from, to, protocol, port, today);
            return { expected: byRule && !denied, denied: denied && byRule };
        });
        return buildNetwork(topology, reps, probes);
    });

    it('the probes include traffic an allow rule opens and a deny forbids, and traffic that passes', () => {
        assert.ok(probes.filter(p => p.denied).length >= 4, 'too few probes that only a deny keeps out');
        assert.ok(probes.some(p => p.expected), 'no probe the plan lets through');
        assert.ok(probes.some(p => p.denied && p.protocol === 'udp') && probes.some(p => p.denied && p.family === 'ipv6'));
    });

    it('without rules every probe goes through (a drop below is the firewall\'s)', async () => {
        topology.clearRules();
        await assertEveryProbeThrough(probes, fromZone(topology));
    });

    it('nftables: the drops of the denies come before every accept, and the kernel does what the plan says', async () => {
        const text = plan.emit('nftables', true);
        const statements = text.split('\n').map(l => l.trim()).filter(l => / (accept|drop) comment "/.test(l));
        const firstAccept = statements.findIndex(l => / accept comment "r-/.test(l));
        const lastDrop = statements.map(l => / drop comment "d-/.test(l)).lastIndexOf(true);
        assert.ok(lastDrop >= 0 && firstAccept > lastDrop, `denies are not all before the allows:\n${statements.join('\n')}`);
        loadRules(topology, { nftables: text });
        await assertKernelAgrees(probes, fromZone(topology));
    });

    it('iptables and ip6tables: the DROPs of the denies come before every ACCEPT, and the kernel does what the plan says', async () => {
        const v4 = plan.emit('iptables', true), v6 = plan.emit('ip6tables', true);
        for (const text of [v4, v6]) {
            const statements = text.split('\n').filter(l => l.startsWith('-A SEGPLAN-FORWARD -s') || l.startsWith('-A SEGPLAN-FORWARD -d') || l.startsWith('-A SEGPLAN-FORWARD -p'));
            const firstAccept = statements.findIndex(l => l.endsWith('-j ACCEPT'));
            const lastDrop = statements.map(l => l.endsWith('-j DROP')).lastIndexOf(true);
            assert.ok(lastDrop >= 0 && firstAccept > lastDrop, `denies are not all before the allows:\n${statements.join('\n')}`);
        }
        loadRules(topology, { iptables: v4, ip6tables: v6 });
        await assertKernelAgrees(probes, fromZone(topology));
    });
});
