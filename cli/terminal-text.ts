/**
 * Plan text (names, purposes, messages, file names) reaches a terminal or a CI log through the CLI.
 * A control character there could move the cursor or recolour the screen, a line break could forge a
 * `file:line:col` finding, and a line starting with `::` is a GitHub Actions workflow command. So
 * every text the CLI prints passes through `printable`: one text stays on one line, and nothing in it
 * is interpreted by whoever reads the output.
 */

// C0 and C1 controls, DEL, the Unicode line and paragraph separators, and the bidirectional
// formatting characters that can make a line read differently from what it contains.
const BEYOND_C0 = '\\u007f-\\u009f\\u2028\\u2029\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069\\ufeff';
const UNSAFE = new RegExp(`[\\u0000-\\u001f${BEYOND_C0}]`, 'g');

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

// Every character UNSAFE holds except the line feed, which separates the lines of an output, and
// the tab, which indents some (DOT, Mermaid) and moves nothing but the cursor to the next stop.
const UNSAFE_IN_OUTPUT = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f${BEYOND_C0}]`, 'g');

/**
 * The backstop for everything the CLI writes for a reader (text and JSON alike): whatever a command
 * forgot to pass through `printable`, no control character but the line feed and tab reaches the terminal.
 * `\uXXXX` is both readable and, inside a JSON string, the same character: JSON stays valid.
 */
export function withoutControlCharacters(text: string): string {
    return text.replace(UNSAFE_IN_OUTPUT, char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Makes every string written to the stream pass through withoutControlCharacters. */
export function guardOutput(stream: NodeJS.WriteStream): void {
    const write = stream.write.bind(stream) as (chunk: unknown, ...rest: unknown[]) => boolean;
    stream.write = ((chunk: unknown, ...rest: unknown[]) =>
        write(typeof chunk === 'string' ? withoutControlCharacters(chunk) : chunk, ...rest)) as typeof stream.write;
}
