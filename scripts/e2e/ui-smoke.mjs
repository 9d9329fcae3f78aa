#!/usr/bin/env node
// UI smoke test: packages the extension, installs the .vsix into a throw-away code-server (real
// VS Code 1.100), opens a plan in headless chromium the way a user would and checks what the user
// sees: the language mode, the colouring, the error squiggles, the hover on a squiggle and the
// Problems panel; then the editor features a new user meets first: code lenses and inlay hints,
// the hover on a component, the quick-fix menu of a component with many missing flows, the
// completion list after `tcp `, the generated rules in their own editor, the settings, and the
// audit of a firewall configuration with its report rendered beside the plan. Saves a screenshot of
// each and writes what it saw as JSON for test/e2e to assert on.
//
// usage: node scripts/e2e/ui-smoke.mjs [--file=PLAN] [--screenshot=PNG] [--results=JSON] [--vsix=VSIX]
//   --file        default examples/veeam-mistakes.segplan (its folder becomes the workspace)
//   --screenshot  default .vscode-test/ui-smoke.png (the others beside it: ui-smoke-<what>.png)
// exit: 0 everything seen, 1 something missing, 2 the harness failed
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { copyWorkspace, requireChromium, startCodeServer } from './code-server.mjs';
import { harness } from './harness.mjs';
import { packageVsix } from './package-vsix.mjs';
import { scriptArgs } from './script-args.mjs';
import { drawn, frameWith, HANG_MS, lineWith, openFromExplorer, openWorkbench, pointAt, rowTexts, runCommand } from './workbench.mjs';

const args = scriptArgs();
const file = resolve(args.file ?? 'examples/veeam-mistakes.segplan');
const screenshot = resolve(args.screenshot ?? '.vscode-test/ui-smoke.png');
const resultsFile = resolve(args.results ?? '.vscode-test/ui-smoke.json');

/** What the smoke test saw; `failure` is set by the first step that did not happen. */
const { seen, step, shot: save, finish } = harness({
    file, screenshot, languageMode: '', errorSquiggles: 0, tokenColors: {}, hover: '', problems: [],
    codeLenses: [], inlayHints: [], componentHover: '', quickFixes: [], completions: [], generated: { title: '', languageMode: '', firstLines: [] }, auditReport: { title: '', heading: '' },
    settings: { categories: [], labels: [], toc: [] },
    screenshots: {}, failure: ''
});

/** The plan the audit scene checks a configuration against (it must have no errors). */
const AUDITED_PLAN = 'veeam-reference.segplan';

/** Whether the main screenshot (the plan with its findings) is taken; else the end state is. */
let mainShotTaken = false;

/** A screenshot beside the main one, `ui-smoke-<name>.png`, recorded in what the test saw. */
const shot = (page, name) => save(page, screenshot.replace(/\.png$/, `-${name}.png`), name);

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
    await pointAt(page, box.x + box.width / 2, box.y + box.height / 2);
    const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents').first();
    await hover.waitFor({ timeout: HANG_MS });
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
        ({ browser, page } = await step('workbench loaded', () => openWorkbench(run, folder)));
        await step(`opened ${basename(file)} from the explorer`, () => openFromExplorer(page, basename(file)));
        seen.languageMode = await step('language mode is SegPlan', async () => {
            await page.waitForFunction(() => /SegPlan/.test(document.querySelector('#status\\.editor\\.mode')?.textContent ?? ''),
                null, { timeout: HANG_MS });
            return (await page.textContent('#status\\.editor\\.mode'))?.trim() ?? '';
        });
        seen.errorSquiggles = await step('error squiggles drawn', async () => {
            await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: HANG_MS });
            return page.locator('.monaco-editor .squiggly-error').count();
        });
        seen.tokenColors = await tokenColors(page);
        seen.problems = await step('Problems panel lists the findings', async () => {
            await page.keyboard.press('Control+Shift+M');
            await page.locator('.markers-panel .monaco-list-row', { hasText: 'No allow rule lets' }).first().waitFor({ timeout: HANG_MS });
            return (await page.locator('.markers-panel .monaco-list-row').allTextContents()).map((t) => t.trim());
        });
        seen.hover = await step('hovering a squiggle shows the finding', () => hoverFirstSquiggle(page));
        await drawn(page, '.monaco-hover:not(.hidden) .hover-contents'); // the hover fades in
        await save(page, screenshot);
        mainShotTaken = true;
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+Shift+M'); // the Problems panel closes: more of the plan shows

        seen.codeLenses = await step('code lenses drawn above components and zones', async () => {
            await page.locator('.monaco-editor .codelens-decoration a').first().waitFor({ timeout: HANG_MS });
            return (await page.locator('.monaco-editor .codelens-decoration').allTextContents()).map((t) => t.trim()).filter(Boolean);
        });
        seen.inlayHints = await step('inlay hints drawn after ports and components', async () => {
            const hints = () => page.evaluate(() => [...new Set([...document.querySelectorAll('.monaco-editor .view-line span')]
                .map((s) => (s.textContent ?? '').replace(/\u00a0/g, ' ').trim()).filter((t) => /^‹[^‹›]+›$/.test(t)))]);
            await page.waitForFunction(() => [...document.querySelectorAll('.monaco-editor .view-line span')].some((s) => /^\s*‹[^‹›]+›\s*$/.test(s.textContent ?? '')),
                null, { timeout: HANG_MS });
            return hints();
        });
        await shot(page, 'code-lens-inlay-hints');

        seen.componentHover = await step('hovering a component shows its flows', async () => {
            const box = await lineWith(page, 'veeam.BackupServer').boundingBox();
            if (!box) throw new Error('the line of vbr is not on screen');
            await pointAt(page, box.x + 14, box.y + box.height / 2);
            const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents', { hasText: 'Flows out' }).first();
            await hover.waitFor({ timeout: HANG_MS });
            await drawn(page, '.monaco-hover:not(.hidden) .hover-contents');
            return (await hover.textContent())?.trim() ?? '';
        });
        await shot(page, 'component-hover');
        await page.keyboard.press('Escape');

        seen.quickFixes = await step('the quick-fix menu of vbr lists its fixes', async () => {
            await lineWith(page, 'veeam.BackupServer').click({ position: { x: 12, y: 5 } });
            await page.keyboard.press('Control+.');
            await page.locator('.action-widget .monaco-list-row').first().waitFor({ timeout: HANG_MS });
            await drawn(page, '.action-widget .monaco-list-row');
            return rowTexts(page, '.action-widget');
        });
        await shot(page, 'quick-fix-menu');
        await page.keyboard.press('Escape');

        seen.completions = await step('completion opens by itself after `tcp ` with the required ports', async () => {
            await page.keyboard.press('Control+End');
            await page.keyboard.press('Enter');
            await page.keyboard.type('allow vbr -> vcenter tcp ', { delay: 40 });
            await page.locator('.suggest-widget.visible .monaco-list-row').first().waitFor({ timeout: HANG_MS });
            // The server's answer: the list offers the ports vbr → vcenter needs, drawn in full.
            await page.locator('.suggest-widget.visible .monaco-list-row', { hasText: '443' }).first().waitFor({ timeout: HANG_MS });
            await drawn(page, '.suggest-widget.visible .monaco-list-row');
            return rowTexts(page, '.suggest-widget.visible');
        });
        await shot(page, 'completion-after-tcp');
        await page.keyboard.press('Escape');
        // The typed line goes again: Delete Line, then the line break before it.
        await page.keyboard.press('Control+Shift+K');
        await page.keyboard.press('Backspace');

        seen.generated = await step('Generate Firewall Rules opens the rules in a named editor', async () => {
            await runCommand(page, 'SegPlan: Generate Firewall Rules');
            await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'nftables' }).first().waitFor({ timeout: HANG_MS });
            await page.keyboard.type('nftables', { delay: 20 });
            await page.keyboard.press('Enter');
            // The example plan has errors on purpose: the modal asks, Cancel first.
            const anyway = page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Generate Anyway' }).first();
            await anyway.waitFor({ timeout: HANG_MS });
            await anyway.click();
            await page.waitForFunction(() => /\.nft\b/.test(document.querySelector('.tabs-container .tab.active')?.textContent ?? ''), null, { timeout: HANG_MS });
            // The rules are drawn: their header names SegPlan.
            await page.locator('.editor-group-container.active .monaco-editor .view-line', { hasText: 'SegPlan' }).first().waitFor({ timeout: HANG_MS });
            await drawn(page, '.editor-group-container.active .monaco-editor .view-line');
            return {
                title: (await page.textContent('.tabs-container .tab.active'))?.trim() ?? '',
                languageMode: (await page.textContent('#status\\.editor\\.mode'))?.trim() ?? '',
                firstLines: (await page.locator('.monaco-editor .view-line').allTextContents()).slice(0, 12).map((t) => t.replace(/\u00a0/g, ' '))
            };
        });
        await shot(page, 'generated-rules');

        seen.settings = await step('the extension\'s settings are listed under SegPlan', async () => {
            await page.keyboard.press('Control+,');
            await page.locator('.settings-editor').first().waitFor({ timeout: HANG_MS });
            await drawn(page, '.settings-toc-container .monaco-list-row');
            // As a user finds them: Extensions › SegPlan in the table of contents.
            await page.locator('.settings-toc-container .monaco-list-row', { hasText: 'Extensions' }).first().click();
            await page.locator('.settings-toc-container .monaco-list-row', { hasText: 'SegPlan' }).first().click({ timeout: HANG_MS });
            await page.locator('.settings-editor .setting-item-label', { hasText: 'Install Only Severity' }).first().waitFor({ timeout: HANG_MS });
            await drawn(page, '.settings-editor .setting-item-label');
            const texts = async (selector) => (await page.locator(`.settings-editor ${selector}`).allTextContents()).map((t) => t.trim()).filter(Boolean);
            return { categories: await texts('.setting-item-category'), labels: await texts('.setting-item-label'), toc: await texts('.settings-toc-container .monaco-list-row') };
        });
        await shot(page, 'settings');

        seen.auditReport = await step('Audit Firewall Config opens the report rendered', async () => {
            // A firewall that lets everything from the management zone to the backup zone through (and the replies), nothing else.
            const config = join(folder, 'deployed.rules');
            writeFileSync(config, '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT\n-A FORWARD -s 10.10.0.0/24 -d 10.30.0.0/24 -j ACCEPT\nCOMMIT\n');
            // The audit needs a plan without errors: the reference plan beside the example.
            await openFromExplorer(page, AUDITED_PLAN);
            await runCommand(page, 'SegPlan: Audit Firewall Config');
            // VS Code for the web asks for the file in its own dialog, a quick input holding the plan's folder.
            await page.locator('.quick-input-widget .monaco-list-row', { hasText: basename(config) }).first().waitFor({ timeout: HANG_MS });
            await page.keyboard.type(basename(config), { delay: 20 });
            await page.keyboard.press('Enter');
            await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'Detect from the content' }).first().waitFor({ timeout: HANG_MS });
            await page.keyboard.press('Enter');
            await page.waitForFunction(() => [...document.querySelectorAll('.tabs-container .tab.active')].some(t => /audit\.md/.test(t.textContent ?? '')), null, { timeout: HANG_MS })
                .catch(async (error) => { throw new Error(`${error.message}; notifications: ${await page.locator('.notifications-toasts').textContent().catch(() => '')}`); });
            // The report is drawn in the preview's webview: its heading is there.
            const preview = await frameWith(page, 'h1');
            const heading = (await preview.locator('h1').first().textContent()) ?? '';
            const titles = await page.locator('.tabs-container .tab.active').allTextContents();
            return { title: titles.map((t) => t.trim()).find((t) => /audit\.md/.test(t)) ?? titles.join(' | '), heading: heading.trim() };
        });
        await shot(page, 'audit-report');
        return 0;
    } finally {
        if (page && !mainShotTaken) {
            await save(page, screenshot).catch(() => {});
        } else if (page && seen.failure) {
            // Where a later scene stopped, for whoever reads the failure.
            await shot(page, 'failure').catch(() => {});
        }
        await browser?.close().catch(() => {});
        await run.stop();
    }
}

await finish(main, { resultsFile, summary: (code) => `${code === 0 ? 'PASS' : `FAIL: ${seen.failure}`} screenshot: ${screenshot}` });
