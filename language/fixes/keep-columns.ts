import type { TextEdit } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * An edit on one line that makes the text before a lined-up column longer or shorter would move
 * that column (the `:` of a component, a trailing comment). This one takes the difference out of —
 * or adds it to — the run of spaces right after the edit, so the column stays where the engineer
 * put it. A single space is no alignment and is left alone; a run never drops below one space.
 */
export function keepColumns(text: TextDocument, edit: TextEdit): TextEdit {
    const { start, end } = edit.range;
    if (start.line !== end.line || edit.newText.includes('\n')) return edit;
    const line = text.getText({ start: { line: end.line, character: 0 }, end: { line: end.line + 1, character: 0 } }).replace(/\r?\n$/, '');
    const run = /^ {2,}(?=\S)/.exec(line.slice(end.character))?.[0].length;
    if (!run) return edit;
    const grows = edit.newText.length - (end.character - start.character);
    if (grows === 0) return edit;
    return {
        range: { start, end: { line: end.line, character: end.character + run } },
        newText: edit.newText + ' '.repeat(Math.max(1, run - grows))
    };
}
