import * as assert from 'node:assert/strict';
import { AstUtils, GrammarUtils, URI, type AstNode } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { placeOf } from '../../language/validation/diagnostic-place.js';
import { generateBenchPlan } from '../../bench/plan-generator.js';
import { createTestServices } from '../helpers/services.js';

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
        const services = await createTestServices();
        const workspace = services.shared.workspace;
        const text = generateBenchPlan(300).text;
        const uri = URI.parse('file:///diagnostic-place/plan.segplan');
        workspace.TextDocuments.set(TextDocument.create(uri.toString(), 'segplan', 0, text));
        const document = workspace.LangiumDocumentFactory.fromString(text, uri);
        workspace.LangiumDocuments.addDocument(document);
        await workspace.DocumentBuilder.build([document], { validation: true });
        const range = (node: AstNode, property: string, index: number | undefined) =>
            JSON.stringify((GrammarUtils.findNodeForProperty(node.$cstNode, property, index) ?? null)?.range ?? null);
        const placed = (node: AstNode, property: string, index: number | undefined) => JSON.stringify(placeOf(node, property, index)?.range ?? null);
        const before = propertiesOf(document.parseResult.value);
        assert.ok(before.length > 3_000);
        for (const [node, property, index] of before) assert.equal(placed(node, property, index), range(node, property, index), `${node.$type}.${property}[${index}]`);
        // Two lines after the tenth: the statements below keep their nodes and move down.
        const lines = text.split('\n');
        lines.splice(10, 0, '// a note', '// and another');
        workspace.TextDocuments.set(TextDocument.create(uri.toString(), 'segplan', 1, lines.join('\n')));
        await workspace.DocumentBuilder.update([uri], []);
        const after = workspace.LangiumDocuments.getDocument(uri)!.parseResult.value;
        const kept = propertiesOf(after).filter(([node]) => before.some(([old]) => old === node));
        assert.ok(kept.length > 3_000, 'most statements kept their nodes');
        for (const [node, property, index] of kept) assert.equal(placed(node, property, index), range(node, property, index), `${node.$type}.${property}[${index}] after the edit`);
    });
});
