import * as assert from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import { loadPlanText, type LoadedPlan } from '../emit/plan-fixture.js';
import { planAllows, todayUtc } from '../emit/oracle.js';
import { Topology } from './netns.js';
import { buildNetwork, runProbes } from './probe-scripts.js';
import { deniedBy, GUARDRAIL_PLAN, interestingPorts, mismatches, representatives, type PlannedProbe } from './kernel-plans.js';

/**
 * The plan's denies in a real kernel, for the nftables and iptables zone firewalls: the plan
 * (GUARDRAIL_PLAN) has allow rules that overlap its denies (generated with --force, as a plan with errors
 * can be), so only denies placed before the allows keep that traffic out. Every probe must be
 * what the plan says: through when an allow rule lets it and no deny forbids it, dropped otherwise.
 */

describe('kernel: the plan\'s denies win over overlapping allow rules', function () {
    this.timeout(180_000);
    const topology = new Topology('deny');
    let listeners: ChildProcess[] = [];
    let plan: LoadedPlan;
    let probes: (PlannedProbe & { denied: boolean })[];
    const today = todayUtc();

    before(async () => {
        plan = await loadPlanText('guardrails.segplan', GUARDRAIL_PLAN);
        const model = plan.analysis.plan;
        const denied = plan.analysis.denies.denied;
        const reps = representatives(model);
        const ports = { tcp: [...new Set([...interestingPorts(model, 'tcp'), 22, 443])], udp: [...new Set([...interestingPorts(model, 'udp'), 53])] };
        probes = [];
        for (const [sz, sources] of reps) for (const [dz, destinations] of reps) {
            if (sz === dz) continue;
            for (const from of sources) for (const to of destinations) {
                if (from.family !== to.family) continue;
                for (const protocol of ['tcp', 'udp'] as const) for (const port of ports[protocol]) {
                    const isDenied = deniedBy(denied, from.family, from.value, to.value, protocol, port);
                    const allowed = planAllows(model, from.family, from.value, to.value, protocol, port, today);
                    probes.push({ protocol, port, family: from.family, from, to, source: from.text, destination: to.text, expected: allowed && !isDenied, denied: isDenied && allowed });
                }
            }
        }
        listeners = await buildNetwork(topology, reps, probes);
    });

    after(() => {
        for (const child of listeners) child.kill('SIGKILL');
        topology.destroy();
    });

    it('the probes include traffic an allow rule opens and a deny forbids, and traffic that passes', () => {
        assert.ok(probes.filter(p => p.denied).length >= 4, 'too few probes that only a deny keeps out');
        assert.ok(probes.some(p => p.expected), 'no probe the plan lets through');
        assert.ok(probes.some(p => p.denied && p.protocol === 'udp') && probes.some(p => p.denied && p.family === 'ipv6'));
    });

    it('without rules every probe goes through (a drop below is the firewall\'s)', async () => {
        topology.clearRules();
        const results = await runProbes(probes, p => topology.zones.get(p.from.zone)!.namespace, () => true);
        assert.deepStrictEqual(probes.filter((_, i) => !results[i]).length, 0);
    });

    it('nftables: the drops of the denies come before every accept, and the kernel does what the plan says', async () => {
        const text = plan.emit('nftables', true);
        const statements = text.split('\n').map(l => l.trim()).filter(l => / (accept|drop) comment "/.test(l));
        const firstAccept = statements.findIndex(l => / accept comment "r\d/.test(l));
        const lastDrop = statements.map(l => / drop comment "d\d/.test(l)).lastIndexOf(true);
        assert.ok(lastDrop >= 0 && firstAccept > lastDrop, `denies are not all before the allows:\n${statements.join('\n')}`);
        topology.clearRules();
        topology.loadNftables(text);
        const results = await runProbes(probes, p => topology.zones.get(p.from.zone)!.namespace, p => p.expected);
        const wrong = mismatches(probes, results);
        assert.deepStrictEqual(wrong.slice(0, 30), [], `${wrong.length} of ${probes.length} probes disagree with the plan`);
    });

    it('iptables and ip6tables: the DROPs of the denies come before every ACCEPT, and the kernel does what the plan says', async () => {
        const v4 = plan.emit('iptables', true), v6 = plan.emit('ip6tables', true);
        for (const text of [v4, v6]) {
            const statements = text.split('\n').filter(l => l.startsWith('-A SEGPLAN-FORWARD -s') || l.startsWith('-A SEGPLAN-FORWARD -d') || l.startsWith('-A SEGPLAN-FORWARD -p'));
            const firstAccept = statements.findIndex(l => l.endsWith('-j ACCEPT'));
            const lastDrop = statements.map(l => l.endsWith('-j DROP')).lastIndexOf(true);
            assert.ok(lastDrop >= 0 && firstAccept > lastDrop, `denies are not all before the allows:\n${statements.join('\n')}`);
        }
        topology.clearRules();
        topology.loadIptables(v4, v6);
        const results = await runProbes(probes, p => topology.zones.get(p.from.zone)!.namespace, p => p.expected);
        const wrong = mismatches(probes, results);
        assert.deepStrictEqual(wrong.slice(0, 30), [], `${wrong.length} of ${probes.length} probes disagree with the plan`);
    });
});
