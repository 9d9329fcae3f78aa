import { NodeFileSystemProvider } from 'langium/node';
import type { URI } from 'langium';
import { MAX_PLAN_BYTES } from '../input-limits.js';
import { forgetUnreadable, rememberUnreadable } from '../unreadable-files.js';
import { NotReadableError, readRegularFile } from './regular-file.js';

export { MAX_PLAN_BYTES };

/**
 * Langium's Node file system, reading only regular files within the input limits (see
 * readRegularFile): a FIFO or device named like a plan, or imported, is refused instead of
 * read for ever. Why a read failed is remembered for the import check.
 */
export class RegularFileSystemProvider extends NodeFileSystemProvider {
    override readBinarySync(uri: URI): Uint8Array {
        return readChecked(uri);
    }

    override readBinary(uri: URI): Promise<Uint8Array> {
        return settled(() => readChecked(uri));
    }

    override readFileSync(uri: URI): string {
        return readChecked(uri).toString('utf8');
    }

    override readFile(uri: URI): Promise<string> {
        return settled(() => this.readFileSync(uri));
    }
}

function readChecked(uri: URI): Buffer {
    try {
        const content = readRegularFile(uri.fsPath, MAX_PLAN_BYTES);
        forgetUnreadable(uri.toString());
        return content;
    } catch (error) {
        if (error instanceof NotReadableError) rememberUnreadable(uri.toString(), error.reason);
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
    fileSystemProvider: () => new RegularFileSystemProvider()
};
