import { CompositeCstNodeImpl, LeafCstNodeImpl, RootCstNodeImpl, type AstNode, type CstNode, type ParseResult } from 'langium';
import { isPlatform, isVendor, type Element, type SegplanDocument } from '../generated/ast.js';
import { commonPrefixLength, commonSuffixLength } from '../utils/shared-text.js';
import { shift } from '../parser/cst-shift.js';

/**
 * Re-parses only the top-level statements an edit touches, instead of the whole file: otherwise a
 * one-line edit in a large plan costs a full parse on every keystroke.
 *
 * The statements of a plan follow one another in one loop of the grammar (`elements+=Element*`),
 * each decided by its first token (a keyword, or a name followed by `:`), and the lexer has no
 * modes: from the start of a statement the parser's and the lexer's work depends only on the text
 * that follows. So the text from one untouched statement before the edit up to the first untouched
 * statement after it — the window — is parsed on its own, and its statements replace the old ones
 * in that stretch; the statements before are kept as they are, those after are kept with their
 * positions moved by the edit.
 *
 * When that would not give exactly what a parse of the whole text gives, the answer is undefined
 * and the caller parses the whole file: the old text had lexer errors (an unclosed string or
 * comment before the window could now close inside it) or syntax errors outside the window; the
 * window has lexer or syntax errors (recovery may have stopped at the window's end, where the
 * whole text goes on); a token of the window reaches its end (the next statement could merge with
 * it); the edit touches the header, the imports or a vendor or platform (the catalog is built from
 * those, and a plan's scope from the imports).
 */
export function reparseStatements(
    old: ParseResult<SegplanDocument>, newText: string, parse: (text: string) => ParseResult<SegplanDocument>
): ParseResult<SegplanDocument> | undefined {
    const oldRoot = old.value;
    const oldRootCst = oldRoot.$cstNode as RootCstNodeImpl | undefined;
    if (!oldRootCst || old.lexerErrors.length > 0 || (old.lexerReport?.diagnostics.length ?? 0) > 0) return undefined;
    const oldText = oldRootCst.fullText;
    const elements = oldRoot.elements ?? [];
    if (elements.length === 0) return undefined;

    // The changed stretch: [prefix, oldText.length - suffix) in the old text.
    const prefix = commonPrefixLength(oldText, newText);
    if (prefix === oldText.length && prefix === newText.length) return undefined;
    const suffix = commonSuffixLength(oldText, newText, Math.min(oldText.length, newText.length) - prefix);
    const oldChangeEnd = oldText.length - suffix;
    const delta = newText.length - oldText.length;

    const starts = statementStarts(oldRoot, oldRootCst);
    if (!starts) return undefined;
    // The window starts two untouched statements before the last one that starts before the edit:
    // what the parser decides at the end of the statement before the window looks only at them.
    const touched = lastBefore(starts, prefix);
    if (touched < 0) return undefined;
    const first = Math.max(0, touched - MARGIN);
    // It ends two untouched statements after the edit (the margin), or at the end of the file.
    const after = Math.min(elements.length, lastBefore(starts, oldChangeEnd + 1) + 1 + MARGIN);
    const windowStart = starts[first];
    const oldWindowEnd = after < elements.length ? starts[after] : oldText.length;
    const newWindowEnd = oldWindowEnd + delta;
    if (newWindowEnd < windowStart) return undefined;
    if (elements.slice(first, after).some(e => isVendor(e) || isPlatform(e))) return undefined;

    const windowText = newText.slice(windowStart, newWindowEnd);
    const parsed = parse(windowText);
    const windowRoot = parsed.value;
    const windowCst = windowRoot.$cstNode as RootCstNodeImpl | undefined;
    if (!windowCst || parsed.lexerErrors.length > 0 || (parsed.lexerReport?.diagnostics.length ?? 0) > 0) return undefined;
    if (windowRoot.header || (windowRoot.imports ?? []).length > 0) return undefined;
    const added = windowRoot.elements ?? [];
    if (added.length === 0 || added[0].$cstNode?.offset !== 0 || added.some(e => isVendor(e) || isPlatform(e) || e.$cstNode?.container !== windowCst)) return undefined;
    const lastLeaf = lastLeafOf(windowCst);
    const windowTokensEnd = lastLeaf ? lastLeaf.end : 0;
    const tail = lastLeaf ? lastLeaf.range.end : { line: 0, character: 0 };
    if (after < elements.length) {
        // A token that reaches the window's end could go on into the statement after it in the whole text.
        if (windowTokensEnd >= windowText.length) return undefined;
        // The margin must come out of the window as it was: the same statements at the same places,
        // without errors. Then recovery from any error before it stopped inside the window, and
        // the whole text's parse goes on from the margin exactly as the old one did.
        const margin = elements.slice(after - MARGIN, after);
        const marginStart = starts[after - MARGIN] + delta - windowStart;
        const reparsed = added.slice(added.length - MARGIN);
        if (reparsed.length < MARGIN || margin.some((e, i) => {
            const again = reparsed[i].$cstNode!;
            return again.offset !== e.$cstNode!.offset + delta - windowStart || again.length !== e.$cstNode!.length;
        })) return undefined;
        if (parsed.parserErrors.some(error => !(offsetOf(error) <= marginStart))) return undefined;
        const oldMarginStart = starts[after - MARGIN];
        if (old.parserErrors.some(error => offsetOf(error) > oldMarginStart && offsetOf(error) <= oldWindowEnd)) return undefined;
    }

    // Positions: the window's own are relative to its start; the statements after it move by the edit.
    const startLeaf = firstLeaf(elements[first].$cstNode!);
    const startLine = startLeaf.range.start.line, startColumn = startLeaf.range.start.character;
    const rootContent = oldRootCst.content;
    const from = rootContent.indexOf(elements[first].$cstNode!);
    const to = after < elements.length ? rootContent.indexOf(elements[after].$cstNode!, from) : rootContent.length;
    if (from < 0 || to < 0) return undefined;

    // Syntax errors are the old ones before the window, the window's, and the old ones after it,
    // moved. An error at a statement's first token was found by the statement before it.
    const parserErrors = old.parserErrors.filter(e => offsetOf(e) <= windowStart);
    for (const error of parsed.parserErrors) parserErrors.push(movedError(error, windowStart, startLine, 1, startColumn));
    for (const node of windowCst.content) shift(node, windowStart, startLine, 0, startColumn);
    if (after < elements.length) {
        const oldEnd = firstLeaf(elements[after].$cstNode!).range.start;
        // Where the next statement now starts: after the window's last token and the white space that follows.
        const newEnd = advance(tail.line === 0 ? { line: startLine, character: startColumn + tail.character } : { line: startLine + tail.line, character: tail.character },
            windowText, windowTokensEnd);
        const lineDelta = newEnd.line - oldEnd.line;
        const columnDelta = newEnd.character - oldEnd.character;
        for (const error of old.parserErrors) {
            if (offsetOf(error) > oldWindowEnd) parserErrors.push(movedError(error, delta, lineDelta, oldEnd.line + 1, columnDelta));
        }
        if (delta !== 0 || lineDelta !== 0 || columnDelta !== 0) {
            for (let i = to; i < rootContent.length; i++) shift(rootContent[i], delta, lineDelta, oldEnd.line, columnDelta);
        }
    }

    const rootCst = new RootCstNodeImpl(newText);
    rootCst.grammarSource = oldRootCst.grammarSource;
    const content = [...rootContent.slice(0, from), ...windowCst.content, ...rootContent.slice(to)];
    for (const node of content) (node as { container?: CstNode }).container = rootCst;
    rootCst.content = content;

    const newElements: Element[] = [...elements.slice(0, first), ...added, ...elements.slice(after)];
    // A copy of the old root's own properties, not of what was kept with it (ObjectSlot's symbols: its statements by kind, …).
    const root = Object.fromEntries(Object.entries(oldRoot)) as unknown as SegplanDocument & { elements: Element[]; $cstNode: CstNode };
    root.elements = newElements;
    root.$cstNode = rootCst;
    rootCst.astNode = root;
    const adopt = (node: AstNode | undefined) => { if (node) (node as { $container?: AstNode }).$container = root; };
    adopt(root.header);
    root.imports?.forEach(adopt);
    newElements.forEach((element, index) => {
        const mutable = element as { $container?: AstNode; $containerProperty?: string; $containerIndex?: number };
        mutable.$container = root;
        mutable.$containerProperty = 'elements';
        mutable.$containerIndex = index;
    });
    const removed = elements.slice(first, after);
    changes.set(root, { from: oldRoot, removed, added });
    // Only the last change is kept: the old tree's own change would hold the tree before it, and so
    // on back to the first parse (a day of editing one large file held every tree it had).
    changes.delete(oldRoot);
    // A removed statement that something still holds (a component of a renamed zone, a kept
    // analysis part) would hold the tree it was last in through its parent and its tokens' root,
    // and through that tree's statements removed later, every tree after it. It keeps only its
    // document, so that the file it came from can still be named.
    const detached = { $type: oldRoot.$type, $document: oldRoot.$document };
    for (const statement of removed) {
        (statement as { $container?: AstNode }).$container = detached as AstNode;
        if (statement.$cstNode) (statement.$cstNode as { container?: CstNode }).container = undefined;
    }
    // The new tree's starts, for the next edit: those before the window, the window's, those after moved by the edit.
    const addedStarts = added.map(e => e.$cstNode!.offset);
    const newStarts = [...starts.slice(0, first), ...addedStarts, ...starts.slice(after).map(start => start + delta)];
    if (ordered(added, addedStarts, first > 0 ? starts[first - 1] : -1, after < elements.length ? starts[after] + delta : Infinity)) knownStarts.set(root, newStarts);
    return { value: root, parserErrors, lexerErrors: [], lexerReport: parsed.lexerReport };
}

/** What a re-parse replaced: the statements of the tree it started `from` that left, and those that came in their place. */
export interface StatementChange {
    readonly from: SegplanDocument;
    readonly removed: readonly Element[];
    readonly added: readonly Element[];
}

const changes = new WeakMap<AstNode, StatementChange>();

/** How the tree `root` was made from the one before it, when it was made by reparseStatements. */
export function statementChangeOf(root: AstNode): StatementChange | undefined {
    return changes.get(root);
}

/**
 * Where each statement of a tree starts, when every statement is in the root's concrete syntax
 * tree, has tokens and starts after the one before (recovery from a syntax error can leave a
 * statement without tokens: positions then do not order them); undefined otherwise. Worked out
 * from the nodes once per full parse, then kept with each tree a re-parse makes: reading 10,000
 * statements' positions from their nodes took a tenth of every edit.
 */
function statementStarts(root: SegplanDocument, rootCst: RootCstNodeImpl): readonly number[] | undefined {
    const known = knownStarts.get(root);
    if (known) return known;
    const elements = root.elements ?? [];
    if (elements.some(e => e.$cstNode?.container !== rootCst)) return undefined;
    const starts = elements.map(e => e.$cstNode!.offset);
    return ordered(elements, starts, -1, Infinity) ? starts : undefined;
}

const knownStarts = new WeakMap<AstNode, readonly number[]>();

/** Whether the statements have tokens and start in order, after `before` and before `next`. */
function ordered(elements: readonly Element[], starts: readonly number[], before: number, next: number): boolean {
    for (let i = 0; i < elements.length; i++) {
        if (elements[i].$cstNode!.length === 0 || starts[i] <= (i > 0 ? starts[i - 1] : before)) return false;
    }
    return elements.length === 0 || starts[starts.length - 1] < next;
}

/** Untouched statements re-parsed on each side of an edit. */
const MARGIN = 2;

type ParserError = ParseResult['parserErrors'][number];
type Token = ParserError['token'];

/** Where a syntax error is; one at the end of the input (Chevrotain's EOF token) is after everything. */
function offsetOf(error: ParserError): number {
    const offset = error.token.startOffset;
    return Number.isFinite(offset) && offset >= 0 && error.token.tokenType?.name !== 'EOF' ? offset : Infinity;
}

/** A syntax error moved like the text it is about (Chevrotain's lines and columns count from 1). */
function movedError(error: ParserError, offset: number, lines: number, columnLine: number, columns: number): ParserError {
    // The end-of-input token has no place (offset -1): it stays as it is.
    const move = (token: Token): Token => token.tokenType?.name === 'EOF' || !(token.startOffset >= 0) ? token : ({
        ...token,
        startOffset: token.startOffset + offset,
        endOffset: token.endOffset === undefined ? undefined : token.endOffset + offset,
        startLine: token.startLine === undefined ? undefined : token.startLine + lines,
        endLine: token.endLine === undefined ? undefined : token.endLine + lines,
        startColumn: token.startColumn !== undefined && token.startLine === columnLine ? token.startColumn + columns : token.startColumn,
        endColumn: token.endColumn !== undefined && token.endLine === columnLine ? token.endColumn + columns : token.endColumn
    });
    // A copy with all own properties: an error's message is not enumerable.
    const moved = Object.create(Object.getPrototypeOf(error) as object, Object.getOwnPropertyDescriptors(error)) as ParserError;
    moved.token = move(error.token);
    const withPrevious = moved as ParserError & { previousToken?: Token };
    if (withPrevious.previousToken) withPrevious.previousToken = move(withPrevious.previousToken);
    if (moved.resyncedTokens) moved.resyncedTokens = moved.resyncedTokens.map(move);
    return moved;
}

/** The index of the last start before `offset`, or -1. */
function lastBefore(starts: readonly number[], offset: number): number {
    let low = 0, high = starts.length - 1, found = -1;
    while (low <= high) {
        const mid = (low + high) >> 1;
        if (starts[mid] < offset) { found = mid; low = mid + 1; } else high = mid - 1;
    }
    return found;
}

function firstLeaf(node: CstNode): LeafCstNodeImpl {
    let current = node;
    while (current instanceof CompositeCstNodeImpl) current = current.content[0];
    return current as LeafCstNodeImpl;
}

/** The last token of a subtree, hidden ones (comments) included. */
function lastLeafOf(node: CstNode): CstNode | undefined {
    let current: CstNode | undefined = node;
    while (current instanceof CompositeCstNodeImpl) current = current.content[current.content.length - 1];
    return current;
}

/** The position after `text[from…]`, starting at `position`: the line breaks the lexer counts (`\n`, `\r\n`, `\r`). */
function advance(position: { line: number; character: number }, text: string, from: number): { line: number; character: number } {
    let { line, character } = position;
    for (let i = from; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 13 && text.charCodeAt(i + 1) === 10) { line++; character = 0; i++; } else if (c === 10 || c === 13) { line++; character = 0; } else character++;
    }
    return { line, character };
}
