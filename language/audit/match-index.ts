import { rangesOverlap } from '../network/sorted-ranges.js';
import { boxLine, DIMENSIONS, matchLine, type Dimension, type Line } from './traffic-lines.js';
import type { TrafficBox, TrafficMatch } from './traffic-space.js';

/**
 * The matches (rules, allow rules, zones) that can meet a box of traffic, found without looking
 * at the others: a box of one component's traffic meets the few rules of its addresses, not the
 * thousands of a rule base. Exact for addresses, ports and protocol (a match it leaves out cannot
 * meet the box); the evaluator then cuts the box by those it returns.
 */

/**
 * Spans with the matches they belong to, sorted by start, with the furthest end under each node.
 * Held as floating-point numbers, which compare fast: rounding keeps their order, so spans that
 * overlap still do (an IPv6 span that only seems to is dropped by the exact check after).
 */
class SpanTree {
    private readonly from: Float64Array;
    private readonly item: Int32Array;
    private readonly size: number;
    private readonly furthest: Float64Array;
    /** The spans' ends, sorted: with the starts, how many spans a line can meet is counted without visiting them. */
    private readonly ends: Float64Array;

    constructor(entries: { from: bigint; to: bigint; item: number }[]) {
        entries.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
        this.from = Float64Array.from(entries, e => Number(e.from));
        this.ends = Float64Array.from(entries, e => Number(e.to)).sort();
        this.item = Int32Array.from(entries, e => e.item);
        this.size = 1;
        while (this.size < entries.length) this.size *= 2;
        this.furthest = new Float64Array(2 * this.size).fill(-1);
        entries.forEach((e, i) => { this.furthest[this.size + i] = Number(e.to); });
        for (let n = this.size - 1; n >= 1; n--) this.furthest[n] = Math.max(this.furthest[2 * n], this.furthest[2 * n + 1]);
    }

    /**
     * At least as many spans as overlap the line (exactly as many when it is one span): those that
     * start before one of its spans ends, less those that end before it starts.
     */
    countOverlapping(line: Line): number {
        let n = 0;
        for (const s of line) n += below(this.from, Number(s.to), true) - below(this.ends, Number(s.from), false);
        return n;
    }

    /** Calls `found` with the match of every span that overlaps the line (once per span: a match may come more than once). */
    overlapping(line: Line, found: (item: number) => void): void {
        const count = this.from.length;
        if (count === 0 || line.length === 0) return;
        const starts = Float64Array.from(line, s => Number(s.from)), ends = Float64Array.from(line, s => Number(s.to));
        /** Whether a span of the line meets [from, to]. */
        const meets = (from: number, to: number): boolean => {
            let lo = 0, hi = ends.length;
            while (lo < hi) { const mid = (lo + hi) >> 1; if (ends[mid] < from) lo = mid + 1; else hi = mid; }
            return lo < ends.length && starts[lo] <= to;
        };
        // One walk down for the whole line: a subtree is skipped when no span of the line meets
        // the values its spans run over (from its first start to its furthest end).
        const visit = (node: number, first: number, width: number): void => {
            if (first >= count || !meets(this.from[first], this.furthest[node])) return;
            if (node >= this.size) { found(this.item[first]); return; }
            const half = width / 2;
            visit(2 * node, first, half);
            visit(2 * node + 1, first + half, half);
        };
        visit(1, 0, this.size);
    }
}

/** How many of the sorted values are below `value` (or at it, with `orAt`). */
function below(sorted: Float64Array, value: number, orAt: boolean): number {
    let lo = 0, hi = sorted.length;
    while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (sorted[mid] < value || (orAt && sorted[mid] === value)) lo = mid + 1; else hi = mid;
    }
    return lo;
}

type Lines = Record<Dimension, Line | 'all'>;

/** So few matches that trying each costs less than a lookup in a tree of them. */
const FEW_MATCHES = 4;

export class MatchIndex {
    private readonly lines: Lines[];
    private trees?: Record<'sources' | 'destinations', SpanTree>;
    /** Matches that leave the field open: they meet every box in it. */
    private readonly open: Record<'sources' | 'destinations', number[]> = { sources: [], destinations: [] };
    private readonly seen: Uint32Array;
    private stamp = 0;
    /** How many matches the last lookup tried against its box (the work tests count). */
    lastTried = 0;

    constructor(private readonly matches: readonly TrafficMatch[]) {
        this.lines = matches.map(m => ({
            sources: matchLine(m, 'sources'), destinations: matchLine(m, 'destinations'),
            destinationPorts: matchLine(m, 'destinationPorts'), sourcePorts: matchLine(m, 'sourcePorts')
        }));
        this.seen = new Uint32Array(matches.length);
    }

    /** The trees, made when first needed: a few matches are tried one by one. */
    private spanTrees(): Record<'sources' | 'destinations', SpanTree> {
        const tree = (field: 'sources' | 'destinations') => new SpanTree(this.lines.flatMap((l, item) => {
            const line = l[field];
            if (line === 'all') { this.open[field].push(item); return []; }
            return line.map(s => ({ from: s.from, to: s.to, item }));
        }));
        return this.trees ??= { sources: tree('sources'), destinations: tree('destinations') };
    }

    /** The match's values in one field, as spans (`all`: it leaves the field open). */
    line(item: number, dimension: Dimension): Line | 'all' {
        return this.lines[item][dimension];
    }

    /** The matches that meet the box, in their order. */
    meeting(box: TrafficBox): number[] {
        // No match meets anything (a plan without denies): nothing to look up.
        this.lastTried = 0;
        if (this.matches.length === 0) return [];
        const box4 = {
            sources: boxLine(box, 'sources'), destinations: boxLine(box, 'destinations'),
            destinationPorts: boxLine(box, 'destinationPorts')!, sourcePorts: boxLine(box, 'sourcePorts')!
        };
        const meets = (i: number): boolean => {
            this.lastTried++;
            const match = this.matches[i], lines = this.lines[i];
            if (match.protocols && !match.protocols.has(box.protocol)) return false;
            for (const field of DIMENSIONS) {
                const line = lines[field], values = box4[field];
                // A box of host names or `any` is not on the line: any match may meet it there.
                if (line !== 'all' && values && !rangesOverlap(line, values)) return false;
            }
            return true;
        };
        if (!box4.sources || !box4.destinations || this.matches.length <= FEW_MATCHES) return this.matches.map((_, i) => i).filter(meets);
        // Looked up by the field where fewer matches can meet the box (one host's traffic to
        // anywhere: by its source; a server's to one of its many clients: by the client), then
        // checked in every field.
        const trees = this.spanTrees();
        const candidates = (field: 'sources' | 'destinations') => trees[field].countOverlapping(box4[field]!) + this.open[field].length;
        const by = candidates('sources') <= candidates('destinations') ? 'sources' : 'destinations';
        const stamp = ++this.stamp;
        const found: number[] = [];
        trees[by].overlapping(box4[by]!, i => {
            if (this.seen[i] === stamp) return;
            this.seen[i] = stamp;
            if (meets(i)) found.push(i);
        });
        for (const i of this.open[by]) if (meets(i)) found.push(i);
        return found.sort((a, b) => a - b);
    }
}
