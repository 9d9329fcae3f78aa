import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from './fixtures.js';

/** `segplan check` (the built command line) on one file of this name and text, in a folder of its own removed afterwards. */
export function checkWithCli(name: string, text: string): SpawnSyncReturns<string> {
    const dir = mkdtempSync(path.join(tmpdir(), 'segplan-check-'));
    try {
        const file = path.join(dir, name);
        writeFileSync(file, text);
        return spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), 'check', file], { encoding: 'utf8' });
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
