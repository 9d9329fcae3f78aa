/**
 * A host name that a match holds for one address family only: a Cisco ASA `fqdn v4` object
 * matches the IPv4 addresses a name resolves to, a FortiGate `config firewall address` FQDN its
 * A records. In an address set such a match is the name with its family marked; the proof
 * (verify/host-name-space.ts) reads the mark, every other use sees a name like any other.
 */
export type HostNameFamily = 'ipv4' | 'ipv6';

const MARK: Record<HostNameFamily, string> = { ipv4: ' (IPv4 only)', ipv6: ' (IPv6 only)' };

/** The name `name` matched for `family` only. */
export function hostNameOfFamily(name: string, family: HostNameFamily): string {
    return `${name}${MARK[family]}`;
}

/** The host name a (possibly marked) name stands for, and the one family it is limited to, if any. */
export function hostNameFamilyOf(name: string): { readonly name: string; readonly family?: HostNameFamily } {
    for (const family of ['ipv4', 'ipv6'] as const) if (name.endsWith(MARK[family])) return { name: name.slice(0, -MARK[family].length), family };
    return { name };
}
