import * as assert from 'node:assert/strict';
import {
    DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, PublishDiagnosticsNotification, type PublishDiagnosticsParams
} from 'vscode-languageserver-protocol/node';
import { WORKSPACE_STATUS_METHOD, type WorkspaceChecked, type WorkspaceStatus } from '../../language/lsp/workspace-status-protocol.js';
import { BRANCH_PLAN } from './lsp-test-kit.js';
import { startStdioSession, type StdioSession } from './stdio-session.js';

/** One message of the server's, in the order it sent them. */
type Heard = { kind: 'diagnostics'; params: PublishDiagnosticsParams } | { kind: 'status'; status: WorkspaceStatus };

const BROKEN = 'plan "Broken"\nzone a 10.1.0.0/24,\nallow a -> \n';
const FIXED = 'plan "Fixed"\nzone a 10.1.0.0/24\n';

/**
 * The server tells the editor when the workspace is checked — the state the editor shows, and the
 * one an editor test waits for instead of waiting for the Problems panel to stop changing for a
 * while. "Checked" comes only after every file's diagnostics, counts what they report, and comes
 * once per round of checks, not once per file or per keystroke.
 */
describe('the workspace status the server sends', function () {
    let session: StdioSession;
    const heard: Heard[] = [];
    let waiters: { test: () => boolean; resolve: () => void }[] = [];
    const hear = (message: Heard) => {
        heard.push(message);
        waiters = waiters.filter(w => { if (w.test()) { w.resolve(); return false; } return true; });
    };
    /** Until what was heard satisfies `test` (the suite's timeout catches a hang). */
    const until = (test: () => boolean) => test() ? Promise.resolve() : new Promise<void>(resolve => waiters.push({ test, resolve }));
    const checkedAfter = (index: number) => heard.slice(index).find((h): h is Extract<Heard, { kind: 'status' }> => h.kind === 'status' && h.status.state === 'checked');
    /** The findings the editor holds after the first `count` messages: the last diagnostics of each file, by severity. */
    const published = (count: number) => {
        const latest = new Map<string, PublishDiagnosticsParams>();
        for (const h of heard.slice(0, count)) if (h.kind === 'diagnostics') latest.set(h.params.uri, h.params);
        const all = [...latest.values()].flatMap(p => p.diagnostics);
        const of = (severity: number) => all.filter(d => (d.severity ?? 1) === severity).length;
        return { errors: of(1), warnings: of(2), infos: of(3), hints: of(4) };
    };
    const counts = (s: WorkspaceChecked) => ({ errors: s.errors, warnings: s.warnings, infos: s.infos, hints: s.hints });

    before(async () => {
        session = await startStdioSession({
            files: { 'branch.segplan': BRANCH_PLAN, 'broken.segplan': BROKEN },
            listen: connection => {
                connection.onNotification(PublishDiagnosticsNotification.type, params => hear({ kind: 'diagnostics', params }));
                connection.onNotification(WORKSPACE_STATUS_METHOD, (status: WorkspaceStatus) => hear({ kind: 'status', status }));
            }
        });
    });
    after(async () => session?.stop());

    it('says "checked" once every file of the workspace is checked, with their findings counted', async () => {
        await until(() => checkedAfter(0) !== undefined);
        const at = heard.findIndex(h => h.kind === 'status' && h.status.state === 'checked');
        const checked = (heard[at] as Extract<Heard, { kind: 'status' }>).status as WorkspaceChecked;
        assert.equal(heard[0].kind === 'status' && heard[0].status.state, 'checking', 'the first word is that the workspace is being checked');
        const before = new Set(heard.slice(0, at).flatMap(h => h.kind === 'diagnostics' ? [h.params.uri] : []));
        assert.deepEqual([...before].sort(), [session.fileUri('branch.segplan'), session.fileUri('broken.segplan')].sort(),
            'both files\' diagnostics come before "checked"');
        assert.equal(checked.files, 2);
        assert.equal(checked.unchecked, 0);
        assert.ok(checked.errors > 0, 'the broken file and the missing flows are errors');
        assert.deepEqual(counts(checked), published(at), 'the counts are those of the published diagnostics');
    });

    it('after a burst of edits, says "checked" with the findings of the last text, once per round of checks', async () => {
        const uri = session.fileUri('broken.segplan');
        const start = heard.length;
        await session.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'segplan', version: 1, text: BROKEN } });
        const edits = 12;
        for (let version = 2; version <= edits + 1; version++) {
            const text = version <= edits ? `${BROKEN}// edit ${version}\n` : FIXED;
            await session.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
        }
        // The last text's diagnostics, then "checked" after them.
        const last = () => heard.findIndex((h, i) => i >= start && h.kind === 'diagnostics' && h.params.uri === uri && h.params.version === edits + 1);
        await until(() => last() >= 0 && checkedAfter(last()) !== undefined);
        const final = heard.indexOf(checkedAfter(last())!);
        const checked = (heard[final] as Extract<Heard, { kind: 'status' }>).status as WorkspaceChecked;
        assert.deepEqual(counts(checked), published(final), 'the counts are those of the fixed text and the other file');
        const statuses = heard.slice(start, final + 1).flatMap(h => h.kind === 'status' ? [h.status.state] : []);
        // One "checking" and one "checked" per round at most; a round per update at most (the open and each edit).
        assert.ok(statuses.length <= 2 * (edits + 2), `${statuses.length} status messages for ${edits + 2} updates`);
        for (let i = 1; i < statuses.length; i++) assert.notEqual(statuses[i], statuses[i - 1], `the same state told twice in a row: ${statuses.join(', ')}`);
        assert.equal(statuses[0], 'checking');
        const fixedErrors = heard.filter((h, i) => i <= final && h.kind === 'diagnostics' && h.params.uri === uri).pop();
        assert.equal(fixedErrors?.kind === 'diagnostics' && fixedErrors.params.diagnostics.some(d => d.severity === 1), false, 'the fixed text has no error');
    });
});
