import type { LangiumDocument } from 'langium';
import type { Diagnostic, TextEdit } from 'vscode-languageserver';
import { reservedComponentNameMessage } from '../parser/segplan-parser-messages.js';

/**
 * The name offered for a component named with a reserved word (`about : veeam.Proxy in mgmt`):
 * the word with the first number after it that no word of the file is (`about2`), as a
 * duplicate-name finding offers one. The diagnostic stands on the word itself; undefined for any
 * other diagnostic.
 */
export function renameOfReservedComponent(document: LangiumDocument, diagnostic: Diagnostic): { name: string; edit: TextEdit } | undefined {
    const text = document.textDocument;
    const word = text.getText(diagnostic.range);
    if (diagnostic.message !== reservedComponentNameMessage(word)) return undefined;
    const words = new Set(text.getText().match(/[\w-]+/g));
    let n = 2;
    while (words.has(`${word}${n}`)) n++;
    const name = `${word}${n}`;
    return { name, edit: { range: diagnostic.range, newText: name } };
}
