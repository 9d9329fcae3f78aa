import {
    DefaultWorkspaceManager, type LangiumDocument, type LangiumDocumentFactory, type LangiumSharedCoreServices,
    type WorkspaceFolder
} from 'langium';
import { builtinCatalogs } from './builtin-catalogs.js';

/** Loads the built-in vendor catalogs into every workspace, before the user's files. */
export class SegplanWorkspaceManager extends DefaultWorkspaceManager {
    private readonly documentFactory: LangiumDocumentFactory;

    constructor(services: LangiumSharedCoreServices) {
        super(services);
        this.documentFactory = services.workspace.LangiumDocumentFactory;
        // Closed files get diagnostics too: a missing flow matters whether or not the file is open.
        this.initialBuildOptions = { validation: true };
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
