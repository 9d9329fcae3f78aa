import * as assert from 'node:assert/strict';
import { Cancellation, DocumentState, type LangiumDocument } from 'langium';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol';
import type { SegplanServices } from '../../language/segplan-module.js';
import { buildDocuments, createTestServices } from '../helpers/services.js';

/** A safety net only: a wait that is never answered fails here instead of hanging the suite. */
function within<T>(wait: Promise<T>, what: string): Promise<T> {
    let timer: NodeJS.Timeout | undefined;
    const never = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: never answered`)), 10000); });
    return Promise.race([wait, never]).finally(() => clearTimeout(timer));
}

/**
 * A request waiting for the workspace to reach a state (workspace/symbol waits for the files'
 * contents to be indexed) is answered however the workspace gets there, and with an error when
 * the build fails — never left waiting.
 */
describe('requests waiting for the workspace are always answered', () => {
    let services: SegplanServices;
    let documents: LangiumDocument[];

    beforeEach(async () => {
        services = await createTestServices();
        documents = await buildDocuments(services, { 'plan.segplan': 'plan "P"\nimport "site.segplan"\n', 'site.segplan': 'zone a 10.0.0.0/24\n' });
    });

    /** An update cancelled at once, as a newer edit or watched-file event cancels the one before: the workspace is left unbuilt. */
    async function cancelledUpdate(): Promise<void> {
        const source = new Cancellation.CancellationTokenSource();
        source.cancel();
        await services.shared.workspace.DocumentBuilder.update([documents[1].uri], [], source.token).catch(() => undefined);
    }

    it('a re-check that starts every file at its references (a settings change) ends a wait for indexed contents', async () => {
        const builder = services.shared.workspace.DocumentBuilder;
        await cancelledUpdate();
        const wait = builder.waitUntil(DocumentState.IndexedContent);
        const all = services.shared.workspace.LangiumDocuments.all.filter(d => d.uri.scheme !== 'builtin').toArray();
        for (const document of all) builder.resetToState(document, DocumentState.IndexedReferences);
        await builder.build(all, { validation: true });
        await within(wait, 'the wait for indexed contents');
    });

    it('a build that fails answers the waiting requests, and later ones, with an error until the next build', async () => {
        const builder = services.shared.workspace.DocumentBuilder;
        await cancelledUpdate();
        const wait = builder.waitUntil(DocumentState.Validated);
        const failing = builder.onBuildPhase(DocumentState.Linked, () => { throw new Error('a fault in a check'); });
        builder.resetToState(documents[1], DocumentState.ComputedScopes);
        await assert.rejects(builder.build([documents[1]], { validation: true }), /a fault in a check/);
        failing.dispose();
        const failed = (e: unknown) => e instanceof ResponseError && e.code === LSPErrorCodes.RequestFailed && /could not finish checking/.test(e.message);
        await assert.rejects(within(wait, 'the waiting request'), failed);
        await assert.rejects(within(builder.waitUntil(DocumentState.Validated), 'a later request'), failed);
        await builder.build([documents[1]], { validation: true });
        await within(builder.waitUntil(DocumentState.Validated), 'a request after the next build');
    });
});
