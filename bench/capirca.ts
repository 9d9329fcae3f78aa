// Capirca (Debian's python3-capirca, `aclgen`) on the same policy as a SegPlan plan: the reference
// the benchmark's ratios are measured against. scripts/setup-bench-env.sh installs it.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runMeasured, type ProcessFigures } from './measure-process.js';

/** Capirca's version when `aclgen` is installed, otherwise undefined. */
export function capircaVersion(): string | undefined {
    const which = spawnSync('sh', ['-c', 'command -v aclgen'], { encoding: 'utf8' });
    if (which.status !== 0) return undefined;
    const debian = spawnSync('dpkg-query', ['-W', '-f=${Version}', 'python3-capirca'], { encoding: 'utf8' });
    return debian.status === 0 ? `${debian.stdout.trim()} (Debian)` : 'installed';
}

/** Runs `aclgen` on a policy (file name → text) in a scratch folder; fails loudly if it renders nothing. */
/** `rendered`: the files aclgen wrote, one after the other. */
export function runCapirca(files: ReadonlyMap<string, string>, timeoutMs: number): ProcessFigures & { readonly rendered: string } {
    const base = mkdtempSync(path.join(tmpdir(), 'segplan-capirca-'));
    try {
        for (const [name, text] of files) {
            mkdirSync(path.dirname(path.join(base, name)), { recursive: true });
            writeFileSync(path.join(base, name), text);
        }
        mkdirSync(path.join(base, 'out'));
        const figures = runMeasured('aclgen', [`--base_directory=${path.join(base, 'policies')}`, `--definitions_directory=${path.join(base, 'def')}`,
            `--output_directory=${path.join(base, 'out')}`], { timeoutMs });
        const rendered = readdirSync(path.join(base, 'out'));
        if (!figures.failure && rendered.length === 0) {
            throw new Error(`aclgen rendered nothing:\n${figures.stderr}`);
        }
        return { ...figures, rendered: rendered.map(file => readFileSync(path.join(base, 'out', file), 'utf8')).join('\n') };
    } finally {
        rmSync(base, { recursive: true, force: true });
    }
}
