import { AstUtils, isAstNode, isReference, type AstNode, type AstNodeDescription, type CstNode, type LangiumCoreServices, type LangiumDocument, type Linker, type Reference, type URI } from 'langium';
import { BUILTIN_CATALOG_FINGERPRINTS, BUILTIN_CATALOG_SOURCES } from '../generated-catalogs/builtin-catalogs.js';
import { builtinCatalogName, builtinCatalogUri } from './builtin-catalogs.js';

/**
 * The built-in catalogs' syntax trees, made by the build from the same catalog texts.
 *
 * Parsing the ~1,000 catalog lines took most of a small `segplan check` (the parser is still cold
 * when it runs); reading the tree back takes a few milliseconds. A tree has no concrete syntax:
 * the first read of a node's `$cstNode` (go to definition into a catalog, a catalog opened in the
 * editor) parses that catalog's text once and gives every node of its tree the concrete syntax
 * parsing gave (see `lazySyntax`). A start reads none: the catalogs are not parsed.
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
export function revivedTree(stored: unknown, linker: Linker, targets: TargetLocator, parse?: (text: string) => AstNode): AstNode {
    if (!isAstNode(stored)) throw new Error('a precompiled catalog is not a syntax tree');
    revive(stored, { linker, targets, syntax: parse ? lazySyntax(stored, parse) : Object.prototype });
    return stored;
}

/**
 * What every node of a revived tree inherits: a `$cstNode` that, when first read, parses the
 * catalog's text (its document's) and puts the concrete syntax parsing gave on every node of the
 * tree, pointing back to them (the tree is the one parsing gives: the test of the build's trees
 * compares them). Until then nothing is parsed; a tree not in a document yet has none.
 */
function lazySyntax(root: AstNode, parse: (text: string) => AstNode): object {
    const graft = (): void => {
        const document = (root as { $document?: LangiumDocument }).$document;
        if (!document) return;
        graftSyntax(root, parse(document.textDocument.getText()));
    };
    return Object.create(Object.prototype, {
        $cstNode: {
            get(this: AstNode): CstNode | undefined {
                graft();
                // The graft gave this node its own: read it, or none if the graft could not.
                return Object.prototype.hasOwnProperty.call(this, '$cstNode') ? this.$cstNode : undefined;
            },
            set(this: AstNode, value: CstNode | undefined) {
                Object.defineProperty(this, '$cstNode', { value, writable: true, configurable: true, enumerable: false });
            },
            configurable: true, enumerable: false
        }
    }) as object;
}

/**
 * Gives each node of `tree` the concrete syntax of its twin in `parsed` (the same text parsed),
 * and each reference its place in the text. A node without a twin keeps none.
 */
function graftSyntax(tree: AstNode, parsed: AstNode): void {
    const own = (node: AstNode, cst: CstNode | undefined) =>
        Object.defineProperty(node, '$cstNode', { value: cst, writable: true, configurable: true, enumerable: false });
    const walk = (node: AstNode, twin: AstNode | undefined): void => {
        own(node, twin?.$cstNode);
        if (twin?.$cstNode) (twin.$cstNode as { astNode: AstNode }).astNode = node;
        const record = node as unknown as Record<string, unknown>;
        const twinRecord = twin as unknown as Record<string, unknown> | undefined;
        for (const key in record) {
            if (key.charCodeAt(0) === 36 /* $ */) continue;
            const value = record[key], other = twinRecord?.[key];
            if (Array.isArray(value)) {
                value.forEach((item, i) => visit(item, Array.isArray(other) ? other[i] : undefined));
            } else {
                visit(value, other);
            }
        }
    };
    const visit = (value: unknown, other: unknown): void => {
        if (isReference(value)) {
            if (isReference(other)) (value as { $refNode?: CstNode }).$refNode = other.$refNode;
        } else if (isAstNode(value)) {
            walk(value, isAstNode(other) && other.$type === value.$type ? other : undefined);
        }
    };
    walk(tree, parsed);
}

/** Where revived references find their targets: the built-in catalogs revived from the same trees. */
export interface TargetLocator {
    /**
     * Whether `catalog` is (or will be) revived from these trees. A stored path into a catalog
     * that was parsed instead (its text changed since the trees were made) may lead elsewhere:
     * such a reference is linked by name.
     */
    revives(catalog: string): boolean;
    /** The node at `path` in that catalog's revived tree. */
    locate(catalog: string, path: string): AstNode | undefined;
}

interface Reviver {
    readonly linker: Linker;
    readonly targets: TargetLocator;
    /** The prototype every node of the tree gets: its concrete syntax, made when first read. */
    readonly syntax: object;
}

function revive(node: AstNode, reviver: Reviver, container?: AstNode, property?: string, index?: number): void {
    Object.setPrototypeOf(node, reviver.syntax);
    const mutable = node as { -readonly [K in keyof AstNode]: AstNode[K] };
    mutable.$container = container;
    mutable.$containerProperty = property;
    mutable.$containerIndex = index;
    const record = node as unknown as Record<string, unknown>;
    // for…in: the stored data is plain JSON (no inherited keys), and no array of entries per node.
    for (const key in record) {
        if (key.charCodeAt(0) === 36 /* $ */) continue;
        const value = record[key];
        if (Array.isArray(value)) {
            value.forEach((item, i) => {
                if (isStoredReference(item)) value[i] = revivedReference(item, reviver, node, key);
                else if (isAstNode(item)) revive(item, reviver, node, key, i);
            });
        } else if (isStoredReference(value)) {
            record[key] = revivedReference(value, reviver, node, key);
        } else if (isAstNode(value)) {
            revive(value, reviver, node, key);
        }
    }
}

/**
 * A reference built by the linker. Where the build linked it, it carries that target's
 * description (`_nodeDescription`, the field Langium's resolver fills itself after a scope
 * lookup), whose node the resolver takes: reading a built-in catalog's references asks no scope
 * and looks up no document by URI (each lookup normalizes the URI), the biggest part of building
 * the catalog at start. A path that leads nowhere is a linking error.
 */
function revivedReference(stored: StoredReference, { linker, targets }: Reviver, node: AstNode, property: string): Reference {
    const reference = linker.buildReference(node, property, undefined, stored.$refText);
    if (stored.$target && targets.revives(stored.$target[0])) {
        const [catalog, type, path] = stored.$target;
        (reference as unknown as { _nodeDescription?: AstNodeDescription })._nodeDescription = new RevivedDescription(stored.$refText, type, path, catalog, targets);
    }
    return reference;
}

/**
 * The description of a revived reference's target, whose node is found when first read (after
 * every built-in catalog is revived). A class, not an object literal with a getter: V8 made each
 * such literal a dictionary with a closure of its own, ~600 bytes for each of 1,100 references at
 * every start of the CLI.
 */
class RevivedDescription implements AstNodeDescription {
    readonly documentUri: URI;

    constructor(readonly name: string, readonly type: string, readonly path: string, private readonly catalog: string, private readonly targets: TargetLocator) {
        this.documentUri = builtinCatalogUri(catalog);
    }

    get node(): AstNode | undefined {
        return this.targets.locate(this.catalog, this.path);
    }
}

function isStoredReference(value: unknown): value is StoredReference {
    return typeof value === 'object' && value !== null && !('$type' in value) && typeof (value as StoredReference).$refText === 'string';
}

/**
 * What a tree is made from: the grammar (its digest) and the catalog's text. A tree is used only
 * where this matches.
 */
export function catalogDigest(grammarDigest: string, catalogText: string): string {
    return `${grammarDigest}\0${textFingerprint(catalogText)}`;
}

/**
 * The built-in catalogs' texts, by text: the build fingerprinted each (SHA-256). Looking a text up
 * runs in V8's own code; hashing the catalogs' text in JavaScript at every start of the CLI would
 * run in code that runs once and is never optimized.
 */
let builtinFingerprints: Map<string, string> | undefined;

/**
 * A built-in catalog's text by the build's fingerprint; any other text (a test's, an older one) by
 * its length and a 32-bit FNV-1a hash, enough to tell a stale tree. The two never look alike.
 */
function textFingerprint(text: string): string {
    builtinFingerprints ??= new Map(Object.entries(BUILTIN_CATALOG_SOURCES).map(([name, source]) => [source, BUILTIN_CATALOG_FINGERPRINTS[name]]));
    const known = builtinFingerprints.get(text);
    if (known) return known;
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        hash ^= text.charCodeAt(i);
        hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return `fnv:${text.length}:${hash.toString(16).padStart(8, '0')}`;
}
