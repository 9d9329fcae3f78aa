import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DefaultScopeComputation, type AstNode, type AstNodeDescription, type LangiumDocument, type MultiMap } from 'langium';
import { buildDocuments, createTestServices } from '../helpers/services.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

// SegplanScopeComputation skips the inside of plan statements when it collects local symbols:
// it must find exactly what Langium's walk over every node finds, in the same order.
function shape(symbols: MultiMap<AstNode, AstNodeDescription>): unknown[] {
    return symbols.entriesGroupedByKey().map(([container, descriptions]) => [container.$type, descriptions.map(d => [d.name, d.type, d.path])]).toArray();
}

describe('local symbols', () => {
    it('are those of a walk over every node, for every example plan and the built-in catalogs', async () => {
        // The catalogs as parsed: a tree the build stored needs no local symbols (its references carry their targets).
        const services = await createTestServices({ catalogs: 'parsed' });
        const computation = services.references.ScopeComputation;
        const documents: LangiumDocument[] = [];
        for (const file of readdirSync(path.join(PROJECT_ROOT, 'examples')).filter(f => f.endsWith('.segplan'))) {
            documents.push(...await buildDocuments(services, { [file]: readFileSync(path.join(PROJECT_ROOT, 'examples', file), 'utf8') }));
        }
        documents.push(...services.shared.workspace.LangiumDocuments.all.filter(d => d.uri.scheme !== 'file').toArray());
        assert.ok(documents.length > 10);
        for (const document of documents) {
            const everyNode = await DefaultScopeComputation.prototype.collectLocalSymbols.call(computation, document);
            assert.deepEqual(shape(await computation.collectLocalSymbols(document) as MultiMap<AstNode, AstNodeDescription>), shape(everyNode as MultiMap<AstNode, AstNodeDescription>), document.uri.toString());
        }
    });
});
