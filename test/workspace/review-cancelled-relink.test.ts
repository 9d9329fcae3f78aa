import * as assert from 'node:assert/strict';
import { Cancellation, DocumentState } from 'langium';
import { createTestServices } from '../helpers/services.js';
import { apply, assertLikeScratch, CATALOG, EDGE, openWorkspace, PLAN, uriOf, ZONES } from '../helpers/review-workspace.js';

/**
 * A catalog edited in the workspace, the build cancelled after a plan that names its members was
 * linked again but before its references were indexed, then the catalog edited again: the plan
 * must end up linked to the catalog's current members. Langium asks the reference index which
 * files reference a changed one, and a file linked but not yet indexed has no entry there.
 */
describe('review: a relink cancelled before the references were indexed', function () {
    this.timeout(300000);

    it('a plan naming a catalog member is linked again after the catalog changes again', async () => {
        const ws = await openWorkspace(await createTestServices(), { 'acme.segplan': CATALOG, 'zones.segplan': ZONES, 'main.segplan': PLAN, 'edge.segplan': EDGE });
        const builder = ws.services.shared.workspace.DocumentBuilder;
        const source = new Cancellation.CancellationTokenSource();
        const edge = uriOf(ws, 'edge.segplan').toString();
        const listener = builder.onDocumentPhase(DocumentState.Linked, document => { if (document.uri.toString() === edge) source.cancel(); });
        const edited = CATALOG.replace('"Database"', '"The database"');
        assert.equal(await apply(ws, { 'acme.segplan': edited }, source.token), false, 'the first update is cancelled');
        listener.dispose();
        assert.equal(ws.services.shared.workspace.LangiumDocuments.getDocument(uriOf(ws, 'edge.segplan'))!.state, DocumentState.Linked);
        await apply(ws, { 'acme.segplan': `${edited}// edited again\n` });
        await assertLikeScratch(ws, 'catalog edited again');
    });
});
