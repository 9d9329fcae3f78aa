/**
 * Where two texts start to differ, and how much of their ends they share: what an edit changed in
 * a file. Compared a block at a time by the engine's own string comparison before the characters
 * of the block that differs: a character loop over a large plan runs in the interpreter at the
 * first edits after opening it (each edit runs it once).
 */
const BLOCK = 4096;

/** The length of the longest common start of `a` and `b`. */
export function commonPrefixLength(a: string, b: string): number {
    const limit = Math.min(a.length, b.length);
    let at = 0;
    while (at + BLOCK <= limit && a.slice(at, at + BLOCK) === b.slice(at, at + BLOCK)) at += BLOCK;
    while (at < limit && a.charCodeAt(at) === b.charCodeAt(at)) at++;
    return at;
}

/** The length of the longest common end of `a` and `b`, at most `limit` characters. */
export function commonSuffixLength(a: string, b: string, limit = Math.min(a.length, b.length)): number {
    const most = Math.min(limit, a.length, b.length);
    let length = 0;
    while (length + BLOCK <= most
        && a.slice(a.length - length - BLOCK, a.length - length) === b.slice(b.length - length - BLOCK, b.length - length)) length += BLOCK;
    while (length < most && a.charCodeAt(a.length - 1 - length) === b.charCodeAt(b.length - 1 - length)) length++;
    return length;
}
