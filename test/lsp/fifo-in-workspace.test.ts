import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { DidChangeWatchedFilesNotification, DocumentSymbolRequest, FileChangeType, PublishDiagnosticsNotification, WorkspaceSymbolRequest, type PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { startStdioSession, type StdioSession } from './stdio-session.js';

/** A safety net only: the assertions are on what the server answers, never on how fast. */
const NO_ANSWER_MS = 20000;

function answered<T>(request: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const never = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer`)), NO_ANSWER_MS); });
    return Promise.race([request, never]).finally(() => clearTimeout(timer));
}

const PLAN = 'plan "p"\nimport "x.segplan"\nzone mgmt 10.0.0.0/24\nvbr : veeam.BackupServer in mgmt at 10.0.0.10 os windows\n';

/** A FIFO named like a plan waits for a writer for ever: the server must not wait with it. */
describe('language server: a FIFO named x.segplan in the workspace', function () {
    this.timeout(300000);
    let session: StdioSession | undefined;
    afterEach(async () => session?.stop());

    it('still answers requests after the editor reports it, and the import of it is an error', async () => {
        const diagnostics: PublishDiagnosticsParams[] = [];
        let published: (() => void) | undefined;
        session = await startStdioSession({
            files: { 'p.segplan': PLAN },
            prepare: folder => assert.equal(spawnSync('mkfifo', [path.join(folder, 'x.segplan')]).status, 0),
            listen: connection => connection.onNotification(PublishDiagnosticsNotification.type, p => { diagnostics.push(p); published?.(); })
        });
        const plan = session.fileUri('p.segplan');
        // The editor reports the FIFO as a new file: the server reads what changed.
        await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: session.fileUri('x.segplan'), type: FileChangeType.Created }] });
        const symbols = await answered(session.connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'vbr' }), 'workspace/symbol');
        assert.ok(symbols?.some(s => s.name === 'vbr'), JSON.stringify(symbols));
        const outline = await answered(session.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: plan } }), 'documentSymbol');
        assert.ok(outline && outline.length > 0);
        const importError = () => diagnostics.filter(p => p.uri === plan).at(-1)?.diagnostics.find(d => d.range.start.line === 1);
        await answered(new Promise<void>(resolve => { published = () => { if (importError()) resolve(); }; published(); }), 'diagnostics of p.segplan');
        assert.equal(importError()!.severity, 1, JSON.stringify(importError()));
        // And it keeps building: a change after that one is checked.
        writeFileSync(path.join(session.folder, 'p.segplan'), `${PLAN}allow vbr -> nowhere tcp 22\n`);
        await session.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: plan, type: FileChangeType.Changed }] });
        const newError = () => diagnostics.filter(p => p.uri === plan).at(-1)?.diagnostics.find(d => d.range.start.line === 4);
        await answered(new Promise<void>(resolve => { published = () => { if (newError()) resolve(); }; published(); }), 'diagnostics of the changed p.segplan');
        assert.equal(session.exited(), undefined, session.stderr());
    });
});
