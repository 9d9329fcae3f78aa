import * as assert from 'node:assert/strict';
import { Cancellation, DocumentState, URI } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { SegplanServices } from '../../language/segplan-module.js';
import { createTestServices } from '../helpers/services.js';
import { open } from './lsp-test-kit.js';

/**
 * `workspace/symbol` as Langium answers it: once the workspace has indexed its files' contents.
 * The editor's close (or edit) of a file is an update that waits for the workspace until the
 * build running now gives way; a request arriving in between must wait for it too, or it answers
 * from the index of a text the editor no longer has (a symbol at line 28 of a 25-line file).
 */
async function workspaceSymbols(services: SegplanServices, query: string) {
    await services.shared.workspace.DocumentBuilder.waitUntil(DocumentState.IndexedContent, Cancellation.CancellationToken.None);
    return services.shared.lsp.WorkspaceSymbolProvider!.getSymbols({ query }, Cancellation.CancellationToken.None);
}

/** Holds the workspace as a running build does, until released. */
function busyWorkspace(services: SegplanServices): () => void {
    let release!: () => void;
    const held = new Promise<void>(resolve => { release = resolve; });
    void services.shared.workspace.WorkspaceLock.write(() => held);
    return release;
}

const turn = () => new Promise(resolve => setImmediate(resolve));

describe('requests after the editor closes or changes a document wait for that update', () => {
    let services: SegplanServices;

    beforeEach(async () => { services = await createTestServices(); });

    it('workspace/symbol asked right after a close does not answer from the closed text', async () => {
        const document = await open(services, 'plan "Closed"\nzone closedzone 10.0.0.0/24\n');
        assert.deepEqual((await workspaceSymbols(services, 'closedzone')).map(s => s.name), ['closedzone'], 'indexed while open');
        const uri = document.uri.toString();
        const release = busyWorkspace(services);
        // As vscode-languageserver's TextDocuments does on didClose: forget the text, then tell.
        const closing = services.shared.workspace.TextDocuments.get(uri)!;
        services.shared.workspace.TextDocuments.delete(uri);
        services.shared.lsp.DocumentUpdateHandler.didCloseDocument!({ document: closing });
        const answer = workspaceSymbols(services, 'closedzone');
        await turn();
        release();
        // The file is not on the (empty) disk: closed, it leaves the workspace.
        assert.deepEqual((await answer).map(s => s.name), []);
    });

    it('workspace/symbol asked right after an edit answers with the edited text\'s positions', async () => {
        const document = await open(services, 'plan "Edited"\nzone editedzone 10.0.0.0/24\n');
        const uri = document.uri.toString();
        const release = busyWorkspace(services);
        const edited = TextDocument.create(uri, 'segplan', 2, 'plan "Edited"\n\n\n\nzone editedzone 10.0.0.0/24\n');
        services.shared.workspace.TextDocuments.set(edited);
        services.shared.lsp.DocumentUpdateHandler.didChangeContent!({ document: edited });
        const answer = workspaceSymbols(services, 'editedzone');
        await turn();
        release();
        const symbols = await answer;
        assert.deepEqual(symbols.map(s => [s.name, 'range' in s.location ? s.location.range.start.line : undefined]), [['editedzone', 4]]);
        assert.equal(URI.parse(symbols[0].location.uri).toString(), uri);
    });
});
