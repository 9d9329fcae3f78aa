import type { AddressSet, IpInterval } from '../network/addresses.js';

/**
 * Statements (the plan's denies) indexed by the addresses they go to, so that each allow rule or
 * host asks only the few whose destinations meet its own: a rule set is made in time linear in
 * the denies, where trying every deny for every rule and host grew with their product.
 */
export class DestinationIndex<T> {
    /** Items to any address: they meet every question. */
    private readonly everywhere: number[] = [];
    private readonly byName = new Map<string, number[]>();
    private readonly v4: IntervalTree;
    private readonly v6: IntervalTree;

    constructor(private readonly items: readonly T[], destinationsOf: (item: T) => AddressSet) {
        const v4: Entry[] = [], v6: Entry[] = [];
        items.forEach((item, id) => {
            const set = destinationsOf(item);
            if (set.any) { this.everywhere.push(id); return; }
            for (const r of set.v4) v4.push({ from: r.from, to: r.to, id });
            for (const r of set.v6) v6.push({ from: r.from, to: r.to, id });
            for (const name of set.names) {
                const list = this.byName.get(name);
                if (list) list.push(id); else this.byName.set(name, [id]);
            }
        });
        this.v4 = new IntervalTree(v4);
        this.v6 = new IntervalTree(v6);
    }

    /** How many items it holds. */
    get size(): number { return this.items.length; }

    /** The items whose destinations share an address (or host name) with `destinations`, in the order given. */
    meeting(destinations: AddressSet): T[] {
        if (destinations.isEmpty) return [];
        if (destinations.any) return [...this.items];
        const found = new Set<number>(this.everywhere);
        for (const r of destinations.v4) this.v4.overlapping(r, found);
        for (const r of destinations.v6) this.v6.overlapping(r, found);
        for (const name of destinations.names) for (const id of this.byName.get(name) ?? []) found.add(id);
        return [...found].sort((a, b) => a - b).map(id => this.items[id]);
    }
}

interface Entry { readonly from: bigint; readonly to: bigint; readonly id: number }

/**
 * Intervals sorted by where they start, as an implicit balanced tree (the middle of each range is
 * its root) that keeps the furthest end of each subtree: a question visits only the subtrees that
 * can hold an overlap, O(log n) plus what it finds.
 */
class IntervalTree {
    private readonly entries: Entry[];
    private readonly furthest: bigint[];

    constructor(entries: Entry[]) {
        this.entries = entries.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
        this.furthest = new Array<bigint>(entries.length);
        this.build(0, entries.length);
    }

    private build(low: number, high: number): bigint {
        if (low >= high) return -1n;
        const middle = (low + high) >> 1;
        let end = this.entries[middle].to;
        const left = this.build(low, middle), right = this.build(middle + 1, high);
        if (left > end) end = left;
        if (right > end) end = right;
        this.furthest[middle] = end;
        return end;
    }

    overlapping(query: IpInterval, found: Set<number>, low = 0, high = this.entries.length): void {
        if (low >= high) return;
        const middle = (low + high) >> 1;
        // Nothing in this subtree reaches the start of the question.
        if (this.furthest[middle] < query.from) return;
        this.overlapping(query, found, low, middle);
        const entry = this.entries[middle];
        // This one and everything after it start beyond the question.
        if (entry.from > query.to) return;
        if (entry.to >= query.from) found.add(entry.id);
        this.overlapping(query, found, middle + 1, high);
    }
}
