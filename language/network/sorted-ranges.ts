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
