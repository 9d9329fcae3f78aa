/**
 * Plan text (names, purposes, messages, file names) reaches a terminal or a CI log through the CLI.
 * A control character there could move the cursor or recolour the screen, a line break could forge a
 * `file:line:col` finding, and a line starting with `::` is a GitHub Actions workflow command. So
 * every text the CLI prints passes through `printable`: one text stays on one line, and nothing in it
 * is interpreted by whoever reads the output.
 */

// C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the bidirectional
// formatting characters that can make a line read differently from what it contains.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

function escape(char: string): string {
    switch (char) {
        case '\n': return '\\n';
        case '\r': return '\\r';
        case '\t': return '\\t';
        case '\u001b': return '\\e';
    }
    const code = char.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** A text as one line with every control character shown as an escape (`\n`, `\e`, `\x07`, `\u202e`). */
export function printable(text: string): string {
    return text.replace(UNSAFE, escape);
}

/**
 * The start of an output line: a file name that begins with `::` would make the line a workflow
 * command, so it is written as `./::…` (the same file, read by the same path).
 */
export function printableLineStart(text: string): string {
    const safe = printable(text);
    return safe.startsWith('::') ? `./${safe}` : safe;
}
