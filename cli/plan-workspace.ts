import { readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { createSegplanCoreServices, type SegplanCoreServices } from '../language/segplan-core-module.js';
import { compareText } from '../language/utils/compare-text.js';
import type { SegplanDocument } from '../language/generated/ast.js';
import { importClosure, importedUri } from '../language/workspace/plan-imports.js';
import { projectConfigsOf, type ProjectConfigs } from '../language/config/project-configs.js';
import { CliFileSystem } from './cli-file-system.js';
import { cannot, ioReason, IoError } from './io-error.js';
import { precompiledCatalogSource } from './precompiled-catalog-file.js';
import { UsageError } from './usage-error.js';

export interface LoadedWorkspace {
    readonly services: SegplanCoreServices;
    /** The files the user named (folders expanded), in a stable order. */
    readonly documents: LangiumDocument[];
}

async function expand(target: string, configs: ProjectConfigs, named = path.resolve(target)): Promise<string[]> {
    let info;
    try {
        info = statSync(target);
    } catch (error) {
        throw cannot('read', target, error);
    }
    // A file named on the command line is checked even where segplan.json excludes it.
    if (info.isFile()) return [path.resolve(target)];
    // A FIFO or device is never read (it may never end); only a folder is looked into.
    if (!info.isDirectory()) throw new IoError(`cannot read '${target}': it is not a regular file`);
    await configs.load(URI.file(path.resolve(target)), true);
    let entries;
    try {
        entries = readdirSync(target, { withFileTypes: true });
    } catch (error) {
        throw cannot('read', target, error);
    }
    const found: string[] = [];
    for (const entry of entries.sort((a, b) => compareText(a.name, b.name))) {
        if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
        const full = path.join(target, entry.name);
        // A config that excludes the named folder itself does not apply inside it: what is named is checked.
        if (configs.excluded(URI.file(path.resolve(full)), URI.file(named))) continue;
        if (entry.isDirectory()) found.push(...await expand(full, configs, named));
        else if (entry.name.endsWith('.segplan')) found.push(path.resolve(full));
    }
    return found;
}

export interface LoadOptions {
    /** No file to check is not an error (`segplan catalog` without files). */
    readonly allowEmpty?: boolean;
    /** The command reads only the plans' errors (`generate`): other analysis findings are left unwritten. */
    readonly errorsOnly?: boolean;
    /**
     * Files given as text instead of read from disk (an agent's plan, `segplan mcp`), by absolute
     * path: they are named files, and what they import is read from beside that path.
     */
    readonly texts?: ReadonlyMap<string, string>;
}

/**
 * Loads the built-in catalogs, the named files and folders, and every file they import, then
 * builds them all with full validation — the same services the language server runs.
 */
export async function loadWorkspace(targets: string[], options: LoadOptions = {}): Promise<LoadedWorkspace> {
    // SEGPLAN_LEAN_PARSER=off parses every file with Langium's parser (a test compares the two).
    const leanParser = process.env.SEGPLAN_LEAN_PARSER !== 'off';
    const services = createSegplanCoreServices({ ...CliFileSystem, precompiledCatalogs: precompiledCatalogSource(), builtOnce: true, leanParser }).Segplan;
    if (options.errorsOnly) services.settings.FindingSeverities.reportOnly('error');
    const shared = services.shared;
    await shared.workspace.WorkspaceManager.initializeWorkspace([]);
    const configs = projectConfigsOf(shared);
    const texts = options.texts ?? new Map<string, string>();
    const files = [...new Set([...(await Promise.all(targets.map(t => expand(t, configs)))).flat(), ...texts.keys()])];
    if (files.length === 0 && !options.allowEmpty) throw new UsageError(`No .segplan files in ${targets.join(', ')}.`);
    const langiumDocuments = shared.workspace.LangiumDocuments;
    for (const [file, text] of texts) langiumDocuments.addDocument(shared.workspace.LangiumDocumentFactory.fromString(text, URI.file(file)));
    const named: LangiumDocument[] = [];
    const queue: URI[] = files.map(f => URI.file(f));
    const seen = new Set<string>();
    while (queue.length) {
        const uri = queue.shift()!;
        if (seen.has(uri.toString())) continue;
        seen.add(uri.toString());
        let document: LangiumDocument;
        try {
            document = await langiumDocuments.getOrCreateDocument(uri);
        } catch (error) {
            // A missing import is reported by validation, at the import; a named file must be read.
            if (!files.includes(uri.fsPath)) continue;
            if (ioReason(error)) throw cannot('read', displayFsPath(uri.fsPath), error);
            throw error; // not a file system error: an internal failure, reported as one
        }
        if (files.includes(uri.fsPath)) named.push(document);
        for (const imp of (document.parseResult.value as SegplanDocument).imports ?? []) {
            // A bare `import` is a syntax error, and an import of another kind of file an error of
            // validation, reported as such: neither is read.
            if (imp.path?.endsWith('.segplan')) queue.push(importedUri(document, imp));
        }
    }
    await shared.workspace.DocumentBuilder.build(langiumDocuments.all.toArray(), { validation: true });
    named.sort((a, b) => compareText(a.uri.fsPath, b.uri.fsPath));
    return { services, documents: named };
}

/** A path as the user would like to read it: relative to the current folder when inside it. */
export function displayPath(document: LangiumDocument): string {
    return displayFsPath(document.uri.fsPath);
}

export function displayFsPath(fsPath: string): string {
    const relative = path.relative(process.cwd(), fsPath);
    return relative.startsWith('..') || path.isAbsolute(relative) ? fsPath : relative;
}

/**
 * The named files and every file they import, in a stable order: a plan's findings about the
 * elements of an imported file are reported in that file, so checking the plan must show it too.
 */
export function withImportedFiles(workspace: LoadedWorkspace): LangiumDocument[] {
    const documents = workspace.services.shared.workspace.LangiumDocuments;
    const all = new Map<string, LangiumDocument>();
    for (const document of workspace.documents) {
        for (const d of importClosure(document, documents)) all.set(d.uri.toString(), d);
    }
    return [...all.values()].sort((a, b) => compareText(a.uri.fsPath, b.uri.fsPath));
}
