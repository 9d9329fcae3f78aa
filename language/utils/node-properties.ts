import { AstUtils, GrammarAST, GrammarUtils, type AstNode } from 'langium';
import { SegplanGrammar } from '../generated/grammar.js';

/**
 * Which properties of a syntax node can hold cross-references, and which can hold child nodes,
 * by node type, in the order the parser gives them to a node: read from the grammar once.
 *
 * Walking a tree used to look at every property of every node (for…in, and a test of each value):
 * a cold walk over the 24,000 nodes of a 10,000-instance plan took tens of milliseconds, and the
 * linker, the reference index and the validation each walk it. The parser creates a node's
 * properties in the order its rule assigns them, and a property a syntax error left out is either
 * absent or an empty list added at the end, so the grammar's order of first assignments is the
 * order a walk over the node's own properties meets them in. Where two properties of one kind can
 * come in either order (both inside one repeated group, as `on` and `except` of a flow endpoint),
 * the type has no list for that kind and the node's properties are walked as they are.
 */
export interface NodeProperties {
    /** Properties that hold a cross-reference or a list of them; undefined: walk them all. */
    readonly references: readonly string[] | undefined;
    /** Properties that hold a child node or a list of them; undefined: walk them all. */
    readonly children: readonly string[] | undefined;
}

/**
 * Set by the build (esbuild `define`, see esbuild.mjs): grammarNodeProperties() as the build ran
 * it. Loading the grammar to read them was a tenth of a small `segplan check`, and nothing else a
 * run of the CLI does loads the grammar. Undefined when running the compiled sources (tests).
 */
declare const SEGPLAN_NODE_PROPERTIES: Readonly<Record<string, NodeProperties>> | undefined;

let byType: Map<string, NodeProperties> | undefined;

/** The node type's properties, or undefined for a type the grammar's rules do not make one by one. */
export function nodePropertiesOf(type: string): NodeProperties | undefined {
    byType ??= new Map(Object.entries(typeof SEGPLAN_NODE_PROPERTIES === 'object' ? SEGPLAN_NODE_PROPERTIES : grammarNodeProperties()));
    return byType.get(type);
}

type Kind = 'reference' | 'child' | 'value' | 'unknown';

function kindOf(assignment: GrammarAST.Assignment): Kind {
    const terminal = assignment.terminal;
    if (GrammarAST.isCrossReference(terminal)) return 'reference';
    if (GrammarAST.isKeyword(terminal)) return 'value';
    if (GrammarAST.isRuleCall(terminal)) {
        const rule = terminal.rule.ref;
        if (GrammarAST.isTerminalRule(rule)) return 'value';
        if (GrammarAST.isParserRule(rule)) return GrammarUtils.isDataTypeRule(rule) ? 'value' : 'child';
    }
    return 'unknown';
}

/** The groups around `element` (inside its rule) that repeat: `*` or `+`. */
function repeatedGroupsAround(element: AstNode, rule: AstNode): Set<AstNode> {
    const groups = new Set<AstNode>();
    for (let current: AstNode | undefined = element; current && current !== rule; current = current.$container) {
        const cardinality = (current as { cardinality?: string }).cardinality;
        if (cardinality === '*' || cardinality === '+') groups.add(current);
    }
    return groups;
}

/** Each node type's properties, read from the grammar. */
export function grammarNodeProperties(): Record<string, NodeProperties> {
    const result: Record<string, NodeProperties> = {};
    for (const rule of SegplanGrammar().rules) {
        // A rule that makes nodes of its own name, with nothing that could name another type.
        if (!GrammarAST.isParserRule(rule) || rule.fragment || GrammarUtils.isDataTypeRule(rule) || rule.returnType || rule.inferredType) continue;
        const assignments = AstUtils.streamAllContents(rule.definition).filter(GrammarAST.isAssignment).toArray();
        if (rule.definition && GrammarAST.isAssignment(rule.definition)) assignments.unshift(rule.definition);
        if (assignments.length === 0 || AstUtils.streamAllContents(rule.definition).some(GrammarAST.isAction)) continue;
        if (assignments.some(a => kindOf(a) === 'unknown')) continue;
        result[rule.name] = { references: inOrder(assignments, 'reference', rule), children: inOrder(assignments, 'child', rule) };
    }
    return result;
}

/** The features of one kind in order of their first assignment; undefined when two of them can come in either order. */
function inOrder(assignments: readonly GrammarAST.Assignment[], kind: Kind, rule: AstNode): readonly string[] | undefined {
    const first = new Map<string, GrammarAST.Assignment[]>();
    for (const assignment of assignments) {
        if (kindOf(assignment) !== kind) continue;
        const list = first.get(assignment.feature);
        if (list) list.push(assignment); else first.set(assignment.feature, [assignment]);
    }
    const features = [...first.keys()];
    const position = new Map(assignments.map((a, i) => [a, i]));
    for (let i = 0; i < features.length; i++) {
        for (let j = i + 1; j < features.length; j++) {
            // Every place of the earlier one before every place of the later one (not so in two alternatives in different orders).
            const lastOfEarlier = Math.max(...first.get(features[i])!.map(a => position.get(a)!));
            const firstOfLater = Math.min(...first.get(features[j])!.map(a => position.get(a)!));
            if (lastOfEarlier > firstOfLater) return undefined;
            // Any place of one and any place of the other inside one repeated group: either can come first.
            for (const a of first.get(features[i])!) for (const b of first.get(features[j])!) {
                const around = repeatedGroupsAround(a, rule);
                for (const group of repeatedGroupsAround(b, rule)) if (around.has(group)) return undefined;
            }
        }
    }
    return Object.freeze(features);
}
