import {
    BrowserMessageReader, BrowserMessageWriter, createProtocolConnection, type ApplyWorkspaceEditParams, type ConfigurationParams, type Diagnostic,
    type InitializeResult, type ProtocolConnection, type PublishDiagnosticsParams, type ServerCapabilities, type TextDocumentContentChangeEvent
} from 'vscode-languageserver-protocol/browser';
import { ReadDirectoryRequest, ReadFileRequest, StatRequest } from '../server/browser/file-system-protocol.js';
import type { WorkerInitializationOptions } from '../server/browser/initialization-options.js';

/**
 * The playground's client of SegPlan's language server, which runs in a worker of the page (the
 * same bundle as VS Code's): one document, the plan in the editor. The page has no files, so the
 * server's file reads find nothing (an `import` says the file is not there) and nothing leaves the
 * page.
 */
export interface PlanDocument {
    readonly uri: string;
    readonly languageId: string;
    version: number;
    text: string;
}

export interface LanguageClient {
    readonly connection: ProtocolConnection;
    readonly capabilities: ServerCapabilities;
    /** The diagnostics last published, with the document and version they are of. */
    readonly diagnostics: () => { readonly uri?: string; readonly version?: number; readonly diagnostics: readonly Diagnostic[] };
    onDiagnostics(listener: (params: PublishDiagnosticsParams) => void): void;
    /** Edits the server asks for (a command's), applied to the plan. */
    onApplyEdit(listener: (params: ApplyWorkspaceEditParams) => boolean): void;
    open(document: PlanDocument): void;
    change(document: PlanDocument, changes: TextDocumentContentChangeEvent[]): void;
    close(uri: string): void;
    executeCommand<T>(command: string, args: unknown[]): Promise<T>;
}

export async function startLanguageClient(worker: Worker, options: WorkerInitializationOptions): Promise<LanguageClient> {
    const connection = createProtocolConnection(new BrowserMessageReader(worker), new BrowserMessageWriter(worker));
    let published: PublishDiagnosticsParams | undefined;
    const diagnosticListeners: ((params: PublishDiagnosticsParams) => void)[] = [];
    let applyEdit: ((params: ApplyWorkspaceEditParams) => boolean) | undefined;

    connection.onRequest('workspace/configuration', (params: ConfigurationParams) => params.items.map(() => null));
    connection.onRequest('client/registerCapability', () => null);
    connection.onRequest('client/unregisterCapability', () => null);
    connection.onRequest('window/workDoneProgress/create', () => null);
    connection.onRequest('workspace/applyEdit', (params: ApplyWorkspaceEditParams) => ({ applied: applyEdit?.(params) ?? false }));
    // No files: the plan is the editor's text.
    connection.onRequest(StatRequest, () => null);
    connection.onRequest(ReadFileRequest, () => null);
    connection.onRequest(ReadDirectoryRequest, () => null);
    connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
        published = params;
        for (const listener of diagnosticListeners) listener(params);
    });
    connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
        if (params.type === 1) console.error(params.message);
    });
    connection.listen();

    const init = await connection.sendRequest<InitializeResult>('initialize', {
        processId: null, rootUri: null, workspaceFolders: null,
        initializationOptions: { ...options, fileSchemes: [] },
        capabilities: {
            general: { positionEncodings: ['utf-16'] },
            workspace: { configuration: true, applyEdit: true, workspaceEdit: { documentChanges: true } },
            textDocument: {
                synchronization: { dynamicRegistration: false },
                publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, tagSupport: { valueSet: [1, 2] }, versionSupport: true },
                completion: {
                    completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], insertReplaceSupport: false, labelDetailsSupport: true },
                    contextSupport: true
                },
                hover: { contentFormat: ['markdown', 'plaintext'] },
                codeAction: {
                    codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source', 'source.fixAll'] } },
                    isPreferredSupport: true
                },
                inlayHint: {},
                codeLens: {}
            }
        }
    });
    await connection.sendNotification('initialized', {});
    return {
        connection,
        capabilities: init.capabilities,
        diagnostics: () => ({ uri: published?.uri, version: published?.version, diagnostics: published?.diagnostics ?? [] }),
        onDiagnostics: listener => void diagnosticListeners.push(listener),
        onApplyEdit: listener => void (applyEdit = listener),
        open: document => void connection.sendNotification('textDocument/didOpen', { textDocument: { uri: document.uri, languageId: document.languageId, version: document.version, text: document.text } }),
        change: (document, changes) => void connection.sendNotification('textDocument/didChange', { textDocument: { uri: document.uri, version: document.version }, contentChanges: changes }),
        close: uri => void connection.sendNotification('textDocument/didClose', { textDocument: { uri } }),
        executeCommand: (command, args) => connection.sendRequest('workspace/executeCommand', { command, arguments: args })
    };
}
