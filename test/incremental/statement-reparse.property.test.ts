import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { isAstNode, isReference, URI, type AstNode, type CstNode, type LangiumDocument, type ReferenceDescription } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { generateBenchPlan } from '../../bench/plan-generator.js';
import { createTestServices } from '../helpers/services.js';
import { BRANCH_PLAN } from '../lsp/lsp-test-kit.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import type { SegplanDocument } from '../../language/generated/ast.js';
import { assertTimeCappedAsync } from '../helpers/time-capped.js';

/**
 * After any edit, the document the language server rebuilt from its previous state (the statements
 * the edit touched re-parsed, see statement-reparse.ts) is exactly what a from-scratch build of the
 * same text gives: syntax tree, concrete syntax tree with every position, syntax errors, the index
 * (exported names, references), diagnostics, and definition, hover and references at some offset.
 * Random edit sequences (fast-check, fixed seed, bounded): lines inserted, deleted, changed, joined
 * and split, text deleted across statements, broken syntax, unclosed strings and comments.
 */

const SNIPPETS = [
    'zone zx 10.99.0.0/24', 'zone zy 10.98.0.0/24 behind nat "far away"', 'xvm : infra.VmGuest in prod at 10.20.0.9 os linux',
    'proxy : veeam.Proxy in backup at 10.30.0.22', 'allow vbr -> prod tcp 443', 'allow vbr, proxy -> repo tcp 6162 "data" until 2030-01-01',
    'site sx zones mgmt, prod', 'pair sx -> sx', 'use veeam.GuestProcessing', 'set veeam.CloudConnectPort = 6180 for vbr',
    'require vbr -> repo tcp 22 "ssh"', 'allow vbr ->', 'zone', 'foo : veeam.', '"unterminated', '/* open comment', 'closed */',
    '// a comment', '/* a\nlong\ncomment */', '"a\nmulti-line string"', 'import "x.segplan"', 'plan "again"',
    'vendor acme "Acme" { component Box "Box" }', 'platform hv "HV"', '}', '', '   ', 'allow any -> 10.20.0.7 tcp 80'
];
const TOKENS = ['allow', 'zone', 'any', 'tcp', '->', ',', ':', '"x"', '443', '10.0.0.0/8', 'until', '//', '/*', '*/', '"', '\n', '\r\n', ' ', '%', 'in', 'at', 'os', 'linux'];

const edit = fc.record({
    kind: fc.integer({ min: 0, max: 8 }), at: fc.nat(), length: fc.integer({ min: 0, max: 120 }),
    snippet: fc.integer({ min: 0, max: SNIPPETS.length - 1 }), token: fc.integer({ min: 0, max: TOKENS.length - 1 })
});
type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(text: string, e: Edit): string {
    const lines = text.split('\n');
    const line = e.at % lines.length;
    const offset = e.at % (text.length + 1);
    switch (e.kind) {
        case 0: lines.splice(line, 0, SNIPPETS[e.snippet]); return lines.join('\n');
        case 1: lines.splice(line, 1); return lines.join('\n');
        case 2: lines[line] = `${lines[line]} "edited ${e.length}"`; return lines.join('\n');
        case 3: {
            // A token of the line replaced by another.
            const words = lines[line].split(' ');
            words[e.length % words.length] = TOKENS[e.token];
            lines[line] = words.join(' ');
            return lines.join('\n');
        }
        case 4: if (line + 1 < lines.length) lines.splice(line, 2, lines[line] + ' ' + lines[line + 1]); return lines.join('\n');
        case 5: return text.slice(0, offset) + '\n' + text.slice(offset);
        case 6: return text.slice(0, offset) + TOKENS[e.token] + text.slice(offset);
        case 7: return text.slice(0, offset) + text.slice(offset + e.length);
        default: return text.slice(0, offset) + SNIPPETS[e.snippet] + '\n' + text.slice(offset);
    }
}

/** The syntax tree as data: every property, references by text and target, each node's place and span. */
function astShape(node: AstNode): unknown {
    const shape: Record<string, unknown> = { $type: node.$type, $containerProperty: node.$containerProperty, $containerIndex: node.$containerIndex };
    const cst = node.$cstNode;
    shape.$cst = cst ? [cst.offset, cst.end, cst.range, cst.text] : undefined;
    for (const [key, value] of Object.entries(node)) {
        if (key.startsWith('$')) continue;
        const one = (v: unknown): unknown => {
            if (isReference(v)) {
                return { refText: v.$refText, refNode: v.$refNode ? [v.$refNode.offset, v.$refNode.range] : undefined, target: v.ref ? [v.ref.$type, (v.ref as { name?: string }).name, v.ref.$cstNode?.offset] : undefined, error: v.error?.message };
            }
            if (isAstNode(v)) {
                assert.equal(v.$container, node, `${v.$type} in ${node.$type}.${key} has another container`);
                return astShape(v);
            }
            return v;
        };
        shape[key] = Array.isArray(value) ? value.map(one) : one(value);
    }
    return shape;
}

function cstShape(node: CstNode): unknown {
    const composite = 'content' in node ? (node as { content: CstNode[] }).content : undefined;
    const grammar = node.grammarSource as { $type?: string; rule?: { ref?: { name?: string } }; feature?: string } | undefined;
    const base = [node.offset, node.length, node.range, node.hidden, grammar?.$type, grammar?.rule?.ref?.name ?? grammar?.feature];
    if (!composite) return [...base, (node as { tokenType?: { name: string } }).tokenType?.name];
    for (const child of composite) assert.equal(child.container, node, 'a CST node has another container');
    return [...base, (node as { _astNode?: AstNode })._astNode?.$type, composite.map(cstShape)];
}

async function snapshot(services: SegplanServices, document: LangiumDocument, probe: number): Promise<unknown> {
    const uri = document.uri.toString();
    const root = document.parseResult.value;
    const index = services.shared.workspace.IndexManager;
    const offset = probe % (document.textDocument.getText().length + 1);
    const position = document.textDocument.positionAt(offset);
    const textDocument = { uri };
    const lsp = services.lsp;
    return {
        ast: astShape(root),
        cst: cstShape(root.$cstNode!),
        text: root.$cstNode!.root.fullText,
        lexerErrors: document.parseResult.lexerErrors.map(e => [e.offset, e.length, e.message]),
        parserErrors: document.parseResult.parserErrors.map(e => [e.message, ...[e.token, (e as { previousToken?: typeof e.token }).previousToken].map(t => t && [t.image, t.startOffset, t.endOffset, t.startLine, t.startColumn, t.endLine, t.endColumn])]),
        exports: index.allElements(undefined, new Set([uri])).map(d => [d.name, d.type, d.path, d.nameSegment?.range, d.selectionSegment?.range]).toArray(),
        referenceIndex: ((index as unknown as { referenceIndex: Map<string, ReferenceDescription[]> }).referenceIndex.get(uri) ?? [])
            .map(r => [r.sourceUri.toString(), r.sourcePath, r.targetUri.toString(), r.targetPath, r.segment, r.local]),
        diagnostics: document.diagnostics,
        definition: await lsp.DefinitionProvider?.getDefinition(document, { textDocument, position }),
        hover: await lsp.HoverProvider?.getHoverContent(document, { textDocument, position }),
        referencesAt: await lsp.ReferencesProvider?.findReferences(document, { textDocument, position, context: { includeDeclaration: true } })
    };
}

const URI_TEXT = 'file:///statement-reparse/plan.segplan';

/** Builds `text` from scratch in `services`: the document is removed first, so nothing is kept from before. */
async function fromScratch(services: SegplanServices, text: string): Promise<LangiumDocument> {
    const workspace = services.shared.workspace;
    const uri = URI.parse(URI_TEXT);
    // Closed first: an open document's file deleted on disk stays in the workspace (it is the editor's).
    workspace.TextDocuments.delete(URI_TEXT);
    if (workspace.LangiumDocuments.hasDocument(uri)) await workspace.DocumentBuilder.update([], [uri]);
    workspace.TextDocuments.set(TextDocument.create(URI_TEXT, 'segplan', 1, text));
    const document = workspace.LangiumDocumentFactory.fromString(text, uri);
    workspace.LangiumDocuments.addDocument(document);
    await workspace.DocumentBuilder.build([document], { validation: true });
    return document;
}

describe('re-parsing only the edited statements (fast-check)', function () {
    this.timeout(300000);
    let editor: SegplanServices;
    let reference: SegplanServices;
    before(async () => {
        editor = await createTestServices();
        reference = await createTestServices();
    });

    const bases = [BRANCH_PLAN, generateBenchPlan(45).text, BRANCH_PLAN.replace(/\n/g, '\r\n')];

    it('gives what a from-scratch build of the same text gives, after every edit (seed 2718)', async () => {
        let steps = 0, kept = 0;
        await assertTimeCappedAsync(fc.asyncProperty(fc.integer({ min: 0, max: bases.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 6 }), fc.nat(),
            async (base, edits, probe) => {
                let text = bases[base];
                let document = await fromScratch(editor, text);
                for (const e of edits) {
                    const before = new Set<AstNode>((document.parseResult.value as SegplanDocument).elements);
                    text = applyEdit(text, e);
                    const version = editor.shared.workspace.TextDocuments.get(URI_TEXT)!.version + 1;
                    editor.shared.workspace.TextDocuments.set(TextDocument.create(URI_TEXT, 'segplan', version, text));
                    await editor.shared.workspace.DocumentBuilder.update([document.uri], []);
                    document = editor.shared.workspace.LangiumDocuments.getDocument(document.uri)!;
                    steps++;
                    if ((document.parseResult.value as SegplanDocument).elements.some(e => before.has(e))) kept++;
                    const expected = await snapshot(reference, await fromScratch(reference, text), probe);
                    assert.deepEqual(await snapshot(editor, document, probe), expected, `after ${JSON.stringify(e)} the text is ${JSON.stringify(text)}`);
                }
            }), { seed: 2718, numRuns: 60, timeLimitMs: 120000 });
        // The property is about the re-parsed path: most edits must have taken it.
        assert.ok(kept > steps / 3, `only ${kept} of ${steps} edits were re-parsed statement by statement`);
    });
});
