import type { LangiumDocument } from 'langium';
import type { Position, TextEdit } from 'vscode-languageserver-types';
import { keepColumns } from './keep-columns.js';

/** A plan string literal: quotes and backslashes escaped. */
export function quoted(text: string): string {
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/**
 * Edits as they are written into the file: with the file's own line endings (a CRLF file gets no
 * bare LF), and a fix that lengthens a line keeps its lined-up columns (a trailing comment) where
 * they were.
 */
export function asWritten(document: LangiumDocument, edits: readonly TextEdit[]): TextEdit[] {
    const crlf = document.textDocument.getText().includes('\r\n');
    const aligned = edits.map(e => keepColumns(document.textDocument, e));
    return crlf ? aligned.map(e => ({ ...e, newText: e.newText.replace(/\r?\n/g, '\r\n') })) : aligned;
}

/** The end of a line, before its line break. */
export function lineEnd(document: LangiumDocument, line: number): Position {
    const text = document.textDocument.getText();
    const start = document.textDocument.offsetAt({ line, character: 0 });
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start && text[end - 1] === '\r') end--;
    return document.textDocument.positionAt(end);
}
