import {
    DefaultWorkspaceManager, type AstNode, type FileSystemNode, type LangiumDocument, type LangiumSharedCoreServices,
    type ConfigurationProvider, type Stream, URI, type WorkspaceFolder
} from 'langium';
import { projectConfigsOf, type ProjectConfigs } from '../config/project-configs.js';
import { builtinCatalogs, type BuiltinCatalog } from './builtin-catalogs.js';
import { catalogDigest, revivedTree, type PrecompiledCatalogs } from './precompiled-catalogs.js';
import type { SegplanDocumentFactory } from './segplan-document-factory.js';

/**
 * Where the built-in catalogs' precompiled trees come from, if anywhere: the CLI reads them from
 * beside its bundle, the language server from beside its own (a browser worker fetches them).
 */
export interface PrecompiledCatalogSource {
    readonly catalogs: PrecompiledCatalogs;
    /** The grammar the running code was built from: a tree made for another grammar is not used. */
    readonly grammarDigest: string;
}

/** Loads the built-in vendor catalogs into every workspace, before the user's files. */
export class SegplanWorkspaceManager extends DefaultWorkspaceManager {
    private readonly documentFactory: SegplanDocumentFactory;
    private readonly configs: ProjectConfigs;
    private readonly configurationProvider: ConfigurationProvider;
    /** The workspace folders the startup read. */
    private openedFolders: readonly WorkspaceFolder[] = [];

    /** The trees, once read; undefined when there are none (the catalogs are then parsed). */
    private precompiled?: PrecompiledCatalogSource;

    /** `precompiled` may still be on its way (a worker fetches it): the catalogs are loaded once it is there. */
    /**
     * `syntaxOnDemand`: a catalog's concrete syntax is made when first read (the language server
     * points into catalogs); a run that builds once (the CLI) never reads it, and the grammar stays
     * unread.
     */
    constructor(services: LangiumSharedCoreServices, private readonly precompiledSource?: PrecompiledCatalogSource | Promise<PrecompiledCatalogSource | undefined>,
        private readonly options: { readonly syntaxOnDemand: boolean } = { syntaxOnDemand: true }) {
        super(services);
        this.documentFactory = services.workspace.LangiumDocumentFactory as SegplanDocumentFactory;
        this.configs = projectConfigsOf(services);
        this.configurationProvider = services.workspace.ConfigurationProvider;
        // Closed files get diagnostics too: a missing flow matters whether or not the file is open.
        this.initialBuildOptions = { validation: true };
    }

    /**
     * A workspace file that is a copy of a built-in catalog (the repository's own
     * `language/vendor-catalogs`, opened as a workspace) is not loaded a second time: every type would be
     * defined twice ("did you mean 'veeam.MountServer' or 'veeam.MountServer'?").
     */
    protected override async loadWorkspaceDocuments(uris: Stream<URI>, collector: (document: LangiumDocument) => void): Promise<void> {
        const builtins = new Set(builtinCatalogs().map(c => sameText(c.text)));
        await Promise.all(uris.map(async uri => {
            try {
                if (builtins.has(sameText(await this.fileSystemProvider.readFile(uri)))) return;
            } catch {
                // Unreadable now: loading it below reports that on the file.
            }
            try {
                collector(await this.langiumDocuments.getOrCreateDocument(uri));
            } catch (error) {
                // A file that went away since the folder was listed: the rest of the workspace still loads.
                console.error(`SegPlan could not load ${uri.toString()}: ${error instanceof Error ? error.message : String(error)}`);
            }
        }));
    }

    /** A folder's `segplan.json` (and those above it) is read before its files: it may exclude some. */
    override async traverseFolder(folder: URI, uris: URI[]): Promise<void> {
        await this.configs.load(folder, true);
        return super.traverseFolder(folder, uris);
    }

    /**
     * Folders and files a `segplan.json` or the editor's `files.exclude` excludes are not part of
     * the workspace; a folder opened although a config excludes it is (what is opened is checked).
     */
    override shouldIncludeEntry(entry: FileSystemNode): boolean {
        return super.shouldIncludeEntry(entry) && !this.configs.excluded(entry.uri, this.workspaceFolderOf(entry.uri));
    }

    private workspaceFolderOf(uri: URI): URI | undefined {
        const path = uri.toString();
        return this.openedFolders.map(f => URI.parse(f.uri)).filter(f => path.startsWith(f.toString().endsWith('/') ? f.toString() : `${f.toString()}/`))
            .sort((a, b) => b.toString().length - a.toString().length)[0];
    }

    /** The editor's `files.exclude` is read before the folders are. */
    protected override async performStartup(folders: WorkspaceFolder[]): Promise<LangiumDocument[]> {
        const excludes = await this.configurationProvider.getConfiguration('files', 'exclude').catch(() => undefined) as Record<string, unknown> | undefined;
        this.openedFolders = folders;
        for (const folder of folders) this.configs.useEditorExcludes(URI.parse(folder.uri), excludes);
        return super.performStartup(folders);
    }

    protected override async loadAdditionalDocuments(
        folders: WorkspaceFolder[], collector: (document: LangiumDocument) => void
    ): Promise<void> {
        await super.loadAdditionalDocuments(folders, collector);
        // Trees that could not be had (a failed fetch): the catalogs are parsed, as without them.
        this.precompiled = await Promise.resolve(this.precompiledSource).catch(() => undefined);
        const catalogs = builtinCatalogs();
        const trees = new Map(catalogs.flatMap(c => { const tree = this.precompiledTree(c); return tree === undefined ? [] : [[c.name, tree] as const]; }));
        const revived = new Map<string, AstNode>();
        for (const catalog of catalogs) {
            const tree = trees.get(catalog.name);
            if (tree === undefined) {
                collector(this.documentFactory.fromString(catalog.text, catalog.uri));
                continue;
            }
            const services = this.serviceRegistry.getServices(catalog.uri);
            const locator = services.workspace.AstNodeLocator;
            const root = revivedTree(tree, services.references.Linker, {
                revives: name => trees.has(name),
                locate: (name, path) => { const target = revived.get(name); return target && locator.getAstNode(target, path); }
            }, this.options.syntaxOnDemand ? text => services.parser.LangiumParser.parse(text).value : undefined);
            // (The parser is made, and the grammar read, only when a catalog's syntax is first read.)
            revived.set(catalog.name, root);
            collector(this.documentFactory.fromSyntaxTree(root, catalog.text, catalog.uri));
        }
    }

    /** The catalog's precompiled tree, when there is one made from this very text and grammar. */
    private precompiledTree(catalog: BuiltinCatalog): unknown {
        const stored = this.precompiled?.catalogs[catalog.name];
        return stored && stored.textDigest === catalogDigest(this.precompiled!.grammarDigest, catalog.text) ? stored.tree : undefined;
    }
}

/** The text of a file as compared with a built-in catalog: line ends and a byte order mark do not count. */
function sameText(text: string): string {
    return text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
}
