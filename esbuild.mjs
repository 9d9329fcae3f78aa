// Bundles the VS Code client, the language server and the CLI into CommonJS files that run on
// Node 20 with nothing else installed (the .vsix ships no node_modules).
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const polyfills = readFileSync(new URL('./scripts/node20-polyfills.mjs', import.meta.url), 'utf8');

const common = {
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    outExtension: { '.js': '.cjs' },
    sourcemap: true,
    external: ['vscode'],
    logLevel: 'warning',
    // Langium's parser needs Object.groupBy before any module of the bundle runs.
    banner: { js: polyfills }
};

const entries = {
    'client/extension': 'client/extension.ts',
    'server/main': 'server/main.ts',
    'cli/segplan': 'cli/main.ts'
};

const options = { ...common, entryPoints: entries, outdir: 'out' };
if (watch) {
    const context = await esbuild.context(options);
    await context.watch();
} else {
    await esbuild.build(options);
}
