// The extensionTestsPath entry, in the @vscode/test-electron contract: VS Code's extension host
// require()s the bundled out/test-vscode/index.cjs and awaits run(). The same bundle runs offline
// in code-server (scripts/e2e/run-vscode-tests.mjs) and online with @vscode/test-electron.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Mocha from 'mocha';

interface TestResult {
    readonly title: string;
    readonly file: string;
    readonly state: 'passed' | 'failed' | 'pending';
    readonly durationMs?: number;
    readonly error?: string;
}

export function run(): Promise<void> {
    const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 300000, reporter: 'spec' });
    const only = process.env.SEGPLAN_VSCODE_TEST_GREP;
    if (only) mocha.grep(only);
    // Bundled next to this file by scripts/e2e/build-suite.mjs.
    for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.cjs')).sort()) {
        mocha.addFile(join(__dirname, file));
    }
    const results: TestResult[] = [];
    const fileOf = (test: Mocha.Runnable) => (test.file ?? '').replace(/^.*[\\/]/, '').replace(/\.cjs$/, '.ts');
    return new Promise((resolve, reject) => {
        const runner = mocha.run((failures) => {
            // The runner outside the editor (test/e2e) reads this file to report every test by name.
            const out = process.env.SEGPLAN_VSCODE_TEST_RESULTS;
            if (out) writeFileSync(out, JSON.stringify({ tests: results }, null, 2));
            if (failures > 0) reject(new Error(`${failures} of ${results.length} VS Code tests failed.`));
            else resolve();
        });
        runner.on('pass', (test) => results.push({ title: test.fullTitle(), file: fileOf(test), state: 'passed', durationMs: test.duration }));
        runner.on('pending', (test) => results.push({ title: test.fullTitle(), file: fileOf(test), state: 'pending' }));
        runner.on('fail', (test, error: Error) => results.push({
            title: test.fullTitle(), file: fileOf(test), state: 'failed', durationMs: test.duration,
            error: error?.stack ?? String(error)
        }));
    });
}
