import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { describeDiagnostic, openPlan, waitForDiagnostics } from './helpers.js';

const SSH = 'vbr → repo tcp 22';
const ssh = (diagnostics: readonly vscode.Diagnostic[]) => diagnostics.find((d) => d.message.includes(SSH));

describe('settings reach the language server', () => {
    const settings = () => vscode.workspace.getConfiguration('segplan');

    afterEach(async () => {
        await settings().update('installOnlySeverity', undefined, vscode.ConfigurationTarget.Global);
    });

    it('segplan.installOnlySeverity changes the severity of install-only findings, and "off" hides them', async () => {
        const { document } = await openPlan('install-only.segplan');
        const initial = await waitForDiagnostics(document.uri, (d) => !!ssh(d), `the install-only finding for ${SSH}`);
        assert.strictEqual(ssh(initial)?.severity, vscode.DiagnosticSeverity.Warning, describeDiagnostic(ssh(initial)!));

        await settings().update('installOnlySeverity', 'error', vscode.ConfigurationTarget.Global);
        await waitForDiagnostics(document.uri, (d) => ssh(d)?.severity === vscode.DiagnosticSeverity.Error,
            `${SSH} to become an error after installOnlySeverity = "error"`);

        await settings().update('installOnlySeverity', 'off', vscode.ConfigurationTarget.Global);
        await waitForDiagnostics(document.uri, (d) => !ssh(d), `${SSH} to disappear after installOnlySeverity = "off"`);

        // Flows needed all the time keep their severity whatever the setting says.
        const { document: other } = await openPlan('missing-flows.segplan');
        const always = await waitForDiagnostics(other.uri, (d) => d.some((x) => x.message.includes('vbr → vcenter tcp 443')), 'the vcenter finding');
        assert.strictEqual(always.find((x) => x.message.includes('vbr → vcenter tcp 443'))?.severity, vscode.DiagnosticSeverity.Error);
    });
});
