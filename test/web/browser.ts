// Debian's Chromium driven by playwright-core, and a static file server on 127.0.0.1: the browser
// tests open pages the way a user's browser would, offline, and see every request a page makes.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/**
 * How long any wait for a page's state may take: only a hang reaches it (the editor harnesses'
 * guard, scripts/e2e/harness.mjs, reads the same variable). Every wait of these tests is for a
 * state a user would see; on a busy machine the browser shares two cores with the build and the
 * language server, and a state can take minutes.
 */
export const HANG_MS = Number(process.env.SEGPLAN_E2E_HANG_MS ?? 300000);

/** A test's mocha timeout: beyond any one wait, so that a hang is told by the wait that hung. */
export const TEST_HANG_GUARD_MS = 3 * HANG_MS;

/** Headless Chromium with a fresh profile (in a temp folder, removed by `close`) that does not reach out to Google. */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
    if (!existsSync(CHROMIUM)) throw new Error(`chromium is not installed at ${CHROMIUM}: run \`bash scripts/setup-test-env.sh\` (or set CHROMIUM)`);
    const { chromium } = await import('playwright-core');
    const home = mkdtempSync(join(tmpdir(), 'segplan-chromium-'));
    const context = await chromium.launchPersistentContext(join(home, 'profile'), {
        executablePath: CHROMIUM,
        headless: true,
        env: { ...process.env, XDG_CONFIG_HOME: join(home, 'xdg-config'), XDG_CACHE_HOME: join(home, 'xdg-cache') },
        viewport: { width: 1400, height: 900 },
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync']
    });
    // Playwright's own default (30 s) would be a clock in every wait that names none.
    context.setDefaultTimeout(HANG_MS);
    context.setDefaultNavigationTimeout(HANG_MS);
    return {
        context,
        close: async () => {
            await context.close();
            rmSync(home, { recursive: true, force: true });
        }
    };
}

const TYPES: Record<string, string> = {
    '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
    '.json': 'application/json', '.wasm': 'application/wasm', '.ttf': 'font/ttf', '.svg': 'image/svg+xml', '.png': 'image/png'
};

export interface StaticServer {
    /** `http://127.0.0.1:<port>/` */
    readonly url: string;
    /** The path of every request the server was asked, in order. */
    readonly requests: string[];
    close(): Promise<void>;
}

/**
 * Serves a folder as a plain static host would (only GET of files inside it; a type for each known
 * extension and none for others), plus pages given by path.
 */
export async function serveFolder(root: string, pages: Readonly<Record<string, string>> = {}): Promise<StaticServer> {
    const base = resolve(root);
    const requests: string[] = [];
    const server: Server = createServer((request, response) => {
        const path = decodeURIComponent(new URL(request.url ?? '/', 'http://host').pathname);
        requests.push(path);
        const page = pages[path];
        if (page !== undefined) {
            response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page);
            return;
        }
        const file = normalize(join(base, path.endsWith('/') ? `${path}index.html` : path));
        if (request.method !== 'GET' || !(file === base || file.startsWith(base + sep)) || !existsSync(file) || !statSync(file).isFile()) {
            response.writeHead(404).end();
            return;
        }
        const type = TYPES[extname(file)];
        response.writeHead(200, type ? { 'content-type': type } : {}).end(readFileSync(file));
    });
    await new Promise<void>(done => server.listen(0, '127.0.0.1', done));
    const address = server.address();
    if (!address || typeof address === 'string') throw new Error('no port');
    return {
        url: `http://127.0.0.1:${address.port}/`,
        requests,
        close: () => new Promise(done => server.close(() => done()))
    };
}
