import { isAstNode, isReference, type AstNode, type CompositeCstNode, type CstNode, type RootCstNode } from 'langium';
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
        const line = this.line(offset);
        return { line, character: offset - this.starts![line] };
    }

    /** The line `offset` lies on (0-based). */
    line(offset: number): number {
        const starts = this.starts ??= lineStarts(this.text);
        let low = 0, high = starts.length - 1;
        while (low < high) {
            const mid = (low + high + 1) >> 1;
            if (starts[mid] <= offset) low = mid; else high = mid - 1;
        }
        return low;
    }
}

/**
 * Where each line starts. The line ends are found with indexOf, which runs in V8's own code: a
 * loop over each character runs once in a run of the CLI and is never optimised.
 */
export function lineStarts(text: string): Int32Array {
    const starts = [0];
    let lf = text.indexOf('\n'), cr = text.indexOf('\r');
    while (lf >= 0 || cr >= 0) {
        let end: number;
        if (cr >= 0 && (lf < 0 || cr < lf)) {
            // `\r\n` is one line end (its `\n` is the next one found), a lone `\r` another.
            if (text.charCodeAt(cr + 1) === 10) {
                end = cr + 1;
                lf = text.indexOf('\n', end + 1);
            } else end = cr;
            cr = text.indexOf('\r', cr + 1);
        } else {
            end = lf;
            lf = text.indexOf('\n', lf + 1);
        }
        starts.push(end + 1);
    }
    return Int32Array.from(starts);
}

/** Makes the real syntax tree of the statement that holds `node` (or of the whole document, for the root), and gives the real node that stands where `stand` stands. */
export interface CstMaterializer {
    readonly lines: TextLines;
    realNodeFor(stand: LeanCstNode): CstNode;
}

/** What a place other than a node's own stands for: a reference (a `$refNode`), or the tokens of a property's value. */
export interface LeanPlaceOf {
    readonly property: string;
    readonly index?: number;
    readonly of: 'reference' | 'value';
}

/** The materializer of each lean parse, by its root node (see materializerOf). */
const materializers = new WeakMap<AstNode, CstMaterializer>();

/** Makes `materializer` the one every place of the lean parse rooted at `root` answers with. */
export function registerMaterializer(root: AstNode, materializer: CstMaterializer): void {
    materializers.set(root, materializer);
}

function materializerOf(node: AstNode): CstMaterializer {
    let root = node;
    while (root.$container) root = root.$container;
    const materializer = materializers.get(root);
    if (!materializer) throw new Error(`A ${node.$type} of a lean parse has no materializer`);
    return materializer;
}

/**
 * A node's place in the text: its first and last token that is not a comment, as a CST node's
 * offset, end and range are. `astNode` is the node it belongs to (for a reference, the node that
 * holds the reference). A place of a part of the node is a LeanPlaceCstNode. The parse's text and
 * materializer are found through the tree's root, not kept in each of a large plan's 40,000 places.
 */
export class LeanCstNode implements CompositeCstNode {
    private rangeCache: Range | undefined;

    constructor(
        readonly offset: number,
        readonly end: number,
        readonly astNode: AstNode
    ) {}

    /** Which part of its node this place stands for, if not the node itself. */
    get part(): LeanPlaceOf | undefined {
        return undefined;
    }

    get materializer(): CstMaterializer {
        return materializerOf(this.astNode);
    }

    get length(): number {
        return this.end - this.offset;
    }

    get text(): string {
        return this.materializer.lines.text.substring(this.offset, this.end);
    }

    /** The line the node starts on, without its range: "From plan.segplan line N" for each of thousands of rules made three objects each. */
    get startLine(): number {
        return this.rangeCache?.start.line ?? this.materializer.lines.line(this.offset);
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

/**
 * A lean node's offsets until its place is asked for, kept under symbols (not among its
 * properties, which are Langium's). A large plan has tens of thousands of nodes and a run of the
 * CLI asks for the places of a few: made for every node, they would outlive V8's young
 * generation and be copied twice by its garbage collector.
 */
const OFFSET = Symbol('lean offset');
const END = Symbol('lean end');

type LeanNode = AstNode & { [OFFSET]?: number; [END]?: number };

/** Gives `node` its own `$cstNode`, as an assignment to a plain object would. */
function ownPlace(node: AstNode, place: CstNode | undefined): void {
    Object.defineProperty(node, '$cstNode', { value: place, writable: true, enumerable: true, configurable: true });
}

/**
 * The prototype of a lean parse's nodes: their `$cstNode` is made from the offsets the first
 * time it is read, then is the node's own property, as assigning one makes it.
 */
export const LEAN_NODE_PROTOTYPE: object = Object.create(Object.prototype, {
    $cstNode: {
        get(this: LeanNode): CstNode | undefined {
            const offset = this[OFFSET];
            const place = offset === undefined ? undefined : new LeanCstNode(offset, this[END]!, this);
            ownPlace(this, place);
            return place;
        },
        set(this: LeanNode, place: CstNode | undefined) {
            ownPlace(this, place);
        }
    }
});

/** Where a node of a lean parse lies (its first and last token that is not a comment); its place is made from these when asked for. */
export function setLeanOffsets(node: AstNode, offset: number, end: number): void {
    (node as LeanNode)[OFFSET] = offset;
    (node as LeanNode)[END] = end;
}

/** The length of a lean node's text (its first token to its last), from its offsets; undefined for another node. */
export function leanTextLength(node: object): number | undefined {
    const offset = (node as LeanNode)[OFFSET];
    return offset === undefined ? undefined : (node as LeanNode)[END]! - offset;
}

/** The line (0-based) a node starts on; 0 for a node without a place. */
export function startLineOf(node: AstNode): number {
    // A lean node's line is its offset's: no place made for it.
    const offset = (node as LeanNode)[OFFSET];
    if (offset !== undefined) return materializerOf(node).lines.line(offset);
    const place = node.$cstNode;
    if (!place) return 0;
    return place instanceof LeanCstNode ? place.startLine : place.range.start.line;
}

/** The place of a part of a node: a reference (a `$refNode`), or the tokens of a property's value. */
export class LeanPlaceCstNode extends LeanCstNode {
    constructor(offset: number, end: number, astNode: AstNode, private readonly place: LeanPlaceOf) {
        super(offset, end, astNode);
    }

    override get part(): LeanPlaceOf {
        return this.place;
    }
}

/**
 * Where `GrammarUtils.findNodeForProperty(node.$cstNode, property, index)` finds a property of a
 * lean node, when the lean tree knows: for nodes and references their own places (the first one
 * when there is no index, the last one past the end, as Langium's search picks), and the tokens of
 * a component's name, an address and a port. `null` when the property holds nothing; undefined
 * when only the real tree can tell (a zone's name, a description, a keyword's token), or the node
 * is not lean. Findings at the name or address of each of thousands of components (250 in the
 * 10,000-component bench plan) then make no statement's real tree.
 */
export function leanPropertyPlace(node: AstNode, property: string, index: number | undefined): CstNode | null | undefined {
    if (!(node.$cstNode instanceof LeanCstNode)) return undefined;
    const value = (node as unknown as Record<string, unknown>)[property];
    const values = Array.isArray(value) ? value : value === undefined ? [] : [value];
    if (values.length === 0) return null;
    const item: unknown = values[index === undefined ? 0 : Math.max(0, Math.min(index, values.length - 1))];
    if (isAstNode(item)) return item.$cstNode ?? undefined;
    if (isReference(item)) return item.$refNode ?? undefined;
    // Values whose tokens are known from the node's place: a component's name is its first token;
    // an address is all of its node; a port is all of its node, or its first token before `N per Type`.
    if (typeof item !== 'string' || Array.isArray(value)) return undefined;
    const place = node.$cstNode;
    const part: LeanPlaceOf = { property, index, of: 'value' };
    if (property === 'name' && node.$type === 'Instance'
        || property === 'value' && node.$type === 'PortItem' && (node as { perCount?: number }).perCount !== undefined) {
        return new LeanPlaceCstNode(place.offset, place.offset + item.length, node, part);
    }
    if (property === 'value' && (node.$type === 'Address' || node.$type === 'RuleAddress' || node.$type === 'PortItem')) {
        return new LeanPlaceCstNode(place.offset, place.end, node, part);
    }
    return undefined;
}
