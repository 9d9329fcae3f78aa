import { DocumentState, type LangiumDocument, type URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { isBuiltinUri } from '../workspace/builtin-catalogs.js';

type Token = Parameters<LangiumSharedServices['workspace']['DocumentBuilder']['waitUntil']>[2];

/**
 * The document a server command (generate rules, diagram, audit) is asked about, once it has been
 * validated, so its errors are known; or why there is none. A closed file is loaded and built.
 */
export async function validatedPlanDocument(shared: LangiumSharedServices, uri: URI, token?: Token): Promise<{ document: LangiumDocument } | { message: string }> {
    const name = uri.path.split('/').pop();
    // The built-in catalogs are never validated (and are no plans): asking would wait for nothing.
    if (isBuiltinUri(uri)) return { message: `${name} is a built-in vendor catalog, not a plan.` };
    // Before the workspace is loaded the catalogs are not there: flows and purposes would be missing.
    await shared.workspace.WorkspaceManager.ready;
    const documents = shared.workspace.LangiumDocuments;
    let document = documents.getDocument(uri);
    if (!document) {
        try {
            document = await documents.getOrCreateDocument(uri);
            await shared.workspace.DocumentBuilder.build([document], { validation: true }, token);
        } catch {
            return { message: `Cannot read ${uri.path}.` };
        }
    }
    await shared.workspace.DocumentBuilder.waitUntil(DocumentState.Validated, uri, token);
    return { document };
}
