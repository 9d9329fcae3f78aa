import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { completionLabels, openCopyOf } from './helpers.js';

describe('completion', () => {
    it('after `name:` it lists the vendor components by qualified name', async () => {
        const editor = await openCopyOf('missing-flows.segplan', '\nrepo: ');
        const document = editor.document;
        const end = document.lineAt(document.lineCount - 1).range.end;
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, end);
        const labels = completionLabels(list);
        for (const component of ['veeam.BackupServer', 'veeam.Proxy', 'veeam.HardenedRepository', 'vmware.VCenter']) {
            assert.ok(labels.includes(component), `${component} missing from ${JSON.stringify(labels.slice(0, 40))}`);
        }
        // Zones and the plan's own components are not component types.
        assert.ok(!labels.includes('mgmt'), 'a zone was offered as a component type');
        assert.ok(!labels.includes('vcenter'), 'a component of the plan was offered as a component type');
    });

    it('after `allow` it offers the plan\'s components and zones', async () => {
        const editor = await openCopyOf('missing-flows.segplan', '\nallow ');
        const document = editor.document;
        const end = document.lineAt(document.lineCount - 1).range.end;
        const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', document.uri, end);
        const labels = completionLabels(list);
        for (const endpoint of ['vbr', 'vcenter', 'proxy', 'mgmt', 'backup']) {
            assert.ok(labels.includes(endpoint), `${endpoint} missing from ${JSON.stringify(labels.slice(0, 40))}`);
        }
    });
});
