import * as assert from 'node:assert/strict';
import { DocumentState, URI } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parsedVersion } from '../../language/workspace/segplan-document-factory.js';
import { createTestServices } from '../helpers/services.js';

// The language server's requests wait for a document state (Langium's waitUntil). After an edit
// the editor's new text is there at once while its build is queued behind the lock: a request in
// between must not be answered from the previous text (its ranges can lie past the new lines' ends;
// found by the stdio property test, seed 41, on a loaded machine).
describe('requests about a document just edited', () => {
    it('wait for the build of the editor\'s current text, not the previous one', async () => {
        const services = await createTestServices();
        const workspace = services.shared.workspace;
        const uri = URI.parse('file:///edited/plan.segplan');
        const first = TextDocument.create(uri.toString(), 'segplan', 1, 'plan "p"\nzone mgmt 10.10.0.0/24\nzone backup 10.30.0.0/24\n');
        workspace.TextDocuments.set(first);
        const document = workspace.LangiumDocumentFactory.fromTextDocument(first, uri);
        workspace.LangiumDocuments.addDocument(document);
        await workspace.DocumentBuilder.build([document], { validation: true });
        assert.equal(parsedVersion(document), 1);

        workspace.TextDocuments.set(TextDocument.create(uri.toString(), 'segplan', 2, 'plan "p"\nzone m 10.10.0.0/24\n'));
        let answered = false;
        const request = workspace.DocumentBuilder.waitUntil(DocumentState.Parsed, uri).then(() => { answered = true; });
        // Nothing but the update can answer it: a wrong answer from the text at hand would come
        // within this turn of the event loop, without any I/O.
        await new Promise(resolve => setImmediate(resolve));
        assert.equal(answered, false, 'answered from the text of version 1');

        await workspace.DocumentBuilder.update([uri], []);
        await request;
        assert.equal(parsedVersion(document), 2);
        assert.equal(document.textDocument.getText().split('\n').length, 3);
    });
});
