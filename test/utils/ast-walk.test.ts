import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AstUtils, type AstNode, type LangiumDocument } from 'langium';
import { forEachChild, forEachReference, walkAst } from '../../language/utils/ast-walk.js';
import { PLAN_STATEMENTS } from '../../language/workspace/plan-statements.js';
import { generateBenchPlan } from '../../bench/plan-generator.js';
import { buildDocuments, createTestServices } from '../helpers/services.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import type { SegplanServices } from '../../language/segplan-module.js';

// ast-walk replaces Langium's streams in linking, indexing and validation: it must visit exactly
// the nodes and references the streams give, in the same order, pruned where the stream prunes.

async function documents(): Promise<{ documents: LangiumDocument[]; services: SegplanServices }> {
    const services = await createTestServices();
    const found: LangiumDocument[] = [];
    for (const file of readdirSync(path.join(PROJECT_ROOT, 'examples')).filter(f => f.endsWith('.segplan'))) {
        found.push(...await buildDocuments(services, { [file]: readFileSync(path.join(PROJECT_ROOT, 'examples', file), 'utf8') }));
    }
    // A plan with syntax errors: recovery leaves nodes with missing properties.
    found.push(...await buildDocuments(services, { 'broken.segplan': `${generateBenchPlan(40).text}\nallow vbr ->\nzone\nfoo : veeam.\n` }));
    found.push(...services.shared.workspace.LangiumDocuments.all.filter(d => d.uri.scheme !== 'file').toArray());
    return { documents: found, services };
}

describe('walking syntax trees (ast-walk)', () => {
    it('visits the nodes, children and references of Langium\'s streams, in their order, for the examples, the catalogs and a broken plan', async () => {
        const { documents: all } = await documents();
        assert.ok(all.length > 10);
        for (const document of all) {
            const root = document.parseResult.value;
            const walked: AstNode[] = [];
            walkAst(root, node => { walked.push(node); });
            const streamed = AstUtils.streamAst(root).toArray();
            assert.equal(walked.length, streamed.length, document.uri.toString());
            walked.forEach((node, i) => assert.equal(node, streamed[i], `${document.uri.toString()}: node ${i}`));
            for (const node of streamed) {
                const children: AstNode[] = [];
                forEachChild(node, child => { children.push(child); });
                assert.deepEqual(children, AstUtils.streamContents(node).toArray());
                const references: unknown[] = [];
                forEachReference(node, r => { references.push([r.reference, r.container, r.property, r.index]); });
                assert.deepEqual(references, AstUtils.streamReferences(node).map(r => [r.reference, r.container, r.property, r.index]).toArray());
            }
            // Pruned below plan statements, as the stream's prune does.
            const pruned: AstNode[] = [];
            walkAst(root, node => { pruned.push(node); return !PLAN_STATEMENTS.has(node.$type); });
            const prunedStream: AstNode[] = [];
            const nodes = AstUtils.streamAst(root).iterator();
            for (const node of nodes) {
                prunedStream.push(node);
                if (PLAN_STATEMENTS.has(node.$type)) nodes.prune();
            }
            assert.deepEqual(pruned, prunedStream, document.uri.toString());
        }
    });

    it('plan statements have no subtypes and no named node below them', async () => {
        const { documents: all, services } = await documents();
        for (const type of PLAN_STATEMENTS) assert.deepEqual(services.shared.AstReflection.getAllSubTypes(type), [type], `${type} has subtypes`);
        const names = services.references.NameProvider;
        let statements = 0;
        for (const document of all) {
            for (const node of AstUtils.streamAst(document.parseResult.value)) {
                if (!PLAN_STATEMENTS.has(node.$type)) continue;
                statements++;
                for (const below of AstUtils.streamAllContents(node)) assert.equal(names.getName(below), undefined, `${below.$type} in ${node.$type} has a name`);
            }
        }
        assert.ok(statements > 100);
    });
});
