import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { eventually, openPlan } from './helpers.js';

describe('code lenses', () => {
    it('above a component: its flows out and in; choosing one in the list goes to the other end', async () => {
        const editor = await openPlan('missing-flows.segplan');
        const { document } = editor;
        const proxyLine = document.getText().split('\n').findIndex(l => l.startsWith('proxy:'));
        // The server answers once the plan is analysed; ask until it has lenses.
        const lenses = await eventually(
            async () => await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', document.uri) ?? [],
            found => found.some(l => l.range.start.line === proxyLine && l.command), 'lens on the proxy');
        const lens = lenses.find(l => l.range.start.line === proxyLine);
        assert.ok(lens?.command, `no lens on the proxy: ${JSON.stringify(lenses.map(l => [l.range.start.line, l.command?.title]))}`);
        // vbr -> proxy allows 6160 and 6162 but not every flow vbr needs to the proxy.
        assert.match(lens.command.title, /^\d+ flows? out\b.* · \d+ flows? in, [1-9]\d* allowed$/);

        let chosen = false;
        const picked = Promise.resolve(vscode.commands.executeCommand<string | undefined>(lens.command.command, ...(lens.command.arguments ?? [])))
            .finally(() => { chosen = true; });
        // Accepting before the list is shown does nothing: accept until the list has answered.
        await eventually(async () => {
            await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
            return chosen;
        }, done => done, 'flow chosen in the list');
        const label = await picked;
        assert.ok(label, 'the list offered no flow');
        const other = /[→←] (\S+?),? /.exec(label)?.[1];
        const active = vscode.window.activeTextEditor;
        assert.ok(other && active, label);
        assert.ok(active.document.lineAt(active.selection.start.line).text.startsWith(`${other}:`),
            `choosing "${label}" went to line ${active.selection.start.line + 1}: ${active.document.lineAt(active.selection.start.line).text}`);
    });
});
