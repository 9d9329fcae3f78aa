import type { LangiumDocument } from 'langium';
import type { Diagnostic, TextEdit } from 'vscode-languageserver';
import { reservedComponentNameMessage, reservedWordSentence } from '../parser/segplan-parser-messages.js';

/**
 * The name offered for a component named with a reserved word (`about : veeam.Proxy in mgmt`):
 * the word with the first number after it that no word of the file is (`about2`), as a
 * duplicate-name finding offers one. The edits rename the declaration and every place of the file
 * where the parser found the word standing for a name (`allow vbr -> about`, `managed by about`) —
 * the places that, renamed, read as that component; a description or comment that holds the word
 * is no such place and stays as written. Undefined for any other diagnostic.
 */
export function renameOfReservedComponent(document: LangiumDocument, diagnostic: Diagnostic): { name: string; edits: TextEdit[] } | undefined {
    const text = document.textDocument;
    const word = text.getText(diagnostic.range);
    const declaration = reservedComponentNameMessage(word);
    if (diagnostic.message !== declaration) return undefined;
    const words = new Set(text.getText().match(/[\w-]+/g));
    let n = 2;
    while (words.has(`${word}${n}`)) n++;
    const name = `${word}${n}`;
    const used = reservedWordSentence(word);
    const uses = (document.diagnostics ?? []).filter(d => d.message !== declaration && String(d.message).includes(used) && text.getText(d.range) === word);
    const ranges = [diagnostic.range, ...uses.map(d => d.range)];
    // One edit per place, each once (two messages may stand on one word).
    const seen = new Set<string>();
    const edits = ranges.filter(r => {
        const key = `${r.start.line}:${r.start.character}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
    }).map(range => ({ range, newText: name }));
    return { name, edits };
}
