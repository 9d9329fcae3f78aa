import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { PrecompiledCatalogs } from '../language/workspace/precompiled-catalogs.js';
import type { PrecompiledCatalogSource } from '../language/workspace/segplan-workspace-manager.js';

/** Set by the build (esbuild `define`): a fingerprint of the grammar the bundle was built from. */
declare const SEGPLAN_GRAMMAR_DIGEST: string | undefined;

/** The file the build writes next to the CLI bundle (see esbuild.mjs and precompile-catalogs.ts). */
export const PRECOMPILED_CATALOGS_FILE = 'builtin-catalogs.json';

export function bundledGrammarDigest(): string | undefined {
    return typeof SEGPLAN_GRAMMAR_DIGEST === 'string' ? SEGPLAN_GRAMMAR_DIGEST : undefined;
}

/**
 * The built-in catalogs' trees the build made for this bundle. None when running the compiled
 * sources (tests) or when the file is missing or unreadable: the catalogs are then parsed, as before.
 */
export function precompiledCatalogSource(): PrecompiledCatalogSource | undefined {
    const grammarDigest = bundledGrammarDigest();
    if (!grammarDigest || typeof __dirname !== 'string') return undefined;
    try {
        const catalogs: unknown = JSON.parse(readFileSync(path.join(__dirname, PRECOMPILED_CATALOGS_FILE), 'utf8'));
        return typeof catalogs === 'object' && catalogs !== null ? { grammarDigest, catalogs: catalogs as PrecompiledCatalogs } : undefined;
    } catch {
        return undefined;
    }
}
