import { AstUtils, CstUtils, GrammarAST, type AstNode, type IndexManager, type LangiumDocument } from 'langium';
import { DefaultRenameProvider, type LangiumServices } from 'langium/lsp';
import type { LangiumDocuments } from 'langium';
import { ErrorCodes, ResponseError, TextEdit, type Range, type RenameParams, type TextDocumentPositionParams, type WorkspaceEdit } from 'vscode-languageserver';
import { keepColumns } from './keep-columns.js';
import { isBuiltinUri } from '../workspace/builtin-catalogs.js';
import { importClosure } from '../workspace/plan-imports.js';

const NAME = /^[_a-zA-Z](?:[\w-]*\w)?$/;

/**
 * Rename for zones, sites, components and user-defined catalog names. Built-in catalog names are
 * refused (the catalogs are read-only), and a qualified reference such as `acme.Appliance` keeps its
 * vendor prefix: only the last segment changes.
 */
export class SegplanRenameProvider extends DefaultRenameProvider {
    private readonly documents: LangiumDocuments;
    private readonly index: IndexManager;
    /** The language's keywords: a name spelt like one would change what a line means (`-> any`). */
    private readonly keywords: ReadonlySet<string>;

    constructor(services: LangiumServices) {
        super(services);
        this.documents = services.shared.workspace.LangiumDocuments;
        this.index = services.shared.workspace.IndexManager;
        this.keywords = new Set(AstUtils.streamAllContents(services.Grammar).filter(GrammarAST.isKeyword).map(k => k.value).toArray());
    }

    override prepareRename(document: LangiumDocument, params: TextDocumentPositionParams): Range | undefined {
        if (isBuiltinUri(document.uri)) return undefined;
        const target = this.targetAt(document, params.position);
        if (!target || isBuiltinUri(AstUtils.getDocument(target).uri)) return undefined;
        return this.renameNodeRange(document, params.position);
    }

    override async rename(document: LangiumDocument, params: RenameParams): Promise<WorkspaceEdit | undefined> {
        const target = this.targetAt(document, params.position);
        if (!target) return undefined;
        if (isBuiltinUri(document.uri) || isBuiltinUri(AstUtils.getDocument(target).uri)) {
            throw new ResponseError(ErrorCodes.InvalidRequest, 'Built-in catalog names cannot be renamed: the vendor catalogs are read-only.');
        }
        if (!NAME.test(params.newName)) {
            throw new ResponseError(ErrorCodes.InvalidParams, `'${params.newName}' is not a valid name: use letters, digits, '_' and '-', starting with a letter.`);
        }
        if (this.keywords.has(params.newName)) {
            throw new ResponseError(ErrorCodes.InvalidParams, `'${params.newName}' is a keyword of the language: a ${describe(target)} named so would change what the lines that name it mean.`);
        }
        const clash = this.sameNameAs(target, params.newName);
        if (clash) {
            throw new ResponseError(ErrorCodes.InvalidParams, `'${params.newName}' is already the name of a ${clash.type.toLowerCase()} (${clash.where}): the two would be confused.`);
        }
        const changes: Record<string, TextEdit[]> = {};
        for (const ref of this.references.findReferences(target, { includeDeclaration: true })) {
            const uri = ref.sourceUri.toString();
            const text = ref.segment.range;
            const doc = this.documents.getDocument(ref.sourceUri);
            const written = doc ? doc.textDocument.getText(text) : undefined;
            // `vendor.Name`: keep the vendor part.
            const dot = written ? written.lastIndexOf('.') : -1;
            const range = dot >= 0 && doc
                ? { start: doc.textDocument.positionAt(doc.textDocument.offsetAt(text.start) + dot + 1), end: text.end }
                : text;
            const edit = TextEdit.replace(range, params.newName);
            // A name padded to line up the next column (`vbr     : …`) keeps that column.
            (changes[uri] ??= []).push(doc ? keepColumns(doc.textDocument, edit) : edit);
        }
        return { changes };
    }

    /** Another element a reference could mean by the new name: zones, components and sites share the names rules use. */
    private sameNameAs(target: AstNode, name: string): { type: string; where: string } | undefined {
        const qualified = target.$container && (target.$container as { $type: string }).$type === 'Vendor' ? `${(target.$container as unknown as { name: string }).name}.${name}` : name;
        // Only files that can see each other: the target's file, what it imports, and what imports it.
        const home = AstUtils.getDocument(target);
        const related = new Set(importClosure(home, this.documents).map(d => d.uri.toString()));
        for (const d of this.documents.all) if (importClosure(d, this.documents).some(x => x.uri.toString() === home.uri.toString())) related.add(d.uri.toString());
        for (const description of this.index.allElements()) {
            if (!related.has(description.documentUri.toString()) && !isBuiltinUri(description.documentUri)) continue;
            if (description.name !== qualified && description.name !== name) continue;
            if (description.node === target) continue;
            const plain = ['Zone', 'Instance', 'Site'].includes(target.$type) && ['Zone', 'Instance', 'Site'].includes(description.type);
            if (!plain && description.type !== target.$type) continue;
            const line = (description.nameSegment?.range.start.line ?? 0) + 1;
            return { type: description.type === 'Instance' ? 'component' : description.type, where: `${description.documentUri.path.split('/').pop()} line ${line}` };
        }
        return undefined;
    }

    private targetAt(document: LangiumDocument, position: { line: number; character: number }): AstNode | undefined {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const leaf = CstUtils.findDeclarationNodeAtOffset(root, document.textDocument.offsetAt(position), this.grammarConfig.nameRegexp);
        if (!leaf) return undefined;
        return this.references.findDeclarations(leaf)[0];
    }
}

function describe(node: AstNode): string {
    return node.$type === 'Instance' ? 'component' : node.$type.toLowerCase();
}
