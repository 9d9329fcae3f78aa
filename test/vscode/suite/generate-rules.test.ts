import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, missingFlows, openCopyOf, openPlan, waitForDiagnostics } from './helpers.js';

/**
 * "SegPlan: Generate Firewall Rules…" in the editor. The command takes scripted options (target,
 * force, save beside the plan) so the test skips the quick pick; everything else is the path a
 * user's click takes: the server generates, the client opens the result in a new editor.
 */

const COMMAND = 'segplan.generateFirewallRules';

function exampleUri(): vscode.Uri {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not installed`);
    return vscode.Uri.joinPath(extension.extensionUri, 'examples', 'veeam-reference.segplan');
}

describe('generate firewall rules', () => {
    before(async () => {
        // The language server answers the command once the extension (and its client) has started.
        await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
    });

    it('is contributed to the palette, the editor title and the context menu of a plan', async () => {
        assert.ok((await vscode.commands.getCommands(true)).includes(COMMAND), `${COMMAND} is not registered`);
        const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
        const menus = extension.packageJSON.contributes.menus as Record<string, { command: string; when?: string }[]>;
        for (const menu of ['editor/title', 'editor/context']) {
            assert.ok(menus[menu]?.some(m => m.command === COMMAND && /resourceLangId == segplan/.test(m.when ?? '')), `not in ${menu}`);
        }
        // In the palette whatever editor is active (it says to open a plan when none is).
        const palette = menus.commandPalette?.find(m => m.command === COMMAND);
        assert.ok(!palette || !palette.when, `hidden from the palette when ${palette?.when}`);
    });

    it('opens nftables rules for the example plan in a new editor', async () => {
        const document = await vscode.workspace.openTextDocument(exampleUri());
        await vscode.window.showTextDocument(document);
        const opened = await vscode.commands.executeCommand<vscode.Uri | undefined>(COMMAND, document.uri, { target: 'nftables' });
        assert.ok(opened, 'the command opened nothing');
        const editor = vscode.window.activeTextEditor;
        assert.ok(editor && editor.document.uri.toString() === opened.toString(), 'the generated rules are not in the active editor');
        const text = editor.document.getText();
        assert.ok(editor.document.isUntitled, 'the result should be a new, unsaved document');
        // Named like the file it would be saved as beside the plan, not after its first line.
        assert.match(editor.document.uri.path, /\/veeam-reference\.[\w.]+$/);
        assert.match(text, /^#!\/usr\/sbin\/nft -f\n# SegPlan nftables zone firewall for plan 'Veeam four-zone reference design'/);
        assert.match(text, /type filter hook forward priority filter; policy drop;/);
        // The expiry is one instant, the end of 2027-01-31 in UTC, in seconds since 1970.
        assert.match(text, new RegExp(`ip saddr @host_vbr_v4 ip daddr @host_repo_v4 tcp dport 22 meta time < ${Date.UTC(2027, 1, 1) / 1000} accept`));
        assert.doesNotMatch(text, /WARNING: the plan has/);
    });

    it('opens the Markdown change request with the markdown language', async () => {
        const document = await vscode.workspace.openTextDocument(exampleUri());
        const opened = await vscode.commands.executeCommand<vscode.Uri | undefined>(COMMAND, document.uri, { target: 'markdown' });
        const generated = vscode.workspace.textDocuments.find(d => d.uri.toString() === opened?.toString());
        assert.ok(generated, 'no generated document');
        assert.strictEqual(generated.languageId, 'markdown');
        assert.match(generated.getText(), /\| Rule \| Source zone \| Source \|/);
    });

    it('saves the rules beside the plan when asked', async () => {
        const editor = await openCopyOf('missing-flows.segplan');
        const plan = editor.document.uri;
        await waitForDiagnostics(plan, d => missingFlows(d).length > 0, 'the copy to be checked');
        const saved = await vscode.commands.executeCommand<vscode.Uri | undefined>(COMMAND, plan, { target: 'csv', force: true, saveBesidePlan: true });
        try {
            assert.ok(saved, 'nothing was saved');
            assert.strictEqual(saved.toString(), plan.toString().replace(/\.segplan$/, '.rules.csv'));
            const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(saved));
            // The plan has missing flows: generated on request, the output says so first.
            assert.match(text, /^# SegPlan Change request \(CSV\)/);
            assert.match(text, /# WARNING: the plan has \d+ error\(s\)/);
            assert.match(text, /"Rule","Source zone","Source"/);
            // The saved file replaces the unsaved editor: no dirty twin is left to ask "save changes?".
            assert.ok(!vscode.workspace.textDocuments.some(d => d.isUntitled && d.isDirty && d.uri.path === saved.path), 'an unsaved copy of the saved rules is still open');
        } finally {
            if (saved) await vscode.workspace.fs.delete(saved);
            await vscode.workspace.fs.delete(plan);
        }
    });

    it('does nothing without a plan', async () => {
        await openPlan('missing-flows.segplan');
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        const opened = await vscode.commands.executeCommand<vscode.Uri | undefined>(COMMAND, undefined, { target: 'nftables' });
        assert.strictEqual(opened, undefined);
    });
});
