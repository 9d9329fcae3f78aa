import { DocumentValidator, type LangiumDocument } from 'langium';
import { INVALID_ADDRESS } from '../language/validation/address-validation.js';
import { UNRESOLVED_IMPORT } from '../language/validation/import-validation.js';
import { INVALID_PORT } from '../language/validation/port-validation.js';
import { DUPLICATE_NAME } from '../language/validation/name-validation.js';
import { UNKNOWN_COMPONENT_TYPE, UNKNOWN_NAME } from '../language/validation/segplan-document-validator.js';
import { RELATION_NOT_POSSIBLE } from '../language/analysis/relations.js';
import { compareText } from '../language/utils/compare-text.js';
import type { Diagnostic } from 'vscode-languageserver-types';
import { printable, printableLineStart } from './terminal-text.js';

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
    /** The message with its first citation only, where it cites more (a missing flow): what a text line shows. */
    readonly brief?: string;
}

const NAMES: SeverityName[] = ['error', 'error', 'warning', 'info', 'hint'];

/** One diagnostic with 1-based lines and columns. */
export function cliDiagnostic(d: Diagnostic, file: string): CliDiagnostic {
    return {
        file,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
        severity: NAMES[d.severity ?? 1],
        code: String(d.code ?? (d.data as { code?: string } | undefined)?.code ?? 'syntax'),
        message: typeof d.message === 'string' ? d.message : d.message.value,
        ...briefOf(d)
    };
}

function briefOf(d: Diagnostic): { brief?: string } {
    const brief = (d.data as { brief?: unknown } | undefined)?.brief;
    return typeof brief === 'string' ? { brief } : {};
}

/** A diagnostic as the JSON and SARIF outputs give it: the whole message, every citation. */
export function fullDiagnostic(d: CliDiagnostic): CliDiagnostic {
    if (d.brief === undefined) return d;
    const { brief: _brief, ...rest } = d;
    return rest;
}

/** Diagnostics of a document with 1-based lines and columns, in document order. */
export function cliDiagnostics(document: LangiumDocument, file: string, includeHints: boolean): CliDiagnostic[] {
    return (document.diagnostics ?? [])
        .map((d: Diagnostic) => cliDiagnostic(d, file))
        .filter(d => includeHints || d.severity !== 'hint')
        .sort((a, b) => a.line - b.line || a.column - b.column || compareText(a.code, b.code) || compareText(a.message, b.message));
}

/**
 * One finding as one line of text output: `file:line:col severity code message`, every text
 * escaped. A missing flow cites its first source and says how many more (`verbose`: all of them).
 */
export function findingLine(d: CliDiagnostic, verbose = false): string {
    return `${printableLineStart(d.file)}:${d.line}:${d.column} ${d.severity} ${printable(d.code)} ${printable(verbose ? d.message : d.brief ?? d.message)}`;
}

/**
 * Errors that mean part of what the user wrote was not understood: a line the parser could not
 * read, an import or a name that leads nowhere, an address or port that is not one, a zone or
 * component whose name another already has (the second is left out), a relation SegPlan cannot
 * follow (left out: the flows it would bind are not in the list). A list of flows derived from
 * such a plan is incomplete.
 */
const UNREAD = new Set<string>([
    DocumentValidator.LexingError, DocumentValidator.ParsingError, DocumentValidator.LinkingError,
    UNRESOLVED_IMPORT, UNKNOWN_COMPONENT_TYPE, UNKNOWN_NAME, INVALID_ADDRESS, INVALID_PORT, DUPLICATE_NAME, RELATION_NOT_POSSIBLE
]);

export function unreadParts(document: LangiumDocument, file: string): CliDiagnostic[] {
    return cliDiagnostics(document, file, false).filter(d => d.severity === 'error' && UNREAD.has(d.code));
}
