import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import {
    CodeActionRequest, CompletionRequest, DiagnosticTag, DidChangeTextDocumentNotification, DidOpenTextDocumentNotification,
    HoverRequest, type CodeAction, type CompletionItem, type CompletionList, type Diagnostic, type Hover, type InitializeResult,
    type ProtocolConnection
} from 'vscode-languageserver-protocol/node';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { BRANCH_PLAN, applyEdits } from './lsp-test-kit.js';
import { DiagnosticsWatch, SERVER, startStdioSession, type StdioSession } from './stdio-session.js';

const codeOf = (d: Diagnostic) => String((d.data as { code?: string } | undefined)?.code ?? d.code);

// The bundled server, and the same server behind the CLI as editors other than VS Code start it.
const COMMANDS: Record<string, string[]> = {
    'out/server/main.cjs --stdio': [SERVER, '--stdio'],
    'bin/segplan.cjs lsp --stdio': [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), 'lsp', '--stdio']
};

for (const [label, args] of Object.entries(COMMANDS)) describe(`language server over stdio (${label})`, function () {
    this.timeout(300000);
    let session: StdioSession;
    let connection: ProtocolConnection;
    let watch: DiagnosticsWatch;
    let initialize: InitializeResult;
    const planUri = () => session.fileUri('branch.segplan');
    const closedUri = () => session.fileUri('closed.segplan');

    before(async () => {
        session = await startStdioSession({
            args,
            files: {
                'branch.segplan': BRANCH_PLAN,
                'closed.segplan': 'plan "Closed"\nzone a 10.0.0.0/24\nzone b 10.1.0.0/24\nvbr : veeam.BackupServer in a at 10.0.0.1\nvc : vmware.VCenter in b at 10.1.0.1\n'
            },
            capabilities: {
                textDocument: {
                    completion: { completionItem: { snippetSupport: true, labelDetailsSupport: true } },
                    hover: { contentFormat: ['markdown'] },
                    publishDiagnostics: { relatedInformation: true, tagSupport: { valueSet: [1, 2] } },
                    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source.fixAll'] } } }
                }
            },
            listen: c => { watch = new DiagnosticsWatch(c); }
        });
        connection = session.connection;
        initialize = session.initialize;
    });

    after(async () => { await session?.stop(); });

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
        assert.equal(session.stderr().includes('Error'), false, session.stderr());
    });
});
