import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { connectionPieces, type Policies } from '../../language/audit/audit-plan.js';
import { boxOf } from '../../language/audit/traffic-space.js';
import { iptablesSaveImporter } from '../../language/audit/importers/iptables-save.js';
import { nftablesImporter } from '../../language/audit/importers/nftables.js';
import { formatIp, type AddressSet } from '../../language/network/addresses.js';
import { deployedIptables } from './iptables-deployed.js';
import { ipSet, planAllows, todayUtc, type Family } from './oracle.js';
import { PlanSlot, type LoadedPlan } from './plan-fixture.js';
import { TARGET_CHECKS } from './target-checks.js';
import { planShape, planText } from './generated-plans.js';
import { assertTimeCappedAsync } from '../helpers/time-capped.js';

/**
 * Never wider than the plan, for every target, on plans nobody wrote by hand (fast-check, seed
 * 91): random zones (IPv4 and IPv6), components that nest, overlap and share addresses, rules
 * between components and zones over TCP, UDP or both, expired and future `until` dates. ASA,
 * PAN-OS, FortiGate, AWS, Azure, CSV, Markdown and Windows output is read back with a parser for
 * its syntax and must allow exactly what the plan allows (target-checks.ts); the nftables and
 * iptables zone firewalls are read back by the audit's importers and judged at every component
 * and zone address on every port a rule names and its neighbours. (The host targets have their
 * own property in host-overlap.test.ts.)
 */

/** Every address worth judging: each component's first, middle and last, and each zone's. */
function probeAddresses(plan: LoadedPlan): { family: Family; value: bigint }[] {
    const out = new Map<string, { family: Family; value: bigint }>();
    const add = (set: AddressSet) => {
        for (const [family, key] of [['ipv4', 'v4'], ['ipv6', 'v6']] as const) {
            for (const r of set[key]) for (const value of [r.from, r.to, (r.from + r.to) / 2n]) out.set(`${family}${value}`, { family, value });
        }
    };
    for (const i of plan.analysis.plan.facts.instances.values()) add(i.addresses);
    for (const z of plan.analysis.plan.facts.zones.values()) if (!z.internet) add(z.networks);
    return [...out.values()];
}

/**
 * What a policy does to each probe port between two addresses: the audit's pieces of one box of
 * those ports, asked once, read port by port as `decideConnection` reads the pieces of one port:
 * dropped if any piece holding it is, unknown if any is, else accepted.
 */
function verdictsByPort(policy: Policies, protocol: 'tcp' | 'udp', source: AddressSet, destination: AddressSet, ports: readonly number[]): ('accept' | 'drop' | 'unknown')[] {
    const pieces = connectionPieces(policy, boxOf(protocol, source, destination, ports.map(port => ({ from: port, to: port })), [{ from: 40000, to: 40000 }]));
    return ports.map(port => {
        const holding = pieces.filter(piece => piece.box.destinationPorts.some(r => r.from <= port && port <= r.to));
        return holding.some(piece => piece.verdict === 'drop') ? 'drop' : holding.some(piece => piece.verdict === 'unknown') ? 'unknown' : 'accept';
    });
}

async function zoneFirewallsWider(plan: LoadedPlan): Promise<string[]> {
    const today = todayUtc(), now = new Date();
    const options = { file: 'rules', interfaces: new Map(), hook: 'forward' as const, now };
    const policies: [string, Policies][] = [
        ['nftables', [await nftablesImporter.import(plan.emit('nftables', true), options)]],
        ['iptables + ip6tables', [await iptablesSaveImporter.import(deployedIptables(plan.emit('iptables', true)), options),
            await iptablesSaveImporter.import(deployedIptables(plan.emit('ip6tables', true)), options)]]
    ];
    const portSet = new Set<number>([9]);
    for (const r of plan.analysis.plan.policy.rules) for (const p of r.ports) for (const n of [p.from - 1, p.from, p.to, p.to + 1]) if (n >= 1 && n <= 65535) portSet.add(n);
    const ports = [...portSet].sort((a, b) => a - b);
    const addresses = probeAddresses(plan).map(a => ({ ...a, set: ipSet(a.family, a.value), zone: zoneOf(plan, a.family, a.value) }));
    const wrong: string[] = [];
    for (const s of addresses) for (const d of addresses) {
        // Inside one zone no router sees the traffic.
        if (s.family !== d.family || s.zone === d.zone) continue;
        for (const protocol of ['tcp', 'udp'] as const) {
            const allowed = ports.map(port => planAllows(plan.analysis.plan, s.family, s.value, d.value, protocol, port, today));
            for (const [target, policy] of policies) {
                verdictsByPort(policy, protocol, s.set, d.set, ports).forEach((verdict, i) => {
                    if ((verdict === 'accept') !== allowed[i]) wrong.push(`${target}: ${formatIp(s.family, s.value)} -> ${formatIp(d.family, d.value)} ${protocol}/${ports[i]}: ${verdict}, the plan ${allowed[i] ? 'allows' : 'does not allow'} it`);
                });
            }
        }
    }
    return wrong;
}

function zoneOf(plan: LoadedPlan, family: Family, value: bigint): string | undefined {
    return [...plan.analysis.plan.facts.zones.values()].find(z => (family === 'ipv4' ? z.networks.v4 : z.networks.v6).some(r => r.from <= value && value <= r.to))?.name;
}

describe('every target allows exactly what generated plans allow (fast-check, seed 91)', function () {
    this.timeout(300000);

    it('object, cloud, table and Windows targets read back by their parsers; nftables and iptables judged by the audit', async () => {
        const slot = new PlanSlot();
        await assertTimeCappedAsync(fc.asyncProperty(planShape, async shape => {
            const text = planText(shape);
            const plan = await slot.load('generated.segplan', text);
            for (const [title, check] of Object.entries(TARGET_CHECKS)) {
                try { check(plan); } catch (error) { throw new Error(`${title}\n${text}\n${(error as Error).message}`); }
            }
            const wrong = await zoneFirewallsWider(plan);
            assert.deepEqual(wrong.slice(0, 10), [], `${wrong.length} disagreements for:\n${text}`);
        }), { seed: 91, numRuns: 100, timeLimitMs: 150000 });
    });
});
