import type { EmitResult, Emitter } from './emitter.js';

/**
 * Every line a target writes is shorter than what its reader takes in one line. A reader that
 * cuts a long line into pieces reads the rest as a line of its own (iptables-restore does: a plan
 * text on a comment line became an iptables command), and a device's console takes a pasted line
 * only up to its buffer. Lists of addresses and ports are never cut to fit (the rule would
 * change): they are split into several lines, commands or rules that together allow the same.
 * Only comment and description text is cut, and it ends with `...`.
 */

/**
 * `items` joined by `separator` into pieces of at most `width` characters each, in order; an item
 * longer than `width` by itself is a piece of its own (the line-length gate then refuses the
 * output rather than cut it). One piece when everything fits.
 */
export function piecesOf(items: readonly string[], separator: string, width: number): string[] {
    const pieces: string[] = [];
    let piece = '';
    for (let i = 0; i < items.length; i++) {
        if (i === 0) { piece = items[0]; continue; }
        if (piece.length + separator.length + items[i].length > width) { pieces.push(piece); piece = items[i]; } else piece = `${piece}${separator}${items[i]}`;
    }
    if (items.length > 0) pieces.push(piece);
    return pieces;
}

/** An output with a line longer than its target's reader takes: refused, never written. */
export class OutputLineTooLongError extends Error {
    constructor(readonly target: string, readonly line: number, readonly length: number, readonly max: number) {
        super(`the ${target} output's line ${line} has ${length} characters, more than the ${max} its reader takes in one line; nothing was written. Please report this.`);
        this.name = 'OutputLineTooLongError';
    }
}

/**
 * The gate every output passes (generate.ts calls it for the CLI and the language server alike):
 * throws OutputLineTooLongError for the first line longer than `emitter.maxLineLength`.
 */
export function checkLineLengths(emitter: Emitter, result: EmitResult): void {
    const pieces = result.chunks ?? [result.text];
    let line = 1;
    for (let p = 0; p < pieces.length; p++) {
        const text = pieces[p];
        let start = 0;
        for (;;) {
            const end = text.indexOf('\n', start);
            const stop = end < 0 ? text.length : end;
            // A line ending in \r\n (CSV) counts without its \r.
            const length = stop - start - (stop > start && text.charCodeAt(stop - 1) === 13 ? 1 : 0);
            if (length > emitter.maxLineLength) throw new OutputLineTooLongError(emitter.id, line, length, emitter.maxLineLength);
            if (end < 0) break;
            start = end + 1;
            line++;
        }
        // Chunks are joined by '\n': the next chunk starts a new line.
        line++;
    }
}
