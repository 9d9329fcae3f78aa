import type { LangiumDocument } from 'langium';
import type { Diagnostic, Range, TextEdit } from 'vscode-languageserver-types';
import { GUARDRAIL_VIOLATED, REQUIRED_FLOW_DENIED } from '../../language/analysis/guardrail-findings.js';
import { allowAllMissing } from '../../language/fixes/allow-missing-flows.js';
import { asWritten } from '../../language/fixes/plan-edits.js';
import { statementAt, statementReplacement } from '../../language/fixes/statement-replacement.js';
import { importClosure } from '../../language/workspace/plan-imports.js';
import { displayPath } from '../plan-workspace.js';
import { printable } from '../terminal-text.js';
import type { McpServer } from './mcp-sdk.js';
import { z } from './mcp-sdk.js';
import { loadPlan, planInputShape } from './plan-input.js';
import { toolAnswer } from './tool-result.js';
import type { ToolContext } from './tool-context.js';

/** An edit with the file it is in and 1-based lines and columns, as a reader counts them, beside the LSP range (0-based). */
function editJson(file: string, edit: TextEdit) {
    const { start, end } = edit.range;
    return { file, startLine: start.line + 1, startColumn: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, newText: edit.newText, range: edit.range };
}

/** A statement narrowed around a deny: its new lines (none: removed), or why SegPlan cannot write them. */
interface Narrowing {
    readonly kind: 'narrow-deny' | 'narrow-allow-rule';
    readonly code: string;
    readonly file: string;
    readonly line: number;
    readonly statement: string;
    readonly finding: string;
    readonly lines: readonly string[] | null;
    readonly cannot: string | null;
    readonly edits: ReturnType<typeof editJson>[];
}

function codeOf(d: Diagnostic): string {
    return String((d.data as { code?: string } | undefined)?.code ?? d.code ?? '');
}

/** The statement a finding is on, as written (one line). */
function statementText(document: LangiumDocument, range: Range): string {
    return document.textDocument.getText(range).replace(/\s+/g, ' ');
}

/**
 * What the editor's fixes would write for one file: "allow all missing flows" (the same edits,
 * computed by the same code: language/fixes/allow-missing-flows.ts), and each statement narrowed
 * around a deny, where that can be written exactly.
 */
function fixesOf(document: LangiumDocument, context: Parameters<typeof allowAllMissing>[1]) {
    const file = displayPath(document);
    const all = allowAllMissing(document, context);
    const allowRules = all ? {
        title: all.title,
        flows: all.flows,
        rules: all.rules.map(r => {
            const facts = { source: r.source, destination: r.destination, protocol: r.protocol, ports: r.ports, purpose: r.purpose, installOnly: r.installOnly };
            // Ports added to the rule already between the endpoints, or a new rule (its text) after a line.
            return r.extends?.$cstNode
                ? { kind: 'add-ports' as const, ...facts, line: r.extends.$cstNode.range.start.line + 1, rule: statementText(document, r.extends.$cstNode.range) }
                : { kind: 'new-rule' as const, ...facts, text: r.text, afterLine: r.at && !r.at.atEnd ? r.at.position.line + 1 : null, atEnd: r.at?.atEnd === true };
        }),
        leftOut: all.leftOut.map(l => ({ text: l.text, deny: l.deny, whole: l.whole })),
        edits: asWritten(document, all.edits).map(e => editJson(file, e))
    } : null;
    const narrowings = (document.diagnostics ?? []).flatMap((d): Narrowing[] => {
        const code = codeOf(d);
        if (code !== REQUIRED_FLOW_DENIED && code !== GUARDRAIL_VIOLATED) return [];
        const data = (d.data ?? {}) as Record<string, unknown>;
        const statement = statementAt(document, d.range);
        const replacement = statementReplacement(document, statement, data.lines);
        const base = {
            kind: code === REQUIRED_FLOW_DENIED ? 'narrow-deny' as const : 'narrow-allow-rule' as const,
            code, file, line: d.range.start.line + 1, statement: statementText(document, statement), finding: typeof d.message === 'string' ? d.message : d.message.value
        };
        if (!replacement) return [{ ...base, lines: null, cannot: typeof data.cannot === 'string' ? data.cannot : 'SegPlan cannot write it exactly', edits: [] }];
        return [{ ...base, lines: replacement.lines, cannot: null, edits: asWritten(document, [replacement.edit]).map(e => editJson(file, e)) }];
    });
    return { file, allowRules, narrowings };
}

type FileFixes = ReturnType<typeof fixesOf>;

function fixesText(fixes: readonly FileFixes[]): string {
    const lines: string[] = [];
    for (const { file, allowRules, narrowings } of fixes) {
        if (allowRules) {
            lines.push(printable(`${file}: ${allowRules.title}:`));
            for (const r of allowRules.rules) {
                lines.push(printable(r.kind === 'add-ports'
                    ? `  line ${r.line}: add ${r.ports} to \`${r.rule}\``
                    : `  ${r.atEnd ? 'at the end' : `after line ${r.afterLine}`}: ${r.text}`));
            }
            for (const l of allowRules.leftOut) lines.push(printable(l.whole ? `  left out, ${l.deny} forbids it: ${l.text}` : `  allowed in part, ${l.deny} forbids the rest of: ${l.text}`));
        }
        for (const n of narrowings) {
            const what = n.kind === 'narrow-deny' ? 'narrow the deny to leave the required flow out (or accept that it stays blocked, with a reason)' : 'narrow the allow rule to leave out what the deny forbids';
            lines.push(printable(`${file} line ${n.line}: ${what}: \`${n.statement}\``));
            lines.push(printable(n.lines === null ? `  SegPlan cannot write it exactly: ${n.cannot}` : n.lines.length === 0 ? '  remove it (nothing is left of it)' : `  becomes: ${n.lines.join('; ')}`));
        }
    }
    if (lines.length === 0) return 'Nothing to fix: no required flow is missing and no statement conflicts with a deny.\n';
    return `${lines.join('\n')}\n\nNothing was written: these are the edits the editor's fixes would make (the structured content has them with line and column numbers).\n`;
}

export function registerFixTools(server: McpServer, context: ToolContext): void {
    server.registerTool('propose_fixes', {
        title: 'Propose fixes',
        description: 'The allow rules SegPlan\'s "fix all" would add to let every missing or partly allowed required flow through (never one a deny forbids: '
            + 'those are listed as left out), and the narrowings a deny conflict needs (a deny narrowed to leave a required flow out, or an allow rule narrowed '
            + 'to leave out what a deny forbids), as text and as edits with line and column numbers. Never applied: the server does not change the plan.',
        inputSchema: z.object(planInputShape),
        annotations: context.readOnly
    }, input => context.answer(async () => {
        const plan = await loadPlan(input);
        const analyzer = plan.services.analysis.PlanAnalyzer;
        const files = importClosure(plan.document, plan.services.shared.workspace.LangiumDocuments).map(d => fixesOf(d, analyzer))
            .filter(f => f.allowRules || f.narrowings.length);
        return toolAnswer(fixesText(files), { file: plan.file, files, applied: false });
    }));
}
