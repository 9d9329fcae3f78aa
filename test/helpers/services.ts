import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { createSegplanServices, type SegplanServices } from '../../language/segplan-module.js';
import { builtinCatalogTrees } from '../../cli/builtin-catalog-trees.js';

let counter = 0;

/** Stands for the grammar digest of a bundle: the trees below are made and read by this same code. */
const GRAMMAR = 'compiled-sources-under-test';

/**
 * The built-in catalogs' trees as the build stores them (cli/precompile-catalogs.ts), made once per
 * test run from the catalogs parsed and linked here, as JSON text: a revived tree becomes part of
 * the services that read it, so each set of services reads its own copy. Parsing the catalogs for
 * every set of services was most of what a small test cost; test/workspace/precompiled-catalogs
 * holds that the trees give what parsing gives.
 */
let storedCatalogs: Promise<string> | undefined;

async function parseCatalogsOnce(): Promise<string> {
    return JSON.stringify(await builtinCatalogTrees(GRAMMAR));
}

/**
 * Fresh services with the built-in catalogs loaded, as the language server has them: from the
 * trees its bundle is shipped with, the concrete syntax of a catalog made when first read. A test
 * of what parsing a catalog gives asks for `catalogs: 'parsed'`.
 */
export async function createTestServices(options: { readonly catalogs?: 'precompiled' | 'parsed' } = {}): Promise<SegplanServices> {
    const precompiledCatalogs = options.catalogs === 'parsed' ? undefined
        : { grammarDigest: GRAMMAR, catalogs: JSON.parse(await (storedCatalogs ??= parseCatalogsOnce())) };
    const services = createSegplanServices({ ...EmptyFileSystem, precompiledCatalogs }).Segplan;
    await services.shared.workspace.WorkspaceManager.initializeWorkspace([]);
    return services;
}

/**
 * Parses, links and validates in-memory documents as one workspace. Each entry is a file name and
 * its text; the first one is returned. Imports between them resolve by file name.
 */
export async function buildDocuments(services: SegplanServices, files: Record<string, string>): Promise<LangiumDocument[]> {
    const folder = `file:///test-${++counter}`;
    const factory = services.shared.workspace.LangiumDocumentFactory;
    const documents = services.shared.workspace.LangiumDocuments;
    const created = Object.entries(files).map(([name, text]) => {
        const document = factory.fromString(text, URI.parse(`${folder}/${name}`));
        documents.addDocument(document);
        return document;
    });
    await services.shared.workspace.DocumentBuilder.build(created, { validation: true });
    return created;
}

export async function buildPlan(services: SegplanServices, text: string): Promise<LangiumDocument> {
    return (await buildDocuments(services, { 'plan.segplan': text }))[0];
}

/** Diagnostics as `line:severity:code` strings (1-based lines), hints left out. */
export function diagnosticSummary(document: LangiumDocument, withHints = false): string[] {
    const names = ['', 'error', 'warning', 'info', 'hint'];
    return (document.diagnostics ?? [])
        .filter(d => withHints || d.severity !== 4)
        .map(d => `${d.range.start.line + 1}:${names[d.severity ?? 1]}:${d.code}`)
        .sort();
}
