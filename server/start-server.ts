import { startLanguageServer } from 'langium/lsp';
import { RegularFileSystem } from '../language/workspace/node/regular-file-system-provider.js';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { publishOnlyCurrentDiagnostics } from '../language/lsp/current-diagnostics.js';
import { createSegplanServices } from '../language/segplan-module.js';
import { answerMemoryAfterCollection, keepServingAfterBackgroundFailures } from './process-handlers.js';

/** Starts the language server; the transport (--stdio, --node-ipc, --socket=…) comes from argv. */
export function startSegplanServer(): void {
    const connection = createConnection(ProposedFeatures.all);
    const { shared } = createSegplanServices({ connection, ...RegularFileSystem });
    publishOnlyCurrentDiagnostics(connection, shared);
    keepServingAfterBackgroundFailures();
    answerMemoryAfterCollection(connection);
    startLanguageServer(shared);
}
