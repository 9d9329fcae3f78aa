import * as assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
    CodeActionRequest, CompletionRequest, DiagnosticTag, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification,
    ExitNotification, HoverRequest, InitializedNotification, InitializeRequest, PublishDiagnosticsNotification, ShutdownRequest,
    StreamMessageReader, StreamMessageWriter, createProtocolConnection, type CodeAction, type CompletionItem, type CompletionList,
    type Diagnostic, type Hover, type InitializeResult, type ProtocolConnection, type PublishDiagnosticsParams
} from 'vscode-languageserver-protocol/node';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { BRANCH_PLAN, applyEdits } from './lsp-test-kit.js';

const SERVER = path.join(PROJECT_ROOT, 'out', 'server', 'main.cjs');

/** Waits for the diagnostics of one file that satisfy a condition. */
class DiagnosticsWatch {
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

const codeOf = (d: Diagnostic) => String((d.data as { code?: string } | undefined)?.code ?? d.code);

// The bundled server, and the same server behind the CLI as editors other than VS Code start it.
const COMMANDS: Record<string, string[]> = {
    'out/server/main.cjs --stdio': [SERVER, '--stdio'],
    'bin/segplan.cjs lsp --stdio': [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), 'lsp', '--stdio']
};

for (const [label, args] of Object.entries(COMMANDS)) describe(`language server over stdio (${label})`, function () {
    this.timeout(60000);
    let child: ChildProcess;
    let connection: ProtocolConnection;
    let watch: DiagnosticsWatch;
    let folder: string;
    let initialize: InitializeResult;
    let stderr = '';
    const planUri = () => pathToFileURL(path.join(folder, 'branch.segplan')).toString();
    const closedUri = () => pathToFileURL(path.join(folder, 'closed.segplan')).toString();

    before(async () => {
        assert.ok(existsSync(SERVER), `${SERVER} is missing: run \`node esbuild.mjs\` (npm test builds it)`);
        folder = mkdtempSync(path.join(tmpdir(), 'segplan-lsp-'));
        writeFileSync(path.join(folder, 'branch.segplan'), BRANCH_PLAN);
        writeFileSync(path.join(folder, 'closed.segplan'), 'plan "Closed"\nzone a 10.0.0.0/24\nzone b 10.1.0.0/24\nvbr : veeam.BackupServer in a at 10.0.0.1\nvc : vmware.VCenter in b at 10.1.0.1\n');
        child = spawn(process.execPath, args, { cwd: folder, stdio: ['pipe', 'pipe', 'pipe'] });
        child.stderr!.on('data', chunk => { stderr += String(chunk); });
        connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
        watch = new DiagnosticsWatch(connection);
        connection.listen();
        initialize = await connection.sendRequest(InitializeRequest.type, {
            processId: process.pid, rootUri: pathToFileURL(folder).toString(),
            workspaceFolders: [{ name: 'plans', uri: pathToFileURL(folder).toString() }],
            capabilities: {
                textDocument: {
                    completion: { completionItem: { snippetSupport: true, labelDetailsSupport: true } },
                    hover: { contentFormat: ['markdown'] },
                    publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] } },
                    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } }
                }
            }
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

    it('advertises the editor features, quick fixes and fix-all', () => {
        const c = initialize.capabilities;
        assert.ok(c.completionProvider && c.hoverProvider && c.definitionProvider && c.referencesProvider && c.renameProvider);
        assert.ok(c.documentFormattingProvider && c.semanticTokensProvider && c.documentSymbolProvider && c.foldingRangeProvider);
        assert.deepEqual(typeof c.codeActionProvider === 'object' ? c.codeActionProvider.codeActionKinds : undefined, ['quickfix', 'source.fixAll']);
    });

    it('validates closed workspace files at startup', async () => {
        const published = await watch.next(closedUri(), p => p.diagnostics.some(d => codeOf(d) === 'missing-flow'), 'the closed file');
        assert.ok(published.diagnostics.some(d => /vbr → vc tcp 443/.test(String(d.message))));
    });

    it('publishes the analysis findings of an opened plan with related information and tags', async () => {
        await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: planUri(), languageId: 'segplan', version: 1, text: BRANCH_PLAN } });
        const published = await watch.next(planUri(), p => p.version === 1 || p.diagnostics.some(d => codeOf(d) === 'unused-rule'), 'the opened plan');
        const missing = published.diagnostics.find(d => /vbr → vcenter tcp 443/.test(String(d.message)));
        assert.ok(missing, published.diagnostics.map(d => String(d.message)).join('\n'));
        assert.equal(missing.severity, 1);
        assert.match(missing.relatedInformation?.[0].location.uri ?? '', /^builtin:\/catalog\/veeam\.segplan$/);
        const unused = published.diagnostics.find(d => codeOf(d) === 'unused-rule');
        assert.deepEqual(unused?.tags, [DiagnosticTag.Unnecessary]);
        assert.equal(unused?.range.start.line, 14);
    });

    it('completes component types and hovers ports', async () => {
        const completion = await connection.sendRequest(CompletionRequest.type, { textDocument: { uri: planUri() }, position: { line: 8, character: 10 } }) as CompletionList | CompletionItem[];
        const items = Array.isArray(completion) ? completion : completion.items;
        assert.ok(items.some(i => i.label === 'vmware.VCenter' && i.labelDetails?.description === 'VMware vSphere'), items.slice(0, 10).map(i => i.label).join(', '));
        const hover = await connection.sendRequest(HoverRequest.type, { textDocument: { uri: planUri() }, position: { line: 12, character: 29 } }) as Hover;
        assert.match(JSON.stringify(hover.contents), /Veeam Data Mover/);
    });

    it('round-trips a quick fix: the edit applied, the diagnostic gone, the rest untouched', async () => {
        const before = await watch.next(planUri(), p => p.diagnostics.some(d => /vbr → vcenter tcp 443/.test(String(d.message))), 'the missing flow');
        const diagnostic = before.diagnostics.find(d => /vbr → vcenter tcp 443/.test(String(d.message)))!;
        const actions = await connection.sendRequest(CodeActionRequest.type, {
            textDocument: { uri: planUri() }, range: diagnostic.range, context: { diagnostics: [diagnostic] }
        }) as CodeAction[];
        const fix = actions.find(a => a.title === 'Allow vbr → vcenter tcp 443');
        assert.ok(fix, actions.map(a => a.title).join('\n'));
        const text = applyEdits(BRANCH_PLAN, fix.edit!.changes![planUri()]);
        assert.equal(text, BRANCH_PLAN.replace('allow vbr -> repo tcp 6162, 6160\n', 'allow vbr -> repo tcp 6162, 6160\nallow vbr -> vcenter tcp 443 "vSphere Web Services SDK (HTTPS)"\n'));
        await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: planUri(), version: 2 }, contentChanges: [{ text }] });
        const after = await watch.next(planUri(), p => !p.diagnostics.some(d => /vbr → vcenter/.test(String(d.message))), 'the fixed plan');
        assert.equal(after.diagnostics.filter(d => codeOf(d) === 'missing-flow').length, before.diagnostics.filter(d => codeOf(d) === 'missing-flow').length - 1);
        assert.equal(stderr.includes('Error'), false, stderr);
    });
});
