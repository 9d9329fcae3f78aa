import { DocumentState, URI, type LangiumDocument } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { CodeLensRefreshRequest, InlayHintRefreshRequest, type InitializeParams } from 'vscode-languageserver';
import type { PlanAnalysis } from '../analysis/analyze-plan.js';
import type { PlanAnalyzer } from '../analysis/plan-analyzer.js';
import { parsedVersion } from '../workspace/segplan-document-factory.js';
import { drawableAnalysis, planOf } from './plan-facts.js';

/** The views of an editor drawn from a plan's analysis, each refreshed by its own request. */
export type AnalysisView = 'inlayHints' | 'codeLenses';

const REFRESH = { inlayHints: InlayHintRefreshRequest.type, codeLenses: CodeLensRefreshRequest.type } as const;

/**
 * What a view was drawn from: the text of its file (the editor's version; none for a file read
 * from disk) and an analysis, held weakly (an analysis gone is not the current one), or none.
 */
interface DrawnFrom { readonly version: number | undefined; readonly analysis: WeakRef<PlanAnalysis> | undefined }

/**
 * Inlay hints and code lenses show the analysis of the plan a file belongs to, which depends on
 * other files: those the plan imports, the plan itself when the file is one it imports, the
 * catalogs. The editor asks for them again only when their own text changes. After an edit in
 * another file — or when they were asked while the workspace was being built — they would go on
 * showing counts and purposes that are no longer the plan's. So each view remembers which
 * analysis it was drawn from, and once a build has validated the plan again, a view drawn from
 * another analysis is asked to be drawn again (workspace/inlayHint/refresh,
 * workspace/codeLens/refresh), if the editor can.
 */
export class AnalysisViews {
    private readonly analyzer: PlanAnalyzer;
    private readonly shared: LangiumSharedServices;
    private readonly drawn: Record<AnalysisView, Map<string, DrawnFrom>> = { inlayHints: new Map(), codeLenses: new Map() };
    /** The views the editor can be asked to draw again (it says so when it starts). */
    private readonly refreshable = new Set<AnalysisView>();

    constructor(shared: LangiumSharedServices, analyzer: PlanAnalyzer) {
        this.shared = shared;
        this.analyzer = analyzer;
        shared.lsp.LanguageServer.onInitialize(params => this.initialize(params));
        shared.workspace.DocumentBuilder.onBuildPhase(DocumentState.Validated, documents => this.validated(documents));
        shared.workspace.TextDocuments?.onDidClose(event => {
            const uri = URI.parse(event.document.uri).toString();
            for (const views of Object.values(this.drawn)) views.delete(uri);
        });
    }

    private initialize(params: InitializeParams): void {
        const workspace = params.capabilities.workspace;
        if (workspace?.inlayHint?.refreshSupport) this.refreshable.add('inlayHints');
        if (workspace?.codeLens?.refreshSupport) this.refreshable.add('codeLenses');
    }

    /** A view of `document` was drawn from `analysis` (undefined: the file belongs to no plan, or the plan is too large). */
    drew(view: AnalysisView, document: LangiumDocument, analysis: PlanAnalysis | undefined): void {
        if (!this.refreshable.has(view)) return;
        this.drawn[view].set(document.uri.toString(), { version: parsedVersion(document), analysis: analysis && new WeakRef(analysis) });
    }

    /**
     * A build validated `documents`: the views of the files of the plans among them that were
     * drawn for the same text from another analysis are stale. Only those plans are asked for
     * their analysis — validation has just computed it — so an edit asks nothing of the plans it
     * does not touch.
     */
    private validated(documents: readonly LangiumDocument[]): void {
        if (this.refreshable.size === 0 || documents.length === 0) return;
        const built = new Set(documents.map(d => d.uri.toString()));
        const connection = this.shared.lsp.Connection;
        // Once per file, whichever of its views were drawn.
        const now = new Map<string, ReturnType<AnalysisViews['current']>>();
        for (const view of this.refreshable) {
            const stale: string[] = [];
            for (const [uri, from] of this.drawn[view]) {
                let current = now.get(uri);
                if (current === undefined) now.set(uri, current = this.current(uri, built));
                // A view of an older text is not: the editor asks for the views of each text it
                // changes itself (that request may be waiting for this build).
                if (current === 'failed' || current !== 'untouched' && current.version === from.version && current.analysis !== from.analysis?.deref()) stale.push(uri);
            }
            if (stale.length === 0) continue;
            // Drawn again on the editor's request, which records what it is drawn from.
            for (const uri of stale) this.drawn[view].delete(uri);
            void connection?.sendRequest(REFRESH[view]).catch(() => undefined);
        }
    }

    /**
     * The text and analysis a file's views would be drawn from now; 'untouched' when neither it
     * nor its plan was built; 'failed' when the analysis could not be worked out — the views, asked
     * again, report why, and the build listening here goes on.
     */
    private current(uri: string, built: ReadonlySet<string>): { version: number | undefined; analysis: PlanAnalysis | undefined } | 'untouched' | 'failed' {
        const document = this.shared.workspace.LangiumDocuments.getDocument(URI.parse(uri));
        if (!document) return 'untouched';
        const plan = planOf(this.analyzer, document);
        if (!built.has(uri) && !(plan && built.has(plan.uri.toString()))) return 'untouched';
        try {
            // The plan's own analysis: the plan found above is not looked for again.
            return { version: parsedVersion(document), analysis: plan && drawableAnalysis(this.analyzer, plan) };
        } catch {
            return 'failed';
        }
    }
}
