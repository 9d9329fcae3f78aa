import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { openPlan } from './helpers.js';

describe('code lenses', () => {
    it('above a component: its flows out and in; choosing one in the list goes to the other end', async () => {
        const editor = await openPlan('missing-flows.segplan');
        const { document } = editor;
        const proxyLine = document.getText().split('\n').findIndex(l => l.startsWith('proxy:'));
        // The server answers once the plan is analysed; ask until it has lenses.
        let lenses: vscode.CodeLens[] = [];
        for (let i = 0; i < 50 && !lenses.some(l => l.range.start.line === proxyLine && l.command); i++) {
            lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri) ?? [];
            if (!lenses.some(l => l.range.start.line === proxyLine)) await new Promise(r => setTimeout(r, 200));
        }
        const lens = lenses.find(l => l.range.start.line === proxyLine);
        assert.ok(lens?.command, `no lens on the proxy: ${JSON.stringify(lenses.map(l => [l.range.start.line, l.command?.title]))}`);
        // vbr -> proxy allows 6160 and 6162 but not every flow vbr needs to the proxy.
        assert.match(lens.command.title, /^\d+ flows? out\b.* · \d+ flows? in, [1-9]\d* allowed$/);

        const picked = vscode.commands.executeCommand<string | undefined>(lens.command.command, ...(lens.command.arguments ?? []));
        await new Promise(r => setTimeout(r, 500));
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        const label = await picked;
        assert.ok(label, 'the list offered no flow');
        const other = /[→←] (\S+?),? /.exec(label)?.[1];
        const active = vscode.window.activeTextEditor;
        assert.ok(other && active, label);
        assert.ok(active.document.lineAt(active.selection.start.line).text.startsWith(`${other}:`),
            `choosing "${label}" went to line ${active.selection.start.line + 1}: ${active.document.lineAt(active.selection.start.line).text}`);
    });
});
