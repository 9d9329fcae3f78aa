import type { LangiumDocument } from 'langium';
import type { CodeAction, Diagnostic, TextEdit } from 'vscode-languageserver';
import { REQUIRED_FLOW_DENIED } from '../analysis/guardrail-findings.js';
import { insertAction } from './accept-rule-actions.js';
import { statementAt, statementReplacement } from '../fixes/statement-replacement.js';

// Quick fixes of the guardrail findings: a statement (an allow rule through a deny, or a deny over
// a required flow) written again without exactly the part in conflict, and "accept with a reason"
// for a required flow the engineer wants to stay blocked.

type MakeAction = (document: LangiumDocument, title: string, edits: TextEdit[], diagnostic?: Diagnostic, preferred?: boolean) => CodeAction;

/**
 * The statement on the diagnostic's line replaced by the lines the finding's data gives (none:
 * the statement removed, with its line when it is alone on it). No data lines, no fix: the
 * finding's message says why it cannot be written exactly.
 */
export function replaceStatement(document: LangiumDocument, diagnostic: Diagnostic, data: Record<string, unknown>, title: string, action: MakeAction): CodeAction[] {
    const replacement = statementReplacement(document, statementAt(document, diagnostic.range), data.lines);
    if (!replacement) return [];
    if (replacement.lines.length === 0) return [action(document, `${title} (nothing is left: remove it)`, [replacement.edit], diagnostic, true)];
    return [action(document, `${title}: ${replacement.lines.join('; ')}`, [replacement.edit], diagnostic, true)];
}

/** "Accept that it stays blocked": the segplan-ignore comment with a reason above the deny. */
export function acceptDenial(document: LangiumDocument, diagnostic: Diagnostic, snippets: boolean): CodeAction[] {
    return [insertAction(document, `Accept that this required flow stays blocked, with a reason (segplan-ignore ${REQUIRED_FLOW_DENIED})`, diagnostic, diagnostic.range.start.line,
        { before: `// segplan-ignore ${REQUIRED_FLOW_DENIED}: `, placeholder: 'why it stays blocked', after: '' }, snippets)];
}
