import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient } from 'vscode-languageclient/browser';
import type { WorkerInitializationOptions } from '../server/browser/initialization-options.js';
import { answerFileReads } from './file-system-answers.js';
import type { PlanDiagramApi } from './plan-diagram-panel.js';
import { clientOptions, registerFeatures } from './register-features.js';

/**
 * VS Code for the Web (vscode.dev, github.dev): the same extension as on the desktop, its language
 * server a worker (out/server/language-server.js) that reads the workspace through this client.
 */

/** What other extensions get from `extension.activate()`, as on the desktop. */
export interface SegplanWebExtensionApi {
    readonly client: LanguageClient;
    readonly diagram: PlanDiagramApi;
}

/** The worker's constructor, which the web extension host has (the desktop's Node types do not declare it). */
declare const Worker: new (url: string) => { terminate(): void };

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<SegplanWebExtensionApi> {
    const serverUrl = vscode.Uri.joinPath(context.extensionUri, 'out', 'server', 'language-server.js').toString(true);
    let worker: { terminate(): void } | undefined;
    const options = clientOptions();
    const fileSchemes = [...new Set(['file', ...(vscode.workspace.workspaceFolders ?? []).map(f => f.uri.scheme)])];
    options.initializationOptions = {
        fileSchemes,
        // The layout engine is the desktop's file; the worker fetches it on the first diagram.
        elkUrl: vscode.Uri.joinPath(context.extensionUri, 'out', 'elk', 'elk.cjs').toString(true),
        catalogsUrl: vscode.Uri.joinPath(context.extensionUri, 'out', 'server', 'builtin-catalogs.json').toString(true)
    } satisfies WorkerInitializationOptions;
    // A new worker at each start (a restart ends the old one). Its transports are made here: the
    // web extension host replaces `Worker` with a function that returns the browser's own worker,
    // so the client's `instanceof Worker` would not know the worker it is given.
    const started = new LanguageClient('segplan', 'SegPlan Language Server', async () => {
        worker?.terminate();
        const created = new Worker(serverUrl);
        worker = created;
        return { reader: new BrowserMessageReader(created as never), writer: new BrowserMessageWriter(created as never) };
    }, options);
    client = started;
    context.subscriptions.push(answerFileReads(started), { dispose: () => worker?.terminate() });
    const diagram = registerFeatures(context, started, async () => {
        await started.stop();
        await started.start();
    });
    await started.start();
    return { client: started, diagram };
}

export async function deactivate(): Promise<void> {
    await client?.stop();
    client = undefined;
}
