import { SEGPLAN_CHAINS, iptablesSetupCommands } from '../../language/emit/iptables.js';
import { inNs, run } from './netns.js';

/**
 * What a kernel holds outside SegPlan's own chains and tables, to compare before and after a
 * rule set is loaded: loading SegPlan's output may change SegPlan's chain (or table) and nothing
 * else. One bare namespace per check (named segplan-<pid>-…), deleted afterwards.
 */

let made = 0;

/** Runs `body` in a new, empty network namespace of this process; deletes it afterwards. */
export async function inFreshNamespace<T>(tag: string, body: (ns: string) => T | Promise<T>): Promise<T> {
    const ns = `segplan-${process.pid}-${tag}${++made}`;
    run('ip', ['netns', 'add', ns]);
    try {
        return await body(ns);
    } finally {
        try { run('ip', ['netns', 'del', ns]); } catch { /* already gone */ }
    }
}

const OWNED_CHAINS = Object.values(SEGPLAN_CHAINS).map(c => c.chain);

/**
 * iptables-save (or ip6tables-save) of a namespace without SegPlan's chains: their declarations
 * and rules are left out, and so are the save's own comments and packet counters.
 */
export function iptablesOutsideSegplan(ns: string, family: 'v4' | 'v6'): string {
    const saved = inNs(ns, family === 'v4' ? 'iptables-save' : 'ip6tables-save', []);
    return saved.split('\n')
        .filter(line => !line.startsWith('#') && !OWNED_CHAINS.some(c => line.startsWith(`:${c} `) || line.startsWith(`-A ${c} `)))
        .map(line => line.replace(/ \[\d+:\d+\]$/, ''))
        .join('\n');
}

/** `nft list ruleset` of a namespace without SegPlan's tables (inet segplan, inet segplan_host). */
export function nftOutsideSegplan(ns: string): string {
    const listed = inNs(ns, 'nft', ['list', 'ruleset']);
    const kept: string[] = [];
    let inOwned = false;
    for (const line of listed.split('\n')) {
        if (/^table inet segplan(_host)? \{$/.test(line)) { inOwned = true; continue; }
        if (inOwned) { if (line === '}') inOwned = false; continue; }
        kept.push(line);
    }
    return kept.join('\n');
}

/** Configuration SegPlan did not write, so that a load that touches it shows. */
export function addUnrelatedRules(ns: string): void {
    for (const tool of ['iptables', 'ip6tables']) {
        inNs(ns, tool, ['-A', 'INPUT', '-p', 'tcp', '--dport', '9', '-j', 'DROP']);
        inNs(ns, tool, ['-N', 'UNRELATED']);
        inNs(ns, tool, ['-A', 'UNRELATED', '-j', 'RETURN']);
    }
    inNs(ns, 'nft', ['-f', '-'], 'table ip unrelated {\n\tchain keep {\n\t\ttype filter hook forward priority 100; policy accept;\n\t\tip saddr 192.0.2.1 counter accept\n\t}\n}\n');
}

/**
 * Loads an iptables target's output as its header says: the one-time jump into SegPlan's chain,
 * then `iptables-restore --noflush` reading the file. Returns what the kernel held outside
 * SegPlan's chain just before the load and just after it.
 */
export function loadIptablesOutput(ns: string, family: 'v4' | 'v6', host: boolean, text: string): { before: string; after: string } {
    inNs(ns, 'sh', ['-c', iptablesSetupCommands(family, host).join(' && ')]);
    const before = iptablesOutsideSegplan(ns, family);
    inNs(ns, family === 'v4' ? 'iptables-restore' : 'ip6tables-restore', ['--noflush'], text);
    return { before, after: iptablesOutsideSegplan(ns, family) };
}

/** Loads an nftables target's output with `nft -f`; what the kernel held outside SegPlan's tables before and after. */
export function loadNftOutput(ns: string, text: string): { before: string; after: string } {
    const before = nftOutsideSegplan(ns);
    inNs(ns, 'nft', ['-f', '-'], text);
    return { before, after: nftOutsideSegplan(ns) };
}
