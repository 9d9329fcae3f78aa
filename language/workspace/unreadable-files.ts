import type { LangiumSharedCoreServices } from 'langium';
import type { SegplanSharedCoreServices } from '../segplan-core-module.js';

/**
 * Why the last read of a file failed, by URI, so that an `import` of it says why
 * ("'/dev/zero' is not a regular file") rather than only that it was not found. A later read
 * forgets it, whether it succeeds or fails for another reason (the file is gone). One per
 * services instance (a shared service): what one workspace read says nothing of another's files,
 * and a process may hold several (the MCP server builds one per request).
 */
export class UnreadableFiles {
    private readonly reasons = new Map<string, string>();

    remember(uri: string, why: string): void {
        this.reasons.set(uri, why);
    }

    forget(uri: string): void {
        this.reasons.delete(uri);
    }

    why(uri: string): string | undefined {
        return this.reasons.get(uri);
    }
}

/** The services' record of refused reads, for a file system provider made by the services' context. */
export function unreadableFilesOf(shared: LangiumSharedCoreServices): UnreadableFiles {
    return (shared as SegplanSharedCoreServices).workspace.UnreadableFiles;
}
