import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';

/**
 * A file SegPlan refused to read, with why in plain words (`'/dev/zero' is not a regular file`).
 * Its `code` is a file system error code, so callers that describe those still do.
 */
export class NotReadableError extends Error {
    constructor(readonly path: string, readonly reason: string, readonly code: string) {
        super(`'${path}' ${reason}`);
    }
}

/**
 * The one way SegPlan reads a file it was given: only a regular file (a symbolic link to one is
 * fine), at most `maxBytes`. A device (/dev/zero never ends), a FIFO (waits for a writer for
 * ever) or a folder is refused before any byte is read. The file is opened without blocking
 * (opening a FIFO would otherwise wait for a writer) and checked on the open descriptor, so
 * what is checked is what is read.
 */
export function readRegularFile(path: string, maxBytes: number): Buffer {
    const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
    try {
        const info = fstatSync(fd);
        if (info.isDirectory()) throw new NotReadableError(path, 'is a folder, not a file', 'EISDIR');
        if (!info.isFile()) throw new NotReadableError(path, 'is not a regular file', 'ENOTREGULAR');
        if (info.size > maxBytes) {
            throw new NotReadableError(path, `is ${megabytes(info.size)} MB; SegPlan reads files up to ${megabytes(maxBytes)} MB`, 'EFBIG');
        }
        // Read to the end, not to the size seen: a file that grows while read is cut at the limit.
        const chunks: Buffer[] = [];
        let total = 0;
        for (;;) {
            const chunk = Buffer.allocUnsafe(Math.min(Math.max(info.size - total, 0) + 1, 1 << 20, maxBytes - total + 1));
            const read = readSync(fd, chunk, 0, chunk.length, null);
            if (read === 0) break;
            total += read;
            if (total > maxBytes) throw new NotReadableError(path, `grew beyond ${megabytes(maxBytes)} MB while read`, 'EFBIG');
            chunks.push(chunk.subarray(0, read));
        }
        return Buffer.concat(chunks, total);
    } finally {
        closeSync(fd);
    }
}

/** The text of a regular file (UTF-8), within the limit; see readRegularFile. */
export function readRegularText(path: string, maxBytes: number): string {
    return readRegularFile(path, maxBytes).toString('utf8');
}

function megabytes(bytes: number): string {
    return String(Math.round(bytes / 1048576 * 10) / 10);
}
