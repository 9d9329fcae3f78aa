#!/usr/bin/env node
// Runs the in-editor mocha suite (test/vscode/suite) inside the Node extension host of a real
// VS Code 1.100 (code-server), offline: the same contract as @vscode/test-electron's runTests().
// The workbench URL carries extensionDevelopmentPath (this repository, so out/client and
// out/server must be built) and extensionTestsPath; the page reports the suite's exit code through
// window.codeAutomationExit and the extension host's console through window.codeAutomationLog.
//
// usage: node scripts/e2e/run-vscode-tests.mjs [--workspace=DIR] [--results=FILE.json] [--grep=TEXT]
// env:   SEGPLAN_E2E_HANG_MS (default 600000), SEGPLAN_E2E_VERBOSE=1, SEGPLAN_E2E_LOGS=DIR (logs kept on failure)
// exit:  0 all passed, 1 a test failed, 2 the harness failed, 3 a hang
//
// No limit on how long the suite takes: a busy machine makes it slower, not wrong. What ends a run
// early is a hang — the workbench or the suite saying nothing at all for SEGPLAN_E2E_HANG_MS (each
// test's start and end is a line of the suite's report).
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { format } from 'node:util';
import { buildSuite } from './build-suite.mjs';
import { copyWorkspace, launchChromium, requireChromium, startCodeServer } from './code-server.mjs';
import { harness } from './harness.mjs';
import { scriptArgs } from './script-args.mjs';

const args = scriptArgs();
const extensionPath = resolve('.');
const workspace = resolve(args.workspace ?? 'test/vscode/workspace');
const hangMs = Number(process.env.SEGPLAN_E2E_HANG_MS ?? 600000);
const verbose = process.env.SEGPLAN_E2E_VERBOSE === '1';
// Workbench chatter that says nothing about the extension or the tests.
const NOISE = /^(Creating a socket|\[Service Worker\]|ChatSessionStore|Ignoring fetching additional builtin|Updating additional builtin|Extension host \(Remote\) is|%c)/;

const { seen, log, finish } = harness({ failure: '' });

async function main() {
    for (const bundle of ['out/client/extension.cjs', 'out/server/main.cjs']) {
        if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`node esbuild.mjs\` (or npm run build) first`);
    }
    requireChromium();
    const testsEntry = await buildSuite();
    const results = resolve(args.results ?? join(dirname(testsEntry), 'results.json'));
    mkdirSync(dirname(results), { recursive: true });
    writeFileSync(results, '{"tests":[]}');
    // The extension host inherits code-server's environment: that is how the suite learns where to
    // write its results.
    const env = { SEGPLAN_VSCODE_TEST_RESULTS: results };
    if (args.grep) env.SEGPLAN_VSCODE_TEST_GREP = args.grep;
    const run = await startCodeServer({ env, verbose });
    let browser;
    try {
        const folder = copyWorkspace(run, workspace);
        browser = await launchChromium(run);
        const page = browser.pages()[0] ?? await browser.newPage();
        let logs = [];
        const exit = new Promise((resolveExit) => {
            void page.exposeFunction('codeAutomationExit', (code, files) => {
                logs = files ?? [];
                resolveExit(code);
            });
        });
        let hostStarted = false;
        let timer;
        let hung;
        const hang = new Promise((r) => { hung = r; });
        /** Each sign of life puts off the verdict that the run hangs. */
        const alive = () => {
            clearTimeout(timer);
            timer = setTimeout(() => {
                console.error(`the workbench and the suite said nothing for ${hangMs} ms: a hang`);
                hung(3);
            }, hangMs);
        };
        alive();
        await page.exposeFunction('codeAutomationLog', (type, values) => {
            alive();
            const line = format(...values);
            if (/Creating a socket \(renderer-ExtensionHost/.test(line)) hostStarted = true;
            if (verbose || type === 'error' || (hostStarted && !NOISE.test(line))) {
                (type === 'error' ? console.error : console.log)(line);
            }
        });
        log(`code-server ${run.authority}: running the suite in VS Code`);
        await page.goto(run.url(folder, [
            ['extensionDevelopmentPath', run.remoteUri(extensionPath)],
            ['extensionTestsPath', run.remoteUri(testsEntry)]
        // The page's load event can take longer than Playwright's 30 s on a busy machine; only a
        // hang bounds the run.
        ]), { waitUntil: 'domcontentloaded', timeout: hangMs });
        alive();
        const code = await Promise.race([exit, hang]);
        clearTimeout(timer);
        if (code !== 0 && process.env.SEGPLAN_E2E_LOGS) {
            const dir = resolve(process.env.SEGPLAN_E2E_LOGS);
            for (const { relativePath, contents } of logs) {
                mkdirSync(dirname(join(dir, relativePath)), { recursive: true });
                writeFileSync(join(dir, relativePath), contents);
            }
            mkdirSync(dir, { recursive: true });
            writeFileSync(join(dir, 'code-server.log'), run.log());
            if (code === 3) await page.screenshot({ path: join(dir, 'timeout.png') }).catch(() => {});
            console.error(`logs written to ${dir}`);
        }
        return code;
    } finally {
        await browser?.close().catch(() => {});
        await run.stop();
    }
}

await finish(main, {
    failureCode: 2,
    summary: (code) => `${code === 2 && seen.failure ? `${seen.failure}\n` : ''}VS Code tests finished with exit code ${code}`
});
