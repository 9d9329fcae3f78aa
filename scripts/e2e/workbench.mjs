// What the e2e harnesses do in the VS Code workbench as a user does it: open the workbench in
// chromium, open a file, run a command from the palette, read the rows of a list.
import { launchChromium } from './code-server.mjs';

/**
 * Chromium on the workbench of `folder`, with `payload` (development paths) when given; returns
 * the browser and its page once the workbench is drawn.
 */
export async function openWorkbench(run, folder, { payload, viewport, timeout = 120000 } = {}) {
    const browser = await launchChromium(run, viewport);
    try {
        const page = browser.pages()[0] ?? await browser.newPage();
        // The page's load event can take longer than Playwright's 30 s on a busy machine.
        await page.goto(run.url(folder, payload), { waitUntil: 'domcontentloaded', timeout });
        await page.waitForSelector('.monaco-workbench', { timeout });
        return { browser, page };
    } catch (error) {
        // The caller never got the browser to close.
        await browser.close().catch(() => {});
        throw error;
    }
}

/** Waits until the active editor is in the SegPlan language mode. */
export async function waitForSegPlanMode(page) {
    await page.waitForFunction(() => /SegPlan/.test(document.querySelector('#status\\.editor\\.mode')?.textContent ?? ''), null, { timeout: 30000 });
}

/** Opens a file of the workspace's top folder by double-clicking it in the explorer. */
export async function openFromExplorer(page, name) {
    // The explorer is drawn a while after the workbench, the longer the busier the machine.
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().dblclick({ timeout: 90000 });
    await page.waitForFunction((file) => (document.querySelector('.tabs-container .tab.active')?.textContent ?? '').includes(file), name, { timeout: 30000 });
    await waitForEditorFocus(page);
}

/**
 * Waits until the keys go to the active editor, as a user sees the cursor blink there before
 * typing: the tab switches a moment before the focus leaves the explorer or the picker, and keys
 * typed in between go to them (a fast `plan` came out as `n`).
 */
export async function waitForEditorFocus(page) {
    await page.waitForFunction(() => !!document.activeElement?.closest('.editor-group-container.active .monaco-editor'), null, { timeout: 30000 });
}

/** Opens any file of the workspace by its path through Quick Open (Ctrl+P). */
export async function quickOpen(page, path) {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget .quick-input-box input').waitFor({ timeout: 30000 });
    await page.keyboard.type(path, { delay: 10 });
    const name = path.split('/').pop();
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ timeout: 60000 });
    await page.keyboard.press('Enter');
    await page.waitForFunction((file) => (document.querySelector('.tabs-container .tab.active')?.textContent ?? '').includes(file), name, { timeout: 30000 });
    await waitForEditorFocus(page);
}

/**
 * Runs a command by its title from the command palette (F1), as a user does. On a busy machine the
 * palette can open before it has the focus or before it lists the commands, and keys typed then
 * are lost: the palette is given the title it shows, and opened again if the command does not
 * come up, as a user would.
 */
export async function runCommand(page, title, { attempts = 3, timeout = 30000 } = {}) {
    const input = page.locator('.quick-input-widget .quick-input-box input');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title.replace(/^[^:]+:\s*/, '') }).first();
    for (let attempt = 1; ; attempt++) {
        await page.keyboard.press('F1');
        try {
            await input.waitFor({ timeout });
            await input.fill(`>${title}`);
            await row.waitFor({ timeout });
            await page.keyboard.press('Enter');
            return;
        } catch (error) {
            if (attempt >= attempts) throw error;
            await page.keyboard.press('Escape');
        }
    }
}

/** The rows of a list widget (suggestions, actions, quick pick) as their visible text (hidden separators left out). */
export async function rowTexts(page, selector) {
    return (await page.locator(`${selector} .monaco-list-row`).allInnerTexts()).map((t) => t.replace(/[\s\u00a0]+/g, ' ').trim()).filter(Boolean);
}

/** The editor line holding a text, on screen. */
export function lineWith(page, text) {
    return page.locator('.monaco-editor .view-line', { hasText: text }).first();
}

/** Moves the mouse onto a point in two steps: VS Code opens a hover on a move, not on a jump. */
export async function pointAt(page, x, y) {
    await page.mouse.move(x - 4, y - 3);
    await page.mouse.move(x, y);
}

/**
 * Waits until what `selector` shows (its text and where it is drawn) is there and the same on two
 * frames in a row: a widget that is still filling in or sliding into place is not read yet.
 */
export async function drawn(page, selector) {
    await page.waitForFunction(async (selector) => {
        const seen = () => [...document.querySelectorAll(selector)]
            .map((e) => { const r = e.getBoundingClientRect(); return `${e.textContent}@${r.x},${r.y},${r.width},${r.height}`; }).join('|');
        const before = seen();
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return before !== '' && before === seen();
    }, selector, { timeout: 300000 });
}
