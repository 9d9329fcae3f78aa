import {
    DefaultWorkspaceManager, type FileSystemNode, type LangiumDocument, type LangiumDocumentFactory, type LangiumSharedCoreServices,
    type Stream, type URI, type WorkspaceFolder
} from 'langium';
import { projectConfigsOf, type ProjectConfigs } from '../config/project-configs.js';
import { builtinCatalogs } from './builtin-catalogs.js';

/** Loads the built-in vendor catalogs into every workspace, before the user's files. */
export class SegplanWorkspaceManager extends DefaultWorkspaceManager {
    private readonly documentFactory: LangiumDocumentFactory;
    private readonly configs: ProjectConfigs;

    constructor(services: LangiumSharedCoreServices) {
        super(services);
        this.documentFactory = services.workspace.LangiumDocumentFactory;
        this.configs = projectConfigsOf(services);
        // Closed files get diagnostics too: a missing flow matters whether or not the file is open.
        this.initialBuildOptions = { validation: true };
    }

    /**
     * A workspace file that is a copy of a built-in catalog (the repository's own
     * `language/catalogs`, opened as a workspace) is not loaded a second time: every type would be
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

    /** Folders and files a `segplan.json` excludes are not part of the workspace. */
    override shouldIncludeEntry(entry: FileSystemNode): boolean {
        return super.shouldIncludeEntry(entry) && !this.configs.excluded(entry.uri);
    }

    protected override async loadAdditionalDocuments(
        folders: WorkspaceFolder[], collector: (document: LangiumDocument) => void
    ): Promise<void> {
        await super.loadAdditionalDocuments(folders, collector);
        for (const catalog of builtinCatalogs()) {
            collector(this.documentFactory.fromString(catalog.text, catalog.uri));
        }
    }
}

/** The text of a file as compared with a built-in catalog: line ends and a byte order mark do not count. */
function sameText(text: string): string {
    return text.replace(/^\uFEFF/, '').replace(/\r\n/g, '\n');
}
