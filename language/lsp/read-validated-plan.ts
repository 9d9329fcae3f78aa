import { DocumentState, type LangiumDocument, type URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { isBuiltinUri } from '../workspace/builtin-catalogs.js';
import { importClosure } from '../workspace/plan-imports.js';
import type { SegplanServices } from '../segplan-module.js';

type Token = Parameters<LangiumSharedServices['workspace']['DocumentBuilder']['waitUntil']>[2];

/**
 * Reads the plan a server command (generate rules, diagram, audit, query) is asked about once it
 * and every file it imports have been validated, so its errors and its analysis are known; or
 * says why there is none (a file that is no plan among them). A closed file is loaded and built.
 *
 * `read` runs in the same turn as the check that they are validated. A rebuild can start while
 * the command waits — the watcher reports the file the editor just saved or copied, an imported
 * file changes — and until it has validated the plan again the plan has no diagnostics and no
 * links: a command reading in between would take a plan with errors for a clean one.
 */
export async function readValidatedPlan<T>(shared: LangiumSharedServices, uri: URI, token: Token | undefined, read: (document: LangiumDocument) => T): Promise<{ read: T } | { message: string }> {
    const name = uri.path.split('/').pop();
    // The built-in catalogs are never validated (and are no plans): asking would wait for nothing.
    if (isBuiltinUri(uri)) return { message: `${name} is a built-in vendor catalog, not a plan.` };
    // Before the workspace is loaded the catalogs are not there: flows and purposes would be missing.
    await shared.workspace.WorkspaceManager.ready;
    const documents = shared.workspace.LangiumDocuments;
    const builder = shared.workspace.DocumentBuilder;
    if (!documents.getDocument(uri)) {
        try {
            const document = await documents.getOrCreateDocument(uri);
            await builder.build([document], { validation: true }, token);
        } catch {
            return { message: `Cannot read ${uri.path}.` };
        }
    }
    let waitFor = uri;
    for (;;) {
        await builder.waitUntil(DocumentState.Validated, waitFor, token);
        const document = documents.getDocument(uri);
        if (!document) return { message: `${name} was closed.` };
        const notValidated = importClosure(document, documents).find(d => d.state < DocumentState.Validated && !isBuiltinUri(d.uri));
        if (notValidated) { waitFor = notValidated.uri; continue; }
        if (!(shared.ServiceRegistry.getServices(uri) as SegplanServices).analysis.PlanAnalyzer.isPlan(document)) {
            return { message: `${name} is not a plan: a plan file starts with plan "<name>".` };
        }
        return { read: read(document) };
    }
}
