import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { evaluate, type FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { iptablesSaveImporter } from '../../language/audit/importers/iptables-save.js';
import { deployedIptables } from './iptables-deployed.js';
import { nftablesImporter } from '../../language/audit/importers/nftables.js';
import { boxOf } from '../../language/audit/traffic-space.js';
import type { PlanAnalysis } from '../../language/analysis/analyze-plan.js';
import { formatIp } from '../../language/network/addresses.js';
import { ipSet, planAllows, todayUtc, type Family, type Transport } from './oracle.js';
import { loadPlanText } from './plan-fixture.js';
import { assertTimeCappedAsync } from '../helpers/time-capped.js';

/**
 * Host firewalls are never wider than the plan when components contain each other ("all Linux
 * VMs" at a /22 plus "this database VM" inside it, a range inside a CIDR, two components sharing
 * an address). The host rule sets are read back by the audit's importers (independent parsers of
 * iptables-save and nft syntax; nft itself reads the nftables text) and every connection into
 * every host address is judged: what the host rules accept must be allowed by an allow rule of
 * the plan or be a required flow inside one zone (which only host firewalls carry).
 */

const now = new Date();
const today = todayUtc();

/** Same-zone required flows: no network rule carries them, the host rules must. */
function sameZoneAllows(analysis: PlanAnalysis, family: Family, source: bigint, destination: bigint, protocol: Transport, port: number): boolean {
    const s = ipSet(family, source), d = ipSet(family, destination);
    return analysis.flows.some(r => r.status === 'same-zone' && r.flow.protocols.includes(protocol) && r.flow.ports.some(p => p.from <= port && port <= p.to)
        && r.flow.source.addresses.contains(s) && r.flow.destination.addresses.contains(d));
}

async function hostPolicies(text: string): Promise<{ analysis: PlanAnalysis; policies: [string, FirewallPolicy][] }> {
    const plan = await loadPlanText('overlap.segplan', text);
    const options = { file: 'rules', interfaces: new Map(), hook: 'input' as const, now };
    return {
        analysis: plan.analysis,
        policies: [
            ['iptables-host', await iptablesSaveImporter.import(deployedIptables(plan.emit('iptables-host', true)), options)],
            ['ip6tables-host', await iptablesSaveImporter.import(deployedIptables(plan.emit('ip6tables-host', true)), options)],
            ['nftables-host', await nftablesImporter.import(plan.emit('nftables-host', true), options)]
        ]
    };
}

/** Every address worth probing: each component's first, last and middle address, per family. */
function probeAddresses(analysis: PlanAnalysis): { family: Family; value: bigint }[] {
    const out: { family: Family; value: bigint }[] = [];
    for (const i of analysis.plan.facts.instances.values()) {
        for (const [family, key] of [['ipv4', 'v4'], ['ipv6', 'v6']] as const) {
            for (const r of i.addresses[key]) for (const v of [r.from, r.to, (r.from + r.to) / 2n]) out.push({ family, value: v });
        }
    }
    return out;
}

function wider(analysis: PlanAnalysis, policies: [string, FirewallPolicy][], ports: number[]): string[] {
    const addresses = probeAddresses(analysis);
    const wrong: string[] = [];
    for (const [target, policy] of policies) {
        for (const s of addresses) for (const d of addresses) {
            if (s.family !== d.family || !policy.families.has(s.family)) continue;
            for (const protocol of ['tcp', 'udp'] as const) for (const port of ports) {
                const box = boxOf(protocol, ipSet(s.family, s.value), ipSet(d.family, d.value), [{ from: port, to: port }]);
                const pieces = evaluate(policy, box, 'new');
                if (pieces.some(p => p.verdict === 'unknown')) wrong.push(`${target}: ${formatIp(s.family, s.value)} -> ${formatIp(d.family, d.value)} ${protocol}/${port} cannot be judged: ${pieces.find(p => p.verdict === 'unknown')!.why}`);
                const accepted = pieces.some(p => p.verdict === 'accept');
                if (accepted && !planAllows(analysis.plan, s.family, s.value, d.value, protocol, port, today) && !sameZoneAllows(analysis, s.family, s.value, d.value, protocol, port)) {
                    wrong.push(`${target}: ${formatIp(s.family, s.value)} -> ${formatIp(d.family, d.value)} ${protocol}/${port}`);
                }
            }
        }
    }
    return wrong;
}

const CASES: Record<string, string> = {
    'a component inside another one\'s CIDR': `plan "nested"
zone mgmt 10.10.0.0/24, fd10::/64
zone prod 10.20.0.0/16, fd20::/48
vbr : veeam.BackupServer in mgmt at 10.10.0.10, fd10::10 os windows
guests : infra.VmGuest in prod at 10.20.8.0/22, fd20:0:8::/64 os linux
db : infra.PostgreSql in prod at 10.20.8.50, fd20:0:8::50 os linux
allow vbr -> db tcp 5432
`,
    'a component inside another one\'s range': `plan "range"
zone mgmt 10.10.0.0/24
zone prod 10.20.0.0/16
vbr : veeam.BackupServer in mgmt at 10.10.0.10 os windows
pool : infra.VmGuest in prod at 10.20.8.10-10.20.8.40 os linux
db : infra.PostgreSql in prod at 10.20.8.20 os linux
allow vbr -> db tcp 5432
allow vbr -> pool tcp 6160
`,
    'two components sharing an address': `plan "shared"
zone mgmt 10.10.0.0/24
zone prod 10.20.0.0/16
vbr : veeam.BackupServer in mgmt at 10.10.0.10 os windows
web : infra.VmGuest in prod at 10.20.8.5 os linux
db : infra.PostgreSql in prod at 10.20.8.5, 10.20.8.6 os linux
allow vbr -> db tcp 5432
`
};

describe('host firewalls with overlapping components are never wider than the plan', function () {
    this.timeout(300000);
    for (const [name, text] of Object.entries(CASES)) {
        it(name, async () => {
            const { analysis, policies } = await hostPolicies(text);
            assert.deepEqual(wider(analysis, policies, [22, 5432, 6160, 6162, 443]), []);
        });
    }

    it('for generated plans of nested components and rules (fast-check, seed 7)', async () => {
        const component = fc.record({ offset: fc.integer({ min: 0, max: 60 }), size: fc.integer({ min: 1, max: 64 }) });
        const plans = fc.record({
            components: fc.array(component, { minLength: 2, maxLength: 5 }),
            rules: fc.array(fc.record({ to: fc.nat(), port: fc.constantFrom(22, 443, 5432, 6160) }), { minLength: 1, maxLength: 4 })
        });
        await assertTimeCappedAsync(fc.asyncProperty(plans, async ({ components, rules }) => {
            const lines = ['plan "generated"', 'zone mgmt 10.10.0.0/24', 'zone prod 10.20.0.0/16', 'vbr : veeam.BackupServer in mgmt at 10.10.0.10 os windows'];
            components.forEach((c, i) => lines.push(`c${i} : infra.VmGuest in prod at 10.20.8.${c.offset}${c.size > 1 ? `-10.20.8.${c.offset + c.size - 1}` : ''} os linux`));
            rules.forEach(r => lines.push(`allow vbr -> c${r.to % components.length} tcp ${r.port}`));
            const { analysis, policies } = await hostPolicies(lines.join('\n') + '\n');
            const wrong = wider(analysis, policies.filter(([t]) => t !== 'nftables-host' || process.getuid?.() === 0), [22, 443, 5432, 6160]);
            assert.deepEqual(wrong, [], lines.join('\n'));
        }), { seed: 7, numRuns: 25, timeLimitMs: 60000 });
    });
});
