import type { PrecompiledCatalogs } from '../../language/workspace/precompiled-catalogs.js';
import type { PrecompiledCatalogSource } from '../../language/workspace/segplan-workspace-manager.js';

/** Set by the build (esbuild `define`): a fingerprint of the grammar the bundle was built from. */
declare const SEGPLAN_GRAMMAR_DIGEST: string | undefined;

/** The file the build writes beside the language server's bundle (esbuild.mjs), as beside the CLI's. */
export const PRECOMPILED_CATALOGS_FILE = 'builtin-catalogs.json';

/**
 * The built-in catalogs' trees, read by `read` (from the disk beside the bundle, or fetched by a
 * worker): none when the code was not bundled (tests of the compiled sources), or when they
 * cannot be read — the catalogs are then parsed, as without them.
 */
export async function precompiledCatalogsFrom(read: () => Promise<unknown>): Promise<PrecompiledCatalogSource | undefined> {
    if (typeof SEGPLAN_GRAMMAR_DIGEST !== 'string') return undefined;
    const grammarDigest = SEGPLAN_GRAMMAR_DIGEST;
    try {
        const catalogs = await read();
        return typeof catalogs === 'object' && catalogs !== null ? { grammarDigest, catalogs: catalogs as PrecompiledCatalogs } : undefined;
    } catch {
        return undefined;
    }
}
