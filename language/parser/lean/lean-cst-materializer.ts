import { GrammarUtils, isAstNode, isReference, RootCstNodeImpl, type AstNode, type CompositeCstNode, type CstNode, type LangiumParser } from 'langium';
import type { SegplanDocument } from '../../generated/ast.js';
import { shift } from '../cst-shift.js';
import { LeanCstNode, type CstMaterializer, type TextLines } from './lean-cst.js';

type Node = { $type: string; $container?: Node; $containerProperty?: string; $cstNode?: CstNode; [property: string]: unknown };

/**
 * Makes the real syntax tree of a lean parse (lean-plan-parser.ts) where something asks for more
 * than a node's place: one statement at a time, as Langium's parser parses it on its own (a
 * statement's tokens and what they were read as depend only on its text: see
 * statement-reparse.ts), moved to where the statement stands. Each real node is then the lean
 * node's: `$cstNode`, `$refNode` and the tree's `astNode` point at the lean tree, so Langium's
 * searches (findNodeForProperty, findNodeForKeyword, CstUtils) give what they give after a full
 * parse. The root's tree is the whole text parsed again.
 */
export class StatementCstMaterializer implements CstMaterializer {
    root: SegplanDocument | undefined;
    /** The statements' real trees hang from this root, whose text is the whole document's, so that a node's `text` and `root` are right. */
    private documentCst: RootCstNodeImpl | undefined;

    constructor(private readonly parser: () => LangiumParser, readonly lines: TextLines) {}

    realNodeFor(stand: LeanCstNode): CstNode {
        const node = stand.astNode as unknown as Node;
        if (!node.$container) this.materializeDocument();
        else {
            let statement = node;
            while (statement.$container!.$container) statement = statement.$container as Node;
            if (statement.$cstNode instanceof LeanCstNode) this.materializeStatement(statement);
        }
        const part = stand.part;
        const real = !part ? node.$cstNode
            : part.of === 'reference' ? referenceAt(node, part.property, part.index)?.$refNode
                : GrammarUtils.findNodeForProperty(node.$cstNode, part.property, part.index);
        if (!real || real instanceof LeanCstNode) throw new Error(`No syntax tree for a ${node.$type}'s ${part?.property ?? 'node'}`);
        return real;
    }

    private materializeStatement(statement: Node): void {
        const place = statement.$cstNode as LeanCstNode;
        const parsed = this.parser().parse<SegplanDocument>(this.lines.text.substring(place.offset, place.end));
        const real = (statement.$containerProperty === 'header' ? parsed.value.header
            : (parsed.value[statement.$containerProperty as 'imports' | 'elements'] ?? [])[0]) as unknown as Node | undefined;
        if (parsed.lexerErrors.length > 0 || parsed.parserErrors.length > 0 || !real?.$cstNode) throw new Error(`The ${statement.$type} at offset ${place.offset} parsed differently on its own`);
        const cst = real.$cstNode;
        const start = this.lines.position(place.offset);
        shift(cst, place.offset, start.line, 0, start.character);
        const root = this.documentCst ??= this.newDocumentCst();
        (cst as { container?: CompositeCstNode }).container = root;
        // In the order of the text, as a full parse has them.
        const content = root.content;
        let at = content.length;
        while (at > 0 && content[at - 1].offset > place.offset) at--;
        content.splice(at, 0, cst);
        adopt(statement, real);
    }

    private materializeDocument(): void {
        const parsed = this.parser().parse<SegplanDocument>(this.lines.text);
        if (parsed.lexerErrors.length > 0 || parsed.parserErrors.length > 0) throw new Error('The plan parsed differently with Langium');
        adopt(this.root as unknown as Node, parsed.value as unknown as Node);
    }

    private newDocumentCst(): RootCstNodeImpl {
        const root = new RootCstNodeImpl(this.lines.text);
        root.astNode = this.root!;
        return root;
    }
}

function referenceAt(node: Node, property: string, index: number | undefined): { $refNode?: CstNode } | undefined {
    const value = node[property];
    return (index === undefined ? value : (value as unknown[])[index]) as { $refNode?: CstNode } | undefined;
}

/** Makes the real tree's nodes the lean tree's: both trees have the same shape (checked as it goes). */
function adopt(lean: Node, real: Node): void {
    if (lean.$type !== real.$type) throw new Error(`A lean ${lean.$type} stands where Langium has a ${real.$type}`);
    const cst = real.$cstNode!;
    (cst as { astNode: AstNode }).astNode = lean as unknown as AstNode;
    lean.$cstNode = cst;
    for (const [property, value] of Object.entries(lean)) {
        if (property.startsWith('$')) continue;
        const other = real[property];
        if (Array.isArray(value)) {
            if (!Array.isArray(other) || other.length !== value.length) throw new Error(`A lean ${lean.$type}'s ${property} differs from Langium's`);
            value.forEach((item, index) => adoptValue(item, other[index]));
        } else adoptValue(value, other);
    }
}

function adoptValue(lean: unknown, real: unknown): void {
    if (isAstNode(lean)) adopt(lean as Node, real as Node);
    else if (isReference(lean)) (lean as { $refNode?: CstNode }).$refNode = (real as { $refNode?: CstNode }).$refNode;
}
