import { DefaultReferenceDescriptionProvider, type Cancellation, type LangiumDocument, type ReferenceDescription } from 'langium';
import { isPrecompiled } from './segplan-document-factory.js';

/**
 * Indexes references for "find references" and rename, except in precompiled built-in catalogs:
 * only the CLI has those, and it never asks.
 */
export class SegplanReferenceDescriptionProvider extends DefaultReferenceDescriptionProvider {
    override async createDescriptions(document: LangiumDocument, cancelToken?: Cancellation.CancellationToken): Promise<ReferenceDescription[]> {
        if (isPrecompiled(document)) return [];
        return super.createDescriptions(document, cancelToken);
    }
}
