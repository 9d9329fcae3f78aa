// Build step (run by esbuild.mjs after bundling): parses and links the built-in catalogs once and
// writes their trees next to the CLI bundle, which then reads them instead of parsing at every start.
// A catalog with a syntax or reference error stops the build.
import { writeFileSync } from 'node:fs';
import { builtinCatalogTrees } from './builtin-catalog-trees.js';
import { bundledGrammarDigest } from './precompiled-catalog-file.js';

async function main(outFile: string): Promise<void> {
    const grammarDigest = bundledGrammarDigest();
    if (!grammarDigest) throw new Error('precompile-catalogs runs from the bundle the build makes (no grammar digest here)');
    const trees = await builtinCatalogTrees(grammarDigest);
    // ASCII, non-ASCII characters written as JSON escapes: read as UTF-8, a file with one em dash
    // becomes a two-byte string, which every start parsed at half speed into two-byte texts.
    writeFileSync(outFile, JSON.stringify(trees).replace(/[\u0080-\uffff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

main(process.argv[2]).catch(error => {
    console.error(`precompile-catalogs: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
});
