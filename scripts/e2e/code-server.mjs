// A throw-away real VS Code: code-server (VS Code 1.100.3's server and web workbench) plus Debian's
// chromium driven by playwright-core. Every run gets its own temp folder for user data,
// extensions, XDG folders and TMPDIR, so nothing is written under $HOME and nothing leaks between
// runs; stop() kills the whole process group (the extension host would outlive code-server).
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { codeServerEntry } from './code-server-paths.mjs';
import { HANG_MS } from './harness.mjs';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';

/** Settings that keep a test run quiet and offline: no updates, git, trust prompts or tips. */
const QUIET_SETTINGS = {
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'git.enabled': false,
    'security.workspace.trust.enabled': false,
    'chat.disableAIFeatures': true,
    'editor.hover.delay': 300
};

function freePort() {
    return new Promise((resolvePort, reject) => {
        const server = createServer();
        server.on('error', reject);
        server.listen(0, '127.0.0.1', () => {
            const { port } = server.address();
            server.close(() => resolvePort(port));
        });
    });
}

/**
 * The status of a GET of `url`, or 0 when it failed or stayed unanswered for `patienceMs`: a
 * server still starting may take the connection and say nothing, and that request is given up
 * for another, never waited on for ever.
 */
function httpStatus(url, patienceMs) {
    return new Promise((resolveStatus) => {
        const request = get(url, (res) => { res.resume(); resolveStatus(res.statusCode); });
        request.on('error', () => resolveStatus(0));
        request.setTimeout(patienceMs, () => { request.destroy(); resolveStatus(0); });
    });
}

/**
 * Asks `url` again until it answers 200. Only a hang (`hangMs`) or `gone()` (the server exited)
 * ends the wait; a request left unanswered is asked again after `patienceMs`.
 */
export async function waitUntilAnswers(url, { gone = () => false, hangMs = HANG_MS, patienceMs = 5000 } = {}) {
    const deadline = Date.now() + hangMs;
    while ((await httpStatus(url, patienceMs)) !== 200) {
        if (Date.now() > deadline) throw new Error(`${url} did not answer within the hang guard`);
        if (gone()) throw new Error(`the server of ${url} exited`);
        await new Promise((r) => setTimeout(r, 100));
    }
}

/** Fails with a clear message when the browser the tests drive is not installed. */
export function requireChromium() {
    if (!existsSync(CHROMIUM)) {
        throw new Error(`chromium is not installed at ${CHROMIUM}: run \`bash scripts/setup-test-env.sh\` (or set CHROMIUM)`);
    }
    return CHROMIUM;
}

/**
 * Copies a workspace folder into the run's temp folder, so tests may edit and save files freely.
 * Returns the copy's path.
 */
export function copyWorkspace(run, folder) {
    const copy = join(run.tmp, 'workspace');
    cpSync(resolve(folder), copy, { recursive: true });
    return copy;
}

/**
 * Starts code-server on a free port of 127.0.0.1.
 * @param {{ vsix?: string[], settings?: object, env?: object, verbose?: boolean }} options
 *   vsix: packages to install first; env: extra variables that the extension host inherits.
 */
export async function startCodeServer({ vsix = [], settings = {}, env = {}, verbose = false } = {}) {
    const entry = codeServerEntry();
    const tmp = mkdtempSync(join(tmpdir(), 'segplan-vscode-'));
    const userData = join(tmp, 'user-data');
    const extensions = join(tmp, 'extensions');
    mkdirSync(join(userData, 'User'), { recursive: true });
    writeFileSync(join(userData, 'User', 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2));
    writeFileSync(join(tmp, 'config.yaml'), 'auth: none\ncert: false\n');
    const childEnv = {
        ...process.env,
        EXTENSIONS_GALLERY: '{"serviceUrl":""}',
        XDG_CONFIG_HOME: join(tmp, 'xdg-config'),
        XDG_DATA_HOME: join(tmp, 'xdg-data'),
        XDG_CACHE_HOME: join(tmp, 'xdg-cache'),
        XDG_STATE_HOME: join(tmp, 'xdg-state'),
        TMPDIR: join(tmp, 'tmp'),
        ...env
    };
    mkdirSync(childEnv.TMPDIR);
    const common = ['--user-data-dir', userData, '--extensions-dir', extensions, '--config', join(tmp, 'config.yaml')];
    for (const file of vsix) {
        // Synchronous, so nothing else could end a hang of it: it has its own guard.
        execFileSync(process.execPath, [entry, ...common, '--install-extension', resolve(file)],
            { env: childEnv, stdio: verbose ? 'inherit' : 'pipe', timeout: HANG_MS, killSignal: 'SIGKILL' });
    }
    const port = await freePort();
    const authority = `127.0.0.1:${port}`;
    const server = spawn(process.execPath, [entry, ...common, '--auth', 'none', '--bind-addr', authority,
        '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
        '--disable-getting-started-override', '--ignore-last-opened', '--locale', 'en'],
    { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let log = '';
    const onData = (data) => {
        log += data;
        if (verbose) process.stderr.write(`[code-server] ${data}`);
    };
    server.stdout.on('data', onData);
    server.stderr.on('data', onData);
    const exited = new Promise((resolveExit) => server.on('exit', resolveExit));

    const run = {
        authority,
        tmp,
        log: () => log,
        /** The workbench URL for a folder, with optional development payload (extension under test). */
        url(folder, payload) {
            return `http://${authority}/?folder=${encodeURIComponent(resolve(folder))}`
                + (payload ? `&payload=${encodeURIComponent(JSON.stringify(payload))}` : '');
        },
        /** A path on this machine as the workbench's remote file system sees it. */
        remoteUri: (path) => `vscode-remote://${authority}${resolve(path)}`,
        async stop() {
            try {
                process.kill(-server.pid, 'SIGTERM');
            } catch {
                // already gone
            }
            await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
            try {
                process.kill(-server.pid, 'SIGKILL');
            } catch {
                // already gone
            }
            rmSync(tmp, { recursive: true, force: true });
        }
    };
    try {
        await waitUntilAnswers(`http://${authority}/healthz`, { gone: () => server.exitCode !== null })
            .catch((error) => { throw new Error(`code-server did not start (${error.message}):\n${log}`); });
    } catch (error) {
        await run.stop();
        throw error;
    }
    return run;
}

/** Headless chromium with a fresh profile inside the run's temp folder. */
export async function launchChromium(run, viewport = { width: 1400, height: 900 }) {
    const { chromium } = await import('playwright-core');
    const home = join(run.tmp, 'chromium');
    return chromium.launchPersistentContext(join(home, 'profile'), {
        executablePath: requireChromium(),
        headless: true,
        // crashpad writes "~/.config/chromium/Crash Reports" otherwise
        env: { ...process.env, XDG_CONFIG_HOME: join(home, 'xdg-config'), XDG_CACHE_HOME: join(home, 'xdg-cache') },
        viewport,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
            '--disable-background-networking', '--disable-component-update', '--disable-sync']
    });
}
