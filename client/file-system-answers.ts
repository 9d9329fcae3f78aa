import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import {
    ReadDirectoryRequest, ReadFileRequest, StatRequest, type DirectoryEntry, type FileKind, type ReadDirectoryParams, type ReadDirectoryResult,
    type ReadFileParams, type ReadFileResult, type StatParams, type StatResult
} from '../server/browser/file-system-protocol.js';

/**
 * The file reads of a language server without a file system (the web's worker), answered from
 * VS Code's: `vscode.workspace.fs` serves the workspace whatever it is (a GitHub repository on
 * github.dev, a folder opened in the browser), and only the files the server asks for are read.
 */
export function answerFileReads(client: BaseLanguageClient): vscode.Disposable {
    const fs = vscode.workspace.fs;
    return vscode.Disposable.from(
        client.onRequest(StatRequest, async ({ uri }: StatParams): Promise<StatResult> => {
            const stat = await found(fs.stat(vscode.Uri.parse(uri)));
            return stat ? { kind: kindOf(stat.type) } : null;
        }),
        client.onRequest(ReadFileRequest, async ({ uri, maxBytes }: ReadFileParams): Promise<ReadFileResult> => {
            const file = vscode.Uri.parse(uri);
            const stat = await found(fs.stat(file));
            if (!stat) return null;
            // The same words as the desktop's reads (language/workspace/node/regular-file.ts).
            if (kindOf(stat.type) === 'directory') throw new Error('is a folder, not a file');
            if (stat.size > maxBytes) throw new Error(`is ${megabytes(stat.size)} MB; SegPlan reads files up to ${megabytes(maxBytes)} MB`);
            const bytes = await found(fs.readFile(file));
            return bytes ? { text: new TextDecoder().decode(bytes) } : null;
        }),
        client.onRequest(ReadDirectoryRequest, async ({ uri }: ReadDirectoryParams): Promise<ReadDirectoryResult> => {
            const folder = vscode.Uri.parse(uri);
            const entries = await found(fs.readDirectory(folder));
            return entries?.map(([name, type]): DirectoryEntry => ({ name, kind: kindOf(type) })) ?? null;
        })
    );
}

/** What a read gives, or undefined when there is nothing there; any other failure is passed on. */
async function found<T>(read: Thenable<T>): Promise<T | undefined> {
    try {
        return await read;
    } catch (error) {
        if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return undefined;
        throw error;
    }
}

function kindOf(type: vscode.FileType): FileKind {
    return type & vscode.FileType.Directory ? 'directory' : 'file';
}

function megabytes(bytes: number): string {
    return String(Math.round(bytes / 1048576 * 10) / 10);
}
