import * as vscode from 'vscode';
import { ExecuteCommandRequest, type BaseLanguageClient } from 'vscode-languageclient';
import { baseName } from './uri-names.js';

/**
 * "SegPlan: Audit Firewall Config…": pick a deployed configuration (nftables, iptables-save, Cisco
 * ASA …), let the language server audit it against the plan (the code path of `segplan audit`),
 * show what it finds in the Problems panel on the plan and on the configuration, and open the
 * report.
 */

export const AUDIT_FIREWALL_CONFIG = 'segplan.auditFirewallConfig';
export const CLEAR_AUDIT = 'segplan.clearAuditFindings';
const SERVER_AUDIT = 'segplan.server.auditConfig';

type Diagnostic = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; severity?: number; code?: string | number; message: string; source?: string };

type Outcome =
    | { kind: 'audited'; summary: string; markdown: string; diagnostics: Record<string, Diagnostic[]> }
    | { kind: 'error'; message: string };

/** For scripted use (tests, other extensions): skip the file dialog and the format picker. */
export interface AuditConfigOptions {
    readonly config?: vscode.Uri;
    /** A format id; '' or undefined: detected from the content. */
    readonly format?: string;
    readonly maps?: readonly string[];
}

/**
 * The picker lists every format the language server's audit reads (it answers from the importers'
 * registry, so a new one cannot be left out, and the extension bundles no importer).
 */
async function formatChoices(client: BaseLanguageClient): Promise<{ label: string; description?: string; id: string }[]> {
    const formats = await client.sendRequest(ExecuteCommandRequest.type, { command: 'segplan.server.listAuditFormats', arguments: [] }) as { id: string; label: string; detail: string }[];
    return [{ label: 'Detect from the content', id: '' }, ...formats.map(f => ({ label: f.label, description: f.detail, id: f.id }))];
}

function planUri(arg: unknown): vscode.Uri | undefined {
    if (arg instanceof vscode.Uri) return arg;
    const editor = vscode.window.activeTextEditor;
    return editor?.document.languageId === 'segplan' ? editor.document.uri : undefined;
}

function toVscode(d: Diagnostic): vscode.Diagnostic {
    const range = new vscode.Range(d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character);
    // LSP severities are 1-based, VS Code's 0-based.
    const diagnostic = new vscode.Diagnostic(range, d.message, (d.severity ?? 1) - 1);
    diagnostic.source = d.source;
    if (d.code !== undefined) diagnostic.code = d.code;
    return diagnostic;
}

/**
 * The report is a file in the extension's own storage, not in the workspace: a new audit of the same
 * plan replaces it, and no file of the user's is written or overwritten. A saved file, so that the
 * Markdown preview shows it rendered and its "Open Source" opens the text to copy or save.
 */
async function writeReport(context: vscode.ExtensionContext, plan: vscode.Uri, markdown: string): Promise<vscode.Uri> {
    const folder = vscode.Uri.joinPath(context.globalStorageUri, 'audit-reports');
    await vscode.workspace.fs.createDirectory(folder);
    const report = vscode.Uri.joinPath(folder, `${baseName(plan).replace(/\.segplan$/, '')}.audit.md`);
    await vscode.workspace.fs.writeFile(report, new TextEncoder().encode(markdown));
    return report;
}

export function registerAuditConfigCommand(context: vscode.ExtensionContext, client: BaseLanguageClient): void {
    // Its own collection: the language server's diagnostics of the plan stay as they are, and a new audit replaces the last.
    const collection = vscode.languages.createDiagnosticCollection('segplan-audit');
    context.subscriptions.push(collection, vscode.commands.registerCommand(CLEAR_AUDIT, () => collection.clear()));
    context.subscriptions.push(vscode.commands.registerCommand(AUDIT_FIREWALL_CONFIG, async (arg?: unknown, options: AuditConfigOptions = {}) => {
        const plan = planUri(arg);
        if (!plan) {
            void vscode.window.showErrorMessage('Open a .segplan plan first: the audit checks a firewall configuration against its required flows.');
            return undefined;
        }
        const config = options.config ?? (await vscode.window.showOpenDialog({
            title: 'SegPlan: Audit Firewall Config — the deployed configuration', canSelectMany: false, openLabel: 'Audit',
            defaultUri: vscode.Uri.joinPath(plan, '..')
        }))?.[0];
        if (!config) return undefined;
        const format = options.format ?? (await vscode.window.showQuickPick(formatChoices(client), { title: 'SegPlan: Audit Firewall Config — format', placeHolder: 'Detect from the content' }))?.id;
        if (format === undefined) return undefined;
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(config));
        const outcome = await client.sendRequest(ExecuteCommandRequest.type, {
            command: SERVER_AUDIT,
            arguments: [{ uri: plan.toString(), config: { uri: config.toString(), name: baseName(config), text }, format, maps: options.maps ?? [] }]
        }) as Outcome;
        collection.clear();
        if (outcome.kind !== 'audited') {
            void vscode.window.showErrorMessage(`SegPlan audit: ${outcome.message}`);
            return undefined;
        }
        for (const [uri, diagnostics] of Object.entries(outcome.diagnostics)) collection.set(vscode.Uri.parse(uri), diagnostics.map(toVscode));
        const report = await writeReport(context, plan, outcome.markdown);
        // Rendered, as it is meant to be read; the preview's "Open Source" shows the Markdown to copy or save.
        await vscode.commands.executeCommand('markdown.showPreviewToSide', report);
        void vscode.window.showInformationMessage(outcome.summary);
        return { summary: outcome.summary, report };
    }));
}
