import type { LangiumDocument } from 'langium';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import { REQUIRED_FLOW_DENIED } from '../analysis/guardrail-findings.js';
import { insertAction } from './accept-rule-actions.js';
import type { LeftStatement } from '../analysis/deny-narrowing.js';
import { isAllowRule, isDenyRule, type AllowRule, type DenyRule, type SegplanDocument } from '../generated/ast.js';
import { narrowedStatements } from './narrowed-statement.js';

// Quick fixes of the guardrail findings: a statement (an allow rule through a deny, or a deny over
// a required flow) written again without exactly the part in conflict, and "accept with a reason"
// for a required flow the engineer wants to stay blocked.

type MakeAction = (document: LangiumDocument, title: string, edits: TextEdit[], diagnostic?: Diagnostic, preferred?: boolean) => CodeAction;

/**
 * The statement the diagnostic is on replaced by what the finding's data says is left of it
 * (deny-narrowing.ts), written as statements (narrowed-statement.ts; none: the statement removed,
 * with its line when it is alone on it). Nothing left that can be written exactly, no fix: the
 * finding's message says why.
 */
export function replaceStatement(document: LangiumDocument, diagnostic: Diagnostic, data: Record<string, unknown>, title: string, action: MakeAction): CodeAction[] {
    const left = data.left as readonly LeftStatement[] | undefined;
    if (!Array.isArray(left)) return [];
    const text = document.textDocument.getText();
    const start = document.textDocument.offsetAt(diagnostic.range.start), end = document.textDocument.offsetAt(diagnostic.range.end);
    const statement = ((document.parseResult.value as SegplanDocument).elements ?? [])
        .find((e): e is AllowRule | DenyRule => (isAllowRule(e) || isDenyRule(e)) && !!e.$cstNode && e.$cstNode.offset <= start && start < e.$cstNode.end);
    if (!statement) return [];
    const lines = narrowedStatements(statement, left);
    const lineStart = text.lastIndexOf('\n', start - 1) + 1;
    let lineEnd = text.indexOf('\n', end);
    if (lineEnd < 0) lineEnd = text.length;
    const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
    if (lines.length === 0) {
        const alone = /^[ \t]*$/.test(text.slice(lineStart, start)) && /^[ \t\r]*$/.test(text.slice(end, lineEnd));
        const range = alone
            ? { start: document.textDocument.positionAt(lineStart), end: document.textDocument.positionAt(Math.min(text.length, lineEnd + 1)) }
            : diagnostic.range;
        return [action(document, `${title} (nothing is left: remove it)`, [{ range, newText: '' }], diagnostic, true)];
    }
    const newText = lines.join(`\n${indent}`);
    return [action(document, `${title}: ${lines.join('; ')}`, [{ range: diagnostic.range, newText }], diagnostic, true)];
}

/** "Accept that it stays blocked": the segplan-ignore comment with a reason above the deny. */
export function acceptDenial(document: LangiumDocument, diagnostic: Diagnostic, snippets: boolean): CodeAction[] {
    return [insertAction(document, `Accept that this required flow stays blocked, with a reason (segplan-ignore ${REQUIRED_FLOW_DENIED})`, diagnostic, diagnostic.range.start.line,
        { before: `// segplan-ignore ${REQUIRED_FLOW_DENIED}: `, placeholder: 'why it stays blocked', after: '' }, snippets)];
}
