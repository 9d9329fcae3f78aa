// Whole-process measurements: wall time and peak resident memory of one command, taken by
// /usr/bin/time (GNU time), so node and aclgen are measured the same way.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

export interface ProcessFigures {
    /** Wall time in ms; peak RSS in MB (undefined without GNU time). */
    readonly ms: number;
    readonly peakRssMb?: number;
    /** User and system CPU time in ms (undefined without GNU time): steadier than wall time on a shared machine. */
    readonly cpuMs?: number;
    readonly status: number | null;
    readonly stdout: string;
    readonly stderr: string;
    /** Why the run did not finish: killed at the time limit, or out of the memory it was given. */
    readonly failure?: string;
}

const GNU_TIME = '/usr/bin/time';

export function runMeasured(command: string, args: readonly string[], options: { timeoutMs: number; cwd?: string }): ProcessFigures {
    const scratch = mkdtempSync(path.join(tmpdir(), 'segplan-bench-'));
    const report = path.join(scratch, 'time.txt');
    const withTime = existsSync(GNU_TIME);
    const started = performance.now();
    const run = withTime
        ? spawnSync(GNU_TIME, ['-f', '%M %U %S', '-o', report, command, ...args], { encoding: 'utf8', timeout: options.timeoutMs, cwd: options.cwd, maxBuffer: 1 << 28 })
        : spawnSync(command, [...args], { encoding: 'utf8', timeout: options.timeoutMs, cwd: options.cwd, maxBuffer: 1 << 28 });
    const ms = performance.now() - started;
    let peakRssMb: number | undefined, cpuMs: number | undefined;
    if (withTime && existsSync(report)) {
        const [kb, user, system] = readFileSync(report, 'utf8').trim().split('\n').pop()!.split(' ').map(Number);
        if (Number.isFinite(kb)) peakRssMb = kb / 1024;
        if (Number.isFinite(user) && Number.isFinite(system)) cpuMs = (user + system) * 1000;
    }
    rmSync(scratch, { recursive: true, force: true });
    const timedOut = run.error && (run.error as NodeJS.ErrnoException).code === 'ETIMEDOUT';
    const outOfMemory = /heap out of memory|Allocation failed/.test(run.stderr ?? '');
    const failure = timedOut ? `not finished in ${options.timeoutMs / 1000} s` : outOfMemory ? 'out of memory' : undefined;
    return { ms, peakRssMb, cpuMs, status: run.status, stdout: run.stdout ?? '', stderr: run.stderr ?? '', failure };
}
