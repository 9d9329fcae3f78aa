import * as assert from 'node:assert';
import type { Plan } from '../../language/plan/plan-model.js';
import { loadPlanFile, type LoadedPlan } from '../emit/plan-fixture.js';
import { planAllows, todayUtc } from '../emit/oracle.js';
import { Topology } from './netns.js';
import { buildNetwork } from './probe-scripts.js';
import { interestingPorts, kernelPlanFiles, representatives, type PlannedProbe, type Rep } from './kernel-plans.js';
import { assertEveryProbeThrough, assertKernelAgrees, betweenZones, fromZone, loadRules, networkForSuite, portPairs } from './probed-network.js';

/**
 * The emitted zone firewall loaded into a real kernel: one namespace per zone, a router namespace
 * that forwards between them and loads the rules, listeners on every probed port. Every probe's
 * outcome must be what the plan's allow rules say — allowed flows connect; other ports, other
 * sources and the reverse direction are dropped; an expired temporary rule lets nothing through.
 */

function planProbes(plan: Plan, reps: Map<string, Rep[]>, today: string): PlannedProbe[] {
    const ports = { tcp: interestingPorts(plan, 'tcp'), udp: interestingPorts(plan, 'udp') };
    return betweenZones(reps, portPairs(ports), (from, to, protocol, port) => ({ expected: planAllows(plan, from.family, from.value, to.value, protocol, port, today) }));
}

for (const file of kernelPlanFiles()) {
    describe(`kernel: zone firewall for ${file.split('/').pop()}`, function () {
        this.timeout(300000);
        const topology = new Topology(String(kernelPlanFiles().indexOf(file)));
        let plan: LoadedPlan;
        let probes: PlannedProbe[];
        const today = todayUtc();

        networkForSuite(topology, async () => {
            plan = await loadPlanFile(file);
            const reps = representatives(plan.analysis.plan);
            probes = planProbes(plan.analysis.plan, reps, today);
            return buildNetwork(topology, reps, probes);
        });

        it('probes cover allowed flows, other ports, other sources, the reverse direction and expired rules', function () {
            const allowed = probes.filter(p => p.expected);
            const key = (p: PlannedProbe) => `${p.source}|${p.destination}|${p.protocol}`;
            const allowedPairs = new Set(allowed.map(key));
            const allowedTo = new Set(allowed.map(p => `${p.destination}|${p.protocol}|${p.port}`));
            const allowedExact = new Set(allowed.map(p => `${key(p)}|${p.port}`));
            const dropped = probes.filter(p => !p.expected);
            assert.ok(allowed.length > 0, 'no probe the plan allows');
            assert.ok(dropped.some(p => allowedPairs.has(key(p))), 'no probe of another port');
            assert.ok(dropped.some(p => allowedTo.has(`${p.destination}|${p.protocol}|${p.port}`)), 'no probe from another source');
            assert.ok(dropped.some(p => allowedExact.has(`${p.destination}|${p.source}|${p.protocol}|${p.port}`)), 'no probe of the reverse direction');
            for (const rule of plan.analysis.plan.policy.rules) {
                const line = (rule.node.$cstNode?.range.start.line ?? 0) + 1;
                const matching = probes.filter(p => planAllows({ ...plan.analysis.plan, policy: { ...plan.analysis.plan.policy, rules: [{ ...rule, until: undefined }] } }, p.family, p.from.value, p.to.value, p.protocol, p.port, today));
                // Rules between zones the topology builds, with IP addresses on both sides, must be exercised.
                const probeable = (e: typeof rule.sources[number]) => !!e.zone && !e.zone.internet && (e.addresses.v4.length > 0 || e.addresses.v6.length > 0);
                if (rule.sources.every(probeable) && rule.destinations.every(probeable)) {
                    assert.ok(matching.length > 0, `no probe exercises the allow rule on line ${line}`);
                }
                // An expired rule must be probed where no other rule lets the traffic through.
                if (rule.until && rule.until < today) assert.ok(matching.some(p => !p.expected), `the expired rule on line ${line} is not probed`);
            }
        });

        it('without rules the router forwards every probe (so a drop below is the firewall\'s doing)', async function () {
            topology.clearRules();
            await assertEveryProbeThrough(probes, fromZone(topology));
        });

        it('nftables: allowed flows connect, everything else is dropped', async function () {
            const text = plan.emit('nftables', true);
            loadRules(topology, { nftables: text });
            await assertKernelAgrees(probes, fromZone(topology));
        });

        it('iptables and ip6tables: allowed flows connect, everything else is dropped', async function () {
            const v4 = plan.emit('iptables', true), v6 = plan.emit('ip6tables', true);
            loadRules(topology, { iptables: v4, ip6tables: v6 });
            await assertKernelAgrees(probes, fromZone(topology));
        });
    });
}
