import type { AstNode, ReferenceInfo } from 'langium';
import { referencesBelow } from '../utils/ast-walk.js';
import { ObjectSlot } from '../utils/object-slot.js';

const listed = new ObjectSlot<AstNode, readonly ReferenceInfo[]>('statement references');

/**
 * The cross-references of a top-level statement and the nodes below it, in tree order, listed
 * once per statement node. A statement's nodes never change once parsed — an edit re-parses the
 * statements it touches into new nodes and keeps the others (statement-reparse.ts) — so the list
 * holds as long as the node: linking, indexing and the validation cache read it after every edit
 * without walking the 10,000 statements of a large plan again.
 */
export function statementReferences(statement: AstNode): readonly ReferenceInfo[] {
    let references = listed.get(statement);
    // Copied to its length: a list grown by push keeps room for a dozen more, per statement.
    if (!references) listed.set(statement, references = referencesBelow(statement).slice());
    return references;
}

const listedInDocument = new ObjectSlot<AstNode, readonly ReferenceInfo[]>('document references');

/**
 * Keeps the references a parser listed for a whole document, in tree order (the root's own, then
 * each statement's; the lean parser meets them in that order): linking reads them without a walk
 * over the document's nodes. One list rather than one per statement: a list in a slot of each
 * statement would be kept to the end of a run of the CLI, thousands of them on a large plan.
 */
export function keepDocumentReferences(root: AstNode, references: readonly ReferenceInfo[]): void {
    listedInDocument.set(root, references);
}

/** The references a parser listed for the document rooted at `root`, if it listed them (keepDocumentReferences). */
export function documentReferences(root: AstNode): readonly ReferenceInfo[] | undefined {
    return listedInDocument.get(root);
}
