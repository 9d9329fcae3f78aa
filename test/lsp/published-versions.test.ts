import * as assert from 'node:assert/strict';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import { publishOnlyCurrentDiagnostics } from '../../language/lsp/current-diagnostics.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { createTestServices } from '../helpers/services.js';
import { open } from './lsp-test-kit.js';

/**
 * The gate every publication goes through, driven through each state a document can be in when a
 * check finishes late: for a document the editor has open, only diagnostics of the very text open
 * now are published, with its version — never those of the file read from disk, nor those of the
 * text it had before it was closed and opened again (which may carry the same version number).
 */
describe('diagnostics reach an open document only for the text it has open', () => {
    let services: SegplanServices;
    const sent: PublishDiagnosticsParams[] = [];
    const connection = { sendDiagnostics: (p: PublishDiagnosticsParams) => { sent.push(p); return Promise.resolve(); } };

    before(async () => {
        services = await createTestServices();
        publishOnlyCurrentDiagnostics(connection, services.shared);
    });

    /** Opened as the server does: the document is parsed from the editor's text. */
    const openInEditor = async (text: string) => {
        const document = await open(services, text);
        await services.shared.workspace.DocumentBuilder.update([document.uri], []);
        return services.shared.workspace.LangiumDocuments.getDocument(document.uri)!;
    };
    const publish = (uri: string) => { sent.length = 0; void connection.sendDiagnostics({ uri, diagnostics: [] }); return [...sent]; };

    it('closed and opened again with the same version number: the earlier text\'s check is not published', async () => {
        const document = await openInEditor('plan "Before"\nzone a 10.0.0.0/24\n');
        const uri = document.uri.toString();
        const texts = services.shared.workspace.TextDocuments!;
        assert.deepEqual(publish(uri).map(p => p.version), [1], 'the open text\'s check, with its version');
        texts.delete(uri);
        texts.set(TextDocument.create(uri, 'segplan', 1, 'plan "After"\n'));
        assert.deepEqual(publish(uri), [], 'the check of the text before the close');
        await services.shared.workspace.DocumentBuilder.update([document.uri], []);
        assert.deepEqual(publish(uri).map(p => p.version), [1], 'the reopened text\'s own check');
    });

    it('a check of the file on disk finishing while the editor has it open is not published; once closed it is, without a version', async () => {
        const document = await openInEditor('plan "Open"\n');
        const uri = document.uri.toString();
        const fromDisk = services.shared.workspace.LangiumDocumentFactory.fromString('plan "On disk"\n', document.uri);
        services.shared.workspace.LangiumDocuments.deleteDocument(document.uri);
        services.shared.workspace.LangiumDocuments.addDocument(fromDisk);
        assert.deepEqual(publish(uri), [], 'diagnostics of the disk\'s text for the editor\'s');
        services.shared.workspace.TextDocuments!.delete(uri);
        assert.deepEqual(publish(uri).map(p => p.version), [undefined]);
    });

    it('a check of the editor\'s text finishing after the editor closed it is not published', async () => {
        const document = await openInEditor('plan "Closing"\nzone a 10.0.0.0/24\n');
        const uri = document.uri.toString();
        // Closed while its check runs (the first workspace build, which a close does not cancel):
        // the close's own update publishes the file's state after the close.
        services.shared.workspace.TextDocuments!.delete(uri);
        assert.deepEqual(publish(uri), [], 'diagnostics of a text no editor has');
    });

    it('a deleted document\'s empty diagnostics do not clear a document the editor has open again', async () => {
        const document = await openInEditor('plan "Open"\n');
        services.shared.workspace.LangiumDocuments.deleteDocument(document.uri);
        assert.deepEqual(publish(document.uri.toString()), []);
    });
});
