import { DefaultLangiumDocuments, stream, type LangiumDocument, type Stream, type URI } from 'langium';

/**
 * Langium's document store, with the list of all documents and the look-up by URI kept beside
 * its tree of URIs. Langium walks the whole tree for `all` and splits each URI into path segments
 * for `getDocument`; an edit reads `all` several times (which files need validating, which
 * declare vendors, in which order plans report) and looks up documents by URI many times, and
 * in a workspace of thousands of small plans that walking was much of every edit. The tree stays
 * the authority: the list is made from it again after any document is added or deleted, and a
 * URI not found as written is looked up in it.
 */
export class SegplanDocuments extends DefaultLangiumDocuments {
    private listed: LangiumDocument[] | undefined;
    private readonly byUri = new Map<string, LangiumDocument>();

    override get all(): Stream<LangiumDocument> {
        return stream(this.listed ??= super.all.toArray());
    }

    override addDocument(document: LangiumDocument): void {
        super.addDocument(document);
        this.byUri.set(document.uri.toString(), document);
        this.listed = undefined;
    }

    override getDocument(uri: URI): LangiumDocument | undefined {
        return this.byUri.get(uri.toString()) ?? super.getDocument(uri);
    }

    override deleteDocument(uri: URI): LangiumDocument | undefined {
        const deleted = super.deleteDocument(uri);
        // The tree deletes everything below the URI too (a document whose URI continues it).
        this.forgetDeleted();
        return deleted;
    }

    override deleteDocuments(folder: URI): LangiumDocument[] {
        const deleted = super.deleteDocuments(folder);
        this.forgetDeleted();
        return deleted;
    }

    /** Drops from the list and the map what the tree no longer holds (deletions are rare; edits are not). */
    private forgetDeleted(): void {
        this.listed = undefined;
        for (const [uri, document] of this.byUri) if (!this.hasDocument(document.uri)) this.byUri.delete(uri);
    }
}
