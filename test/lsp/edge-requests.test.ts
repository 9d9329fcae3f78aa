import * as assert from 'node:assert/strict';
import { checkWithCli } from '../helpers/cli-check.js';
import { buildPlan, createTestServices } from '../helpers/services.js';
import { open } from './lsp-test-kit.js';

/** Requests at the edges: positions past the end, commands on a built-in catalog, a byte order mark. */
describe('requests at the edges', () => {
    it('completion past the end of the document answers with ranges inside it', async () => {
        const services = await createTestServices();
        const document = await buildPlan(services, 'plan "p"\nzone a 10.0.0.0/24\nvbr : veeam.BackupServer in a\n');
        const list = await services.lsp.CompletionProvider!.getCompletion(document, { textDocument: { uri: document.uri.toString() }, position: { line: 50, character: 80 } });
        const lines = document.textDocument.lineCount;
        for (const item of list?.items ?? []) {
            const range = item.textEdit && 'range' in item.textEdit ? item.textEdit.range : undefined;
            if (range) assert.ok(range.end.line < lines && range.start.line < lines, JSON.stringify(range));
        }
    });

    it('generating rules or a diagram for a built-in catalog says it is no plan, and does not fail', async () => {
        const services = await createTestServices();
        const handler = services.shared.lsp.ExecuteCommandHandler!;
        for (const [command, args] of [['segplan.server.generateRules', { uri: 'builtin:/catalog/veeam.segplan', target: 'nftables' }], ['segplan.server.planDiagram', { uri: 'builtin:/catalog/veeam.segplan' }]] as const) {
            const result = await handler.executeCommand(command, [args]) as { kind: string; message: string };
            assert.equal(result.kind, 'not-a-plan', command);
            assert.match(result.message, /built-in vendor catalog, not a plan/);
        }
    });

    it('every plan command asked about a catalog of the workspace says it is no plan, and does not fail', async () => {
        const services = await createTestServices();
        const catalog = await open(services, 'vendor acme "Acme" {\n    component Box "Acme box"\n}\n', 'acme.segplan');
        const handler = services.shared.lsp.ExecuteCommandHandler!;
        const uri = catalog.uri.toString();
        const config = { uri: 'file:///device/rules.v4', name: 'rules.v4', text: '*filter\n:FORWARD DROP [0:0]\nCOMMIT\n' };
        for (const [command, args] of [
            ['segplan.server.generateRules', { uri, target: 'nftables' }], ['segplan.server.planDiagram', { uri }],
            ['segplan.server.auditConfig', { uri, config, format: 'iptables' }], ['segplan.server.queryEnds', { uri }]
        ] as const) {
            const result = await handler.executeCommand(command, [args]) as { message: string };
            assert.equal(result.message, 'acme.segplan is not a plan: a plan file starts with plan "<name>".', command);
        }
    });

    it('a UTF-8 byte order mark does not shift the columns of the first line', () => {
        const run = checkWithCli('bom.segplan', '\ufeffplan "b" %\n');
        assert.match(run.stdout, /bom\.segplan:1:10 error lexing-error/);
    });
});

describe('semantic tokens for a client without multi-line tokens', () => {
    it('a component type written over two lines is one token per line, each within its line', async () => {
        const services = await createTestServices();
        (services.lsp.SemanticTokenProvider as unknown as { initialize(c: object): void }).initialize({ multilineTokenSupport: false, requests: {}, tokenTypes: [], tokenModifiers: [], formats: ['relative'] });
        const document = await buildPlan(services, 'plan "p"\nzone a 10.0.0.0/24\nvbr : veeam.\n    BackupServer in a\n');
        const tokens = await services.lsp.SemanticTokenProvider!.semanticHighlight(document, { textDocument: { uri: document.uri.toString() } });
        const lines = document.textDocument.getText().split('\n');
        let line = 0, character = 0;
        for (let i = 0; i < tokens.data.length; i += 5) {
            line += tokens.data[i];
            character = tokens.data[i] === 0 ? character + tokens.data[i + 1] : tokens.data[i + 1];
            const length = tokens.data[i + 2];
            assert.ok(character + length <= lines[line].length, `token at ${line}:${character} of length ${length} runs past its line`);
        }
    });
});

describe('completion opens by itself where it helps', () => {
    it('registers trigger characters and answers after `x : `, ` in ` and `tcp `, not after any space', async () => {
        const services = await createTestServices();
        assert.deepEqual((services.lsp.CompletionProvider as unknown as { completionOptions: { triggerCharacters: string[] } }).completionOptions.triggerCharacters.sort(), [' ', ',', '.', ':'].sort());
        const text = 'plan "p"\nzone a 10.0.0.0/24\nzone b 10.0.1.0/24\nvbr : veeam.BackupServer in a at 10.0.0.10 os windows\npx : veeam.Proxy in b at 10.0.1.20 os windows on vsphere\n';
        const ask = async (line: string, trigger: string) => {
            const document = await buildPlan(services, text + line);
            const position = document.textDocument.positionAt(document.textDocument.getText().length);
            return services.lsp.CompletionProvider!.getCompletion(document, { textDocument: { uri: document.uri.toString() }, position, context: { triggerKind: 2, triggerCharacter: trigger } });
        };
        assert.ok((await ask('x : ', ' '))?.items.some(i => i.label === 'veeam.Proxy'));
        assert.ok((await ask('y : veeam.Proxy in ', ' '))?.items.some(i => i.label === 'a'));
        assert.ok((await ask('allow vbr -> px tcp ', ' '))?.items.some(i => /6162/.test(String(i.label))));
        assert.equal(await ask('zone c 10.0.2.0/24 "a description ', ' '), undefined);
        assert.equal(await ask('allow vbr ', ' '), undefined);
    });
});
