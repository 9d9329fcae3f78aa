import * as assert from 'node:assert/strict';
import { documentReferences, statementReferences } from '../../language/parser/statement-references.js';
import { referencesBelow, walkAst } from '../../language/utils/ast-walk.js';
import { documentNodes } from '../../language/parser/document-nodes.js';
import { GrammarUtils, isAstNode, isReference, type AstNode, type CstNode } from 'langium';
import { leanPropertyPlace } from '../../language/parser/lean/lean-cst.js';

type Node = AstNode & Record<string, unknown>;

function place(node: CstNode | undefined): unknown {
    return node && { offset: node.offset, length: node.length, end: node.end, range: node.range, text: node.text };
}

/**
 * Asserts that a lean parse's tree is Langium's: the same properties created in the same order,
 * the same values, containers, references' texts and places, and nodes' places.
 */
export function assertSameTree(lean: AstNode, real: AstNode, path = 'root', pairs = new Map<AstNode, AstNode>()): Map<AstNode, AstNode> {
    if (path === 'root') {
        assertReferencesListedAsWalked(lean);
        assertNodesListedAsWalked(lean);
    }
    pairs.set(real, lean);
    const l = lean as Node, r = real as Node;
    // A lean node's `$cstNode` is made, and becomes its own property, when first read (lean-cst.ts).
    const properties = (node: Node) => Object.keys(node).filter(key => key !== '$cstNode');
    assert.deepEqual(properties(l), properties(r), `${path}: properties (and their order)`);
    for (const key of Object.keys(r)) {
        const at = `${path}.${key}`;
        const lv = l[key], rv = r[key];
        if (key === '$cstNode') assert.deepEqual(place(lv as CstNode), place(rv as CstNode), `${at}: place`);
        else if (key === '$container') assert.equal(lv, pairs.get(rv as AstNode), `${at}: container`);
        else if (key.startsWith('$')) assert.deepEqual(lv, rv, at);
        else if (Array.isArray(rv)) {
            assert.ok(Array.isArray(lv), `${at}: a list`);
            assert.equal((lv as unknown[]).length, rv.length, `${at}: length`);
            rv.forEach((item, i) => sameValue((lv as unknown[])[i], item, `${at}[${i}]`, pairs));
        } else sameValue(lv, rv, at, pairs);
    }
    return pairs;
}

function sameValue(lean: unknown, real: unknown, path: string, pairs: Map<AstNode, AstNode>): void {
    if (isAstNode(real)) assertSameTree(lean as AstNode, real, path, pairs);
    else if (isReference(real)) {
        assert.ok(isReference(lean), `${path}: a reference`);
        assert.equal(lean.$refText, real.$refText, `${path}: reference text`);
        assert.deepEqual(place(lean.$refNode), place(real.$refNode), `${path}: reference place`);
        assert.equal(lean.$refNode?.astNode, pairs.get(real.$refNode!.astNode), `${path}: reference's node`);
    } else assert.deepEqual(lean, real, path);
}

/** Every property's place as findNodeForProperty gives it (which makes the lean tree's real syntax tree), against Langium's. */
export function assertSamePropertyPlaces(lean: AstNode, real: AstNode, path = 'root'): void {
    const l = lean as Node, r = real as Node;
    for (const key of Object.keys(r)) {
        if (key.startsWith('$')) continue;
        const rv = r[key];
        const count = Array.isArray(rv) ? rv.length : 1;
        for (let i = 0; i < count; i++) {
            const index = Array.isArray(rv) ? i : undefined;
            assert.deepEqual(place(GrammarUtils.findNodeForProperty(l.$cstNode, key, index)), place(GrammarUtils.findNodeForProperty(r.$cstNode, key, index)), `${path}.${key}[${i}]: property place`);
            const item = Array.isArray(rv) ? rv[i] : rv;
            if (isAstNode(item)) assertSamePropertyPlaces((Array.isArray(rv) ? (l[key] as AstNode[])[i] : l[key]) as AstNode, item, `${path}.${key}[${i}]`);
        }
    }
    for (const keyword of ['zone', 'allow', '->', ',', 'in', 'at', 'behind', 'until']) {
        assert.deepEqual(place(GrammarUtils.findNodeForKeyword(l.$cstNode, keyword)), place(GrammarUtils.findNodeForKeyword(r.$cstNode, keyword)), `${path}: keyword ${keyword}`);
    }
}

/**
 * The places leanPropertyPlace finds (for every property, index and one past the end) against
 * Langium's search on the real tree; run before anything makes the lean tree's real syntax tree.
 * Returns how many it found without the real tree.
 */
export function assertSameLeanPropertyPlaces(lean: AstNode, real: AstNode, path = 'root', later?: Array<() => void>): number {
    if (!later) {
        const checks: Array<() => void> = [];
        const found = assertSameLeanPropertyPlaces(lean, real, path, checks);
        checks.forEach(check => check());
        return found;
    }
    const l = lean as Node, r = real as Node;
    let found = 0;
    for (const key of Object.keys(r)) {
        if (key.startsWith('$')) continue;
        const rv = r[key];
        const asked = Array.isArray(rv) ? [undefined, ...rv.keys(), rv.length + 1] : [undefined];
        for (const index of asked) {
            const ours = leanPropertyPlace(l, key, index);
            if (ours === undefined) continue;
            found++;
            const theirs = GrammarUtils.findNodeForProperty(r.$cstNode, key, index);
            assert.deepEqual(place(ours ?? undefined), place(theirs), `${path}.${key}[${index}]: lean property place`);
            // What only the real tree knows, asked once all lean places are compared (it makes the real tree).
            if (ours) later.push(() => assert.equal(ours.grammarSource, theirs!.grammarSource, `${path}.${key}[${index}]: grammar source`));
        }
        (Array.isArray(rv) ? rv : [rv]).forEach((item, i) => {
            if (isAstNode(item)) found += assertSameLeanPropertyPlaces((Array.isArray(rv) ? (l[key] as AstNode[])[i] : l[key]) as AstNode, item, `${path}.${key}[${i}]`, later);
        });
    }
    return found;
}

/**
 * The references the lean parser lists for its document are those a walk over its nodes finds,
 * in that order and described alike: the same reference, node, property and index (a lean
 * reference is its own description). Each statement's, which a walk finds, are those same objects.
 */
export function assertReferencesListedAsWalked(root: AstNode): void {
    const listed = documentReferences(root), walked = referencesBelow(root);
    assert.ok(listed, 'the document\'s references are listed');
    assert.equal(listed.length, walked.length, 'references listed');
    walked.forEach((info, i) => {
        assert.ok(listed[i].reference === info.reference && listed[i].container === info.container && listed[i].property === info.property && listed[i].index === info.index,
            `${info.container.$type}: reference ${i} (${info.property}) in the walk's order`);
    });
    let at = 0;
    for (const statement of (root as unknown as { elements?: AstNode[] }).elements ?? []) {
        for (const info of statementReferences(statement)) assert.ok(info === listed[at++] || (info.reference as unknown) !== info, `${statement.$type}: the listed description`);
    }
    assert.equal(at, listed.length, 'every statement\'s references');
}

/** The nodes the lean parser lists for its document are the nodes a walk over it visits, in that order (validation reads the list instead of walking). */
export function assertNodesListedAsWalked(root: AstNode): void {
    const listed = documentNodes(root), walked: AstNode[] = [];
    walkAst(root, node => { walked.push(node); });
    assert.ok(listed, 'the document\'s nodes are listed');
    assert.equal(listed.length, walked.length, 'nodes listed');
    walked.forEach((node, i) => assert.ok(listed[i] === node, `${node.$type}: node ${i} in the walk's order (listed: ${listed[i].$type})`));
}
