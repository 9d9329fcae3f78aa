/**
 * How nft lists the ruleset it loaded, as the nftables importer reads it (JSON, with each rule's
 * handle): one command for the importer's own load (nft-ruleset-text.node.ts) and for verify's
 * platform reader, whose listing the importer reads in its place (ImportOptions.listed).
 */
export const NFT_LISTING_ARGS: readonly string[] = ['-j', '-a', 'list', 'ruleset'];

/** nft lists `meta time` dates in the local time zone of the listing process: it lists in UTC. */
export const NFT_LISTING_ENV: Readonly<Record<string, string>> = { TZ: 'UTC' };
