import { URI, UriUtils, type FileSystemNode, type FileSystemProvider } from 'langium';
import type { Connection, InitializeParams } from 'vscode-languageserver';
import { MAX_PLAN_BYTES } from '../../language/workspace/input-limits.js';
import { UnreadableFiles } from '../../language/workspace/unreadable-files.js';
import type { FileSystemOfSchemes } from '../../language/utils/workspace-files.js';
import {
    ReadDirectoryRequest, ReadFileRequest, StatRequest, type ReadDirectoryParams, type ReadDirectoryResult,
    type ReadFileParams, type ReadFileResult, type StatParams, type StatResult
} from './file-system-protocol.js';
import type { WorkerInitializationOptions } from './initialization-options.js';
import type { HostFiles } from './server-host.js';

/** A read of a file that is not there, as Node names it (callers that describe errors by code still do). */
class NotFoundError extends Error {
    readonly code = 'ENOENT';
    constructor(uri: URI) {
        super(`${uri.toString()} does not exist`);
    }
}

/**
 * The language server bundle's file system: the reads its host makes (the disk on the desktop, the
 * client's file system in a browser worker), within the input limits. Only asynchronous reads can
 * be served so; the synchronous ones are not used by the language server and say so if called.
 */
export class HostFileSystemProvider implements FileSystemProvider, FileSystemOfSchemes {
    private schemes: Set<string>;

    constructor(private readonly files: HostFiles, private readonly unreadable = new UnreadableFiles(), schemes: readonly string[] = ['file']) {
        this.schemes = new Set(schemes);
    }

    get fileSchemes(): ReadonlySet<string> {
        return this.schemes;
    }

    /** A browser client's schemes: those it names, else those of its workspace folders (and `file:`). */
    useClientSchemes(params: InitializeParams): void {
        const named = (params.initializationOptions as WorkerInitializationOptions | undefined)?.fileSchemes;
        const ofFolders = (params.workspaceFolders ?? []).map(folder => URI.parse(folder.uri).scheme);
        this.schemes = new Set(named ?? ['file', ...ofFolders]);
    }

    async stat(uri: URI): Promise<FileSystemNode> {
        const stat = await this.files.stat(uri);
        if (!stat) throw new NotFoundError(uri);
        return { uri, isFile: stat.kind === 'file', isDirectory: stat.kind === 'directory' };
    }

    async exists(uri: URI): Promise<boolean> {
        try {
            return await this.files.stat(uri) !== null;
        } catch {
            return false;
        }
    }

    async readFile(uri: URI): Promise<string> {
        const key = uri.toString();
        let read: { readonly text: string } | null;
        try {
            read = await this.files.readFile(uri, MAX_PLAN_BYTES);
        } catch (error) {
            // Why a file was refused (too large, a folder, a device): the import check repeats it.
            const reason = (error as { reason?: unknown }).reason;
            if (typeof reason === 'string') this.unreadable.remember(key, reason);
            else this.unreadable.forget(key);
            throw error;
        }
        this.unreadable.forget(key);
        if (!read) throw new NotFoundError(uri);
        return read.text;
    }

    async readBinary(uri: URI): Promise<Uint8Array> {
        return new TextEncoder().encode(await this.readFile(uri));
    }

    async readDirectory(uri: URI): Promise<FileSystemNode[]> {
        const entries = await this.files.readDirectory(uri);
        if (!entries) throw new NotFoundError(uri);
        return entries.map(entry => ({ uri: UriUtils.joinPath(uri, entry.name), isFile: entry.kind === 'file', isDirectory: entry.kind === 'directory' }));
    }

    statSync(): FileSystemNode {
        return synchronous();
    }

    existsSync(): boolean {
        return synchronous();
    }

    readBinarySync(): Uint8Array {
        return synchronous();
    }

    readFileSync(): string {
        return synchronous();
    }

    readDirectorySync(): FileSystemNode[] {
        return synchronous();
    }
}

function synchronous(): never {
    throw new Error('The language server reads files asynchronously (in a browser, through its client): a synchronous read cannot be served.');
}

/** A browser worker's reads: requests to its client (file-system-protocol.ts). A refusal comes back as the client's words. */
export function clientFiles(connection: Connection): HostFiles {
    return {
        stat: uri => connection.sendRequest<StatResult>(StatRequest, { uri: uri.toString() } satisfies StatParams),
        readFile: async (uri, maxBytes) => {
            try {
                return await connection.sendRequest<ReadFileResult>(ReadFileRequest, { uri: uri.toString(), maxBytes } satisfies ReadFileParams);
            } catch (error) {
                const reason = error instanceof Error ? error.message : String(error);
                throw Object.assign(new Error(`'${uri.toString()}' ${reason}`), { reason });
            }
        },
        readDirectory: uri => connection.sendRequest<ReadDirectoryResult>(ReadDirectoryRequest, { uri: uri.toString() } satisfies ReadDirectoryParams)
    };
}
