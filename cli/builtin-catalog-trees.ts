import { AstUtils, EmptyFileSystem } from 'langium';
import { createSegplanCoreServices } from '../language/segplan-core-module.js';
import { builtinCatalogs } from '../language/workspace/builtin-catalogs.js';
import { catalogDigest, storedTree, type PrecompiledCatalog } from '../language/workspace/precompiled-catalogs.js';

/**
 * The built-in catalogs parsed and linked once, as the trees the build stores beside the bundles
 * (precompile-catalogs.ts) and the tests' services read. A catalog with a syntax or reference
 * error is refused: no tree is made of it.
 */
export async function builtinCatalogTrees(grammarDigest: string): Promise<Record<string, PrecompiledCatalog>> {
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
    return trees;
}
