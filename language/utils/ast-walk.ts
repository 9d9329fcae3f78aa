import { isAstNode, isMultiReference, isReference, type AstNode, type ReferenceInfo } from 'langium';
import { nodePropertiesOf } from './node-properties.js';

/**
 * Walks over syntax trees as Langium's AstUtils.streamContents, streamAst and streamReferences
 * do — same nodes, same order — without their stream objects. Those cost an iterator, a state
 * object and a result object per node, about a third of linking and indexing a plan of 5,000
 * allow rules.
 *
 * The order is the order of the node's own properties (for…in gives Object.keys' order on these
 * plain objects), array elements in order; properties whose name starts with `$` are not content.
 */

const DOLLAR = 36;

function isReferenceLike(value: unknown): value is ReferenceInfo['reference'] {
    return isReference(value) || isMultiReference(value);
}

/** The child nodes one property value holds: a node, or the nodes of a list. */
function visitChildren(value: unknown, visit: (child: AstNode) => void): void {
    if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) {
            const element: unknown = value[index];
            if (isAstNode(element)) visit(element);
        }
    } else if (isAstNode(value)) {
        visit(value);
    }
}

/** Calls `visit` with each node directly contained in `node` (streamContents). */
export function forEachChild(node: AstNode, visit: (child: AstNode) => void): void {
    const properties = node as unknown as Record<string, unknown>;
    // The properties the grammar lets hold child nodes, in the order the node has them (node-properties.ts).
    const known = nodePropertiesOf(node.$type)?.children;
    if (known) {
        for (let p = 0; p < known.length; p++) visitChildren(properties[known[p]], visit);
        return;
    }
    for (const property in properties) {
        if (property.charCodeAt(0) !== DOLLAR) visitChildren(properties[property], visit);
    }
}

/**
 * Calls `visit` with `root` and every node below it, parents before children (streamAst). When
 * `visit` returns false, the nodes below that one are not visited (the stream's prune).
 */
export function walkAst(root: AstNode, visit: (node: AstNode) => boolean | void): void {
    const descend = (node: AstNode): void => {
        if (visit(node) !== false) forEachChild(node, descend);
    };
    descend(root);
}

/** The nodes directly contained in `node`, in order (streamContents). */
export function childrenOf(node: AstNode): AstNode[] {
    const children: AstNode[] = [];
    forEachChild(node, child => { children.push(child); });
    return children;
}

/** The references one property value holds: a reference, or the references of a list. */
function visitReferences(node: AstNode, property: string, value: unknown, visit: (reference: ReferenceInfo) => void): void {
    if (isReferenceLike(value)) {
        visit(describedBy(value) ?? { reference: value, container: node, property });
    } else if (Array.isArray(value)) {
        for (let index = 0; index < value.length; index++) {
            const element: unknown = value[index];
            if (isReferenceLike(element)) visit(describedBy(element) ?? { reference: element, container: node, property, index });
        }
    }
}

/** A reference that is its own description (the lean parser's, see lean-reference.ts): the same object, not a new one. */
function describedBy(reference: ReferenceInfo['reference']): ReferenceInfo | undefined {
    return (reference as Partial<ReferenceInfo>).reference === reference ? reference as unknown as ReferenceInfo : undefined;
}

/** Calls `visit` with each cross-reference `node` holds itself, not those of the nodes below it (streamReferences). */
export function forEachReference(node: AstNode, visit: (reference: ReferenceInfo) => void): void {
    const properties = node as unknown as Record<string, unknown>;
    // The properties the grammar lets hold references, in the order the node has them (node-properties.ts).
    const known = nodePropertiesOf(node.$type)?.references;
    if (known) {
        for (let p = 0; p < known.length; p++) visitReferences(node, known[p], properties[known[p]], visit);
        return;
    }
    for (const property in properties) {
        if (property.charCodeAt(0) !== DOLLAR) visitReferences(node, property, properties[property], visit);
    }
}

/** Every cross-reference held by `root` or a node below it, in streamAst order. */
export function referencesBelow(root: AstNode): ReferenceInfo[] {
    const references: ReferenceInfo[] = [];
    const collect = (reference: ReferenceInfo) => { references.push(reference); };
    walkAst(root, node => { forEachReference(node, collect); });
    return references;
}
