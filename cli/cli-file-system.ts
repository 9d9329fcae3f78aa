import type { FileSystemNode, LangiumSharedCoreServices, URI } from 'langium';
import { unreadableFilesOf } from '../language/workspace/unreadable-files.js';
import { RegularFileSystemProvider, settled } from '../language/workspace/node/regular-file-system-provider.js';

/**
 * The files of a CLI run, read with Node's synchronous calls behind the provider's promises. A run
 * reads its plans once and has nothing else to do while it waits; Node's promise-based file
 * module, which Langium's provider loads on its first read, is costly to set up for a run that
 * reads a few files. Only regular files are read (see RegularFileSystemProvider). Errors are
 * Node's own, or a NotReadableError, as a rejected promise.
 */
export class CliFileSystemProvider extends RegularFileSystemProvider {
    override stat(uri: URI): Promise<FileSystemNode> {
        return settled(() => this.statSync(uri));
    }

    override exists(uri: URI): Promise<boolean> {
        return Promise.resolve(this.existsSync(uri));
    }

    override readDirectory(uri: URI): Promise<FileSystemNode[]> {
        return settled(() => this.readDirectorySync(uri));
    }
}

export const CliFileSystem = {
    fileSystemProvider: (shared: LangiumSharedCoreServices) => new CliFileSystemProvider(unreadableFilesOf(shared))
};
