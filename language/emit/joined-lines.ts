/**
 * The lines of a large output, joined a few hundred at a time as they come. Kept one by one until
 * the end, each line of a 5,000-rule rule set (34,000 lines) outlived V8's young generation and was
 * copied twice by its garbage collector before the final join; the lines of a chunk die young, and
 * only the chunk's one flat string is kept.
 *
 * One line per push, into a list made at its full size: a push of a rest list made a list for each
 * of those 34,000 lines, and a list grown line by line was made six times per chunk.
 */
export class JoinedLines {
    private lines: string[] = new Array<string>(CHUNK_LINES);
    private count = 0;
    private readonly chunks: string[] = [];

    /** Adds a line at the end. */
    push(line: string): void {
        this.lines[this.count++] = line;
        if (this.count === CHUNK_LINES) this.flush();
    }

    /** Every line so far in order, as chunks of lines joined by '\n' (join them with '\n' too). */
    chunked(): string[] {
        this.flush();
        return this.chunks;
    }

    private flush(): void {
        if (this.count === 0) return;
        if (this.count < CHUNK_LINES) this.lines.length = this.count;
        this.chunks.push(this.lines.join('\n'));
        this.lines = new Array<string>(CHUNK_LINES);
        this.count = 0;
    }
}

const CHUNK_LINES = 256;
