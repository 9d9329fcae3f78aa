import type { LangiumDocument } from 'langium';
import type { Diagnostic } from 'vscode-languageserver-types';

export type SeverityName = 'error' | 'warning' | 'info' | 'hint';

export interface CliDiagnostic {
    readonly file: string;
    readonly line: number;
    readonly column: number;
    readonly endLine: number;
    readonly endColumn: number;
    readonly severity: SeverityName;
    readonly code: string;
    readonly message: string;
}

const NAMES: SeverityName[] = ['error', 'error', 'warning', 'info', 'hint'];

/** Diagnostics of a document with 1-based lines and columns, in document order. */
export function cliDiagnostics(document: LangiumDocument, file: string, includeHints: boolean): CliDiagnostic[] {
    return (document.diagnostics ?? [])
        .map((d: Diagnostic) => ({
            file,
            line: d.range.start.line + 1,
            column: d.range.start.character + 1,
            endLine: d.range.end.line + 1,
            endColumn: d.range.end.character + 1,
            severity: NAMES[d.severity ?? 1],
            code: String(d.code ?? (d.data as { code?: string } | undefined)?.code ?? 'syntax'),
            message: typeof d.message === 'string' ? d.message : d.message.value
        }))
        .filter(d => includeHints || d.severity !== 'hint')
        .sort((a, b) => a.line - b.line || a.column - b.column || a.code.localeCompare(b.code) || a.message.localeCompare(b.message));
}
