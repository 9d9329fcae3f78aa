import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { DefaultLangiumDocuments, URI, type LangiumDocument, type LangiumDocuments } from 'langium';
import { SegplanDocuments } from '../../language/workspace/segplan-documents.js';
import { createTestServices } from '../helpers/services.js';

/**
 * The document store keeps the list of all documents and a look-up by URI beside Langium's tree
 * of URIs. Under any sequence of adds, deletes and folder deletes (fast-check, seed 13) it must
 * answer as Langium's store does: the same documents in the same order, the same document (or
 * none) for every URI asked, the same refusal of a URI already present.
 */

// `/w/a.segplan/f.segplan` continues another document's URI: the tree deletes it with that one.
const PATHS = ['/w/a.segplan', '/w/b.segplan', '/w/sub/c.segplan', '/w/sub/d.segplan', '/x/e.segplan', '/w/a.segplan/f.segplan', '/w/sub'];
const operation = fc.oneof(
    fc.record({ kind: fc.constant('add' as const), path: fc.constantFrom(...PATHS.slice(0, 6)) }),
    fc.record({ kind: fc.constant('delete' as const), path: fc.constantFrom(...PATHS) }),
    fc.record({ kind: fc.constant('deleteFolder' as const), path: fc.constantFrom('/w', '/w/sub', '/x', '/w/a.segplan') })
);

describe('the document store (property)', function () {
    it('answers as Langium\'s store under any adds and deletes', async function () {
        const services = await createTestServices();
        const shared = services.shared;
        let asked = 0;
        fc.assert(fc.property(fc.array(operation, { maxLength: 30 }), operations => {
            const stores: LangiumDocuments[] = [new DefaultLangiumDocuments(shared), new SegplanDocuments(shared)];
            const made = new Map<string, LangiumDocument>();
            const documentAt = (path: string) => {
                let document = made.get(path);
                if (!document) made.set(path, document = shared.workspace.LangiumDocumentFactory.fromString('zone a 10.0.0.0/24\n', URI.file(path)));
                return document;
            };
            for (const op of operations) {
                const outcomes = stores.map(store => {
                    try {
                        if (op.kind === 'add') { store.addDocument(documentAt(op.path)); return 'added'; }
                        if (op.kind === 'delete') return store.deleteDocument(URI.file(op.path))?.uri.path ?? 'none';
                        return store.deleteDocuments(URI.file(op.path)).map(d => d.uri.path).sort().join(',');
                    } catch (error) {
                        return `refused: ${(error as Error).message}`;
                    }
                });
                assert.equal(outcomes[1], outcomes[0], JSON.stringify(op));
                const [langium, ours] = stores.map(store => store.all.map(d => d.uri.path).toArray());
                assert.deepEqual(ours, langium);
                for (const path of PATHS) {
                    for (const uri of [URI.file(path), URI.parse(`file://${path}`)]) {
                        assert.equal(stores[1].getDocument(uri), stores[0].getDocument(uri), `${op.kind} then ${uri.toString()}`);
                        asked++;
                    }
                }
            }
        }), { seed: 13, numRuns: 200 });
        assert.ok(asked > 1000);
    });
});
