import type { LangiumDocument } from 'langium';
import { CodeActionKind, type CodeAction, type Diagnostic, type Position } from 'vscode-languageserver';
import { isInstance, type AllowRule } from '../generated/ast.js';
import { MISSING_FLOW, PARTIAL_FLOW } from '../analysis/flow-findings.js';
import { OVERBROAD_RULE, UNUSED_RULE } from '../analysis/rule-findings.js';
import { isSuppressible } from '../validation/suppressions.js';
import { quoted } from '../fixes/plan-edits.js';

// Quick fixes for a rule that is what the engineer wants: accept a finding with a reason (the
// documented `// segplan-ignore <code>: <reason>` comment), or state the need the rule serves as
// the plan's own requirement (`require …`), which the analysis then checks like a catalog flow.

/** What the reason or purpose reads until the engineer writes their own (the cursor is on it). */
const REASON_PLACEHOLDER = 'why this rule is wanted';
const PURPOSE_PLACEHOLDER = 'what the plan needs it for';

/** Findings that a `require` line answers: a rule that serves the plan's own need is used, and its ports are needed. */
const ANSWERED_BY_REQUIREMENT: ReadonlySet<string> = new Set([UNUSED_RULE, OVERBROAD_RULE]);

/**
 * Findings about blocked required flows: they are about what is missing, not about the rule on
 * whose line they are shown, and the coverage summary counts them whatever a comment says.
 */
const NOT_ABOUT_THE_RULE: ReadonlySet<string> = new Set([MISSING_FLOW, PARTIAL_FLOW]);

/** `$`, `}` and `\` are snippet syntax. */
function snippetText(text: string): string {
    return text.replace(/[$}\\]/g, m => `\\${m}`);
}

/** A line inserted above `line`, with that line's indentation and the file's line ending. */
function lineAbove(document: LangiumDocument, line: number, text: string): { position: Position; newText: string } {
    const content = document.textDocument.getText();
    const start = document.textDocument.offsetAt({ line, character: 0 });
    const indent = /^[ \t]*/.exec(content.slice(start))![0];
    const eol = content.includes('\r\n') ? '\r\n' : '\n';
    return { position: { line, character: 0 }, newText: `${indent}${text}${eol}` };
}

/**
 * An action that inserts one line. Where the editor takes snippet edits (LSP 3.18), the cursor
 * lands on the placeholder, selected, so typing replaces it; elsewhere the placeholder is written.
 */
export function insertAction(document: LangiumDocument, title: string, diagnostic: Diagnostic, line: number, parts: { before: string; placeholder: string; after: string }, snippets: boolean): CodeAction {
    const range = (p: Position) => ({ start: p, end: p });
    const uri = document.textDocument.uri;
    if (snippets) {
        const { position, newText } = lineAbove(document, line, `${snippetText(parts.before)}\${1:${snippetText(parts.placeholder)}}${snippetText(parts.after)}`);
        return {
            title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic],
            edit: { documentChanges: [{ textDocument: { uri, version: document.textDocument.version }, edits: [{ range: range(position), snippet: { kind: 'snippet', value: newText } }] }] }
        };
    }
    const { position, newText } = lineAbove(document, line, `${parts.before}${parts.placeholder}${parts.after}`);
    return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [uri]: [{ range: range(position), newText }] } } };
}

/** "Accept with a reason": the segplan-ignore comment on the line above the finding's, for a finding on an allow rule. */
export function acceptWithReason(document: LangiumDocument, diagnostic: Diagnostic, code: string, rule: AllowRule | undefined, snippets: boolean): CodeAction[] {
    if (!rule || NOT_ABOUT_THE_RULE.has(code) || !isSuppressible(code)) return [];
    return [insertAction(document, `Accept this rule with a reason (segplan-ignore ${code})`, diagnostic, diagnostic.range.start.line,
        { before: `// segplan-ignore ${code}: `, placeholder: REASON_PLACEHOLDER, after: '' }, snippets)];
}

/**
 * "Declare as the plan's own requirement": the `require` line for what the rule opens (for an
 * over-broad rule, the ports no flow needs), above the rule. Only where a requirement can say it:
 * components on both sides (not zones, `any` or addresses), a transport, port numbers or ranges.
 */
export function declareRequirement(document: LangiumDocument, diagnostic: Diagnostic, code: string, data: Record<string, unknown>, rule: AllowRule | undefined, snippets: boolean): CodeAction[] {
    if (!rule?.$cstNode || !ANSWERED_BY_REQUIREMENT.has(code) || !['tcp', 'udp', 'tcp/udp'].includes(rule.protocol)) return [];
    const names = (side: AllowRule['sources']) => side.map(e => (e.target && isInstance(e.target.ref) ? e.target.ref.name : undefined));
    const sources = names(rule.sources), destinations = names(rule.destinations);
    if ([...sources, ...destinations].some(n => n === undefined) || sources.some(s => destinations.includes(s))) return [];
    const written = rule.ports.map(p => (p.setting || p.perType ? undefined : String(p.value ?? '')));
    if (written.length === 0 || written.some(p => !p || !/^\d+(-\d+)?$/.test(p))) return [];
    const ports = code === OVERBROAD_RULE ? String(data.unneeded ?? '') : written.join(', ');
    if (!ports) return [];
    const head = `require ${sources.join(', ')} -> ${destinations.join(', ')} ${rule.protocol} ${ports} `;
    const tail = rule.until ? ' install-only' : '';
    const line = rule.$cstNode.range.start.line;
    const title = `Declare ${ports} as the plan's own requirement (require ${sources.join(', ')} -> ${destinations.join(', ')})`;
    if (rule.description) return [insertAction(document, title, diagnostic, line, { before: `${head}${quoted(rule.description)}${tail}`, placeholder: '', after: '' }, false)];
    return [insertAction(document, title, diagnostic, line, { before: `${head}"`, placeholder: PURPOSE_PLACEHOLDER, after: `"${tail}` }, snippets)];
}
