import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import type { PlanDiagramApi } from './plan-diagram-panel.js';
import { clientOptions, registerFeatures } from './register-features.js';

/** What other extensions (and the integration tests) get from `extension.activate()`. */
export interface SegplanExtensionApi {
    /** The running language client: the server has answered `initialize` once this is set. */
    readonly client: LanguageClient;
    /** The plan diagram views. */
    readonly diagram: PlanDiagramApi;
}

let client: LanguageClient | undefined;

/** The desktop extension: the language server is a Node process (VS Code for the Web: web-extension.ts). */
export async function activate(context: vscode.ExtensionContext): Promise<SegplanExtensionApi> {
    client = createClient(context);
    const diagram = registerFeatures(context, client, async () => {
        await client?.restart();
    });
    await client.start();
    return { client, diagram };
}

export async function deactivate(): Promise<void> {
    await client?.stop();
    client = undefined;
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
    // The server is a bundle inside the extension: it runs on the Node of the extension host.
    const serverModule = vscode.Uri.joinPath(context.extensionUri, 'out', 'server', 'main.cjs').fsPath;
    const serverOptions: ServerOptions = {
        run: { module: serverModule, transport: TransportKind.ipc },
        debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } }
    };
    // The id `segplan` makes the client honour the `segplan.trace.server` setting.
    return new LanguageClient('segplan', 'SegPlan Language Server', serverOptions, clientOptions());
}
