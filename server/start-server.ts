import { startLanguageServer } from 'langium/lsp';
import { NodeFileSystem } from 'langium/node';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { publishOnlyCurrentDiagnostics } from '../language/lsp/current-diagnostics.js';
import { createSegplanServices } from '../language/segplan-module.js';

/** Starts the language server; the transport (--stdio, --node-ipc, --socket=…) comes from argv. */
export function startSegplanServer(): void {
    const connection = createConnection(ProposedFeatures.all);
    const { shared } = createSegplanServices({ connection, ...NodeFileSystem });
    publishOnlyCurrentDiagnostics(connection, shared);
    startLanguageServer(shared);
}
