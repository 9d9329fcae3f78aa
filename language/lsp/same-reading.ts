import { AstUtils, isAstNode, isReference, type AstNode, type ParseResult } from 'langium';

/** Where and why a text, edited, does not read as it did. */
export interface ReadingDifference {
    /** 0-based line of the edited text. */
    readonly line: number;
    readonly reason: string;
}

/**
 * The first place where `after` (the text with names changed on their own lines) does not read
 * as `before` did: a syntax error it did not have, or a statement read as another kind, with other
 * parts, or other words of the language. Names, references' texts and other strings may differ:
 * they are what a rename changes.
 */
export function firstDifference(before: ParseResult, after: ParseResult, beforeText: string): ReadingDifference | undefined {
    const errorLines = (result: ParseResult) => {
        const lines = new Map<number, number>();
        for (const error of result.parserErrors) {
            const line = Number.isFinite(error.token.startLine) ? error.token.startLine! - 1 : lineOf(beforeText, beforeText.length);
            lines.set(line, (lines.get(line) ?? 0) + 1);
        }
        for (const error of result.lexerErrors) {
            const line = (error.line ?? 1) - 1;
            lines.set(line, (lines.get(line) ?? 0) + 1);
        }
        return lines;
    };
    const old = errorLines(before);
    const added = [...errorLines(after)].filter(([line, count]) => count > (old.get(line) ?? 0)).map(([line]) => line).sort((a, b) => a - b);
    if (added.length > 0) return { line: added[0], reason: 'SegPlan would not understand it' };
    const was = AstUtils.streamAst(before.value).toArray();
    const is = AstUtils.streamAst(after.value).toArray();
    for (let i = 0; i < Math.max(was.length, is.length); i++) {
        const a = was[i], b = is[i];
        if (!a || !b || shape(a) !== shape(b)) {
            const node = b ?? a;
            return { line: node.$cstNode?.range.start.line ?? 0, reason: 'it would be read as another statement' };
        }
    }
    return undefined;
}

/** A node's type and what a rename leaves alone: which parts it has, how many, and every value but its name. */
function shape(node: AstNode): string {
    const parts: string[] = [node.$type];
    for (const [key, value] of Object.entries(node)) {
        if (key.startsWith('$')) continue;
        if (Array.isArray(value)) parts.push(`${key}[${value.length}]${value.filter(v => typeof v !== 'object').join(',')}`);
        else if (isAstNode(value) || isReference(value)) parts.push(key);
        // A name is what a rename changes; every other text (an address, a description, a keyword's value) is read as it was.
        else if (key === 'name') parts.push(key);
        else parts.push(`${key}=${JSON.stringify(value)}`);
    }
    return parts.join(' ');
}

function lineOf(text: string, offset: number): number {
    let line = 0;
    for (let i = 0; i < offset; i++) if (text.charCodeAt(i) === 10) line++;
    return line;
}
