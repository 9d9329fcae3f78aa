import {
    DefaultDocumentBuilder, DocumentState, type AstNode, OperationCancelled, UriUtils, type BuildOptions, Cancellation, type LangiumDocument,
    type LangiumSharedCoreServices, type URI
} from 'langium';
import { projectConfigsOf, type ProjectConfigs } from '../config/project-configs.js';
import { LSPErrorCodes, ResponseError } from 'vscode-languageserver-protocol';
import type { PlanAnalyzer } from '../analysis/plan-analyzer.js';
import type { Catalog } from '../catalog/catalog-model.js';
import type { SegplanCoreServices } from '../segplan-core-module.js';
import type { SegplanDocumentValidator } from '../validation/segplan-document-validator.js';
import { isWorkspaceFile } from '../utils/workspace-files.js';
import { isBuiltinUri } from './builtin-catalogs.js';
import { parsedVersion } from './segplan-document-factory.js';
import { importClosure } from './plan-imports.js';
import { WorkspaceStateWaits } from './workspace-state-waits.js';

/** Built-in catalogs are not validated in the editor; a test proves they are clean instead. */
export class SegplanDocumentBuilder extends DefaultDocumentBuilder {
    private readonly configs: ProjectConfigs;
    private readonly waits = new WorkspaceStateWaits();
    /** Updates asked for (an edit, a close, a watched file) that wait for the workspace and have not started. */
    private queuedUpdates = 0;

    constructor(shared: LangiumSharedCoreServices) {
        super(shared);
        this.configs = projectConfigsOf(shared);
        // Langium assigns the workspace's state where it changes; every change ends the waits it
        // satisfies — unless an update is queued: the state reached is then that of texts the
        // editor has replaced or closed.
        let state = this.currentState;
        Object.defineProperty(this, 'currentState', {
            get: () => state,
            set: (next: DocumentState) => { state = next; if (this.queuedUpdates === 0) this.waits.reached(next); }
        });
    }

    /**
     * An update is asked for and waits for the workspace (the build running now gives way to it
     * only at its next step). Until it starts, the workspace is not at any state for a request
     * that waits for one: `workspace/symbol` asked right after a close would otherwise answer from
     * the index of the closed text. Call the returned function when the update starts (or never will).
     */
    queueUpdate(): () => void {
        this.queuedUpdates++;
        let started = false;
        return () => {
            if (started) return;
            started = true;
            this.queuedUpdates--;
        };
    }

    /**
     * Any message from the editor cancels the build running then. Langium checks for that before
     * telling each listener a document reached a state, so a build cancelled between validating a
     * plan and telling would never publish the plan's diagnostics, nor answer a request waiting
     * for that state — and the next build, which finds the plan there already, does not tell
     * again: the editor would show no finding for the plan until the user edits it. A state a
     * document reached is told whatever comes next (the publication gate drops diagnostics of a
     * text the editor has replaced).
     */
    protected override notifyDocumentPhase(document: LangiumDocument, state: DocumentState, _cancelToken: Cancellation.CancellationToken): Promise<void> {
        return super.notifyDocumentPhase(document, state, Cancellation.CancellationToken.None);
    }

    protected override shouldValidate(document: LangiumDocument): boolean {
        return !isBuiltinUri(document.uri) && super.shouldValidate(document);
    }

    /**
     * A changed file that is neither open in the editor nor on disk any more — deleted after the
     * watcher reported a change, or a never-saved file that was closed — leaves the workspace:
     * reading it would fail the whole build.
     */
    override update(changed: URI[], deleted: URI[], cancelToken?: Cancellation.CancellationToken): Promise<void> {
        return this.waits.run(() => this.updateWorkspace(changed, this.notOpen(deleted), cancelToken));
    }

    private async updateWorkspace(changed: URI[], deleted: URI[], cancelToken?: Cancellation.CancellationToken): Promise<void> {
        const configs = this.configs;
        if ([...changed, ...deleted].some(uri => configs.isConfigFile(uri))) {
            // A segplan.json changed: every file is checked again under it, files it now excludes
            // leave the workspace and files it no longer excludes join it.
            configs.forget();
            const folders = new Set<string>();
            for (const document of this.langiumDocuments.all) {
                if (isBuiltinUri(document.uri) || !isWorkspaceFile(this.fileSystemProvider, document.uri)) continue;
                await configs.load(document.uri);
                folders.add(UriUtils.dirname(document.uri).toString());
                if (configs.excluded(document.uri) && !this.textDocuments?.get(document.uri.toString())) deleted = [...deleted, document.uri];
                else this.resetToState(document, DocumentState.IndexedReferences);
            }
            for (const uri of [...changed, ...deleted].filter(u => configs.isConfigFile(u))) {
                for (const found of await this.workspaceManager().searchFolder(UriUtils.dirname(uri))) {
                    if (!this.langiumDocuments.hasDocument(found)) changed = [...changed, found];
                }
            }
            changed = changed.filter(uri => !configs.isConfigFile(uri));
            deleted = deleted.filter(uri => !configs.isConfigFile(uri));
        }
        const present: URI[] = [];
        const gone: URI[] = [];
        for (const uri of changed) {
            const readable = !isWorkspaceFile(this.fileSystemProvider, uri) || this.textDocuments?.get(uri.toString()) !== undefined || await this.fileSystemProvider.exists(uri);
            (readable ? present : gone).push(uri);
        }
        const left = gone.length > 0 ? [...deleted, ...gone] : deleted;
        this.changedInUpdate = new Set([...present, ...left].map(uri => uri.toString()));
        return super.update(present, left, cancelToken);
    }

    /**
     * An open document's content is the editor's: its file deleted on disk (or its folder) does
     * not take it out of the workspace — it keeps being checked, answered and imported.
     */
    private notOpen(deleted: URI[]): URI[] {
        const open = this.textDocuments;
        if (!open || deleted.length === 0) return deleted;
        return deleted.flatMap(uri => {
            const key = uri.toString();
            const folder = key.endsWith('/') ? key : `${key}/`;
            const inside = this.langiumDocuments.all.filter(d => { const k = d.uri.toString(); return k === key || k.startsWith(folder); }).toArray();
            if (!inside.some(d => open.get(d.uri.toString()))) return open.get(key) ? [] : [uri];
            return inside.filter(d => !open.get(d.uri.toString())).map(d => d.uri);
        });
    }

    /** The files the running update changed or deleted; undefined in a build that is not an update (the first one). */
    private changedInUpdate?: ReadonlySet<string>;

    override async build<T extends AstNode>(documents: Array<LangiumDocument<T>>, options?: BuildOptions, cancelToken?: Cancellation.CancellationToken): Promise<void> {
        this.changedInUpdate = undefined;
        return this.waits.run(() => super.build(documents, options, cancelToken));
    }

    protected override awaitBuilderState(state: DocumentState, cancelToken: Cancellation.CancellationToken): Promise<void> {
        return this.waits.until(state, this.queuedUpdates > 0 ? DocumentState.Changed : this.currentState, cancelToken);
    }

    /** Whether the running update changed this file and no other (SegplanLinker then links only what the edit touched). */
    changedAlone(uri: URI): boolean {
        const changed = this.changedInUpdate;
        return changed !== undefined && changed.size === 1 && changed.has(uri.toString());
    }

    /**
     * A request about a document the editor opened or changed a moment ago can arrive before the
     * update that builds it has started. Langium then answers with an error ("no document found",
     * or "state Parsed … but workspace state is already Validated") — or, when the document is
     * still built from the previous text, with positions of that text, past the end of the lines
     * the editor now has. An open document always has its update queued, so the request waits for
     * the build of the editor's current text instead — until then, until it is closed, or until
     * the request is cancelled.
     */
    protected override awaitDocumentState(state: DocumentState, uri: URI, cancelToken: Cancellation.CancellationToken): Promise<URI> {
        const document = this.langiumDocuments.getDocument(uri);
        const open = this.textDocuments?.get(uri.toString());
        // Built from an older text of the editor's (a document read elsewhere has no version: as before).
        const current = (doc: LangiumDocument) => { const v = parsedVersion(doc); return v === undefined || v === this.textDocuments?.get(uri.toString())?.version; };
        const queued = open !== undefined && (!document || !current(document) || (document.state < state && this.currentState >= state));
        if (!queued) return this.waits.answered(super.awaitDocumentState(state, uri, cancelToken));
        // Cancelled before its document was built: a cancellation, not "no document found".
        if (cancelToken.isCancellationRequested) return Promise.reject(OperationCancelled);
        return this.waits.answered(new Promise((resolve, reject) => {
            const done = () => { built.dispose(); closed.dispose(); cancelled.dispose(); };
            const built = this.onDocumentPhase(state, doc => { if (UriUtils.equals(doc.uri, uri) && current(doc)) { done(); resolve(doc.uri); } });
            const closed = this.onUpdate((_, deleted) => {
                if (deleted.some(d => UriUtils.equals(d, uri))) { done(); reject(new ResponseError(LSPErrorCodes.ServerCancelled, `${uri.toString()} was closed`)); }
            });
            const cancelled = cancelToken.onCancellationRequested(() => { done(); reject(OperationCancelled); });
        }));
    }

    /**
     * Langium's answer — a requested validation category did not run in the document's last
     * build — without the two sets and the stream it made for every document of the workspace at
     * every edit, which adds up in a workspace of thousands of small plans.
     */
    protected override resultsAreIncomplete(document: LangiumDocument, options: BuildOptions): boolean {
        const validation = options?.validation;
        const requestsAll = options === undefined || validation === true;
        if (!requestsAll && typeof validation !== 'object') return false;
        const state = this.buildState.get(document.uri.toString());
        const ran = state?.result?.validationChecks;
        const all = () => this.serviceRegistry.getServices(document.uri).validation.ValidationRegistry.getAllValidationCategories(document);
        const requested = (requestsAll ? undefined : (validation as { categories?: readonly string[] }).categories) ?? all();
        // What ran: the categories the build recorded; every one when a completed build recorded none; none otherwise.
        const everything = ran === undefined && state?.completed ? all() : undefined;
        const executed = (category: string) => ran ? ran.includes(category) : everything?.has(category) ?? false;
        for (const category of requested) if (!executed(category)) return true;
        return false;
    }

    /** For each set of changed files (one per update), the files that import one of them. */
    private readonly includingChanged = new WeakMap<Set<string>, Set<string>>();

    // A plan's findings depend on every file it imports, including ones it names nothing from
    // (a plan that only imports its sites): a change to any of them re-checks the plan.
    protected override shouldRelink(document: LangiumDocument, changedUris: Set<string>): boolean {
        // A build cancelled after this file was linked (or began to be) and before its references
        // were indexed: the index, which Langium asks which files reference a changed one, knows
        // none of them, and the next build would go on from the links made against files that
        // have changed since.
        if (document.state < DocumentState.IndexedReferences && (document.state >= DocumentState.Linked || document.references.length > 0)) return true;
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
        // Validation reads each file's segplan.json (severities): read them first.
        await Promise.all(documents.map(d => this.configs.load(d.uri)));
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
            const analyzer = (services as Partial<SegplanCoreServices>).analysis?.PlanAnalyzer;
            if (analyzer) return analyzer;
        }
        return undefined;
    }

    private findingsChanged(document: LangiumDocument, analyzer: PlanAnalyzer): boolean {
        const reported = analyzer.reported(document);
        // Never validated with the plan checks (validation options without them): nothing to compare.
        if (reported === undefined) return false;
        // The validator, which reported them, tells: validation sits above the workspace.
        const services = this.serviceRegistry.getServices(document.uri) as SegplanCoreServices;
        return (services.validation.DocumentValidator as SegplanDocumentValidator).planFindingsChanged(document, analyzer, reported);
    }
}
