// The static playground (dist/playground, written by `npm run build`) served as any static host
// would, in Debian's Chromium: a plan in the address is checked as the CLI checks it, hover,
// completion, quick fixes, sharing, generating and drawing work, and no request leaves the host.
import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Page, Route } from 'playwright-core';
import { TEST_HANG_GUARD_MS, launchChromium, serveFolder, type StaticServer } from './browser.js';

interface Row { line: string; severity: string; code: string; message: string; citation: string }

const MISTAKES = readFileSync('examples/veeam-mistakes.segplan', 'utf8');

/** `segplan check --format json` of a text: line and code of each finding. */
function cliFindings(file: string): string[] {
    const run = spawnSync(process.execPath, ['bin/segplan.cjs', 'check', file, '--format', 'json'], { encoding: 'utf8' });
    return (JSON.parse(run.stdout) as { diagnostics: { code: string; line: number }[] }).diagnostics.map(d => `${d.line} ${d.code}`).sort();
}

describe('the playground', function () {
    this.timeout(TEST_HANG_GUARD_MS);
    let browser: Awaited<ReturnType<typeof launchChromium>>;
    let server: StaticServer;
    let page: Page;
    /** Every request for another host than the playground's: refused, and remembered. */
    const outside: string[] = [];

    const problems = (on: Page = page) => on.$$eval('#problems li', rows => rows.map(r => ({
        line: r.querySelector('.line')?.textContent ?? '', severity: r.querySelector('.severity')?.textContent ?? '', code: r.querySelector('.code')?.textContent ?? '',
        message: r.querySelector('.message')?.textContent ?? '', citation: r.querySelector('.citation')?.textContent ?? ''
    }))) as Promise<Row[]>;
    /** The editor's visible text (the plan is short enough to be on screen). */
    const editorText = () => page.$eval('.monaco-editor .view-lines', e => (e as HTMLElement).innerText.replace(/\u00a0/g, ' '));
    const waitForProblems = (on: Page, test: string) => on.waitForFunction(t => Array.from(document.querySelectorAll('#problems .code')).map(c => c.textContent).join(' ').match(new RegExp(t)) !== null, test);

    before(async () => {
        server = await serveFolder('dist/playground');
        browser = await launchChromium();
        await browser.context.route('**/*', route => {
            const url = route.request().url();
            if (url.startsWith(server.url) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue();
            outside.push(url);
            return route.abort();
        });
        page = await browser.context.newPage();
        page.on('request', request => {
            const url = request.url();
            if (!url.startsWith(server.url) && !url.startsWith('data:') && !url.startsWith('blob:') && !outside.includes(url)) outside.push(url);
        });
        await page.goto(`${server.url}index.html#plan=${encodeURIComponent(MISTAKES)}`);
    });
    after(async () => {
        await browser?.close();
        await server?.close();
    });

    it('checks the plan in the address: each finding\'s line, severity, code, message and citation, as the CLI reports them', async () => {
        await waitForProblems(page, 'unknown-component-type');
        const rows = await problems();
        // The CLI leaves out hints, which the editor shows faintly.
        const shown = rows.filter(r => r.severity !== 'hint').map(r => `${r.line.replace('line ', '')} ${r.code}`).sort();
        assert.deepStrictEqual(shown, cliFindings('examples/veeam-mistakes.segplan'));
        const missing = rows.find(r => r.code === 'missing-flow');
        assert.ok(missing, JSON.stringify(rows));
        assert.strictEqual(missing.line, 'line 11');
        assert.strictEqual(missing.severity, 'error');
        assert.match(missing.message, /^No allow rule lets vbr → (vcenter|esx) tcp 443 through/);
        assert.match(missing.citation, /^required by the catalog: /);
        assert.match(await page.$eval('#problems-summary', e => e.textContent ?? ''), /\d+ errors, \d+ warnings/);
    });

    it('lists the findings of the plan in the address while the editor\'s script is still on its way, then hands them to the editor', async () => {
        const early = await browser.context.newPage();
        try {
            // The editor's script is held back until the findings are listed.
            const held: Route[] = [];
            let release = false;
            await early.route('**/playground.js', route => release ? route.continue() : void held.push(route));
            await early.goto(`${server.url}index.html#plan=${encodeURIComponent(MISTAKES)}`);
            await waitForProblems(early, 'unknown-component-type');
            assert.strictEqual(await early.$('.monaco-editor'), null);
            const listed = await problems(early);
            assert.ok(listed.some(r => r.code === 'missing-flow' && r.line === 'line 11'), JSON.stringify(listed));
            release = true;
            for (const route of held) await route.continue();
            await early.waitForSelector('.monaco-editor .view-lines');
            await early.waitForFunction(() => document.body.dataset.editorDiagnosticsMs !== undefined);
            assert.deepStrictEqual(await problems(early), listed);
        } finally {
            await early.close();
        }
    });

    it('still sets up the editor when its server cannot start', async () => {
        const broken = await browser.context.newPage();
        try {
            await broken.route('**/language-server.js', route => route.fulfill({ status: 404, body: '' }));
            await broken.goto(`${server.url}index.html#plan=${encodeURIComponent(MISTAKES)}`);
            // The editor's script ran and made its editor (marked for the bench).
            await broken.waitForFunction(() => performance.getEntriesByName('segplan:editor-created').length > 0);
        } finally {
            await broken.close();
        }
    });

    it('colours the plan with the extension\'s grammar', async () => {
        // A keyword and a comment get different colours from the theme, not the default text colour.
        const colours = await page.$$eval('.view-lines span span', spans => [...new Set(spans.map(s => getComputedStyle(s).color))]);
        assert.ok(colours.length >= 5, colours.join(', '));
    });

    it('answers a hover on a component type', async () => {
        await page.locator('.view-lines span', { hasText: /^BackupServer$/ }).first().hover();
        const hover = page.locator('.monaco-hover-content').first();
        await hover.waitFor({ state: 'visible' });
        assert.match(await hover.innerText(), /Veeam/);
        await page.mouse.move(5, 5);
    });

    it('completes as one types: the component types after `name : `', async () => {
        await page.locator('.view-lines').click();
        await page.keyboard.press('Control+End');
        await page.keyboard.press('Enter');
        await page.keyboard.type('extra : veeam.Back', { delay: 20 });
        const row = page.locator('.suggest-widget .monaco-list-row', { hasText: 'BackupServer' }).first();
        await row.waitFor({ state: 'visible' });
        await page.keyboard.press('Escape');
        for (let i = 0; i < 3; i++) await page.keyboard.press('Control+z');
        await page.waitForFunction(() => !document.querySelector('.monaco-editor .view-lines')?.textContent?.includes('extra'));
    });

    it('applies a quick fix: the misspelt type is corrected in the text and its finding goes', async () => {
        await page.locator('.view-lines span', { hasText: /^MountServr$/ }).first().click();
        await page.keyboard.press('Control+.');
        const fix = page.locator('.action-widget .monaco-list-row', { hasText: 'veeam.MountServer' }).first();
        await fix.waitFor({ state: 'visible' });
        await fix.click();
        await page.waitForFunction(() => document.querySelector('.monaco-editor .view-lines')?.textContent?.includes('veeam.MountServer'));
        assert.doesNotMatch(await editorText(), /MountServr\b/);
        await page.waitForFunction(() => !Array.from(document.querySelectorAll('#problems .code')).some(c => c.textContent === 'unknown-component-type'));
    });

    it('shares the plan as a compressed link that opens the same plan', async () => {
        await page.click('#share');
        // The link is made once the plan is compressed (asynchronously): wait for it to be shown.
        await page.waitForFunction(() => (document.querySelector('#share-link') as HTMLInputElement | null)?.value.includes('#zplan='));
        const link = await page.inputValue('#share-link');
        assert.match(link, /#zplan=[\w-]+$/);
        assert.ok(link.length < encodeURIComponent(MISTAKES).length, `${link.length} characters`);
        const other = await browser.context.newPage();
        try {
            await other.goto(link);
            await waitForProblems(other, 'missing-flow');
            assert.deepStrictEqual((await problems(other)).map(r => `${r.line} ${r.code}`), (await problems()).map(r => `${r.line} ${r.code}`));
        } finally {
            await other.close();
        }
    });

    it('generates rules as a download, after saying what blocks a plan with errors', async () => {
        await page.selectOption('#target', 'cisco-asa');
        await page.click('#generate');
        await page.locator('#generate-status', { hasText: /error\(s\), so no rules were generated/ }).waitFor();
        const [download] = await Promise.all([page.waitForEvent('download'), page.click('#generate-status button')]);
        assert.strictEqual(download.suggestedFilename(), 'plan.asa.txt');
        assert.match(readFileSync(await download.path(), 'utf8'), /WARNING: the plan has \d+ error\(s\)[\s\S]*access-list/);
    });

    it('offers the examples, and generates from a clean one at once', async () => {
        await page.selectOption('#examples', 'veeam-reference');
        await page.waitForFunction(() => document.querySelector('.monaco-editor .view-lines')?.textContent?.includes('plan'));
        await page.selectOption('#target', 'nftables');
        const [download] = await Promise.all([page.waitForEvent('download'), page.click('#generate')]);
        assert.strictEqual(download.suggestedFilename(), 'veeam-reference.nft');
        assert.match(readFileSync(await download.path(), 'utf8'), /table inet segplan/);
        assert.match(await page.innerText('#generate-status'), /Downloaded veeam-reference\.nft\. Not verified: .*nft/);
    });

    it('draws the plan', async () => {
        await page.click('#show-diagram');
        const frame = page.frameLocator('#diagram-frame');
        await frame.locator('svg#diagram g.component').first().waitFor({ state: 'attached' });
        assert.ok(await frame.locator('svg#diagram g.component').count() > 3);
    });

    it('asked no host but its own (and would have seen it if it had)', async () => {
        assert.deepStrictEqual(outside, []);
        assert.ok(server.requests.includes('/language-server.js') && server.requests.includes('/elk.cjs') && server.requests.includes('/onig.wasm'), server.requests.join(', '));
        // The worker read the built-in catalogs' trees the build made instead of parsing the catalogs.
        assert.ok(server.requests.includes('/builtin-catalogs.json'), server.requests.join(', '));
        // The watch works: a request elsewhere from a page of the same browser is seen and refused.
        const probe = await browser.context.newPage();
        await probe.setContent('<p>probe</p>');
        await probe.evaluate(() => fetch('http://example.invalid/probe').catch(() => undefined));
        await probe.close();
        assert.deepStrictEqual(outside, ['http://example.invalid/probe']);
    });
});
