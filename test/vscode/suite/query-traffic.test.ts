import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, openPlan } from './helpers.js';

/**
 * "SegPlan: Query Traffic…" in the editor: the answer opens beside the plan as a document to read,
 * not as an unsaved file — closing it asks nothing, and it cannot be saved over anything.
 */
describe('query traffic', () => {
    before(async () => {
        await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    });

    it('opens the answer as a read-only document that closes without asking to save', async () => {
        const editor = await openPlan('missing-flows.segplan');
        const outcome = await vscode.commands.executeCommand<{ kind: string; text?: string }>('segplan.queryTraffic', editor.document.uri,
            { from: 'vbr', to: 'proxy', protocol: 'tcp', port: 6160 });
        assert.strictEqual(outcome?.kind, 'answer', JSON.stringify(outcome));
        const shown = vscode.window.visibleTextEditors.find(e => e.document.getText() === outcome.text);
        assert.ok(shown, `the answer is not shown; visible: ${vscode.window.visibleTextEditors.map(e => e.document.uri.toString()).join(', ')}`);
        const { document } = shown;
        assert.match(document.getText(), /6160/);
        assert.strictEqual(document.isDirty, false, 'the answer is an unsaved change');
        assert.strictEqual(document.isUntitled, false, 'the answer is an untitled file');
        assert.notStrictEqual(document.uri.scheme, 'file', 'the answer is a file on disk');
        // Asking again gives a document of its own: the first answer stays as it was.
        const again = await vscode.commands.executeCommand<{ kind: string; text?: string }>('segplan.queryTraffic', editor.document.uri,
            { from: 'vbr', to: 'vcenter', protocol: 'tcp', port: 443 });
        assert.strictEqual(again?.kind, 'answer');
        assert.strictEqual(document.getText(), outcome.text);
    });
});
