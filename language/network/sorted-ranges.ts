/** Ranges sorted by start and disjoint: ports (numbers) and address intervals (bigints). */
export interface SortedRange<T extends number | bigint> {
    readonly from: T;
    readonly to: T;
}

/** Whether two sorted, disjoint range lists share a value, in one merge pass without allocating. */
export function rangesOverlap<T extends number | bigint>(a: readonly SortedRange<T>[], b: readonly SortedRange<T>[]): boolean {
    let i = 0, j = 0;
    while (i < a.length && j < b.length) {
        if (a[i].to < b[j].from) i++;
        else if (b[j].to < a[i].from) j++;
        else return true;
    }
    return false;
}

/** The values two sorted, disjoint range lists share, as such a list, in one merge pass. */
export function intersectRanges<T extends number | bigint>(a: readonly SortedRange<T>[], b: readonly SortedRange<T>[]): SortedRange<T>[] {
    const result: SortedRange<T>[] = [];
    let i = 0, j = 0;
    while (i < a.length && j < b.length) {
        const from = a[i].from > b[j].from ? a[i].from : b[j].from;
        const to = a[i].to < b[j].to ? a[i].to : b[j].to;
        if (from <= to) result.push({ from, to });
        if (a[i].to < b[j].to) i++; else j++;
    }
    return result;
}

/** Whether every value of `inner` is in `outer` (both sorted and merged: each range of `inner` sits inside one of `outer`). */
export function rangesContain<T extends number | bigint>(outer: readonly SortedRange<T>[], inner: readonly SortedRange<T>[]): boolean {
    let i = 0;
    // An indexed loop: asked per flow and rule, often in code not yet compiled, where each for…of step allocates.
    for (let k = 0; k < inner.length; k++) {
        const r = inner[k];
        while (i < outer.length && outer[i].to < r.from) i++;
        if (i === outer.length || outer[i].from > r.from || outer[i].to < r.to) return false;
    }
    return true;
}
