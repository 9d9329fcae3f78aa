import { AddressSet, type AddressBlock } from '../network/addresses.js';
import type { PortSet } from '../network/ports.js';
import { intersectRanges, rangesContain } from '../network/sorted-ranges.js';
import type { TrafficBox, TrafficMatch } from './traffic-space.js';

/**
 * Each field of a box of traffic as sorted, disjoint spans on one number line, so that rules and
 * boxes can be indexed and cut the same way whatever the field: addresses (IPv4 first, IPv6 after
 * them on the same line) and ports.
 */

export type Dimension = 'sources' | 'destinations' | 'destinationPorts' | 'sourcePorts';
/** In the order a box is cut: rules differ most by their addresses. */
export const DIMENSIONS: readonly Dimension[] = ['sources', 'destinations', 'destinationPorts', 'sourcePorts'];

export interface Span { readonly from: bigint; readonly to: bigint }
export type Line = readonly Span[];

/**
 * Where IPv6 addresses start on the line: after every IPv4 address, with room for the flags the
 * proof puts above an address's own bits (verify/host-name-space.ts: up to 2^64 copies of each).
 */
const V6_START = 1n << 96n;

function isPorts(dimension: Dimension): boolean {
    return dimension === 'destinationPorts' || dimension === 'sourcePorts';
}

/** Sorted, merged spans (an importer's port list may be in any order). */
function merged(spans: Span[]): Span[] {
    spans.sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    const out: Span[] = [];
    for (const s of spans) {
        const last = out[out.length - 1];
        if (last && s.from <= last.to + 1n) {
            if (s.to > last.to) out[out.length - 1] = { from: last.from, to: s.to };
        } else out.push(s);
    }
    return out;
}

/** Whether the ranges are sorted with a gap between each two (as the port sets a cut makes): merged already. */
function inLineOrder(ports: PortSet): boolean {
    for (let i = 1; i < ports.length; i++) if (ports[i].from <= ports[i - 1].to + 1) return false;
    return true;
}

/** The line of each single port range met so far (most port sets are one range): made once each. */
const rangeLines = new Map<number, Line>();

/**
 * The line of each port set of several ranges, by the set itself: the pieces a box is cut into
 * share its port sets (a cut by addresses keeps them), and a proof asks the line of each piece.
 */
const setLines = new WeakMap<PortSet, Line>();

function portLine(ports: PortSet): Line {
    if (ports.length !== 1) {
        let line = setLines.get(ports);
        if (!line) {
            const spans = ports.map(r => ({ from: BigInt(r.from), to: BigInt(r.to) }));
            setLines.set(ports, line = inLineOrder(ports) ? spans : merged(spans));
        }
        return line;
    }
    const key = ports[0].from * 65536 + ports[0].to;
    let line = rangeLines.get(key);
    if (!line) {
        if (rangeLines.size >= 65536) rangeLines.clear();
        rangeLines.set(key, line = [{ from: BigInt(ports[0].from), to: BigInt(ports[0].to) }]);
    }
    return line;
}

function addressSpans(set: AddressSet): Line {
    // IPv4 intervals are spans as they are; IPv6 ones move past the IPv4 addresses.
    if (set.v6.length === 0) return set.v4;
    const v6 = set.v6.map(r => ({ from: r.from + V6_START, to: r.to + V6_START }));
    return set.v4.length === 0 ? v6 : [...set.v4, ...v6];
}

/**
 * A box's values in one field; undefined when they are not addresses and ports only (`any`, host
 * names), which no line holds: such a box is not indexed or cut by that field.
 */
export function boxLine(box: TrafficBox, dimension: Dimension): Line | undefined {
    if (isPorts(dimension)) return portLine(box[dimension] as PortSet);
    const set = box[dimension] as AddressSet;
    return set.any || set.names.size > 0 ? undefined : addressSpans(set);
}

/**
 * A match's values in one field, for boxes that have a line in it (boxLine): `all` when it leaves
 * the field open or matches any address. Host names a rule matches meet no such box.
 */
export function matchLine(match: TrafficMatch, dimension: Dimension): Line | 'all' {
    const value = match[dimension];
    if (value === undefined) return 'all';
    if (isPorts(dimension)) return portLine(value as PortSet);
    const set = value as AddressSet;
    return set.any ? 'all' : addressSpans(set);
}

/** The box with one field replaced by the values of `line` (spans of that field). */
export function withLine(box: TrafficBox, dimension: Dimension, line: Line): TrafficBox {
    if (isPorts(dimension)) return { ...box, [dimension]: line.map(s => ({ from: Number(s.from), to: Number(s.to) })) };
    const blocks: AddressBlock[] = [];
    for (const s of line) {
        if (s.to < V6_START) blocks.push({ kind: 'ipv4', interval: s });
        else if (s.from >= V6_START) blocks.push({ kind: 'ipv6', interval: { from: s.from - V6_START, to: s.to - V6_START } });
        else {
            blocks.push({ kind: 'ipv4', interval: { from: s.from, to: V6_START - 1n } });
            blocks.push({ kind: 'ipv6', interval: { from: 0n, to: s.to - V6_START } });
        }
    }
    return { ...box, [dimension]: AddressSet.of(blocks) };
}

export function intersectLines(a: Line, b: Line): Span[] {
    return intersectRanges(a, b);
}

export function sameLine(a: Line, b: Line): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i].from !== b[i].from || a[i].to !== b[i].to) return false;
    return true;
}

/** Whether a match's values in a field hold all of the box's (a box not on the line is held only by `all`). */
export function covers(line: Line | 'all', values: Line | undefined): boolean {
    if (line === 'all') return true;
    return values !== undefined && rangesContain(line, values);
}
