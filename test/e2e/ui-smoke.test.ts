// The packaged .vsix in a real VS Code 1.100 (code-server + chromium), seen through the UI: what a
// user sees after installing the extension and opening the example plan with mistakes.
import * as assert from 'node:assert';
import { readFileSync, statSync } from 'node:fs';
import { runHarness, type HarnessRun } from './e2e-runner.js';

interface UiSmoke {
    readonly file: string;
    readonly screenshot: string;
    readonly languageMode: string;
    readonly errorSquiggles: number;
    readonly tokenColors: Record<string, string>;
    readonly hover: string;
    readonly problems: string[];
    readonly failure: string;
}

describe('VS Code 1.100 (code-server): UI smoke test of the installed .vsix', function () {
    this.timeout(180000);
    let run: HarnessRun<UiSmoke>;
    let seen: UiSmoke;
    const started = Date.now();

    before(async () => {
        run = await runHarness('scripts/e2e/ui-smoke.mjs');
        assert.ok(run.results, `the UI smoke test wrote no results (exit code ${run.exitCode}):\n${run.output.slice(-3000)}`);
        seen = run.results;
    });

    it('the .vsix installs and a .segplan file opens in the SegPlan language mode', () => {
        assert.strictEqual(seen.languageMode, 'SegPlan', seen.failure);
    });

    it('the grammar colours keywords, ports, addresses, component types, strings and comments', () => {
        const plain = seen.tokenColors.plainText;
        assert.ok(plain, 'the editor text colour was not read');
        for (const kind of ['keyword', 'protocol', 'port', 'ipAddress', 'vendor', 'componentType', 'string', 'comment']) {
            const color = seen.tokenColors[kind];
            assert.ok(color, `no ${kind} token found on screen`);
            assert.notStrictEqual(color, plain, `${kind} tokens are drawn in the plain text colour`);
        }
        assert.notStrictEqual(seen.tokenColors.port, seen.tokenColors.string, 'ports and strings look alike');
        assert.notStrictEqual(seen.tokenColors.keyword, seen.tokenColors.componentType, 'keywords and component types look alike');
    });

    it('missing flows are squiggled and listed in the Problems panel', () => {
        assert.ok(seen.errorSquiggles > 0, `no error squiggles: ${seen.failure}`);
        assert.ok(seen.problems.some((p) => /No allow rule lets vbr → vcenter tcp 443/.test(p)),
            `the Problems panel does not list vbr → vcenter tcp 443:\n${seen.problems.join('\n')}`);
    });

    it('hovering a squiggle shows the finding', () => {
        assert.match(seen.hover, /vbr → /, `hover text: ${seen.hover || '(none)'}`);
    });

    it('saves a screenshot of the plan', () => {
        const info = statSync(seen.screenshot);
        assert.ok(info.mtimeMs >= started - 1000, 'the screenshot is older than this run');
        const png = readFileSync(seen.screenshot);
        assert.deepStrictEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47], 'not a PNG file');
        assert.ok(png.length > 20000, `the screenshot is suspiciously small (${png.length} bytes)`);
        assert.strictEqual(run.exitCode, 0, seen.failure);
    });
});
