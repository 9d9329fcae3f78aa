import type { LangiumDocument } from 'langium';
import { isAllowRule, isDenyRule, type AllowRule, type DenyRule, type SegplanDocument } from '../generated/ast.js';

/**
 * Allow rules the parser could not read completely. Parser recovery keeps what it understood:
 * `allow vbr -> proxy tcp port 6162` becomes "tcp, all ports", a malformed `until` disappears —
 * each wider than what was written. A rule with a syntax error anywhere from its first character
 * to the next element is not read (plan-model): no coverage, no finding, no emitted rule. A deny
 * statement read in part is not read either: its own error stands in for it (a part of it could
 * deny less than, or other traffic than, what was written).
 */
export function incompletelyReadRules(documents: readonly LangiumDocument[]): Map<AllowRule | DenyRule, number> {
    // Each rule with the offset its first error is at (see unread-reach.ts: what comes before it was read as written).
    const result = new Map<AllowRule | DenyRule, number>();
    for (const document of documents) {
        const { lexerErrors, parserErrors, value } = document.parseResult;
        if (lexerErrors.length === 0 && parserErrors.length === 0) continue;
        const text = document.textDocument, length = text.getText().length;
        const errorOffsets = [
            ...lexerErrors.map(e => e.offset),
            // The end of the file has no offset (NaN, or -1 from the lean parser): an error there is at the end.
            ...parserErrors.map(e => (Number.isFinite(e.token.startOffset) && e.token.startOffset >= 0 ? e.token.startOffset : length))
        ].sort((a, b) => a - b);
        const elements = (value as SegplanDocument).elements ?? [];
        // An error at the first token of a statement that starts its line is about the statement
        // before it, which wanted more (`allow vbr -> dc1 tcp until`, then the next line's `allow`):
        // a line that starts with a keyword or a component's name starts a statement, so the
        // parser read on there. The statement before takes the error (its span ends at that
        // token); the statement on the new line was read whole.
        const source = text.getText();
        const starts = new Set(elements.map(e => e.$cstNode?.offset).filter((o): o is number => o !== undefined && /^[ \t]*$/.test(source.slice(source.lastIndexOf('\n', o - 1) + 1, o))));
        const ownErrorLines = errorOffsets.filter(o => !starts.has(o)).map(o => text.positionAt(Math.min(o, length)).line).sort((a, b) => a - b);
        for (let i = 0; i < elements.length; i++) {
            const element = elements[i];
            if (!(isAllowRule(element) || isDenyRule(element)) || !element.$cstNode) continue;
            const from = element.$cstNode.offset;
            // Up to and including the next element's first token: a rule that wanted more (a port
            // after a trailing comma) makes the parser complain there.
            const to = elements[i + 1]?.$cstNode?.offset ?? Number.MAX_SAFE_INTEGER;
            const { start, end } = element.$cstNode.range;
            // Something the parser took for the next element on the rule's own line (`… until 2026-01-31 because`) was meant as part of it.
            const nextOnSameLine = elements[i + 1]?.$cstNode?.range.start.line === end.line;
            // An error at this statement's own first token belongs to the statement before it (see `starts`).
            const at = firstWithin(errorOffsets, starts.has(from) ? from + 1 : from, to);
            if (at !== undefined) result.set(element, at);
            // Errors on its lines but before it: nothing of it is sure. The next element on its
            // own line: the rule itself was read up to its end, and wanted more.
            else if (someWithin(ownErrorLines, start.line, end.line)) result.set(element, from);
            else if (nextOnSameLine) result.set(element, element.$cstNode.end);
        }
    }
    return result;
}

/** The first value of a sorted list from `from` to `to`: a plan with many errors and many rules is not searched rule by error. */
function firstWithin(sorted: readonly number[], from: number, to: number): number | undefined {
    let low = 0, high = sorted.length;
    while (low < high) {
        const middle = (low + high) >> 1;
        if (sorted[middle] < from) low = middle + 1; else high = middle;
    }
    return low < sorted.length && sorted[low] <= to ? sorted[low] : undefined;
}

function someWithin(sorted: readonly number[], from: number, to: number): boolean {
    return firstWithin(sorted, from, to) !== undefined;
}
