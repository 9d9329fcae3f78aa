import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { SegplanExtensionApi } from '../../../client/extension.js';
import { EXTENSION_ID, eventually, openCopyOf, positionOf } from './helpers.js';

async function api(): Promise<SegplanExtensionApi> {
    const extension = vscode.extensions.getExtension<SegplanExtensionApi>(EXTENSION_ID);
    assert.ok(extension, `extension ${EXTENSION_ID} is not installed`);
    return extension.activate();
}

/** Polls the view until `accept` holds: the view renders after the server answers. */
function snapshotWhen(a: SegplanExtensionApi, uri: vscode.Uri, accept: (s: Awaited<ReturnType<SegplanExtensionApi['diagram']['snapshot']>>) => boolean, what: string) {
    return eventually(() => a.diagram.snapshot(uri), accept, `${what} in the view`);
}

describe('plan diagram', function () {
    this.timeout(300000);

    it('"SegPlan: Show Plan Diagram" draws the zones, components and coloured flows of the plan', async () => {
        const a = await api();
        const editor = await openCopyOf('missing-flows.segplan');
        await vscode.commands.executeCommand('segplan.showPlanDiagram', editor.document.uri);
        const s = await snapshotWhen(a, editor.document.uri, x => x.components.length > 0, 'the components');
        assert.deepStrictEqual([...s.zones].sort(), ['backup', 'mgmt', 'vsphere-mgmt']);
        assert.deepStrictEqual([...s.components].sort(), ['proxy', 'vbr', 'vcenter']);
        const vbrVcenter = s.edges.find(e => e.id === 'flow:component:vbr->component:vcenter');
        assert.ok(vbrVcenter, `no vbr → vcenter edge in ${JSON.stringify(s.edges)}`);
        assert.strictEqual(vbrVcenter.status, 'missing');
        const vbrProxy = s.edges.find(e => e.id === 'flow:component:vbr->component:proxy');
        assert.ok(vbrProxy && vbrProxy.status !== 'missing', 'vbr → proxy is partly allowed by the plan');
        // The theme colours the statuses differently: a colour is a computed style, not a class name.
        assert.ok(vbrVcenter.stroke && vbrVcenter.stroke !== 'none');
        assert.notStrictEqual(vbrVcenter.stroke, vbrProxy!.stroke, 'missing and partly allowed flows look alike');
    });

    it('clicking a component reveals its line; the editor cursor highlights it in the picture', async () => {
        const a = await api();
        const editor = await openCopyOf('missing-flows.segplan');
        const uri = editor.document.uri;
        await vscode.commands.executeCommand('segplan.showPlanDiagram', uri);
        await snapshotWhen(a, uri, x => x.components.includes('vcenter'), 'the components');
        await a.diagram.click(uri, 'component:vcenter');
        const line = positionOf(editor.document, 'vcenter: vmware.VCenter').line;
        await eventually(() => vscode.window.activeTextEditor?.selection.start.line, at => at === line, 'selection on the component');
        const active = vscode.window.activeTextEditor;
        assert.strictEqual(active?.document.uri.toString(), uri.toString(), 'the plan is not the active editor');
        assert.strictEqual(active.selection.start.line, line, 'the selection is not on the component');

        const proxyLine = positionOf(editor.document, 'proxy: veeam.Proxy').line;
        active.selection = new vscode.Selection(proxyLine, 2, proxyLine, 2);
        await snapshotWhen(a, uri, x => x.selected.includes('component:proxy'), 'the proxy highlighted');
    });

    it('follows edits: a component added to the plan appears with its flows', async () => {
        const a = await api();
        const editor = await openCopyOf('missing-flows.segplan');
        const uri = editor.document.uri;
        await vscode.commands.executeCommand('segplan.showPlanDiagram', uri);
        await snapshotWhen(a, uri, x => x.components.length === 3, 'three components');
        await editor.edit(e => e.insert(new vscode.Position(editor.document.lineCount, 0), '\nrepo2: veeam.Repository in backup at 10.0.2.40 os windows\n'));
        const s = await snapshotWhen(a, uri, x => x.components.includes('repo2'), 'the new component');
        assert.ok(s.edges.some(e => e.id === 'flow:component:vbr->component:repo2'), 'the new component has no flows drawn');
    });

    it('the zone matrix lists the zone pairs with their flows', async () => {
        const a = await api();
        const editor = await openCopyOf('missing-flows.segplan');
        const uri = editor.document.uri;
        await vscode.commands.executeCommand('segplan.showPlanDiagram', uri);
        await snapshotWhen(a, uri, x => x.components.length > 0, 'the components');
        await a.diagram.showView(uri, 'matrix');
        const s = await snapshotWhen(a, uri, x => x.view === 'matrix', 'the matrix');
        assert.ok(s.matrixCells >= 2, `only ${s.matrixCells} cells`);
    });
});
