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

/** SegPlan's chain this file declares in its filter table, if any. */
function ownedChain(text: string): (typeof SEGPLAN_CHAINS)[keyof typeof SEGPLAN_CHAINS] | undefined {
    const filter = filterTable(text.split('\n'));
    return filter && Object.values(SEGPLAN_CHAINS).find(c => filter.lines.some(l => l.trim() === `:${c.chain} - [0:0]`));
}

/** Where the filter table starts and ends (its COMMIT), and its lines. */
function filterTable(lines: readonly string[]): { start: number; lines: readonly string[] } | undefined {
    const start = lines.findIndex(l => l.trim() === '*filter');
    if (start < 0) return undefined;
    const end = lines.findIndex((l, i) => i > start && l.trim() === 'COMMIT');
    return { start, lines: lines.slice(start + 1, end < 0 ? undefined : end) };
}

export function deployedIptables(fileText: string): string {
    const owned = ownedChain(fileText);
    if (!owned) throw new Error('not SegPlan iptables output: no chain of its own is declared');
    const lines = fileText.split('\n');
    const { start, lines: filter } = filterTable(lines)!;
    const declared = new Set(filter.map(l => /^:(\S+)\s/.exec(l.trim())?.[1]).filter(Boolean));
    // The declarations first (as iptables-save prints them), in the file's order, then the jump.
    const declarations = filter.filter(l => l.trim().startsWith(':'));
    const rest = filter.filter(l => !l.trim().startsWith(':'));
    const table = [
        ...BUILT_IN.filter(b => !declared.has(b)).map(b => `:${b} ACCEPT [0:0]`),
        ...declarations,
        `-A ${owned.from} -j ${owned.chain}`,
        ...rest
    ];
    return [...lines.slice(0, start + 1), ...table, ...lines.slice(start + 1 + filter.length)].join('\n');
}

/**
 * A file that is SegPlan's iptables output itself (its chain declared, no jump into it from the
 * built-in chain, not `iptables-save` output): the text as deployed, and a note saying it was
 * read so. Undefined for any other file, such as `iptables-save` of a machine, which is read as
 * it is.
 */
export function asDeployed(text: string): { text: string; note: (file: string) => string; target: 'iptables' | 'ip6tables' } | undefined {
    const owned = ownedChain(text);
    if (!owned) return undefined;
    if (/^#.*\bip6?tables(?:-nft|-legacy)?-save\b/m.test(text)) return undefined;
    if (new RegExp(`^(\\[\\d+:\\d+\\]\\s+)?-A ${owned.from}\\b.*\\s-[jg] ${owned.chain}(\\s|$)`, 'm').test(text)) return undefined;
    return {
        text: deployedIptables(text),
        // SegPlan's header names its target; the addresses say it otherwise (IPv6 addresses have colons).
        target: /^# SegPlan ip6tables\b/m.test(text) || (!/^# SegPlan iptables\b/m.test(text) && /^-A \S+ .*-[sd] [0-9a-f:]*:/im.test(text)) ? 'ip6tables' : 'iptables',
        note: file => `${file} is SegPlan's iptables file: read as loaded with --noflush on a machine where ${owned.from} jumps to ${owned.chain} first and the built-in chains accept unless the file sets their policy (the file alone must enforce the plan).`
    };
}
