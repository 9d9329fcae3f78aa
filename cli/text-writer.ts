import { writeSync } from 'node:fs';

/**
 * Writes a large text to a file descriptor through one buffer used again and again. Node encodes
 * a string it writes into new memory three times the string's length, and every page of it first
 * touched is a fault the kernel serves (slow on some virtual machines): a large rule set paid
 * that for every write. The pieces are encoded here into one buffer that stays the same.
 */
export class TextWriter {
    private readonly buffer = new Uint8Array(BUFFER_BYTES);
    private filled = 0;
    private readonly encoder = new TextEncoder();

    constructor(private readonly fd: number) {}

    write(text: string): void {
        let rest = text;
        while (rest.length > 0) {
            const { read, written } = this.encoder.encodeInto(rest, this.buffer.subarray(this.filled));
            this.filled += written;
            rest = read === rest.length ? '' : rest.slice(read);
            // Full, or the next character does not fit in what is left.
            if (rest.length > 0) this.flush();
        }
    }

    /** Writes whatever is still in the buffer. */
    flush(): void {
        let at = 0;
        while (at < this.filled) at += writeSomething(this.fd, this.buffer, at, this.filled - at);
        this.filled = 0;
    }
}

const BUFFER_BYTES = 1 << 16;

/**
 * One write(2) of what it takes; a descriptor another program left non-blocking (a full pipe)
 * says EAGAIN instead of waiting, so this waits and tries again: briefly first (a reader that
 * keeps up has made room by then, and a long first wait adds up over a large rule set), twice as
 * long each time after, up to a bound (a pager waiting for its user).
 */
function writeSomething(fd: number, buffer: Uint8Array, at: number, length: number): number {
    for (let wait = 0.1; ; wait = Math.min(wait * 2, 16)) {
        try {
            return writeSync(fd, buffer, at, length);
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
            Atomics.wait(WAIT, 0, 0, wait);
        }
    }
}

const WAIT = new Int32Array(new SharedArrayBuffer(4));

/** Writes `pieces.join(separator)` to the file descriptor `fd`, without making that string. */
export function writeJoined(fd: number, pieces: readonly string[], separator = ''): void {
    const writer = new TextWriter(fd);
    for (let i = 0; i < pieces.length; i++) {
        if (i > 0) writer.write(separator);
        writer.write(pieces[i]);
    }
    writer.flush();
}
