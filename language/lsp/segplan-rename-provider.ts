import { AstUtils, CstUtils, type AstNode, type IndexManager, type LangiumDocument, type LangiumParser } from 'langium';
import { DefaultRenameProvider, type LangiumServices } from 'langium/lsp';
import type { LangiumDocuments } from 'langium';
import { ErrorCodes, ResponseError, TextEdit, type Range, type RenameParams, type TextDocumentPositionParams, type WorkspaceEdit } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { keepColumns } from '../fixes/keep-columns.js';
import { isBuiltinUri } from '../workspace/builtin-catalogs.js';
import { importClosure } from '../workspace/plan-imports.js';
import { NAME_SPELLING, reservedWords, softKeywords } from '../parser/soft-keywords.js';
import { firstDifference } from './same-reading.js';
import { isPlanHeader } from '../generated/ast.js';

/** What the grammar names with `Name` (ID or a soft keyword); every other name is an ID. */
const NAMED_WITH_SOFT_WORDS = new Set(['Zone', 'Site', 'Instance', 'Platform']);

/**
 * Rename for zones, sites, components and user-defined catalog names. Built-in catalog names are
 * refused (the catalogs are read-only), and a qualified reference such as `acme.Appliance` keeps its
 * vendor prefix: only the last segment changes.
 */
export class SegplanRenameProvider extends DefaultRenameProvider {
    private readonly documents: LangiumDocuments;
    private readonly index: IndexManager;
    /** The words of the language that are never names (`any`, `zone`): a line naming one would not parse. */
    private readonly reserved: ReadonlySet<string>;
    /** The words of the language that are also names (`deny`, `database`) where the grammar writes `Name`. */
    private readonly soft: ReadonlySet<string>;
    private readonly parser: LangiumParser;

    constructor(services: LangiumServices) {
        super(services);
        this.documents = services.shared.workspace.LangiumDocuments;
        this.index = services.shared.workspace.IndexManager;
        this.reserved = reservedWords(services.Grammar);
        this.soft = softKeywords(services.Grammar);
        this.parser = services.parser.LangiumParser;
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
        const refused = this.refusedName(target, params.newName);
        if (refused) throw new ResponseError(ErrorCodes.InvalidParams, refused);
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
        const changed = this.changedReading(changes, params.newName);
        if (changed) throw new ResponseError(ErrorCodes.InvalidParams, changed);
        return { changes };
    }

    /** Why `name` cannot be the target's name, or undefined when it can. */
    private refusedName(target: AstNode, name: string): string | undefined {
        if (!NAME_SPELLING.test(name)) return `'${name}' is not a valid name: use letters, digits, '_' and '-', starting with a letter.`;
        if (this.reserved.has(name)) {
            return `'${name}' is a reserved word of the language and cannot be a name: the line that declares the ${describe(target)} would not parse. `
                + 'The words added since the language\'s first version (such as \'deny\' or \'database\') can be names.';
        }
        if (this.soft.has(name) && !NAMED_WITH_SOFT_WORDS.has(target.$type)) {
            return `'${name}' is a word of the language: it can name a zone, site, component or platform, but not a ${describe(target)}, `
                + 'whose name the dotted names of the catalogs (\'vendor.Name\') refer to.';
        }
        return undefined;
    }

    /**
     * Why the edited files would not read as the same plan with the new name (a line that would
     * parse differently), or undefined when each reads as before: a check on the text itself, so
     * that no rename the grammar allows in theory changes a plan in practice.
     */
    private changedReading(changes: Record<string, TextEdit[]>, name: string): string | undefined {
        for (const [uri, edits] of Object.entries(changes)) {
            const document = this.documents.all.find(d => d.uri.toString() === uri);
            if (!document) continue;
            const after = TextDocument.applyEdits(document.textDocument, edits);
            const difference = firstDifference(document.parseResult, this.parser.parse(after), document.textDocument.getText());
            if (difference !== undefined) {
                return `Renaming to '${name}' would change how ${uri.split('/').pop()} line ${difference.line + 1} reads: ${difference.reason}.`;
            }
        }
        return undefined;
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
        const target = this.references.findDeclarations(leaf)[0];
        // The plan's title is a text, not a name: nothing refers to it, and a word in its place would not parse.
        return target && isPlanHeader(target) ? undefined : target;
    }
}

function describe(node: AstNode): string {
    const words: Record<string, string> = { Instance: 'component', ComponentType: 'component type', PortSetting: 'port setting', SourceDocument: 'document' };
    return words[node.$type] ?? node.$type.toLowerCase();
}
