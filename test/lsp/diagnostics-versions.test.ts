import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import {
    DidChangeTextDocumentNotification, DidChangeWatchedFilesNotification, DidOpenTextDocumentNotification,
    FileChangeType, PublishDiagnosticsNotification, type PublishDiagnosticsParams
} from 'vscode-languageserver-protocol/node';
import { startStdioSession, type StdioSession } from './stdio-session.js';

/** A site file the plan imports, rewritten on disk during the test (the watcher's events). */
function siteText(round: number): string {
    const lines = [`zone mgmt 10.0.0.0/24 // round ${round}`, 'zone prod 10.1.0.0/16'];
    for (let i = 0; i < 40; i++) lines.push(`vc${i} : vmware.VCenter in prod at 10.1.${i}.1`);
    return lines.join('\n') + '\n';
}

/** The open plan: long (many findings far down) or short, so that old positions fall outside the new text. */
function planText(long: boolean): string {
    const lines = ['plan "Race"', 'import "site.segplan"'];
    const count = long ? 120 : 3;
    for (let i = 0; i < count; i++) lines.push(`vbr${i} : veeam.BackupServer in mgmt at 10.0.0.${i + 1}`);
    return lines.join('\n') + '\n';
}

function fitsIn(text: string, p: PublishDiagnosticsParams): boolean {
    const lines = text.split('\n');
    return p.diagnostics.every(d => [d.range.start, d.range.end].every(pos => pos.line < lines.length && pos.character <= lines[pos.line].length));
}

/**
 * Diagnostics are always for the text they were computed from: a re-check started by a watched
 * file and overtaken by an edit must not publish findings of the previous text (old lines, past
 * the end of a line). Each publication says its version, and its ranges lie in that version.
 */
describe('diagnostics are published for the version they were computed from', function () {
    this.timeout(300000);
    let session: StdioSession;

    before(async () => {
        session = await startStdioSession({
            files: { 'site.segplan': siteText(0), 'plan.segplan': planText(true) },
            capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } }
        });
    });

    after(async () => { await session?.stop(); });

    it('after watched-file events overtaken by edits, no publication is stale', async () => {
        const { connection, folder } = session;
        const planUri = session.fileUri('plan.segplan');
        const siteUri = session.fileUri('site.segplan');
        const texts = new Map<number, string>();
        let current = { version: 1, text: planText(true) };
        texts.set(1, current.text);
        const stale: string[] = [];
        let published = 0;
        let last: PublishDiagnosticsParams | undefined;
        connection.onNotification(PublishDiagnosticsNotification.type, p => {
            if (p.uri !== planUri) return;
            published++;
            last = p;
            // Without a version the client applies a publication to the text it has now. (One for
            // a version the client has already replaced can still cross the edit on the wire; its
            // version lets a client drop it, and its ranges must fit the text it names.)
            const text = p.version === undefined ? current.text : texts.get(p.version);
            if (p.version === undefined) stale.push(`a publication without a version (${p.diagnostics.length} diagnostics)`);
            if (text === undefined || !fitsIn(text, p)) stale.push(`version ${p.version ?? '(none)'}: ranges outside the text (${p.diagnostics.length} diagnostics)`);
        });
        await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: planUri, languageId: 'segplan', version: 1, text: current.text } });
        // The opened text is checked before the site changes under it.
        for (const deadline = Date.now() + 60000; last?.version !== 1; await new Promise(r => setTimeout(r, 20))) {
            if (Date.now() > deadline) assert.fail(`no diagnostics of the opened text; stderr: ${session.stderr()}`);
        }

        // The site file changes on disk (a git checkout, another editor), and the user types on:
        // each edit lands at a different moment of the re-check the watcher started.
        for (let round = 1; round <= 24; round++) {
            writeFileSync(path.join(folder, 'site.segplan'), siteText(round));
            await connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: [{ uri: siteUri, type: FileChangeType.Changed }] });
            await new Promise(r => setTimeout(r, 10 + (round * 37) % 300));
            current = { version: current.version + 1, text: planText(round % 2 === 0) };
            texts.set(current.version, current.text);
            await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: planUri, version: current.version }, contentChanges: [{ text: current.text }] });
            await new Promise(r => setTimeout(r, 30));
        }
        // Settle: the last publication must be for the last version.
        const deadline = Date.now() + 30000;
        while (Date.now() < deadline && last?.version !== current.version) await new Promise(r => setTimeout(r, 100));
        assert.ok(published > 0, 'diagnostics were published');
        assert.deepEqual(stale, [], session.stderr());
        assert.equal(last?.version, current.version, 'the final diagnostics are for the final version');
        assert.equal(/Error/.test(session.stderr()), false, session.stderr());
    });
});
