import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { AstUtils, type AstNode, type LangiumDocument } from 'langium';
import fc from 'fast-check';
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

/** ast-walk's nodes, children and references are the streams', in their order, and it prunes where they prune. */
function assertWalksLikeStreams(document: LangiumDocument): void {
    const root = document.parseResult.value;
    const walked: AstNode[] = [];
    walkAst(root, node => { walked.push(node); });
    const streamed = AstUtils.streamAst(root).toArray();
    assert.equal(walked.length, streamed.length, document.uri.toString());
    walked.forEach((node, i) => assert.equal(node, streamed[i], `${document.uri.toString()}: node ${i}`));
    for (const node of streamed) {
        const children: AstNode[] = [];
        forEachChild(node, child => { children.push(child); });
        assert.deepEqual(children, AstUtils.streamContents(node).toArray(), `children of ${node.$type}`);
        const references: unknown[] = [];
        forEachReference(node, r => { references.push([r.reference, r.container, r.property, r.index]); });
        assert.deepEqual(references, AstUtils.streamReferences(node).map(r => [r.reference, r.container, r.property, r.index]).toArray(), `references of ${node.$type}`);
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

describe('walking syntax trees (ast-walk)', () => {
    it('visits the nodes, children and references of Langium\'s streams, in their order, for the examples, the catalogs and a broken plan', async () => {
        const { documents: all } = await documents();
        assert.ok(all.length > 10);
        for (const document of all) assertWalksLikeStreams(document);
    });

    it('visits what the streams visit in plans and catalogs of any statement order, broken or not (property, seed 808)', async () => {
        const services = await createTestServices();
        // Settings that may come in any order (a flow endpoint's `on` and `except`, a component's
        // `os`, `on` and `behind nat`), lists, references that do not resolve, and broken lines.
        const line = fc.constantFrom(
            'zone a 10.0.0.0/24', 'zone b 10.1.0.0/24, 10.2.0.0/24 behind nat "b"', 'zone net internet', 'site s1 zones a, b', 'site s2 "two" zones net',
            'pair s1 <-> s2', 'pair s1 -> nowhere', 'vbr : veeam.BackupServer in a at 10.0.0.5 os windows on vsphere behind nat "x"',
            'px : veeam.Proxy in b behind nat on vsphere os linux', 'px2 : veeam.Proxy in b os linux on hyperv on vsphere', 'use veeam.CloudConnect',
            'set veeam.CloudConnectPort = 6180 for vbr, px', 'allow vbr, px -> b, 10.1.0.9, any tcp 443, 2500-3300, veeam.CloudConnectPort "r" until 2030-01-01',
            'allow a -> net udp', 'require vbr, px -> px2 tcp 22 "admin" install-only', 'allow vbr ->', 'zone', 'foo : veeam.', 'px3 : nosuch.Type in nowhere',
            'vendor v "V" { component A "A" is veeam.Proxy os linux about "a" component B "B"\n flow A on vsphere except B os linux -> B except A, A on hyperv tcp 1+ 2 per B, 5 "p" when v.F scope site legacy source "f.pdf" "s" row 2\n feature F "F" not-required udp 9 "n" on vsphere source "f.pdf" "t" }',
            'vendor w "W" { component C "C" flow C except C on vsphere, hyperv os windows -> C tcp 1 "q" source "g" "h" }',
            'platform vsphere "vSphere"'
        );
        let checked = 0;
        await fc.assert(fc.asyncProperty(fc.array(line, { maxLength: 14 }), async lines => {
            const [document] = await buildDocuments(services, { [`fuzz-${++checked}.segplan`]: `plan "f"\n${lines.join('\n')}\n` });
            assertWalksLikeStreams(document);
        }), { seed: 808, numRuns: 150 });
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
