import type { URI } from 'langium';
import type { Connection, MessageReader, MessageWriter } from 'vscode-languageserver';
import type { ReadDirectoryResult, StatResult } from './file-system-protocol.js';

/**
 * What runs the language server's browser bundle (out/server/language-server.js) gives it: the bundle
 * is the one language server of the extension, started by a browser worker (VS Code for the Web,
 * the playground) or by the desktop's Node process (server/main.ts), which hands over what only it
 * has — its transport, the disk, nft, the layout engine beside it — as `globalThis.segplanServerHost`
 * before it runs the bundle. Without a host the bundle is a browser worker.
 */
export interface ServerHost {
    readonly reader: MessageReader;
    readonly writer: MessageWriter;
    /** How the process ends (`exit`) and watches its client (`initialize`). */
    readonly watchDog: ServerWatchDog;
    readonly files: HostFiles;
    /** Lets nft read nftables ruleset text (see nft-ruleset-text.node.ts); none in a browser. */
    readonly nftJsonOfText?: (text: string, file: string) => unknown;
    /** The diagram's layout engine (elkjs's constructor), loaded on the first layout. */
    readonly loadLayoutEngine?: () => Promise<unknown>;
    /** The built-in catalogs' trees the build wrote beside the bundle (builtin-catalogs.json), as parsed JSON. */
    readonly readPrecompiledCatalogs?: () => Promise<unknown>;
    /** Called once the connection is made, before it listens: handlers only the host has. */
    started?(connection: Connection): void;
}

export const SERVER_HOST_GLOBAL = 'segplanServerHost';

export interface ServerWatchDog {
    shutdownReceived: boolean;
    initialize(params: { processId?: number | null }): void;
    exit(code: number): void;
}

/** The reads the language server makes, over its file system's own URIs (file-system-protocol.ts for their answers). */
export interface HostFiles {
    stat(uri: URI): Promise<StatResult>;
    /** The text, or null when there is no such file; a refusal (too large, a folder) throws an error with a `reason`. */
    readFile(uri: URI, maxBytes: number): Promise<{ readonly text: string } | null>;
    readDirectory(uri: URI): Promise<ReadDirectoryResult>;
}
