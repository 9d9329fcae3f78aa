import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/**
 * The vendor documents every catalog fact comes from: `../shared/seeds` beside the project (as CI
 * lays it out), or SEGPLAN_SEEDS. Tests that compare the catalogs with them fail when they are
 * missing, never skip.
 */
export function seedsFolder(): string {
    const candidates = [process.env.SEGPLAN_SEEDS, path.resolve(process.cwd(), '..', 'shared', 'seeds'), '/work/shared/seeds'];
    const found = candidates.find(c => c && existsSync(path.join(c, 'README.md')));
    if (!found) throw new Error(`Vendor seed documents not found (tried ${candidates.filter(Boolean).join(', ')}); set SEGPLAN_SEEDS.`);
    return found;
}

export function readSeed(file: string): string {
    return readFileSync(path.join(seedsFolder(), file), 'utf8');
}
