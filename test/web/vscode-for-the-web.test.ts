// The extension in a real VS Code for the Web: VS Code 1.100's web workbench (code-server) in
// Debian's Chromium, the extension installed as vscode.dev installs one — from a web location —
// so it runs in the browser's web worker extension host from package.json's `browser` entry, and
// its language server is a worker that reads the workspace through VS Code. Nothing is installed
// on the server's side: were the extension to run in a Node extension host, there would be none.
import * as assert from 'node:assert';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { HANG_MS, TEST_HANG_GUARD_MS, serveFolder, type StaticServer } from './browser.js';

interface CodeServerRun { authority: string; tmp: string; log(): string; stop(): Promise<void> }
type Workbench = { browser: BrowserContext; page: Page };

const script = (name: string) => pathToFileURL(resolve('scripts/e2e', name)).href;

describe('VS Code for the Web (the web workbench of VS Code 1.100): the extension from a web location', function () {
    this.timeout(TEST_HANG_GUARD_MS);
    let run: CodeServerRun;
    let extension: StaticServer;
    let workbench: Workbench | undefined;
    let page: Page;
    let runCommand: (page: Page, title: string) => Promise<void>;
    let openFromExplorer: (page: Page, name: string) => Promise<void>;
    let workspace: string;
    const messages: string[] = [];
    /** Every request the browser made that Playwright sees (the page's and its workers'). */
    const browserRequests: string[] = [];

    /** Generate Firewall Rules… for nftables, from the palette, and on although the plan has errors. */
    async function generateNftablesAnyway(): Promise<void> {
        await runCommand(page, 'SegPlan: Generate Firewall Rules');
        // The command's own picker, once the server listed its targets (the palette has closed then).
        const targets = page.locator('.quick-input-widget .quick-input-box input[placeholder="Target platform or format"]');
        await targets.waitFor({ timeout: HANG_MS });
        await targets.fill('nftables');
        await page.locator('.quick-input-widget .monaco-list-row', { hasText: /^\s*nftables\b/ }).first().waitFor({ timeout: HANG_MS });
        await page.keyboard.press('Enter');
        // The plan still has errors (the missing import, the name used twice): the modal asks.
        const anyway = page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Generate Anyway' }).first();
        await anyway.waitFor({ timeout: HANG_MS });
        await anyway.click();
    }

    before(async () => {
        const { startCodeServer } = await import(script('code-server.mjs')) as { startCodeServer(o?: object): Promise<CodeServerRun> };
        const e2e = await import(script('workbench.mjs')) as {
            openWorkbench(run: CodeServerRun, folder: string): Promise<Workbench>; runCommand: typeof runCommand; openFromExplorer: typeof openFromExplorer;
        };
        ({ runCommand, openFromExplorer } = e2e);
        const { openWorkbench } = e2e;
        // The extension's folder as a web host serves it. The workbench reaches it through
        // code-server's own origin (its port proxy): its page may fetch from no other http origin.
        extension = await serveFolder('.');
        run = await startCodeServer();
        workspace = mkdtempSync(join(tmpdir(), 'segplan-web-workspace-'));
        cpSync('test/fixtures/imports', workspace, { recursive: true });
        workbench = await openWorkbench(run, workspace);
        page = workbench.page;
        workbench.browser.on('request', request => browserRequests.push(request.url()));
        page.on('console', message => messages.push(message.text()));
        // The workbench answers the palette once its explorer is drawn (late on a busy machine).
        await page.locator('.explorer-folders-view .monaco-list-row', { hasText: 'plan.segplan' }).first().waitFor({ timeout: HANG_MS });
        await runCommand(page, 'Developer: Install Extension from Location...');
        await page.locator('.quick-input-widget .quick-input-box input').waitFor({ timeout: HANG_MS });
        await page.keyboard.type(`http://${run.authority}/proxy/${new URL(extension.url).port}/`, { delay: 5 });
        await page.keyboard.press('Enter');
    });
    after(async () => {
        await workbench?.browser.close();
        await run?.stop();
        await extension?.close();
        if (workspace) rmSync(workspace, { recursive: true, force: true });
    });

    it('runs the browser entry in the web worker extension host, and starts the language server worker from the extension', async () => {
        const { waitForSegPlanMode } = await import(script('workbench.mjs')) as { waitForSegPlanMode(page: Page): Promise<void> };
        await openFromExplorer(page, 'plan.segplan');
        await waitForSegPlanMode(page);
        await page.waitForSelector('.monaco-editor .squiggly-error', { timeout: HANG_MS });
        assert.ok(extension.requests.includes('/out/web/extension.js'), `requests: ${extension.requests.join(', ')}`);
        assert.ok(extension.requests.includes('/out/server/language-server.js'), `requests: ${extension.requests.join(', ')}`);
        assert.deepStrictEqual(messages.filter(line => /Activating extension .segplan\.segplan. failed/.test(line)), []);
    });

    it('lists the findings in the Problems panel, with what it read from the imported files of the workspace', async () => {
        await page.keyboard.press('Control+Shift+M');
        const rows = page.locator('.markers-panel .monaco-list-row');
        // A finding about an imported file's zone: the worker read shared/zones.segplan through VS Code.
        await rows.filter({ hasText: 'already used by a zone in zones.segplan' }).first().waitFor({ timeout: HANG_MS });
        await rows.filter({ hasText: 'No allow rule lets proxy → esx tcp 902' }).first().waitFor({ timeout: HANG_MS });
        await rows.filter({ hasText: "Cannot find 'missing.segplan'" }).first().waitFor({ timeout: HANG_MS });
        await page.keyboard.press('Control+Shift+M');
    });

    // The finding about 902 is a fact of the Veeam catalog only (a proxy on vSphere reads an ESXi
    // host over NFC on tcp 902): the worker has the built-in catalogs. It fetches the trees the
    // build wrote beside the server's bundle (without them it would parse the catalogs) from the
    // extension's location (the static host, reached through the workbench's origin), no other host.
    it('reads the built-in catalogs as the trees beside the server, fetched from the extension\'s own location', async () => {
        const trees = '/out/server/builtin-catalogs.json';
        assert.ok(extension.requests.includes(trees), `requests: ${extension.requests.join(', ')}`);
        assert.ok(extension.requests.indexOf(trees) > extension.requests.indexOf('/out/server/language-server.js'), 'fetched by the language server worker');
        // As the browser asked for them: at the extension's location, from no other host.
        const fetched = new Set(browserRequests.filter(url => new URL(url).pathname.endsWith('/builtin-catalogs.json')));
        assert.deepStrictEqual([...fetched], [`http://${run.authority}/proxy/${new URL(extension.url).port}${trees}`]);
    });

    it('explains a finding on hover', async () => {
        const squiggle = page.locator('.monaco-editor .squiggly-error').first();
        const box = await squiggle.boundingBox();
        assert.ok(box, 'the squiggle is not on screen');
        await page.mouse.move(box.x + box.width / 2 - 4, box.y + box.height / 2 - 3);
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents').first();
        await hover.waitFor({ timeout: HANG_MS });
        assert.match((await hover.textContent()) ?? '', /missing\.segplan|already used|No allow rule/);
        await page.keyboard.press('Escape');
    });

    it('applies a quick fix: the rule that runs between proxy and esx gets 902', async () => {
        const rule = page.locator('.monaco-editor .view-line', { hasText: 'allow proxy -> esx tcp 443' }).first();
        await rule.click({ position: { x: 12, y: 5 } });
        await page.keyboard.press('Control+.');
        await page.locator('.action-widget .monaco-list-row.action', { hasText: '902' }).first().waitFor({ timeout: HANG_MS });
        // As a user picks it from the keyboard: down to the fix, then Enter (the list's first action has the focus).
        const actions = await page.locator('.action-widget .monaco-list-row.action').allTextContents();
        for (let i = 0; i < actions.findIndex(text => text.includes('902')); i++) await page.keyboard.press('ArrowDown');
        await page.locator('.action-widget .monaco-list-row.action.focused', { hasText: '902' }).waitFor({ timeout: HANG_MS });
        await page.keyboard.press('Enter');
        await page.locator('.monaco-editor .view-line', { hasText: /allow\s+proxy\s+->\s+esx\s+tcp\s.*\b902\b/ }).first().waitFor({ timeout: HANG_MS });
    });

    it('generates nftables rules into a new editor, after saying what blocks a plan with errors', async () => {
        await page.keyboard.press('Escape');
        await generateNftablesAnyway();
        // The rules open in an editor of their own, named as the file they would be saved as.
        await page.waitForFunction(() => /plan\.nft\b/.test(document.querySelector('.tabs-container .tab.active')?.textContent ?? ''), null, { timeout: HANG_MS });
        // The rule the quick fix made, proxy to esx on 902, as nftables reads it: found as a user
        // finds it (the editor draws only the lines on screen, its spaces as no-break spaces).
        await page.keyboard.press('Control+F');
        const find = page.locator('.editor-group-container.active .find-widget textarea, .editor-group-container.active .find-widget input').first();
        await find.waitFor({ timeout: HANG_MS });
        await find.fill('ip saddr @host_proxy_v4 ip daddr @host_esx_v4');
        await page.locator('.editor-group-container.active .monaco-editor .view-line', { hasText: /ip\s+saddr\s+@host_proxy_v4\s+ip\s+daddr\s+@host_esx_v4\s+tcp\s+dport\s+@ports_443_902\s+accept/ }).first().waitFor({ timeout: HANG_MS });
        await page.keyboard.press('Escape');
    });

    it('opens the rules again when they were saved beside the plan before, in an editor of no name', async () => {
        // The unsaved rules of the test before are gone; the saved ones are beside the plan. VS Code
        // names no new editor after a file that exists.
        await page.keyboard.press('Escape');
        await runCommand(page, 'View: Revert and Close Editor');
        await page.waitForFunction(() => !Array.from(document.querySelectorAll('.tabs-container .tab')).some(tab => tab.textContent?.includes('plan.nft')), null, { timeout: HANG_MS });
        writeFileSync(join(workspace, 'plan.nft'), '# the rules as applied earlier\n');
        await openFromExplorer(page, 'plan.segplan');
        await generateNftablesAnyway();
        // An untitled editor of no name is named after its first line.
        await page.waitForFunction(() => /nft -f|Untitled-\d/.test(document.querySelector('.tabs-container .tab.active')?.textContent?.replace(/\u00a0/g, ' ') ?? ''), null, { timeout: HANG_MS });
        await page.locator('.editor-group-container.active .monaco-editor .view-line', { hasText: /^#!\/usr\/sbin\/nft\s+-f/ }).first().waitFor({ timeout: HANG_MS });
    });
});
