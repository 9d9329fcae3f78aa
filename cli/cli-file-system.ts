import { NodeFileSystemProvider } from 'langium/node';
import type { FileSystemNode, URI } from 'langium';

/**
 * The files of a CLI run, read with Node's synchronous calls behind the provider's promises. A run
 * reads its plans once and has nothing else to do while it waits; Node's promise-based file
 * module, which Langium's provider loads on its first read, is costly to set up for a run that
 * reads a few files. Errors are Node's own, as a rejected promise.
 */
export class CliFileSystemProvider extends NodeFileSystemProvider {
    override stat(uri: URI): Promise<FileSystemNode> {
        return settled(() => this.statSync(uri));
    }

    override exists(uri: URI): Promise<boolean> {
        return Promise.resolve(this.existsSync(uri));
    }

    override readBinary(uri: URI): Promise<Uint8Array> {
        return settled(() => this.readBinarySync(uri));
    }

    override readFile(uri: URI): Promise<string> {
        return settled(() => this.readFileSync(uri));
    }

    override readDirectory(uri: URI): Promise<FileSystemNode[]> {
        return settled(() => this.readDirectorySync(uri));
    }
}

function settled<T>(read: () => T): Promise<T> {
    try {
        return Promise.resolve(read());
    } catch (error) {
        return Promise.reject(error);
    }
}

export const CliFileSystem = {
    fileSystemProvider: () => new CliFileSystemProvider()
};
