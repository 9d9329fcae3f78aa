import { statSync } from 'node:fs';
import * as path from 'node:path';
import type { LangiumDocument } from 'langium';
import type { Catalog } from '../../language/catalog/catalog-model.js';
import { inputTooLarge } from '../../language/workspace/input-limits.js';
import { MAX_PLAN_BYTES } from '../../language/workspace/node/regular-file-system-provider.js';
import { cannot } from '../io-error.js';
import { displayFsPath, displayPath, loadWorkspace, type LoadedWorkspace, type LoadOptions } from '../plan-workspace.js';
import { ToolInputError } from './tool-result.js';
import { z } from './mcp-sdk.js';

/**
 * The name a plan given as text goes by: a file in the folder the server runs in, so that its
 * imports and `segplan.json` are found there, as they would be for a file saved there. It is never
 * read from or written to disk.
 */
export const TEXT_PLAN_NAME = '<text>.segplan';

/** How every tool takes its plan: a file, or the plan's text. */
export const planInputShape = {
    path: z.string().optional().describe('The plan file (.segplan): absolute, or relative to the folder the server runs in. Give `path` or `text`.'),
    text: z.string().optional().describe(`The plan's text, when it is not in a file: read as if it were a file named ${TEXT_PLAN_NAME} in the folder the server runs in (its imports are found there). Give \`path\` or \`text\`.`)
};

export interface PlanInput {
    readonly path?: string;
    readonly text?: string;
}

/** A plan read for a tool: its workspace (built with the CLI's services), its document and how to name it. */
export interface LoadedPlan extends LoadedWorkspace {
    readonly document: LangiumDocument;
    /** As the CLI prints it: relative to the current folder when inside it. */
    readonly file: string;
    /** The file the plan was read from; undefined for a plan given as text. */
    readonly fsPath?: string;
}

/**
 * Checks a file a tool is given before anything reads it, as the CLI checks what it is named: it
 * exists, it is a regular file (a symbolic link to one is fine; a folder, FIFO or device is
 * refused) and within the size SegPlan reads.
 */
export function checkedFile(file: string, what: string): string {
    if (file.length === 0) throw new ToolInputError(`${what} is empty: give a file name.`);
    if (file.includes('\0')) throw new ToolInputError(`${what} holds a NUL character: no file has such a name.`);
    const absolute = path.resolve(file);
    let info;
    try {
        info = statSync(absolute);
    } catch (error) {
        throw cannot('read', file, error);
    }
    if (info.isDirectory()) throw new ToolInputError(`cannot read '${file}': it is a folder; name one plan file.`);
    if (!info.isFile()) throw new ToolInputError(`cannot read '${file}': it is not a regular file`);
    if (info.size > MAX_PLAN_BYTES) {
        throw new ToolInputError(`cannot read '${file}': it is ${(info.size / 1048576).toFixed(1)} MB; SegPlan reads files up to ${MAX_PLAN_BYTES / 1048576} MB`);
    }
    return absolute;
}

/** The files a tool was given, read as the CLI reads what it is named; none when it was given no plan. */
async function loadGiven(input: PlanInput, options: Pick<LoadOptions, 'errorsOnly'>, required: boolean): Promise<LoadedWorkspace & { fsPath?: string }> {
    const { path: file, text } = input;
    if (file !== undefined && text !== undefined) throw new ToolInputError('Give the plan as `path` or as `text`, not both.');
    if (text !== undefined) {
        // The limits a file on disk has: one clear message instead of a parse.
        const tooLarge = inputTooLarge(text);
        if (tooLarge) throw new ToolInputError(`The plan's text is beyond what SegPlan reads: ${tooLarge.replace('This file has', 'it has')}`);
        return loadWorkspace([], { ...options, texts: new Map([[path.resolve(TEXT_PLAN_NAME), text]]) });
    }
    if (file !== undefined) {
        const fsPath = checkedFile(file, '`path`');
        return { ...await loadWorkspace([fsPath], options), fsPath };
    }
    if (required) throw new ToolInputError('Give the plan: `path` (a .segplan file) or `text` (the plan itself).');
    return loadWorkspace([], { ...options, allowEmpty: true });
}

/**
 * The plan a tool was given, read and checked as `segplan check` reads it: the built-in catalogs,
 * the plan and every file it imports, built with full validation.
 */
export async function loadPlan(input: PlanInput, options: Pick<LoadOptions, 'errorsOnly'> = {}): Promise<LoadedPlan> {
    const loaded = await loadGiven(input, options, true);
    const document = loaded.documents[0];
    if (!document || !loaded.services.analysis.PlanAnalyzer.isPlan(document)) {
        throw new ToolInputError(`${loaded.fsPath === undefined ? 'The text' : displayFsPath(loaded.fsPath)} is not a plan: a plan file starts with plan "<name>".`);
    }
    return { ...loaded, document, file: displayPath(document) };
}

/** The vendor catalogs: the built-in ones, and the vendors of the file given (a plan or a catalog of one's own), as `segplan catalog` reads them. */
export async function loadCatalog(input: PlanInput): Promise<Catalog> {
    return (await loadGiven(input, {}, false)).services.analysis.PlanAnalyzer.catalog();
}
