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
    readonly codeLenses: string[];
    readonly inlayHints: string[];
    readonly componentHover: string;
    readonly quickFixes: string[];
    readonly completions: string[];
    readonly generated: { title: string; languageMode: string; firstLines: string[] };
    readonly auditReport: { title: string; heading: string };
    readonly settings: { categories: string[]; labels: string[]; toc: string[] };
    readonly screenshots: Record<string, string>;
    readonly failure: string;
}

function duplicates(items: readonly string[]): string[] {
    return items.filter((item, i) => items.indexOf(item) !== i);
}

describe('VS Code 1.100 (code-server): UI smoke test of the installed .vsix', function () {
    let run: HarnessRun<UiSmoke>;
    let seen: UiSmoke;
    const started = Date.now();

    before(async function () {
        run = await runHarness(this, 'scripts/e2e/ui-smoke.mjs');
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

    it('code lenses count each component\'s flows and each rule\'s; inlay hints name ports and coverage', () => {
        assert.ok(seen.codeLenses.some((l) => /^\d+ flows? out\b.* · \d+ flows? in\b/.test(l)), `code lenses: ${JSON.stringify(seen.codeLenses)} ${seen.failure}`);
        assert.ok(seen.codeLenses.some((l) => /^serves (no required flow|\d+ required flows?)$/.test(l)), JSON.stringify(seen.codeLenses));
        assert.ok(seen.inlayHints.some((h) => /^‹\d+\/\d+ flows allowed›$/.test(h)), `inlay hints: ${JSON.stringify(seen.inlayHints)}`);
        // The example's rules end in comments: their hints stand behind them and name their port.
        assert.ok(seen.inlayHints.some((h) => /^‹(\d+(-\d+)?: )?Veeam /.test(h)), `no port purpose among the inlay hints: ${JSON.stringify(seen.inlayHints)}`);
    });

    it('hovering a component lists its flows out and in with what is allowed', () => {
        assert.match(seen.componentHover, /Flows out: \d+ of \d+ allowed/, seen.componentHover || seen.failure);
        assert.match(seen.componentHover, /✗ → vcenter tcp 443/, seen.componentHover);
    });

    it('the quick-fix menu of a component with many missing flows has one fix-all and no duplicates', () => {
        assert.ok(seen.quickFixes.length > 0, `no quick-fix menu: ${seen.failure}`);
        assert.deepStrictEqual(duplicates(seen.quickFixes), [], seen.quickFixes.join('\n'));
        assert.strictEqual(seen.quickFixes.filter((f) => /^Allow all \d+ missing flows/.test(f)).length, 1, seen.quickFixes.join('\n'));
        assert.ok(seen.quickFixes.some((f) => /^Allow vbr → vcenter tcp 443/.test(f)), seen.quickFixes.join('\n'));
    });

    it('completion after `tcp ` opens by itself with the required port first and no duplicates', () => {
        assert.ok(seen.completions.length > 0, `no completion list: ${seen.failure}`);
        assert.match(seen.completions[0], /^443(?!\d)/, seen.completions.join('\n'));
        assert.deepStrictEqual(duplicates(seen.completions), [], seen.completions.join('\n'));
    });

    it('Generate Firewall Rules opens the rules in an editor named after the plan and the target', () => {
        assert.match(seen.generated.title, /veeam-mistakes.*\.nft\b/, `${JSON.stringify(seen.generated)} ${seen.failure}`);
        assert.ok(seen.generated.firstLines.some((l) => /SegPlan/.test(l)), seen.generated.firstLines.join('\n'));
    });

    it('Audit Firewall Config opens its report rendered, with no Markdown escape in sight', () => {
        assert.match(seen.auditReport.title, /Preview veeam-reference\.audit\.md/, `${JSON.stringify(seen.auditReport)} ${seen.failure}`);
        assert.match(seen.auditReport.heading, /^Firewall audit: deployed\.rules against plan/, JSON.stringify(seen.auditReport));
    });

    it('the settings are under SegPlan in the Settings editor, not "Segplan"', () => {
        assert.ok(seen.settings.toc.some((t) => /^SegPlan \(\d+\)$/.test(t)), `${JSON.stringify(seen.settings.toc)} ${seen.failure}`);
        assert.ok(seen.settings.labels.includes('Install Only Severity'), JSON.stringify(seen.settings.labels));
        assert.ok(!seen.settings.categories.some((c) => /Segplan/.test(c)), JSON.stringify(seen.settings.categories));
    });

    it('saves a screenshot of each scene, taken in this run', () => {
        for (const name of ['code-lens-inlay-hints', 'component-hover', 'quick-fix-menu', 'completion-after-tcp', 'generated-rules', 'audit-report', 'settings']) {
            const file = seen.screenshots[name];
            assert.ok(file, `no ${name} screenshot: ${seen.failure}`);
            assert.ok(statSync(file).mtimeMs >= started - 1000, `${name}: older than this run`);
            const png = readFileSync(file);
            assert.deepStrictEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47], `${name}: not a PNG file`);
        }
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
