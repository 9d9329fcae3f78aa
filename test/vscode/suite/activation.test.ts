import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { SegplanExtensionApi } from '../../../client/extension.js';
import { EXTENSION_ID, openPlan } from './helpers.js';

describe('activation', () => {
    it('opening a .segplan file gives it the SegPlan language and starts the language server', async () => {
        const extension = vscode.extensions.getExtension<SegplanExtensionApi>(EXTENSION_ID);
        assert.ok(extension, `extension ${EXTENSION_ID} is not installed`);
        const editor = await openPlan('missing-flows.segplan');
        assert.strictEqual(editor.document.languageId, 'segplan');
        const api = await extension.activate();
        assert.ok(extension.isActive, 'the extension did not activate');
        assert.ok(api.client.isRunning(), 'the language client is not running');
        const capabilities = api.client.initializeResult?.capabilities;
        assert.ok(capabilities?.completionProvider, 'the server announces no completion');
        assert.ok(capabilities?.hoverProvider, 'the server announces no hover');
    });

    it('contributes the settings a user looks for, with their defaults', () => {
        const settings = vscode.workspace.getConfiguration('segplan');
        assert.strictEqual(settings.inspect('installOnlySeverity')?.defaultValue, 'warning');
        assert.strictEqual(settings.inspect('unusedRuleSeverity')?.defaultValue, 'warning');
        assert.strictEqual(settings.inspect('sameZoneFlowSeverity')?.defaultValue, 'hint');
        assert.strictEqual(settings.inspect('trace.server')?.defaultValue, 'off');
    });

    it('offers the plan skeleton and allow-rule snippets in a .segplan file', async () => {
        const document = await vscode.workspace.openTextDocument({ language: 'segplan', content: '' });
        const list = await vscode.commands.executeCommand<vscode.CompletionList>(
            'vscode.executeCompletionItemProvider', document.uri, new vscode.Position(0, 0));
        const snippets = list.items.filter((i) => i.kind === vscode.CompletionItemKind.Snippet);
        const labels = snippets.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
        for (const prefix of ['plan', 'zone', 'component', 'allow']) {
            assert.ok(labels.includes(prefix), `no "${prefix}" snippet among ${JSON.stringify(labels)}`);
        }
        const skeleton = snippets.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'plan' && i.insertText instanceof vscode.SnippetString);
        assert.match((skeleton?.insertText as vscode.SnippetString | undefined)?.value ?? '', /allow \$\{?\d/);
    });
});
