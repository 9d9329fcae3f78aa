// What every scripts/e2e harness shares: a log stamped with the seconds since the start, named
// steps that record the first one that did not happen, screenshots recorded by name, and the main
// wrapper that turns the outcome into an exit code and the JSON file test/e2e asserts on.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * How long any wait of a harness may take: only a hang trips it. Every wait is for a state the
 * user would see; on a busy machine code-server, Chromium and the language server share two
 * cores, and a state can take minutes, never the wrong turn.
 */
export const HANG_MS = Number(process.env.SEGPLAN_E2E_HANG_MS ?? 300000);

/**
 * A harness around `seen`, the object a script fills with what it saw: `seen.failure` is set by
 * the first step that fails, `seen.screenshots` (when present) maps each screenshot's name to its file.
 */
export function harness(seen) {
    const started = Date.now();
    const elapsed = () => `${((Date.now() - started) / 1000).toFixed(1)}s`;
    const log = (...values) => console.log(`[${elapsed()}]`, ...values);

    /** Runs one step; its name is logged when it happened, and is the failure when it did not. */
    async function step(name, action) {
        try {
            const result = await action();
            log(name);
            return result;
        } catch (error) {
            seen.failure ||= `${name}: ${error instanceof Error ? error.message.split('\n')[0] : error}`;
            throw error;
        }
    }

    /** A screenshot of the page at `path`, recorded under `name` when given. */
    async function shot(page, path, name) {
        mkdirSync(dirname(path), { recursive: true });
        await page.screenshot({ path });
        if (name) seen.screenshots[name] = path;
        return path;
    }

    /**
     * Runs the script's main function and exits: its exit code, or `failureCode` when it threw
     * (the error becomes the failure if no step named one). `verdict` may turn a 0 into a failure
     * from what was seen; `resultsFile`, when given, receives `seen` as JSON.
     */
    async function finish(main, { resultsFile, failureCode = 1, verdict = (code) => code, summary } = {}) {
        let code;
        try {
            code = await main();
        } catch (error) {
            if (!seen.failure) seen.failure = error instanceof Error ? error.message : String(error);
            code = failureCode;
        }
        code = verdict(code);
        if (resultsFile) {
            mkdirSync(dirname(resultsFile), { recursive: true });
            writeFileSync(resultsFile, JSON.stringify(seen, null, 2));
        }
        log(summary ? summary(code) : code === 0 ? 'PASS' : `FAIL: ${seen.failure}`);
        process.exit(code);
    }

    return { seen, log, elapsed, step, shot, finish };
}
