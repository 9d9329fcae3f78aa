import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { planShape, planText } from './generated-plans.js';
import { probesOf, readBack, READ_BACK_TARGETS, widerThan } from './output-allowed.js';
import { PlanSlot } from './plan-fixture.js';
import { assertTimeCappedAsync } from '../helpers/time-capped.js';

/**
 * `generate --force` with a mistake in a deny never lets through what the deny was meant to stop
 * (fast-check, seed 4545). A generated plan (generated-plans.ts) gets one or two denies aimed at
 * its own allow rules, each written with a mistake of one kind — a syntax error, an unknown name,
 * a port that is not a port, an address in no zone, a guardrail that is not in the catalogs or
 * that the plan's own catalog writes wrong — and each with what it was meant to say. Every
 * target's output of the plan with the mistakes, generated with --force, is read back
 * (output-allowed.ts) and must allow nothing that the output of the plan with the denies as meant
 * (generated with --force as well: its allow rules overlap the denies) does not.
 */

interface Aim {
    /** An allow rule of the plan the deny is aimed at: its source, destination, protocol and first port. */
    readonly from: string;
    readonly to: string;
    readonly protocol: string;
    readonly port: number;
    /** Another zone, and a number for names of its own. */
    readonly zone: string;
    readonly n: number;
}

interface DenyMistake {
    readonly lines: readonly string[];
    readonly meant: readonly string[];
}

const deny = (a: Aim, from: string, to: string, protocol: string, ports: string) => `deny ${from} -> ${to} ${protocol} ${ports}`.trimEnd();
const both = (broken: string, meant: string): DenyMistake => ({ lines: [broken], meant: [meant] });
const plain = (a: Aim) => deny(a, a.from, a.to, a.protocol, String(a.port));
/** A vendor block of the plan's own with one guardrail, switched on. */
const ownGuardrail = (a: Aim, denyLine: string): string[] => [
    `vendor acme${a.n} "Acme" {`,
    '    document d "Guide" url "https://example.com/guide"',
    '    guardrail NoAccess "No access"',
    `        ${denyLine}`,
    '        source d "1" quote "no access"',
    '}',
    `use guardrail acme${a.n}.NoAccess`
];

/** Every kind of mistake a deny can have, with the deny it was meant to be. */
const MISTAKES: Record<string, (a: Aim) => DenyMistake> = {
    'parsing-error: until on a deny': a => both(`${plain(a)} until 2027-01-01`, plain(a)),
    'parsing-error: `port N`': a => both(deny(a, a.from, a.to, a.protocol, `port ${a.port}`), plain(a)),
    'parsing-error: no protocol': a => both(deny(a, a.from, a.to, '', String(a.port)), plain(a)),
    'parsing-error: a trailing comma': a => both(`${plain(a)},`, `${plain(a)}, ${1 + (a.n % 900)}`),
    'parsing-error: a missing comma between names': a => both(deny(a, `${a.from} ${a.zone}`, a.to, a.protocol, String(a.port)), deny(a, `${a.from}, ${a.zone}`, a.to, a.protocol, String(a.port))),
    'parsing-error: an unclosed reason': a => both(`${plain(a)} "no access`, `${plain(a)} "no access"`),
    'lexing-error: a character no token has': a => both(deny(a, a.from, a.to, a.protocol, `${a.port}$`), plain(a)),
    'unknown-name: one name of the sources': a => both(deny(a, `${a.from}, nosuch${a.n}`, a.to, a.protocol, String(a.port)), deny(a, `${a.from}, ${a.zone}`, a.to, a.protocol, String(a.port))),
    'unknown-name: the destination': a => both(deny(a, a.from, `zq${a.n}`, a.protocol, String(a.port)), plain(a)),
    'unknown-name: a port that is a word': a => both(deny(a, a.from, a.to, a.protocol, 'ssh'), plain(a)),
    'invalid-port: port 0 in the list': a => both(deny(a, a.from, a.to, a.protocol, `${a.port}, 0`), deny(a, a.from, a.to, a.protocol, `${a.port}, ${1 + (a.n % 900)}`)),
    'invalid-port: a range that runs backwards': a => both(deny(a, a.from, a.to, a.protocol, `${Math.min(a.port + 5, 65535)}-${a.port}`), deny(a, a.from, a.to, a.protocol, `${a.port}-${Math.min(a.port + 5, 65535)}`)),
    'invalid-port: above 65535': a => both(deny(a, a.from, a.to, a.protocol, `${a.port}, 70000`), deny(a, a.from, a.to, a.protocol, `${a.port}, 7000`)),
    'invalid-address: a bare source that is not an address': a => both(deny(a, '10.70.0.300', a.to, a.protocol, String(a.port)), deny(a, '10.70.0.30', a.to, a.protocol, String(a.port))),
    'address-in-no-zone: a source': a => both(deny(a, `10.99.0.${a.n % 250}, ${a.from}`, a.to, a.protocol, String(a.port)), plain(a)),
    'unknown guardrail': a => both(`use guardrail veeam.NoSuch${a.n}`, 'use guardrail veeam.HardenedRepositorySsh'),
    'a `use guardrail` line without a name': () => both('use guardrail', 'use guardrail veeam.SureBackupLabIsolated'),
    'guardrail-port: the plan\'s own guardrail denies a port setting': a => ({
        lines: ownGuardrail(a, `deny any -> veeam.BackupServer, veeam.Proxy, veeam.HardenedRepository, infra.VmGuest, infra.PostgreSql ${a.protocol === 'tcp/udp' ? 'tcp' : a.protocol} veeam.CloudConnectPort`),
        meant: ownGuardrail(a, `deny any -> veeam.BackupServer, veeam.Proxy, veeam.HardenedRepository, infra.VmGuest, infra.PostgreSql ${a.protocol === 'tcp/udp' ? 'tcp' : a.protocol} ${a.port}`)
    }),
    'linking-error: the plan\'s own guardrail names a type that does not exist': a => ({
        lines: ownGuardrail(a, `deny any -> acme${a.n}.NoSuchType tcp ${a.port}`),
        meant: ownGuardrail(a, `deny any -> veeam.BackupServer, veeam.Proxy, veeam.HardenedRepository, infra.VmGuest, infra.PostgreSql tcp ${a.port}`)
    }),
    'parsing-error: in the plan\'s own guardrail': a => ({
        lines: ownGuardrail(a, `deny any -> veeam.BackupServer, infra.VmGuest tcp ${a.port} 9`),
        meant: ownGuardrail(a, `deny any -> veeam.BackupServer, infra.VmGuest tcp ${a.port}, 9`)
    })
};

/** The allow rules of a generated plan, as aims: `allow <from> -> <to> <protocol> <ports>`. */
function aimsOf(text: string): { from: string; to: string; protocol: string; port: number }[] {
    return [...text.matchAll(/^allow (\S+) -> (\S+) (tcp|udp|tcp\/udp) (\d+)/gm)].map(m => ({ from: m[1], to: m[2], protocol: m[3], port: Number(m[4]) }));
}

function withDenies(base: string, mistakes: readonly DenyMistake[], meant: boolean): string {
    return `${base.trimEnd()}\n${mistakes.flatMap(m => (meant ? m.meant : m.lines)).join('\n')}\n`;
}

const pick = fc.record({ kind: fc.constantFrom(...Object.keys(MISTAKES)), rule: fc.nat(), zone: fc.nat() });

describe('generate --force with a mistake in a deny is never wider than the plan with the deny as meant (fast-check, seed 4545)', function () {
    this.timeout(900000);
    const now = new Date();

    // One plan after another, with each mistake and without: the slot gives each a workspace of its own.
    const slot = new PlanSlot();
    for (const [title, make] of Object.entries(MISTAKES)) {
        it(`each mistake is an error, and the deny as meant is not: ${title}`, async () => {
            const base = planText({ zones: 2, components: [[0, { type: 0, shape: 0, at: 10, v6: true }], [1, { type: 1, shape: 0, at: 20, v6: false }]], rules: [] });
            const m = make({ from: 'c0', to: 'c1', protocol: 'tcp', port: 22, zone: 'z1', n: 1 });
            const errorsOf = async (text: string) => ((await slot.load('generated.segplan', text)).document.diagnostics ?? [])
                .filter(d => d.severity === 1 && !['missing-flow', 'guardrail-violated', 'required-flow-denied'].includes(String(d.code)))
                .map(d => `${d.code}: ${d.message}`);
            assert.notDeepEqual(await errorsOf(withDenies(base, [m], false)), [], 'the mistake raises no error');
            assert.deepEqual(await errorsOf(withDenies(base, [m], true)), [], 'the deny as meant has errors');
        });
    }

    it('on random plans with one or two denies with mistakes, for every target', async () => {
        // The plan with its mistakes and the one with the denies as meant, each in a slot of its own.
        const forcedSlot = new PlanSlot(), referenceSlot = new PlanSlot();
        await assertTimeCappedAsync(fc.asyncProperty(planShape, fc.array(pick, { minLength: 1, maxLength: 2 }), async (shape, picks) => {
            const base = planText(shape);
            const aims = aimsOf(base);
            fc.pre(aims.length > 0);
            const mistakes = picks.map((p, n) => MISTAKES[p.kind]({ ...aims[p.rule % aims.length], zone: `z${p.zone % shape.zones}`, n }));
            const forcedText = withDenies(base, mistakes, false);
            const forced = await forcedSlot.load('generated.segplan', forcedText);
            const reference = await referenceSlot.load('generated.segplan', withDenies(base, mistakes, true));
            const probes = probesOf([forced, reference]);
            for (const target of READ_BACK_TARGETS) {
                const extra = widerThan(await readBack(forced, target, probes, now, true), await readBack(reference, target, probes, now, true));
                assert.deepEqual(extra, [], `${target} with --force allows what a deny was meant to stop (${picks.map(p => p.kind).join('; ')}):\n${forcedText}`);
            }
        }), { seed: 4545, numRuns: 25, timeLimitMs: 600000 });
    });
});
