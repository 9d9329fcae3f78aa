import type * as vscode from 'vscode';

/** The last segment of a URI's path (`plan.segplan`), on every scheme: disk, GitHub, a browser's folder. */
export function baseName(uri: vscode.Uri): string {
    return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** Whether a URI is a stored file (on disk, in a repository VS Code for the Web opened), not an untitled editor's. */
export function isStoredFile(uri: vscode.Uri, fs: vscode.FileSystem): boolean {
    return fs.isWritableFileSystem(uri.scheme) !== undefined;
}
