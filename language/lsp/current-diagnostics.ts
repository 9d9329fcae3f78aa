import { URI, type LangiumSharedCoreServices } from 'langium';
import type { Connection, PublishDiagnosticsParams } from 'vscode-languageserver';
import { parsedVersion } from '../workspace/segplan-document-factory.js';

/**
 * Diagnostics are published for the text they were computed from, and say which version that is.
 * A check can finish after the editor has sent a newer text (a re-check started by a watched file
 * is overtaken by typing), or after the editor closed the document and opened it again (the check
 * of the closed file, read from disk, or of the text it had before, which may carry the same
 * version number as the new one): its positions are those of another text, so publishing them
 * would put findings on the wrong lines, past the end of a line. Such a result is dropped — the
 * editor's current text is already queued for checking and publishes its own. For a document the
 * editor has open, only diagnostics of that very text are published, always with its version; for
 * one it has closed, only those of the file as stored (or the clearing of a file that is gone).
 *
 * Langium publishes through `connection.sendDiagnostics` from several places (validated
 * documents, deleted documents); guarding that one function covers all of them.
 */
export function publishOnlyCurrentDiagnostics(connection: Pick<Connection, 'sendDiagnostics'>, shared: LangiumSharedCoreServices): void {
    const send = connection.sendDiagnostics.bind(connection);
    connection.sendDiagnostics = (params: PublishDiagnosticsParams) => {
        const document = shared.workspace.LangiumDocuments.getDocument(URI.parse(params.uri));
        const version = document ? parsedVersion(document) : undefined;
        const open = shared.workspace.TextDocuments?.get(params.uri);
        if (open) {
            const ofOpenText = document !== undefined && document.textDocument === open && version === open.version;
            return ofOpenText ? send({ ...params, version }) : Promise.resolve();
        }
        // Read from disk (or gone): no editor version to speak of.
        if (!document || version === undefined) return send(params);
        // The editor's text, closed since: no editor has it. The close queued an update that
        // reads the file again (or removes it) and publishes what is true after the close.
        return Promise.resolve();
    };
}
