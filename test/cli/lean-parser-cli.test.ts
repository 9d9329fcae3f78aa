import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { generateBenchPlan } from '../../bench/plan-generator.js';
import { generateRuleHeavyPlan } from '../../bench/rule-heavy-plan.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

// The CLI reads well-formed plans with the lean parser (SEGPLAN_LEAN_PARSER=off: with Langium's):
// what it prints must be the same, byte for byte — findings with their lines and columns, rule
// sets with their "From plan.segplan line N" notes, exit codes.

function segplan(lean: boolean, ...args: string[]) {
    const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), ...args], {
        cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, SEGPLAN_LEAN_PARSER: lean ? 'on' : 'off' }
    });
    return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

function assertSameBothWays(...args: string[]): void {
    const withLangium = segplan(false, ...args);
    assert.ok(withLangium.stdout.length + withLangium.stderr.length > 0, args.join(' '));
    assert.deepEqual(segplan(true, ...args), withLangium, args.join(' '));
}

describe('segplan prints the same with the lean parser as with Langium\'s', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'segplan-lean-'));
    const ruleHeavy = path.join(dir, 'rule-heavy.segplan');
    writeFileSync(ruleHeavy, generateRuleHeavyPlan(20, 200, 500).text);
    const bench = path.join(dir, 'bench.segplan');
    writeFileSync(bench, generateBenchPlan(500, { sites: true }).text);
    // CRLF line ends, a comment inside a statement, a multi-line string: findings' columns and lines.
    const odd = path.join(dir, 'odd.segplan');
    writeFileSync(odd, 'plan "odd"\r\nzone a 10.0.0.0/24 /* x */\r\nzone b 10.0.1.0/24 "two\r\nlines"\r\n'
        + 'p : veeam.Proxy in a at 10.0.0.5 os windows\rallow a ->\tb tcp 443, 9392 "web"\r\nallow any -> 10.0.1.9 udp 53\n');

    it('check on examples/, the test plans and generated plans', () => {
        for (const folder of ['examples', 'test/precision/plans', 'test/fixtures', 'test/emit/plans', 'test/kernel']) assertSameBothWays('check', folder);
        for (const file of [ruleHeavy, bench, odd]) assertSameBothWays('check', file);
    });

    it('generate (iptables) on every example and generated plan', () => {
        const examples = readdirSync(path.join(PROJECT_ROOT, 'examples')).filter(f => f.endsWith('.segplan')).map(f => path.join('examples', f));
        for (const file of [...examples, ruleHeavy, bench, odd]) assertSameBothWays('generate', file, '--target', 'iptables');
    });
});
