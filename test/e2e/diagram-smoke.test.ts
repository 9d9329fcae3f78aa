// The plan diagram of the installed .vsix in a real VS Code 1.100 (code-server + chromium), driven
// with the mouse through the webview, in a light and a dark theme. Screenshots stay in
// .vscode-test/diagram-smoke/ to look at.
import * as assert from 'node:assert';
import { readFileSync, statSync } from 'node:fs';
import { runHarness, type HarnessRun } from './e2e-runner.js';

interface ThemeRun {
    readonly fittedOnOpen: boolean;
    readonly zones: string[];
    readonly components: string[];
    readonly edges: { id: string; status: string; stroke: string }[];
    readonly clickedLine: number;
    readonly expectedLine: number;
    readonly matrixCells: number;
    readonly background: string;
    readonly screenshots: string[];
}

interface DiagramSmoke {
    readonly themes: Record<'light' | 'dark', ThemeRun>;
    readonly failure: string;
}

describe('VS Code 1.100 (code-server): the plan diagram of the installed .vsix', function () {
    let run: HarnessRun<DiagramSmoke>;
    const started = Date.now();

    before(async function () {
        run = await runHarness(this, 'scripts/e2e/diagram-smoke.mjs');
        assert.ok(run.results, `the diagram smoke test wrote no results (exit code ${run.exitCode}):\n${run.output.slice(-3000)}`);
    });

    for (const theme of ['light', 'dark'] as const) {
        it(`${theme} theme: the webview draws the plan's zones, components and flows in status colours`, () => {
            const seen = run.results!.themes[theme];
            assert.ok(seen, `the ${theme} run did not happen: ${run.results!.failure}`);
            assert.deepStrictEqual([...seen.zones].sort(), ['backup', 'cloud', 'lab', 'mgmt', 'prod']);
            for (const c of ['vbr', 'vcenter', 'esx', 'proxy', 'repo']) assert.ok(seen.components.includes(c), `${c} is not drawn`);
            const byStatus = new Map<string, Set<string>>();
            for (const e of seen.edges) byStatus.set(e.status, (byStatus.get(e.status) ?? new Set()).add(e.stroke));
            for (const status of ['allowed', 'partial', 'missing', 'unused-rule']) assert.ok(byStatus.has(status), `no ${status} edge: ${JSON.stringify(seen.edges)}`);
            const colours = ['allowed', 'partial', 'missing', 'unused-rule'].map(s => [...byStatus.get(s)!][0]);
            assert.strictEqual(new Set(colours).size, 4, `statuses share colours: ${colours.join(', ')}`);
        });

        it(`${theme} theme: the diagram opens fitted to its panel`, () => {
            const seen = run.results!.themes[theme];
            assert.ok(seen, `the ${theme} run did not happen: ${run.results!.failure}`);
            assert.strictEqual(seen.fittedOnOpen, true);
        });

        it(`${theme} theme: a click on a component moves the editor's cursor to its line; the zone matrix opens`, () => {
            const seen = run.results!.themes[theme];
            assert.ok(seen.expectedLine > 0);
            assert.strictEqual(seen.clickedLine, seen.expectedLine, run.results!.failure);
            assert.ok(seen.matrixCells >= 3, `${seen.matrixCells} matrix cells`);
            for (const file of seen.screenshots) {
                assert.ok(statSync(file).mtimeMs >= started - 1000, `${file} is older than this run`);
                const png = readFileSync(file);
                assert.deepStrictEqual([...png.subarray(1, 4)], [0x50, 0x4e, 0x47], `${file} is not a PNG file`);
            }
            assert.strictEqual(seen.screenshots.length, 3, `the diagram as opened, after Fit, and the matrix: ${seen.screenshots.join(', ')}`);
        });
    }

    it('the two themes look different', () => {
        const { light, dark } = run.results!.themes;
        assert.notStrictEqual(light.background, dark.background);
        assert.strictEqual(run.exitCode, 0, run.results!.failure);
    });
});
