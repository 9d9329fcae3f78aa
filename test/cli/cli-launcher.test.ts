import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

// `segplan` (bin/segplan.cjs) loads the bundle through a compile cache and with V8 settings for a
// run that builds once; both change how fast it runs, never what it does. The bundle run directly
// (`node out/cli/segplan.cjs`) must answer exactly as the command users run.
describe('segplan and the bundle it loads', () => {
    const bin = path.join(PROJECT_ROOT, 'bin', 'segplan.cjs');
    const bundle = path.join(PROJECT_ROOT, 'out', 'cli', 'segplan.cjs');
    const examples = path.join(PROJECT_ROOT, 'examples');
    const cache = mkdtempSync(path.join(tmpdir(), 'segplan-launcher-'));
    const run = (entry: string, args: string[]) => {
        const result = spawnSync(process.execPath, [entry, ...args], {
            encoding: 'utf8', maxBuffer: 1 << 26, cwd: PROJECT_ROOT, env: { ...process.env, XDG_CACHE_HOME: cache }
        });
        return { status: result.status, stdout: result.stdout, stderr: result.stderr };
    };

    const commands: string[][] = [
        ['check', path.join(examples, 'veeam-mistakes.segplan')],
        ['check', examples, '--format', 'json'],
        ['flows', path.join(examples, 'veeam-reference.segplan'), '--json'],
        ['generate', path.join(examples, 'mixed-vendors.segplan'), '--target', 'nftables'],
        ['generate', path.join(examples, 'veeam-mistakes.segplan'), '--target', 'iptables'],
        ['explain', path.join(examples, 'veeam-reference.segplan'), 'vbr', 'vcenter'],
        ['check', path.join(examples, 'no-such-plan.segplan')],
        ['--version'],
        ['--help']
    ];
    for (const args of commands) {
        it(`segplan ${args.map(a => path.basename(a)).join(' ')}: the same output and exit code`, () => {
            const viaBin = run(bin, args);
            const direct = run(bundle, args);
            assert.ok(viaBin.status !== null, viaBin.stderr);
            assert.deepEqual(direct, viaBin);
        });
    }

    it('the version is the package\'s', () => {
        const { version } = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { version: string };
        assert.match(run(bin, ['--version']).stdout, new RegExp(`\\b${version.replace(/\./g, '\\.')}\\b`));
    });

    it('V8 is set up for a run that builds once only where the run builds once: the language server keeps V8\'s own settings', () => {
        const flags = createRequire(import.meta.url)(path.join(PROJECT_ROOT, 'bin', 'v8-flags.cjs')) as { runsOnce(argv: string[]): boolean; oneShotFlags(argv: string[]): string[] };
        assert.deepEqual(flags.oneShotFlags(['lsp', '--stdio']), []);
        assert.notDeepEqual(flags.oneShotFlags(['check', 'plan.segplan']), []);
        assert.equal(flags.runsOnce(['lsp', '--stdio']), false);
        assert.equal(flags.runsOnce(['--stdio', 'lsp']), false);
        assert.equal(flags.runsOnce(['generate', '--target', 'iptables', 'plan.segplan']), true);
        assert.equal(flags.runsOnce(['check', 'lsp']), true); // a file named lsp
        assert.equal(flags.runsOnce(['--', 'lsp']), true);
        assert.equal(flags.runsOnce([]), true);
    });
});
