import * as assert from 'node:assert/strict';
import { unlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
    DidChangeConfigurationNotification, DidChangeTextDocumentNotification, DidChangeWatchedFilesNotification, DidCloseTextDocumentNotification,
    DidOpenTextDocumentNotification, DocumentSymbolRequest, FileChangeType, PublishDiagnosticsNotification, WorkspaceSymbolRequest,
    type ProtocolConnection, type PublishDiagnosticsParams
} from 'vscode-languageserver-protocol/node';
import { startStdioSession, type StdioSession } from './stdio-session.js';

/** A safety net only: the assertions are on what the server answers, never on how fast. */
const NO_ANSWER_MS = 20000;

function answered<T>(request: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const never = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer`)), NO_ANSWER_MS); });
    return Promise.race([request, never]).finally(() => clearTimeout(timer));
}

/** Every publication, in order, and a way to wait for the first one after a point that satisfies a condition. */
class Publications {
    readonly all: PublishDiagnosticsParams[] = [];
    /** Called with each publication as it arrives (the connection takes one handler per notification). */
    readonly listeners: ((p: PublishDiagnosticsParams) => void)[] = [];
    private waiters: { from: number; test: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void }[] = [];

    constructor(connection: ProtocolConnection) {
        connection.onNotification(PublishDiagnosticsNotification.type, p => {
            this.all.push(p);
            for (const listener of this.listeners) listener(p);
            this.waiters = this.waiters.filter(w => { if (this.all.length > w.from && w.test(p)) { w.resolve(p); return false; } return true; });
        });
    }

    /** The first publication from index `from` on that satisfies `test`. */
    next(test: (p: PublishDiagnosticsParams) => boolean, what: string, from = this.all.length): Promise<PublishDiagnosticsParams> {
        const found = this.all.slice(from).find(test);
        if (found) return Promise.resolve(found);
        return answered(new Promise(resolve => this.waiters.push({ from, test, resolve })), what);
    }
}

/** A request the server does not know: answered (with an error) as soon as it is read, after everything sent before it. */
async function barrier(connection: ProtocolConnection): Promise<void> {
    await answered(connection.sendRequest('segplan/test-barrier').then(() => undefined, () => undefined), 'barrier');
}

const PLAN = (marker: string) => `plan "Lifecycle"\nimport "site.segplan"\n${marker} : veeam.BackupServer in mgmt at 10.0.0.1\nallow ${marker} -> nowhere${marker} tcp 22\n`;
const SITE = 'zone mgmt 10.0.0.0/24\nzone prod 10.1.0.0/16\nvc : vmware.VCenter in prod at 10.1.0.5\n';

/**
 * An open document is the editor's: what happens to its file on disk does not take it away; every
 * request is answered, whatever the workspace goes through; and diagnostics for an open document
 * are always those of the text the editor has open, with its version.
 */
describe('language server: open documents, watched files and configuration', function () {
    this.timeout(300000);
    let session: StdioSession;
    let publications: Publications;

    beforeEach(async () => {
        session = await startStdioSession({
            files: {
                'plan.segplan': PLAN('disk'), 'site.segplan': SITE, 'old.segplan': 'zone old 10.9.0.0/24\n',
                'other.segplan': 'plan "Other"\nimport "site.segplan"\n', 'segplan.json': JSON.stringify({ exclude: ['old.segplan'] })
            },
            capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
            listen: connection => { publications = new Publications(connection); }
        });
    });

    afterEach(async () => { await session?.stop(); });

    const open = async (name: string, text: string, version = 1) => {
        await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: session.fileUri(name), languageId: 'segplan', version, text } });
    };
    const mentions = (marker: string) => (p: PublishDiagnosticsParams) => p.diagnostics.some(d => String(d.message).includes(`nowhere${marker}`));

    it('an open document whose file is deleted on disk keeps its diagnostics and is still answered', async () => {
        const { connection } = session;
        const plan = session.fileUri('plan.segplan'), other = session.fileUri('other.segplan');
        await open('plan.segplan', PLAN('editor'));
        await publications.next(p => p.uri === plan && p.version === 1 && mentions('editor')(p), 'the open plan\'s diagnostics');
        await open('other.segplan', 'plan "Other"\nimport "site.segplan"\n');

        unlinkSync(path.join(session.folder, 'plan.segplan'));
        await connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: plan, type: FileChangeType.Deleted }] });
        const from = publications.all.length;
        // Updates run one after the other: once an edit of another file is checked, the deletion has been handled.
        await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: other, version: 2 }, contentChanges: [{ text: 'plan "Other 2"\nimport "site.segplan"\n' }] });
        await publications.next(p => p.uri === other && p.version === 2, 'the other file\'s diagnostics after the deletion');

        const symbols = await answered(connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri: plan } }), 'document symbols of the deleted open plan');
        assert.ok(Array.isArray(symbols) && symbols.length > 0, 'the open plan is still served');
        const cleared = publications.all.slice(from).filter(p => p.uri === plan && !mentions('editor')(p));
        assert.deepEqual(cleared, [], 'the open plan\'s diagnostics were not taken away');
    });

    it('workspace/symbol is answered after segplan.json changes and the configuration changes', async () => {
        const { connection } = session;
        await open('plan.segplan', PLAN('editor'));
        await publications.next(p => p.uri === session.fileUri('plan.segplan') && p.version === 1, 'the open plan\'s diagnostics');
        // Each change lands at a different stage of the re-check the one before started.
        for (let round = 0; round < 12; round++) {
            writeFileSync(path.join(session.folder, 'segplan.json'), JSON.stringify(round % 2 ? { exclude: ['old.segplan'] } : { exclude: [], severities: { 'unused-rule': 'error' } }));
            await connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: session.fileUri('segplan.json'), type: FileChangeType.Changed }] });
            await connection.sendNotification(DidChangeConfigurationNotification.type, { settings: { segplan: { unusedRuleSeverity: round % 2 ? 'hint' : 'error' } } });
            if (round % 4 === 3) await answered(connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'mgmt' }), `workspace/symbol in round ${round}`);
        }
        const symbols = await answered(connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'old' }), 'workspace/symbol');
        assert.ok(Array.isArray(symbols));
        // The no longer excluded file is back in the workspace.
        const again = await answered(connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'old' }), 'workspace/symbol, again');
        assert.ok(Array.isArray(again));
        assert.equal(/internal error/i.test(session.stderr()), false, session.stderr());
    });

    it('workspace/symbol is answered after an excluded file changes, and the file stays out of the workspace', async () => {
        const { connection } = session;
        writeFileSync(path.join(session.folder, 'old.segplan'), 'zone older 10.9.0.0/24\n');
        await connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: session.fileUri('old.segplan'), type: FileChangeType.Changed }] });
        const symbols = await answered(connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'older' }), 'workspace/symbol');
        assert.deepEqual((symbols ?? []).map(s => s.name).filter(n => n === 'older'), [], 'segplan.json excludes it');
        const mgmt = await answered(connection.sendRequest(WorkspaceSymbolRequest.type, { query: 'mgmt' }), 'workspace/symbol, again');
        assert.ok((mgmt ?? []).some(s => s.name === 'mgmt'));
    });

    it('closing and reopening: every publication for the open document has its version and is of the text open now', async () => {
        const { connection } = session;
        const plan = session.fileUri('plan.segplan');
        const stale: string[] = [];
        let openMarker: string | undefined;
        let watching = false;
        publications.listeners.push(p => {
            if (p.uri !== plan || !watching || openMarker === undefined) return;
            if (p.version === undefined) stale.push(`${openMarker}: a publication without a version`);
            else if (!mentions(openMarker)(p)) stale.push(`${openMarker}: version ${p.version} with another text's diagnostics: ${p.diagnostics.map(d => String(d.message)).join(' | ')}`);
        });
        for (let round = 0; round < 30; round++) {
            const marker = `r${round}x`;
            const from = publications.all.length;
            // From the close until the server has read the reopening, a publication may be of the
            // closed file (read from disk, without a version): that is what the client had then.
            watching = false;
            if (round > 0) await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: plan } });
            await open('plan.segplan', PLAN(marker));
            await barrier(connection);
            openMarker = marker;
            watching = true;
            // Some rounds wait for the check to finish, others close at once: the close lands at every stage of it.
            if (round % 3 === 0) await publications.next(p => p.uri === plan && p.version === 1 && mentions(marker)(p), `round ${round}`, from);
        }
        const last = await publications.next(p => p.uri === plan && mentions(openMarker!)(p), 'the last text\'s diagnostics', 0);
        assert.equal(last.version, 1);
        assert.deepEqual(stale, []);
    });
});
