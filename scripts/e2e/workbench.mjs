// What the e2e harnesses do in the VS Code workbench as a user does it: open the workbench in
// chromium, open a file, run a command from the palette, read the rows of a list.
import { launchChromium } from './code-server.mjs';
import { HANG_MS } from './harness.mjs';

export { HANG_MS };

/**
 * Chromium on the workbench of `folder`, with `payload` (development paths) when given; returns
 * the browser and its page once the workbench is drawn.
 */
export async function openWorkbench(run, folder, { payload, viewport, timeout = HANG_MS } = {}) {
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
    await page.waitForFunction(() => /SegPlan/.test(document.querySelector('#status\\.editor\\.mode')?.textContent ?? ''), null, { timeout: HANG_MS });
}

/** Opens a file of the workspace's top folder by double-clicking it in the explorer. */
export async function openFromExplorer(page, name) {
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().dblclick({ timeout: HANG_MS });
    await page.waitForFunction((file) => (document.querySelector('.tabs-container .tab.active')?.textContent ?? '').includes(file), name, { timeout: HANG_MS });
    await waitForEditorFocus(page);
}

/**
 * Waits until the keys go to the active editor, as a user sees the cursor blink there before
 * typing: the tab switches a moment before the focus leaves the explorer or the picker, and keys
 * typed in between go to them (a fast `plan` came out as `n`).
 */
export async function waitForEditorFocus(page) {
    await page.waitForFunction(() => !!document.activeElement?.closest('.editor-group-container.active .monaco-editor'), null, { timeout: HANG_MS });
}

/** Opens any file of the workspace by its path through Quick Open (Ctrl+P). */
export async function quickOpen(page, path) {
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget .quick-input-box input').waitFor({ timeout: HANG_MS });
    await page.keyboard.type(path, { delay: 10 });
    const name = path.split('/').pop();
    await page.locator('.quick-input-widget .monaco-list-row', { hasText: name }).first().waitFor({ timeout: HANG_MS });
    await page.keyboard.press('Enter');
    await page.waitForFunction((file) => (document.querySelector('.tabs-container .tab.active')?.textContent ?? '').includes(file), name, { timeout: HANG_MS });
    await waitForEditorFocus(page);
}

/**
 * Runs a command by its title from the command palette (F1), as a user does. On a busy machine the
 * palette can open before it has the focus or before it lists the commands, and keys typed then
 * are lost: the palette is given the title it shows, and opened again if the command does not
 * come up, as a user would.
 */
export async function runCommand(page, title, { hangMs = HANG_MS } = {}) {
    const input = page.locator('.quick-input-widget .quick-input-box input');
    const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title.replace(/^[^:]+:\s*/, '') }).first();
    // A key pressed while the workbench is busy may be lost, and a command registered late is not
    // listed yet: the palette is opened again until the command is there. How often it is tried
    // depends on the machine's speed, never the outcome: only a hang reaches the limit.
    const giveUp = Date.now() + hangMs;
    for (;;) {
        await page.keyboard.press('F1');
        try {
            await input.waitFor({ timeout: PALETTE_RETRY_MS });
            await input.fill(`>${title}`);
            await row.waitFor({ timeout: PALETTE_RETRY_MS });
            await page.keyboard.press('Enter');
            return;
        } catch (error) {
            if (Date.now() >= giveUp) throw error;
            await page.keyboard.press('Escape');
        }
    }
}

/** How long the palette is given before it is opened again (a retry, not a limit). */
const PALETTE_RETRY_MS = 20000;

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
    }, selector, { timeout: HANG_MS });
}

/**
 * Waits until the language server has checked the whole workspace, as the user sees it: the
 * SegPlan item in the hover of the language status (`{}` beside the language mode of a plan)
 * says how many files it checked, not busy. The hover shows the item as it changes. Returns the
 * item's text and detail ("SegPlan: 12 files checked, 3 findings", "1 error, 2 warnings, 0 notes").
 */
export async function workspaceChecked(page) {
    const status = page.locator('#status\\.languageStatus');
    const giveUp = Date.now() + HANG_MS;
    for (;;) {
        // The status bar draws the entry again as the item changes: it can go between being seen
        // and being measured, or take the hover with it; then it is looked for and pointed at again.
        const box = await status.waitFor({ timeout: HANG_MS }).then(() => status.boundingBox());
        if (box) {
            await pointAt(page, box.x + box.width / 2, box.y + box.height / 2);
            const shown = await page.waitForFunction(() => [...document.querySelectorAll('.hover-language-status')].some((e) => /SegPlan:/.test(e.textContent ?? '')), null, { timeout: HOVER_RETRY_MS }).catch(() => undefined);
            if (shown) {
                const item = await page.waitForFunction(() => {
                    const entry = [...document.querySelectorAll('.hover-language-status')].find((e) => /SegPlan:/.test(e.textContent ?? ''));
                    if (!entry) return 'gone';
                    // The item's text, then its detail after a separator.
                    const left = entry.querySelector('.left')?.cloneNode(true);
                    left?.querySelectorAll('.separator').forEach((s) => { s.textContent = ' — '; });
                    const text = left?.textContent?.replace(/[\s\u00a0]+/g, ' ').trim() ?? '';
                    return !entry.querySelector('.codicon-loading') && /\bchecked\b|could not be checked/.test(text) ? text : undefined;
                }, null, { timeout: HANG_MS });
                const text = await item.jsonValue();
                await page.mouse.move(1, 1); // the hover closes
                if (text !== 'gone') return text;
            }
        }
        if (Date.now() >= giveUp) throw new Error('the language status hover did not show the SegPlan item');
        await page.mouse.move(1, 1);
    }
}

/** How long a hover is given to open before the status is pointed at again (a retry, not a limit). */
const HOVER_RETRY_MS = 10000;

/** The number of findings as VS Code draws it on a badge (over 999 in thousands). */
export function badgeNumber(count) {
    if (count === 0) return ''; // no badge
    if (count <= 999) return String(count);
    const thousands = count / 1000;
    const whole = Math.floor(thousands);
    return thousands > whole ? `${whole}K+` : `${thousands}K`;
}

/** Polls the webviews' frames (the workbench's own left out) until one holds `selector`; returns that frame. */
export async function frameWith(page, selector) {
    const deadline = Date.now() + HANG_MS;
    while (Date.now() < deadline) {
        for (const frame of page.frames().filter((f) => f !== page.mainFrame())) {
            if (await frame.locator(selector).count().catch(() => 0)) return frame;
        }
        // The next look after the page has drawn again: a new frame or content comes with a frame.
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r()))).catch(() => {});
    }
    throw new Error(`no frame holding ${selector} appeared`);
}
