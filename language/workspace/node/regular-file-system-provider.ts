import { NodeFileSystemProvider } from 'langium/node';
import type { LangiumSharedCoreServices, URI } from 'langium';
import { MAX_PLAN_BYTES } from '../input-limits.js';
import { UnreadableFiles, unreadableFilesOf } from '../unreadable-files.js';
import { NotReadableError, readRegularFile } from './regular-file.js';

export { MAX_PLAN_BYTES };

/**
 * Langium's Node file system, reading only regular files within the input limits (see
 * readRegularFile): a FIFO or device named like a plan, or imported, is refused instead of
 * read for ever. Why a read failed is remembered for the import check (UnreadableFiles).
 */
export class RegularFileSystemProvider extends NodeFileSystemProvider {
    constructor(private readonly unreadable = new UnreadableFiles()) {
        super();
    }

    override readBinarySync(uri: URI): Uint8Array {
        return readChecked(uri, this.unreadable);
    }

    override readBinary(uri: URI): Promise<Uint8Array> {
        return settled(() => readChecked(uri, this.unreadable));
    }

    override readFileSync(uri: URI): string {
        return readChecked(uri, this.unreadable).toString('utf8');
    }

    override readFile(uri: URI): Promise<string> {
        return settled(() => this.readFileSync(uri));
    }
}

function readChecked(uri: URI, unreadable: UnreadableFiles): Buffer {
    try {
        const content = readRegularFile(uri.fsPath, MAX_PLAN_BYTES);
        unreadable.forget(uri.toString());
        return content;
    } catch (error) {
        // A file that was refused and is now missing is reported as missing, not as it was.
        if (error instanceof NotReadableError) unreadable.remember(uri.toString(), error.reason);
        else unreadable.forget(uri.toString());
        throw error;
    }
}

export function settled<T>(read: () => T): Promise<T> {
    try {
        return Promise.resolve(read());
    } catch (error) {
        return Promise.reject(error);
    }
}

export const RegularFileSystem = {
    fileSystemProvider: (shared: LangiumSharedCoreServices) => new RegularFileSystemProvider(unreadableFilesOf(shared))
};
