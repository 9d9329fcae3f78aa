import { AstUtils, isAstNode, isReference, type AstNode, type AstNodeDescription, type LangiumCoreServices, type Linker, type Reference } from 'langium';
import { builtinCatalogName, builtinCatalogUri } from './builtin-catalogs.js';

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

/**
 * A reference as stored: the name the catalog wrote and, when the build linked it into a built-in
 * catalog, where it led: that catalog's name, the target's type and its path in the catalog's tree.
 */
interface StoredReference {
    readonly $refText: string;
    readonly $target?: readonly [catalog: string, type: string, path: string];
}

/**
 * The tree of a built-in catalog, parsed and linked with `services`, as plain data: properties,
 * and for each reference the name written and where it led.
 */
export function storedTree(root: AstNode, services: LangiumCoreServices): unknown {
    const locator = services.workspace.AstNodeLocator;
    const targetOf = (reference: Reference): StoredReference['$target'] => {
        const target = reference.ref;
        const catalog = target && builtinCatalogName(AstUtils.getDocument(target).uri);
        return target && catalog !== undefined ? [catalog, target.$type, locator.getAstNodePath(target)] : undefined;
    };
    const store = (value: unknown): unknown => {
        if (Array.isArray(value)) return value.map(store);
        if (isReference(value)) return { $refText: value.$refText, $target: targetOf(value) } satisfies StoredReference;
        if (isAstNode(value)) {
            const copy: Record<string, unknown> = { $type: value.$type };
            for (const [key, item] of Object.entries(value)) {
                if (key.startsWith('$') || item === undefined) continue;
                copy[key] = store(item);
            }
            return copy;
        }
        return value;
    };
    return store(root);
}

/**
 * Turns a stored tree back into a syntax tree whose references the linker resolves when read. The
 * stored data becomes the tree (it is not copied): read each stored tree once.
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
                if (isStoredReference(item)) value[i] = revivedReference(item, linker, node, key);
                else if (isAstNode(item)) revive(item, linker, node, key, i);
            });
        } else if (isStoredReference(value)) {
            record[key] = revivedReference(value, linker, node, key);
        } else if (isAstNode(value)) {
            revive(value, linker, node, key);
        }
    }
}

/**
 * A reference built by the linker. Where the build linked it, it carries that target's
 * description, which Langium's resolver loads by path (`_nodeDescription`, the field it fills
 * itself after a scope lookup): reading a built-in catalog's references asks no scope, the
 * biggest part of building the catalog at start. A path that leads nowhere is a linking error.
 */
function revivedReference(stored: StoredReference, linker: Linker, node: AstNode, property: string): Reference {
    const reference = linker.buildReference(node, property, undefined, stored.$refText);
    if (stored.$target) {
        const [catalog, type, path] = stored.$target;
        const description: AstNodeDescription = { name: stored.$refText, type, path, documentUri: builtinCatalogUri(catalog) };
        (reference as unknown as { _nodeDescription?: AstNodeDescription })._nodeDescription = description;
    }
    return reference;
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
