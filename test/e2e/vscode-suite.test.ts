// The in-editor suite (test/vscode/suite) inside a real VS Code 1.100 (code-server + chromium):
// each capability the extension must have in the editor is reported as its own test here, by the
// result of the inner test that exercises it; then every inner test must have passed.
import * as assert from 'node:assert';
import { runHarness, type HarnessRun } from './e2e-runner.js';

interface InnerTest {
    readonly title: string;
    readonly file: string;
    readonly state: 'passed' | 'failed' | 'pending';
    readonly error?: string;
}

/** Capability → the inner test (by full title) that shows it. */
const CAPABILITIES: ReadonlyArray<readonly [string, RegExp]> = [
    ['the extension activates on a .segplan file and starts the server', /^activation opening a \.segplan file/],
    ['a missing-flow diagnostic appears on the component', /^diagnostics a required flow that no allow rule lets through/],
    ['completion lists vendor components', /^completion after `name:` it lists the vendor components/],
    ['hover shows what a port is for', /^hover hovering a port of an allow rule/],
    ['the quick fix adds the rule and clears the diagnostic', /^quick fixes "Allow vbr → vcenter tcp 443"/],
    ['fix-all (source.fixAll) clears every missing flow', /^quick fixes fix-all/],
    ['the segplan.installOnlySeverity setting reaches the server', /^settings reach the language server segplan\.installOnlySeverity/],
    ['the plan diagram draws zones, components and coloured flows', /^plan diagram "SegPlan: Show Plan Diagram" draws/],
    ['clicking the diagram reveals the line; the cursor highlights the picture', /^plan diagram clicking a component reveals its line/],
    ['the diagram follows edits', /^plan diagram follows edits/],
    ['the zone matrix lists the zone pairs', /^plan diagram the zone matrix/],
    ['the server keeps answering after untitled and .txt plans are opened, edited, saved and closed', /^plans that are not \.segplan files/]
];

describe('VS Code 1.100 (code-server): the in-editor suite', function () {
    let run: HarnessRun<{ tests: InnerTest[] }>;

    before(async function () {
        run = await runHarness(this, 'scripts/e2e/run-vscode-tests.mjs');
    });

    it('runs inside VS Code and reports its tests', () => {
        assert.ok(run.exitCode === 0 || run.exitCode === 1,
            `the harness failed (exit code ${run.exitCode}) before the tests could run:\n${run.output.slice(-3000)}`);
        assert.ok(run.results && run.results.tests.length > 0, 'the suite reported no tests');
    });

    for (const [capability, title] of CAPABILITIES) {
        it(capability, () => {
            const test = run.results?.tests.find((t) => title.test(t.title));
            assert.ok(test, `no in-editor test matches ${title}`);
            assert.ok(test.state === 'passed', `in-editor test "${test.title}" ${test.state}:\n${test.error ?? ''}`);
        });
    }

    it('every in-editor test passed', () => {
        const failed = (run.results?.tests ?? []).filter((t) => t.state !== 'passed');
        assert.ok(failed.length === 0, `${failed.length} in-editor test(s) did not pass:\n${failed.map((t) => `  ${t.file}: ${t.title} (${t.state})`).join('\n')}`);
        assert.strictEqual(run.exitCode, 0, `the in-editor suite exited with ${run.exitCode}`);
    });
});
