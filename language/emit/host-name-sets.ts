/**
 * The sets nftables and iptables outputs match a host name with. Neither platform can resolve a
 * name safely when it loads rules, so each host name gets a set of its own, empty as emitted
 * (nothing is allowed until someone fills it with the name's addresses; docs/rule-sets.md says how).
 * A set's name is made from the host name alone, so that a reader given the plan's host names can
 * tell a set SegPlan made for one (verify reads it as exactly that host name's addresses) from any
 * other set, whose contents it cannot know.
 */

export type SetFamily = 'v4' | 'v6';

/** ipset names are at most 31 characters. */
const IPSET_NAME_MAX = 31;
/** nft takes long set names; a file people read keeps them short. */
const NFT_NAME_MAX = 120;

/** FNV-1a of the host name, 8 hex digits: tells apart names that shorten alike. */
function digest(text: string): string {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(16).padStart(8, '0');
}

/** `hostname_s3.eu-central-1.amazonaws.com_v4`; a name nft does not take as it is, or a long one, ends in its digest. */
export function nftHostNameSet(hostName: string, family: SetFamily): string {
    const plain = /^[A-Za-z0-9][A-Za-z0-9.-]*$/.test(hostName) && hostName.length <= NFT_NAME_MAX;
    const stem = plain ? hostName : `${hostName.replace(/[^A-Za-z0-9.-]/g, '_').slice(0, NFT_NAME_MAX - 9)}_${digest(hostName)}`;
    return `hostname_${stem}_${family}`;
}

/** `sp4_s3.eu-central-1.amazon_1a2b3c4d`: an ipset name (31 characters at most) for the host name and family. */
export function ipsetHostNameSet(hostName: string, family: SetFamily): string {
    const head = `sp${family === 'v4' ? '4' : '6'}_`;
    const tail = `_${digest(hostName)}`;
    return `${head}${hostName.replace(/[^A-Za-z0-9.-]/g, '_').slice(0, IPSET_NAME_MAX - head.length - tail.length)}${tail}`;
}

/**
 * The sets SegPlan names for the host names of a reader's zones (verify reads them as those names:
 * `hostNames`), by set name; none for the audit, which reads every set as what it holds.
 */
export function hostNameSetNames(options: { readonly hostNames?: boolean; readonly interfaces: ReadonlyMap<string, { readonly names: ReadonlySet<string> }> },
    naming: (hostName: string, family: SetFamily) => string): Map<string, { hostName: string; family: SetFamily }> {
    const out = new Map<string, { hostName: string; family: SetFamily }>();
    if (options.hostNames !== true) return out;
    for (const set of options.interfaces.values()) {
        for (const hostName of set.names) {
            if (hostName.startsWith('<')) continue;
            for (const family of ['v4', 'v6'] as const) out.set(naming(hostName, family), { hostName, family });
        }
    }
    return out;
}

/** The header line of an iptables output that says to create an ipset (iptables.ts writes it). */
const IPSET_CREATE = /^#\s+ipset -exist create (\S+) hash:net family (inet6?)(?=\s)/gm;

/** The ipsets an iptables output's header says to create before it is loaded, with their families. */
export function headerIpsets(text: string): { readonly name: string; readonly family: 'inet' | 'inet6' }[] {
    return [...text.matchAll(IPSET_CREATE)].map(m => ({ name: m[1], family: m[2] as 'inet' | 'inet6' }));
}
