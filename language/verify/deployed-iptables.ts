import { isWhiteSpace } from '../audit/importers/iptables-words.js';
import { SEGPLAN_CHAINS } from '../emit/iptables.js';

/**
 * SegPlan's iptables file as a machine holds it once loaded: its header asks for a one-time jump
 * from FORWARD (INPUT on a host) into SegPlan's own chain, and `iptables-restore --noflush` adds
 * the chain. Read back as `iptables-save` prints that machine: the jump first in its built-in
 * chain, the rules the file appends to a built-in chain after it (--noflush appends), a built-in
 * chain's policy as the file sets it (`:FORWARD DROP [0:0]`, which --noflush applies and which
 * changes nothing else) or else ACCEPT, the worst case: SegPlan's chain alone must enforce the plan.
 */

const BUILT_IN = ['INPUT', 'FORWARD', 'OUTPUT'] as const;
type OwnedChain = (typeof SEGPLAN_CHAINS)[keyof typeof SEGPLAN_CHAINS];

/**
 * The filter table of a file read as lines split at `\n` (each compared trimmed): from the first
 * `*filter` line to the first COMMIT after it (or the file's end). Its lines are not copied out of
 * the text: `body` holds, in order, each declaration (`:NAME …`) as written and each run of other
 * lines as the offsets of its text, so the deployed file is made of slices of the text given.
 */
interface FilterTable {
    /** Where the `*filter` line ends (its line feed, or the text's end). */
    readonly headerEnd: number;
    readonly body: readonly ({ readonly declaration: string } | { readonly from: number; readonly to: number })[];
    /** Where the lines after the table's body start (its COMMIT line), or -1 when the body runs to the text's end. */
    readonly after: number;
}

/** Where a line's text starts without the white space before it (as `trim` takes it). */
function firstNonSpace(text: string, from: number, to: number): number {
    while (from < to && isWhiteSpace(text.charCodeAt(from))) from++;
    return from;
}

/** Whether a line (`from` to `to`), trimmed, is `word`. */
function lineIs(text: string, from: number, to: number, word: string): boolean {
    const first = firstNonSpace(text, from, to);
    let end = to;
    while (end > first && isWhiteSpace(text.charCodeAt(end - 1))) end--;
    return end - first === word.length && text.startsWith(word, first);
}

function filterTableOf(text: string): FilterTable | undefined {
    let at = 0, headerEnd = -1;
    // One line at a time, by offsets: the text is not split (a rule set has tens of thousands of lines).
    while (at <= text.length) {
        const feed = text.indexOf('\n', at), end = feed < 0 ? text.length : feed;
        if (lineIs(text, at, end, '*filter')) { headerEnd = end; break; }
        if (feed < 0) return undefined;
        at = feed + 1;
    }
    if (headerEnd < 0 || headerEnd === text.length) return headerEnd < 0 ? undefined : { headerEnd, body: [], after: -1 };
    const body: ({ declaration: string } | { from: number; to: number })[] = [];
    let run: { from: number; to: number } | undefined;
    at = headerEnd + 1;
    for (;;) {
        const feed = text.indexOf('\n', at), end = feed < 0 ? text.length : feed;
        if (lineIs(text, at, end, 'COMMIT')) return { headerEnd, body, after: at };
        const first = firstNonSpace(text, at, end);
        if (first < end && text.charCodeAt(first) === 58 /* : */) {
            body.push({ declaration: text.slice(at, end) });
            run = undefined;
        } else if (run) {
            run.to = end;
        } else {
            body.push(run = { from: at, to: end });
        }
        if (feed < 0) return { headerEnd, body, after: -1 };
        at = feed + 1;
    }
}

/** SegPlan's chain the filter table declares, if any. */
function ownedChain(filter: FilterTable | undefined): OwnedChain | undefined {
    if (!filter) return undefined;
    const declared = new Set<string>();
    for (const part of filter.body) if ('declaration' in part) declared.add(part.declaration.trim());
    return Object.values(SEGPLAN_CHAINS).find(c => declared.has(`:${c.chain} - [0:0]`));
}

export function deployedIptables(fileText: string): string {
    const filter = filterTableOf(fileText);
    const owned = ownedChain(filter);
    if (!owned) throw new Error('not SegPlan iptables output: no chain of its own is declared');
    return deployed(fileText, filter!, owned);
}

/** The file's lines with the filter table's as loaded: the built-in chains, the declarations, the jump, then its rules. */
function deployed(text: string, filter: FilterTable, owned: OwnedChain): string {
    const declarations: string[] = [], declared = new Set<string>();
    for (const part of filter.body) {
        if (!('declaration' in part)) continue;
        declarations.push(part.declaration);
        const name = /^:(\S+)\s/.exec(part.declaration.trim())?.[1];
        if (name) declared.add(name);
    }
    // Pieces of one or more lines each, joined by line feeds as the lines were.
    const pieces: string[] = [text.slice(0, filter.headerEnd)];
    // The declarations first (as iptables-save prints them), in the file's order, then the jump.
    for (const b of BUILT_IN) if (!declared.has(b)) pieces.push(`:${b} ACCEPT [0:0]`);
    pieces.push(...declarations, `-A ${owned.from} -j ${owned.chain}`);
    for (const part of filter.body) if (!('declaration' in part)) pieces.push(text.slice(part.from, part.to));
    if (filter.after >= 0) pieces.push(text.slice(filter.after));
    return pieces.join('\n');
}

/**
 * A file that is SegPlan's iptables output itself (its chain declared, no jump into it from the
 * built-in chain, not `iptables-save` output): the text as deployed, and a note saying it was
 * read so. Undefined for any other file, such as `iptables-save` of a machine, which is read as
 * it is.
 */
export function asDeployed(text: string): { text: string; note: (file: string) => string; target: 'iptables' | 'ip6tables' } | undefined {
    const filter = filterTableOf(text);
    const owned = ownedChain(filter);
    if (!owned) return undefined;
    // Each expression is tried only on a text that holds the words its match must hold (it would scan every line for nothing).
    if (text.includes('-save') && /^#.*\bip6?tables(?:-nft|-legacy)?-save\b/m.test(text)) return undefined;
    if (text.includes(`-A ${owned.from}`) && new RegExp(`^(\\[\\d+:\\d+\\]\\s+)?-A ${owned.from}\\b.*\\s-[jg] ${owned.chain}(\\s|$)`, 'm').test(text)) return undefined;
    return {
        text: deployed(text, filter!, owned),
        // SegPlan's header names its target; the addresses say it otherwise (IPv6 addresses have colons).
        target: (text.includes('# SegPlan ip6tables') && /^# SegPlan ip6tables\b/m.test(text))
            || (!(text.includes('# SegPlan iptables') && /^# SegPlan iptables\b/m.test(text)) && /^-A \S+ .*-[sd] [0-9a-f:]*:/im.test(text)) ? 'ip6tables' : 'iptables',
        note: file => `${file} is SegPlan's iptables file: read as loaded with --noflush on a machine where ${owned.from} jumps to ${owned.chain} first and the built-in chains accept unless the file sets their policy (the file alone must enforce the plan).`
    };
}
