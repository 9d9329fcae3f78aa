import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import { EMITTERS } from '../../language/emit/registry.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { planShape, planText } from './generated-plans.js';
import { probesOf, readBack, READ_BACK_TARGETS, widerThan } from './output-allowed.js';
import { PlanSlot, type LoadedPlan } from './plan-fixture.js';
import { assertTimeCappedAsync } from '../helpers/time-capped.js';

/**
 * `generate --force` on random plans with every kind of error is never wider than the plan without
 * its mistakes (fast-check, seed 3434). A generated plan (generated-plans.ts) gets one to three
 * mistakes; each mistake is lines added to the plan and what the plan says without the mistake:
 * nothing (a broken rule, a name given twice), the same line made right (a component's unknown
 * type), or the same lines (a finding about what a plan that was read whole means: an uncovered
 * flow, internet exposure, overlapping zones). Every target's output of the plan with the mistakes,
 * generated with --force, is read back (output-allowed.ts) and must allow nothing that the output
 * of the plan without them — generated without --force, its remaining findings silenced with
 * `// segplan-ignore` — does not.
 */

interface Context { readonly zones: number; readonly components: number; readonly n: number; readonly a: number; readonly b: number }
interface Mistake {
    /** The code of the error the lines raise. */
    readonly code: string;
    /** Lines at the top of the plan (imports), and lines after it. */
    readonly head?: readonly string[];
    readonly lines: readonly string[];
    /** What the plan says without the mistake (the same lines when it is a finding about a plan read whole). */
    readonly clean: readonly string[];
}

const z = (c: Context, i: number) => `z${i % c.zones}`;
const comp = (c: Context, i: number) => `c${i % c.components}`;
/** An address in zone `i` that no generated component has (they use .1 to .249). */
const free = (c: Context, i: number) => `10.7${i % c.zones}.0.${250 + (c.n % 5)}`;
const removed = (code: string, ...lines: string[]): Mistake => ({ code, lines, clean: [] });
const finding = (code: string, ...lines: string[]): Mistake => ({ code, lines, clean: lines });

/** Every kind of error a plan can have that still lets `generate --force` run, by code. */
const MISTAKES: Record<string, (c: Context) => Mistake> = {
    'parsing-error: a port written as `port 22`': c => removed('parsing-error', `allow ${comp(c, c.a)} -> ${comp(c, c.b + 1)} tcp port 22, 6162`),
    'parsing-error: a date without leading zeros': c => removed('parsing-error', `allow ${comp(c, c.a)} -> ${z(c, c.b + 1)} tcp 6162 until 2026-1-31`),
    'parsing-error: a trailing comma': c => removed('parsing-error', `allow ${comp(c, c.a)} -> ${comp(c, c.b + 1)} udp 6162,`),
    'parsing-error: an unclosed description': c => removed('parsing-error', `allow ${comp(c, c.a)} -> ${comp(c, c.b + 1)} tcp 6162 "data mover`),
    'parsing-error: a word after the date': c => removed('parsing-error', `allow ${comp(c, c.a)} -> ${comp(c, c.b + 1)} tcp 6162 until 2099-01-31 because`),
    'parsing-error: no protocol': c => removed('parsing-error', `allow ${comp(c, c.a)} -> ${comp(c, c.b + 1)} 6162`),
    'lexing-error: a character no token has': c => removed('lexing-error', `allow ${comp(c, c.a)} -> ${comp(c, c.b + 1)} tcp 61$62`),
    'unknown-name: an endpoint that names nothing': c => removed('unknown-name', `allow ${comp(c, c.a)}, nosuch${c.n} -> ${comp(c, c.b + 1)} tcp 22`),
    'unknown-name: a zone that does not exist': c => removed('unknown-name', `allow ${comp(c, c.a)} -> zq${c.n} tcp 22`),
    'unknown-component-type': c => ({
        code: 'unknown-component-type',
        lines: [`e${c.n} : infra.NoSuchType in ${z(c, c.a)} at ${free(c, c.a)}`, `allow e${c.n} -> ${comp(c, c.b)} tcp 23`],
        clean: [`e${c.n} : infra.VmGuest in ${z(c, c.a)} at ${free(c, c.a)}`, `allow e${c.n} -> ${comp(c, c.b)} tcp 23`]
    }),
    'invalid-address: a bare address that is not one': c => removed('invalid-address', `allow ${comp(c, c.a)} -> 10.7${c.b % c.zones}.0.300 tcp 22`),
    'ambiguous-ipv4: a leading zero': c => removed('ambiguous-ipv4', `allow ${comp(c, c.a)} -> 10.07${c.b % c.zones}.0.5 tcp 22`),
    'invalid-port: above 65535': c => removed('invalid-port', `allow ${comp(c, c.a)} -> ${comp(c, c.b + 1)} tcp 70000, 22`),
    'invalid-port: a range that runs backwards': c => removed('invalid-port', `allow ${comp(c, c.a)} -> ${comp(c, c.b + 1)} udp 60-53`),
    'invalid-port: a port setting set to 0, named by a rule': c => removed('invalid-port', 'set veeam.CloudConnectPort = 0', `allow ${comp(c, c.a)} -> ${comp(c, c.b + 1)} tcp veeam.CloudConnectPort`),
    'invalid-port: a port setting set to 0 for a component': c => {
        const components = [`e${c.n} : acronis.ManagementServer in ${z(c, c.a)} at ${free(c, c.a)} os windows`, `f${c.n} : acronis.Agent in ${z(c, c.a)} at 10.7${c.a % c.zones}.0.${245 + (c.n % 4)} os windows`];
        return { code: 'invalid-port', lines: [`set acronis.ConsolePort = 0 for e${c.n}`, ...components], clean: components };
    },
    'invalid-date: February 30': c => removed('invalid-date', `allow ${comp(c, c.a)} -> ${comp(c, c.b + 1)} tcp 98 until 2026-02-30`),
    'invalid-date: year 0': c => removed('invalid-date', `allow ${comp(c, c.a)} -> ${z(c, c.b + 1)} tcp 99 until 0000-01-01`),
    'invalid-date: beyond 2099': c => removed('invalid-date', `allow ${comp(c, c.a)} -> ${comp(c, c.b + 1)} tcp 99 until 2999-12-31`),
    'address-in-no-zone: a destination': c => removed('address-in-no-zone', `allow ${comp(c, c.a)} -> 10.99.0.${c.n % 250} tcp 97`),
    'address-in-no-zone: a source': c => removed('address-in-no-zone', `allow fd99::${c.n} -> ${comp(c, c.b)} udp 97`),
    'duplicate-name: a second component of the same name': c => removed('duplicate-name', `${comp(c, c.a)} : infra.VmGuest in ${z(c, c.b)} at ${free(c, c.b)} os linux`),
    'duplicate-name: a second zone of the same name': c => removed('duplicate-name', `zone ${z(c, c.a)} 10.9${c.n % 10}.0.0/24`),
    'said-twice: two operating systems': c => ({
        code: 'said-twice',
        lines: [`e${c.n} : infra.VmGuest in ${z(c, c.a)} at ${free(c, c.a)} os linux os windows`, `allow ${comp(c, c.b)} -> e${c.n} tcp 22`],
        clean: [`e${c.n} : infra.VmGuest in ${z(c, c.a)} at ${free(c, c.a)} os linux`, `allow ${comp(c, c.b)} -> e${c.n} tcp 22`]
    }),
    'host-name-in-zone': c => removed('host-name-in-zone', `zone zh${c.n} backup.example.com`),
    'host-name-with-spaces: a component at `files . corp`, named by a rule': c => removed('host-name-with-spaces',
        `e${c.n} : infra.VmGuest in ${z(c, c.a)} at files . corp${c.n} os linux`, `allow ${comp(c, c.b)} -> e${c.n} tcp 26`),
    'unresolved-import': c => ({ code: 'unresolved-import', head: [`import "nosuch${c.n}.segplan"`], lines: [], clean: [] }),
    'self-import': () => ({ code: 'self-import', head: ['import "generated.segplan"'], lines: [], clean: [] }),
    'requirement-protocol': c => finding('requirement-protocol', `require ${comp(c, c.a)} -> ${comp(c, c.b + 1)} any 22 "admin access"`),
    'requirement-port': c => finding('requirement-port', `require ${comp(c, c.a)} -> ${comp(c, c.b + 1)} tcp veeam.CloudConnectPort "admin access"`),
    'address-outside-zone': c => finding('address-outside-zone', `e${c.n} : infra.VmGuest in ${z(c, c.a)} at 10.9${c.n % 10}.1.5 os linux`, `allow e${c.n} -> ${comp(c, c.b)} tcp 24`),
    'zone-is-internet': c => finding('zone-is-internet', `zone zi${c.n} 0.0.0.0/0`, `allow zi${c.n} -> ${comp(c, c.b)} tcp 443`),
    'private-address-on-internet': c => finding('private-address-on-internet', `zone zw${c.n} internet`, `e${c.n} : infra.VmGuest in zw${c.n} at 10.8${c.n % 10}.0.5 os linux`),
    'internet-exposure': c => finding('internet-exposure', `zone zw${c.n} internet`, `allow zw${c.n} -> ${comp(c, c.b)} tcp 6162`),
    'missing-flow: a backup server and a proxy without rules': c => finding('missing-flow',
        `e${c.n} : veeam.BackupServer in ${z(c, c.a)} at ${free(c, c.a)} os windows`, `f${c.n} : veeam.Proxy in ${z(c, c.a + 1)} at ${free(c, c.a + 1)} os windows on vsphere`),
    'zone-in-two-sites': c => finding('zone-in-two-sites', `site sa${c.n} zones ${z(c, c.a)}`, `site sb${c.n} zones ${z(c, c.a)}`),
    'site-paired-with-itself': c => finding('site-paired-with-itself', `site sa${c.n} zones ${z(c, c.a)}`, `pair sa${c.n} -> sa${c.n}`),
    'abstract-component-type': c => finding('abstract-component-type', `e${c.n} : veeam.ManagedServer in ${z(c, c.a)} at ${free(c, c.a)}`, `allow e${c.n} -> ${comp(c, c.b)} tcp 25`),
    'type-cycle': c => finding('type-cycle', `vendor acme${c.n} "Acme" {`, '    component T "T" is U', '    component U "U" is T', '}'),
    'invalid-document-url': c => finding('invalid-document-url', `vendor acmd${c.n} "Acme" {`, '    document d "Guide" url "not a web address"', '}')
};

/**
 * Error codes that no plan `generate --force` reads can raise: a broken segplan.json, the summary
 * of findings not shown (never alone), and what stops generate whatever --force says.
 */
const NOT_IN_A_FORCED_PLAN = new Set(['project-config-error', 'findings-not-shown', 'internal-error', 'plan-too-large', 'input-too-large', 'unreadable-file',
    // The same message as ambiguous-ipv4 for other spellings (`%eth0`, `::ffff:10.0.0.1`): one kind of mistake.
    'address-with-interface', 'ipv4-mapped-address', 'linking-error',
    // Mistakes in a catalog's guardrail (its ports, its quote): they can only take a deny away,
    // never add an allow rule, and the allow rules are what --force must never widen.
    'guardrail-port', 'guardrail-without-quote']);

/** The error codes the validation folder raises, read from its source (a new one must be added above). */
function validationErrorCodes(): Set<string> {
    const constants = new Map<string, string>();
    const sources: string[] = [];
    const walk = (dir: string) => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) { if (entry.name !== 'generated') walk(full); continue; }
            if (!entry.name.endsWith('.ts')) continue;
            const text = readFileSync(full, 'utf8');
            for (const m of text.matchAll(/export const ([A-Z_0-9]+)(?:: string)? = '([a-z0-9-]+)'/g)) constants.set(m[1], m[2]);
            if (full.includes(`${path.sep}validation${path.sep}`)) sources.push(text);
        }
    };
    walk(path.join(PROJECT_ROOT, 'language'));
    const codes = new Set<string>();
    for (const text of sources) {
        for (const m of text.matchAll(/accept\('error',[^;]*?code: ([A-Z_0-9]+|'[a-z0-9-]+')/g)) {
            const code = m[1].startsWith("'") ? m[1].slice(1, -1) : constants.get(m[1]);
            if (code) codes.add(code);
        }
        // Address problems have codes of their own, chosen by the problem.
        for (const m of text.matchAll(/'[a-z0-9-]+': ([A-Z_0-9]+),?\n/g)) if (constants.has(m[1])) codes.add(constants.get(m[1])!);
    }
    for (const code of ['invalid-address', 'parsing-error', 'lexing-error', 'unknown-name', 'unknown-component-type', 'address-in-no-zone', 'internet-exposure', 'missing-flow']) codes.add(code);
    return codes;
}

const mistakeCodes = new Set(Object.values(MISTAKES).map(m => m({ zones: 2, components: 2, n: 0, a: 0, b: 1 }).code));

/** A plan's text with the mistakes' lines, or with what the plan says without them. */
function withMistakes(base: string, mistakes: readonly Mistake[], clean: boolean): string {
    const [header, ...rest] = base.trimEnd().split('\n');
    const head = clean ? [] : mistakes.flatMap(m => m.head ?? []);
    return [header, ...head, ...rest, ...mistakes.flatMap(m => (clean ? m.clean : m.lines))].join('\n') + '\n';
}

/** The plan with every error that is left silenced by a `// segplan-ignore` at the end of its line. */
async function silenced(slot: PlanSlot, text: string): Promise<LoadedPlan> {
    const plan = await slot.load('generated.segplan', text);
    const byLine = new Map<number, Set<string>>();
    for (const d of plan.document.diagnostics ?? []) {
        if (d.severity !== 1) continue;
        const codes = byLine.get(d.range.start.line) ?? new Set<string>();
        codes.add(String(d.code ?? (d.data as { code?: string } | undefined)?.code));
        byLine.set(d.range.start.line, codes);
    }
    if (byLine.size === 0) return plan;
    const lines = text.split('\n').map((line, i) => (byLine.has(i) ? `${line} // segplan-ignore ${[...byLine.get(i)!].join(', ')}: the reference the forced output is compared with` : line));
    return slot.load('generated.segplan', lines.join('\n'));
}

const mistake = fc.record({ kind: fc.constantFrom(...Object.keys(MISTAKES)), a: fc.nat(), b: fc.nat() });

describe('generate --force is never wider than the plan without its mistakes (fast-check, seed 3434)', function () {
    this.timeout(600000);
    const now = new Date();

    it('the mistakes cover every error code the validation raises, and every target is read back', () => {
        const uncovered = [...validationErrorCodes()].filter(code => !mistakeCodes.has(code) && !NOT_IN_A_FORCED_PLAN.has(code));
        assert.deepEqual(uncovered, [], 'error codes without a mistake in this test');
        assert.deepEqual([...READ_BACK_TARGETS].sort(), EMITTERS.map(e => e.id).sort());
    });

    // One plan after another, each mistake's: the slot gives each a workspace of its own.
    const mistakesSlot = new PlanSlot();
    for (const [title, make] of Object.entries(MISTAKES)) {
        it(`each mistake raises its error: ${title}`, async () => {
            const base = planText({ zones: 2, components: [[0, { type: 0, shape: 0, at: 10, v6: true }], [1, { type: 1, shape: 0, at: 20, v6: false }]], rules: [] });
            const m = make({ zones: 2, components: 2, n: 1, a: 0, b: 0 });
            const plan = await mistakesSlot.load('generated.segplan', withMistakes(base, [m], false));
            const codes = (plan.document.diagnostics ?? []).filter(d => d.severity === 1).map(d => String(d.code ?? (d.data as { code?: string } | undefined)?.code));
            assert.ok(codes.includes(m.code), `${m.code} not raised; errors: ${codes.join(', ')}`);
            plan.emit('nftables', true);
        });
    }

    it('on random plans with one to three mistakes, for every target', async () => {
        // The plan with its mistakes and the one without, each in a slot of its own.
        const forcedSlot = new PlanSlot(), referenceSlot = new PlanSlot();
        await assertTimeCappedAsync(fc.asyncProperty(planShape, fc.array(mistake, { minLength: 1, maxLength: 3 }), async (shape, picks) => {
            const base = planText(shape);
            const context = (a: number, b: number, n: number): Context => ({ zones: shape.zones, components: shape.components.length, n, a, b });
            const mistakes = picks.map((p, n) => MISTAKES[p.kind](context(p.a, p.b, n)));
            const forcedText = withMistakes(base, mistakes, false);
            const forced = await forcedSlot.load('generated.segplan', forcedText);
            const reference = await silenced(referenceSlot, withMistakes(base, mistakes, true));
            const probes = probesOf([forced, reference]);
            for (const target of READ_BACK_TARGETS) {
                const extra = widerThan(await readBack(forced, target, probes, now, true), await readBack(reference, target, probes, now, false));
                assert.deepEqual(extra, [], `${target} with --force allows more than the plan without its mistakes (${picks.map(p => p.kind).join('; ')}):\n${forcedText}`);
            }
        }), { seed: 3434, numRuns: 20, timeLimitMs: 400000 });
    });
});
