import { EVERY_STATE, type ConnectionState } from '../firewall-policy.js';

/**
 * TCP flag matches (`--syn`, `--tcp-flags MASK COMP`, nft `tcp flags`) against the packets of a
 * connection the audit judges (firewall-policy.ts): the first packet is a SYN (ACK, FIN and RST
 * clear), the answer a SYN-ACK, every later packet an ACK without SYN. Whether a later packet
 * carries FIN, RST, PSH or URG varies along the connection, and a SYN may carry the ECN flags: a
 * match that depends on those is unknown in that state (a condition not modeled), never guessed.
 */

export type TcpFlag = 'fin' | 'syn' | 'rst' | 'psh' | 'ack' | 'urg' | 'ecn' | 'cwr';

/** The flags each state's packets certainly have (true) or lack (false); a flag not listed varies. */
const KNOWN: Readonly<Record<ConnectionState, Partial<Record<TcpFlag, boolean>>>> = {
    new: { syn: true, ack: false, fin: false, rst: false },
    answer: { syn: true, ack: true, fin: false, rst: false },
    established: { syn: false, ack: true }
};

/** The flag names each platform writes, and the flags each stands for. */
export const TCP_FLAG_NAMES: Readonly<Record<'iptables' | 'nftables', Readonly<Record<string, readonly TcpFlag[]>>>> = {
    iptables: { FIN: ['fin'], SYN: ['syn'], RST: ['rst'], PSH: ['psh'], ACK: ['ack'], URG: ['urg'], ALL: ['fin', 'syn', 'rst', 'psh', 'ack', 'urg'], NONE: [] },
    nftables: { fin: ['fin'], syn: ['syn'], rst: ['rst'], psh: ['psh'], ack: ['ack'], urg: ['urg'], ecn: ['ecn'], cwr: ['cwr'] }
};

/**
 * Whether packets of each state have exactly the flags `comp` among those of `mask`: true, false,
 * or 'unknown' where it depends on a flag that varies. Why not, for a flag name it does not know.
 */
export function tcpFlagsIn(mask: readonly string[], comp: readonly string[], names: Readonly<Record<string, readonly TcpFlag[]>>): Record<ConnectionState, boolean | 'unknown'> | string {
    const flags = (list: readonly string[]) => {
        const out = new Set<TcpFlag>();
        for (const name of list.filter(Boolean)) {
            const known = names[name];
            if (!known) return `TCP flag ${name} is not modeled`;
            for (const f of known) out.add(f);
        }
        return out;
    };
    const m = flags(mask), c = flags(comp);
    if (typeof m === 'string') return m;
    if (typeof c === 'string') return c;
    const result = {} as Record<ConnectionState, boolean | 'unknown'>;
    // (flags & mask) == comp: a flag of comp outside the mask is never there.
    const never = [...c].some(f => !m.has(f));
    for (const state of EVERY_STATE) {
        if (never) { result[state] = false; continue; }
        let outcome: boolean | 'unknown' = true;
        for (const f of m) {
            const has = KNOWN[state][f];
            if (has === undefined) outcome = outcome === true ? 'unknown' : outcome;
            else if (has !== c.has(f)) { outcome = false; break; }
        }
        result[state] = outcome;
    }
    return result;
}
