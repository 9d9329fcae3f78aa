import {
    Cancellation, CstUtils, DefaultReferenceDescriptionProvider, interruptAndCheck, isReference, UriUtils, type AstNode, type LangiumCoreServices, type LangiumDocument,
    type AstNodeDescription, type AstNodeLocator, type DocumentSegment, type Reference, type ReferenceDescription, type ReferenceInfo, type URI
} from 'langium';
import { childrenOf, forEachReference, referencesBelow } from '../utils/ast-walk.js';
import { statementReferences } from '../parser/statement-references.js';
import { ObjectSlot } from '../utils/object-slot.js';

/** How many statements are indexed between two looks at the cancellation token (see SegplanLinker). */
const STATEMENTS_PER_CHECK = 64;

/**
 * Indexes references for "find references" and rename. A built-in catalog read from the build's
 * tree is not indexed with the other documents: its references are described when first asked
 * for (`describeCatalog`, called by SegplanIndexManager), so that no start walks the catalogs.
 *
 * After every edit the whole file's references are indexed again; in a 10,000-instance plan that
 * is tens of thousands of references. Two things made that costly and are avoided: the walk over every
 * node to find them (each top-level statement's references are listed once per syntax node, and
 * an edit re-parses only the statements it touches), and working out each one's source path and
 * text segment, which only the few that a request returns are read for (they are read when asked,
 * from the nodes, so they are always those of the current text).
 */
export class SegplanReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    private readonly indexed: boolean;

    /** `indexed: false`: no document's references are indexed (a CLI run, see SegplanModuleContext.builtOnce). */
    constructor(services: LangiumCoreServices, options: { indexed: boolean } = { indexed: true }) {
        super(services);
        this.indexed = options.indexed;
    }

    override async createDescriptions(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<ReferenceDescription[]> {
        // (A built-in catalog read from the build's tree never comes here: SegplanIndexManager asks `describeCatalog` for it when needed.)
        if (!this.indexed) return [];
        const descriptions: ReferenceDescription[] = [];
        const root = document.parseResult.value;
        const ownReferences: ReferenceInfo[] = [];
        forEachReference(root, reference => { ownReferences.push(reference); });
        this.describe(ownReferences, document, descriptions);
        const statements = childrenOf(root);
        for (let i = 0; i < statements.length; i++) {
            if (i % STATEMENTS_PER_CHECK === 0) await interruptAndCheck(cancelToken);
            const statement = statements[i];
            const references = statementReferences(statement);
            const kept = this.described.get(statement);
            if (kept && resolveAsBefore(references, kept.targets)) {
                for (const description of kept.descriptions) descriptions.push(description);
                continue;
            }
            const own: ReferenceDescription[] = [];
            this.describe(references, document, own);
            // Kept copied to its length (a list grown by push keeps room for a dozen more).
            this.described.set(statement, { targets: references.map(targetOf), descriptions: own.slice() });
            for (const description of own) descriptions.push(description);
        }
        return descriptions;
    }

    /**
     * The descriptions made for a statement, with what its references resolved to then: an
     * untouched statement whose references resolve as before (SegplanLinker gives them back
     * their targets) keeps its descriptions, which read positions and paths from the nodes.
     */
    private readonly described = new ObjectSlot<AstNode, { targets: readonly unknown[]; descriptions: readonly ReferenceDescription[] }>('reference descriptions');

    /**
     * The references of a built-in catalog read from the build's tree (which never changes). The
     * tree has no concrete syntax until something points into it: where a reference is written is
     * read when a request returns it, which parses that catalog then (precompiled-catalogs.ts).
     * A reference linked by name (into a catalog parsed instead) is resolved here. None when
     * references are not indexed (the CLI).
     */
    describeCatalog(document: LangiumDocument): ReferenceDescription[] {
        if (!this.indexed) return [];
        const sourceUri = document.uri;
        const descriptions: ReferenceDescription[] = [];
        for (const info of referencesBelow(document.parseResult.value)) {
            const reference = info.reference;
            if (!isReference(reference)) {
                // The grammar has no multi-references; one would need its concrete syntax now.
                void info.container.$cstNode;
                for (const d of this.createInfoDescriptions(info)) descriptions.push(d);
                continue;
            }
            const target = reference.ref && reference.$nodeDescription;
            if (!target) continue;
            descriptions.push(new LazyReferenceDescription(sourceUri, target, UriUtils.equals(target.documentUri, sourceUri), info.container, reference, this.nodeLocator));
        }
        return descriptions;
    }

    private describe(references: readonly ReferenceInfo[], document: LangiumDocument, descriptions: ReferenceDescription[]): void {
        const sourceUri = document.uri;
        const locator = this.nodeLocator;
        for (const info of references) {
            const reference = info.reference;
            if (reference.error || !reference.$refNode) continue;
            if (!isReference(reference)) {
                for (const d of this.createInfoDescriptions(info)) descriptions.push(d);
                continue;
            }
            const target = reference.$nodeDescription;
            if (!target) continue;
            descriptions.push(new LazyReferenceDescription(sourceUri, target, UriUtils.equals(target.documentUri, sourceUri), info.container, reference, locator));
        }
    }
}

/** What a reference resolved to, as its description says: its target's description, or its linking error. */
function targetOf(info: ReferenceInfo): unknown {
    const reference = info.reference;
    return reference.error ?? (isReference(reference) ? reference.$nodeDescription : reference.items);
}

function resolveAsBefore(references: readonly ReferenceInfo[], targets: readonly unknown[]): boolean {
    if (references.length !== targets.length) return false;
    for (let i = 0; i < references.length; i++) if (targetOf(references[i]) !== targets[i]) return false;
    return true;
}

/**
 * A reference description whose source path and segment are read from the nodes when asked. A
 * class, so that every description has one shape: the builder scans all of them after each edit
 * (which files reference a changed one), and object literals with getters made that scan slower.
 * A built-in catalog read from the build's tree has no concrete syntax until a node's is first
 * read (the catalog is parsed then): where its reference is written is read only when asked.
 */
class LazyReferenceDescription implements ReferenceDescription {
    readonly targetUri: URI;

    constructor(
        readonly sourceUri: URI, private readonly target: AstNodeDescription, readonly local: boolean,
        private readonly container: AstNode, private readonly reference: Reference, private readonly locator: AstNodeLocator
    ) {
        this.targetUri = target.documentUri;
    }

    /** The target's path now (a kept target moves when an edit adds or removes statements above it). */
    get targetPath(): string {
        return this.target.path;
    }

    get sourcePath(): string {
        return this.locator.getAstNodePath(this.container);
    }

    get segment(): DocumentSegment {
        // Reading the container's concrete syntax gives a catalog's whole tree its own, references theirs.
        const refNode = this.reference.$refNode ?? (this.container.$cstNode, this.reference.$refNode);
        if (!refNode) throw new Error(`where '${this.reference.$refText}' is written in ${this.sourceUri.toString()} cannot be read`);
        return CstUtils.toDocumentSegment(refNode);
    }
}
