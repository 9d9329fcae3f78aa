import { formatIp, parseAddress, type AddressBlock } from '../../network/addresses.js';

/** Something a reader took as the platform takes it, but the author may not have meant: said at its line. */
export interface LineWarning {
    readonly line: number;
    readonly why: string;
}

/** `::ffff:10.0.0.1` in hex groups, as an IPv6 address like any other (the kernel matches it as one). */
function mappedAsHex(text: string): string {
    const m = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)(\/\d+)?$/.exec(text);
    if (!m || [m[2], m[3], m[4], m[5]].some(x => Number(x) > 255)) return text;
    const [a, b, c, d] = [m[2], m[3], m[4], m[5]].map(Number);
    return `${m[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}${m[6] ?? ''}`;
}

/**
 * An address, a prefix or a range as the kernel takes it: a prefix whose host part is set
 * (`10.0.0.5/24`) is masked to its network, as iptables and nft mask it, with a warning at the
 * line (the author may have meant the one host); an IPv4-mapped IPv6 address is an IPv6 address.
 * Why not, for anything else (a host name, which the file resolves at load time).
 */
export function maskedBlock(text: string, line: number, warnings: LineWarning[]): AddressBlock | { readonly doubt: string } | { readonly error: string } {
    const written = text.includes(':') ? mappedAsHex(text) : text;
    const parsed = parseAddress(written);
    if ('block' in parsed) return parsed.block.kind === 'host' ? { doubt: `'${text}' is a host name, resolved when the rules are loaded (not modeled)` } : parsed.block;
    const prefix = /^([^/]+)\/(\d{1,3})$/.exec(written);
    const address = prefix ? parseAddress(prefix[1]) : undefined;
    if (!prefix || !address || !('block' in address) || address.block.kind === 'host') return { error: `'${text}' is not an address: ${parsed.error}` };
    const bits = address.block.kind === 'ipv4' ? 32n : 128n, length = BigInt(prefix[2]);
    if (length > bits) return { error: `'${text}' is not an address: ${parsed.error}` };
    const host = bits - length, network = (address.block.interval.from >> host) << host;
    const masked = `${formatIp(address.block.kind, network)}/${length}`;
    warnings.push({ line, why: `'${text}' has host bits set: the kernel masks it to ${masked}, the whole network (if one host was meant, write it without the prefix length)` });
    return { kind: address.block.kind, interval: { from: network, to: network + (1n << host) - 1n } };
}

/** Warnings for every prefix with host bits set in a text (nft masks them silently when it reads the ruleset). */
export function hostBitWarnings(text: string): LineWarning[] {
    const warnings: LineWarning[] = [];
    text.split('\n').forEach((raw, i) => {
        const line = raw.replace(/#.*/, '');
        for (const m of line.matchAll(/(?<![\w:.])((?:\d{1,3}\.){3}\d{1,3}|[0-9a-fA-F]*:[0-9a-fA-F:.]*)\/(\d{1,3})(?![\w.])/g)) {
            maskedBlock(`${m[1]}/${m[2]}`, i + 1, warnings);
        }
    });
    return warnings;
}
