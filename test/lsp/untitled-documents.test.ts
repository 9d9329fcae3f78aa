import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
    DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, HoverRequest,
    PublishDiagnosticsNotification, type PublishDiagnosticsParams
} from 'vscode-languageserver-protocol/node';
import { BRANCH_PLAN } from './lsp-test-kit.js';
import { startStdioSession, type StdioSession } from './stdio-session.js';

/**
 * Documents that are SegPlan by language, not by file name: an untitled editor (Ctrl+N, SegPlan),
 * a `.txt` file switched to SegPlan, a notebook cell, the left side of a diff view. The server must
 * check them, forget them when they close, and keep serving every other file afterwards.
 */

const URIS = {
    untitled: 'untitled:Untitled-1',
    textFile: (folder: string) => pathToFileURL(path.join(folder, 'notes.txt')).toString(),
    // A .segplan path that is not on disk: created by the editor and closed without saving, or deleted while open.
    unsavedFile: (folder: string) => pathToFileURL(path.join(folder, 'never-saved.segplan')).toString(),
    notebookCell: 'vscode-notebook-cell:/work/plans.ipynb#W0sZmlsZQ%3D%3D',
    diffSide: 'git:/work/branch.segplan?%7B%22ref%22%3A%22HEAD%22%7D'
};

describe('language server: documents that are SegPlan by language id', function () {
    this.timeout(300000);
    let session: StdioSession;
    const published = new Map<string, PublishDiagnosticsParams>();
    const waitFor = (uri: string, test: (p: PublishDiagnosticsParams) => boolean, what: string) => new Promise<PublishDiagnosticsParams>((resolve, reject) => {
        const started = Date.now();
        const poll = () => {
            const p = published.get(uri);
            if (p && test(p)) return resolve(p);
            if (session.exited() !== undefined) return reject(new Error(`the server exited (${session.exited()}) while waiting for ${what}: ${session.stderr()}`));
            if (Date.now() - started > 30000) return reject(new Error(`no diagnostics for ${what}; last: ${JSON.stringify(p?.diagnostics.map(d => d.message))}; stderr: ${session.stderr()}`));
            setTimeout(poll, 50);
        };
        poll();
    });

    before(async () => {
        session = await startStdioSession({
            files: { 'branch.segplan': BRANCH_PLAN },
            listen: connection => connection.onNotification(PublishDiagnosticsNotification.type, (p: PublishDiagnosticsParams) => { published.set(p.uri, p); })
        });
    });

    after(async () => { await session?.stop(); });

    for (const [kind, make] of Object.entries(URIS)) {
        it(`${kind}: checked while open, forgotten when closed, and the server keeps serving`, async () => {
            const { connection, folder } = session;
            const uri = typeof make === 'string' ? make : make(folder);
            await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'segplan', version: 1, text: BRANCH_PLAN } });
            const open = await waitFor(uri, p => p.diagnostics.some(d => /vbr → vcenter tcp 443/.test(String(d.message))), `the ${kind} document`);
            assert.ok(open.diagnostics.length > 0);
            await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: 2 }, contentChanges: [{ text: BRANCH_PLAN + '\nallow vbr -> vcenter tcp 443\n' }] });
            await waitFor(uri, p => !p.diagnostics.some(d => /vbr → vcenter tcp 443/.test(String(d.message))), `the edited ${kind} document`);
            await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
            // Closed: its findings are cleared, and an edit elsewhere no longer touches it.
            await waitFor(uri, p => p.diagnostics.length === 0, `the closed ${kind} document`);
            const plan = pathToFileURL(path.join(folder, 'branch.segplan')).toString();
            await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: plan, languageId: 'segplan', version: 10, text: BRANCH_PLAN } });
            await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: plan, version: 11 }, contentChanges: [{ text: BRANCH_PLAN + '\n' }] });
            await waitFor(plan, p => p.version === 11 || p.diagnostics.length > 0, 'the plan after the close');
            const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri: plan }, position: { line: 12, character: 29 } });
            assert.match(JSON.stringify(hover), /Veeam Data Mover/);
            await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: plan } });
            assert.equal(session.exited(), undefined, `the server exited: ${session.stderr()}`);
            assert.doesNotMatch(session.stderr(), /service registry contains no services/i);
        });
    }
});
