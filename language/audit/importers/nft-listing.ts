/**
 * How nft lists the ruleset it loaded, as the nftables importer reads it (JSON, with each rule's
 * handle): one command for the importer's own load (nft-ruleset-text.node.ts) and for verify's
 * platform reader, whose listing the importer reads in its place (ImportOptions.listed).
 */
export const NFT_LISTING_ARGS: readonly string[] = ['-j', '-a', 'list', 'ruleset'];

/** nft lists `meta time` dates in the local time zone of the listing process: it lists in UTC. */
export const NFT_LISTING_ENV: Readonly<Record<string, string>> = { TZ: 'UTC' };

/**
 * unshare's arguments for a network namespace of SegPlan's own, where nft (or iptables-restore)
 * loads a file without touching the machine's: as root `--net`; as any other user, in a user
 * namespace of its own as well, where the kernel allows unprivileged ones.
 */
export function ownNetworkNamespace(): string[] {
    const root = typeof process.getuid === 'function' && process.getuid() === 0;
    return root ? ['--net'] : ['--user', '--map-root-user', '--net'];
}
