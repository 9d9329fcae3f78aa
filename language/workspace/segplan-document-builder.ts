import { DefaultDocumentBuilder, DocumentState, type BuildOptions, type Cancellation, type LangiumDocument } from 'langium';
import type { PlanAnalyzer } from '../analysis/plan-analyzer.js';
import type { Catalog } from '../catalog/catalog-model.js';
import type { SegplanServices } from '../segplan-module.js';
import { findingsFingerprint, planFindingsFor } from '../validation/plan-validation.js';
import { isBuiltinUri } from './builtin-catalogs.js';
import { importClosure } from './plan-imports.js';

/** Built-in catalogs are not validated in the editor; a test proves they are clean instead. */
export class SegplanDocumentBuilder extends DefaultDocumentBuilder {
    protected override shouldValidate(document: LangiumDocument): boolean {
        return !isBuiltinUri(document.uri) && super.shouldValidate(document);
    }

    /** For each set of changed files (one per update), the files that import one of them. */
    private readonly includingChanged = new WeakMap<Set<string>, Set<string>>();

    // A plan's findings depend on every file it imports, including ones it names nothing from
    // (a plan that only imports its sites): a change to any of them re-checks the plan.
    protected override shouldRelink(document: LangiumDocument, changedUris: Set<string>): boolean {
        if (super.shouldRelink(document, changedUris)) return true;
        const analyzer = this.analyzer();
        if (!analyzer) return false;
        let including = this.includingChanged.get(changedUris);
        if (!including) {
            including = analyzer.filesIncluding(changedUris);
            this.includingChanged.set(changedUris, including);
        }
        return including.has(document.uri.toString());
    }

    /** The catalog the last build's findings were computed with. */
    private lastCatalog?: Catalog;

    /**
     * A file shows the findings of the plans that include it, so an edit in one file can change
     * what another, untouched file reports (a rule in one site covers a flow from another). Such
     * files are validated again; the others keep their diagnostics. Only files of the plans that
     * include a rebuilt file (before or after the edit) can be affected — unless the catalog
     * changed, which every plan reads.
     */
    protected override async buildDocuments(documents: LangiumDocument[], options: BuildOptions, cancelToken: Cancellation.CancellationToken): Promise<void> {
        const analyzer = this.analyzer();
        const before = options.validation && analyzer ? this.filesOfPlansIncluding(documents, analyzer) : new Set<string>();
        await super.buildDocuments(documents, options, cancelToken);
        if (!options.validation || !analyzer) return;
        const catalog = analyzer.catalog();
        const catalogChanged = this.lastCatalog !== undefined && this.lastCatalog !== catalog;
        this.lastCatalog = catalog;
        const candidates = catalogChanged ? undefined : new Set([...before, ...this.filesOfPlansIncluding(documents, analyzer)]);
        const built = new Set(documents.map(d => d.uri.toString()));
        const stale = this.langiumDocuments.all.filter(d => !built.has(d.uri.toString()) && (!candidates || candidates.has(d.uri.toString()))
            && !isBuiltinUri(d.uri) && d.state === DocumentState.Validated && this.findingsChanged(d, analyzer)).toArray();
        if (stale.length === 0) return;
        for (const document of stale) this.resetToState(document, DocumentState.IndexedReferences);
        await super.buildDocuments(stale, options, cancelToken);
    }

    /** The files that show findings of a plan including one of `documents`: those plans' import closures. */
    private filesOfPlansIncluding(documents: readonly LangiumDocument[], analyzer: PlanAnalyzer): Set<string> {
        const files = new Set<string>();
        for (const plan of analyzer.plansIncludingAny(documents.map(d => d.uri.toString()))) {
            for (const file of importClosure(plan, this.langiumDocuments)) files.add(file.uri.toString());
        }
        return files;
    }

    private analyzer(): PlanAnalyzer | undefined {
        for (const services of this.serviceRegistry.all) {
            const analyzer = (services as Partial<SegplanServices>).analysis?.PlanAnalyzer;
            if (analyzer) return analyzer;
        }
        return undefined;
    }

    private findingsChanged(document: LangiumDocument, analyzer: PlanAnalyzer): boolean {
        const reported = analyzer.reported(document);
        // Never validated with the plan checks (validation options without them): nothing to compare.
        if (reported === undefined) return false;
        const services = this.serviceRegistry.getServices(document.uri) as SegplanServices;
        const severities = services.settings.FindingSeverities;
        return findingsFingerprint(planFindingsFor(document, analyzer, f => severities.severityOf(f))) !== reported;
    }
}
