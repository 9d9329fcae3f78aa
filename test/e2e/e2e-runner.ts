// Runs one of the scripts/e2e harnesses as a child process, shows its output (the inner suite's
// own report) indented under the mocha test, and reads the JSON file it writes.
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

export async function runHarness<T>(script: string, args: string[] = []): Promise<HarnessRun<T>> {
    const dir = mkdtempSync(join(tmpdir(), 'segplan-e2e-'));
    const resultsFile = join(dir, 'results.json');
    const started = Date.now();
    try {
        const child = spawn(process.execPath, [resolve(script), `--results=${resultsFile}`, ...args],
            { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
        let output = '';
        const show = (chunk: Buffer) => {
            const text = chunk.toString();
            output += text;
            process.stdout.write(text.replace(/^(?=.)/gm, '      │ '));
        };
        child.stdout.on('data', show);
        child.stderr.on('data', show);
        const exitCode = await new Promise<number | null>((done) => child.on('close', done));
        const results = existsSync(resultsFile) ? JSON.parse(readFileSync(resultsFile, 'utf8')) as T : undefined;
        return { exitCode, output, results, seconds: (Date.now() - started) / 1000 };
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
