// Runs every test: the compiled mocha suites under out/test (unit, fixture, CLI, LSP, kernel and
// editor integration tests). Assumes `npm run build` has run (npm test does that first).
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

const root = new URL('..', import.meta.url).pathname;
if (!existsSync(`${root}out/test`)) {
    console.error('No compiled tests in out/test: run `npm run build` first.');
    process.exit(2);
}
const extra = process.argv.slice(2);
// Every temporary file of the run (the tests', and those of the commands and editors they start)
// goes to a folder of the run's own, removed when the run ends: runs never pile up folders in the
// machine's temporary directory, whichever test forgets to remove its own.
const runTemp = mkdtempSync(path.join(tmpdir(), 'segplan-tests-'));
// Open to every user as /tmp is (sticky: each removes only their own): a test runs SegPlan as a user
// who is not root, from a folder of its own in here.
chmodSync(runTemp, 0o1777);
const result = spawnSync(process.execPath, [
    '--import', `${root}scripts/node20-polyfills.mjs`,
    `${root}node_modules/mocha/bin/mocha.js`,
    '--reporter', `${root}scripts/mocha-summary-reporter.cjs`,
    // A timeout only catches a hang: no test may depend on how fast a busy machine runs it (many
    // tests start whole processes, one after another).
    '--recursive', '--timeout', '300000',
    // The in-editor suite needs the `vscode` module: it runs inside VS Code via test/e2e.
    '--ignore', `${root}out/test/vscode/**`,
    ...(extra.length ? extra : [`${root}out/test/**/*.test.js`])
], { stdio: 'inherit', cwd: root, env: { ...process.env, TMPDIR: runTemp, SEGPLAN_TEST_RUN_DIR: runTemp } });
// `shared`: what the tests make once for the whole run (scripts/e2e/package-vsix.mjs).
const left = readdirSync(runTemp).filter(name => name !== 'shared');
if (left.length > 0) console.log(`run-tests: removing what the tests left in ${runTemp}: ${left.slice(0, 6).join(', ')}${left.length > 6 ? ` and ${left.length - 6} more` : ''}`);
try {
    rmSync(runTemp, { recursive: true, force: true });
} catch (error) {
    console.log(`run-tests: could not remove ${runTemp}: ${error instanceof Error ? error.message : String(error)}`);
}
process.exit(result.status ?? 1);
