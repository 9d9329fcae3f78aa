import * as assert from 'node:assert/strict';
import {
    CodeLensRefreshRequest, CodeLensRequest, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, InlayHintRefreshRequest,
    InlayHintRequest, PublishDiagnosticsNotification, type ClientCapabilities, type PublishDiagnosticsParams
} from 'vscode-languageserver-protocol/node';
import { startStdioSession, type StdioSession } from './stdio-session.js';

const SITE = 'zone mgmt 10.0.0.0/24\nzone prod 10.1.0.0/24\nvbr : veeam.BackupServer in mgmt at 10.0.0.1\nvc : vmware.VCenter in prod at 10.1.0.1\n';
const PLAN = 'plan "p"\nimport "site.segplan"\n';
const REFRESHABLE: ClientCapabilities = {
    textDocument: { publishDiagnostics: { versionSupport: true } },
    workspace: { inlayHint: { refreshSupport: true }, codeLens: { refreshSupport: true } }
};

/** An editor with site.segplan and a plan importing it open, counting what the server asks it to draw again. */
async function editor(capabilities: ClientCapabilities) {
    const refreshes = { inlayHints: 0, codeLenses: 0 };
    const published: PublishDiagnosticsParams[] = [];
    const session: StdioSession = await startStdioSession({
        files: { 'site.segplan': SITE, 'plan.segplan': PLAN },
        capabilities,
        listen: connection => {
            connection.onRequest(InlayHintRefreshRequest.type, () => { refreshes.inlayHints++; });
            connection.onRequest(CodeLensRefreshRequest.type, () => { refreshes.codeLenses++; });
            connection.onNotification(PublishDiagnosticsNotification.type, params => { published.push(params); });
        }
    });
    const { connection } = session;
    const site = session.fileUri('site.segplan');
    const plan = session.fileUri('plan.segplan');
    const versions = new Map<string, number>();
    const open = async (uri: string, text: string) => {
        versions.set(uri, 1);
        await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'segplan', version: 1, text } });
    };
    const change = async (uri: string, text: string) => {
        const version = versions.get(uri)! + 1;
        versions.set(uri, version);
        await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
    };
    /** Waits until the diagnostics of the open text of `uri` are published. */
    const checked = async (uri: string) => {
        for (;;) {
            if (published.some(p => p.uri === uri && p.version === versions.get(uri))) return;
            await new Promise(resolve => setTimeout(resolve, 10));
        }
    };
    const hints = async (uri: string) => (await connection.sendRequest(InlayHintRequest.type, {
        textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 100, character: 0 } }
    }) ?? []).map(h => String(h.label).trim());
    const lenses = async (uri: string) => (await connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } }) ?? [])
        .map(l => l.command?.title ?? '');
    /** Resolves once the server has asked for `count` refreshes of both views. */
    const refreshed = async (count: number) => {
        while (refreshes.inlayHints < count || refreshes.codeLenses < count) await new Promise(resolve => setTimeout(resolve, 10));
    };
    return { session, site, plan, refreshes, open, change, checked, hints, lenses, refreshed };
}

/**
 * Inlay hints and code lenses show the analysis of a file's plan, which other files change; the
 * editor asks for them again only when their own text changes. The server asks it to draw them
 * again (workspace/inlayHint/refresh, workspace/codeLens/refresh) when they were drawn from an
 * analysis that is no longer the plan's — and only then.
 */
describe('hints and lenses drawn again when another file changes what they show', function () {
    this.timeout(120000);
    let e: Awaited<ReturnType<typeof editor>>;
    before(async () => { e = await editor(REFRESHABLE); });
    after(async () => { await e?.session.stop(); });

    it('a rule added to the plan: the site file\'s hints and lenses are asked for again, and count the flow allowed', async () => {
        await e.open(e.site, SITE);
        await e.open(e.plan, PLAN);
        await Promise.all([e.checked(e.site), e.checked(e.plan)]);
        assert.deepEqual((await e.hints(e.site)).filter(h => /flows allowed/.test(h)), ['‹0/1 flows allowed›', '‹0/1 flows allowed›']);
        assert.ok((await e.lenses(e.site)).some(t => /^1 flow out, 0 allowed /.test(t)), JSON.stringify(await e.lenses(e.site)));
        const before = { ...e.refreshes };
        await e.change(e.plan, `${PLAN}allow vbr -> vc tcp 443\n`);
        await e.refreshed(before.inlayHints + 1);
        assert.deepEqual((await e.hints(e.site)).filter(h => /flows allowed/.test(h)), ['‹1/1 flows allowed›', '‹1/1 flows allowed›']);
        assert.ok((await e.lenses(e.site)).some(t => /^1 flow out, all allowed /.test(t)), JSON.stringify(await e.lenses(e.site)));
    });

    it('an edit of a file whose hints and lenses are asked for with it: nothing to draw again', async () => {
        await e.checked(e.plan);
        // The editor asked for the site's views again when it was told to; the plan's it never showed.
        await Promise.all([e.hints(e.site), e.lenses(e.site)]);
        const before = { ...e.refreshes };
        await e.change(e.site, `${SITE}// a comment\n`);
        // As an editor does: the views of the changed text are asked for at once.
        const [hints] = await Promise.all([e.hints(e.site), e.lenses(e.site)]);
        assert.deepEqual(hints.filter(h => /flows allowed/.test(h)), ['‹1/1 flows allowed›', '‹1/1 flows allowed›']);
        await Promise.all([e.checked(e.site), e.checked(e.plan)]);
        // A request answered after the publications: a refresh sent with the build came before it.
        await e.hints(e.site);
        assert.deepEqual(e.refreshes, before);
    });
});

describe('an editor that cannot draw hints and lenses again', function () {
    this.timeout(120000);
    it('is never asked to', async () => {
        const e = await editor({ textDocument: { publishDiagnostics: { versionSupport: true } } });
        try {
            await e.open(e.site, SITE);
            await e.open(e.plan, PLAN);
            await Promise.all([e.checked(e.site), e.checked(e.plan)]);
            await e.hints(e.site);
            await e.change(e.plan, `${PLAN}allow vbr -> vc tcp 443\n`);
            await e.checked(e.plan);
            assert.deepEqual((await e.hints(e.site)).filter(h => /flows allowed/.test(h)), ['‹1/1 flows allowed›', '‹1/1 flows allowed›']);
            assert.deepEqual(e.refreshes, { inlayHints: 0, codeLenses: 0 });
        } finally {
            await e.session.stop();
        }
    });
});
