/**
 * Why the last read of a file failed, by URI, so that an `import` of it says why
 * ("'/dev/zero' is not a regular file") rather than only that it was not found. A later
 * successful read forgets it.
 */
const reasons = new Map<string, string>();

export function rememberUnreadable(uri: string, why: string): void {
    reasons.set(uri, why);
}

export function forgetUnreadable(uri: string): void {
    reasons.delete(uri);
}

export function whyUnreadable(uri: string): string | undefined {
    return reasons.get(uri);
}
