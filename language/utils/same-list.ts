/** Whether two lists hold the same objects in the same order (what an incremental pass compares to keep its work). */
export function sameList<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): boolean {
    if (a === b) return true;
    if (!a || !b || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
}
