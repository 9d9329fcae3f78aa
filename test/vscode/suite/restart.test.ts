import * as assert from 'node:assert';
import * as vscode from 'vscode';
import type { SegplanExtensionApi } from '../../../client/extension.js';
import { EXTENSION_ID, missingFlows, openPlan, waitForDiagnostics } from './helpers.js';

describe('restart command', () => {
    it('"SegPlan: Restart Language Server" starts a new server that reports the findings again', async () => {
        const api = await vscode.extensions.getExtension<SegplanExtensionApi>(EXTENSION_ID)!.activate();
        const { document } = await openPlan('missing-flows.segplan');
        await waitForDiagnostics(document.uri, (d) => missingFlows(d).length === 2, 'two missing-flow diagnostics');
        const before = api.client.initializeResult;
        await vscode.commands.executeCommand('segplan.restartServer');
        assert.ok(api.client.isRunning(), 'the client is not running after the restart');
        assert.notStrictEqual(api.client.initializeResult, before, 'no new initialize handshake happened');
        await waitForDiagnostics(document.uri, (d) => missingFlows(d).length === 2, 'the findings after the restart');
    });
});
