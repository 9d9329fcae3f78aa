import { WorkspaceCache, type LangiumDocument, type LangiumDocuments, type LangiumSharedCoreServices } from 'langium';
import { isPlatform, isVendor, type SegplanDocument } from '../generated/ast.js';
import { buildCatalog, type Catalog } from '../catalog/catalog-model.js';
import { buildPlan } from '../plan/plan-model.js';
import { importClosure } from '../workspace/plan-imports.js';
import { analyzePlan, type PlanAnalysis } from './analyze-plan.js';
import { PlanTooLargeError } from './analysis-budget.js';

/**
 * The analysis core as a service: one catalog for the workspace and one analysis per plan file,
 * both recomputed only after a document changes. Validation, hover, completion, code actions,
 * the CLI and the rule emitters all read from here.
 */
export class PlanAnalyzer {
    private readonly documents: LangiumDocuments;
    private readonly cache: WorkspaceCache<string, unknown>;

    constructor(shared: LangiumSharedCoreServices) {
        this.documents = shared.workspace.LangiumDocuments;
        this.cache = new WorkspaceCache(shared);
        // A deleted file takes its kept analysis and its fingerprint with it.
        shared.workspace.DocumentBuilder.onUpdate((_changed, deleted) => {
            for (const uri of deleted) {
                this.latest.delete(uri.toString());
                this.reportedFindings.delete(uri.toString());
            }
        });
    }

    private lastCatalog?: { roots: readonly SegplanDocument[]; catalog: Catalog };

    /**
     * The workspace catalog, built again only when a file that declares vendors or platforms was
     * re-parsed: the incremental analysis reuses its work only while the catalog stays the same.
     */
    catalog(): Catalog {
        return this.cache.get('catalog', () => {
            const roots = this.documents.all.map(d => d.parseResult.value as SegplanDocument)
                .filter(root => (root.elements ?? []).some(e => isVendor(e) || isPlatform(e))).toArray();
            const last = this.lastCatalog;
            if (last && last.roots.length === roots.length && last.roots.every((r, i) => r === roots[i])) return last.catalog;
            const catalog = buildCatalog(this.documents.all);
            this.lastCatalog = { roots, catalog };
            return catalog;
        }) as Catalog;
    }

    /** A file is a plan when it starts with `plan "…"`; other files are fragments plans import. */
    isPlan(document: LangiumDocument): boolean {
        return !!(document.parseResult.value as SegplanDocument).header;
    }

    /** The latest analysis of each plan, kept across edits: the next one starts from it. */
    private readonly latest = new Map<string, PlanAnalysis>();
    /** A digest of the findings each file last reported (see checkPlanFindings). */
    private readonly reportedFindings = new Map<string, string>();

    analysis(document: LangiumDocument): PlanAnalysis {
        const key = document.uri.toString();
        const result = this.cache.get(`plan:${key}`, () => {
            const previous = this.latest.get(key);
            try {
                const analysis = analyzePlan(buildPlan(importClosure(document, this.documents), previous?.plan), this.catalog(), previous);
                this.latest.set(key, analysis);
                return analysis;
            } catch (error) {
                // Kept until the workspace changes, like an analysis: every feature asking again must not redo the work.
                if (error instanceof PlanTooLargeError) return error;
                throw error;
            }
        }) as PlanAnalysis | PlanTooLargeError;
        if (result instanceof PlanTooLargeError) throw result;
        return result;
    }

    recordReported(document: LangiumDocument, fingerprint: string): void {
        this.reportedFindings.set(document.uri.toString(), fingerprint);
    }

    reported(document: LangiumDocument): string | undefined {
        return this.reportedFindings.get(document.uri.toString());
    }

    /** Plans that import this file (directly or not), or the file itself when it is a plan. */
    plansIncluding(document: LangiumDocument): LangiumDocument[] {
        const key = document.uri.toString();
        return this.documents.all
            .filter(d => this.isPlan(d) && importClosure(d, this.documents).some(x => x.uri.toString() === key))
            .toArray();
    }
}
