#!/usr/bin/env node
// The plan diagram as a user sees it: installs the packaged .vsix into a throw-away code-server
// (real VS Code 1.100), opens a plan in headless chromium, runs "SegPlan: Show Plan Diagram" from
// the command palette, reads the webview's DOM (zones, components, coloured edges), clicks a
// component with the mouse and reads the editor's cursor position from the status bar, then opens
// the zone matrix. Once with a light and once with a dark colour theme; screenshots of the diagram
// and the matrix go to .vscode-test/diagram-smoke/. Writes what it saw as JSON for test/e2e.
//
// usage: node scripts/e2e/diagram-smoke.mjs [--file=PLAN] [--results=JSON] [--vsix=VSIX]
// exit: 0 everything seen, 1 something missing, 2 the harness failed
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { copyWorkspace, requireChromium, startCodeServer } from './code-server.mjs';
import { harness } from './harness.mjs';
import { packageVsix } from './package-vsix.mjs';
import { scriptArgs } from './script-args.mjs';
import { frameWith, HANG_MS, openFromExplorer, openWorkbench, runCommand, waitForSegPlanMode } from './workbench.mjs';

const args = scriptArgs();
const file = resolve(args.file ?? 'examples/veeam-mistakes.segplan');
const resultsFile = resolve(args.results ?? '.vscode-test/diagram-smoke.json');
const shots = resolve('.vscode-test/diagram-smoke');
const THEMES = { light: 'Default Light Modern', dark: 'Default Dark Modern' };

const { seen, step, shot, finish } = harness({ file, themes: {}, failure: '' });

/** The diagram's document: the webview's iframe holds another one with the extension's page. */
function diagramFrame(page) {
    return frameWith(page, '#diagram');
}

async function runTheme(vsix, theme) {
    const result = { fittedOnOpen: false, zones: [], components: [], edges: [], clickedLine: 0, expectedLine: 0, matrixCells: 0, background: '', screenshots: [] };
    seen.themes[theme] = result;
    const run = await step(`[${theme}] code-server with the .vsix`, () => startCodeServer({ vsix: [vsix], settings: { 'workbench.colorTheme': THEMES[theme] } }));
    let browser;
    let page;
    try {
        const folder = copyWorkspace(run, dirname(file));
        ({ browser, page } = await step(`[${theme}] workbench loaded`, () => openWorkbench(run, folder, { viewport: { width: 1600, height: 1000 } })));
        await step(`[${theme}] opened ${basename(file)}`, () => openFromExplorer(page, basename(file)));
        await waitForSegPlanMode(page);
        await step(`[${theme}] ran "SegPlan: Show Plan Diagram" from the palette`, () => runCommand(page, 'SegPlan: Show Plan Diagram'));
        const frame = await step(`[${theme}] the diagram webview opened`, () => diagramFrame(page));
        await step(`[${theme}] components drawn`, () => frame.locator('g.component').first().waitFor({ timeout: HANG_MS }));
        // The picture is complete once the required flows are drawn (the server may answer before it has checked the plan).
        await step(`[${theme}] flows drawn`, () => frame.locator('g.edge[data-id^="flow:"]').first().waitFor({ timeout: HANG_MS }));
        Object.assign(result, await frame.evaluate(() => ({
            zones: [...document.querySelectorAll('g.container.zone, g.container.internet')].map(g => g.dataset.id.slice(5)),
            components: [...document.querySelectorAll('g.component')].map(g => g.dataset.id.slice(10)),
            edges: [...document.querySelectorAll('g.edge[data-id]')].map(g => ({
                id: g.dataset.id, status: [...g.classList].find(c => c.startsWith('status-'))?.slice(7), stroke: getComputedStyle(g.querySelector('.line')).stroke
            })),
            background: getComputedStyle(document.body).backgroundColor
        })));
        // As it opened, before any button: the whole picture fills the panel (the view box has the
        // panel's shape and the picture touches two opposite margins), not a thumbnail in a corner.
        result.fittedOnOpen = await frame.evaluate(() => {
            const svg = document.querySelector('#diagram');
            const box = svg.viewBox.baseVal;
            const content = svg.querySelector('#viewport')?.getBBox();
            if (!content || !svg.clientWidth || !svg.clientHeight) return false;
            const sameShape = Math.abs(box.width / box.height - svg.clientWidth / svg.clientHeight) < 0.02;
            const fills = Math.max(content.width / box.width, content.height / box.height) > 0.8;
            return sameShape && fills;
        });
        result.screenshots.push(await shot(page, join(shots, `diagram-opened-${theme}.png`)));
        await frame.locator('#fit').click();
        result.screenshots.push(await shot(page, join(shots, `diagram-${theme}.png`)));
        // A real mouse click on a component: the editor's cursor moves to the component's line.
        const component = frame.locator('g.component[data-id="component:vcenter"]');
        await step(`[${theme}] clicked vcenter in the diagram`, () => component.click({ timeout: HANG_MS }));
        result.expectedLine = readFileSync(file, 'utf8').split('\n').findIndex(l => /^vcenter\s*:/.test(l)) + 1;
        await step(`[${theme}] the editor's cursor moved to vcenter`, () => page.waitForFunction(
            (line) => new RegExp(`Ln ${line},`).test(document.querySelector('#status\\.editor\\.selection')?.textContent ?? ''), result.expectedLine, { timeout: HANG_MS }));
        const status = await page.textContent('#status\\.editor\\.selection');
        result.clickedLine = Number(/Ln (\d+)/.exec(status ?? '')?.[1] ?? 0);
        await step(`[${theme}] opened the zone matrix`, async () => {
            await frame.locator('#show-matrix').click();
            await frame.locator('table.matrix').waitFor({ timeout: HANG_MS });
        });
        await frame.locator('table.matrix td button').first().click();
        result.matrixCells = await frame.locator('table.matrix td button').count();
        result.screenshots.push(await shot(page, join(shots, `matrix-${theme}.png`)));
    } catch (error) {
        // What the screen showed when a step failed, to look at.
        if (page) await shot(page, join(shots, `failure-${theme}.png`)).catch(() => {});
        throw error;
    } finally {
        await browser?.close().catch(() => {});
        await run.stop();
    }
}

async function main() {
    if (!existsSync(file)) throw new Error(`${file} does not exist`);
    requireChromium();
    mkdirSync(shots, { recursive: true });
    const workDir = join(dirname(resultsFile), 'diagram-smoke-work');
    mkdirSync(workDir, { recursive: true });
    const vsix = args.vsix ? resolve(args.vsix) : await step('packaged the .vsix', () => packageVsix(join(workDir, 'segplan.vsix')));
    for (const theme of (args.themes ?? Object.keys(THEMES).join(',')).split(',')) await runTheme(vsix, theme);
    return 0;
}

await finish(main, { resultsFile });
