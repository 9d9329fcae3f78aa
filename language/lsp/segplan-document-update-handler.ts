import { URI } from 'langium';
import { DefaultDocumentUpdateHandler } from 'langium/lsp';
import type { TextDocumentChangeEvent } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * What closing an editor means for the workspace. A `.segplan` file on disk stays (plans import
 * it) and goes back to what is on disk; anything else — an untitled plan, a `.txt` switched to
 * SegPlan, a notebook cell, a diff view's side — leaves the workspace, its diagnostics cleared, so
 * it neither lingers in other plans' analyses nor holds memory after 300 open/close cycles.
 */
export class SegplanDocumentUpdateHandler extends DefaultDocumentUpdateHandler {
    didCloseDocument(event: TextDocumentChangeEvent<TextDocument>): void {
        const uri = URI.parse(event.document.uri);
        if (uri.scheme === 'file' && uri.path.endsWith('.segplan')) this.fireDocumentUpdate([uri], []);
        else this.fireDocumentUpdate([], [uri]);
    }
}
