import { WorkspaceCache, type LangiumDocument, type LangiumDocuments, type LangiumSharedCoreServices } from 'langium';
import type { SegplanDocument } from '../generated/ast.js';
import { buildCatalog, type Catalog } from '../catalog/catalog-model.js';
import { buildPlan } from '../plan/plan-model.js';
import { importClosure } from '../workspace/plan-imports.js';
import { analyzePlan, type PlanAnalysis } from './analyze-plan.js';

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
    }

    catalog(): Catalog {
        return this.cache.get('catalog', () => buildCatalog(this.documents.all)) as Catalog;
    }

    /** A file is a plan when it starts with `plan "…"`; other files are fragments plans import. */
    isPlan(document: LangiumDocument): boolean {
        return !!(document.parseResult.value as SegplanDocument).header;
    }

    analysis(document: LangiumDocument): PlanAnalysis {
        return this.cache.get(`plan:${document.uri.toString()}`,
            () => analyzePlan(buildPlan(importClosure(document, this.documents)), this.catalog())) as PlanAnalysis;
    }

    /** Plans that import this file (directly or not), or the file itself when it is a plan. */
    plansIncluding(document: LangiumDocument): LangiumDocument[] {
        const key = document.uri.toString();
        return this.documents.all
            .filter(d => this.isPlan(d) && importClosure(d, this.documents).some(x => x.uri.toString() === key))
            .toArray();
    }
}
