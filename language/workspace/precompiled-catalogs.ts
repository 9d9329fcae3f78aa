import { isAstNode, isReference, type AstNode, type Linker } from 'langium';

/**
 * The built-in catalogs' syntax trees, made by the build from the same catalog texts.
 *
 * Parsing the ~1,000 catalog lines took most of a small `segplan check` (the parser is still cold
 * when it runs); reading the tree back takes a few milliseconds. A tree has no concrete syntax
 * (no `$cstNode`), so only consumers that never point into a catalog use it — the CLI — and the
 * language server parses (go to definition and hover show catalog text).
 */
export interface PrecompiledCatalog {
    /** Identifies the catalog text the tree was made from: a tree for any other text is not used. */
    readonly textDigest: string;
    readonly tree: unknown;
}

export type PrecompiledCatalogs = Readonly<Record<string, PrecompiledCatalog>>;

/** A reference as stored: only the name the catalog wrote; it is linked like any other. */
interface StoredReference {
    readonly $refText: string;
}

/** The tree of a parsed and linked catalog as plain data: properties and names of referenced things. */
export function storedTree(root: AstNode): unknown {
    return store(root);
}

function store(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(store);
    if (isReference(value)) return { $refText: value.$refText } satisfies StoredReference;
    if (isAstNode(value)) {
        const copy: Record<string, unknown> = { $type: value.$type };
        for (const [key, item] of Object.entries(value)) {
            if (key.startsWith('$') || item === undefined) continue;
            copy[key] = store(item);
        }
        return copy;
    }
    return value;
}

/**
 * Turns a stored tree back into a syntax tree whose references the linker resolves as it does for a
 * parsed file. The stored data becomes the tree (it is not copied): read each stored tree once.
 */
export function revivedTree(stored: unknown, linker: Linker): AstNode {
    if (!isAstNode(stored)) throw new Error('a precompiled catalog is not a syntax tree');
    revive(stored, linker);
    return stored;
}

function revive(node: AstNode, linker: Linker, container?: AstNode, property?: string, index?: number): void {
    const mutable = node as { -readonly [K in keyof AstNode]: AstNode[K] };
    mutable.$container = container;
    mutable.$containerProperty = property;
    mutable.$containerIndex = index;
    const record = node as unknown as Record<string, unknown>;
    for (const [key, value] of Object.entries(record)) {
        if (key.startsWith('$')) continue;
        if (Array.isArray(value)) {
            value.forEach((item, i) => {
                if (isStoredReference(item)) value[i] = linker.buildReference(node, key, undefined, item.$refText);
                else if (isAstNode(item)) revive(item, linker, node, key, i);
            });
        } else if (isStoredReference(value)) {
            record[key] = linker.buildReference(node, key, undefined, value.$refText);
        } else if (isAstNode(value)) {
            revive(value, linker, node, key);
        }
    }
}

function isStoredReference(value: unknown): value is StoredReference {
    return typeof value === 'object' && value !== null && !('$type' in value) && typeof (value as StoredReference).$refText === 'string';
}

/**
 * What a tree is made from: the grammar (its digest) and the catalog's text. A tree is used only
 * where this matches; the fingerprint is the text's length and a 32-bit FNV-1a hash, enough to tell
 * a stale tree.
 */
export function catalogDigest(grammarDigest: string, catalogText: string): string {
    const text = `${grammarDigest}\0${catalogText}`;
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        hash ^= text.charCodeAt(i);
        hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return `${text.length}:${hash.toString(16).padStart(8, '0')}`;
}
