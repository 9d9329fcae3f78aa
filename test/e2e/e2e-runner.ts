// Runs one of the scripts/e2e harnesses as a child process, shows its output (the inner suite's
// own report) indented under the mocha test, and reads the JSON file it writes.
//
// A harness run is never cut short by a clock: it waits for states, each wait guarded by the
// harness's HANG_MS, and a busy machine makes the whole run take as long as it takes. So the
// runner takes the mocha context of the hook that starts it and lifts that hook's timeout; what
// it guards instead is silence: a harness that has printed nothing (every step prints a line when
// it happened) for longer than two of its own hang guards is hung, and is stopped with its output.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export interface HarnessRun<T> {
    readonly exitCode: number | null;
    readonly output: string;
    /** The harness's JSON result, undefined when it wrote none. */
    readonly results: T | undefined;
    readonly seconds: number;
}

/** The harnesses' own hang guard (scripts/e2e/harness.mjs reads the same variable). */
const HANG_MS = Number(process.env.SEGPLAN_E2E_HANG_MS ?? 300000);

/** How long a harness may print nothing before it is taken for hung. */
export function silenceGuardMs(hangMs = HANG_MS): number {
    return 2 * hangMs + 60000;
}

/**
 * Runs `script` from the mocha hook or test whose context is `context` (call it from a
 * `function () {}`, not an arrow, to have one): that hook's timeout is lifted, and the run is
 * stopped only when it falls silent for `silenceGuardMs()`.
 */
export async function runHarness<T>(context: Mocha.Context, script: string, args: string[] = [], silenceMs = silenceGuardMs()): Promise<HarnessRun<T>> {
    context.timeout(0);
    const dir = mkdtempSync(join(tmpdir(), 'segplan-e2e-'));
    const resultsFile = join(dir, 'results.json');
    const started = Date.now();
    try {
        // Its own process group, so that a hung harness is stopped with the browsers and servers it started.
        const child = spawn(process.execPath, [resolve(script), `--results=${resultsFile}`, ...args],
            { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
        let output = '';
        let silence: NodeJS.Timeout | undefined;
        const stopIfSilent = () => {
            clearTimeout(silence);
            silence = setTimeout(() => {
                const note = `\n[runner] ${script} printed nothing for ${Math.round(silenceMs / 1000)} s: taken for hung and stopped\n`;
                show(Buffer.from(note));
                try { process.kill(-child.pid!, 'SIGKILL'); } catch { child.kill('SIGKILL'); }
            }, silenceMs);
        };
        const show = (chunk: Buffer) => {
            const text = chunk.toString();
            output += text;
            process.stdout.write(text.replace(/^(?=.)/gm, '      │ '));
        };
        const heard = (chunk: Buffer) => { show(chunk); stopIfSilent(); };
        child.stdout.on('data', heard);
        child.stderr.on('data', heard);
        stopIfSilent();
        const exitCode = await new Promise<number | null>((done) => child.on('close', done));
        clearTimeout(silence);
        const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) as T : undefined;
        return { exitCode, output, results, seconds: (Date.now() - started) / 1000 };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
