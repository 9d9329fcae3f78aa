import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
    DidChangeTextDocumentNotification, DidChangeWatchedFilesNotification, DidOpenTextDocumentNotification, ExitNotification,
    FileChangeType, InitializedNotification, InitializeRequest, PublishDiagnosticsNotification, ShutdownRequest,
    StreamMessageReader, StreamMessageWriter, createProtocolConnection, type ProtocolConnection, type PublishDiagnosticsParams
} from 'vscode-languageserver-protocol/node';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

const SERVER = path.join(PROJECT_ROOT, 'out', 'server', 'main.cjs');

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
    this.timeout(120000);
    let child: ChildProcess;
    let connection: ProtocolConnection;
    let folder: string;
    let stderr = '';

    before(async () => {
        assert.ok(existsSync(SERVER), `${SERVER} is missing: run \`node esbuild.mjs\` (npm test builds it)`);
        folder = mkdtempSync(path.join(tmpdir(), 'segplan-versions-'));
        writeFileSync(path.join(folder, 'site.segplan'), siteText(0));
        writeFileSync(path.join(folder, 'plan.segplan'), planText(true));
        child = spawn(process.execPath, [SERVER, '--stdio'], { cwd: folder, stdio: ['pipe', 'pipe', 'pipe'] });
        child.stderr!.on('data', chunk => { stderr += String(chunk); });
        connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
        connection.listen();
        await connection.sendRequest(InitializeRequest.type, {
            processId: process.pid, rootUri: pathToFileURL(folder).toString(),
            workspaceFolders: [{ name: 'plans', uri: pathToFileURL(folder).toString() }],
            capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } }
        });
        await connection.sendNotification(InitializedNotification.type, {});
    });

    after(async () => {
        if (connection) {
            await connection.sendRequest(ShutdownRequest.type).catch(() => undefined);
            await connection.sendNotification(ExitNotification.type).catch(() => undefined);
            connection.dispose();
        }
        child?.kill();
        if (folder) rmSync(folder, { recursive: true, force: true });
    });

    it('after watched-file events overtaken by edits, no publication is stale', async () => {
        const planUri = pathToFileURL(path.join(folder, 'plan.segplan')).toString();
        const siteUri = pathToFileURL(path.join(folder, 'site.segplan')).toString();
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
        await new Promise(r => setTimeout(r, 1500));

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
        assert.deepEqual(stale, [], stderr);
        assert.equal(last?.version, current.version, 'the final diagnostics are for the final version');
        assert.equal(/Error/.test(stderr), false, stderr);
    });
});
