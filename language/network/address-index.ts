import type { AddressSet, IpInterval } from './addresses.js';

/**
 * Items filed by the addresses they name, to find the items whose addresses may meet a set of
 * addresses without trying every item: an allow rule against thousands of denies. It finds every
 * item whose addresses intersect the asked set, and may find more (an item whose address runs only
 * surround the set's); whoever asks decides exactly. It never leaves one out.
 */
export class AddressIndex {
    /** Items whose set is every address. */
    private readonly anywhere: number[] = [];
    private readonly byName = new Map<string, number[]>();
    private readonly v4: Runs;
    private readonly v6: Runs;

    /** `sets[i]` is the addresses of item i. */
    constructor(private readonly sets: readonly AddressSet[]) {
        const v4: Run[] = [], v6: Run[] = [];
        sets.forEach((set, item) => {
            if (set.any) {
                this.anywhere.push(item);
                return;
            }
            for (const name of set.names) {
                const list = this.byName.get(name);
                if (list) list.push(item); else this.byName.set(name, [item]);
            }
            for (const interval of set.v4) v4.push({ interval, item });
            for (const interval of set.v6) v6.push({ interval, item });
        });
        this.v4 = runsOf(v4);
        this.v6 = runsOf(v6);
    }

    /** The items whose addresses may meet `addresses`, each once, in item order. */
    candidates(addresses: AddressSet): number[] {
        if (addresses.isEmpty) return [];
        if (addresses.any) return this.sets.flatMap((set, item) => (set.isEmpty ? [] : [item]));
        const found = new Set<number>(this.anywhere);
        for (const name of addresses.names) for (const item of this.byName.get(name) ?? []) found.add(item);
        for (const interval of addresses.v4) this.v4.meeting(interval, found);
        for (const interval of addresses.v6) this.v6.meeting(interval, found);
        return [...found].sort((a, b) => a - b);
    }
}

interface Run {
    readonly interval: IpInterval;
    readonly item: number;
}

/**
 * Address runs sorted by where they start, with the farthest end reached so far: the runs that
 * meet an interval start before its end, and a scan back from there stops where no earlier run
 * reaches its start.
 */
class Runs {
    constructor(private readonly runs: readonly Run[], private readonly reach: readonly bigint[]) {}

    meeting(interval: IpInterval, found: Set<number>): void {
        const runs = this.runs;
        // The last run that starts at or before the interval's end.
        let low = 0, high = runs.length;
        while (low < high) {
            const middle = (low + high) >> 1;
            if (runs[middle].interval.from <= interval.to) low = middle + 1; else high = middle;
        }
        for (let i = low - 1; i >= 0 && this.reach[i] >= interval.from; i--) {
            if (runs[i].interval.to >= interval.from) found.add(runs[i].item);
        }
    }
}

function runsOf(runs: Run[]): Runs {
    runs.sort((a, b) => (a.interval.from < b.interval.from ? -1 : a.interval.from > b.interval.from ? 1 : 0));
    const reach: bigint[] = [];
    let farthest = -1n;
    for (const run of runs) {
        if (run.interval.to > farthest) farthest = run.interval.to;
        reach.push(farthest);
    }
    return new Runs(runs, reach);
}
