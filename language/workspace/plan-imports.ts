import { UriUtils, type LangiumDocument, type LangiumDocuments, type URI } from 'langium';
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
