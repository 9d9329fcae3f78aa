import { URI, UriUtils, type FileSystemProvider, type LangiumSharedCoreServices } from 'langium';
import { isWorkspaceFile } from '../utils/workspace-files.js';
import { excludePattern, parseProjectConfig, PROJECT_CONFIG_FILE, type ConfigProblem, type ProjectConfig } from './project-config.js';

/** A `segplan.json` as read: where it is, what it says, what is wrong in it. */
export interface LoadedProjectConfig {
    readonly file: URI;
    readonly folder: URI;
    readonly config: ProjectConfig;
    readonly problems: readonly ConfigProblem[];
    /** Whether a path inside the folder is excluded. */
    readonly excludes: (uri: URI) => boolean;
}

/**
 * The `segplan.json` files of the workspace: a plan file follows the nearest one in its folder or
 * above, as the CLI does. Loading is asynchronous (the file system); the build loads what its
 * documents need first (SegplanDocumentBuilder), so validation reads them without waiting.
 */
export class ProjectConfigs {
    private readonly fileSystem: FileSystemProvider;
    /** Folder → the config written in that folder (null: none), once read. */
    private readonly byFolder = new Map<string, LoadedProjectConfig | null>();
    private readonly pending = new Map<string, Promise<void>>();

    /**
     * `targetIds`: the rule-set targets a `defaultTarget` may name. The emitters sit above this
     * layer, so the module that wires both hands their names in.
     */
    constructor(shared: LangiumSharedCoreServices, private readonly targetIds: () => readonly string[]) {
        this.fileSystem = shared.workspace.FileSystemProvider;
    }

    /** Reads the configs of a file's (or folder's) folder and every folder above it. */
    async load(uri: URI, isFolder = false): Promise<void> {
        if (!isWorkspaceFile(this.fileSystem, uri)) return;
        await Promise.all(foldersAbove(isFolder ? uri : UriUtils.dirname(uri)).map(folder => this.loadFolder(folder)));
    }

    private loadFolder(folder: URI): Promise<void> {
        const key = folder.toString();
        if (this.byFolder.has(key)) return Promise.resolve();
        let loading = this.pending.get(key);
        if (!loading) {
            loading = this.read(folder).then(config => { this.byFolder.set(key, config); this.pending.delete(key); });
            this.pending.set(key, loading);
        }
        return loading;
    }

    private async read(folder: URI): Promise<LoadedProjectConfig | null> {
        const file = UriUtils.joinPath(folder, PROJECT_CONFIG_FILE);
        let text: string;
        try {
            if (!await this.fileSystem.exists(file)) return null;
            text = await this.fileSystem.readFile(file);
        } catch (error) {
            const reason = error instanceof Error ? error.message : String(error);
            return loaded(file, folder, { config: parseProjectConfig('{}', []).config, problems: [{ line: 1, column: 1, message: `cannot be read: ${reason}` }] });
        }
        return loaded(file, folder, parseProjectConfig(text, this.targetIds()));
    }

    /** The config a file follows: the nearest loaded one in its folder or above. */
    nearest(uri: URI): LoadedProjectConfig | undefined {
        if (!isWorkspaceFile(this.fileSystem, uri)) return undefined;
        for (const folder of foldersAbove(UriUtils.dirname(uri))) {
            const config = this.byFolder.get(folder.toString());
            if (config) return config;
        }
        return undefined;
    }

    /** The editor's own excludes (VS Code's `files.exclude`), each relative to a workspace folder. */
    private editorExcludes: Array<{ readonly folder: URI; readonly excludes: (uri: URI) => boolean }> = [];

    /** Takes the editor's `files.exclude` (pattern → on or off) for a workspace folder; the last call for a folder wins. */
    useEditorExcludes(folder: URI, patterns: Readonly<Record<string, unknown>> | undefined): void {
        const on = Object.entries(patterns ?? {}).filter(([pattern, value]) => value === true && pattern.trim() !== '' && !pattern.startsWith('/')).map(([p]) => p);
        this.editorExcludes = this.editorExcludes.filter(e => e.folder.toString() !== folder.toString());
        if (on.length > 0) this.editorExcludes.push({ folder, excludes: excludesIn(folder, on.map(p => p.replace(/^\.\//, '').replace(/\/+$/, ''))) });
    }

    /**
     * Whether a config excludes this file or folder, or the editor's `files.exclude` does. With
     * `named` (the folder the user named or opened), a config that excludes that folder itself does
     * not apply inside it: naming a folder checks it, as naming a file does.
     */
    excluded(uri: URI, named?: URI): boolean {
        if (!isWorkspaceFile(this.fileSystem, uri)) return false;
        if (this.editorExcludes.some(e => e.excludes(uri) && !(named && e.excludes(named)))) return true;
        for (const folder of foldersAbove(UriUtils.dirname(uri))) {
            const config = this.byFolder.get(folder.toString());
            if (config?.excludes(uri) && !(named && config.excludes(named))) return true;
        }
        return false;
    }

    /** Whether a changed file is a config: then everything is read again. */
    isConfigFile(uri: URI): boolean {
        return UriUtils.basename(uri) === PROJECT_CONFIG_FILE;
    }

    forget(): void {
        this.byFolder.clear();
    }
}

function loaded(file: URI, folder: URI, parsed: { config: ProjectConfig; problems: ConfigProblem[] }): LoadedProjectConfig {
    return { file, folder, ...parsed, excludes: excludesIn(folder, parsed.config.exclude) };
}

/** Whether a path is one the patterns (relative to `folder`) exclude. */
function excludesIn(folder: URI, patterns: readonly string[]): (uri: URI) => boolean {
    const tests = patterns.map(excludePattern);
    const base = folder.path.endsWith('/') ? folder.path : `${folder.path}/`;
    return uri => uri.path.startsWith(base) && tests.some(test => test(uri.path.slice(base.length)));
}

/** The folder and every folder above it, nearest first. */
function foldersAbove(folder: URI): URI[] {
    const folders: URI[] = [];
    let current = folder;
    for (;;) {
        folders.push(current);
        const parent = UriUtils.dirname(current);
        if (parent.path === current.path) return folders;
        current = parent;
    }
}

/** The project configs of shared services SegPlan created (`config.ProjectConfigs`, see segplan-module). */
export function projectConfigsOf(shared: LangiumSharedCoreServices): ProjectConfigs {
    return (shared as unknown as { config: { ProjectConfigs: ProjectConfigs } }).config.ProjectConfigs;
}
