import { AstUtils, CstUtils, type AstNode, type LangiumDocument } from 'langium';
import { DefaultRenameProvider, type LangiumServices } from 'langium/lsp';
import type { LangiumDocuments } from 'langium';
import { ErrorCodes, ResponseError, TextEdit, type Range, type RenameParams, type TextDocumentPositionParams, type WorkspaceEdit } from 'vscode-languageserver';
import { isBuiltinUri } from '../workspace/builtin-catalogs.js';

const NAME = /^[_a-zA-Z](?:[\w-]*\w)?$/;

/**
 * Rename for zones, sites, components and user-defined catalog names. Built-in catalog names are
 * refused (the catalogs are read-only), and a qualified reference such as `acme.Appliance` keeps its
 * vendor prefix: only the last segment changes.
 */
export class SegplanRenameProvider extends DefaultRenameProvider {
    private readonly documents: LangiumDocuments;

    constructor(services: LangiumServices) {
        super(services);
        this.documents = services.shared.workspace.LangiumDocuments;
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
            (changes[uri] ??= []).push(TextEdit.replace(range, params.newName));
        }
        return { changes };
    }

    private targetAt(document: LangiumDocument, position: { line: number; character: number }): AstNode | undefined {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const leaf = CstUtils.findDeclarationNodeAtOffset(root, document.textDocument.offsetAt(position), this.grammarConfig.nameRegexp);
        if (!leaf) return undefined;
        return this.references.findDeclarations(leaf)[0];
    }
}
