import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { hoverText, openPlan, positionOf } from './helpers.js';

describe('hover', () => {
    it('hovering a port of an allow rule tells what the port is for', async () => {
        const { document } = await openPlan('missing-flows.segplan');
        // `allow vbr -> proxy tcp 6160, 6162`: 6162 is Veeam's Data Mover.
        const position = positionOf(document, '6162', 2);
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
        const text = hoverText(hovers);
        assert.match(text, /Data Mover/, `hover over 6162 says:\n${text || '(nothing)'}`);
        assert.doesNotMatch(text, /Installer Service/, 'the hover over 6162 describes port 6160 as well');
    });

    it('hovering a component type names the product component', async () => {
        const { document } = await openPlan('missing-flows.segplan');
        const position = positionOf(document, 'veeam.Proxy', 'veeam.'.length + 1);
        const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', document.uri, position);
        assert.match(hoverText(hovers), /Backup proxy/, `hover over veeam.Proxy says:\n${hoverText(hovers) || '(nothing)'}`);
    });
});
