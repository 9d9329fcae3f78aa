import { DefaultDocumentBuilder, type LangiumDocument } from 'langium';
import { isBuiltinUri } from './builtin-catalogs.js';

/** Built-in catalogs are not validated in the editor; a test proves they are clean instead. */
export class SegplanDocumentBuilder extends DefaultDocumentBuilder {
    protected override shouldValidate(document: LangiumDocument): boolean {
        return !isBuiltinUri(document.uri) && super.shouldValidate(document);
    }
}
