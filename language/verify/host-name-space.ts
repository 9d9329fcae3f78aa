import type { FirewallPolicy, PolicyChain } from '../audit/firewall-policy.js';
import type { TrafficMatch } from '../audit/traffic-space.js';
import { AddressSet, EVERY_ADDRESS, type AddressBlock, type IpInterval } from '../network/addresses.js';
import { hostNameFamilyOf } from '../network/host-name-family.js';

/**
 * Host names in the proof, modeled exactly. A host name H stands for addresses nobody knows in
 * advance (what it resolves to, today or tomorrow). Two rule sets are equal for every resolution
 * of every host name iff they are equal over an extended packet space in which each address also
 * carries one flag per host name, "belongs to H": a match naming H holds at the points whose flag
 * for H is set, whatever the address; a match naming addresses holds by the address, whatever the
 * flags. Each point of that space is the packet of some resolution (give H exactly the addresses
 * whose flag is set), so a difference found there is a difference for that resolution, and none
 * found means none for any. Treating H as a block of addresses of its own would not be exact:
 * "deny 10/8; allow H" and "allow H; deny 10/8" would look equal, and differ when H resolves
 * into 10/8 — the flag model keeps the point (10.0.0.1, H) that tells them apart.
 *
 * The plan places each component in a zone: its host names resolve to addresses of that zone (or
 * outside the plan's zones for an internet zone). Only those points exist: a flag for H is set
 * only at the addresses of H's zone. A name no zone holds (a configuration's own) may be anywhere.
 *
 * Encoding, so that the proof's address intervals carry the flags unchanged: the flags are the
 * high bits of each address, `flags · 2^32 + address` for IPv4 and `flags · 2^128 + address` for
 * IPv6. A set of addresses is its copy under every combination of flags; a host name is every
 * address under the combinations that set its flag. Replies swap whole addresses, flags and all,
 * so stateful evaluation stays exact. Names that every set of both sides holds or lacks together
 * (a component's dozen host names always used as one) can only ever be set together in a match,
 * so they share one flag: the space doubles per distinct use, not per name.
 *
 * A match may hold a name for one family only (an ASA `fqdn v4` object, network/host-name-family.ts):
 * under H's flag it holds every IPv4 address and, for IPv6, only the addresses it names. Names
 * share a flag only if every set holds them for the same families.
 */

const V4_SIZE = 1n << 32n;
const V6_SIZE = 1n << 128n;
/** Distinct flags past which the proof stops (each doubles the intervals it cuts): it says it cannot tell. */
export const MOST_HOST_NAME_FLAGS = 8;

/** A symbolic atom of an address-less component (`<vbr>`): it matches no address, as the proof always read it. */
function isHostName(name: string): boolean {
    return !name.startsWith('<');
}

/** Which families a set holds each of its host names for: 1 IPv4, 2 IPv6, 3 both. */
function familiesOfNames(set: AddressSet): Map<string, number> {
    const families = new Map<string, number>();
    for (const marked of set.names) {
        if (!isHostName(marked)) continue;
        const { name, family } = hostNameFamilyOf(marked);
        families.set(name, (families.get(name) ?? 0) | (family === 'ipv4' ? 1 : family === 'ipv6' ? 2 : 3));
    }
    return families;
}

export type HostNameSpaceResult =
    | { readonly kind: 'none' }
    | { readonly kind: 'space'; readonly space: HostNameSpace }
    | { readonly kind: 'too-many'; readonly names: readonly string[] };

export class HostNameSpace {
    private readonly encoded = new WeakMap<AddressSet, AddressSet>();
    private readonly flagCount: number;

    private constructor(
        /** Each host name's flag bit. */
        private readonly bitOf: ReadonlyMap<string, number>,
        /** The host names of each flag bit. */
        private readonly namesOf: readonly (readonly string[])[],
        /** Where each flag can be set (the addresses of its names' zone). */
        private readonly zoneOf: readonly AddressSet[]
    ) {
        this.flagCount = 1 << namesOf.length;
    }

    /**
     * The space of the host names in `sets` (every address set the proof will meet, plan and
     * configuration), each resolving within `zoneOf(name)` (undefined: anywhere).
     */
    static of(sets: Iterable<AddressSet>, zoneOf: (name: string) => AddressSet | undefined): HostNameSpaceResult {
        const uses = new Map<string, string[]>();
        let index = 0;
        for (const set of sets) {
            index++;
            // Most sets name no host: no map made for them (the proof meets every address set of the configuration here).
            if (set.names.size === 0) continue;
            for (const [name, families] of familiesOfNames(set)) (uses.get(name) ?? uses.set(name, []).get(name)!).push(`${index}:${families}`);
        }
        if (uses.size === 0) return { kind: 'none' };
        // Names used alike, resolving within the same addresses, share a flag.
        const groups = new Map<string, { names: string[]; zone: AddressSet }>();
        for (const [name, where] of [...uses].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
            const zone = zoneOf(name) ?? EVERY_ADDRESS;
            const key = `${where.join(',')}|${zone.format()}`;
            const group = groups.get(key);
            if (group) group.names.push(name);
            else groups.set(key, { names: [name], zone });
        }
        const list = [...groups.values()];
        if (list.length > MOST_HOST_NAME_FLAGS) return { kind: 'too-many', names: [...uses.keys()].sort() };
        const bitOf = new Map<string, number>();
        list.forEach((g, bit) => g.names.forEach(n => bitOf.set(n, bit)));
        return { kind: 'space', space: new HostNameSpace(bitOf, list.map(g => g.names), list.map(g => concrete(g.zone))) };
    }

    /** The set in the extended space (see the file comment). */
    encode(set: AddressSet): AddressSet {
        let made = this.encoded.get(set);
        if (made) return made;
        const blocks: AddressBlock[] = [];
        // The flags under which the set holds every address of a family.
        let v4Mask = 0, v6Mask = 0;
        if (set.names.size > 0) for (const [name, families] of familiesOfNames(set)) {
            const bit = this.bitOf.get(name);
            if (bit === undefined) continue;
            if (families & 1) v4Mask |= 1 << bit;
            if (families & 2) v6Mask |= 1 << bit;
        }
        for (let flags = 0; flags < this.flagCount; flags++) {
            const f = BigInt(flags);
            if (set.any || (flags & v4Mask) !== 0) blocks.push({ kind: 'ipv4', interval: { from: f * V4_SIZE, to: (f + 1n) * V4_SIZE - 1n } });
            else for (const r of set.v4) blocks.push({ kind: 'ipv4', interval: { from: f * V4_SIZE + r.from, to: f * V4_SIZE + r.to } });
            if (set.any || (flags & v6Mask) !== 0) blocks.push({ kind: 'ipv6', interval: { from: f * V6_SIZE, to: (f + 1n) * V6_SIZE - 1n } });
            else for (const r of set.v6) blocks.push({ kind: 'ipv6', interval: { from: f * V6_SIZE + r.from, to: f * V6_SIZE + r.to } });
        }
        made = AddressSet.of(blocks);
        this.encoded.set(set, made);
        return made;
    }

    /** Every point that exists: under each combination of flags, the addresses every set flag's zone holds. */
    points(): AddressSet {
        const blocks: AddressBlock[] = [];
        for (let flags = 0; flags < this.flagCount; flags++) {
            let where = EVERY_ADDRESS;
            for (let bit = 0; bit < this.namesOf.length; bit++) if (flags & (1 << bit)) where = where.intersect(this.zoneOf[bit]);
            const f = BigInt(flags);
            for (const r of where.v4) blocks.push({ kind: 'ipv4', interval: { from: f * V4_SIZE + r.from, to: f * V4_SIZE + r.to } });
            for (const r of where.v6) blocks.push({ kind: 'ipv6', interval: { from: f * V6_SIZE + r.from, to: f * V6_SIZE + r.to } });
        }
        return AddressSet.of(blocks);
    }

    /**
     * A set of the extended space in the user's words: the addresses it holds, and the host names
     * whose flag is set somewhere in it (a difference there holds when they resolve to those addresses).
     */
    decode(set: AddressSet): AddressSet {
        const blocks: AddressBlock[] = [];
        let flagsSeen = 0;
        const project = (kind: 'ipv4' | 'ipv6', r: IpInterval, size: bigint) => {
            const first = r.from / size, last = r.to / size;
            for (let f = first; f <= last && f < BigInt(this.flagCount); f++) flagsSeen |= Number(f);
            if (last - first >= 2n || (last > first && r.to % size + 1n >= r.from % size)) {
                blocks.push({ kind, interval: { from: 0n, to: size - 1n } });
            } else if (last === first) {
                blocks.push({ kind, interval: { from: r.from % size, to: r.to % size } });
            } else {
                blocks.push({ kind, interval: { from: r.from % size, to: size - 1n } }, { kind, interval: { from: 0n, to: r.to % size } });
            }
        };
        for (const r of set.v4) project('ipv4', r, V4_SIZE);
        for (const r of set.v6) project('ipv6', r, V6_SIZE);
        const names = this.namesOf.flatMap((n, bit) => (flagsSeen & (1 << bit)) ? n : []);
        return AddressSet.of(blocks, names);
    }

    encodeMatch<T extends TrafficMatch>(match: T): T {
        return {
            ...match,
            ...(match.sources ? { sources: this.encode(match.sources) } : {}),
            ...(match.destinations ? { destinations: this.encode(match.destinations) } : {})
        };
    }

    /** A configuration as read, every address set of its rules in the extended space. */
    encodePolicy(policy: FirewallPolicy): FirewallPolicy {
        const chains = new Map<string, PolicyChain>();
        for (const [name, chain] of policy.chains) chains.set(name, { ...chain, rules: chain.rules.map(r => ({ ...r, match: this.encodeMatch(r.match) })) });
        return { ...policy, chains };
    }
}

/** The addresses of a set, its names left out. */
function concrete(set: AddressSet): AddressSet {
    return set.any ? EVERY_ADDRESS : AddressSet.of([...set.v4.map(interval => ({ kind: 'ipv4' as const, interval })), ...set.v6.map(interval => ({ kind: 'ipv6' as const, interval }))]);
}
