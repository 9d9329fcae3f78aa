import * as vscode from 'vscode';
import type { BaseLanguageClient, LanguageClientOptions } from 'vscode-languageclient';
import { registerAuditConfigCommand } from './audit-config-command.js';
import { registerGenerateRulesCommand } from './generate-rules-command.js';
import { registerPlanDiagram, type PlanDiagramApi } from './plan-diagram-panel.js';
import { registerQueryTrafficCommand } from './query-traffic-command.js';
import { registerShowFlowsCommand } from './show-flows-command.js';
import { registerWorkspaceStatus } from './workspace-status-item.js';

/**
 * What the extension adds to the language client, the same on the desktop (extension.ts, the server
 * a Node process) and on the web (web-extension.ts, the server a worker): the commands and the
 * diagram and the workspace's status. Only how the server is started differs.
 */
export function registerFeatures(context: vscode.ExtensionContext, client: BaseLanguageClient, restart: () => Promise<void>): PlanDiagramApi {
    registerGenerateRulesCommand(context, client);
    registerAuditConfigCommand(context, client);
    registerShowFlowsCommand(context);
    registerQueryTrafficCommand(context, client);
    registerWorkspaceStatus(context, client);
    const diagram = registerPlanDiagram(context, client);
    context.subscriptions.push(
        vscode.commands.registerCommand('segplan.restartServer', restart)
    );
    return diagram;
}

/** The documents the client serves and what it tells the server. */
export function clientOptions(): LanguageClientOptions {
    return {
        // Every scheme: plans on disk, untitled plans and the read-only `builtin:` vendor catalogs.
        documentSelector: [{ language: 'segplan' }],
        synchronize: {
            // The server reads the `segplan.*` settings (severities) and is told when they change.
            configurationSection: 'segplan',
            // Imported plans and user catalogs change on disk without being open in an editor;
            // segplan.json (severities, excluded folders) changes what every plan reports.
            fileEvents: [vscode.workspace.createFileSystemWatcher('**/*.segplan'), vscode.workspace.createFileSystemWatcher('**/segplan.json')]
        },
        outputChannelName: 'SegPlan Language Server'
    };
}
