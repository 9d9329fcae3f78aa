#!/usr/bin/env node
// Types whole plans key by key into a real VS Code 1.100 (code-server + chromium) through its UI,
// with the suggestions a user has by default (quick suggestions on, accept on Enter, suggestions on
// trigger characters), once at a human pace and once as fast as the editor takes the keys. Where
// the user means to take a suggestion (`VBR` + Enter, `veeam.Prox` + Tab, Enter on the port list of
// an allow rule) the script waits for the list to show that item first and presses the key; every
// other Enter, Space and Backspace is meant as typed. The file is saved and read from disk: the
// verdict (in test/e2e/typing.test.ts) is only whether it holds exactly what was meant. The pace
// exercises the timing; no result depends on it. Then the target picker and the "plan has errors"
// dialog of "Generate Firewall Rules", as a user meets them. Screenshots go to .vscode-test/typing/.
//
// usage: node scripts/e2e/typing.mjs [--results=JSON] [--paces=human,fast]
// exit: 0 every plan came out as meant, 1 something differed or did not happen, 2 the harness failed
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { copyWorkspace, requireChromium, startCodeServer } from './code-server.mjs';
import { harness } from './harness.mjs';
import { scriptArgs } from './script-args.mjs';
import { drawn, HANG_MS, openFromExplorer, openWorkbench, runCommand, waitForEditorFocus, waitForSegPlanMode } from './workbench.mjs';

const args = scriptArgs();
const resultsFile = resolve(args.results ?? '.vscode-test/typing.json');
const shots = resolve('.vscode-test/typing');
/** Milliseconds between keys: a person typing steadily, and no pause at all. */
const PACES = { human: 150, fast: 0 };

/**
 * VS Code's defaults for suggestions, spelled out: this is what a user has. Accepting on Enter is
 * left to the defaults too: VS Code's `on`, which the extension makes `smart` for plans (Enter takes
 * a suggestion only when it changes the text).
 */
const USER_SUGGEST_SETTINGS = {
    'editor.quickSuggestions': { other: 'on', comments: 'off', strings: 'off' },
    'editor.suggestOnTriggerCharacters': true,
    'editor.tabCompletion': 'off',
    'editor.wordBasedSuggestions': 'matchingDocuments',
    // The web workbench saves after a delay by default: the file is read after Ctrl+S only.
    'files.autoSave': 'off'
};

/**
 * The plan as typed. Text is typed a key at a time; `⏎` is Enter, `⌫` Backspace; `{Enter veeam.X}`
 * or `{Tab veeam.X}` is taking the suggestion `veeam.X` with that key, which replaces the word
 * before the cursor.
 */
const SCRIPT = [
    'plan "Typed by hand"⏎',
    'zone mgmt 10.10.10.0/24⏎',
    'zone backpu⌫⌫up 10.30.0.0/24⏎',
    'zone prod 10.20.0.0/16⏎',
    '// the backup server, by its alias⏎',
    'vbr : VBR{Enter veeam.BackupServer} in mgmt at 10.10.10.10 os windows⏎',
    'proxy : veeam.Prox{Tab veeam.Proxy} in backup os windows on vsphere⏎',
    'repo : veeam.Repository in backup os linux⏎',
    'vcenter : vmware.VCenter in prod⏎',
    'allow vbr -> proxy tcp 6160, 6162⏎',
    'allow vbr -> vcenter tcp {Enter 443}⏎',
    'allow vbr -> repo tcp 6162, 6160 "data movers"⏎'
].join('');

/** The script as keys and suggestion steps, and the text it means. */
function parse(script) {
    const steps = [];
    let meant = '';
    for (const m of script.matchAll(/\{(Enter|Tab) ([^}]+)\}|⏎|⌫|[^{⏎⌫]/gu)) {
        if (m[1]) {
            steps.push({ accept: m[1], label: m[2] });
            meant = meant.replace(/[\w.]*$/, m[2]);
        } else if (m[0] === '⏎') {
            steps.push({ key: 'Enter' });
            meant += '\n';
        } else if (m[0] === '⌫') {
            steps.push({ key: 'Backspace' });
            meant = meant.slice(0, -1);
        } else {
            steps.push({ char: m[0] });
            meant += m[0];
        }
    }
    return { steps, meant };
}

const { seen, log, step, shot: save, finish } = harness({ paces: {}, accepted: [], noListAfterFinishedValue: null, offeredAfterFinishedValue: [], targetPicker: { rows: [], picked: '' }, dialog: { buttons: [], focused: '', detail: '' }, generated: { languageMode: '', guessedForTheSameText: '' }, screenshots: {}, failure: '' });

const shot = (page, name) => save(page, join(shots, `${name}.png`), name);

/** Waits until the suggestion list shows `label` as its focused (first) item: what the user waits for. */
async function waitForFocusedSuggestion(page, label) {
    try {
        await page.waitForFunction((wanted) => {
            const row = document.querySelector('.suggest-widget.visible .monaco-list-row.focused');
            const name = row?.querySelector('.label-name')?.textContent?.trim();
            return name === wanted;
        }, label, { timeout: HANG_MS });
    } catch (error) {
        throw new Error(`${error instanceof Error ? error.message.split('\n')[0] : error}; ${await editorState(page)}`);
    }
}

/** What the editor showed when a wait ran out: the suggestion list and the lines in view. */
async function editorState(page) {
    const state = await page.evaluate(() => ({
        list: [...document.querySelectorAll('.suggest-widget.visible .monaco-list-row')]
            .map((row) => `${row.classList.contains('focused') ? '>' : ''}${row.querySelector('.label-name')?.textContent?.trim()}`),
        message: document.querySelector('.suggest-widget.visible .message')?.textContent?.trim() ?? '',
        lines: [...document.querySelectorAll('.editor-instance .view-lines .view-line')]
            .map((line) => ({ top: parseFloat(line.style.top), text: line.textContent?.replace(/\u00a0/g, ' ') ?? '' }))
            .sort((a, b) => a.top - b.top).map((line) => line.text)
    })).catch((error) => ({ error: String(error) }));
    return `the editor showed ${JSON.stringify(state)}`;
}

/**
 * Whether nothing is offered at the cursor that Enter would take, asked for as the user does
 * (Ctrl+Space) once the keys before it are in: the list then shows the providers' answer for this
 * very place — its items, or "No suggestions." — where waiting a while would only show that no
 * answer had come yet. The list that opens by itself asks the same providers at the same place.
 * An item that is the finished word itself changes nothing, and Enter does not take it (the
 * extension makes Enter accept only a suggestion that changes the text).
 */
async function nothingToTakeHere(page, word) {
    await page.keyboard.press('Control+Space');
    await page.waitForFunction(() => {
        const widget = document.querySelector('.suggest-widget.visible');
        if (!widget) return false;
        const message = widget.querySelector('.message')?.textContent?.trim() ?? '';
        // "Loading…" is shown while the providers have not answered.
        return widget.querySelector('.monaco-list-row') !== null || /^No suggestions/.test(message);
    }, null, { timeout: HANG_MS });
    await drawn(page, '.suggest-widget.visible');
    const labels = await page.locator('.suggest-widget.visible .monaco-list-row .label-name').allTextContents();
    seen.offeredAfterFinishedValue = labels.map((l) => l.trim());
    return seen.offeredAfterFinishedValue.every((label) => label === word);
}

async function typePlan(page, folder, pace) {
    const file = `typed-${pace}.segplan`;
    await step(`[${pace}] opened ${file}`, async () => {
        await openFromExplorer(page, file);
        await waitForSegPlanMode(page);
    });
    const { steps, meant } = parse(SCRIPT);
    const delay = PACES[pace];
    const pause = () => (delay ? page.waitForTimeout(delay) : undefined);
    let typed = '';
    for (const s of steps) {
        if (s.accept) {
            await step(`[${pace}] the list shows ${s.label} first after "${typed.split('\n').pop()}"`, () => waitForFocusedSuggestion(page, s.label));
            if (pace === 'human' && s.label === 'veeam.BackupServer') await shot(page, 'vbr-alias-first');
            await page.keyboard.press(s.accept);
            seen.accepted.push({ pace, label: s.label, key: s.accept });
        } else if (s.key) {
            if (pace === 'human' && s.key === 'Enter' && typed.endsWith('zone mgmt 10.10.10.0/24')) {
                // A finished address: the list, if it opened, would take this Enter.
                seen.noListAfterFinishedValue = await step(`[${pace}] asked for suggestions after a finished address`, () => nothingToTakeHere(page, '10.10.10.0/24'));
                await shot(page, 'no-list-after-address');
                await page.keyboard.press('Escape');
                await page.waitForFunction(() => !document.querySelector('.suggest-widget.visible'), null, { timeout: HANG_MS });
            }
            await page.keyboard.press(s.key);
        } else {
            await page.keyboard.type(s.char);
        }
        typed += s.char ?? (s.key === 'Enter' ? '\n' : '');
        await pause();
    }
    await page.keyboard.press('Escape');
    const path = join(folder, file);
    await page.keyboard.press('Control+S');
    await step(`[${pace}] saved`, () => page.waitForFunction(() => !document.querySelector('.tabs-container .tab.active.dirty'), null, { timeout: HANG_MS }));
    const written = readFileSync(path, 'utf8');
    seen.paces[pace] = { meant, written, keys: steps.length, delayMs: delay };
    log(`[${pace}] ${written === meant ? 'the file is exactly what was meant' : 'the file differs from what was meant'}`);
}

/** The language mode the status bar shows for the active editor. */
const languageMode = async (page) => (await page.textContent('#status\\.editor\\.mode'))?.trim() ?? '';

/**
 * Puts the lines of the active editor into a new untitled editor, waits until VS Code has guessed
 * its language (the status bar leaves Plain Text), closes it without saving and returns to the
 * editor before; returns the language guessed.
 */
async function guessedLanguageOfTheSameText(page) {
    await drawn(page, '.editor-group-container.active .monaco-editor .view-line');
    const text = await page.evaluate(() => [...document.querySelectorAll('.editor-group-container.active .monaco-editor .view-line')]
        .map((line) => ({ top: parseFloat(line.style.top), text: (line.textContent ?? '').replace(/\u00a0/g, ' ') }))
        .sort((a, b) => a.top - b.top).map((line) => line.text).join('\n'));
    const before = (await page.textContent('.tabs-container .tab.active'))?.trim() ?? '';
    await runCommand(page, 'File: New Untitled Text File');
    await page.waitForFunction((before) => (document.querySelector('.tabs-container .tab.active')?.textContent?.trim() ?? '') !== before, before, { timeout: HANG_MS });
    await page.waitForFunction(() => /Plain Text/.test(document.querySelector('#status\\.editor\\.mode')?.textContent ?? ''), null, { timeout: HANG_MS });
    await waitForEditorFocus(page);
    await page.keyboard.insertText(text);
    await page.waitForFunction(() => {
        const mode = document.querySelector('#status\\.editor\\.mode')?.textContent?.trim() ?? '';
        return mode !== '' && !/Plain Text/.test(mode);
    }, null, { timeout: HANG_MS });
    const guessed = await languageMode(page);
    await shot(page, 'same-text-guessed');
    await runCommand(page, 'View: Revert and Close Editor');
    await page.waitForFunction((before) => (document.querySelector('.tabs-container .tab.active')?.textContent?.trim() ?? '') === before, before, { timeout: HANG_MS });
    return guessed;
}

/** "Generate Firewall Rules…" on the typed plan: `nftables` + Enter in the picker, then the dialog. */
async function generateRules(page) {
    await step('opened the target picker', async () => {
        await runCommand(page, 'SegPlan: Generate Firewall Rules');
        await page.locator('.quick-input-widget .monaco-list-row', { hasText: 'nftables' }).first().waitFor({ timeout: HANG_MS });
    });
    await page.keyboard.type('nftables');
    // The picker has filtered on every key: its box holds the word and the rows are drawn.
    await page.waitForFunction(() => document.querySelector('.quick-input-widget .quick-input-box input')?.value === 'nftables', null, { timeout: HANG_MS });
    await drawn(page, '.quick-input-widget .monaco-list-row');
    seen.targetPicker.rows = (await page.locator('.quick-input-widget .monaco-list-row').allTextContents()).map((t) => t.replace(/\s+/g, ' ').trim());
    seen.targetPicker.picked = (await page.locator('.quick-input-widget .monaco-list-row.focused').first().textContent())?.replace(/\s+/g, ' ').trim() ?? '';
    await shot(page, 'target-picker');
    await page.keyboard.press('Enter');
    await step('the "plan has errors" dialog opened', () => page.locator('.monaco-dialog-box').first().waitFor({ timeout: HANG_MS }));
    // Opened in full: a button has the focus (keys go to the dialog) and its text is drawn.
    await page.waitForFunction(() => Boolean(document.activeElement?.closest('.monaco-dialog-box .monaco-button')), null, { timeout: HANG_MS });
    await drawn(page, '.monaco-dialog-box');
    seen.dialog = await page.evaluate(() => ({
        buttons: [...document.querySelectorAll('.monaco-dialog-box .monaco-button')].map((b) => b.textContent?.trim() ?? ''),
        focused: document.activeElement?.closest('.monaco-button') ? document.activeElement.textContent?.trim() ?? '' : '',
        detail: document.querySelector('.monaco-dialog-box .dialog-message-detail')?.textContent ?? ''
    }));
    await shot(page, 'plan-has-errors-dialog');
    await page.locator('.monaco-dialog-box .monaco-button', { hasText: 'Generate Anyway' }).first().click();
    await step('the rules opened in their own editor', () => page.waitForFunction(
        () => /\.nft\b/.test(document.querySelector('.tabs-container .tab.active')?.textContent ?? ''), null, { timeout: HANG_MS }));
    // VS Code guesses a language for untitled text a while after it changes, unless the language
    // was set on purpose. The guess has had its chance once the same text, put into an untitled
    // editor of no language after the rules' editor got its text, has been given a guessed one.
    seen.generated.guessedForTheSameText = await step('VS Code guessed a language for the same text in a new editor', () => guessedLanguageOfTheSameText(page));
    seen.generated.languageMode = (await page.textContent('#status\\.editor\\.mode'))?.trim() ?? '';
    await shot(page, 'generated-nftables');
}

async function main() {
    requireChromium();
    const run = await step('code-server started', () => startCodeServer({ settings: USER_SUGGEST_SETTINGS }));
    let browser;
    let page;
    try {
        const folder = copyWorkspace(run, 'test/vscode/workspace');
        const paces = (args.paces ?? Object.keys(PACES).join(',')).split(',');
        // Empty plans to type into, there before the explorer lists the folder.
        for (const pace of paces) writeFileSync(join(folder, `typed-${pace}.segplan`), '');
        // The extension as built in this tree, as a developer runs it (no test entry: the UI is driven from here).
        ({ browser, page } = await step('workbench loaded',
            () => openWorkbench(run, folder, { payload: [['extensionDevelopmentPath', run.remoteUri(resolve('.'))]] })));
        for (const pace of paces) await typePlan(page, folder, pace);
        await generateRules(page);
        return 0;
    } catch (error) {
        if (page) await shot(page, 'failure').catch(() => {});
        throw error;
    } finally {
        await browser?.close().catch(() => {});
        await run.stop();
    }
}

// A typed plan that differs from what was meant fails the run even when every step happened.
const differs = () => Object.values(seen.paces).some((p) => p.written !== p.meant);
await finish(main, {
    resultsFile,
    verdict: (code) => (code === 0 && differs() ? 1 : code),
    summary: (code) => (code === 0 ? 'PASS' : `FAIL: ${seen.failure || 'a typed plan differs from what was meant'}`)
});
