// What the browser bundles (VS Code for the Web's extension and the language server's worker) are
// made of, read from esbuild's metafile: nothing of Node may be reachable from them, not even
// behind a lazy import, because a browser has none of it (the worker's first crash was a module
// that evaluated createRequire(process.execPath) as it loaded).
import * as assert from 'node:assert';
import { readFileSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';

interface Metafile {
    inputs: Record<string, { imports: { path: string; kind: string; external?: boolean }[] }>;
    outputs: Record<string, { bytes: number; inputs: Record<string, unknown> }>;
}

const BUNDLES = { 'out/web/extension.js': 'out/web/extension.meta.json', 'out/server/language-server.js': 'out/server/language-server.meta.json' };
const NODE_BUILTINS = new Set(builtinModules.flatMap(m => [m, `node:${m}`]));
/** Modules of ours that need Node, which a browser bundle must take a browser twin of or leave out. */
const NEEDS_NODE = /(^|\/)language\/workspace\/node\/|\.node\.ts$|(^|\/)language\/utils\/node-builtins\.ts$|(^|\/)server\/(main|start-server)\.ts$/;

describe('the browser bundles', () => {
    for (const [bundle, meta] of Object.entries(BUNDLES)) {
        describe(bundle, () => {
            const metafile = () => JSON.parse(readFileSync(meta, 'utf8')) as Metafile;

            it('reach no Node built-in module, in any kind of import', () => {
                const found = Object.entries(metafile().inputs).flatMap(([input, { imports }]) => imports
                    .filter(i => NODE_BUILTINS.has(i.path))
                    .map(i => `${input} → ${i.path} (${i.kind})`));
                assert.deepStrictEqual(found, []);
            });

            it('hold none of the modules that need Node, nor the Terraform parser', () => {
                const found = Object.keys(metafile().inputs).filter(input => NEEDS_NODE.test(input) || /@cdktf[\\/]hcl2json|[\\/]fs-extra[\\/]/.test(input));
                assert.deepStrictEqual(found, []);
            });

            it('call no require of a Node module at run time', () => {
                // A lazily bundled `require("node:…")` would only fail when reached; `x.require(…)`
                // (lodash probing for Node's util) is a property call on an object that is not there.
                const calls = [...readFileSync(bundle, 'utf8').matchAll(/(?<![.\w$])require\(\s*["']([^"']+)["']\s*\)/g)].map(m => m[1]).filter(m => m !== 'vscode');
                assert.deepStrictEqual(calls, []);
            });
        });
    }

    it('the worker leaves the layout engine out (it fetches it on the first diagram) and stays within 1.5 MB', () => {
        const worker = JSON.parse(readFileSync(BUNDLES['out/server/language-server.js'], 'utf8')) as Metafile;
        assert.deepStrictEqual(Object.keys(worker.inputs).filter(i => /[\\/]elkjs[\\/]/.test(i)), []);
        const bytes = statSync('out/server/language-server.js').size;
        assert.ok(bytes <= 1_500_000, `the worker is ${bytes} bytes`);
    });
});
