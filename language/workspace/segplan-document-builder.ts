import { DefaultDocumentBuilder, DocumentState, type BuildOptions, type Cancellation, type LangiumDocument } from 'langium';
import type { SegplanServices } from '../segplan-module.js';
import { findingsFingerprint, planFindingsFor } from '../validation/plan-validation.js';
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

    /**
     * A file shows the findings of the plans that include it, so an edit in one file can change
     * what another, untouched file reports (a rule in one site covers a flow from another). Such
     * files are validated again; the others keep their diagnostics.
     */
    protected override async buildDocuments(documents: LangiumDocument[], options: BuildOptions, cancelToken: Cancellation.CancellationToken): Promise<void> {
        await super.buildDocuments(documents, options, cancelToken);
        if (!options.validation) return;
        const built = new Set(documents.map(d => d.uri.toString()));
        const stale = this.langiumDocuments.all.filter(d => !built.has(d.uri.toString()) && !isBuiltinUri(d.uri)
            && d.state === DocumentState.Validated && this.findingsChanged(d)).toArray();
        if (stale.length === 0) return;
        for (const document of stale) this.resetToState(document, DocumentState.IndexedReferences);
        await super.buildDocuments(stale, options, cancelToken);
    }

    private findingsChanged(document: LangiumDocument): boolean {
        const services = this.serviceRegistry.getServices(document.uri) as SegplanServices;
        const analyzer = services.analysis?.PlanAnalyzer;
        if (!analyzer) return false;
        const reported = analyzer.reported(document);
        // Never validated with the plan checks (validation options without them): nothing to compare.
        if (reported === undefined) return false;
        const severities = services.settings.FindingSeverities;
        return findingsFingerprint(planFindingsFor(document, analyzer, f => severities.severityOf(f))) !== reported;
    }
}
