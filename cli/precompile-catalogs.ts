// Build step (run by esbuild.mjs after bundling): parses and links the built-in catalogs once and
// writes their trees next to the CLI bundle, which then reads them instead of parsing at every start.
// A catalog with a syntax or reference error stops the build.
import { writeFileSync } from 'node:fs';
import { AstUtils, EmptyFileSystem } from 'langium';
import { createSegplanCoreServices } from '../language/segplan-core-module.js';
import { builtinCatalogs } from '../language/workspace/builtin-catalogs.js';
import { catalogDigest, storedTree, type PrecompiledCatalog } from '../language/workspace/precompiled-catalogs.js';
import { bundledGrammarDigest } from './precompiled-catalog-file.js';

async function main(outFile: string): Promise<void> {
    const grammarDigest = bundledGrammarDigest();
    if (!grammarDigest) throw new Error('precompile-catalogs runs from the bundle the build makes (no grammar digest here)');
    const { shared, Segplan } = createSegplanCoreServices(EmptyFileSystem);
    await shared.workspace.WorkspaceManager.initializeWorkspace([]);
    const documents = shared.workspace.LangiumDocuments;
    await shared.workspace.DocumentBuilder.build(documents.all.toArray(), {});
    const trees: Record<string, PrecompiledCatalog> = {};
    for (const catalog of builtinCatalogs()) {
        const document = documents.getDocument(catalog.uri);
        if (!document) throw new Error(`built-in catalog ${catalog.name} was not loaded`);
        const { lexerErrors, parserErrors, value } = document.parseResult;
        const broken = [...lexerErrors.map(e => e.message), ...parserErrors.map(e => e.message),
            ...AstUtils.streamAst(value).flatMap(node => AstUtils.streamReferences(node)).filter(r => r.reference.error).map(r => r.reference.error!.message)];
        if (broken.length) throw new Error(`built-in catalog ${catalog.name}: ${broken.slice(0, 5).join('; ')}`);
        trees[catalog.name] = { textDigest: catalogDigest(grammarDigest, catalog.text), tree: storedTree(value, Segplan) };
    }
    // ASCII, non-ASCII characters written as JSON escapes: read as UTF-8, a file with one em dash
    // becomes a two-byte string, which every start parsed at half speed into two-byte texts.
    writeFileSync(outFile, JSON.stringify(trees).replace(/[\u0080-\uffff]/g, c => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`));
}

main(process.argv[2]).catch(error => {
    console.error(`precompile-catalogs: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
});
