import { AddressSet, EVERY_ADDRESS } from './addresses.js';

/**
 * What an `internet` zone stands for: every IPv4 and IPv6 address outside the plan's other zones
 * ("everything outside", language.md). A finite set, so that every consumer — coverage, denies,
 * the query, the matrix, the rule sets and their proof — holds it exactly as it holds a zone:
 * `allow prod -> net` never reaches mgmt, and `deny prod -> net` never forbids prod → mgmt.
 *
 * `networks` are the other zones' own networks (CIDRs and ranges, no host names).
 */
export function outsideOf(networks: Iterable<AddressSet>): AddressSet {
    const inside = AddressSet.unionOf([...networks].filter(n => !n.any));
    return EVERY_ADDRESS.subtract(inside);
}

/** How the targets and the answers describe an internet zone's addresses, in the user's words. */
export function outsideWords(zone: string): string {
    return `zone ${zone} (internet): every address outside the plan's other zones`;
}

/**
 * Addresses as an engineer reads them, with the part that is an internet zone said in words: the
 * prefixes outside the plan's zones are many, and "0.0.0.0-10.9.255.255, 10.10.1.0-…" reads as
 * nothing. `outside` is what the plan's internet zones stand for (undefined: it has none).
 */
export function formatAddresses(addresses: AddressSet, outside: AddressSet | undefined): string {
    if (addresses.any || !outside || outside.isEmpty || !addresses.contains(outside)) return addresses.format();
    const rest = addresses.subtract(outside);
    const words = 'every address outside the plan\'s zones';
    return rest.isEmpty ? words : `${rest.format()} and ${words}`;
}
