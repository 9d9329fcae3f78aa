// The playground (dist/playground) in Debian's Chromium, in a process of its own (`npm run bench`
// runs it; prints one JSON line): how long after the page starts loading the first findings of a
// plan given in its address are on screen (and when the worker had them), from a cold browser
// each time (best of 3), and the sizes of what a first visit downloads.
import { readFileSync, statSync } from 'node:fs';
import { launchChromium, serveFolder } from '../test/web/browser.js';

const PLAYGROUND = 'dist/playground';
const RUNS = 3;

const plan = readFileSync('examples/veeam-mistakes.segplan', 'utf8');
const server = await serveFolder(PLAYGROUND);
const firstDiagnosticsMs: number[] = [];
const workerDiagnosticsMs: number[] = [];
/** When the editor showed them (the Problems list may show them before the editor's script is read). */
const editorDiagnosticsMs: number[] = [];
/** Where the time of each run went: milliseconds from the navigation to each step. */
const phases: Record<string, number>[] = [];
try {
    for (let i = 0; i < RUNS; i++) {
        const browser = await launchChromium();
        try {
            const page = await browser.context.newPage();
            await page.goto(`${server.url}index.html#plan=${encodeURIComponent(plan)}`);
            const handle = await page.waitForFunction(() => document.body.dataset.firstDiagnosticsMs, undefined, { timeout: 120_000 });
            firstDiagnosticsMs.push(Number(await handle.jsonValue()));
            const worker = await page.waitForFunction(() => document.body.dataset.workerDiagnosticsMs, undefined, { timeout: 120_000 });
            workerDiagnosticsMs.push(Number(await worker.jsonValue()));
            const inEditor = await page.waitForFunction(() => document.body.dataset.editorDiagnosticsMs, undefined, { timeout: 120_000 });
            editorDiagnosticsMs.push(Number(await inEditor.jsonValue()));
            phases.push(await page.evaluate(() => {
                const at = (name: string) => Math.round(performance.getEntriesByName(name)[0]?.startTime ?? NaN);
                const loaded = (file: string) => Math.round((performance.getEntriesByType('resource') as PerformanceResourceTiming[]).find(r => r.name.endsWith(`/${file}`))?.responseEnd ?? NaN);
                return {
                    workerStarted: at('segplan:worker-started'), workerScriptLoaded: loaded('language-server.js'), serverInitialized: at('segplan:server-initialized'),
                    editorScriptLoaded: loaded('playground.js'), editorScriptRead: at('segplan:editor-script-read'), editorCreated: at('segplan:editor-created')
                };
            }));
        } finally {
            await browser.close();
        }
    }
} finally {
    await server.close();
}
const bytes = (file: string) => statSync(`${PLAYGROUND}/${file}`).size;
console.log(JSON.stringify({
    firstDiagnosticsMs: Math.min(...firstDiagnosticsMs),
    runs: firstDiagnosticsMs,
    // The worker's first findings in the run whose findings were on screen first.
    workerDiagnosticsMs: workerDiagnosticsMs[firstDiagnosticsMs.indexOf(Math.min(...firstDiagnosticsMs))],
    editorDiagnosticsMs: editorDiagnosticsMs[firstDiagnosticsMs.indexOf(Math.min(...firstDiagnosticsMs))],
    phases: phases[firstDiagnosticsMs.indexOf(Math.min(...firstDiagnosticsMs))],
    allPhases: phases.map((p, i) => ({ ...p, workerDiagnostics: workerDiagnosticsMs[i], editorDiagnostics: editorDiagnosticsMs[i], firstDiagnostics: firstDiagnosticsMs[i] })),
    pageBytes: ['index.html', 'playground.js', 'playground.css', 'start-worker.js', 'onig.wasm'].reduce((n, f) => n + bytes(f), 0),
    workerBytes: bytes('language-server.js')
}));
