import * as assert from 'node:assert/strict';
import { AstUtils, GrammarUtils, type AstNode } from 'langium';
import { placeOf } from '../../language/validation/diagnostic-place.js';
import { generateBenchPlan } from '../../bench/plan-generator.js';
import { createTestServices } from '../helpers/services.js';
import { apply, openWorkspace, uriOf } from '../helpers/review-workspace.js';

/** Every (node, property, index) of a tree that a diagnostic could be about. */
function propertiesOf(root: AstNode): Array<[AstNode, string, number | undefined]> {
    const all: Array<[AstNode, string, number | undefined]> = [];
    for (const node of AstUtils.streamAst(root)) {
        for (const [property, value] of Object.entries(node)) {
            if (property.startsWith('$')) continue;
            if (Array.isArray(value)) value.forEach((_, i) => all.push([node, property, i]));
            else all.push([node, property, undefined]);
        }
    }
    return all;
}

describe('where a diagnostic about a property goes (placeOf)', () => {
    it("is where Langium's search of the node's tokens puts it, also after an edit moved the node", async () => {
        const text = generateBenchPlan(300).text;
        const ws = await openWorkspace(await createTestServices(), { 'plan.segplan': text });
        const document = ws.services.shared.workspace.LangiumDocuments.getDocument(uriOf(ws, 'plan.segplan'))!;
        const range = (node: AstNode, property: string, index: number | undefined) =>
            JSON.stringify((GrammarUtils.findNodeForProperty(node.$cstNode, property, index) ?? null)?.range ?? null);
        const placed = (node: AstNode, property: string, index: number | undefined) => JSON.stringify(placeOf(node, property, index)?.range ?? null);
        const before = propertiesOf(document.parseResult.value);
        assert.ok(before.length > 3_000);
        for (const [node, property, index] of before) assert.equal(placed(node, property, index), range(node, property, index), `${node.$type}.${property}[${index}]`);
        // Two lines after the tenth: the statements below keep their nodes and move down.
        const lines = text.split('\n');
        lines.splice(10, 0, '// a note', '// and another');
        await apply(ws, { 'plan.segplan': lines.join('\n') });
        const after = ws.services.shared.workspace.LangiumDocuments.getDocument(uriOf(ws, 'plan.segplan'))!.parseResult.value;
        const kept = propertiesOf(after).filter(([node]) => before.some(([old]) => old === node));
        assert.ok(kept.length > 3_000, 'most statements kept their nodes');
        for (const [node, property, index] of kept) assert.equal(placed(node, property, index), range(node, property, index), `${node.$type}.${property}[${index}] after the edit`);
    });
});
