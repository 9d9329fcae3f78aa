import { GrammarUtils, type AstNode, type CstNode } from 'langium';
import type { Range } from 'vscode-languageserver-types';
import { isAllowRule, isDenyRule } from '../generated/ast.js';
import { propertyPlaceWithoutTree } from '../parser/node-position.js';

/**
 * The tokens of each node's properties that diagnostics were placed at, by property and index.
 * A WeakMap, not an ObjectSlot: only the nodes with diagnostics have an entry, and a property
 * added to those alone would give them a shape of their own, which every walk over the tree
 * would then have to tell apart.
 */
const placesOfNode = new WeakMap<AstNode, Map<string, CstNode | null>>();

/**
 * The tokens a diagnostic about `node`'s `property` (its `index`-th value) is placed at, as
 * Langium's search of the node's tokens finds them, searched once per node: nodes never change
 * once parsed, and an edit moves the tokens of the statements it keeps in place
 * (statement-reparse.ts). After a one-line edit in a 10,000-component plan every kept statement's
 * diagnostics are placed again; the search through each statement's tokens was a tenth of that.
 */
export function placeOf(node: AstNode, property: string, index: number | undefined): CstNode | undefined {
    let places = placesOfNode.get(node);
    if (!places) placesOfNode.set(node, places = new Map());
    const key = index === undefined ? property : `${property}[${index}]`;
    let place = places.get(key);
    if (place === undefined) {
        // A node the CLI's lean parser made answers without its statement's real tree where it can.
        place = propertyPlaceWithoutTree(node, property, index);
        if (place === undefined) place = GrammarUtils.findNodeForProperty(node.$cstNode, property, index) ?? null;
        places.set(key, place);
    }
    return place ?? undefined;
}

/**
 * Where a finding about a whole allow or deny rule stands: its head, from the keyword through the
 * protocol. An editor shows the problems under the cursor before a hover's own text, so a finding
 * over the whole rule would lead the hover of each of its ports with something else than that
 * port's explanation; the ports carry only what is said about them.
 */
export function ruleHeadPlace(node: AstNode): Range | undefined {
    if (!isAllowRule(node) && !isDenyRule(node)) return undefined;
    const whole = node.$cstNode?.range;
    const last = placeOf(node, 'protocol', undefined) ?? placeOf(node, 'destinations', node.destinations.length - 1);
    if (!whole || !last) return undefined;
    return { start: whole.start, end: last.range.end };
}
