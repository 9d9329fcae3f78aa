import { closeSync, fchmodSync, fsyncSync, openSync, realpathSync, renameSync, statSync, unlinkSync } from 'node:fs';
import * as path from 'node:path';
import { cannot } from './io-error.js';

/**
 * Writes a command's output to `target` so that it is either written whole or not at all: into
 * a temporary file in the same folder, flushed to the disk, then renamed over the target. A full
 * disk or a failed write leaves the earlier file as it was (generate reads it as the version on
 * the device) and no temporary file behind. A device or FIFO the user names (`-o /dev/stdout`)
 * is written straight through: it cannot be replaced, and there is nothing to keep.
 */
export function writeFileAtomically(named: string, write: (fd: number) => void): void {
    const existing = statOrUndefined(named);
    if (!replacedWhole(named, existing)) {
        writeThrough(named, write);
        return;
    }
    // Through a symbolic link, the file it points to is replaced, not the link.
    const target = existing ? realpathSync(named) : named;
    // Named by this process and the clock, created exclusively (`wx`): never another run's file.
    // (No random bytes: node:crypto is slow to load for a run that writes one file.)
    let temporary = '';
    let fd: number | undefined;
    for (let attempt = 0; fd === undefined; attempt++) {
        temporary = path.join(path.dirname(target), `.${path.basename(target)}.${process.pid}-${process.hrtime.bigint().toString(36)}-${attempt}.tmp`);
        try {
            fd = openSync(temporary, 'wx', existing ? existing.mode & 0o7777 : 0o666);
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === 'EEXIST' && attempt < 100) continue;
            throw cannot('write', named, error);
        }
    }
    try {
        try {
            // The earlier file's permissions carry over (the umask would otherwise decide them).
            if (existing) fchmodSync(fd, existing.mode & 0o7777);
            write(fd);
            fsyncSync(fd);
        } finally {
            closeSync(fd);
        }
        renameSync(temporary, target);
    } catch (error) {
        try {
            unlinkSync(temporary);
        } catch {
            // already gone: nothing is left behind
        }
        throw cannot('write', named, error);
    }
}

function writeThrough(target: string, write: (fd: number) => void): void {
    try {
        const fd = openSync(target, 'w');
        try {
            write(fd);
        } finally {
            closeSync(fd);
        }
    } catch (error) {
        throw cannot('write', target, error);
    }
}

/**
 * Whether an output to `named` replaces a file (or makes one), rather than writing through to a
 * device, FIFO or descriptor: only such a file holds an earlier version.
 */
export function replacedWhole(named: string, existing = statOrUndefined(named)): boolean {
    return !(existing && !existing.isFile() && !existing.isDirectory()) && !isSystemPath(named);
}

/**
 * /dev/stdout and /proc/self/fd/1 stand for a descriptor the command was given (standard output
 * redirected to a file is a regular file there): written through, never replaced.
 */
function isSystemPath(named: string): boolean {
    const absolute = path.resolve(named);
    return absolute.startsWith('/dev/') || absolute.startsWith('/proc/');
}

function statOrUndefined(target: string) {
    try {
        return statSync(target);
    } catch {
        return undefined;
    }
}
