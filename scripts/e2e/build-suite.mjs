// Bundles the in-editor test suite (test/vscode/suite/*.ts) into CommonJS under out/test-vscode/:
// VS Code 1.100's extension host require()s the extensionTestsPath, and tsc's output is ESM.
// index.cjs is the @vscode/test-electron entry (exports run()); each *.test.cjs is one mocha file.
// `vscode` comes from the extension host and mocha from node_modules, so neither is bundled.
import * as esbuild from 'esbuild';
import { readdirSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const SUITE_SOURCE = resolve('test/vscode/suite');
export const SUITE_OUT = resolve('out/test-vscode');

export async function buildSuite() {
    const entries = readdirSync(SUITE_SOURCE).filter((f) => f === 'index.ts' || f.endsWith('.test.ts'));
    rmSync(SUITE_OUT, { recursive: true, force: true });
    await esbuild.build({
        entryPoints: entries.map((f) => join(SUITE_SOURCE, f)),
        outdir: SUITE_OUT,
        outExtension: { '.js': '.cjs' },
        bundle: true,
        format: 'cjs',
        platform: 'node',
        target: 'node20',
        sourcemap: 'inline',
        external: ['vscode', 'mocha'],
        logLevel: 'warning'
    });
    return join(SUITE_OUT, 'index.cjs');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
    console.log(await buildSuite());
}
