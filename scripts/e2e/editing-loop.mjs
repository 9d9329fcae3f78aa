#!/usr/bin/env node
// The daily editing loop in a real VS Code 1.100 (code-server + chromium), in one session on a
// workspace laid out like the repository (its plans, catalogs and test fixtures, its segplan.json)
// with a user's files.exclude: what the Problems panel lists; a broken rule that hides nothing
// below it; the quick fixes that accept a deliberate rule or declare it as the plan's own
// requirement, chosen from the lightbulb and typed into; the message of a partly allowed flow; the
// inlay hints and the code-lens list of flows; the finding codes linked to their documentation;
// citations as document links. A screenshot of each goes to .vscode-test/editing-loop/, and what
// was seen (DOM and saved files) is written as JSON for test/e2e/editing-loop.test.ts.
//
// usage: node scripts/e2e/editing-loop.mjs [--results=JSON]
// exit: 0 everything seen, 1 something missing, 2 the harness failed
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { requireChromium, startCodeServer } from './code-server.mjs';
import { harness } from './harness.mjs';
import { badgeNumber, drawn, HANG_MS, lineWith, openWorkbench, pointAt, quickOpen, rowTexts, waitForSegPlanMode, workspaceChecked } from './workbench.mjs';
import { scriptArgs } from './script-args.mjs';

const args = scriptArgs();
const resultsFile = resolve(args.results ?? '.vscode-test/editing-loop.json');
const shots = resolve('.vscode-test/editing-loop');

const { seen, step, shot, finish } = harness({
    workspace: { files: [], excludedBySegplanJson: [], excludedByFilesExclude: [] },
    problemFiles: [],
    workspaceStatus: '',
    recovery: { problems: [], lines: [] },
    quickFixes: { accept: { menu: [], selection: '', written: '' }, declare: { menu: [], selection: '', written: '' } },
    partial: { problems: [] },
    hints: { lines: [], editorRight: 0 },
    flowList: { lens: '', rows: [] },
    codeLink: { text: '', href: '' },
    hoverCodeLink: { text: '', href: '' },
    documentLinks: { links: [], hover: '' },
    screenshots: {},
    failure: ''
});
const picture = (page, name) => shot(page, join(shots, `${name}.png`), name);

/** A folder the user hides with files.exclude, holding a plan with a syntax error. */
const HIDDEN_FOLDER = 'scratch';

/** The user's settings: their own files.exclude besides VS Code's. */
const USER_SETTINGS = {
    'files.exclude': { '**/.git': true, [`**/${HIDDEN_FOLDER}`]: true },
    'files.autoSave': 'off'
};

/** A rule broken half-way (a port list ending in a comma), rules and components below it. */
const BROKEN_RULE = [
    'plan "Broken rule"',
    'zone mgmt 10.10.0.0/24',
    'zone backup 10.30.0.0/24',
    'vbr : veeam.BackupServer in mgmt at 10.10.0.10',
    'allow vbr -> proxy tcp 6160, 6162,',
    'proxy : veeam.Proxy in backup at 10.30.0.21 os windows on vsphere',
    'allow vbr -> repo tcp 6162, 6160',
    'repo : veeam.Repository in backup at 10.30.0.31 os windows',
    ''
].join('\n');

/**
 * Rules as an engineer writes them on purpose: one described in its own words (its hints must not
 * say it again), one that leaves part of a port range out, one no catalog flow needs (accepted
 * with a reason), one the plan needs for itself (declared as a requirement).
 */
const DELIBERATE = [
    'plan "Deliberate rules"',
    '',
    'zone mgmt   10.10.0.0/24',
    'zone prod   10.20.0.0/16',
    'zone backup 10.30.0.0/24',
    '',
    'vbr     : veeam.BackupServer in mgmt   at 10.10.0.10',
    'vcenter : vmware.VCenter     in prod   at 10.20.0.5',
    'proxy   : veeam.Proxy        in backup at 10.30.0.21 os windows on vsphere',
    'repo    : veeam.Repository   in backup at 10.30.0.31 os windows',
    '',
    'allow vbr -> repo tcp 6160, 6162 "Veeam Installer Service and Data Mover"',
    'allow vbr -> proxy tcp 6160, 6162, 2500-2999',
    'allow proxy -> vcenter tcp 8080',
    'allow repo -> vcenter tcp 9000',
    ''
].join('\n');

/** A vendor catalog of the engineer's own, citing a document with a public address. */
const OWN_CATALOG = [
    'vendor acme "ACME" {',
    '    document Ports "ACME Port Reference" publisher "ACME" url "https://docs.example.com/acme/ports"',
    '    document Paper "ACME on paper"',
    '    component Server "ACME server"',
    '    component Agent "ACME agent"',
    '    flow Server -> Agent tcp 7000 "Agent control" source Ports "Table 2" row 1 source Paper "p. 4"',
    '}',
    ''
].join('\n');

/** The reasons typed over the placeholders the quick fixes leave selected. */
const REASON = 'the proxy reports to vCenter';
const PURPOSE = 'vCenter pulls inventory';

/**
 * The workspace: every plan, catalog and fixture the repository tracks, its segplan.json, the
 * scenes' plans, and a folder the user's files.exclude hides.
 */
function repositoryLikeWorkspace(run) {
    const folder = join(run.tmp, 'repository');
    const tracked = execFileSync('git', ['ls-files', '*.segplan', 'segplan.json'], { encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const file of tracked) {
        mkdirSync(dirname(join(folder, file)), { recursive: true });
        cpSync(file, join(folder, file));
    }
    const excludes = JSON.parse(readFileSync('segplan.json', 'utf8')).exclude ?? [];
    seen.workspace.files = tracked;
    seen.workspace.excludedBySegplanJson = tracked.filter((f) => excludes.some((e) => f === e || f.startsWith(`${e}/`)));
    const write = (file, text) => {
        mkdirSync(dirname(join(folder, file)), { recursive: true });
        writeFileSync(join(folder, file), text);
    };
    write('plans/broken-rule.segplan', BROKEN_RULE);
    write('plans/deliberate.segplan', DELIBERATE);
    write('plans/acme-catalog.segplan', OWN_CATALOG);
    write(`${HIDDEN_FOLDER}/half-typed.segplan`, 'plan "Half typed"\nzone a 10.1.0.0/24,\nallow a -> \n');
    seen.workspace.excludedByFilesExclude = [`${HIDDEN_FOLDER}/half-typed.segplan`];
    return folder;
}

/** Text as shown: no-break spaces as spaces, runs of white space as one. */
const squeeze = (text) => (text ?? '').replace(/[\s\u00a0]+/g, ' ').trim();

/** The line and column of the cursor, and how much is selected, from the status bar. */
async function cursor(page) {
    const text = (await page.textContent('#status\\.editor\\.selection').catch(() => '')) ?? '';
    const m = /Ln (\d+), Col (\d+)(?: \((\d+) selected\))?/.exec(text);
    return { line: Number(m?.[1] ?? 0), column: Number(m?.[2] ?? 0), selected: Number(m?.[3] ?? 0) };
}

/**
 * The problems of the active file, as the user walks them with Alt+F8 (Go to Next Problem): the
 * line and column, the message, and the code with the address it links to. A screenshot is taken
 * at the first problem whose message `pictured.pattern` matches, named `pictured.name`.
 */
async function walkProblems(page, pictured) {
    await page.keyboard.press('Control+Home');
    const problems = [];
    let total = Infinity;
    let previousTitle = '';
    for (let i = 0; i < Math.min(total, 40); i++) {
        await page.keyboard.press('Alt+F8');
        const widget = page.locator('.zone-widget .marker-widget').first();
        await widget.waitFor({ timeout: HANG_MS });
        // Moved on: the peek view names the next problem (its title counts them).
        await page.waitForFunction((previous) => {
            const title = document.querySelector('.zone-widget .peekview-title')?.textContent ?? '';
            return /\d+ of \d+ problems?/.test(title) && title !== previous;
        }, previousTitle, { timeout: HANG_MS });
        await drawn(page, '.zone-widget .marker-widget .descriptioncontainer');
        const zone = page.locator('.zone-widget', { has: page.locator('.marker-widget') }).first();
        const title = squeeze(await zone.locator('.peekview-title').textContent({ timeout: HANG_MS }).catch(() => ''));
        const counted = /(\d+) of (\d+) problems?/.exec(title);
        if (counted) total = Number(counted[2]);
        previousTitle = await zone.locator('.peekview-title').textContent().catch(() => '') ?? '';
        const at = await cursor(page);
        // The message's own lines, without the source, code and related locations after them.
        const message = squeeze(await widget.evaluate((w) => {
            const block = w.querySelector('.descriptioncontainer .message')?.cloneNode(true);
            block?.querySelectorAll('.details, .related').forEach((d) => d.remove());
            return block?.textContent ?? '';
        }));
        const link = widget.locator('a.code-link').first();
        const code = (await link.count()) ? { text: squeeze(await link.textContent()), href: (await link.getAttribute('href')) ?? (await link.getAttribute('data-href')) ?? '' } : { text: '', href: '' };
        const problem = { line: at.line, column: at.column, index: Number(counted?.[1] ?? i + 1), message, code };
        if (problems.some((p) => p.index === problem.index)) break;
        problems.push(problem);
        if (pictured && pictured.pattern.test(message) && !seen.screenshots[pictured.name]) await picture(page, pictured.name);
    }
    await page.keyboard.press('Escape');
    return problems;
}

/**
 * The lines of the active editor on screen: number, text without the hints, the inlay hints
 * (`‹…›`), the code lens above it, and how far right its last character reaches.
 */
function screenLines(page) {
    return page.evaluate(() => {
        const editor = document.querySelector('.editor-group-container.active .monaco-editor') ?? document.querySelector('.monaco-editor');
        const topOf = (el) => el.getBoundingClientRect().top;
        const numbers = [...editor.querySelectorAll('.margin-view-overlays .line-numbers')].map((n) => ({ top: Math.round(topOf(n)), number: Number(n.textContent) }));
        const lenses = [...editor.querySelectorAll('.codelens-decoration')].map((l) => ({ bottom: l.getBoundingClientRect().bottom, text: (l.textContent ?? '').replace(/\u00a0/g, ' ').trim() }));
        return [...editor.querySelectorAll('.view-lines .view-line')].map((line) => {
            const top = Math.round(topOf(line));
            const spans = [...line.querySelectorAll(':scope > span > span')];
            // A hint is drawn whole (‹…›) or cut by the editor (‹…, no closing mark).
            const isHint = (s) => /^\s*‹[^‹›]*›?\s*$/.test((s.textContent ?? '').replace(/\u00a0/g, ' '));
            const hints = spans.filter(isHint).map((s) => (s.textContent ?? '').replace(/\u00a0/g, ' ').trim());
            const text = spans.filter((s) => !isHint(s)).map((s) => s.textContent ?? '').join('').replace(/\u00a0/g, ' ');
            const lens = lenses.filter((l) => Math.abs(l.bottom - top) <= 3).map((l) => l.text).join(' | ');
            const right = Math.max(0, ...spans.map((s) => s.getBoundingClientRect().right));
            return { number: numbers.find((n) => Math.abs(n.top - top) <= 2)?.number ?? 0, text, hints, lens, right };
        }).filter((l) => l.number > 0).sort((a, b) => a.number - b.number);
    });
}

/** Clicks the code lens drawn right above the editor line holding `text`; returns the lens's text. */
async function clickLensAbove(page, text) {
    const box = await lineWith(page, text).boundingBox();
    if (!box) throw new Error(`the line of ${text} is not on screen`);
    const at = { x: box.x + 8, y: box.y - box.height / 2 };
    const lens = await page.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('.codelens-decoration')?.textContent ?? '', at);
    if (!lens) throw new Error(`no code lens above ${text}`);
    await page.mouse.click(at.x, at.y);
    return squeeze(lens);
}

/** Waits until the code lenses and inlay hints of the active editor are drawn. */
async function waitForLensesAndHints(page) {
    await page.locator('.monaco-editor .codelens-decoration a').first().waitFor({ timeout: HANG_MS });
    await page.waitForFunction(() => [...document.querySelectorAll('.monaco-editor .view-line span')].some((s) => /^\s*‹[^‹›]+›\s*$/.test(s.textContent ?? '')),
        null, { timeout: HANG_MS });
    // Drawn in full: the hints of the editor's lines stop changing between two frames.
    await page.waitForFunction(async () => {
        const hints = () => [...document.querySelectorAll('.monaco-editor .view-line span')].filter((s) => /‹[^‹›]+›/.test(s.textContent ?? '')).map((s) => s.textContent).join('|');
        const before = hints();
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
        return before === hints();
    }, null, { timeout: HANG_MS });
}

/**
 * The Problems panel with every file's row collapsed: the files that have problems. Read once the
 * server has checked the whole workspace (its language status item says so) and the panel counts
 * as many problems as the item: the panel then lists every file the server checked.
 */
async function problemFiles(page) {
    await page.keyboard.press('Control+Shift+M');
    const checked = await workspaceChecked(page);
    seen.workspaceStatus = checked;
    const findings = /(\d+) findings?/.exec(checked);
    if (!findings) throw new Error(`the workspace was not checked: ${checked}`);
    const expected = badgeNumber(Number(findings[1]));
    await page.waitForFunction((expected) => {
        const problems = [...document.querySelectorAll('.part.panel .composite-bar .action-item')]
            .find((item) => /^Problems/.test(item.querySelector('.action-label')?.getAttribute('aria-label') ?? item.textContent ?? ''));
        return (problems?.querySelector('.badge-content')?.textContent?.trim() ?? '') === expected;
    }, expected, { timeout: HANG_MS }).catch(async (error) => {
        const badges = await page.locator('.part.panel .composite-bar .action-item').allTextContents().catch(() => []);
        throw new Error(`${error.message.split('\n')[0]}; the status says "${checked}", the panel's tabs: ${badges.join(' | ')}`);
    });
    await drawn(page, '.markers-panel .monaco-list-row');
    await page.locator('.markers-panel .monaco-list-row').first().click();
    await page.keyboard.press('Control+ArrowLeft'); // Collapse All in a focused tree: one row per file
    // Collapsed: no row of a finding (level 2) is left in the tree.
    await page.waitForFunction(() => !document.querySelector('.markers-panel .monaco-list-row[aria-level="2"]'), null, { timeout: HANG_MS });
    return page.evaluate(() => [...document.querySelectorAll('.markers-panel .monaco-list-row[aria-level="1"]')]
        .map((row) => {
            const name = row.querySelector('.label-name')?.textContent?.trim() ?? '';
            const folder = row.querySelector('.label-description')?.textContent?.trim() ?? '';
            return folder ? `${folder}/${name}` : name;
        }));
}

/** Chooses a quick fix from the lightbulb of the line holding `text`; returns the menu's rows. */
async function chooseFromLightbulb(page, text, title, name) {
    await lineWith(page, text).click({ position: { x: 20, y: 5 } });
    // VS Code draws the lightbulb in the gutter (glyph margin) when the line has room, else beside the text.
    const bulb = page.locator('.monaco-editor .glyph-margin-widgets [class*="codicon-gutter-lightbulb"], .monaco-editor .lightBulbWidget.codicon').first();
    await bulb.waitFor({ timeout: HANG_MS });
    await drawn(page, '.monaco-editor .glyph-margin-widgets [class*="codicon-gutter-lightbulb"], .monaco-editor .lightBulbWidget.codicon');
    const box = await bulb.boundingBox();
    if (!box) throw new Error('the lightbulb is not on screen');
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.locator('.action-widget .monaco-list-row', { hasText: title }).first().waitFor({ timeout: HANG_MS });
    await drawn(page, '.action-widget .monaco-list-row');
    const menu = await rowTexts(page, '.action-widget');
    await picture(page, `${name}-menu`);
    // As from the keyboard: down to the fix, then Enter.
    const focused = () => page.evaluate(() => document.querySelector('.action-widget .monaco-list-row.focused')?.innerText.replace(/\s+/g, ' ').trim() ?? '');
    for (let i = 0; !(await focused()).startsWith(title); i++) {
        if (i > menu.length) throw new Error(`the menu has no "${title}": ${menu.join(' | ')}`);
        await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Enter');
    return menu;
}

/** The text written by a quick fix, and what the cursor selects, before and after typing over it. */
async function takeQuickFix(page, folder, { line, title, typed, name }) {
    const menu = await step(`the lightbulb of \`${line}\` offers "${title}"`, () => chooseFromLightbulb(page, line, title, name));
    // The fix is written: the menu is gone and the editor holds an unsaved change.
    await page.waitForFunction(() => !document.querySelector('.action-widget .monaco-list-row') && document.querySelector('.tabs-container .tab.active.dirty'),
        null, { timeout: HANG_MS });
    // The status bar counts the selection a moment after the editor makes it: read both once they agree.
    await page.waitForFunction(() => {
        const status = document.querySelector('#status\\.editor\\.selection')?.textContent ?? '';
        return Number(/\((\d+) selected\)/.exec(status)?.[1] ?? 0) === (window.getSelection()?.toString() ?? '').length;
    }, null, { timeout: HANG_MS });
    const selection = await page.evaluate(() => window.getSelection()?.toString() ?? '');
    const { selected } = await cursor(page);
    await picture(page, `${name}-written`);
    await page.keyboard.type(typed, { delay: 20 });
    await page.keyboard.press('Control+S');
    await page.waitForFunction(() => !document.querySelector('.tabs-container .tab.active.dirty'), null, { timeout: HANG_MS });
    return { menu, selection, selected, written: readFileSync(join(folder, 'plans/deliberate.segplan'), 'utf8') };
}

async function main() {
    requireChromium();
    const run = await step('code-server started', () => startCodeServer({ settings: USER_SETTINGS }));
    let page;
    let browser;
    try {
        const folder = repositoryLikeWorkspace(run);
        // The extension as built in this tree, as a developer runs it.
        ({ browser, page } = await step('workbench loaded on the repository-like workspace',
            () => openWorkbench(run, folder, { payload: [['extensionDevelopmentPath', run.remoteUri(resolve('.'))]] })));

        // The extension starts with the first plan opened; the server then checks the whole workspace.
        await step('opened examples/veeam-mistakes.segplan', async () => {
            await quickOpen(page, 'examples/veeam-mistakes.segplan');
            await waitForSegPlanMode(page);
        });
        seen.problemFiles = await step('the Problems panel lists the files with problems', () => problemFiles(page));
        await picture(page, 'problems-excluded-files');
        await page.keyboard.press('Control+Shift+M'); // the panel closes: the editor has the room

        await step('opened plans/broken-rule.segplan', async () => {
            await quickOpen(page, 'plans/broken-rule.segplan');
            await waitForSegPlanMode(page);
        });
        await step('the broken plan\'s error is underlined', () => page.waitForSelector('.monaco-editor .squiggly-error', { timeout: HANG_MS }));
        await step('the broken plan\'s code lenses and inlay hints are drawn', () => waitForLensesAndHints(page));
        seen.recovery.lines = await screenLines(page);
        await picture(page, 'recovery-hints-and-lenses');
        seen.recovery.problems = await step('walked the problems of the broken plan',
            () => walkProblems(page, { pattern: /Expected/, name: 'recovery-error-on-its-line' }));
        seen.codeLink = seen.recovery.problems.find((p) => p.code.href)?.code ?? seen.codeLink;

        await step('opened plans/deliberate.segplan', async () => {
            await quickOpen(page, 'plans/deliberate.segplan');
            await waitForSegPlanMode(page);
        });
        await step('the code lenses and inlay hints of the plan with deliberate rules are drawn', () => waitForLensesAndHints(page));
        seen.hints.lines = await screenLines(page);
        seen.hints.editorRight = await page.evaluate(() => (document.querySelector('.editor-group-container.active .monaco-editor .overflow-guard') ?? document.querySelector('.monaco-editor .overflow-guard')).getBoundingClientRect().right);
        await picture(page, 'inlay-hints-and-lenses');
        seen.partial.problems = await step('walked the problems of the plan with deliberate rules',
            () => walkProblems(page, { pattern: /partly allowed/, name: 'partial-flow-message' }));

        seen.flowList = await step('the code lens of vbr lists its flows, partly allowed ones as such', async () => {
            await page.keyboard.press('Control+Home');
            await page.waitForFunction(() => /Ln 1, Col 1\b/.test(document.querySelector('#status\\.editor\\.selection')?.textContent ?? ''), null, { timeout: HANG_MS });
            await drawn(page, '.monaco-editor .codelens-decoration');
            const text = await clickLensAbove(page, 'vbr     :');
            await page.locator('.quick-input-widget .monaco-list-row').first().waitFor({ timeout: HANG_MS });
            await drawn(page, '.quick-input-widget .monaco-list-row');
            return { lens: text, rows: await rowTexts(page, '.quick-input-widget') };
        });
        await picture(page, 'flow-list-partly-allowed');
        await page.keyboard.press('Escape');

        seen.hoverCodeLink = await step('hovering a finding shows its code linked to its documentation', async () => {
            const box = await lineWith(page, 'allow proxy -> vcenter tcp 8080').boundingBox();
            if (!box) throw new Error('the unused rule is not on screen');
            await pointAt(page, box.x + 34, box.y + box.height / 2);
            const link = page.locator('.monaco-hover:not(.hidden) a.code-link').first();
            await link.waitFor({ timeout: HANG_MS });
            await drawn(page, '.monaco-hover:not(.hidden) .hover-contents');
            return { text: squeeze(await link.textContent()), href: (await link.getAttribute('href')) ?? (await link.getAttribute('data-href')) ?? '' };
        });
        await picture(page, 'finding-code-link');
        await page.keyboard.press('Escape');

        seen.quickFixes.accept = await takeQuickFix(page, folder,
            { line: 'allow proxy -> vcenter tcp 8080', title: 'Accept this rule with a reason', typed: REASON, name: 'accept-with-reason' });
        seen.quickFixes.declare = await takeQuickFix(page, folder,
            { line: 'allow repo -> vcenter tcp 9000', title: 'Declare', typed: PURPOSE, name: 'declare-requirement' });

        seen.documentLinks = await step('citations of a document with an address are links', async () => {
            await quickOpen(page, 'plans/acme-catalog.segplan');
            await page.locator('.monaco-editor .detected-link').first().waitFor({ timeout: HANG_MS });
            const links = await page.locator('.monaco-editor .detected-link').allTextContents();
            const citation = page.locator('.monaco-editor .view-line', { hasText: 'source Ports' }).locator('.detected-link').first();
            const box = await citation.boundingBox();
            if (!box) throw new Error('the citation is not on screen');
            await pointAt(page, box.x + box.width / 2, box.y + box.height / 2);
            const hover = page.locator('.monaco-hover:not(.hidden) .hover-contents').first();
            await hover.waitFor({ timeout: HANG_MS });
            await drawn(page, '.monaco-hover:not(.hidden) .hover-contents');
            return { links: links.map(squeeze), hover: squeeze(await hover.textContent()) };
        });
        await picture(page, 'citation-document-link');
        return 0;
    } catch (error) {
        if (page) await picture(page, 'failure').catch(() => {});
        throw error;
    } finally {
        await browser?.close().catch(() => {});
        await run.stop();
    }
}

await finish(main, { resultsFile });
