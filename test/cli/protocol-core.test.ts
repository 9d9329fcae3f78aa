import * as assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

// The CLI bundle's language modules import five things of the LSP protocol library from the
// JSON-RPC modules that define them (scripts/protocol-core.mjs): they must be the library's own.
describe('the protocol core of the CLI bundle', () => {
    const require = createRequire(path.join(PROJECT_ROOT, 'package.json'));
    const protocol = require('vscode-languageserver-protocol') as Record<string, unknown>;
    const jsonRpcCommon = path.join(PROJECT_ROOT, 'node_modules', 'vscode-jsonrpc', 'lib', 'common');

    it('has LSP\'s error codes, as the protocol library defines them', async () => {
        const { LSP_ERROR_CODES } = await import(path.join(PROJECT_ROOT, 'scripts', 'protocol-core.mjs')) as { LSP_ERROR_CODES: Record<string, number> };
        assert.deepEqual(LSP_ERROR_CODES, { ...protocol.LSPErrorCodes as Record<string, number> });
    });

    it('re-exports the very objects the protocol library exports', async () => {
        const { PROTOCOL_CORE } = await import(path.join(PROJECT_ROOT, 'scripts', 'protocol-core.mjs')) as { PROTOCOL_CORE: string };
        const reExports = [...PROTOCOL_CORE.matchAll(/^export \{ ([^}]+) \} from '\.\/([\w-]+\.js)';$/gm)];
        assert.ok(reExports.length >= 3, PROTOCOL_CORE);
        for (const [, names, file] of reExports) {
            const module = require(path.join(jsonRpcCommon, file)) as Record<string, unknown>;
            for (const name of names.split(',').map(n => n.trim())) {
                assert.ok(module[name] !== undefined, `${file} has no ${name}`);
                assert.equal(module[name], protocol[name], `${name} of ${file} is not the protocol library's`);
            }
        }
    });
});
