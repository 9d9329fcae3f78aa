import { boxLine, DIMENSIONS, intersectLines, sameLine, withLine, type Dimension, type Line, type Span } from './traffic-lines.js';
import type { TrafficBox } from './traffic-space.js';

/**
 * A box of traffic cut into parts ("cells") that each meet only a few of the rules, so that the
 * first-match evaluation of a cell walks those rules alone. A firewall evaluates each packet on
 * its own, so evaluating the cells one by one gives exactly what evaluating the whole box gives;
 * the work grows with the rules that meet in a cell, not with the product of all of them.
 *
 * The box is cut along one field at a time (sources, then destinations, then ports): at every
 * boundary of a rule's values in that field, and parts of the field that the same rules cover
 * are joined again (the addresses of one component, of the rest of its zone, of no rule at all).
 * A rule that covers the whole field of the box goes to every part; one that misses a part is
 * left out of it. After a cut every rule of a part covers that field whole, so the next cut is
 * along the next field.
 */

export interface Cell {
    readonly box: TrafficBox;
    /** The rules (by number, in order) that may meet the cell: every rule that meets it is among them. */
    readonly items: readonly number[];
}

/** Where the rules' values in each field are: `all` for a rule that leaves the field open. */
export interface RuleLines {
    line(item: number, dimension: Dimension): Line | 'all';
}

/**
 * The rules of a part its traffic can reach: those behind a rule that decides all of it are
 * left out, and need not be walked nor cut for.
 */
export type ReachedRules = (box: TrafficBox, items: readonly number[]) => readonly number[];

/** Few enough rules that walking them on the whole cell costs less than cutting it further. */
const FEW_RULES = 8;

export function partitionTraffic(box: TrafficBox, items: readonly number[], rules: RuleLines, reached: ReachedRules = (_, all) => all): Cell[] {
    const cells: Cell[] = [];
    const cut = (part: TrafficBox, all: readonly number[], field: number): void => {
        const meeting = reached(part, all);
        if (meeting.length > FEW_RULES) {
            for (let d = field; d < DIMENSIONS.length; d++) {
                const parts = cutAlong(DIMENSIONS[d], part, meeting, rules);
                if (!parts) continue;
                for (const p of parts) cut(p.box, p.items, d + 1);
                return;
            }
        }
        cells.push({ box: part, items: meeting });
    };
    cut(box, items, 0);
    return cells;
}

function compareBig(a: bigint, b: bigint): number {
    return a < b ? -1 : a > b ? 1 : 0;
}

/** Merges two ascending lists of rule numbers (no number is in both). */
function mergeAscending(a: readonly number[], b: readonly number[]): number[] {
    const out: number[] = [];
    let i = 0, j = 0;
    while (i < a.length || j < b.length) out.push(j >= b.length || (i < a.length && a[i] < b[j]) ? a[i++] : b[j++]);
    return out;
}

/**
 * The parts of the box along one field only, each with the rules that cover it (in that field)
 * and may meet it.
 */
export function partsAlong(dimension: Dimension, box: TrafficBox, items: readonly number[], rules: RuleLines): Cell[] {
    return cutAlong(dimension, box, items, rules) ?? [{ box, items }];
}

/**
 * The parts of the box along one field, each with its rules; undefined when the field cuts
 * nothing (every rule covers it whole) or the box is not on the line in it.
 */
function cutAlong(dimension: Dimension, box: TrafficBox, items: readonly number[], rules: RuleLines): Cell[] | undefined {
    const whole = boxLine(box, dimension);
    if (!whole || whole.length === 0) return undefined;
    const everywhere: number[] = [];
    const cutting: { item: number; part: Span[] }[] = [];
    let missed = false;
    for (const item of items) {
        const line = rules.line(item, dimension);
        if (line === 'all') { everywhere.push(item); continue; }
        const part = intersectLines(whole, line);
        if (part.length === 0) missed = true;
        else if (sameLine(part, whole)) everywhere.push(item);
        else cutting.push({ item, part });
    }
    if (cutting.length === 0) return missed ? [{ box, items: everywhere }] : undefined;

    // The elementary spans: the box's own spans cut at every start and past every end of a rule's.
    const bounds = [...new Set(cutting.flatMap(c => c.part.flatMap(s => [s.from, s.to + 1n])))].sort(compareBig);
    const atoms: Span[] = [];
    let k = 0;
    for (const s of whole) {
        let from = s.from;
        while (k < bounds.length && bounds[k] <= from) k++;
        for (; k < bounds.length && bounds[k] <= s.to; k++) {
            atoms.push({ from, to: bounds[k] - 1n });
            from = bounds[k];
        }
        atoms.push({ from, to: s.to });
    }
    // Each elementary span with the rules that cover it (every rule's part starts and ends on a bound).
    const covering: number[][] = atoms.map(() => []);
    for (const { item, part } of cutting) {
        for (const s of part) {
            let lo = 0, hi = atoms.length;
            while (lo < hi) { const mid = (lo + hi) >> 1; if (atoms[mid].from < s.from) lo = mid + 1; else hi = mid; }
            for (let a = lo; a < atoms.length && atoms[a].to <= s.to; a++) covering[a].push(item);
        }
    }
    // Spans the same rules cover are one part.
    const parts = new Map<string, { spans: Span[]; items: number[] }>();
    atoms.forEach((atom, a) => {
        const key = covering[a].join(',');
        let entry = parts.get(key);
        if (!entry) parts.set(key, entry = { spans: [], items: covering[a] });
        const last = entry.spans[entry.spans.length - 1];
        if (last && last.to + 1n === atom.from) entry.spans[entry.spans.length - 1] = { from: last.from, to: atom.to };
        else entry.spans.push(atom);
    });
    return [...parts.values()].map(p => ({ box: withLine(box, dimension, p.spans), items: mergeAscending(everywhere, p.items) }));
}
