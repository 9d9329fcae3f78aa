import * as assert from 'node:assert/strict';
import {
    DidChangeTextDocumentNotification, DidCloseTextDocumentNotification, DidOpenTextDocumentNotification, ErrorCodes,
    PublishDiagnosticsNotification, ResponseError, type Diagnostic, type PublishDiagnosticsParams
} from 'vscode-languageserver-protocol/node';
import { mulberry32 } from '../helpers/mulberry32.js';
import { startStdioSession, type StdioSession } from './stdio-session.js';

/**
 * Texts of one plan, each with its own findings at its own lines: a publication names the text it
 * was computed from by its diagnostics, not only by its version number (which starts at 1 again
 * when the editor opens the file again).
 */
function planText(index: number): string {
    const lines = [`plan "Draft ${index}"`, ...Array.from({ length: index % 3 }, () => ''), 'zone mgmt 10.0.0.0/24', 'zone backup 10.30.0.0/24'];
    lines.push('vbr : veeam.BackupServer in mgmt at 10.0.0.10');
    const proxies = [1, 4, 12, 30, 60][index % 5];
    for (let i = 0; i < proxies; i++) lines.push(`proxy${i} : veeam.Proxy in backup at 10.30.0.${i + 20} os windows on vsphere`);
    if (index % 2 === 1) lines.push('allow vbr -> proxy0 tcp 6160, 6162');
    return lines.join('\n') + '\n';
}
const TEXTS = Array.from({ length: 6 }, (_, i) => planText(i));

const key = (diagnostics: readonly Diagnostic[]) => diagnostics.map(d => JSON.stringify([d.range, d.severity, d.message])).sort().join('\n');

/** What the client has told the server about the file: open with a version of one text, or closed. */
type EditorState = { open: false } | { open: true; version: number; text: number };

/**
 * An editor opening, editing, closing and opening again one file in quick succession. Every
 * publication is judged against what the server had read when it sent it: each burst of
 * notifications ends with a request the server answers as it reads it (an unknown method), so a
 * publication that arrives after the answer to one burst and before the answer to the next was
 * sent while the server's view of the file was one of that burst's states. For a file open in
 * one of them it must carry the version of an open text and exactly that text's diagnostics; for
 * a closed file (not on disk) only the clearing, empty publication may come.
 */
describe('diagnostics while a file is opened, edited, closed and opened again', function () {
    this.timeout(300000);
    let session: StdioSession;
    const received: { params: PublishDiagnosticsParams; after: number }[] = [];
    let answered = 0;

    before(async () => {
        session = await startStdioSession({
            files: {},
            capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
            listen: connection => { connection.onNotification(PublishDiagnosticsNotification.type, params => { received.push({ params, after: answered }); }); }
        });
    });

    after(async () => { await session?.stop(); });

    it('every publication is the clearing one or carries the version of the open text it was computed from', async () => {
        const { connection } = session;
        // The file is in the workspace folder but not on disk: closed, it leaves the workspace.
        const uri = session.fileUri('draft.segplan');
        const lastOf = () => [...received].reverse().find(r => r.params.uri === uri)?.params;
        const until = async (test: (p: PublishDiagnosticsParams | undefined) => boolean, what: string) => {
            for (const deadline = Date.now() + 60000; !test(lastOf()); await new Promise(r => setTimeout(r, 20))) {
                if (session.exited() !== undefined || Date.now() > deadline) throw new Error(`${what}: last ${JSON.stringify(lastOf())}; stderr: ${session.stderr()}`);
            }
        };

        // Each text's own diagnostics, published once the server has nothing else to do.
        const expected: string[] = [];
        for (const [index, text] of TEXTS.entries()) {
            await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'segplan', version: 100 + index, text } });
            await until(p => p?.version === 100 + index, `diagnostics of text ${index}`);
            expected.push(key(lastOf()!.diagnostics));
            await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
            await until(p => p !== undefined && p.version === undefined && p.diagnostics.length === 0, `the clearing after text ${index}`);
        }
        assert.equal(new Set(expected).size, TEXTS.length, 'each text has diagnostics of its own');
        received.length = 0;

        // states[k]: the server's view after burst k; windows[k]: every view it passed through in burst k.
        const windows: EditorState[][] = [];
        let state: EditorState = { open: false };
        const random = mulberry32(49);
        for (let burst = 0; burst < 160; burst++) {
            const window: EditorState[] = [state];
            const steps = 1 + Math.floor(random() * 4);
            for (let step = 0; step < steps; step++) {
                const text = Math.floor(random() * TEXTS.length);
                if (!state.open) {
                    state = { open: true, version: 1, text };
                    await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'segplan', version: 1, text: TEXTS[text] } });
                } else if (random() < 0.35) {
                    state = { open: false };
                    await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } });
                } else {
                    state = { open: true, version: state.version + 1, text };
                    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: state.version }, contentChanges: [{ text: TEXTS[text] }] });
                }
                window.push(state);
            }
            windows.push(window);
            // The server answers an unknown method as it reads it: it has read the burst.
            await connection.sendRequest('segplan/noSuchMethod').then(
                () => assert.fail('an unknown method was answered'),
                (error: unknown) => assert.equal((error as ResponseError<unknown>).code, ErrorCodes.MethodNotFound));
            answered++;
            // Now and then the server gets to finish what it started.
            if (random() < 0.15) await until(p => state.open ? p?.version === state.version : p !== undefined && p.version === undefined && p.diagnostics.length === 0, `the end of burst ${burst}`);
        }
        const final = state;
        await until(p => final.open ? p?.version === final.version && key(p.diagnostics) === expected[final.text] : p !== undefined && p.version === undefined && p.diagnostics.length === 0, 'the final diagnostics');

        const wrong: string[] = [];
        for (const { params, after } of received.filter(r => r.params.uri === uri)) {
            const window = after < windows.length ? windows[after] : [final];
            const fits = window.some(s => params.version === undefined
                ? !s.open && params.diagnostics.length === 0
                : s.open && s.version === params.version && key(params.diagnostics) === expected[s.text]);
            if (!fits) wrong.push(`burst ${after}: version ${params.version ?? '(none)'}, ${params.diagnostics.length} diagnostics; the server's view was ${JSON.stringify(window)}`);
        }
        assert.ok(received.length > windows.length / 2, `publications: ${received.length}`);
        assert.deepEqual(wrong, [], session.stderr());
        assert.equal(/Error/.test(session.stderr()), false, session.stderr());
    });
});
