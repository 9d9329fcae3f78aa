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

/**
 * Keeps the references a parser listed for a statement it made, in tree order (the lean parser
 * meets them in that order): the first question about them then needs no walk over its nodes.
 */
export function keepStatementReferences(statement: AstNode, references: readonly ReferenceInfo[]): void {
    listed.set(statement, references);
}
