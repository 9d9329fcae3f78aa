import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { describeDiagnostic, missingFlows, openCopyOf, waitForDiagnostics } from './helpers.js';

async function apply(action: vscode.CodeAction): Promise<void> {
    if (action.edit) {
        const changes = action.edit.entries().map(([uri, edits]) => `${uri.toString()}: ${JSON.stringify(edits.map((e) => [e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character, e.newText]))}`);
        assert.ok(await vscode.workspace.applyEdit(action.edit), `the edit of "${action.title}" was not applied:\n${changes.join('\n')}`);
    }
    if (action.command) await vscode.commands.executeCommand(action.command.command, ...(action.command.arguments ?? []));
    assert.ok(action.edit || action.command, `"${action.title}" has neither an edit nor a command`);
}

const titles = (actions: readonly vscode.CodeAction[]) => actions.map((a) => a.title);

describe('quick fixes', () => {
    it('"Allow vbr → vcenter tcp 443" adds the rule and clears only that diagnostic', async () => {
        const { document } = await openCopyOf('missing-flows.segplan');
        const before = await waitForDiagnostics(document.uri, (d) => missingFlows(d).length === 2, 'two missing-flow diagnostics');
        const target = before.find((d) => d.message.includes('vbr → vcenter tcp 443'));
        assert.ok(target, before.map(describeDiagnostic).join('\n'));
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
            'vscode.executeCodeActionProvider', document.uri, target.range, vscode.CodeActionKind.QuickFix.value, 10);
        const fix = actions.find((a) => /^Allow vbr → vcenter tcp 443\b/.test(a.title));
        assert.ok(fix, `no "Allow vbr → vcenter tcp 443" quick fix among ${JSON.stringify(titles(actions))}`);
        assert.ok(fix.kind && vscode.CodeActionKind.QuickFix.contains(fix.kind), `"${fix.title}" is not a quick fix`);
        await apply(fix);
        const after = await waitForDiagnostics(document.uri,
            (d) => !d.some((x) => x.message.includes('vbr → vcenter tcp 443')), 'the vcenter diagnostic to clear');
        // The rule lets exactly that flow through: the two flows vbr → proxy lacks stay reported (one diagnostic).
        assert.strictEqual(missingFlows(after).length, 1, after.map(describeDiagnostic).join('\n'));
        assert.match(document.getText(), /^allow vbr -> vcenter tcp 443\b/m);
    });

    it('fix-all (source.fixAll) adds a rule for every missing flow', async () => {
        const { document } = await openCopyOf('missing-flows.segplan');
        await waitForDiagnostics(document.uri, (d) => missingFlows(d).length === 2, 'two missing-flow diagnostics');
        const whole = new vscode.Range(0, 0, document.lineCount, 0);
        const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
            'vscode.executeCodeActionProvider', document.uri, whole, vscode.CodeActionKind.SourceFixAll.value, 10);
        const fixAll = actions.find((a) => a.kind && vscode.CodeActionKind.SourceFixAll.contains(a.kind));
        assert.ok(fixAll, `no source.fixAll action among ${JSON.stringify(titles(actions))}`);
        await apply(fixAll);
        const after = await waitForDiagnostics(document.uri, (d) => missingFlows(d).length === 0, 'every missing-flow diagnostic to clear');
        assert.ok(!after.some((d) => d.severity === vscode.DiagnosticSeverity.Error), after.map(describeDiagnostic).join('\n'));
        const text = document.getText();
        assert.match(text, /^allow vbr -> vcenter tcp 443\b/m);
        assert.match(text, /^allow vbr -> proxy .*\b2500-3300\b/m);
    });
});
