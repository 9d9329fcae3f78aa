import type {
    ApplyWorkspaceEditParams, ConfigurationParams, Diagnostic, InitializeResult, PublishDiagnosticsParams, ServerCapabilities, TextDocumentContentChangeEvent
} from 'vscode-languageserver-protocol';
import type { WorkerInitializationOptions } from '../server/browser/initialization-options.js';
import { ReadDirectoryRequest, ReadFileRequest, StatRequest } from '../server/browser/file-system-protocol.js';

/**
 * The playground's client of SegPlan's language server, which runs in a worker of the page (the
 * same bundle as VS Code's): JSON-RPC over the worker's messages, small enough to be in the first
 * script the page reads (start-worker.ts), so that the server starts while the editor's script is
 * still loading. The page has no files, so the server's file reads find nothing (an `import` says
 * the file is not there) and nothing leaves the page.
 */
export interface PlanDocument {
    readonly uri: string;
    readonly languageId: string;
    version: number;
    text: string;
}

interface Message {
    readonly id?: number | string | null;
    readonly method?: string;
    readonly params?: unknown;
    readonly result?: unknown;
    readonly error?: { readonly code: number; readonly message: string };
}

export class LanguageClient {
    private nextId = 1;
    private readonly waiting = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();
    private readonly requestHandlers = new Map<string, (params: never) => unknown>();
    private readonly diagnosticListeners: ((params: PublishDiagnosticsParams) => void)[] = [];
    private readonly errorListeners: ((message: string) => void)[] = [];
    private readonly published = new Map<string, PublishDiagnosticsParams>();
    private readonly opened = new Map<string, PlanDocument>();
    private applyEdit: ((params: ApplyWorkspaceEditParams) => boolean) | undefined;
    private started: Promise<ServerCapabilities> | undefined;

    constructor(private readonly worker: Worker) {
        worker.addEventListener('message', event => this.receive(event.data as Message));
        this.onRequest('workspace/configuration', (params: ConfigurationParams) => params.items.map(() => null));
        this.onRequest('client/registerCapability', () => null);
        this.onRequest('client/unregisterCapability', () => null);
        this.onRequest('window/workDoneProgress/create', () => null);
        this.onRequest('workspace/applyEdit', (params: ApplyWorkspaceEditParams) => ({ applied: this.applyEdit?.(params) ?? false }));
        // No files: the plan is the editor's text.
        for (const method of [StatRequest, ReadFileRequest, ReadDirectoryRequest]) this.onRequest(method, () => null);
    }

    private receive(message: Message): void {
        if (message.method === undefined) {
            const waiter = this.waiting.get(message.id as number);
            this.waiting.delete(message.id as number);
            if (message.error) waiter?.reject(new Error(message.error.message));
            else waiter?.resolve(message.result);
        } else if (message.id !== undefined && message.id !== null) {
            const handler = this.requestHandlers.get(message.method);
            let result: unknown = null;
            try {
                result = handler ? handler(message.params as never) : null;
            } catch {
                result = null;
            }
            this.worker.postMessage({ jsonrpc: '2.0', id: message.id, result: result ?? null });
        } else if (message.method === 'textDocument/publishDiagnostics') {
            const params = message.params as PublishDiagnosticsParams;
            this.published.set(params.uri, params);
            for (const listener of this.diagnosticListeners) listener(params);
        } else if (message.method === 'window/logMessage') {
            const params = message.params as { type: number; message: string };
            if (params.type === 1) {
                console.error(params.message);
                for (const listener of this.errorListeners) listener(params.message);
            }
        }
    }

    onRequest<P>(method: string, handler: (params: P) => unknown): void {
        this.requestHandlers.set(method, handler as (params: never) => unknown);
    }

    request<T>(method: string, params: unknown): Promise<T> {
        const id = this.nextId++;
        return new Promise<T>((resolve, reject) => {
            this.waiting.set(id, { resolve: resolve as (result: unknown) => void, reject });
            this.worker.postMessage({ jsonrpc: '2.0', id, method, params });
        });
    }

    notify(method: string, params: unknown): void {
        this.worker.postMessage({ jsonrpc: '2.0', method, params });
    }

    /** Initializes the server once; its capabilities. */
    start(options: WorkerInitializationOptions): Promise<ServerCapabilities> {
        this.started ??= this.request<InitializeResult>('initialize', {
            processId: null, rootUri: null, workspaceFolders: null,
            // No settings to ask for (the page has none): the server's start waits for no answer
            // of the page, whose thread may be busy reading the editor's script.
            initializationOptions: { ...options, fileSchemes: [] } satisfies WorkerInitializationOptions,
            capabilities: {
                general: { positionEncodings: ['utf-16'] },
                workspace: { configuration: false, applyEdit: true, workspaceEdit: { documentChanges: true } },
                textDocument: {
                    synchronization: { dynamicRegistration: false },
                    publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true, tagSupport: { valueSet: [1, 2] }, versionSupport: true },
                    completion: {
                        completionItem: { snippetSupport: true, documentationFormat: ['markdown', 'plaintext'], insertReplaceSupport: false, labelDetailsSupport: true },
                        contextSupport: true
                    },
                    hover: { contentFormat: ['markdown', 'plaintext'] },
                    codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['', 'quickfix', 'refactor', 'source', 'source.fixAll'] } }, isPreferredSupport: true },
                    inlayHint: {},
                    codeLens: {}
                }
            }
        }).then(result => {
            this.notify('initialized', {});
            return result.capabilities;
        });
        return this.started;
    }

    /** The diagnostics last published for a document. */
    diagnostics(uri: string): readonly Diagnostic[] {
        return this.published.get(uri)?.diagnostics ?? [];
    }

    /** What was last published for a document (with its version), if anything. */
    lastPublished(uri: string): PublishDiagnosticsParams | undefined {
        return this.published.get(uri);
    }

    onDiagnostics(listener: (params: PublishDiagnosticsParams) => void): void {
        this.diagnosticListeners.push(listener);
    }

    /** Errors the server reports in its log (an internal failure, after which it keeps serving). */
    onServerError(listener: (message: string) => void): void {
        this.errorListeners.push(listener);
    }

    /** Edits the server asks for (a command's), applied to the plan. */
    onApplyEdit(listener: (params: ApplyWorkspaceEditParams) => boolean): void {
        this.applyEdit = listener;
    }

    /** Opens a document; one opened already with the same text (the start script's, from the address) stays as it is. */
    open(document: PlanDocument): void {
        const open = this.opened.get(document.uri);
        if (open && open.text === document.text && open.version === document.version) return;
        if (open) this.close(document.uri);
        this.opened.set(document.uri, document);
        this.notify('textDocument/didOpen', { textDocument: { uri: document.uri, languageId: document.languageId, version: document.version, text: document.text } });
    }

    change(document: PlanDocument, changes: TextDocumentContentChangeEvent[]): void {
        this.opened.set(document.uri, document);
        this.notify('textDocument/didChange', { textDocument: { uri: document.uri, version: document.version }, contentChanges: changes });
    }

    close(uri: string): void {
        if (!this.opened.delete(uri)) return;
        this.published.delete(uri);
        this.notify('textDocument/didClose', { textDocument: { uri } });
    }

    executeCommand<T>(command: string, args: unknown[]): Promise<T> {
        return this.request<T>('workspace/executeCommand', { command, arguments: args });
    }
}
