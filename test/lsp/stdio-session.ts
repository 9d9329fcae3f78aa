import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
    ExitNotification, InitializedNotification, InitializeRequest, PublishDiagnosticsNotification, ShutdownRequest, StreamMessageReader,
    StreamMessageWriter, createProtocolConnection, type ClientCapabilities, type InitializeResult, type ProtocolConnection, type PublishDiagnosticsParams
} from 'vscode-languageserver-protocol/node';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

export const SERVER = path.join(PROJECT_ROOT, 'out', 'server', 'main.cjs');

/** A language server process talking LSP over stdio, on a fresh folder of plans. */
export interface StdioSession {
    readonly connection: ProtocolConnection;
    readonly folder: string;
    readonly initialize: InitializeResult;
    /** What the server wrote to stderr so far. */
    stderr(): string;
    /** The exit code once the process has exited, undefined while it runs. */
    exited(): number | null | undefined;
    fileUri(name: string): string;
    stop(): Promise<void>;
}

/**
 * Starts the bundled server (or `args`) in a new temporary folder holding `files`, initialises it
 * with the folder as workspace, and returns once it is initialised. `listen` registers handlers
 * that must see the very first messages (diagnostics of the workspace's files).
 */
export async function startStdioSession(options: {
    files?: Record<string, string>;
    args?: string[];
    capabilities?: ClientCapabilities;
    listen?: (connection: ProtocolConnection) => void;
    /** Makes what `files` cannot (a FIFO) in the folder before the server starts. */
    prepare?: (folder: string) => void;
} = {}): Promise<StdioSession> {
    const args = options.args ?? [SERVER, '--stdio'];
    if (!existsSync(args[0])) throw new Error(`${args[0]} is missing: run \`node esbuild.mjs\` (npm test builds it)`);
    const folder = mkdtempSync(path.join(tmpdir(), 'segplan-lsp-'));
    for (const [name, text] of Object.entries(options.files ?? {})) writeFileSync(path.join(folder, name), text);
    options.prepare?.(folder);
    const child: ChildProcess = spawn(process.execPath, args, { cwd: folder, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    let exited: number | null | undefined;
    child.on('exit', code => { exited = code; });
    child.stderr!.on('data', chunk => { stderr += String(chunk); });
    const reader = new StreamMessageReader(child.stdout!);
    // A message the server has only begun to write (it is stopped mid-write, or a large one is on
    // its way when the test stops) starts a timer that re-arms itself every 10 s for ever —
    // disposing the connection does not stop it — and the test process never exits. No timeout,
    // no timer.
    reader.partialMessageTimeout = 0;
    const connection = createProtocolConnection(reader, new StreamMessageWriter(child.stdin!));
    options.listen?.(connection);
    connection.listen();
    const initialize = await connection.sendRequest(InitializeRequest.type, {
        processId: process.pid, rootUri: pathToFileURL(folder).toString(),
        workspaceFolders: [{ name: 'plans', uri: pathToFileURL(folder).toString() }],
        capabilities: options.capabilities ?? {}
    });
    await connection.sendNotification(InitializedNotification.type, {});
    return {
        connection, folder, initialize,
        stderr: () => stderr,
        exited: () => exited,
        fileUri: name => pathToFileURL(path.join(folder, name)).toString(),
        async stop() {
            if (exited === undefined) {
                await connection.sendRequest(ShutdownRequest.type).catch(() => undefined);
                await connection.sendNotification(ExitNotification.type).catch(() => undefined);
            }
            connection.dispose();
            child.kill();
            rmSync(folder, { recursive: true, force: true });
        }
    };
}

/** Waits for the diagnostics of one file that satisfy a condition. */
export class DiagnosticsWatch {
    private readonly latest = new Map<string, PublishDiagnosticsParams>();
    private waiters: { uri: string; test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];

    constructor(connection: ProtocolConnection) {
        connection.onNotification(PublishDiagnosticsNotification.type, params => {
            this.latest.set(params.uri, params);
            this.waiters = this.waiters.filter(w => {
                if (w.uri === params.uri && w.test(params)) { w.resolve(params); return false; }
                return true;
            });
        });
    }

    next(uri: string, test: (p: PublishDiagnosticsParams) => boolean, what: string, timeoutMs = 30000): Promise<PublishDiagnosticsParams> {
        const current = this.latest.get(uri);
        if (current && test(current)) return Promise.resolve(current);
        return new Promise((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no diagnostics for ${what} within ${timeoutMs} ms; last: ${JSON.stringify(this.latest.get(uri)?.diagnostics.map(d => String(d.message)))}`)), timeoutMs);
            this.waiters.push({ uri, test, resolve: p => { clearTimeout(timer); resolve(p); } });
        });
    }
}
