import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { checkOutput } from '../helpers/check-output.js';
import { assertTimeCapped } from '../helpers/time-capped.js';

/**
 * For generated plans, `segplan check` says what it found and its exit code agrees: every line of
 * text output is one finding or the summary, the summary counts what was printed, the exit code is 1
 * exactly when an error was printed, and a plan into which a known error was written is never clean.
 */

const CLI = path.join(PROJECT_ROOT, 'bin', 'segplan.cjs');
const FINDING = /^(\S+):(\d+):(\d+) (error|warning|info) ([a-z0-9-]+) ([^\n]*)$/;
const SUMMARY = /^(\d+) file\(s\): (\d+) error\(s\), (\d+) warning\(s\), (\d+) info$/;
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/;

// Text in plan strings: letters, spaces and everything that must never reach a terminal raw.
const textChar = fc.constantFrom('a', 'Z', ' ', ':', '\n', '\r', '\t', '\u001b', '[', '\u0007', '\u0085', '\u2028', '\u202e', 'é', '🔥');
const planText = fc.string({ unit: textChar, maxLength: 12 });

/** A port as written, and whether it is a known error. */
const port = fc.oneof(
    { weight: 6, arbitrary: fc.integer({ min: 1, max: 65535 }).map(p => ({ text: String(p), error: false })) },
    { weight: 1, arbitrary: fc.constantFrom('0', '65536', '70000', '65535+').map(text => ({ text, error: true })) }
);

/** A zone's network: valid, or one of the forms that must be an error. */
const network = (i: number) => fc.oneof(
    { weight: 6, arbitrary: fc.constant({ text: `10.${i}.0.0/24`, error: false }) },
    { weight: 1, arbitrary: fc.constantFrom(`10.${i}.300.0/24`, `010.${i}.0.0/24`, `::ffff:10.${i}.0.0/120`, `fe80::${i + 1}%eth0`, `10.${i}.0.5/24`).map(text => ({ text, error: true })) }
);

const TYPES = ['infra.DnsServer', 'infra.VmGuest', 'veeam.BackupServer', 'veeam.Proxy', 'vmware.VCenter', 'hostile.Client', 'hostile.Server'];

const plan = fc.record({
    name: planText,
    zones: fc.integer({ min: 1, max: 3 }).chain(n => fc.tuple(...Array.from({ length: n }, (_, i) => fc.tuple(network(i), planText)))),
    instances: fc.array(fc.tuple(fc.constantFrom(...TYPES), fc.nat(2), fc.nat(200)), { minLength: 1, maxLength: 5 }),
    rules: fc.array(fc.record({ from: fc.nat(4), to: fc.nat(4), protocol: fc.constantFrom('tcp', 'udp'), ports: fc.array(port, { minLength: 1, maxLength: 3 }), description: planText }), { maxLength: 4 }),
    portSetting: fc.option(port, { nil: undefined }),
    missingImport: fc.option(planText, { nil: undefined }),
    vendorText: planText
}).map(p => {
    const lines = [`plan "${p.name}"`];
    // Lines (1-based) where the plan holds an error it must report there.
    const errorLines: number[] = [];
    if (p.missingImport !== undefined) {
        lines.push(`import "${p.missingImport}.segplan"`); // echoed in the message: hostile text reaches the output
        errorLines.push(lines.length);
    }
    p.zones.forEach(([net, description], i) => {
        lines.push(`zone z${i} ${net.text} "${description}"`);
        if (net.error) errorLines.push(lines.length);
    });
    const names = p.instances.map((_, i) => `c${i}`);
    p.instances.forEach(([type, zone, host], i) => {
        const z = Math.min(zone, p.zones.length - 1);
        lines.push(`${names[i]} : ${type} in z${z} at 10.${z}.0.${host + 1}`);
    });
    for (const rule of p.rules) {
        const from = names[rule.from % names.length], to = names[rule.to % names.length];
        lines.push(`allow ${from} -> ${to} ${rule.protocol} ${rule.ports.map(x => x.text).join(', ')} "${rule.description}"`);
        if (rule.ports.some(x => x.error)) errorLines.push(lines.length);
    }
    if (p.portSetting && p.portSetting.text !== '65535+') {
        lines.push(`set veeam.CloudConnectPort = ${p.portSetting.text}`);
        if (p.portSetting.error) errorLines.push(lines.length);
    }
    // A vendor of the user's whose names and purposes are hostile text: they reach missing-flow messages.
    lines.push(`vendor hostile "${p.vendorText}" {`, `    component Client "C ${p.vendorText}"`, '    component Server "S"',
        `    flow Client -> Server tcp 4000 "${p.vendorText}" source "001.txt" "s"`, '}');
    // Lines as an editor counts them: a '\r' in a string also ends a line (LSP).
    const lspLine = (index: number) => (lines.slice(0, index - 1).map(l => `${l}\n`).join('').match(/\r\n|\r|\n/g)?.length ?? 0) + 1;
    return { text: lines.join('\n') + '\n', errorLines: errorLines.map(lspLine) };
});

describe('segplan check: the exit code agrees with what it printed (property)', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'segplan-verdict-'));
    let counter = 0;

    it('for generated plans with hostile text, wrong ports and wrong addresses', function () {
        this.timeout(300000);
        assertTimeCapped(fc.property(plan, ({ text, errorLines }) => {
            const file = path.join(dir, `p${++counter}.segplan`);
            writeFileSync(file, text);
            const run = spawnSync(process.execPath, [CLI, 'check', path.basename(file)], { cwd: dir, encoding: 'utf8' });
            assert.ok(run.stdout.endsWith('\n'), 'the output ends with a newline');
            const output = checkOutput(run.stdout);
            const lines = output.findings;
            for (const line of output.coverage) assert.doesNotMatch(line, CONTROL);
            const summary = SUMMARY.exec(output.summary);
            assert.ok(summary, `no summary line in\n${run.stdout}\n${run.stderr}`);
            const errorAt = new Set<number>();
            const severities = lines.map(line => {
                const m = FINDING.exec(line);
                assert.ok(m, `not a finding line: ${JSON.stringify(line)}\n${run.stdout}`);
                assert.equal(m[1], path.basename(file));
                assert.doesNotMatch(line, CONTROL);
                if (m[4] === 'error') errorAt.add(Number(m[2]));
                return m[4];
            });
            const errors = severities.filter(s => s === 'error').length;
            assert.equal(Number(summary[2]), errors, 'the summary counts the printed errors');
            assert.equal(Number(summary[3]), severities.filter(s => s === 'warning').length);
            assert.equal(run.status, errors > 0 ? 1 : 0, `exit ${run.status} with ${errors} error(s) printed`);
            for (const line of errorLines) assert.ok(errorAt.has(line), `no error reported at line ${line}:\n${text}\n${run.stdout}`);
        }), { seed: 20261122, numRuns: 25, endOnFailure: true, timeLimitMs: 100_000 });
    });
});
