import { DefaultDocumentBuilder, type LangiumDocument } from 'langium';
import { isBuiltinUri } from './builtin-catalogs.js';
import { importClosure } from './plan-imports.js';

/** Built-in catalogs are not validated in the editor; a test proves they are clean instead. */
export class SegplanDocumentBuilder extends DefaultDocumentBuilder {
    protected override shouldValidate(document: LangiumDocument): boolean {
        return !isBuiltinUri(document.uri) && super.shouldValidate(document);
    }

    // A plan's findings depend on every file it imports, including ones it names nothing from
    // (a plan that only imports its sites): a change to any of them re-checks the plan.
    protected override shouldRelink(document: LangiumDocument, changedUris: Set<string>): boolean {
        return super.shouldRelink(document, changedUris)
            || importClosure(document, this.langiumDocuments).slice(1).some(d => changedUris.has(d.uri.toString()));
    }
}
