import * as assert from 'node:assert/strict';
import { Session } from 'node:inspector/promises';
import { AstUtils, EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { generateRuleHeavyPlan } from '../../bench/rule-heavy-plan.js';
import { createSegplanServices } from '../../language/segplan-module.js';
import { LeanCstNode, LeanPlaceCstNode } from '../../language/parser/lean-cst.js';
import { statementReferences } from '../../language/parser/statement-references.js';
import { buildRuleSet } from '../../language/emit/rule-set.js';
import type { SegplanDocument } from '../../language/generated/ast.js';

// What a lean parse keeps per statement is what a 5,000-rule run of the CLI copies and collects:
// these tests count the objects themselves (V8's inspector lists the live objects of a class).

/**
 * How many live objects have `prototype`. Garbage is collected to the last first: queryObjects
 * collects once, which keeps what an incremental marking begun in an earlier test found alive
 * then (that test's plan, now and then).
 */
async function liveObjects(prototype: object): Promise<number> {
    const session = new Session();
    session.connect();
    try {
        await session.post('HeapProfiler.collectGarbage');
        (globalThis as { __countedPrototype?: object }).__countedPrototype = prototype;
        const { result } = await session.post('Runtime.evaluate', { expression: 'globalThis.__countedPrototype' });
        const { objects } = await session.post('Runtime.queryObjects', { prototypeObjectId: result.objectId! });
        const { result: count } = await session.post('Runtime.callFunctionOn', { objectId: objects.objectId!, functionDeclaration: 'function () { return this.length; }', returnByValue: true });
        return count.value as number;
    } finally {
        delete (globalThis as { __countedPrototype?: object }).__countedPrototype;
        session.disconnect();
    }
}

async function builtAsTheCli(text: string) {
    const services = createSegplanServices({ ...EmptyFileSystem, builtOnce: true }).Segplan;
    await services.shared.workspace.WorkspaceManager.initializeWorkspace([]);
    const document = services.shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse('file:///lean/objects.segplan')) as LangiumDocument<SegplanDocument>;
    services.shared.workspace.LangiumDocuments.addDocument(document);
    await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
    return { services, document };
}

describe('the objects a lean parse keeps', () => {
    it('one object per reference: Langium\'s reference is its own description, and its place is made when asked for', async () => {
        const { document } = await builtAsTheCli(generateRuleHeavyPlan(20, 200, 500).text);
        const root = document.parseResult.value;
        assert.ok(document.parseResult.value.$cstNode instanceof LeanCstNode, 'parsed lean');
        let references = 0;
        for (const statement of root.elements) {
            for (const info of statementReferences(statement)) {
                references++;
                // ok, not equal: a failed comparison of two trees would print both.
                assert.ok((info.reference as unknown) === info, `${statement.$type}.${info.property}: the reference describes itself`);
            }
        }
        assert.ok(references > 1000, `${references} references`);
        // Linked and checked, with findings: no reference's place was needed.
        assert.equal(await liveObjects(LeanPlaceCstNode.prototype), 0);
        const asked = statementReferences(root.elements[root.elements.length - 1]);
        assert.ok(asked.length > 0);
        for (const { reference } of asked) {
            const place = reference.$refNode!;
            assert.ok(reference.$refNode === place, 'made once');
            assert.equal(place.text, reference.$refText);
        }
        assert.equal(await liveObjects(LeanPlaceCstNode.prototype), asked.length);
    });

    it('a node\'s place is made when asked for: building, checking and a rule set make only those of the findings', async () => {
        const { services, document } = await builtAsTheCli(generateRuleHeavyPlan(20, 200, 500).text);
        const analyzer = services.analysis.PlanAnalyzer;
        const ruleSet = buildRuleSet(analyzer.analysis(document), analyzer.catalog());
        assert.ok(ruleSet.rules.length > 100, `${ruleSet.rules.length} rules`);
        let nodes = 0;
        for (const _ of AstUtils.streamAst(document.parseResult.value)) nodes++;
        // The root's place, and one for each finding's range at most.
        const places = await liveObjects(LeanCstNode.prototype);
        const findings = document.diagnostics?.length ?? 0;
        assert.ok(places <= findings + 1, `${places} places for ${findings} findings`);
        assert.ok(nodes > 3 * places, `${nodes} nodes, ${places} places`);
        // Asked for, a node's place is made once and is the node's own from then on.
        const rule = document.parseResult.value.elements.find(e => e.$type === 'AllowRule')!;
        const place = rule.$cstNode!;
        assert.ok(rule.$cstNode === place && Object.keys(rule).includes('$cstNode'));
        assert.equal(place.text.split(' ')[0], 'allow');
    });

    it('a rule set reads each allow rule\'s line without making its range', async () => {
        const { services, document } = await builtAsTheCli(generateRuleHeavyPlan(20, 200, 500).text);
        const analyzer = services.analysis.PlanAnalyzer;
        const ranges = Object.getOwnPropertyDescriptor(LeanCstNode.prototype, 'range')!;
        let made = 0;
        Object.defineProperty(LeanCstNode.prototype, 'range', { ...ranges, get(this: LeanCstNode) { made++; return ranges.get!.call(this); } });
        try {
            const ruleSet = buildRuleSet(analyzer.analysis(document), analyzer.catalog());
            assert.ok(ruleSet.rules.length > 100, `${ruleSet.rules.length} rules`);
            assert.ok(ruleSet.rules.every(r => r.origins.every(o => o.line > 1)), 'each rule says where it comes from');
        } finally {
            Object.defineProperty(LeanCstNode.prototype, 'range', ranges);
        }
        assert.equal(made, 0);
    });
});
