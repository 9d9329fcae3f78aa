import type { AstNode, CstNode } from 'langium';
import { leanPropertyPlace, leanTextLength, startLineOf as lineOfNode } from './lean/lean-cst.js';

/**
 * Where a node is, whichever parser made it: Langium's (a concrete syntax tree) or the CLI's lean
 * parser (offsets only, a place made when asked for). The rest of the language asks here and
 * never reaches into the lean parser (language/parser/lean/), which only the CLI's services use.
 */

/** The line (0-based) a node starts on; 0 for a node without a place. */
export function startLineOf(node: AstNode): number {
    return lineOfNode(node);
}

/**
 * The place of a property's value (or of one item of a list), found without making a lean node's
 * whole syntax tree; undefined for a node Langium parsed (ask its syntax tree).
 */
export function propertyPlaceWithoutTree(node: AstNode, property: string, index: number | undefined): CstNode | null | undefined {
    return leanPropertyPlace(node, property, index);
}

/**
 * How many characters a node's text takes, from its first word to its last, found without making
 * a lean node's place; undefined for a node Langium parsed (its syntax tree has the text).
 */
export function writtenLengthOf(node: object): number | undefined {
    return leanTextLength(node);
}
