#!/usr/bin/env node
// UI smoke test: packages the extension, installs the .vsix into a throw-away code-server (real
// VS Code 1.100), opens a plan in headless chromium the way a user would and checks what the user
// sees: the language mode, the colouring, the error squiggles, the hover on a squiggle and the
// Problems panel. Saves a screenshot and writes what it saw as JSON for test/e2e to assert on.
//
// usage: node scripts/e2e/ui-smoke.mjs [--file=PLAN] [--screenshot=PNG] [--results=JSON] [--vsix=VSIX]
//   --file        default examples/veeam-mistakes.segplan (its folder becomes the workspace)
//   --screenshot  default .vscode-test/ui-smoke.png
// exit: 0 everything seen, 1 something missing, 2 the harness failed
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { copyWorkspace, launchChromium, requireChromium, startCodeServer } from './code-server.mjs';
import { packageVsix } from './package-vsix.mjs';
import { scriptArgs } from './script-args.mjs';

const args = scriptArgs();
const file = resolve(args.file ?? 'examples/veeam-mistakes.segplan');
const screenshot = resolve(args.screenshot ?? '.vscode-test/ui-smoke.png');
const resultsFile = resolve(args.results ?? '.vscode-test/ui-smoke.json');
const started = Date.now();
const log = (...values) => console.log(`[${((Date.now() - started) / 1000).toFixed(1)}s]`, ...values);

/** What the smoke test saw; `failure` is set by the first step that did not happen. */
const seen = { file, screenshot, languageMode: '', errorSquiggles: 0, tokenColors: {}, hover: '', problems: [], failure: '' };

async function step(name, action) {
    try {
        const result = await action();
        log(name);
        return result;
    } catch (error) {
        seen.failure ||= `${name}: ${error instanceof Error ? error.message.split('\n')[0] : error}`;
        throw error;
    }
}

/** Tokens whose colour shows that the grammar is in use, by a pattern of their text. */
const COLOURED_TOKENS = {
    keyword: '^allow$',
    protocol: '^tcp$',
    port: '^(?:443|6160|6162)$',
    ipAddress: '^\\d+\\.\\d+\\.\\d+\\.\\d+$',
    vendor: '^veeam$',
    componentType: '^(?:BackupServer|Proxy|VCenter)$',
    string: '^".*"$',
    comment: '^//'
};

/** The colour VS Code painted each kind of token, and the editor's plain text colour. */
function tokenColors(page) {
    return page.evaluate((patterns) => {
        const colors = { plainText: getComputedStyle(document.querySelector('.monaco-editor .view-lines')).color };
        const spans = [...document.querySelectorAll('.monaco-editor .view-line span span')];
        for (const [kind, pattern] of Object.entries(patterns)) {
            const span = spans.find((s) => new RegExp(pattern).test(s.textContent ?? ''));
            colors[kind] = span ? getComputedStyle(span).color : '';
        }
        return colors;
    }, COLOURED_TOKENS);
}

/**
 * Moves the mouse onto the first error squiggle (the squiggles lie under the text layer, so the
 * pointer goes to their position rather than to the element) and returns the hover's text.
 */
async function hoverFirstSquiggle(page) {
    const squiggle = page.locator('.monaco-editor .squiggly-error').first();
    const box = await squiggle.boundingBox();
    if (!box) throw new Error('the squiggle has no position on screen');
    await page.mouse.move(box.x + box.width / 2 - 5, box.y + box.height / 2 - 5);
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents').first();
    await hover.waitFor({ timeout: 10000 });
    return (await hover.textContent())?.trim() ?? '';
}

async function main() {
    if (!existsSync(file)) throw new Error(`${file} does not exist`);
    requireChromium();
    const workDir = join(dirname(resultsFile), 'ui-smoke-work');
    mkdirSync(workDir, { recursive: true });
    const vsix = args.vsix ? resolve(args.vsix) : await step('packaged the .vsix', () => packageVsix(join(workDir, 'segplan.vsix')));
    const run = await step('installed the .vsix into code-server', () => startCodeServer({ vsix: [vsix] }));
    let browser;
    let page;
    try {
        const folder = copyWorkspace(run, dirname(file));
        browser = await launchChromium(run);
        page = browser.pages()[0] ?? await browser.newPage();
        await page.goto(run.url(folder));
        await step('workbench loaded', () => page.waitForSelector('.monaco-workbench', { timeout: 60000 }));
        await step(`opened ${basename(file)} from the explorer`, () => page.locator('.explorer-folders-view .monaco-list-row',
            { hasText: basename(file) }).first().dblclick({ timeout: 30000 }));
        seen.languageMode = await step('language mode is SegPlan', async () => {
            await page.waitForFunction(() => /SegPlan/.test(document.querySelector('#status\\.editor\\.mode')?.textContent ?? ''),
                null, { timeout: 30000 });
            return (await page.textContent('#status\\.editor\\.mode'))?.trim() ?? '';
        });
        seen.errorSquiggles = await step('error squiggles drawn', async () => {
            await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: 30000 });
            return page.locator('.monaco-editor .squiggly-error').count();
        });
        seen.tokenColors = await tokenColors(page);
        seen.problems = await step('Problems panel lists the findings', async () => {
            await page.keyboard.press('Control+Shift+M');
            await page.locator('.markers-panel .monaco-list-row', { hasText: 'No allow rule lets' }).first().waitFor({ timeout: 15000 });
            return (await page.locator('.markers-panel .monaco-list-row').allTextContents()).map((t) => t.trim());
        });
        seen.hover = await step('hovering a squiggle shows the finding', () => hoverFirstSquiggle(page));
        await page.waitForTimeout(400); // the hover fades in
        return 0;
    } finally {
        if (page) {
            mkdirSync(dirname(screenshot), { recursive: true });
            await page.screenshot({ path: screenshot }).catch(() => {});
        }
        await browser?.close().catch(() => {});
        await run.stop();
    }
}

let code;
try {
    code = await main();
} catch (error) {
    if (!seen.failure) seen.failure = error instanceof Error ? error.message : String(error);
    code = 1;
}
mkdirSync(dirname(resultsFile), { recursive: true });
writeFileSync(resultsFile, JSON.stringify(seen, null, 2));
log(code === 0 ? 'PASS' : `FAIL: ${seen.failure}`, `screenshot: ${screenshot}`);
process.exit(code);
