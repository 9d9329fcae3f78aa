/**
 * The words of an `iptables-save` rule line, a quoted comment whole, read character by character.
 * It reads exactly as the regular expression `/"((?:\\.|[^"\\])*)"|(\S+)/g` did (a word is a
 * quoted text whose quote closes, its backslash escapes undone, or else a run of characters that
 * are not white space), without a match object per word: on a rule set of thousands of lines the
 * matches were most of what reading the words allocated. test/audit/iptables-words.test.ts holds
 * it to the expression on the public configurations and on generated lines.
 */

const QUOTE = 34, BACKSLASH = 92;

/** White space as JavaScript's `\s` and `trim` take it: ASCII tab to carriage return and space, and Unicode's spaces and line separators. */
export function isWhiteSpace(c: number): boolean {
    if (c === 32 || (c >= 9 && c <= 13)) return true;
    if (c < 0xa0) return false;
    return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** What `.` does not match: an escape is a backslash and any other character. */
function endsLine(c: number): boolean {
    return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

/** Where the quoted text opened at `open` closes, or -1: no closing quote, or a backslash before a line's end or the text's. */
function closingQuote(line: string, open: number): number {
    for (let i = open + 1; i < line.length; i++) {
        const c = line.charCodeAt(i);
        if (c === QUOTE) return i;
        if (c === BACKSLASH) {
            if (i + 1 >= line.length || endsLine(line.charCodeAt(i + 1))) return -1;
            i++;
        }
    }
    return -1;
}

/** The text between the quotes, each backslash escape read as the character it escapes. */
function unescaped(line: string, from: number, to: number): string {
    let slash = line.indexOf('\\', from);
    if (slash < 0 || slash >= to) return line.slice(from, to);
    let text = '';
    let start = from;
    while (slash >= 0 && slash < to) {
        text += line.slice(start, slash);
        // The escaped character is kept (a backslash escapes a backslash too); the escape's pair is never split.
        start = slash + 1;
        slash = line.indexOf('\\', slash + 2);
    }
    return text + line.slice(start, to);
}

/** Splits a rule line into words, keeping quoted comments whole. */
export function ruleWords(line: string): string[] {
    const words: string[] = [];
    let i = 0;
    while (i < line.length) {
        const c = line.charCodeAt(i);
        if (isWhiteSpace(c)) { i++; continue; }
        if (c === QUOTE) {
            const close = closingQuote(line, i);
            if (close >= 0) {
                words.push(unescaped(line, i + 1, close));
                i = close + 1;
                continue;
            }
        }
        let end = i + 1;
        while (end < line.length && !isWhiteSpace(line.charCodeAt(end))) end++;
        words.push(line.slice(i, end));
        i = end;
    }
    return words;
}
