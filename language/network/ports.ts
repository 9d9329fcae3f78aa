import { rangesContain, rangesOverlap } from './sorted-ranges.js';

/** An inclusive range of TCP/UDP port numbers. */
export interface PortRange {
    readonly from: number;
    readonly to: number;
}

/** Sorted, non-overlapping, non-adjacent ranges. */
export type PortSet = readonly PortRange[];

export const MIN_PORT = 1;
export const MAX_PORT = 65535;
export const ALL_PORTS: PortSet = [{ from: MIN_PORT, to: MAX_PORT }];

export interface ParsedPort {
    readonly range: PortRange;
    /** `9082+`: the vendor gives a first port and lets the count grow ("N and up"). */
    readonly openEnded: boolean;
}

/** Whether a port number as written (digits) is a real port, 1 to 65535. */
export function isPortNumber(digits: string): boolean {
    const n = Number(digits);
    return /^\d+$/.test(digits) && n >= MIN_PORT && n <= MAX_PORT;
}

/** The message for a number that is not a port, quoting it as written (no `1e+21`, no `Infinity`). */
export function portRangeError(digits: string): string {
    const shown = digits.length > 12 ? `${digits.slice(0, 12)}…` : digits;
    return `Port ${shown} is outside 1-65535${Number(digits) === 0 ? ' (port 0 is not a port a firewall can open)' : ''}.`;
}

/**
 * The port a text of one to five digits stands for, or -1 when it is not one: what `Number` and
 * the digit check below make of it, without splitting, mapping and matching (a 5,000-rule plan
 * reads its ports several times in every check, all in code run for the first time).
 */
function plainPort(text: string, from: number, to: number): number {
    if (to <= from || to - from > 5) return -1;
    let n = 0;
    for (let i = from; i < to; i++) {
        const digit = text.charCodeAt(i) - 48;
        if (digit < 0 || digit > 9) return -1;
        n = n * 10 + digit;
    }
    return n >= MIN_PORT && n <= MAX_PORT ? n : -1;
}

/** `443` or `2500-3300` in order, as parsePortText reads them; undefined for anything else (which it explains). */
function plainPortRange(text: string): PortRange | undefined {
    const dash = text.indexOf('-');
    if (dash < 0) {
        const port = plainPort(text, 0, text.length);
        return port < 0 ? undefined : { from: port, to: port };
    }
    const from = plainPort(text, 0, dash), to = plainPort(text, dash + 1, text.length);
    return from < 0 || to < from ? undefined : { from, to };
}

/**
 * The ports a text stands for, or undefined when parsePortText refuses it: `9082+` is its first
 * port. Without parsePortText's wrapper for the `443` and `2500-3300` of most allow rules.
 */
export function portRangeOf(text: string): PortRange | undefined {
    const plain = plainPortRange(text);
    if (plain) return plain;
    const parsed = parsePortTextInFull(text);
    return 'range' in parsed ? parsed.range : undefined;
}

/** Parses `6160`, `2500-3300` or `9082+`; an error says what is wrong in an engineer's words. */
export function parsePortText(text: string): ParsedPort | { error: string } {
    const plain = plainPortRange(text);
    return plain ? { range: plain, openEnded: false } : parsePortTextInFull(text);
}

/**
 * parsePortText's reading of any text, by splitting, Number and a digit pattern: what it answers
 * when the text is not a plain port or range in order (port-text.property.test.ts holds the two
 * alike on every text).
 */
export function parsePortTextInFull(text: string): ParsedPort | { error: string } {
    const open = text.endsWith('+');
    const body = open ? text.slice(0, -1) : text;
    const parts = body.split('-');
    const numbers = parts.map(p => Number(p));
    if (parts.length > 2 || parts.some(p => !/^\d+$/.test(p))) return { error: `'${text}' is not a port, a port range or 'N+'.` };
    for (const [i, n] of numbers.entries()) {
        if (n < MIN_PORT || n > MAX_PORT) return { error: portRangeError(parts[i]) };
    }
    const [from, to = from] = numbers;
    if (to < from) return { error: `Port range ${text} runs backwards: write ${to}-${from}.` };
    if (open && (parts.length > 1 || from === MAX_PORT)) {
        return { error: parts.length > 1 ? `'${text}': 'N+' takes a single first port, not a range.` : `'${text}' has no room to grow: ${MAX_PORT} is the highest port. Write ${MAX_PORT}.` };
    }
    return { range: { from, to }, openEnded: open };
}

export function portSetOf(ranges: Iterable<PortRange>): PortSet {
    const list = Array.isArray(ranges) ? ranges as readonly PortRange[] : [...ranges];
    // One range (most allow rules and flows) is its own set: no copy to sort. Ranges written
    // in order and apart (`tcp 80, 443`: most of the rest) are one too. Equal to the sort
    // (ports.property.test.ts).
    if (list.length <= 1) return list.length === 0 ? [] : [list[0]];
    if (inOrder(list)) return list.slice();
    const sorted = list.slice().sort((a, b) => a.from - b.from || a.to - b.to);
    const result: PortRange[] = [];
    for (const r of sorted) addInOrder(result, r);
    return result;
}

/** Adds a range that starts no earlier than the last one of `result`: joined to it when they touch. */
function addInOrder(result: PortRange[], r: PortRange): void {
    const last = result[result.length - 1];
    if (last && r.from <= last.to + 1) {
        if (r.to > last.to) result[result.length - 1] = { from: last.from, to: r.to };
    } else {
        result.push(r);
    }
}

/** Whether ranges are as a port set keeps them: in order, apart, none backwards. */
function inOrder(set: PortSet): boolean {
    for (let i = 0; i < set.length; i++) {
        if (set[i].to < set[i].from || (i > 0 && set[i].from <= set[i - 1].to + 1)) return false;
    }
    return true;
}

/** Both sets' ports: the two sorted lists merged in one pass (the analysis adds up each rule's served ports flow by flow). */
export function unionPorts(a: PortSet, b: PortSet): PortSet {
    // A list made elsewhere (an importer's) may not be in order: sorted and merged as a whole then.
    if (!inOrder(a) || !inOrder(b)) return portSetOf([...a, ...b]);
    if (b.length === 0) return a.slice();
    if (a.length === 0) return b.slice();
    const result: PortRange[] = [];
    let i = 0, j = 0;
    while (i < a.length || j < b.length) {
        addInOrder(result, j >= b.length || (i < a.length && (a[i].from < b[j].from || (a[i].from === b[j].from && a[i].to <= b[j].to))) ? a[i++] : b[j++]);
    }
    return result;
}

/** Whether two port sets share a port (no allocation). */
export function portsOverlap(a: PortSet, b: PortSet): boolean {
    return rangesOverlap(a, b);
}

/** Whether every port of `inner` is in `outer` (no allocation). */
export function portsContain(outer: PortSet, inner: PortSet): boolean {
    return rangesContain(outer, inner);
}

export function intersectPorts(a: PortSet, b: PortSet): PortSet {
    const result: PortRange[] = [];
    let i = 0, j = 0;
    while (i < a.length && j < b.length) {
        const from = Math.max(a[i].from, b[j].from);
        const to = Math.min(a[i].to, b[j].to);
        if (from <= to) result.push({ from, to });
        if (a[i].to < b[j].to) i++; else j++;
    }
    return result;
}

export function subtractPorts(a: PortSet, b: PortSet): PortSet {
    const result: PortRange[] = [];
    let j = 0;
    for (const r of a) {
        let from = r.from;
        while (j < b.length && b[j].to < from) j++;
        let k = j;
        while (k < b.length && b[k].from <= r.to) {
            if (b[k].from > from) result.push({ from, to: b[k].from - 1 });
            from = Math.max(from, b[k].to + 1);
            k++;
        }
        if (from <= r.to) result.push({ from, to: r.to });
    }
    return result;
}

export function portCount(set: PortSet): number {
    return set.reduce((n, r) => n + r.to - r.from + 1, 0);
}

export function isAllPorts(set: PortSet): boolean {
    return set.length === 1 && set[0].from === MIN_PORT && set[0].to === MAX_PORT;
}

export function formatPortRange(r: PortRange): string {
    return r.from === r.to ? String(r.from) : `${r.from}-${r.to}`;
}

export function formatPorts(set: PortSet): string {
    if (isAllPorts(set)) return 'all ports';
    // One range (most rules and flows): its own text, with no list to join.
    return set.length === 1 ? formatPortRange(set[0]) : set.map(formatPortRange).join(', ');
}
