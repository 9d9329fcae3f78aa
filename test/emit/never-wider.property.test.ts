import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { decideConnection } from '../../language/audit/audit-plan.js';
import { iptablesSaveImporter } from '../../language/audit/importers/iptables-save.js';
import { nftablesImporter } from '../../language/audit/importers/nftables.js';
import { formatIp, type AddressSet } from '../../language/model/addresses.js';
import { deployedIptables } from './iptables-deployed.js';
import { ipSet, planAllows, todayUtc, type Family } from './oracle.js';
import { loadPlanText, type LoadedPlan } from './plan-fixture.js';
import { TARGET_CHECKS } from './target-checks.js';

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

const TYPES = ['veeam.BackupServer os windows', 'veeam.Proxy os windows on vsphere', 'veeam.HardenedRepository', 'infra.VmGuest os linux', 'infra.VmGuest os windows', 'infra.PostgreSql os linux'];

const component = fc.record({
    type: fc.integer({ min: 0, max: TYPES.length - 1 }),
    // 0: one host; 1: a /28; 2: a range; 3: one host inside the previous component; 4: the previous component's address.
    shape: fc.integer({ min: 0, max: 4 }),
    at: fc.integer({ min: 1, max: 200 }),
    v6: fc.boolean()
});
const rule = fc.record({
    from: fc.nat(), to: fc.nat(), toZone: fc.boolean(),
    // 1: the destination written as a bare address (a component's own); 2: the source as a bare CIDR inside a zone.
    bare: fc.integer({ min: 0, max: 2 }),
    protocol: fc.constantFrom('tcp', 'udp', 'tcp/udp'),
    ports: fc.array(fc.oneof(fc.integer({ min: 1, max: 65535 }).map(String), fc.integer({ min: 1000, max: 9000 }).map(p => `${p}-${p + 50}`)), { minLength: 1, maxLength: 3 }),
    until: fc.constantFrom(undefined, '2020-01-01', '2099-12-31')
});
const planShape = fc.record({
    zones: fc.integer({ min: 2, max: 4 }),
    components: fc.array(fc.tuple(fc.nat(), component), { minLength: 2, maxLength: 7 }),
    rules: fc.array(rule, { minLength: 1, maxLength: 6 })
});

type PlanShape = typeof planShape extends fc.Arbitrary<infer T> ? T : never;

function planText(shape: PlanShape): string {
    const lines = ['plan "generated"'];
    for (let z = 0; z < shape.zones; z++) lines.push(`zone z${z} 10.7${z}.0.0/24, fd7${z}::/64`);
    const placed: { zone: number; v4: string; v6?: string }[] = [];
    shape.components.forEach(([zoneSeed, c], i) => {
        const zone = zoneSeed % shape.zones;
        const previous = placed.filter(p => p.zone === zone).at(-1);
        let v4: string, v6: string | undefined;
        if ((c.shape === 3 || c.shape === 4) && previous) {
            const first = previous.v4.split(/[-/]/)[0];
            v4 = c.shape === 4 ? previous.v4 : first;
            v6 = c.v6 ? previous.v6 : undefined;
        } else if (c.shape === 1) {
            const base = c.at & 0xf0;
            v4 = `10.7${zone}.0.${base}/28`;
            v6 = c.v6 ? `fd7${zone}::${base.toString(16)}/124` : undefined;
        } else if (c.shape === 2) {
            const from = Math.min(c.at, 240);
            v4 = `10.7${zone}.0.${from}-10.7${zone}.0.${from + 9}`;
            v6 = c.v6 ? `fd7${zone}::${from.toString(16)}` : undefined;
        } else {
            v4 = `10.7${zone}.0.${c.at}`;
            v6 = c.v6 ? `fd7${zone}::${c.at.toString(16)}` : undefined;
        }
        placed.push({ zone, v4, v6 });
        lines.push(`c${i} : ${TYPES[c.type].split(' ')[0]} in z${zone} at ${[v4, v6].filter(Boolean).join(', ')}${TYPES[c.type].slice(TYPES[c.type].indexOf(' ') >= 0 ? TYPES[c.type].indexOf(' ') : TYPES[c.type].length)}`);
    });
    for (const r of shape.rules) {
        const from = r.bare === 2 ? `10.7${r.from % shape.zones}.0.0/28` : `c${r.from % placed.length}`;
        const to = r.bare === 1 ? placed[r.to % placed.length].v4 : r.toZone ? `z${r.to % shape.zones}` : `c${r.to % placed.length}`;
        if (to === from) continue;
        lines.push(`allow ${from} -> ${to} ${r.protocol} ${r.ports.join(', ')}${r.until ? ` until ${r.until}` : ''}`);
    }
    return lines.join('\n') + '\n';
}

/** Every address worth judging: each component's first, middle and last, and each zone's. */
function probeAddresses(plan: LoadedPlan): { family: Family; value: bigint }[] {
    const out = new Map<string, { family: Family; value: bigint }>();
    const add = (set: AddressSet) => {
        for (const [family, key] of [['ipv4', 'v4'], ['ipv6', 'v6']] as const) {
            for (const r of set[key]) for (const value of [r.from, r.to, (r.from + r.to) / 2n]) out.set(`${family}${value}`, { family, value });
        }
    };
    for (const i of plan.analysis.plan.instances.values()) add(i.addresses);
    for (const z of plan.analysis.plan.zones.values()) if (!z.internet) add(z.networks);
    return [...out.values()];
}

async function zoneFirewallsWider(plan: LoadedPlan): Promise<string[]> {
    const today = todayUtc(), now = new Date();
    const options = { file: 'rules', interfaces: new Map(), hook: 'forward' as const, now };
    const policies: [string, Awaited<ReturnType<typeof nftablesImporter.import>>[]][] = [
        ['nftables', [await nftablesImporter.import(plan.emit('nftables', true), options)]],
        ['iptables + ip6tables', [await iptablesSaveImporter.import(deployedIptables(plan.emit('iptables', true)), options),
            await iptablesSaveImporter.import(deployedIptables(plan.emit('ip6tables', true)), options)]]
    ];
    const ports = new Set<number>([9]);
    for (const r of plan.analysis.plan.rules) for (const p of r.ports) for (const n of [p.from - 1, p.from, p.to, p.to + 1]) if (n >= 1 && n <= 65535) ports.add(n);
    const addresses = probeAddresses(plan);
    const zoneOf = (family: Family, value: bigint) => [...plan.analysis.plan.zones.values()].find(z => (family === 'ipv4' ? z.networks.v4 : z.networks.v6).some(r => r.from <= value && value <= r.to))?.name;
    const wrong: string[] = [];
    for (const [target, policy] of policies) {
        for (const s of addresses) for (const d of addresses) {
            // Inside one zone no router sees the traffic.
            if (s.family !== d.family || zoneOf(s.family, s.value) === zoneOf(d.family, d.value)) continue;
            const source = ipSet(s.family, s.value), destination = ipSet(d.family, d.value);
            for (const protocol of ['tcp', 'udp'] as const) for (const port of ports) {
                const verdict = decideConnection(policy, protocol, source, destination, port);
                const allowed = planAllows(plan.analysis.plan, s.family, s.value, d.value, protocol, port, today);
                if ((verdict === 'accept') !== allowed) wrong.push(`${target}: ${formatIp(s.family, s.value)} -> ${formatIp(d.family, d.value)} ${protocol}/${port}: ${verdict}, the plan ${allowed ? 'allows' : 'does not allow'} it`);
            }
        }
    }
    return wrong;
}

describe('every target allows exactly what generated plans allow (fast-check, seed 91)', function () {
    this.timeout(240000);

    it('object, cloud, table and Windows targets read back by their parsers; nftables and iptables judged by the audit', async () => {
        await fc.assert(fc.asyncProperty(planShape, async shape => {
            const text = planText(shape);
            const plan = await loadPlanText('generated.segplan', text);
            for (const [title, check] of Object.entries(TARGET_CHECKS)) {
                try { check(plan); } catch (error) { throw new Error(`${title}\n${text}\n${(error as Error).message}`); }
            }
            const wrong = await zoneFirewallsWider(plan);
            assert.deepEqual(wrong.slice(0, 10), [], `${wrong.length} disagreements for:\n${text}`);
        }), { seed: 91, numRuns: 100, interruptAfterTimeLimit: 150000 });
    });
});
