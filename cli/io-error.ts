import { NotReadableError } from '../language/workspace/node/regular-file.js';

/** A file or folder the CLI could not read or write: exit code 2, with what failed and why. */
export class IoError extends Error { }

const REASONS: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOENT: 'no such file or folder',
    ENOTDIR: 'a part of the path is not a folder',
    EISDIR: 'it is a folder',
    ELOOP: 'too many symbolic links',
    EMFILE: 'too many open files',
    ENAMETOOLONG: 'the name is too long',
    ENOSPC: 'no space left on the device',
    EROFS: 'the file system is read-only',
    EIO: 'input/output error',
    EBUSY: 'the file is busy'
};

/** The reason of a file system error in plain words (`permission denied`), or undefined if it is none. */
export function ioReason(error: unknown): string | undefined {
    if (error instanceof NotReadableError) return `it ${error.reason}`;
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    return typeof code === 'string' ? REASONS[code] ?? (code.startsWith('E') ? code : undefined) : undefined;
}

/** `cannot read 'plan.segplan': permission denied` for a file system error that escaped a command. */
export function describeIoError(error: unknown): string | undefined {
    const reason = ioReason(error);
    if (!reason) return undefined;
    const { syscall, path } = error as NodeJS.ErrnoException;
    const verb = syscall === 'open' || syscall === 'read' || syscall === 'scandir' || syscall === 'stat' || syscall === 'lstat' ? 'read'
        : syscall === 'write' || syscall === 'mkdir' || syscall === 'rename' ? 'write' : syscall ?? 'access';
    return path ? `cannot ${verb} '${path}': ${reason}` : `${syscall ?? 'file system'} failed: ${reason}`;
}

/** Throws an IoError for a failed read of `file`, in the words of describeIoError. */
export function cannot(verb: 'read' | 'write', file: string, error: unknown): IoError {
    return new IoError(`cannot ${verb} '${file}': ${ioReason(error) ?? (error instanceof Error ? error.message : String(error))}`);
}
