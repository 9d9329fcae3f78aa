import type { CompletionItem, Position, Range } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * The one check every completion item passes before it reaches the editor, so that typing a plan
 * with the list open by itself never changes what was typed: Enter at the end of a finished word
 * must be a new line, not an item glued to that word.
 *
 * - An item that inserts at the cursor while the cursor touches the end of a word, an address, a
 *   port or a string would glue onto it (`10.10.10.0/24allow`): it is not offered. Right after a
 *   comma (a list going on) it is offered with the space that belongs there.
 * - An item that replaces what was typed replaces the whole word at the cursor, not a part of it.
 * - An item that would write exactly the word already typed is not offered: accepting it changes
 *   nothing but swallows the Enter.
 */
export function keepItemsThatFitTyping(document: TextDocument, position: Position, items: readonly CompletionItem[]): CompletionItem[] {
    const offset = document.offsetAt(position);
    const lineStart = document.offsetAt({ line: position.line, character: 0 });
    const before = document.getText().slice(lineStart, offset);
    const touched = before.length > 0 && !/\s$/.test(before);
    const afterComma = before.endsWith(',');
    const wordStart = lineStart + before.length - (WORD_AT_END.exec(before)?.[0].length ?? 0);
    const kept: CompletionItem[] = [];
    for (const item of items) {
        const range = insertRange(item);
        const newText = item.textEdit?.newText ?? item.insertText ?? item.label;
        const start = range ? document.offsetAt(range.start) : wordStart;
        const end = range ? document.offsetAt(range.end) : offset;
        if (end !== offset || start > offset) continue;
        if (start === offset) {
            if (!touched) kept.push(item);
            else if (afterComma && !/^\s/.test(newText)) kept.push(withNewText(item, ` ${newText}`));
            continue;
        }
        if (start !== wordStart) continue;
        if (newText === document.getText().slice(start, offset)) continue;
        kept.push(item);
    }
    return kept;
}

/**
 * The word being typed, as the plan's tokens spell it: a name (a qualified one with its dots), an
 * address, a port or a port range, or the text of an unfinished string.
 */
const WORD_AT_END = /[A-Za-z0-9_][\w.\-/+]*$/;

/** The part of the line an item replaces up to the cursor (the insert range of an insert/replace edit). */
function insertRange(item: CompletionItem): Range | undefined {
    const edit = item.textEdit;
    if (!edit) return undefined;
    return 'range' in edit ? edit.range : edit.insert;
}

function withNewText(item: CompletionItem, newText: string): CompletionItem {
    const edit = item.textEdit;
    if (!edit) return { ...item, insertText: newText };
    return { ...item, textEdit: { ...edit, newText } };
}
