import * as assert from 'node:assert';
import * as vscode from 'vscode';
import { EXTENSION_ID, openPlan, planUri } from './helpers.js';

/** iptables-save output of a firewall that lets one Veeam port through and everything from mgmt to vSphere. */
const CONFIG = `*filter
:INPUT ACCEPT [0:0]
:FORWARD DROP [0:0]
:OUTPUT ACCEPT [0:0]
-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT
-A FORWARD -s 10.0.0.10/32 -d 10.0.2.20/32 -p tcp -m tcp --dport 6160 -j ACCEPT
-A FORWARD -s 10.0.0.0/24 -d 10.0.1.0/24 -j ACCEPT
COMMIT
`;

describe('SegPlan: Audit Firewall Config…', () => {
    // The audit's findings stay until the next audit or until cleared; the other suites read the same plan.
    after(() => vscode.commands.executeCommand('segplan.clearAuditFindings'));

    it('is in the palette of a plan', async () => {
        await openPlan('missing-flows.segplan');
        await vscode.extensions.getExtension(EXTENSION_ID)!.activate();
        const commands = await vscode.commands.getCommands(true);
        assert.ok(commands.includes('segplan.auditFirewallConfig'));
    });

    it('shows the flows the firewall blocks on the plan, what it allows beyond the plan on the configuration, and opens the report', async () => {
        const config = planUri('deployed.rules');
        await vscode.workspace.fs.writeFile(config, new TextEncoder().encode(CONFIG));
        const { document } = await openPlan('missing-flows.segplan');
        const result = await vscode.commands.executeCommand<{ summary: string; report: vscode.Uri } | undefined>('segplan.auditFirewallConfig', document.uri, { config, format: '' });
        assert.ok(result, 'the audit returned nothing');
        assert.match(result.summary, /deployed\.rules \(iptables-save\): \d+\/\d+ required flows allowed, [1-9]\d* blocked/);
        const onPlan = vscode.languages.getDiagnostics(document.uri).filter(d => d.source === 'SegPlan audit');
        assert.ok(onPlan.some(d => /The deployed firewall \(deployed\.rules:\d+\) blocks vbr -> proxy tcp 6162/.test(d.message)), onPlan.map(d => d.message).join('\n'));
        assert.ok(onPlan.every(d => !/vbr -> proxy tcp 6160\b/.test(d.message)), 'port 6160 is allowed');
        const onConfig = vscode.languages.getDiagnostics(config);
        const overPermit = onConfig.find(d => /beyond the plan/.test(d.message));
        assert.ok(overPermit, onConfig.map(d => d.message).join('\n'));
        assert.strictEqual(overPermit.range.start.line, 6, 'on the rule that allows everything from mgmt to vSphere');
        // The report is a Markdown file (to save or copy), opened rendered: no editor shows its source.
        assert.notStrictEqual(result.report.scheme, 'untitled');
        const source = new TextDecoder().decode(await vscode.workspace.fs.readFile(result.report));
        assert.match(source, /^# Firewall audit: deployed\\\.rules against plan/);
        const tabs = vscode.window.tabGroups.all.flatMap(g => g.tabs);
        const described = tabs.map(t => `${t.label} (${t.input?.constructor.name})`).join(', ');
        assert.ok(tabs.some(t => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType) && /audit\.md/.test(t.label)),
            `no rendered report among the tabs: ${described}`);
        assert.ok(!tabs.some(t => t.input instanceof vscode.TabInputText && t.input.uri.toString() === result.report.toString()),
            `the report is open as Markdown source: ${described}`);
        // As rendered, its text shows no Markdown escape.
        const html = await vscode.commands.executeCommand<string>('markdown.api.render', source);
        const shown = html.replace(/<[^>]*>/g, '');
        assert.match(shown, /Firewall audit: deployed\.rules against plan/);
        assert.doesNotMatch(shown, /\\[\\`*_{}[\]()#+\-.!|<>]/, 'a backslash escape shows in the rendered report');
        await vscode.commands.executeCommand('segplan.clearAuditFindings');
        assert.deepStrictEqual(vscode.languages.getDiagnostics(config), [], 'Clear Audit Findings clears them');
    });
});
