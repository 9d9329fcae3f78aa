import type { AstNode } from 'langium';
import { ObjectSlot } from '../utils/object-slot.js';

const listed = new ObjectSlot<AstNode, readonly AstNode[]>('document nodes');

/**
 * Keeps the nodes a parser made for a whole document, the root first, in the order a walk over
 * the tree visits them (walkAst): validation reads them without walking 30,000 nodes of a
 * 5,000-rule plan once more. Only the CLI's lean parser lists them: its documents are built once,
 * and nothing changes their nodes afterwards.
 */
export function keepDocumentNodes(root: AstNode, nodes: readonly AstNode[]): void {
    listed.set(root, nodes);
}

/** The nodes a parser listed for the document rooted at `root`, if it listed them (keepDocumentNodes). */
export function documentNodes(root: AstNode): readonly AstNode[] | undefined {
    return listed.get(root);
}
