import { readFileSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { format } from 'node:util';
import { runInThisContext } from 'node:vm';
import {
    createServerPipeTransport, createServerSocketTransport, IPCMessageReader, IPCMessageWriter, StreamMessageReader, StreamMessageWriter,
    type MessageReader, type MessageWriter
} from 'vscode-languageserver-protocol/node';
import { nftJsonOfText } from '../language/audit/importers/nft-ruleset-text.node.js';
import { NotReadableError, readRegularText } from '../language/workspace/node/regular-file.js';
import { PRECOMPILED_CATALOGS_FILE } from './browser/precompiled-catalogs-beside.js';
import { SERVER_HOST_GLOBAL, type HostFiles, type ServerHost, type ServerWatchDog } from './browser/server-host.js';
import { answerMemoryAfterCollection, keepServingAfterBackgroundFailures } from './process-handlers.js';

/**
 * The desktop's language server process: it runs the same language server bundle as VS Code for
 * the Web (out/server/language-server.js, beside this file), handing it what a Node process has —
 * the transport VS Code starts it with (--node-ipc, --stdio, --socket, --pipe), the disk, nft and
 * the layout engine's file — and ends as vscode-languageserver's Node servers do: on `exit`, when
 * its input closes, or when the client process is gone. The command line's `segplan lsp` is the
 * Node build of the same server (start-server.ts).
 */

const here = __dirname;
let shutdownReceived = false;
let ending: (() => void) | undefined;

function exit(code: number): never {
    try {
        ending?.();
    } catch {
        // The client may be gone already.
    }
    process.exit(code);
}

/** Ends the process once the client process `pid` is gone (checked every 3 seconds, as vscode-languageserver does). */
function watchClient(pid: number): void {
    setInterval(() => {
        try {
            process.kill(pid, 0);
        } catch {
            exit(shutdownReceived ? 0 : 1);
        }
    }, 3000).unref();
}

function argument(name: string): string | undefined {
    const args = process.argv.slice(2);
    for (let i = 0; i < args.length; i++) {
        if (args[i] === name) return args[i + 1];
        if (args[i].startsWith(`${name}=`)) return args[i].slice(name.length + 1);
    }
    return undefined;
}

function transport(): { reader: MessageReader; writer: MessageWriter; stdio: boolean } {
    const args = process.argv.slice(2);
    if (args.includes('--node-ipc')) return { reader: new IPCMessageReader(process), writer: new IPCMessageWriter(process), stdio: false };
    if (args.includes('--stdio')) {
        for (const event of ['end', 'close']) process.stdin.on(event, () => exit(shutdownReceived ? 0 : 1));
        return { reader: new StreamMessageReader(process.stdin), writer: new StreamMessageWriter(process.stdout), stdio: true };
    }
    const port = Number(argument('--socket'));
    if (port) {
        const [reader, writer] = createServerSocketTransport(port);
        return { reader, writer, stdio: false };
    }
    const pipe = argument('--pipe');
    if (pipe) {
        const [reader, writer] = createServerPipeTransport(pipe);
        return { reader, writer, stdio: false };
    }
    throw new Error('Start the SegPlan language server with --node-ipc, --stdio, --socket=<port> or --pipe=<name>.');
}

const nodeCode = (error: unknown) => (error as { code?: string }).code;

/** The disk, read as the CLI reads it: only regular files, within the input limits (regular-file.ts). */
const disk: HostFiles = {
    async stat(uri) {
        try {
            const info = await stat(uri.fsPath);
            return { kind: info.isDirectory() ? 'directory' : info.isFile() ? 'file' : 'other' };
        } catch (error) {
            if (nodeCode(error) === 'ENOENT' || nodeCode(error) === 'ENOTDIR') return null;
            throw error;
        }
    },
    async readFile(uri, maxBytes) {
        try {
            return { text: readRegularText(uri.fsPath, maxBytes) };
        } catch (error) {
            if (error instanceof NotReadableError) throw error;
            if (nodeCode(error) === 'ENOENT') return null;
            throw error;
        }
    },
    async readDirectory(uri) {
        try {
            // As Langium's Node file system lists a folder: a symbolic link is neither file nor folder.
            return (await readdir(uri.fsPath, { withFileTypes: true })).map(entry => ({ name: entry.name, kind: entry.isDirectory() ? 'directory' : entry.isFile() ? 'file' : 'other' }));
        } catch (error) {
            if (nodeCode(error) === 'ENOENT' || nodeCode(error) === 'ENOTDIR') return null;
            throw error;
        }
    }
};

const clientProcess = Number(argument('--clientProcessId'));
if (clientProcess) watchClient(clientProcess);
const { reader, writer, stdio } = transport();
const watchDog: ServerWatchDog = {
    get shutdownReceived() {
        return shutdownReceived;
    },
    set shutdownReceived(value: boolean) {
        shutdownReceived = value;
    },
    initialize(params) {
        if (typeof params.processId === 'number' && !clientProcess) watchClient(params.processId);
    },
    exit
};

const host: ServerHost = {
    reader, writer, watchDog, files: disk, nftJsonOfText,
    readPrecompiledCatalogs: async () => JSON.parse(await readFile(path.join(here, PRECOMPILED_CATALOGS_FILE), 'utf8')),
    loadLayoutEngine: async () => createRequire(path.join(here, 'main.cjs'))(path.join(here, '..', 'elk', 'elk.cjs')),
    started(connection) {
        ending = () => connection.dispose();
        // On stdio, stdout is the protocol: what the code logs goes to the client's log instead.
        if (stdio) {
            const log = (...args: unknown[]) => connection.console.log(format(...args));
            Object.assign(console, { log, info: log, debug: log, dir: log, table: log, warn: (...args: unknown[]) => connection.console.warn(format(...args)) });
        }
        answerMemoryAfterCollection(connection);
    }
};

keepServingAfterBackgroundFailures();
(globalThis as Record<string, unknown>)[SERVER_HOST_GLOBAL] = host;
const bundle = path.join(here, 'language-server.js');
runInThisContext(readFileSync(bundle, 'utf8'), { filename: bundle });
