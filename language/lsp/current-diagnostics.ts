import { URI, type LangiumSharedCoreServices } from 'langium';
import type { Connection, PublishDiagnosticsParams } from 'vscode-languageserver';
import { parsedVersion } from '../workspace/segplan-document-factory.js';

/**
 * Diagnostics are published for the text they were computed from, and say which version that is.
 * A check can finish after the editor has sent a newer text (a re-check started by a watched file
 * is overtaken by typing): its positions are those of the previous text, so publishing them would
 * put findings on the wrong lines, past the end of a line. Such a result is dropped — the newer
 * text is already queued for checking and publishes its own.
 *
 * Langium publishes through `connection.sendDiagnostics` from several places (validated
 * documents, deleted documents); guarding that one function covers all of them.
 */
export function publishOnlyCurrentDiagnostics(connection: Connection, shared: LangiumSharedCoreServices): void {
    const send = connection.sendDiagnostics.bind(connection);
    connection.sendDiagnostics = (params: PublishDiagnosticsParams) => {
        const document = shared.workspace.LangiumDocuments.getDocument(URI.parse(params.uri));
        const version = document ? parsedVersion(document) : undefined;
        // Read from disk (or gone): no editor version to speak of.
        if (!document || version === undefined) return send(params);
        if (document.textDocument.version !== version) return Promise.resolve();
        return send({ ...params, version });
    };
}
