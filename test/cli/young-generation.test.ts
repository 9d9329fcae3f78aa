import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { generateRuleHeavyPlan } from '../../bench/rule-heavy-plan.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

// A CLI run keeps what it builds to its end: V8's young generation, grown for it, was a quarter of
// a large run's peak memory for no gain in time. The CLI holds it at its starting size (a setting
// made from inside the process, which a Node upgrade could make ineffective: this test would say so).
describe('segplan generate holds V8\'s young generation at its starting size', () => {
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

    it('only for runs that build once: the language server (`segplan lsp`) keeps V8\'s sizing', () => {
        const { runsOnce } = createRequire(import.meta.url)(path.join(PROJECT_ROOT, 'bin', 'young-generation.cjs')) as { runsOnce(argv: string[]): boolean };
        assert.equal(runsOnce(['lsp', '--stdio']), false);
        assert.equal(runsOnce(['--stdio', 'lsp']), false);
        assert.equal(runsOnce(['generate', '--target', 'iptables', 'plan.segplan']), true);
        assert.equal(runsOnce(['check', 'lsp']), true); // a file named lsp
        assert.equal(runsOnce(['--', 'lsp']), true);
        assert.equal(runsOnce([]), true);
    });
});
