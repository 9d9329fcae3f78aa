import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateBenchPlan } from '../../bench/plan-generator.js';
import { INPUT_LIMITS } from '../../language/workspace/input-limits.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

/**
 * Inputs far larger than a plan should be: each either works or stops with a clear message — never
 * a crash, a stack trace, a hang or "Cannot read" for a readable file. Budgets (generous on a 2-core
 * machine): a 120 s hang guard per run and a 2 GB heap; the figures themselves are in `npm run bench`.
 */

const HANG_GUARD_MS = 120_000;

function check(target: string) {
    const run = spawnSync(process.execPath, ['--max-old-space-size=2048', path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), 'check', target],
        { cwd: PROJECT_ROOT, encoding: 'utf8', timeout: HANG_GUARD_MS, maxBuffer: 256 * 1024 * 1024 });
    assert.notEqual(run.signal, 'SIGTERM', `segplan check ${target} did not finish within ${HANG_GUARD_MS / 1000} s`);
    assert.doesNotMatch(run.stderr, /internal error|    at |Cannot read|heap out of memory/i, run.stderr.slice(0, 2000));
    return run;
}

describe('large inputs: each finishes or fails with a clear message', function () {
    this.timeout(6 * HANG_GUARD_MS);
    let dir: string;
    before(() => { dir = mkdtempSync(path.join(tmpdir(), 'segplan-large-')); });
    after(() => rmSync(dir, { recursive: true, force: true }));
    const file = (name: string, text: string) => { const f = path.join(dir, name); writeFileSync(f, text); return f; };

    it('a 10 MB plan (2,000 components in sites, comment blocks between them) is checked', () => {
        const plan = generateBenchPlan(2000).text.split('\n');
        const padding = '// ' + 'notes on this part of the network '.repeat(3);
        const lines: string[] = [];
        for (const line of plan) {
            lines.push(line);
            for (let i = 0; i < 45; i++) lines.push(padding);
        }
        const text = lines.join('\n');
        assert.ok(text.length > 10_000_000, `${text.length} characters`);
        const run = check(file('ten-mb.segplan', text));
        assert.ok(run.status === 0 || run.status === 1, run.stderr);
        assert.match(run.stdout, /1 file\(s\): \d+ error\(s\)/);
    });

    it('200,000 comment lines parse (they used to overflow the parser\'s stack)', () => {
        const text = ['plan "comments"', 'zone a 10.0.0.0/24', ...Array.from({ length: 200_000 }, (_, i) => `// comment ${i}`), 'zone b 10.0.1.0/24', ...Array.from({ length: 200_000 }, (_, i) => `// trailing ${i}`)].join('\n');
        const run = check(file('comments.segplan', text));
        assert.equal(run.status, 0, run.stdout.slice(0, 2000) + run.stderr);
    });

    it('a line of 1 MB is read; a longer one gets a clear message', () => {
        const ok = check(file('long-line.segplan', `plan "l"\nzone a 10.0.0.0/24 "${'x'.repeat(INPUT_LIMITS.lineChars - 100)}"\n`));
        assert.equal(ok.status, 0, ok.stdout.slice(0, 500));
        const tooLong = check(file('too-long-line.segplan', `plan "l"\nzone a 10.0.0.0/24 "${'x'.repeat(INPUT_LIMITS.lineChars + 100)}"\n`));
        assert.equal(tooLong.status, 2);
        assert.match(tooLong.stdout, /:1:1 error input-too-large Line 2 has \d+ characters; SegPlan reads lines up to 1048576/);
    });

    it('a file over the size limit gets a clear message, not a parse', () => {
        const text = 'plan "big"\n' + `// ${'y'.repeat(1000)}\n`.repeat(Math.ceil(INPUT_LIMITS.fileChars / 1000) + 10);
        const run = check(file('too-big.segplan', text));
        assert.equal(run.status, 2);
        assert.match(run.stdout, /error input-too-large This file has [\d.]+ million characters; SegPlan reads files up to 32 million/);
    });

    it('50,000 zones are checked, overlaps found (the overlap check used to be quadratic)', () => {
        const zones = Array.from({ length: 50_000 }, (_, i) => `zone z${i} 10.${Math.floor(i / 256)}.${i % 256}.0/24`);
        const run = check(file('zones.segplan', ['plan "zones"', ...zones, 'zone overlap 10.0.5.0/25'].join('\n')));
        assert.equal(run.status, 0);
        assert.match(run.stdout, /warning overlapping-zones Zone overlap overlaps zone z5 in 10\.0\.5\.0\/25/);
        assert.match(run.stdout, /1 file\(s\): 0 error\(s\), 1 warning\(s\)/);
    });

    it('a folder of 2,000 plans is checked', () => {
        const folder = path.join(dir, 'plans');
        mkdirSync(folder);
        for (let i = 0; i < 2000; i++) {
            writeFileSync(path.join(folder, `p${i}.segplan`), `plan "p${i}"\nzone a${i} 10.${i % 200}.0.0/24\nzone b${i} 10.${i % 200}.1.0/24\nvbr${i} : veeam.BackupServer in a${i} at 10.${i % 200}.0.10 os windows\nvc${i} : vmware.VCenter in b${i} at 10.${i % 200}.1.5\nallow vbr${i} -> vc${i} tcp 443\n`);
        }
        const run = check(folder);
        assert.ok(run.status === 0 || run.status === 1, run.stderr);
        assert.match(run.stdout, /2000 file\(s\): /);
    });
});
