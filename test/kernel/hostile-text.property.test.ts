import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { ciscoAsaImporter } from '../../language/audit/importers/cisco-asa.js';
import { fortigateImporter } from '../../language/audit/importers/fortigate.js';
import type { ConfigImporter } from '../../language/audit/importers/importer.js';
import { panosImporter } from '../../language/audit/importers/panos.js';
import { EMITTERS } from '../../language/emit/registry.js';
import { INPUT_LIMITS } from '../../language/workspace/input-limits.js';
import { loadPlanText, type LoadedPlan } from '../emit/plan-fixture.js';
import { TARGET_CHECKS } from '../emit/target-checks.js';
import { inNs } from './netns.js';
import { addUnrelatedRules, inFreshNamespace, loadIptablesOutput, loadNftOutput } from './outside-segplan.js';
import { assertTimeCappedAsync } from '../helpers/time-capped.js';

/** Whether `terraform` runs here (the machine image has it; a plain Debian does not). */
const HAS_TERRAFORM = (process.env.PATH ?? '').split(':').some(folder => folder !== '' && existsSync(`${folder}/terraform`));

/**
 * Random plans full of hostile text (fast-check, seed 34): plan names and descriptions of every
 * character class — quotes, `;`, `$()`, backticks, escaped newlines and tabs, control and
 * non-ASCII characters, iptables commands — and lengths up to the input limit for one line; long
 * zone and component names; components with long address lists and rules with long port lists.
 * For every target: every line within the target's maximum; the output read by the platform's
 * own reader where there is one here (iptables-restore --test, nft -c, terraform fmt, the audit's
 * importers for ASA, PAN-OS and FortiGate) and allowing exactly what the plan allows
 * (target-checks.ts); and loaded into a kernel as its header says, each Linux target changes
 * nothing outside SegPlan's own chains and tables.
 */

const PIECES = [
    '"', "'", '`id`', '$(reboot)', '${var}', '; drop table inet filter;', '\n', '\r\n', '\t', '\\', '\\"', '# ', '! ', '|', '=cmd()', '%s',
    '} {', 'Zürich', '☃', '\u202e', '\u0001', '\u007f', ' -I INPUT 1 -j ACCEPT', '\nadd rule inet segplan forward accept\n', '\nCOMMIT\n'
];

/** A text as the plan means it (written into the plan with escapes, see quoted). */
function hostileText(longest: number): fc.Arbitrary<string> {
    return fc.array(fc.oneof(
        { arbitrary: fc.constantFrom(...PIECES), weight: 6 },
        { arbitrary: fc.string({ unit: 'binary', maxLength: 12 }), weight: 3 },
        // Long words: around the iptables-restore buffer, and up to `longest`.
        { arbitrary: fc.constantFrom(1_000, 10_230, 10_239, 10_240).map(n => 'x'.repeat(n)), weight: 2 },
        { arbitrary: fc.integer({ min: 1, max: longest }).map(n => 'w'.repeat(n)), weight: 1 }
    ), { maxLength: 5 }).map(pieces => pieces.join(''));
}

/** A plan string holding `text`: backslashes and quotes escaped, newlines, returns and tabs as escapes. */
function quoted(text: string): string {
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t')}"`;
}

const planShape = fc.record({
    name: hostileText(20_000),
    // One text may be as long as the longest line SegPlan reads (less the rest of its line).
    description: hostileText(INPUT_LIMITS.lineChars - 2_000),
    purpose: hostileText(20_000),
    /** Extra characters on a zone's name: one the devices take, or up to 5,000 (their rules are then left out). */
    zoneName: fc.oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 5_000 })),
    /**
     * Long lists, one at a time (a long list of each makes a rule per address and port on AWS):
     * the source component's addresses (up to 600: lists longer than a line), or the rule's ports.
     */
    lists: fc.oneof(
        fc.record({ sources: fc.integer({ min: 1, max: 600 }), ports: fc.integer({ min: 1, max: 3 }) }),
        fc.record({ sources: fc.integer({ min: 1, max: 3 }), ports: fc.integer({ min: 1, max: 600 }) })
    ),
    v6: fc.boolean(),
    os: fc.constantFrom('linux', 'windows')
});

type PlanShape = typeof planShape extends fc.Arbitrary<infer T> ? T : never;

function zoneName(shape: PlanShape): string {
    return `z${'x'.repeat(shape.zoneName)}`;
}

function planText(shape: PlanShape): string {
    const zone = zoneName(shape);
    const addresses = Array.from({ length: shape.lists.sources }, (_, i) => `10.81.${i >> 8}.${i & 255}`);
    if (shape.v6) addresses.push(...Array.from({ length: Math.min(shape.lists.sources, 100) }, (_, i) => `fd81::${(i + 1).toString(16)}`));
    const ports = Array.from({ length: shape.lists.ports }, (_, i) => String(1000 + 3 * i));
    return [
        `plan ${quoted(shape.name)}`,
        `zone ${zone} 10.81.0.0/16, fd81::/64 ${quoted(shape.description)}`,
        'zone backup 10.82.0.0/16, fd82::/64',
        `admins : infra.VmGuest in ${zone} at ${addresses.join(', ')} os ${shape.os} ${quoted(shape.purpose)}`,
        `files : infra.VmGuest in backup at 10.82.0.20, fd82::20 os ${shape.os}`,
        `allow admins -> files tcp ${ports.join(', ')} ${quoted(shape.description)}`,
        `allow ${zone} -> files udp 514 ${quoted(shape.purpose)} until 2099-12-31`,
        ''
    ].join('\n');
}

/**
 * The audit's importers of the device targets, and a line that shows the output has a rule (an
 * importer refuses a configuration without any). The cloud importers read the clouds' own
 * exports, not Terraform.
 */
const READERS: [string, ConfigImporter, RegExp][] = [
    ['cisco-asa', ciscoAsaImporter, /^access-list \S+ extended permit /m],
    ['panos', panosImporter, /^set rulebase security rules /m],
    ['fortigate', fortigateImporter, /^config firewall policy\n {4}edit /m]
];

const BREAKOUT = /[`\u0080-\uffff]|\$\(|\$\{/;

/** The device targets whose zone names `zone` is too long for (its rules are left out there, with a warning). */
const ZONE_NAME_MAX: [string, number][] = [['Cisco ASA', 48], ['PAN-OS', 31], ['FortiGate', 35]];

async function checkPlan(plan: LoadedPlan, zone: string, ns: string): Promise<void> {
    const outputs = new Map<string, string>();
    for (const emitter of EMITTERS) {
        const text = plan.emit(emitter.id, true);
        outputs.set(emitter.id, text);
        const lines = text.split(/\r?\n/);
        const longest = lines.reduce((n, l) => Math.max(n, l.length), 0);
        assert.ok(longest <= emitter.maxLineLength, `${emitter.id}: a line of ${longest} characters, more than ${emitter.maxLineLength}`);
        assert.doesNotMatch(text, BREAKOUT, `${emitter.id}: a character that could end a string or comment`);
    }
    const options = { file: 'rules', interfaces: new Map(), hook: 'forward' as const, now: new Date() };
    for (const [target, importer, hasRule] of READERS) if (hasRule.test(outputs.get(target)!)) await importer.import(outputs.get(target)!, options);
    for (const [title, check] of Object.entries(TARGET_CHECKS)) {
        // The AWS check reads a group's addresses from its tag, which holds only 255 characters.
        if (title.startsWith('AWS') && plan.ruleSet.rules.some(r => r.destinations.some(d => [...d.v4, ...d.v6].join(' ').length > 250))) continue;
        if (ZONE_NAME_MAX.some(([device, max]) => title.startsWith(device) && zone.length > max)) continue;
        try { check(plan); } catch (error) { throw new Error(`${title}: ${(error as Error).message}`); }
    }
    // Terraform's own reader where the machine has it (it is no Debian package): `terraform fmt`
    // parses the file and fails on anything that is not HCL. The checks above read it either way.
    if (HAS_TERRAFORM) {
        for (const target of ['aws-terraform', 'azure-terraform']) execFileSync('terraform', ['fmt', '-no-color', '-'], { input: outputs.get(target), stdio: 'pipe', timeout: 60_000 });
    }
    for (const target of ['nftables', 'nftables-host']) inNs(ns, 'nft', ['-c', '-f', '-'], outputs.get(target));
    for (const [target, family, host] of [['iptables', 'v4', false], ['ip6tables', 'v6', false], ['iptables-host', 'v4', true], ['ip6tables-host', 'v6', true]] as const) {
        inNs(ns, family === 'v4' ? 'iptables-restore' : 'ip6tables-restore', ['--noflush', '--test'], outputs.get(target));
        const { before, after } = loadIptablesOutput(ns, family, host, outputs.get(target)!);
        assert.equal(after, before, `${target}: the load changed something outside SegPlan's chain`);
    }
    for (const target of ['nftables', 'nftables-host']) {
        const { before, after } = loadNftOutput(ns, outputs.get(target)!);
        assert.equal(after, before, `${target}: the load changed something outside SegPlan's table`);
    }
}

describe('kernel: hostile and long plan texts stay inert in every target (fast-check, seed 34)', function () {
    this.timeout(300_000);

    it('every line within its target\'s maximum, every output read by its platform\'s reader, nothing loaded outside SegPlan\'s chains', async () => {
        await assertTimeCappedAsync(fc.asyncProperty(planShape, async shape => {
            const text = planText(shape);
            const plan = await loadPlanText('hostile.segplan', text);
            // The texts reach the rule set as written (so the property tests something).
            assert.equal(plan.ruleSet.rules.length, 2, `the plan was not read whole:\n${text.slice(0, 2000)}`);
            assert.equal(plan.ruleSet.planName, shape.name);
            await inFreshNamespace('hostile', async ns => {
                addUnrelatedRules(ns);
                try { await checkPlan(plan, zoneName(shape), ns); } catch (error) {
                    throw new Error(`${(error as Error).message}\nfor the plan (first 2,000 characters):\n${text.slice(0, 2000)}`);
                }
            });
        }), { seed: 34, numRuns: 8, timeLimitMs: 120_000 });
    });
});
