import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { registerAuditConfigCommand } from './audit-config-command.js';
import { registerGenerateRulesCommand } from './generate-rules-command.js';
import { registerShowFlowsCommand } from './show-flows-command.js';
import { registerQueryTrafficCommand } from './query-traffic-command.js';
import { registerPlanDiagram, type PlanDiagramApi } from './plan-diagram-panel.js';

/** What other extensions (and the integration tests) get from `extension.activate()`. */
export interface SegplanExtensionApi {
    /** The running language client: the server has answered `initialize` once this is set. */
    readonly client: LanguageClient;
    /** The plan diagram views. */
    readonly diagram: PlanDiagramApi;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<SegplanExtensionApi> {
    client = createClient(context);
    registerGenerateRulesCommand(context, client);
    registerAuditConfigCommand(context, client);
    registerShowFlowsCommand(context);
    registerQueryTrafficCommand(context, client);
    const diagram = registerPlanDiagram(context, client);
    context.subscriptions.push(
        vscode.commands.registerCommand('segplan.restartServer', async () => {
            await client?.restart();
        })
    );
    await client.start();
    return { client, diagram };
}

export async function deactivate(): Promise<void> {
    await client?.stop();
    client = undefined;
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
    // The server is a bundle inside the extension: it runs on the Node of the extension host.
    const serverModule = context.asAbsolutePath(path.join('out', 'server', 'main.cjs'));
    const serverOptions: ServerOptions = {
        run: { module: serverModule, transport: TransportKind.ipc },
        debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } }
    };
    const clientOptions: LanguageClientOptions = {
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
    // The id `segplan` makes the client honour the `segplan.trace.server` setting.
    return new LanguageClient('segplan', 'SegPlan Language Server', serverOptions, clientOptions);
}
