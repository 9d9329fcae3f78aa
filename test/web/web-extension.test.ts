// VS Code for the Web's extension bundle (package.json's `browser`) loaded as the web extension host
// loads one: the entry with `.js` appended unless it ends so, its CommonJS text run in a browser
// page with a `require` that knows only `vscode`.
// A module of it that reads `process` or `global`, or requires anything else, as it loads stops
// the extension on vscode.dev before it activates.
import * as assert from 'node:assert';
import type { Page } from 'playwright-core';
import { TEST_HANG_GUARD_MS, launchChromium, serveFolder, type StaticServer } from './browser.js';

const LOADER = `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body><script>
window.loadExtension = async () => {
    const entry = (await (await fetch('/package.json')).json()).browser.replace(/^\\.\\//, '/');
    const response = await fetch(entry.endsWith('.js') ? entry : entry + '.js');
    if (!response.ok) throw new Error(entry + ': ' + response.status);
    const text = await response.text();
    // Any property of the API is an object of the API: loading touches the API only to keep it.
    const api = new Proxy(function () {}, { get: (target, key) => key === Symbol.toPrimitive ? () => '' : api, apply: () => api, construct: () => api });
    const asked = [];
    const require = id => {
        asked.push(id);
        if (id === 'vscode') return api;
        throw new Error('Cannot find module ' + id);
    };
    const module = { exports: {} };
    new Function('module', 'exports', 'require', text)(module, module.exports, require);
    return { asked, exports: Object.keys(module.exports).sort() };
};
</script></body></html>`;

describe('the web extension bundle', function () {
    this.timeout(TEST_HANG_GUARD_MS);
    let browser: Awaited<ReturnType<typeof launchChromium>>;
    let server: StaticServer;
    let page: Page;

    before(async () => {
        server = await serveFolder('.', { '/load.html': LOADER });
        browser = await launchChromium();
        page = await browser.context.newPage();
        await page.goto(`${server.url}load.html`);
    });
    after(async () => {
        await browser?.close();
        await server?.close();
    });

    it('loads in a page with a require that knows only vscode, and exports activate and deactivate', async () => {
        const loaded = await page.evaluate(() => (window as unknown as { loadExtension(): Promise<{ asked: string[]; exports: string[] }> }).loadExtension());
        assert.deepStrictEqual(loaded.exports, ['activate', 'deactivate']);
        assert.deepStrictEqual([...new Set(loaded.asked)], ['vscode']);
    });
});
