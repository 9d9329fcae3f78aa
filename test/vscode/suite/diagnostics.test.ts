import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { describeDiagnostic, missingFlows, openPlan, waitForDiagnostics } from './helpers.js';

describe('diagnostics', () => {
    it('a required flow that no allow rule lets through is an error on the component that needs it', async () => {
        const { document } = await openPlan('missing-flows.segplan');
        // Three flows are missing: vbr → vcenter 443, vbr → proxy 2500-3300 and the SMB/RPC ports —
        // two diagnostics, one per pair of components.
        const diagnostics = await waitForDiagnostics(document.uri, (d) => missingFlows(d).length === 2, 'two missing-flow diagnostics');
        const vcenter = missingFlows(diagnostics).find((d) => d.message.includes('vbr → vcenter tcp 443'));
        assert.ok(vcenter, `no missing-flow diagnostic for vbr → vcenter tcp 443 among:\n${diagnostics.map(describeDiagnostic).join('\n')}`);
        assert.strictEqual(vcenter.severity, vscode.DiagnosticSeverity.Error);
        const line = document.lineAt(vcenter.range.start.line).text;
        assert.match(line, /^vbr: veeam\.BackupServer/, 'the diagnostic is not on the line that places vbr');
        assert.strictEqual(document.getText(vcenter.range), 'vbr');
        assert.match(vcenter.message, /mgmt → vsphere-mgmt/);
        assert.match(vcenter.message, /vSphere Web Services SDK/);
    });

    it('the flows one pair of components lacks are one diagnostic, on the allow rule that nearly covers them', async () => {
        const { document } = await openPlan('missing-flows.segplan');
        const diagnostics = await waitForDiagnostics(document.uri, (d) => missingFlows(d).length === 2, 'two missing-flow diagnostics');
        const proxy = missingFlows(diagnostics).find((d) => d.message.includes('vbr → proxy'));
        assert.ok(proxy, diagnostics.map(describeDiagnostic).join('\n'));
        assert.match(document.lineAt(proxy.range.start.line).text, /^allow vbr -> proxy tcp 6160, 6162/);
        assert.match(proxy.message, /for 2 required flows/);
        assert.match(proxy.message, /tcp 2500-3300/);
        assert.match(proxy.message, /tcp\/udp 135, 137-139, 445/);
        assert.ok((proxy.relatedInformation?.length ?? 0) >= 2, 'each flow has its catalog source as related information');
    });

    it('the flows the allow rule does cover are not reported', async () => {
        const { document } = await openPlan('missing-flows.segplan');
        const diagnostics = await waitForDiagnostics(document.uri, (d) => missingFlows(d).length === 2, 'two missing-flow diagnostics');
        for (const d of diagnostics) {
            assert.doesNotMatch(d.message, /tcp 616[02]\b/, `covered port reported: ${describeDiagnostic(d)}`);
        }
    });
});
