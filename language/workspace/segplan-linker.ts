import { DefaultLinker, type Cancellation, type LangiumDocument } from 'langium';
import { isPrecompiled } from './segplan-document-factory.js';

/**
 * Links documents as Langium does, except precompiled built-in catalogs: their references resolve
 * when first read (Langium's references are lazy), which spares the CLI linking ~1,000 catalog
 * lines at every start for the few references a plan's analysis reads.
 */
export class SegplanLinker extends DefaultLinker {
    override async link(document: LangiumDocument, cancelToken?: Cancellation.CancellationToken): Promise<void> {
        if (isPrecompiled(document)) return;
        return super.link(document, cancelToken);
    }
}
