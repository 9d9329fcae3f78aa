/**
 * Writes lines to an output stream a batch at a time. `check` and `flows` wrote a line, and so a
 * system call, per finding or flow: thousands for a large plan, for a few hundred kilobytes. Each
 * batch goes through the stream's own `write`, so what guards the stream (no control character
 * reaches the terminal; a reader that closed the pipe ends the output quietly) sees every byte.
 */
export function writeLines(stream: { write(text: string): unknown }, lines: Iterable<string>, batchChars = BATCH_CHARS): void {
    let batch: string[] = [];
    let size = 0;
    for (const line of lines) {
        batch.push(line);
        size += line.length + 1;
        if (size < batchChars) continue;
        stream.write(`${batch.join('\n')}\n`);
        batch = [];
        size = 0;
    }
    if (batch.length > 0) stream.write(`${batch.join('\n')}\n`);
}

/** About what a pipe holds: a batch is written whole, and a reader takes it in one read. */
const BATCH_CHARS = 1 << 16;
