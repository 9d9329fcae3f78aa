import * as assert from 'node:assert';
import type { ChildProcess } from 'node:child_process';
import { deniedTraffic } from '../../language/analysis/denied-traffic.js';
import { AddressSet, parseAddress } from '../../language/network/addresses.js';
import { loadPlanText, type LoadedPlan } from '../emit/plan-fixture.js';
import { planAllows, todayUtc } from '../emit/oracle.js';
import { Topology } from './netns.js';
import { buildNetwork, runProbes } from './probe-scripts.js';
import { interestingPorts, mismatches, representatives, type PlannedProbe } from './kernel-plans.js';

/**
 * The plan's denies in a real kernel, for the nftables and iptables zone firewalls: the plan
 * below has allow rules that overlap its denies (generated with --force, as a plan with errors
 * can be), so only denies placed before the allows keep that traffic out. Every probe must be
 * what the plan says: through when an allow rule lets it and no deny forbids it, dropped otherwise.
 */

const PLAN = `plan "Guardrails in the kernel"
zone mgmt 10.62.1.0/24, fd62:1::/64
zone backup 10.62.2.0/24, fd62:2::/64
zone prod 10.62.3.0/24, fd62:3::/64
vbr : veeam.BackupServer in mgmt at 10.62.1.10, fd62:1::10 os windows
repo : veeam.HardenedRepository in backup at 10.62.2.30, fd62:2::30
allow vbr -> repo tcp 6162, 2500-2502
allow prod -> backup tcp 22, 443
allow vbr -> backup tcp 22
allow mgmt -> backup udp 514
deny prod -> repo tcp 22, 443 "hardened repository: nothing from production"
deny vbr -> repo tcp 22 "no SSH to the hardened repository once installed"
deny any -> repo udp "no UDP to the hardened repository"
`;

const single = (text: string) => AddressSet.of([(parseAddress(text) as { block: never }).block]);

describe('kernel: the plan\'s denies win over overlapping allow rules', function () {
    this.timeout(180_000);
    const topology = new Topology('deny');
    let listeners: ChildProcess[] = [];
    let plan: LoadedPlan;
    let probes: (PlannedProbe & { denied: boolean })[];
    const today = todayUtc();

    before(async () => {
        plan = await loadPlanText('guardrails.segplan', PLAN);
        const model = plan.analysis.plan;
        const denied = deniedTraffic(model, plan.services.analysis.PlanAnalyzer.catalog());
        const reps = representatives(model);
        const ports = { tcp: [...new Set([...interestingPorts(model, 'tcp'), 22, 443])], udp: [...new Set([...interestingPorts(model, 'udp'), 53])] };
        probes = [];
        for (const [sz, sources] of reps) for (const [dz, destinations] of reps) {
            if (sz === dz) continue;
            for (const from of sources) for (const to of destinations) {
                if (from.family !== to.family) continue;
                for (const protocol of ['tcp', 'udp'] as const) for (const port of ports[protocol]) {
                    const isDenied = denied.some(d => (d.protocol === protocol || d.protocol === 'any' || d.protocol === 'tcp/udp')
                        && d.sourceAddresses.contains(single(from.text)) && d.destinationAddresses.contains(single(to.text))
                        && (d.allPorts || d.ports.some(r => r.from <= port && port <= r.to)));
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
