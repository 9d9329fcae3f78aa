import { URI, type FileSystemProvider } from 'langium';
import { DefaultDocumentUpdateHandler, type LangiumSharedServices } from 'langium/lsp';
import type { TextDocumentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isWorkspaceFile } from '../utils/workspace-files.js';
import type { SegplanDocumentBuilder } from '../workspace/segplan-document-builder.js';

/**
 * What closing an editor means for the workspace. A `.segplan` file of the workspace's file system
 * stays (plans import it) and goes back to what is stored; anything else — an untitled plan, a `.txt` switched to
 * SegPlan, a notebook cell, a diff view's side — leaves the workspace, its diagnostics cleared, so
 * it neither lingers in other plans' analyses nor holds memory after 300 open/close cycles.
 */
export class SegplanDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
    private readonly fileSystem: FileSystemProvider;

    constructor(services: LangiumSharedServices) {
        super(services);
        this.fileSystem = services.workspace.FileSystemProvider;
    }

    /**
     * As Langium fires an update (once the workspace is ready, under the workspace's write lock),
     * telling the builder it is queued: requests that wait for a workspace state wait for it.
     */
    protected override fireDocumentUpdate(changed: URI[], deleted: URI[]): void {
        const started = (this.documentBuilder as SegplanDocumentBuilder).queueUpdate();
        this.workspaceManager.ready.then(() => this.workspaceLock.write(token => {
            started();
            return this.documentBuilder.update(changed, deleted, token);
        })).catch(error => {
            started();
            console.error('Workspace initialization failed. Could not perform document update.', error);
        });
    }

    didCloseDocument(event: TextDocumentChangeEvent<TextDocument>): void {
        const uri = URI.parse(event.document.uri);
        if (isWorkspaceFile(this.fileSystem, uri) && uri.path.endsWith('.segplan')) this.fireDocumentUpdate([uri], []);
        else this.fireDocumentUpdate([], [uri]);
    }
}
