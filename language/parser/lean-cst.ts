import type { AstNode, CompositeCstNode, CstNode, RootCstNode } from 'langium';
import type { Range } from 'vscode-languageserver-types';

/**
 * Where a lean parse's nodes are, without a concrete syntax tree: each node's `$cstNode` (and each
 * reference's `$refNode`) is a stand-in that knows only its offsets. That is what the CLI reads of
 * nearly every node (a finding's range, "From plan.segplan line N", a rule's text); building
 * Langium's tree of tokens for it cost a quarter of a 5,000-rule run and much of its memory.
 *
 * Anything else about the tree (its tokens, which grammar element made a node, the property a
 * token was assigned to) makes the real tree of that statement, with Langium's parser (see
 * lean-cst-materializer.ts), and answers from it: a finding placed at a property gets exactly
 * the range it gets after a full parse.
 */

/** A document's text with where each line starts, counted as Chevrotain counts lines (`\r\n`, `\n`, `\r`). */
export class TextLines {
    private starts: Int32Array | undefined;

    constructor(readonly text: string) {}

    position(offset: number): { line: number; character: number } {
        const starts = this.starts ??= lineStarts(this.text);
        let low = 0, high = starts.length - 1;
        while (low < high) {
            const mid = (low + high + 1) >> 1;
            if (starts[mid] <= offset) low = mid; else high = mid - 1;
        }
        return { line: low, character: offset - starts[low] };
    }
}

function lineStarts(text: string): Int32Array {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 13) {
            if (text.charCodeAt(i + 1) === 10) i++;
            starts.push(i + 1);
        } else if (c === 10) starts.push(i + 1);
    }
    return Int32Array.from(starts);
}

/** Makes the real syntax tree of the statement that holds `node` (or of the whole document, for the root), and gives the real node that stands where `stand` stands. */
export interface CstMaterializer {
    readonly lines: TextLines;
    realNodeFor(stand: LeanCstNode): CstNode;
}

/**
 * A node's place in the text: its first and last token that is not a comment, as a CST node's
 * offset, end and range are. `astNode` is the node it belongs to (for a reference, the node that
 * holds the reference). `reference` names the reference a `$refNode` stands for.
 */
export class LeanCstNode implements CompositeCstNode {
    private rangeCache: Range | undefined;

    constructor(
        readonly offset: number,
        readonly end: number,
        readonly astNode: AstNode,
        readonly materializer: CstMaterializer,
        readonly reference?: { readonly property: string; readonly index?: number }
    ) {}

    get length(): number {
        return this.end - this.offset;
    }

    get text(): string {
        return this.materializer.lines.text.substring(this.offset, this.end);
    }

    get range(): Range {
        return this.rangeCache ??= { start: this.materializer.lines.position(this.offset), end: this.materializer.lines.position(this.end) };
    }

    // Everything else is the real tree's.
    private get real(): CstNode {
        return this.materializer.realNodeFor(this);
    }

    get container(): CompositeCstNode | undefined {
        return this.real.container;
    }

    get content(): CstNode[] {
        return (this.real as CompositeCstNode).content as CstNode[];
    }

    get root(): RootCstNode {
        return this.real.root;
    }

    get grammarSource(): CstNode['grammarSource'] {
        return this.real.grammarSource;
    }

    /** Langium's older name of grammarSource. */
    get feature(): unknown {
        return (this.real as unknown as { feature: unknown }).feature;
    }

    /** Langium's older name of astNode. */
    get element(): AstNode {
        return (this.real as unknown as { element: AstNode }).element;
    }

    get hidden(): boolean {
        return this.real.hidden;
    }

    get tokenType(): unknown {
        return (this.real as unknown as { tokenType?: unknown }).tokenType;
    }

    get fullText(): unknown {
        return (this.real as unknown as { fullText?: unknown }).fullText;
    }
}
