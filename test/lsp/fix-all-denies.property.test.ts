import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { CodeActionKind, type CodeAction } from 'vscode-languageserver';
import type { SegplanServices } from '../../language/segplan-module.js';
import { planAllows, todayUtc } from '../emit/oracle.js';
import { deniedBy } from '../kernel/kernel-plans.js';
import { createTestServices } from '../helpers/services.js';
import { applyEdits, change, codeOf, editsFor, open } from './lsp-test-kit.js';

/**
 * The fix that allows every missing flow allows exactly what no deny forbids (fast-check, seed
 * 4410): after it, every part of every missing flow that no deny forbids is let through, nothing a
 * deny forbids is, and its title counts the flows a deny takes wholly or in part. Components of
 * one type in one zone are one group, so a deny on one of them splits the group's rule.
 */

const ZONES = [{ name: 'z0', net: 1 }, { name: 'z1', net: 2 }, { name: 'z2', net: 3 }];
const PORTS = ['22', '80', '443', '1000-1003', '2000-2001'];
const COMPONENTS = 6;

const component = fc.nat({ max: COMPONENTS - 1 });
const portList = fc.uniqueArray(fc.constantFrom(...PORTS), { minLength: 1, maxLength: 3 });
const plan = fc.record({
    zones: fc.array(fc.nat({ max: ZONES.length - 1 }), { minLength: COMPONENTS, maxLength: COMPONENTS }),
    requires: fc.array(fc.record({ from: component, to: component, protocol: fc.constantFrom('tcp', 'udp', 'tcp/udp'), ports: portList }), { minLength: 3, maxLength: 8 }),
    // Each deny aims at a requirement (its index, modulo their number): its components, their
    // zones or any; its protocol or another; some of its ports, others, or all.
    denies: fc.array(fc.record({
        basis: fc.nat(),
        from: fc.constantFrom('component', 'zone', 'any'),
        to: fc.constantFrom('component', 'zone'),
        protocol: fc.constantFrom('same', 'tcp', 'udp', 'any'),
        ports: fc.oneof(fc.constant(undefined), fc.constant('first' as const), portList)
    }), { minLength: 1, maxLength: 4 })
});

type Shape = typeof plan extends fc.Arbitrary<infer T> ? T : never;

function textOf(shape: Shape): string {
    const lines = ['plan "fix-all and denies"', ...ZONES.map(z => `zone ${z.name} 10.${z.net}.0.0/24`)];
    shape.zones.forEach((z, i) => lines.push(`c${i} : infra.VmGuest in ${ZONES[z].name} at 10.${ZONES[z].net}.0.${i + 10} os linux`));
    shape.requires.forEach((r, i) => { if (r.from !== r.to) lines.push(`require c${r.from} -> c${r.to} ${r.protocol} ${r.ports.join(', ')} "need ${i}"`); });
    shape.denies.forEach((d, i) => {
        const r = shape.requires[d.basis % shape.requires.length];
        const end = (c: number, how: string) => how === 'component' ? `c${c}` : how === 'zone' ? ZONES[shape.zones[c]].name : 'any';
        const ports = d.ports === 'first' ? [r.ports[0]] : d.ports;
        lines.push(`deny ${end(r.from, d.from)} -> ${end(r.to, d.to)} ${d.protocol === 'same' ? r.protocol : d.protocol}${ports ? ` ${ports.join(', ')}` : ''} "deny ${i}"`);
    });
    return lines.join('\n') + '\n';
}

function portsOf(ranges: readonly { from: number; to: number }[]): number[] {
    return ranges.flatMap(r => Array.from({ length: r.to - r.from + 1 }, (_, k) => r.from + k));
}

describe('fix-all allows exactly what no deny forbids (fast-check, seed 4410)', function () {
    this.timeout(600_000);
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('every missing flow\'s part outside the denies is allowed afterwards, nothing denied is, and the count is right', async () => {
        const today = todayUtc();
        let runs = 0, cut = 0;
        await fc.assert(fc.asyncProperty(plan, async shape => {
            const text = textOf(shape);
            const document = await open(services, text, `fix-all-${++runs}.segplan`);
            const analyzer = services.analysis.PlanAnalyzer;
            const analysis = analyzer.analysis(document);
            const denied = analysis.denies.denied;
            const isDenied = (s: bigint, d: bigint, protocol: 'tcp' | 'udp', port: number) => deniedBy(denied, 'ipv4', s, d, protocol, port);
            // Every (member pair, protocol, port) of each missing flow, and whether a deny forbids it.
            const missing = analysis.groupFlows.filter(r => r.status === 'missing');
            const points = missing.map(r => r.flow.source.members.flatMap(s => r.flow.destination.members.flatMap(d => r.flow.protocols.flatMap(protocol =>
                portsOf(r.flow.ports).map(port => {
                    const from = s.addresses.v4[0].from, to = d.addresses.v4[0].from;
                    return { from, to, protocol, port, denied: isDenied(from, to, protocol, port), what: `${s.name} -> ${d.name} ${protocol} ${port}` };
                })))));
            const whole = points.filter(p => p.length > 0 && p.every(x => x.denied)).length;
            const partial = points.filter(p => p.some(x => x.denied) && p.some(x => !x.denied)).length;
            cut += whole + partial;
            const [fixAll] = ((await services.lsp.CodeActionProvider!.getCodeActions(document, {
                textDocument: { uri: document.uri.toString() }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
                context: { diagnostics: [], only: [CodeActionKind.SourceFixAll] }
            })) ?? []) as CodeAction[];
            if (whole === missing.length) {
                assert.equal(fixAll, undefined, `a deny forbids every missing flow, yet: ${fixAll?.title}\n${text}`);
                return;
            }
            assert.ok(fixAll, text);
            assert.match(fixAll.title, new RegExp(`^Allow all ${missing.length} missing flows? \\(`), text);
            const counted = /; (\d+) left out(?: and (\d+) allowed in part)?:/.exec(fixAll.title) ?? /; ()(\d+) allowed in part:/.exec(fixAll.title);
            assert.deepEqual([Number(counted?.[1] || 0), Number(counted?.[2] || 0)], [whole, partial], `${fixAll.title}\n${text}`);
            const fixed = applyEdits(text, editsFor(fixAll.edit, document.uri.toString()));
            const after = await change(services, document, fixed);
            const afterPlan = analyzer.analysis(after).plan;
            assert.deepEqual((after.diagnostics ?? []).filter(d => codeOf(d) === 'guardrail-violated').map(d => d.message), [], fixed);
            for (const p of points.flat()) {
                assert.equal(planAllows(afterPlan, 'ipv4', p.from, p.to, p.protocol, p.port, today), !p.denied, `${p.what}: ${p.denied ? 'denied, yet allowed' : 'no deny forbids it, yet not allowed'}\n${fixed}`);
            }
        }), { seed: 4410, numRuns: 60 });
        // The property is about denies: most runs must have flows a deny takes.
        console.log(`      ${runs} plans, ${cut} missing flows met a deny`);
        assert.ok(cut >= 30, `only ${cut} flows met a deny in all runs`);
    });
});
