import type { FileSystemProvider, URI } from 'langium';

/**
 * A file system that serves other URI schemes than `file:` (a browser worker's, which reads through
 * its client: VS Code for the Web's GitHub repositories are `vscode-vfs:`).
 */
export interface FileSystemOfSchemes {
    readonly fileSchemes: ReadonlySet<string>;
}

/**
 * Whether a URI is a file of the workspace's file system: one a plan imports, a `segplan.json` sits
 * beside and a folder lists, which goes back to what is stored when its editor closes. On Node that
 * is a `file:` URI; an untitled plan, a diff view's side or a built-in catalog is none.
 */
export function isWorkspaceFile(fileSystem: FileSystemProvider, uri: URI): boolean {
    const schemes = (fileSystem as Partial<FileSystemOfSchemes>).fileSchemes;
    return schemes ? schemes.has(uri.scheme) : uri.scheme === 'file';
}
