/**
 * What the language server tells the editor about the workspace as a whole: whether it is still
 * checking, and once every file it knows is checked, how many and what they report. The client
 * shows it as a language status item; an editor or a test can wait for it instead of for time.
 * Type-only and free of imports: the extension (client/) reads it without the language.
 */
export const WORKSPACE_STATUS_METHOD = 'segplan/workspaceStatus';

/** A check of the workspace has been asked for (an edit, a saved file, a changed setting) and runs. */
export interface WorkspaceChecking {
    readonly state: 'checking';
}

/** Nothing is left to check: every file of the workspace has been checked with what the editor has now. */
export interface WorkspaceChecked {
    readonly state: 'checked';
    /** The files of the workspace (plans, catalogs, imported sites), the built-in catalogs left out. */
    readonly files: number;
    /** Findings of these files by severity, as published to the editor. */
    readonly errors: number;
    readonly warnings: number;
    readonly infos: number;
    readonly hints: number;
    /** Files the server could not finish checking (an internal failure): never counted as clean. */
    readonly unchecked: number;
}

export type WorkspaceStatus = WorkspaceChecking | WorkspaceChecked;
