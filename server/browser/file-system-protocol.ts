/**
 * The requests a language server without a file system (a browser worker) sends its client to read
 * the workspace: imports, `segplan.json` and the plans of a folder. The client answers from its own
 * file system (VS Code for the Web: `vscode.workspace.fs`, which serves GitHub repositories and
 * folders opened in the browser alike). A file that is not there is answered with `null`; a
 * failure with a ResponseError whose message says why in words.
 */

export type FileKind = 'file' | 'directory';

export interface FileStat {
    /** `other`: neither a file nor a folder (a FIFO, a device). */
    readonly kind: FileKind | 'other';
}

export interface DirectoryEntry {
    /** The entry's name in the folder. */
    readonly name: string;
    /** What it is; `other` is neither (a FIFO, a device; on the desktop, a symbolic link, as Langium lists a folder). */
    readonly kind: FileKind | 'other';
}

export const StatRequest = 'segplan/fs/stat';
export interface StatParams { readonly uri: string }
/** `null`: nothing at that URI. */
export type StatResult = FileStat | null;

export const ReadFileRequest = 'segplan/fs/readFile';
export interface ReadFileParams {
    readonly uri: string;
    /** A larger file is refused before it is read, with its size in the message. */
    readonly maxBytes: number;
}
/** The file's text (UTF-8), or `null`: no such file. */
export type ReadFileResult = { readonly text: string } | null;

export const ReadDirectoryRequest = 'segplan/fs/readDirectory';
export interface ReadDirectoryParams { readonly uri: string }
/** `null`: no such folder. */
export type ReadDirectoryResult = readonly DirectoryEntry[] | null;
