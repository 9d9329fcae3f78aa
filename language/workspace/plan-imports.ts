import { DocumentState, UriUtils, WorkspaceCache, type LangiumDocument, type LangiumDocuments, type LangiumSharedCoreServices, type URI } from 'langium';
import type { Import, SegplanDocument } from '../generated/ast.js';

/** The URI an `import "…"` names, resolved against the importing file's folder. */
export function importedUri(document: LangiumDocument, imp: Import): URI {
    return UriUtils.resolvePath(UriUtils.dirname(document.uri), imp.path);
}

/**
 * The documents a plan sees: itself and everything it imports, transitively, in a stable order.
 * Imports that are not loaded are skipped here; the import validation reports them.
 */
export function importClosure(document: LangiumDocument, documents: LangiumDocuments): LangiumDocument[] {
    const seen = new Map<string, LangiumDocument>();
    const visit = (doc: LangiumDocument): void => {
        const key = doc.uri.toString();
        if (seen.has(key)) return;
        seen.set(key, doc);
        const root = doc.parseResult.value as SegplanDocument;
        for (const imp of root.imports ?? []) {
            // `import` without a path (being typed): the syntax error says so; nothing to follow.
            if (typeof imp.path !== 'string') continue;
            const target = documents.getDocument(importedUri(doc, imp));
            if (target) visit(target);
        }
    };
    visit(document);
    return [...seen.values()];
}

/**
 * Which files import which, read backwards: the files whose import closure contains a given file.
 * After an edit only the plans that include the edited file can change; finding them by scanning
 * every plan's closure made each edit cost time in proportion to the whole workspace.
 */
export class ImportGraph {
    /** The URIs a parsed file imports, kept with its syntax tree (a re-parse makes a new tree). */
    private readonly importsOf = new WeakMap<SegplanDocument, string[]>();
    /** URI → URIs of the files importing it directly; rebuilt once the files of a build are parsed. */
    private readonly importers: WorkspaceCache<'importers', Map<string, string[]>>;

    constructor(private readonly documents: LangiumDocuments, shared: LangiumSharedCoreServices) {
        this.importers = new WorkspaceCache(shared, DocumentState.IndexedContent);
    }

    /** The files (URIs) whose import closure contains `uri`, the file itself included. */
    including(uri: string): Set<string> {
        const importers = this.importers.get('importers', () => this.readImporters());
        const found = new Set([uri]);
        const queue = [uri];
        while (queue.length > 0) {
            for (const importer of importers.get(queue.pop()!) ?? []) {
                if (!found.has(importer)) {
                    found.add(importer);
                    queue.push(importer);
                }
            }
        }
        return found;
    }

    private readImporters(): Map<string, string[]> {
        const importers = new Map<string, string[]>();
        for (const document of this.documents.all) {
            const from = document.uri.toString();
            for (const to of this.importedUris(document)) {
                const list = importers.get(to);
                if (list) list.push(from); else importers.set(to, [from]);
            }
        }
        return importers;
    }

    private importedUris(document: LangiumDocument): string[] {
        const root = document.parseResult.value as SegplanDocument;
        let uris = this.importsOf.get(root);
        if (!uris) {
            uris = (root.imports ?? []).filter(imp => typeof imp.path === 'string').map(imp => importedUri(document, imp).toString());
            this.importsOf.set(root, uris);
        }
        return uris;
    }
}
