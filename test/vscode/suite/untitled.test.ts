import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { SegplanExtensionApi } from '../../../client/extension.js';
import { EXTENSION_ID, hoverText, missingFlows, openCopyOf, planUri, positionOf, waitForDiagnostics } from './helpers.js';

const PLAN = `plan "Untitled test"
zone mgmt 10.0.0.0/24
zone prod 10.1.0.0/24
vbr : veeam.BackupServer in mgmt at 10.0.0.10 os windows
vcenter : vmware.VCenter in prod at 10.1.0.5
`;

async function closeActive(): Promise<void> {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
}

describe('plans that are not .segplan files', function () {
    this.timeout(300000);

    it('an untitled plan and a .txt switched to SegPlan are checked, edited, saved and closed; the server then answers every request', async () => {
        const api = await vscode.extensions.getExtension<SegplanExtensionApi>(EXTENSION_ID)!.activate();
        // Ctrl+N, language SegPlan.
        const untitled = await vscode.workspace.openTextDocument({ language: 'segplan', content: PLAN });
        const editor = await vscode.window.showTextDocument(untitled);
        await waitForDiagnostics(untitled.uri, d => missingFlows(d).length > 0, 'findings on the untitled plan');
        await editor.edit(e => e.insert(new vscode.Position(untitled.lineCount, 0), 'allow vbr -> vcenter tcp 443\n'));
        await waitForDiagnostics(untitled.uri, d => !d.some(x => /vbr → vcenter tcp 443/.test(x.message)), 'the edit on the untitled plan');
        await closeActive();
        await waitForDiagnostics(untitled.uri, d => d.length === 0, 'the closed untitled plan cleared');

        // A .txt file switched to SegPlan, edited and saved.
        const txt = planUri(`notes-${Date.now()}.txt`);
        await vscode.workspace.fs.writeFile(txt, new TextEncoder().encode(PLAN));
        let document = await vscode.workspace.openTextDocument(txt);
        document = await vscode.languages.setTextDocumentLanguage(document, 'segplan');
        const txtEditor = await vscode.window.showTextDocument(document);
        await waitForDiagnostics(txt, d => missingFlows(d).length > 0, 'findings on the .txt plan');
        await txtEditor.edit(e => e.insert(new vscode.Position(document.lineCount, 0), 'allow vbr -> vcenter tcp 443\n'));
        assert.ok(await document.save(), 'the .txt plan was not saved');
        await closeActive();
        await waitForDiagnostics(txt, d => d.length === 0, 'the closed .txt plan cleared');

        // Every kind of request still works on a plan.
        assert.ok(api.client.isRunning(), 'the language server stopped');
        const plan = await openCopyOf('missing-flows.segplan');
        await waitForDiagnostics(plan.document.uri, d => missingFlows(d).length > 0, 'findings on a plan after the closes');
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', plan.document.uri, positionOf(plan.document, '6162', 1));
        assert.match(hoverText(hovers), /Data Mover/);
        const completion = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', plan.document.uri, positionOf(plan.document, 'veeam.Proxy', 0));
        assert.ok(completion.items.length > 0);
        const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', plan.document.uri);
        assert.ok(symbols.length > 0);
        const edits = await vscode.commands.executeCommand<vscode.TextEdit[]>('vscode.executeFormatDocumentProvider', plan.document.uri, { tabSize: 4, insertSpaces: true });
        assert.ok(Array.isArray(edits));
        assert.ok(api.client.isRunning(), 'the language server stopped');
    });
});
