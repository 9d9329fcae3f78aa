import { AstUtils, CstUtils, type LangiumDocument } from 'langium';
import { isAllowRule, isDenyRule } from '../generated/ast.js';
import type { Range, TextEdit } from 'vscode-languageserver-types';

// A statement in conflict with a deny (an allow rule through it, or a deny over a required flow)
// written again without exactly the part in conflict: the guardrail findings carry the lines.

/**
 * The statement at `range` replaced by `lines` (none: the statement removed, with its line when it
 * is alone on it). Undefined when `lines` is not a list of lines: the finding's message then says
 * why it cannot be written exactly.
 */
export function statementReplacement(document: LangiumDocument, range: Range, lines: unknown): { readonly edit: TextEdit; readonly lines: readonly string[] } | undefined {
    if (!Array.isArray(lines) || !lines.every(l => typeof l === 'string')) return undefined;
    const text = document.textDocument.getText();
    const start = document.textDocument.offsetAt(range.start), end = document.textDocument.offsetAt(range.end);
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    let lineEnd = text.indexOf('\n', end);
    if (lineEnd < 0) lineEnd = text.length;
    const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
    if (lines.length === 0) {
        const alone = /^[ \t]*$/.test(text.slice(lineStart, start)) && /^[ \t\r]*$/.test(text.slice(end, lineEnd));
        const removed = alone
            ? { start: document.textDocument.positionAt(lineStart), end: document.textDocument.positionAt(Math.min(text.length, lineEnd + 1)) }
            : range;
        return { edit: { range: removed, newText: '' }, lines: [] };
    }
    return { edit: { range, newText: (lines as string[]).join(`\n${indent}`) }, lines: lines as string[] };
}

/** The whole allow rule or deny a finding at `range` is about: a finding stands on the rule's head only. */
export function statementAt(document: LangiumDocument, range: Range): Range {
    const root = document.parseResult.value.$cstNode;
    const leaf = root && CstUtils.findLeafNodeAtOffset(root, document.textDocument.offsetAt(range.start));
    const statement = leaf && (AstUtils.getContainerOfType(leaf.astNode, isAllowRule) ?? AstUtils.getContainerOfType(leaf.astNode, isDenyRule));
    return statement?.$cstNode?.range ?? range;
}
