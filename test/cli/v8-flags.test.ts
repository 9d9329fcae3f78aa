import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { generateRuleHeavyPlan } from '../../bench/rule-heavy-plan.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

// A CLI run builds once and exits: bin/v8-flags.cjs sets V8 up for that from inside the process
// (settings a Node upgrade could make ineffective: these tests would say so).
describe('segplan sets V8 up for a run that builds once', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'segplan-young-'));
    const plan = path.join(dir, 'plan.segplan');
    const hook = path.join(dir, 'heap.cjs');
    writeFileSync(plan, generateRuleHeavyPlan(100, 1000, 2000).text);
    // Preloaded: at exit, prints the size of each of V8's heap spaces.
    writeFileSync(hook, `process.on('exit', () => process.stderr.write('\\nHEAP ' + JSON.stringify(Object.fromEntries(
        require('node:v8').getHeapSpaceStatistics().map(s => [s.space_name, s.space_size]))) + '\\n'));\n`);

    it('a 2,000-rule plan: the new space stays within 4 MB (V8 would grow it to 32 MB)', () => {
        const run = spawnSync(process.execPath, ['--require', hook, path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), 'generate', '--target', 'iptables', plan], { encoding: 'utf8', maxBuffer: 1 << 26 });
        assert.equal(run.status, 0, run.stderr);
        const line = run.stderr.split('\n').find(l => l.startsWith('HEAP '));
        assert.ok(line, run.stderr);
        const spaces = JSON.parse(line.slice(5)) as Record<string, number>;
        assert.ok(spaces.new_space <= 4 * 1024 * 1024, `new space ${(spaces.new_space / 1048576).toFixed(1)} MB`);
    });

    // Nearly all of a run's code runs once per statement: V8's optimizing compiler waits longer
    // before compiling a function, so that only what stays hot is compiled.
    it('a 2,000-rule plan: the optimizing compiler compiles few functions (109 at V8\'s own setting)', () => {
        const run = spawnSync(process.execPath, ['--trace-opt', path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), 'generate', '--target', 'iptables', plan, '-o', path.join(dir, 'rules.iptables')], { encoding: 'utf8', maxBuffer: 1 << 26 });
        assert.equal(run.status, 0, run.stderr);
        const compiled = run.stdout.split('\n').filter(l => l.includes('completed optimizing')).length;
        assert.ok(compiled > 0, 'V8 printed what it compiled (--trace-opt)');
        assert.ok(compiled <= 40, `${compiled} functions compiled`);
    });

    it('only for runs that build once: the language server (`segplan lsp`) keeps V8\'s own settings', () => {
        const flags = createRequire(import.meta.url)(path.join(PROJECT_ROOT, 'bin', 'v8-flags.cjs')) as { runsOnce(argv: string[]): boolean; oneShotFlags(argv: string[]): string[] };
        const { runsOnce } = flags;
        assert.deepEqual(flags.oneShotFlags(['lsp', '--stdio']), []);
        assert.notDeepEqual(flags.oneShotFlags(['check', 'plan.segplan']), []);
        assert.equal(runsOnce(['lsp', '--stdio']), false);
        assert.equal(runsOnce(['--stdio', 'lsp']), false);
        assert.equal(runsOnce(['generate', '--target', 'iptables', 'plan.segplan']), true);
        assert.equal(runsOnce(['check', 'lsp']), true); // a file named lsp
        assert.equal(runsOnce(['--', 'lsp']), true);
        assert.equal(runsOnce([]), true);
    });
});
