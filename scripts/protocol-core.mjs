// An esbuild plugin for the CLI bundle (esbuild.mjs), apart so that a test can read what it puts
// in the bundle without running the build.
import * as path from 'node:path';

/**
 * The CLI's language modules take five things from the LSP protocol library: cancellation tokens,
 * the event emitter, ResponseError and two error codes. Importing the library set up all of it
 * (30 modules) at every start of `segplan check` and `generate`; those imports now take the five
 * from the JSON-RPC modules that define them (the same modules the library re-exports, so the
 * same objects). The language server, which the CLI also runs (`segplan lsp`), imports the whole
 * library as before. A test holds the codes and objects to the library's.
 */

/** LSP's own error codes (LSPErrorCodes of vscode-languageserver-protocol). */
export const LSP_ERROR_CODES = { lspReservedErrorRangeStart: -32899, RequestFailed: -32803, ServerCancelled: -32802, ContentModified: -32801, RequestCancelled: -32800, lspReservedErrorRangeEnd: -32800 };

/** The module the CLI's language modules import instead of the protocol library, in vscode-jsonrpc/lib/common. */
export const PROTOCOL_CORE = `import RIL from '../node/ril.js';
// As the package's Node entry does: the timer and console the two modules below use in Node.
RIL.install();
export { CancellationToken, CancellationTokenSource } from './cancellation.js';
export { Emitter } from './events.js';
export { ResponseError } from './messages.js';
export const LSPErrorCodes = Object.freeze(${JSON.stringify(LSP_ERROR_CODES)});
`;

/** Resolves the protocol library to PROTOCOL_CORE for every importer outside an `lsp` folder. */
export const protocolCoreOutsideTheServer = {
    name: 'protocol-core-outside-the-server',
    setup(build) {
        build.onResolve({ filter: /^vscode-languageserver-protocol$/ }, args => {
            if (args.kind !== 'import-statement' || /[\\/]lsp[\\/]/.test(args.importer)) return undefined;
            return { path: 'vscode-jsonrpc/lib/common/protocol-core.js', namespace: 'protocol-core' };
        });
        build.onLoad({ filter: /.*/, namespace: 'protocol-core' }, () => ({
            contents: PROTOCOL_CORE, resolveDir: path.resolve('node_modules/vscode-jsonrpc/lib/common'), loader: 'js'
        }));
    }
};
