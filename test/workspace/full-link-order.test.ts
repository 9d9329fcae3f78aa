import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AstUtils, type AstNode, type LangiumDocument } from 'langium';
import { generateBenchPlan } from '../../bench/plan-generator.js';
import { buildDocuments, createTestServices } from '../helpers/services.js';

/**
 * A full link (SegplanLinker) goes through each statement's kept list of references instead of
 * walking every node of the tree: the references it links, and the order the document lists
 * them in, must be those of Langium's walk over every node.
 */
function walkedReferences(root: AstNode): unknown[] {
    return AstUtils.streamAst(root).flatMap(node => AstUtils.streamReferences(node)).map(info => info.reference).toArray();
}

function assertLinkedInTreeOrder(document: LangiumDocument, what: string): void {
    const walked = walkedReferences(document.parseResult.value);
    assert.ok(walked.length > 0, `${what} has references`);
    assert.equal(document.references.length, walked.length, `${what}: every reference is linked`);
    document.references.forEach((reference, i) => assert.equal(reference, walked[i], `${what}: reference ${i} (${reference.$refText}) in tree order`));
}

describe('full link: every reference, in tree order', () => {
    it('links the examples, a catalog and a generated plan as a walk over every node lists them', async () => {
        const examples = path.resolve('examples');
        for (const file of readdirSync(examples).filter(f => f.endsWith('.segplan'))) {
            const [document] = await buildDocuments(await createTestServices(), { [file]: readFileSync(path.join(examples, file), 'utf8') });
            assertLinkedInTreeOrder(document, file);
        }
        // The catalog as parsed and linked here, not the stored tree the editor revives (not linked by a walk).
        const services = await createTestServices({ catalogs: 'parsed' });
        const catalog = services.shared.workspace.LangiumDocuments.all.find(d => d.uri.toString().includes('veeam'))!;
        assertLinkedInTreeOrder(catalog, catalog.uri.toString());
        const [bench] = await buildDocuments(services, { 'bench.segplan': generateBenchPlan(200).text });
        assertLinkedInTreeOrder(bench, 'bench plan');
    });

    it('links a plan with syntax errors and imports as the walk lists its references', async () => {
        const services = await createTestServices();
        const [plan] = await buildDocuments(services, {
            'plan.segplan': 'plan "p"\nimport "site.segplan"\nzone a 10.0.0.0/24\nsrv : veeam.BackupServer in a at 10.0.0.5 on nowhere\nallow srv , b -> a tcp 443\nzone ??\npair s1 -> s2\n',
            'site.segplan': 'zone b 10.1.0.0/24\nsite s1 "one" zones a, b\n'
        });
        assertLinkedInTreeOrder(plan, 'plan with errors');
    });
});
