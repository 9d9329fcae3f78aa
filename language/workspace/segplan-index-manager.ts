import { Cancellation, DefaultIndexManager, type AstNode, type LangiumDocument, type ReferenceDescription, type Stream, type URI } from 'langium';
import { isPrecompiled } from './segplan-document-factory.js';
import { SegplanReferenceDescriptionProvider } from './segplan-reference-descriptions.js';

/**
 * The index of names and references, where a built-in catalog read from the build's tree has its
 * references indexed when references are first asked for (find references, rename), not at start.
 *
 * Those catalogs are never edited, and their trees have no concrete syntax until something points
 * into them: the server starts without walking them, and a request lists their references (those
 * that name a built-in type from another built-in catalog too) as parsed catalogs would.
 */
export class SegplanIndexManager extends DefaultIndexManager {
    /** Built-in catalogs read from trees whose references are not indexed yet, by URI. */
    private readonly notYetIndexed = new Map<string, LangiumDocument>();

    override async updateReferences(document: LangiumDocument, cancelToken = Cancellation.CancellationToken.None): Promise<void> {
        const uri = document.uri.toString();
        this.notYetIndexed.delete(uri);
        if (isPrecompiled(document)) {
            this.referenceIndex.delete(uri);
            this.notYetIndexed.set(uri, document);
            return;
        }
        await super.updateReferences(document, cancelToken);
    }

    override removeReferences(uri: URI): void {
        this.notYetIndexed.delete(uri.toString());
        super.removeReferences(uri);
    }

    override findAllReferences(targetNode: AstNode, astNodePath: string): Stream<ReferenceDescription> {
        this.indexCatalogs();
        return super.findAllReferences(targetNode, astNodePath);
    }

    private indexCatalogs(): void {
        for (const [uri, document] of this.notYetIndexed) {
            const provider = this.serviceRegistry.getServices(document.uri).workspace.ReferenceDescriptionProvider;
            const descriptions = provider instanceof SegplanReferenceDescriptionProvider ? provider.describeCatalog(document) : [];
            this.referenceIndex.set(uri, descriptions);
        }
        this.notYetIndexed.clear();
    }
}
