// Runs every test: the compiled mocha suites under out/test (unit, fixture, CLI, LSP, kernel and
// editor integration tests). Assumes `npm run build` has run (npm test does that first).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const root = new URL('..', import.meta.url).pathname;
if (!existsSync(`${root}out/test`)) {
    console.error('No compiled tests in out/test: run `npm run build` first.');
    process.exit(2);
}
const extra = process.argv.slice(2);
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
], { stdio: 'inherit', cwd: root });
process.exit(result.status ?? 1);
