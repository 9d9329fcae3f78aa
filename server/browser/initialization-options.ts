/** What a browser client tells the language server's worker in `initializationOptions`. */
export interface WorkerInitializationOptions {
    /** The URI schemes the client serves files for (file-system-protocol.ts); by default `file:` and those of its workspace folders. */
    readonly fileSchemes?: readonly string[];
    /** Where the diagram's layout engine is (out/elk/elk.cjs), as an absolute URL. */
    readonly elkUrl?: string;
    /**
     * Where the built-in catalogs' trees the build made are (builtin-catalogs.json beside the
     * server's bundle), as an absolute URL; without it the worker looks beside its own script.
     */
    readonly catalogsUrl?: string;
}
