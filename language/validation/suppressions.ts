import type { LangiumDocument } from 'langium';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';

/** A `// segplan-ignore` comment without the reason it must give. */
export const SUPPRESSION_WITHOUT_REASON = 'suppression-without-reason';
/** A `// segplan-ignore` comment that silences nothing (the finding is gone, or the code is wrong). */
export const UNUSED_SUPPRESSION = 'unused-suppression';

/**
 * Codes a comment can never silence: a file SegPlan did not fully read, check or understand is
 * never clean; and an allow rule through a deny (the deny says never: change one of the two).
 */
const NEVER_SUPPRESSED = new Set(['guardrail-violated', 'internal-error', 'plan-too-large', 'input-too-large', 'unreadable-file', 'lexing-error', 'parsing-error', 'linking-error',
    'unknown-name', 'unknown-component-type', 'invalid-address', 'invalid-port', 'invalid-date']);

/** Whether a `// segplan-ignore` comment may silence findings of this code. */
export function isSuppressible(code: string): boolean {
    return !NEVER_SUPPRESSED.has(code) && code !== SUPPRESSION_WITHOUT_REASON && code !== UNUSED_SUPPRESSION;
}

interface Suppression {
    readonly line: number;
    readonly codes: readonly string[];
    readonly reason: string;
    /** The line whose findings it silences: its own (a comment at the end of a line) or the next one with code. */
    readonly target: number;
}

/** A finding a `// segplan-ignore <code>: <reason>` comment silenced, with that reason. */
export interface SuppressedFinding {
    readonly diagnostic: Diagnostic;
    readonly reason: string;
}

const COMMENT = /\/\/\s*segplan-ignore\b\s*([\w-]+(?:\s*,\s*[\w-]+)*)?\s*(?::\s*(.*?))?\s*$/;

function suppressionsOf(text: string): Suppression[] {
    const lines = text.split(/\r?\n/);
    const out: Suppression[] = [];
    lines.forEach((line, index) => {
        const m = COMMENT.exec(line);
        if (!m) return;
        const before = line.slice(0, m.index).trim();
        let target = index;
        if (!before) {
            target = index + 1;
            while (target < lines.length && (!lines[target].trim() || lines[target].trim().startsWith('//'))) target++;
        }
        out.push({ line: index, codes: (m[1] ?? '').split(',').map(c => c.trim()).filter(Boolean), reason: (m[2] ?? '').trim(), target });
    });
    return out;
}

function codeOf(d: Diagnostic): string {
    return String((d.data as { code?: string } | undefined)?.code ?? d.code ?? '');
}

/**
 * Applies the plan's own suppressions: `// segplan-ignore unused-rule: admins manage vCenter
 * directly` at the end of a line, or on the line above it, silences those findings of that line,
 * in the editor and in the CLI alike. The reason is mandatory (without one nothing is silenced and
 * the comment is a warning), a comment that silences nothing is a warning too, and nothing can
 * silence a file that was not fully read or checked. Gives the diagnostics kept and the findings silenced.
 */
export function applySuppressions(document: LangiumDocument, diagnostics: Diagnostic[]): { kept: Diagnostic[]; silenced: SuppressedFinding[] } {
    const text = document.textDocument.getText();
    if (!text.includes('segplan-ignore')) return { kept: diagnostics, silenced: [] };
    const suppressions = suppressionsOf(text);
    const kept: Diagnostic[] = [];
    const silenced: SuppressedFinding[] = [];
    const used = new Set<Suppression>();
    for (const d of diagnostics) {
        const code = codeOf(d);
        const by = NEVER_SUPPRESSED.has(code) ? undefined
            : suppressions.find(s => s.reason && s.target === d.range.start.line && s.codes.includes(code));
        if (by) { silenced.push({ diagnostic: d, reason: by.reason }); used.add(by); } else kept.push(d);
    }
    for (const s of suppressions) {
        const range = { start: { line: s.line, character: 0 }, end: { line: s.line, character: text.split(/\r?\n/)[s.line].length } };
        if (!s.reason || s.codes.length === 0) {
            kept.push({
                range, severity: DiagnosticSeverity.Warning, source: 'segplan', code: SUPPRESSION_WITHOUT_REASON, data: { code: SUPPRESSION_WITHOUT_REASON },
                message: 'A segplan-ignore comment names the finding codes it silences and says why: `// segplan-ignore unused-rule: admins manage vCenter directly`. This one silences nothing.'
            });
        } else if (!used.has(s)) {
            kept.push({
                range, severity: DiagnosticSeverity.Warning, source: 'segplan', code: UNUSED_SUPPRESSION, data: { code: UNUSED_SUPPRESSION },
                message: `This segplan-ignore comment silences nothing: line ${s.target + 1} has no ${s.codes.join(' or ')} finding. Remove the comment, or fix the code it names.`
            });
        }
    }
    return { kept, silenced };
}
