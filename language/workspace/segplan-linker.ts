import {
    Cancellation, DefaultLinker, DocumentState, interruptAndCheck, isAstNode, type AstNode, type AstNodeDescription, type LangiumCoreServices,
    type LangiumDocument, type Reference, type ReferenceInfo
} from 'langium';
import { childrenOf, forEachReference } from '../utils/ast-walk.js';
import type { SegplanDocumentBuilder } from './segplan-document-builder.js';
import { PLAN_STATEMENTS } from './plan-statements.js';
import { isPrecompiled } from './segplan-document-factory.js';
import type { SegplanNodeDescriptionProvider } from './segplan-node-descriptions.js';
import { statementChangeOf } from './statement-reparse.js';
import { documentReferences, statementReferences } from '../parser/statement-references.js';
import type { LeanPlaceOf } from '../parser/lean/lean-cst.js';
import { leanReferenceClass, type LeanReference, type LeanReferenceClass, type ReferenceResolution } from '../parser/lean/lean-reference.js';

/** How many references (and statements) are linked between two looks at the cancellation token (each look is a turn of the event loop). */
const NODES_PER_CHECK = 256;

/** A reference with what it resolved to before Langium's unlink (kept only until the next link). */
type KeptReference = Reference & {
    _ref?: unknown;
    _nodeDescription?: AstNodeDescription;
    _previousRef?: unknown;
    _previousDescription?: AstNodeDescription;
};

/**
 * Links documents as Langium does, with three differences.
 *
 * Precompiled built-in catalogs are not linked: their references resolve when first read
 * (Langium's references are lazy), which spares the CLI linking ~1,000 catalog lines at every
 * start for the few references a plan's analysis reads.
 *
 * After a one-line edit, only what the edit can have changed is looked up again. Langium unlinks
 * every reference of an edited file and looks each one up again: some 50,000 in a
 * 10,000-component plan, a fifth of the time from keystroke to diagnostics. When the edit was
 * re-parsed statement by statement (statement-reparse.ts) and no other file changed, a reference
 * in an untouched statement resolves as before unless its name is one that a removed or added
 * statement defines; such references get back what they resolved to, with the description the
 * index holds for it (the same object, see SegplanNodeDescriptionProvider), and the rest are
 * looked up. Same targets, same descriptions, same order as a full link.
 *
 * The walk over a plan's nodes is ast-walk's rather than Langium's streams, and the cancellation
 * token is looked at every few hundred nodes rather than at every node: Langium awaited once per
 * node even when nothing could cancel (the CLI), a turn of the event loop for each of a
 * 5,000-rule plan's ~60,000 nodes.
 */
export class SegplanLinker extends DefaultLinker {
    /** The tree whose references the last unlink kept, by document; only while that unlink followed a complete link. */
    private readonly unlinked = new WeakMap<LangiumDocument, AstNode>();
    private readonly services: LangiumCoreServices;
    /** The class of this linker's lean references, made for the first one. */
    private leanReference: LeanReferenceClass | undefined;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.services = services;
    }

    /** A reference the lean parser read, resolved as Langium resolves the references it builds. */
    buildLeanReference(container: AstNode, offset: number, end: number, refText: string, place: LeanPlaceOf): LeanReference {
        this.leanReference ??= leanReferenceClass(this.referenceResolver as ReferenceResolution);
        return new this.leanReference(container, offset, end, refText, place);
    }

    /**
     * Langium's unlink, keeping on each reference what it resolved to. The description is set to
     * undefined rather than deleted: deleting a property turned every reference object into a
     * slow dictionary after the first edit.
     */
    override unlink(document: LangiumDocument): void {
        // Only a complete link is worth keeping: after a cancelled build, references are missing.
        const keep = document.state >= DocumentState.Linked && !isPrecompiled(document);
        for (const reference of document.references) {
            if ('_ref' in reference) {
                const kept = reference as KeptReference;
                if (keep) {
                    kept._previousRef = kept._ref;
                    kept._previousDescription = kept._nodeDescription;
                }
                kept._ref = undefined;
                kept._nodeDescription = undefined;
            } else if ('_items' in reference) {
                const multi = reference as { _items?: unknown; _linkingError?: unknown };
                multi._items = undefined;
                delete multi._linkingError;
            }
        }
        document.references = [];
        if (keep) this.unlinked.set(document, document.parseResult.value);
        else this.unlinked.delete(document);
    }

    override async link(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        if (isPrecompiled(document)) return;
        const unlinkedRoot = this.unlinked.get(document);
        this.unlinked.delete(document);
        if (this.profiler?.isActive('linking')) return super.link(document, cancelToken);
        const root = document.parseResult.value;
        const change = statementChangeOf(root);
        const builder = this.services.shared.workspace.DocumentBuilder as Partial<SegplanDocumentBuilder>;
        const descriptions = this.services.workspace.AstNodeDescriptionProvider as Partial<SegplanNodeDescriptionProvider>;
        if (change && unlinkedRoot === change.from && builder.changedAlone?.(document.uri) && descriptions.isCurrent) {
            const names = namesDefinedBy([...change.removed, ...change.added]);
            if (names) return this.linkAfterEdit(document, names, new Set<AstNode>(change.added), descriptions as SegplanNodeDescriptionProvider, cancelToken);
        }
        const cancellable = cancelToken !== Cancellation.CancellationToken.None;
        // A document whose parser listed its references (the CLI's lean parser): in that order,
        // which is a walk's. Nothing is kept per statement: a run of the CLI links once.
        const listed = documentReferences(root);
        if (listed) {
            for (let r = 0; r < listed.length; r++) {
                if (cancellable && r % NODES_PER_CHECK === 0) await interruptAndCheck(cancelToken);
                this.lookUp(listed[r], document);
            }
            return;
        }
        // The root's own references, then each statement's in tree order (the order of a walk
        // over every node): the lists are kept with the statements, so the reference index and
        // the validation cache read them without walking the plan's nodes once more.
        forEachReference(root, reference => this.lookUp(reference, document));
        const statements = childrenOf(root);
        // Read once (see checkNodes in segplan-document-validator.ts).
        let sinceCheck = 0;
        for (let i = 0; i < statements.length; i++) {
            const references = statementReferences(statements[i]);
            if (cancellable && (sinceCheck += references.length + 1) >= NODES_PER_CHECK) {
                sinceCheck = 0;
                await interruptAndCheck(cancelToken);
            }
            for (let r = 0; r < references.length; r++) this.lookUp(references[r], document);
        }
    }

    /** Langium's link of one reference, which resolves it in its scope; what it resolved to before is dropped. */
    private lookUp(reference: ReferenceInfo, document: LangiumDocument): void {
        forget(reference.reference as KeptReference);
        this.doLink(reference, document);
    }

    /**
     * Links the statements an edit added, and gives the references of the others back what they
     * resolved to — except those whose name a removed or added statement defines, and those whose
     * description this provider did not make (its kept description of the node is what the index
     * and the local symbols hold): those are looked up.
     */
    private async linkAfterEdit(
        document: LangiumDocument, names: ReadonlySet<string>, added: ReadonlySet<AstNode>, descriptions: SegplanNodeDescriptionProvider,
        cancelToken: Cancellation.CancellationToken
    ): Promise<void> {
        const root = document.parseResult.value;
        const references = document.references;
        forEachReference(root, reference => this.lookUp(reference, document));
        const statements = childrenOf(root);
        const cancellable = cancelToken !== Cancellation.CancellationToken.None;
        for (let i = 0; i < statements.length; i++) {
            if (cancellable && i % NODES_PER_CHECK === 0) await interruptAndCheck(cancelToken);
            const statement = statements[i];
            const fresh = added.has(statement);
            for (const info of statementReferences(statement)) {
                const reference = info.reference as KeptReference;
                const target = reference._previousRef, description = reference._previousDescription;
                forget(reference);
                if (!fresh && reference._ref === undefined && '_ref' in reference && isAstNode(target) && description !== undefined
                    && description.node === target && !names.has(reference.$refText) && descriptions.isCurrent(description)) {
                    reference._ref = target;
                    reference._nodeDescription = description;
                    references.push(reference);
                } else {
                    this.lookUp(info, document);
                }
            }
        }
    }
}

/** Drops what a reference resolved to before the last unlink: nothing old is kept alive by it. */
function forget(reference: KeptReference): void {
    if (reference._previousRef !== undefined) {
        reference._previousRef = undefined;
        reference._previousDescription = undefined;
    }
}

/**
 * The names the statements define, or undefined when one of them is not a plan statement (an
 * import or a vendor changes what every reference may resolve to: the whole file is linked).
 */
function namesDefinedBy(statements: readonly AstNode[]): Set<string> | undefined {
    const names = new Set<string>();
    for (const statement of statements) {
        if (!PLAN_STATEMENTS.has(statement.$type)) return undefined;
        const name = (statement as { name?: unknown }).name;
        if (typeof name === 'string') names.add(name);
    }
    return names;
}
