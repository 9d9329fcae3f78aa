import { URI } from 'langium';
import { BUILTIN_CATALOG_SOURCES } from '../generated-catalogs/builtin-catalogs.js';
import { compareText } from '../utils/compare-text.js';

/** Built-in catalogs are read-only in-memory documents under this scheme. */
export const BUILTIN_SCHEME = 'builtin';

export interface BuiltinCatalog {
    /** The file name without `.segplan`, e.g. `veeam`. */
    readonly name: string;
    readonly uri: URI;
    readonly text: string;
}

/** The vendor catalogs shipped with SegPlan, compiled from `language/vendor-catalogs/*.segplan` by the build. */
export function builtinCatalogs(): BuiltinCatalog[] {
    return Object.entries(BUILTIN_CATALOG_SOURCES)
        .sort(([a], [b]) => compareText(a, b))
        .map(([name, text]) => ({ name, uri: builtinCatalogUri(name), text }));
}

const catalogUris = new Map<string, URI>();

/** One URI object per catalog: a URI caches its text, which every document lookup by URI makes. */
export function builtinCatalogUri(name: string): URI {
    let uri = catalogUris.get(name);
    if (!uri) catalogUris.set(name, uri = URI.parse(`${BUILTIN_SCHEME}:///catalog/${name}.segplan`));
    return uri;
}

/** The name of the built-in catalog at `uri` (`veeam`), or undefined for any other document. */
export function builtinCatalogName(uri: URI): string | undefined {
    return isBuiltinUri(uri) ? /^\/catalog\/(.+)\.segplan$/.exec(uri.path)?.[1] : undefined;
}

export function isBuiltinUri(uri: URI): boolean {
    return uri.scheme === BUILTIN_SCHEME;
}
