// Memory of the language server over a day of editing, in a process of its own (`npm run bench`
// runs it; prints one JSON line): the bundled server is started over stdio and an untitled plan
// is opened, edited and closed 300 times, then up to 1,200, as Ctrl+N, typing and closing without
// saving do. Closed documents leave the workspace, so the server's resident memory must not grow
// with the cycles: what V8 keeps before collecting is bounded, a leak grows from 300 to 1,200.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
    DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, ExitNotification,
    InitializedNotification, InitializeRequest, PublishDiagnosticsNotification, ShutdownRequest, StreamMessageReader,
    StreamMessageWriter, createProtocolConnection, type PublishDiagnosticsParams
} from 'vscode-languageserver-protocol/node';

const CHECKPOINTS = [300, 1_200];
const WARM_UP = 10;
const root = process.cwd();
const plan = readFileSync(path.join(root, 'examples', 'veeam-reference.segplan'), 'utf8');

/** Resident memory of a process, from /proc (Linux), in MB. */
function rssMb(pid: number): number {
    const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return Number(kb) / 1024;
}

const folder = mkdtempSync(path.join(tmpdir(), 'segplan-open-close-'));
// --expose-gc: the server then answers segplan/memoryAfterCollection (see server/process-handlers.ts).
const child = spawn(process.execPath, ['--expose-gc', path.join(root, 'out', 'server', 'main.cjs'), '--stdio'], { cwd: folder, stdio: ['pipe', 'pipe', 'inherit'] });
const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
const waiting = new Map<string, (p: PublishDiagnosticsParams) => void>();
connection.onNotification(PublishDiagnosticsNotification.type, p => waiting.get(p.uri)?.(p));
connection.listen();

/** Resolves at the next publication for `uri` that satisfies `test`. */
const published = (uri: string, test: (p: PublishDiagnosticsParams) => boolean) => new Promise<void>(resolve => {
    waiting.set(uri, p => { if (test(p)) { waiting.delete(uri); resolve(); } });
});

async function cycle(i: number): Promise<void> {
    const uri = `untitled:Untitled-${i}`;
    let done = published(uri, p => p.diagnostics.length > 0);
    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'segplan', version: 1, text: plan } });
    await done;
    done = published(uri, p => p.version === 2);
    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: `${plan}\n// edited\n` }] });
    await done;
    done = published(uri, p => p.diagnostics.length === 0);
    await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
    await done;
}

const settle = () => new Promise(r => setTimeout(r, 1500));

try {
    await connection.sendRequest(InitializeRequest.type, { processId: process.pid, rootUri: pathToFileURL(folder).toString(), workspaceFolders: [{ name: 'plans', uri: pathToFileURL(folder).toString() }], capabilities: {} });
    await connection.sendNotification(InitializedNotification.type, {});
    for (let i = 0; i < WARM_UP; i++) await cycle(-1 - i);
    await settle();
    const heap = () => connection.sendRequest<{ heapUsedMb: number }>('segplan/memoryAfterCollection').then(r => r.heapUsedMb);
    const startMb = rssMb(child.pid!);
    const startHeapMb = await heap();
    const started = performance.now();
    const after: Array<{ cycles: number; rssMb: number; heapMb: number }> = [];
    let done = 0;
    for (const checkpoint of CHECKPOINTS) {
        for (; done < checkpoint; done++) await cycle(done);
        await settle();
        after.push({ cycles: checkpoint, rssMb: rssMb(child.pid!), heapMb: await heap() });
    }
    const cycleMs = (performance.now() - started - CHECKPOINTS.length * 1500) / done;
    console.log(JSON.stringify({ startMb, startHeapMb, after, cycleMs }));
} finally {
    await connection.sendRequest(ShutdownRequest.type).catch(() => undefined);
    await connection.sendNotification(ExitNotification.type).catch(() => undefined);
    connection.dispose();
    child.kill();
    rmSync(folder, { recursive: true, force: true });
}
