import { URI, WorkspaceCache, type AstNode, type LangiumDocument, type LangiumDocuments, type LangiumSharedCoreServices } from 'langium';
import { isPlatform, isVendor, type SegplanDocument } from '../generated/ast.js';
import { buildCatalog, type Catalog } from '../catalog/catalog-model.js';
import { buildPlan } from '../plan/plan-model.js';
import { ImportGraph, importClosure } from '../workspace/plan-imports.js';
import { statementChangeOf } from '../workspace/statement-reparse.js';
import { PLAN_STATEMENTS } from '../workspace/plan-statements.js';
import { analyzePlan, type PlanAnalysis } from './analyze-plan.js';
import { CatalogRows } from './catalog-rows.js';
import { PlanTooLargeError } from './analysis-budget.js';
import type { VendorCheck } from './vendor-check.js';
import type { Finding } from './finding.js';

/**
 * The analysis core as a service: one catalog for the workspace and one analysis per plan file,
 * both recomputed only after a document changes. Validation, hover, completion, code actions,
 * the CLI and the rule emitters all read from here.
 */
export class PlanAnalyzer {
    private readonly documents: LangiumDocuments;
    private readonly cache: WorkspaceCache<string, unknown>;
    private readonly imports: ImportGraph;

    /** Whether an analysis may start from the one before (not where documents are built once: the CLI). */
    private readonly forNextBuild: boolean;

    /** `vendorChecks`: every vendor's hardening checks, registered in the module (language/checks/). */
    constructor(shared: LangiumSharedCoreServices, private readonly vendorChecks: readonly VendorCheck[], options: { builtOnce?: boolean } = {}) {
        this.forNextBuild = !options.builtOnce;
        this.documents = shared.workspace.LangiumDocuments;
        this.cache = new WorkspaceCache(shared);
        this.imports = new ImportGraph(this.documents, shared);
        // A deleted file takes its kept analysis and its fingerprint with it.
        shared.workspace.DocumentBuilder.onUpdate((_changed, deleted) => {
            for (const uri of deleted) {
                this.latest.delete(uri.toString());
                this.reportedFindings.delete(uri.toString());
            }
        });
    }

    private lastCatalog?: { roots: readonly SegplanDocument[]; catalog: Catalog; rows?: CatalogRows };

    /**
     * The workspace catalog, built again only when a file that declares vendors or platforms was
     * re-parsed: the incremental analysis reuses its work only while the catalog stays the same.
     */
    catalog(): Catalog {
        return this.cache.get('catalog', () => {
            const roots = this.documents.all.map(d => d.parseResult.value as SegplanDocument).filter(declaresCatalog).toArray();
            const last = this.lastCatalog;
            if (last && last.roots.length === roots.length && last.roots.every((r, i) => r === roots[i])) return last.catalog;
            const catalog = buildCatalog(this.documents.all);
            this.lastCatalog = { roots, catalog };
            return catalog;
        }) as Catalog;
    }

    /**
     * What the workspace catalog's rows give every requirement alike (catalog-rows.ts): one for
     * every plan of the workspace, not one per plan — a workspace of many small plans would hold
     * the same rows once per plan.
     */
    private catalogRows(): CatalogRows | undefined {
        const last = this.lastCatalog;
        return last && (last.rows ??= new CatalogRows(last.catalog));
    }

    /** A file is a plan when it starts with `plan "…"`; other files are fragments plans import. */
    isPlan(document: LangiumDocument): boolean {
        return !!(document.parseResult.value as SegplanDocument).header;
    }

    /** The latest analysis of each plan, kept across edits: the next one starts from it. */
    private readonly latest = new Map<string, PlanAnalysis>();
    /** The findings each file last reported (see checkPlanFindings). */
    private readonly reportedFindings = new Map<string, readonly Finding[]>();

    analysis(document: LangiumDocument): PlanAnalysis {
        const key = document.uri.toString();
        const result = this.cache.get(`plan:${key}`, () => {
            const previous = this.latest.get(key);
            try {
                const catalog = this.catalog();
                const plan = buildPlan(importClosure(document, this.documents), previous?.plan, { forNextBuild: this.forNextBuild });
                // Rows of another catalog than this one are not taken (CatalogRows.isFor).
                const analysis = analyzePlan(plan, catalog, this.vendorChecks, previous, this.catalogRows(), this.forNextBuild);
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

    /**
     * Records what a file reported, to compare with what it would report after an edit elsewhere.
     * The findings themselves, not a digest: most are the same objects or stop differing at the
     * first one, and a digest wrote out every message of every file at every edit.
     */
    recordReported(document: LangiumDocument, findings: readonly Finding[]): void {
        this.reportedFindings.set(document.uri.toString(), findings);
    }

    reported(document: LangiumDocument): readonly Finding[] | undefined {
        return this.reportedFindings.get(document.uri.toString());
    }

    /** Plans that import this file (directly or not), or the file itself when it is a plan. */
    plansIncluding(document: LangiumDocument): LangiumDocument[] {
        return this.plansIncludingAny([document.uri.toString()]);
    }

    /** Plans that include any of these files (URIs), in workspace order. */
    plansIncludingAny(uris: Iterable<string>): LangiumDocument[] {
        const plans: LangiumDocument[] = [];
        for (const uri of this.filesIncluding(uris)) {
            const document = this.documents.getDocument(URI.parse(uri));
            if (document && this.isPlan(document)) plans.push(document);
        }
        if (plans.length < 2) return plans;
        // Workspace order, as a scan of all files gives: findings shared by two plans are reported once, from the first.
        const order = new Map(this.documents.all.toArray().map((d, i) => [d.uri.toString(), i]));
        return plans.sort((a, b) => order.get(a.uri.toString())! - order.get(b.uri.toString())!);
    }

    /** Files whose import closure contains one of these files (URIs), the files themselves included. */
    filesIncluding(uris: Iterable<string>): Set<string> {
        const including = new Set<string>();
        for (const uri of uris) for (const found of this.imports.including(uri)) including.add(found);
        return including;
    }
}

/** Whether a statement is a vendor or a platform. A plan statement's type says it is not: the type guards ask the grammar's type hierarchy, twice for each of a plan's thousands of statements. */
function declaresVendorOrPlatform(statement: AstNode): boolean {
    return !PLAN_STATEMENTS.has(statement.$type) && (isVendor(statement) || isPlatform(statement));
}

/** Whether a parsed file declares vendors or platforms; kept with its tree (a re-parse makes a new one), as every edit asks of every file. */
const declaringCatalog = new WeakMap<SegplanDocument, boolean>();

function declaresCatalog(root: SegplanDocument): boolean {
    let declares = declaringCatalog.get(root);
    if (declares === undefined) {
        // A tree re-parsed statement by statement declares what the one it came from did: the
        // re-parse never takes in or leaves out a vendor or platform (statement-reparse.ts).
        const change = statementChangeOf(root);
        declares = change ? declaresCatalog(change.from as SegplanDocument) : (root.elements ?? []).some(declaresVendorOrPlatform);
        declaringCatalog.set(root, declares);
    }
    return declares;
}
