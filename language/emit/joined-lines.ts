/**
 * The lines of a large output, joined a few hundred at a time as they come. Kept one by one until
 * the end, each line of a 5,000-rule rule set (34,000 lines) outlived V8's young generation and was
 * copied twice by its garbage collector before the final join; the lines of a chunk die young, and
 * only the chunk's one flat string is kept.
 */
export class JoinedLines {
    private lines: string[] = [];
    private readonly chunks: string[] = [];

    /** Adds lines at the end, as an array's push would. */
    push(...lines: string[]): void {
        for (let i = 0; i < lines.length; i++) this.lines.push(lines[i]);
        if (this.lines.length >= CHUNK_LINES) this.flush();
    }

    /** Every line so far in order, as chunks of lines joined by '\n' (join them with '\n' too). */
    chunked(): string[] {
        this.flush();
        return this.chunks;
    }

    private flush(): void {
        if (this.lines.length === 0) return;
        this.chunks.push(this.lines.join('\n'));
        this.lines = [];
    }
}

const CHUNK_LINES = 256;
