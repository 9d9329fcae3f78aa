import type { ServerCapabilities } from 'vscode-languageserver-protocol';
import { LanguageClient } from './language-client.js';
import { planOfFragment } from './plan-link.js';
import { renderProblems } from './problems-view.js';

/**
 * What the page's first, small script (start-worker.ts) starts before the editor's large one is
 * read: the language server's worker, its `initialize`, and the plan the address carries, opened
 * on the server as soon as it is up. So the server reads its catalogs while the browser reads
 * Monaco, and the editor's script (main.ts) takes over a server that may have findings already.
 */
export interface EarlyStart {
    readonly client: LanguageClient;
    readonly capabilities: Promise<ServerCapabilities>;
    /** The plan in the address (`#plan=`, `#zplan=`), undefined when there is none; rejects when the link is damaged. */
    readonly linkedPlan: Promise<string | undefined>;
    /** The editor shows the findings from now on (until then the Problems list shows those of the plan in the address). */
    handOver(): void;
    /** Settles once the page needs the editor's script: the plan in the address is checked and listed, there is none, or the server failed. */
    readonly editorWanted: Promise<void>;
}

/** The document a plan from the address is (the rule sets name it plan.segplan). */
export const LINKED_PLAN = { name: 'plan', uri: 'file:///playground/plan.segplan' } as const;

export const asset = (name: string) => new URL(name, document.baseURI).href;

export function startEarly(): EarlyStart {
    const worker = new Worker(asset('language-server.js'));
    const client = new LanguageClient(worker);
    performance.mark('segplan:worker-started');
    const capabilities = client.start({ elkUrl: asset('elk.cjs'), catalogsUrl: asset('builtin-catalogs.json') });
    // For `npm run bench`: where a first visit's time goes (the worker's script and its
    // `initialize`, the editor's script, the check).
    void capabilities.then(() => performance.mark('segplan:server-initialized'), () => undefined);
    // For `npm run bench`: from the page's navigation to the worker's first findings, before the
    // editor shows them (the difference is the editor's script, read meanwhile).
    client.onDiagnostics(params => {
        if (params.diagnostics.length > 0) document.body.dataset.workerDiagnosticsMs ??= String(Math.round(performance.now()));
    });
    const linkedPlan = planOfFragment(window.location.hash);
    void Promise.all([linkedPlan, capabilities]).then(([text]) => {
        // Version 1: the editor's new model of the same text is the same document.
        if (text !== undefined) client.open({ uri: LINKED_PLAN.uri, languageId: 'segplan', version: 1, text });
    }, () => undefined);
    // The findings of the plan in the address are listed as soon as the server has them, while
    // the editor's script may still be read; the editor takes the list over (main.ts).
    let handedOver = false;
    let listed: () => void = () => undefined;
    const firstListed = new Promise<void>(resolve => { listed = resolve; });
    client.onDiagnostics(params => {
        if (handedOver || params.uri !== LINKED_PLAN.uri || (params.version !== undefined && params.version !== 1)) return;
        const problems = document.getElementById('problems'), summary = document.getElementById('problems-summary');
        if (!problems || !summary) return;
        // Nothing to go to before the editor is there: a click does nothing yet.
        renderProblems(problems, summary, params.diagnostics, () => undefined);
        markFirstDiagnostics();
        listed();
    });
    // A server that fails (its worker, or a check it logs as failed) may never list the plan: the editor is not held back for it.
    const failed = new Promise<void>(resolve => {
        worker.addEventListener('error', () => resolve());
        client.onServerError(() => resolve());
    });
    const editorWanted = Promise.race([
        firstListed, failed, capabilities.then(() => new Promise<void>(() => undefined), () => undefined),
        linkedPlan.then(text => text === undefined ? undefined : new Promise<void>(() => undefined), () => undefined)
    ]);
    return { client, capabilities, linkedPlan, handOver: () => { handedOver = true; }, editorWanted };
}

/** For `npm run bench`: from the page's navigation to the first findings on screen (in the Problems list). */
export function markFirstDiagnostics(): void {
    document.body.dataset.firstDiagnosticsMs ??= String(Math.round(performance.now()));
}

/** The start the first script made, or one made now (a page without it). */
export function earlyStart(): EarlyStart {
    const scope = window as { segplanStart?: EarlyStart };
    scope.segplanStart ??= startEarly();
    return scope.segplanStart;
}
