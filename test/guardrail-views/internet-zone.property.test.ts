import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { queryTraffic, resolveQueryEndpoint, type QueryEndpoint } from '../../language/analysis/traffic-query.js';
import { buildZoneMatrix } from '../../language/diagram/zone-matrix.js';
import { loadPlanText } from '../emit/plan-fixture.js';

/**
 * What an `internet` zone means, held against an oracle written from the words of the docs and
 * nothing of SegPlan's (fast-check, seed 4444): an address is in the internet zone exactly when it
 * is in no other zone of the plan. Random plans put zones of both families side by side (some
 * adjacent, some nested), write allow rules and denies between zones, components, the internet
 * and `any`, and ask the query about single addresses: inside each zone, just outside it, and
 * far outside the plan. The query must answer what the oracle says (denied where a deny takes the
 * traffic, else allowed where a rule opens it, else not allowed), and the matrix must put a rule
 * to the internet in the internet's column only.
 */

interface Zone { readonly name: string; readonly v4: [number, number]; readonly v6?: [bigint, bigint] }

const v4 = (text: string) => text.split('.').reduce((n, o) => n * 256 + Number(o), 0);
const v4Text = (n: number) => [24, 16, 8, 0].map(s => (n >>> s) & 255).join('.');
const V6_BASE = 0xfd44n << 112n;
const v6Text = (n: bigint) => {
    const groups: string[] = [];
    for (let s = 112n; s >= 0n; s -= 16n) groups.push(((n >> s) & 0xffffn).toString(16));
    return groups.join(':');
};

/** Zone i: a /24 (or a /26 inside the previous zone's /24: nested), IPv6 /64 for some. */
const zoneShape = fc.record({ third: fc.integer({ min: 0, max: 7 }), nested: fc.boolean(), v6: fc.boolean() });
const endpoint = fc.nat();
const statement = fc.record({ from: endpoint, to: endpoint, port: fc.constantFrom(22, 443, 8443), deny: fc.boolean() });

const planShape = fc.record({
    zones: fc.array(zoneShape, { minLength: 1, maxLength: 4 }),
    statements: fc.array(statement, { minLength: 1, maxLength: 6 }),
    component: fc.boolean()
});

describe('an internet zone against an independent oracle: query and matrix (fast-check, seed 4444)', function () {
    this.timeout(600_000);

    it('the query answers each single-address question as the oracle does, and the matrix keeps internet rules to the internet', async () => {
        let questions = 0, internalRefused = 0;
        await fc.assert(fc.asyncProperty(planShape, async shape => {
            const zones: Zone[] = [];
            const taken = new Set<number>();
            shape.zones.forEach((z, i) => {
                const previous = zones.at(-1);
                if (z.nested && previous && previous.v4[1] - previous.v4[0] === 255) {
                    zones.push({ name: `z${i}`, v4: [previous.v4[0] + 64, previous.v4[0] + 127] });
                    return;
                }
                let third = z.third;
                while (taken.has(third)) third = (third + 1) % 8;
                taken.add(third);
                const from = v4(`10.44.${third}.0`);
                const six = z.v6 ? V6_BASE + (BigInt(third) << 64n) : undefined;
                zones.push({ name: `z${i}`, v4: [from, from + 255], v6: six === undefined ? undefined : [six, six + (1n << 64n) - 1n] });
            });
            // A component in the first zone, at .10 (and ::10).
            const component = shape.component ? { name: 'c', zone: zones[0], v4: zones[0].v4[0] + 10, v6: zones[0].v6 ? zones[0].v6[0] + 0x10n : undefined } : undefined;
            const names = [...zones.map(z => z.name), 'net', 'any', ...(component ? ['c'] : [])];
            const lines = ['plan "internet oracle"'];
            for (const z of zones) {
                lines.push(`zone ${z.name} ${v4Text(z.v4[0])}/${32 - Math.log2(z.v4[1] - z.v4[0] + 1)}${z.v6 ? `, ${v6Text(z.v6[0])}/64` : ''}`);
            }
            lines.push('zone net internet');
            if (component) lines.push(`c : infra.VmGuest in ${component.zone.name} at ${v4Text(component.v4)}${component.v6 !== undefined ? `, ${v6Text(component.v6)}` : ''} os linux`);
            const statements = shape.statements.map(s => ({ ...s, from: names[s.from % names.length], to: names[s.to % names.length] }))
                .filter(s => s.from !== s.to);
            for (const s of statements) lines.push(`${s.deny ? 'deny' : 'allow'} ${s.from} -> ${s.to} tcp ${s.port} "p"`);
            const text = lines.join('\n') + '\n';

            // The oracle: the docs' words over plain numbers.
            const inZone = (z: Zone, family: 'ipv4' | 'ipv6', a: bigint) => family === 'ipv4'
                ? BigInt(z.v4[0]) <= a && a <= BigInt(z.v4[1])
                : !!z.v6 && z.v6[0] <= a && a <= z.v6[1];
            const inEndpoint = (name: string, family: 'ipv4' | 'ipv6', a: bigint): boolean => {
                if (name === 'any') return true;
                if (name === 'net') return !zones.some(z => inZone(z, family, a));
                if (name === 'c') return family === 'ipv4' ? a === BigInt(component!.v4) : a === component!.v6;
                return inZone(zones.find(z => z.name === name)!, family, a);
            };
            const oracle = (family: 'ipv4' | 'ipv6', from: bigint, to: bigint, port: number) => {
                const meets = (s: typeof statements[number]) => s.port === port && inEndpoint(s.from, family, from) && inEndpoint(s.to, family, to);
                return statements.some(s => s.deny && meets(s)) ? 'denied' : statements.some(s => !s.deny && meets(s)) ? 'allowed' : 'not-allowed';
            };

            // Addresses: inside each zone, just outside each end of it, the component, and far outside.
            const samples: { family: 'ipv4' | 'ipv6'; value: bigint; text: string }[] = [];
            const add = (family: 'ipv4' | 'ipv6', value: bigint) => {
                if (!samples.some(s => s.family === family && s.value === value)) samples.push({ family, value, text: family === 'ipv4' ? v4Text(Number(value)) : v6Text(value) });
            };
            for (const z of zones) {
                for (const a of [z.v4[0] + 5, z.v4[0] - 1, z.v4[1] + 1]) add('ipv4', BigInt(a));
                if (z.v6) for (const a of [z.v6[0] + 5n, z.v6[0] - 1n, z.v6[1] + 1n]) add('ipv6', a);
            }
            if (component) add('ipv4', BigInt(component.v4));
            add('ipv4', BigInt(v4('198.51.100.7')));
            add('ipv6', 0x20010db8n << 96n | 7n);

            const plan = await loadPlanText('internet-oracle.segplan', text);
            const catalog = plan.services.analysis.PlanAnalyzer.catalog();
            const end = (t: string) => resolveQueryEndpoint(plan.analysis.plan, t) as QueryEndpoint;
            for (const from of samples) for (const to of samples) {
                if (from.family !== to.family || from.value === to.value) continue;
                for (const port of [22, 443, 8443]) {
                    const expected = oracle(from.family, from.value, to.value, port);
                    const answer = queryTraffic(plan.analysis, catalog, { from: end(from.text), to: end(to.text), protocol: 'tcp', port, today: '2026-06-01' });
                    assert.equal(answer.verdict, expected, `${from.text} -> ${to.text} tcp ${port}\n${text}`);
                    questions++;
                    const internal = zones.some(z => inZone(z, to.family, to.value)) && zones.some(z => inZone(z, from.family, from.value));
                    if (internal && expected !== 'allowed' && statements.some(s => !s.deny && s.port === port && (s.to === 'net' || s.from === 'net'))) internalRefused++;
                }
            }

            // The matrix: an allow rule naming the internet lies in the internet's row or column, never between two zones of the plan.
            const matrix = buildZoneMatrix(plan.analysis, catalog);
            const internetLines = new Set(statements.map((s, i) => ({ s, line: zones.length + 3 + (component ? 1 : 0) + i }))
                .filter(({ s }) => !s.deny && (s.from === 'net' || s.to === 'net') && s.from !== 'any' && s.to !== 'any').map(({ line }) => line));
            for (const cell of matrix.cells) {
                if (cell.source === 'net' || cell.destination === 'net') continue;
                for (const a of cell.allows) assert.ok(!internetLines.has(a.where.line), `a rule naming the internet in ${cell.source} -> ${cell.destination}\n${text}`);
            }
        }), { seed: 4444, numRuns: 40 });
        // The questions reach what the bug was about: internal traffic that a rule to or from the internet must not open.
        assert.ok(questions > 5000 && internalRefused > 200, `${questions} questions, ${internalRefused} internal ones refused beside an internet rule`);
    });
});
