import { intersectRanges, rangesContain, rangesOverlap } from './sorted-ranges.js';

/** An inclusive run of IP addresses of one family. */
export interface IpInterval {
    readonly from: bigint;
    readonly to: bigint;
}

export type AddressBlock =
    | { readonly kind: 'ipv4' | 'ipv6'; readonly interval: IpInterval }
    | { readonly kind: 'host'; readonly name: string };

/**
 * Why an address was refused, when the reason needs a diagnostic code of its own (an address
 * that is valid elsewhere but cannot be firewalled as written); plain syntax errors have none.
 */
export type AddressProblem = 'ipv4-mapped' | 'interface-index' | 'leading-zero' | 'spaced-host-name';

export type ParsedAddress = { readonly block: AddressBlock } | { readonly error: string; readonly problem?: AddressProblem };

type IpError = { readonly error: string; readonly problem?: AddressProblem };

const V4_BITS = 32n;
const V6_BITS = 128n;

function parseIpv4(text: string): bigint | IpError {
    const value = ipv4Number(text);
    return typeof value === 'number' ? BigInt(value) : value;
}

/** An IPv4 address as a number (below 2^32, so exact), or why not. */
function ipv4Number(text: string): number | IpError {
    // Read character by character with numbers (a 32-bit value fits): split, a regular
    // expression per octet and bigint shifts made parsing 10,000 addresses cost tens of ms.
    let value = 0, octets = 0, digits = 0, octet = 0, leadingZero = false;
    for (let i = 0; i <= text.length; i++) {
        const c = i < text.length ? text.charCodeAt(i) : 46; // '.' closes the last octet
        if (c === 46) {
            octets++;
            if (digits === 0 || digits > 3 || octet > 255) return ipv4Refused(text);
            if (digits > 1 && text.charCodeAt(i - digits) === 48) leadingZero = true;
            value = value * 256 + octet;
            digits = 0;
            octet = 0;
        } else if (c >= 48 && c <= 57) {
            digits++;
            octet = octet * 10 + (c - 48);
        } else {
            return ipv4Refused(text);
        }
    }
    if (octets !== 4) return ipv4Refused(text);
    // Some tools (inet_aton, ping, many firewalls' parsers) read a leading zero as octal: 010 is 8.
    if (leadingZero) {
        return { problem: 'leading-zero', error: `'${text}' is ambiguous: some tools read a number with a leading zero as octal (010 as 8). Write ${formatIp('ipv4', BigInt(value))}.` };
    }
    return value;
}

/** Why a text is not an IPv4 address, in the words of the first thing wrong with it. */
function ipv4Refused(text: string): IpError {
    const octets = text.split('.');
    if (octets.length !== 4) return { error: `'${text}' is not an IPv4 address: it needs four numbers separated by dots.` };
    const wrong = octets.find(o => !/^\d{1,3}$/.test(o) || Number(o) > 255) ?? text;
    return { error: `'${text}' is not an IPv4 address: ${wrong} is not a number from 0 to 255.` };
}

function parseIpv6(text: string): bigint | IpError {
    const percent = text.indexOf('%');
    if (percent >= 0) {
        return { problem: 'interface-index', error: `'${text}' names an interface (${text.slice(percent)}): that only means something on one host, and a firewall cannot match it. Write the address without it (${text.slice(0, percent)}); link-local addresses (fe80::/10) never leave their link, so a zone or rule across a firewall cannot use them.` };
    }
    // An IPv4 address written at the end (`64:ff9b::10.0.0.1`) stands for the last two groups.
    const lastColon = text.lastIndexOf(':');
    if (text.includes('.', lastColon)) {
        const v4 = parseIpv4(text.slice(lastColon + 1));
        if (typeof v4 !== 'bigint') return { ...v4, error: `'${text}' is not an IPv6 address: ${v4.error}` };
        const head = parseIpv6(`${text.slice(0, lastColon + 1)}0:0`);
        if (typeof head !== 'bigint') return head;
        const value = head + v4;
        if (value >> 32n === 0xffffn) {
            return { problem: 'ipv4-mapped', error: `'${text}' is an IPv4-mapped IPv6 address: the traffic is IPv4 and a firewall sees ${formatIp('ipv4', v4)}. Write ${formatIp('ipv4', v4)}.` };
        }
        return value;
    }
    const invalid = `'${text}' is not an IPv6 address.`;
    const halves = text.split('::');
    if (halves.length > 2) return { error: `${invalid} '::' may appear only once.` };
    const head = halves[0] ? halves[0].split(':') : [];
    const tail = halves.length === 2 && halves[1] ? halves[1].split(':') : [];
    const groups = head.length + tail.length;
    if (halves.length === 1 && groups !== 8) return { error: `${invalid} It needs eight groups, or '::'.` };
    if (halves.length === 2 && groups > 7) return { error: `${invalid} Too many groups around '::'.` };
    const all = [...head, ...Array(8 - groups).fill('0'), ...tail];
    let value = 0n;
    for (const group of all) {
        if (!/^[0-9a-fA-F]{1,4}$/.test(group)) return { error: `${invalid} '${group}' is not a group of one to four hex digits.` };
        value = (value << 16n) + BigInt(parseInt(group, 16));
    }
    return value;
}

function parseIp(text: string): { kind: 'ipv4' | 'ipv6'; value: bigint } | IpError {
    const kind = text.includes(':') ? 'ipv6' : 'ipv4';
    const value = kind === 'ipv6' ? parseIpv6(text) : parseIpv4(text);
    return typeof value === 'bigint' ? { kind, value } : value;
}

export function formatIp(kind: 'ipv4' | 'ipv6', value: bigint): string {
    if (kind === 'ipv4') return formatIpv4(Number(value));
    const groups: string[] = [];
    for (let shift = 112n; shift >= 0n; shift -= 16n) groups.push(((value >> shift) & 0xffffn).toString(16));
    // Compress the longest run of zero groups, as RFC 5952 asks.
    let bestStart = -1, bestLength = 1;
    for (let i = 0; i < 8;) {
        if (groups[i] !== '0') { i++; continue; }
        let j = i;
        while (j < 8 && groups[j] === '0') j++;
        if (j - i > bestLength) { bestStart = i; bestLength = j - i; }
        i = j;
    }
    if (bestStart < 0) return groups.join(':');
    return `${groups.slice(0, bestStart).join(':')}::${groups.slice(bestStart + bestLength).join(':')}`;
}

/**
 * An IPv4 address (below 2^32, so exact as a number) in dotted form. With numbers rather than
 * bigint shifts: every bigint step allocates, and a rule set formats each component's address.
 */
function formatIpv4(value: number): string {
    return `${value >>> 24}.${(value >>> 16) & 255}.${(value >>> 8) & 255}.${value & 255}`;
}

/** Parses an address as a plan writes it: IP, `a-b` range, CIDR (IPv4 or IPv6) or host name. */
export function parseAddress(text: string): ParsedAddress {
    // A host name: labels of letters, digits, '-' and '_', with at least one letter somewhere
    // (so that `10.0.0.300` is an invalid IPv4 address, not a host).
    if (/[a-zA-Z_]/.test(text) && /^[\w-]+(?:\.[\w-]+)*$/.test(text)) {
        return { block: { kind: 'host', name: text.toLowerCase() } };
    }
    const slash = text.indexOf('/');
    if (slash >= 0 && !text.includes(':')) return ipv4Prefix(text, slash);
    if (slash >= 0) {
        const ip = parseIp(text.slice(0, slash));
        if ('error' in ip) return ip;
        const bits = ip.kind === 'ipv4' ? V4_BITS : V6_BITS;
        const prefixText = text.slice(slash + 1);
        const prefix = /^\d+$/.test(prefixText) ? BigInt(prefixText) : -1n;
        if (prefix < 0n || prefix > bits) return badPrefixLength(text, prefixText, bits);
        const hostBits = bits - prefix;
        const network = (ip.value >> hostBits) << hostBits;
        if (network !== ip.value) return hostBitsSet(text, formatIp(ip.kind, network), prefix);
        return { block: { kind: ip.kind, interval: { from: network, to: network + (1n << hostBits) - 1n } } };
    }
    const dash = text.indexOf('-');
    if (dash >= 0) {
        const from = parseIp(text.slice(0, dash));
        if ('error' in from) return from;
        const to = parseIp(text.slice(dash + 1));
        if ('error' in to) return to;
        if (from.kind !== to.kind) return { error: `'${text}' mixes IPv4 and IPv6.` };
        if (to.value < from.value) return { error: `Address range '${text}' runs backwards.` };
        return { block: { kind: from.kind, interval: { from: from.value, to: to.value } } };
    }
    const ip = parseIp(text);
    if ('error' in ip) return ip;
    return { block: { kind: ip.kind, interval: { from: ip.value, to: ip.value } } };
}

/**
 * An IPv4 prefix (`10.0.4.0/24`), read as the IPv6 one is, with numbers: an address and its mask
 * fit one, where bigint steps allocated each (a rule set read back holds thousands of prefixes).
 */
function ipv4Prefix(text: string, slash: number): ParsedAddress {
    const ip = ipv4Number(text.slice(0, slash));
    if (typeof ip !== 'number') return ip;
    const prefixText = text.slice(slash + 1);
    const prefix = /^\d+$/.test(prefixText) ? Number(prefixText) : -1;
    if (prefix < 0 || prefix > 32) return badPrefixLength(text, prefixText, V4_BITS);
    const size = 2 ** (32 - prefix);
    const network = ip - ip % size;
    if (network !== ip) return hostBitsSet(text, formatIpv4(network), prefix);
    return { block: { kind: 'ipv4', interval: { from: BigInt(network), to: BigInt(network + size - 1) } } };
}

/** What is wrong with a prefix, the same words for both families and both ways of reading one. */
const badPrefixLength = (text: string, prefixText: string, bits: bigint): { error: string } =>
    ({ error: `'${text}' has an invalid prefix length: /${prefixText} must be 0 to ${bits}.` });
const hostBitsSet = (text: string, network: string, prefix: number | bigint): { error: string } =>
    ({ error: `'${text}' is not a network address: host bits are set. Did you mean ${network}/${prefix}?` });

function normalize(intervals: IpInterval[]): IpInterval[] {
    // A list of its own, of the length it needs: an address set is kept by each of a plan's
    // components, and a list grown by push keeps room for a dozen more intervals.
    if (intervals.length <= 1) return intervals.length === 0 ? [] : [intervals[0]];
    const sorted = [...intervals].sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0));
    const result: IpInterval[] = [];
    for (const r of sorted) {
        const last = result[result.length - 1];
        if (last && r.from <= last.to + 1n) {
            if (r.to > last.to) result[result.length - 1] = { from: last.from, to: r.to };
        } else {
            result.push(r);
        }
    }
    return result;
}

function intersectIntervals(a: readonly IpInterval[], b: readonly IpInterval[]): IpInterval[] {
    return intersectRanges(a, b);
}

function subtractIntervals(a: readonly IpInterval[], b: readonly IpInterval[]): IpInterval[] {
    const result: IpInterval[] = [];
    for (const r of a) {
        let from = r.from;
        for (const cut of b) {
            if (cut.to < from || cut.from > r.to) continue;
            if (cut.from > from) result.push({ from, to: cut.from - 1n });
            from = cut.to + 1n;
            if (from > r.to) break;
        }
        if (from <= r.to) result.push({ from, to: r.to });
    }
    return result;
}

/** Both lists are sorted and merged, so each interval of `inner` must sit inside one of `outer`. */
function intervalsContain(outer: readonly IpInterval[], inner: readonly IpInterval[]): boolean {
    return rangesContain(outer, inner);
}

function intervalsOverlap(a: readonly IpInterval[], b: readonly IpInterval[]): boolean {
    return rangesOverlap(a, b);
}

/** The host names of a set that names none: one set, shared, never added to (it is read only as a ReadonlySet). */
const NO_NAMES: ReadonlySet<string> = new Set<string>();
/**
 * The runs of one family among `count` blocks of it, sorted and merged. Plain lists as literals
 * and push make them (not `new Array(n)`, which has holes, nor a shared frozen one): the coverage
 * loops over sets' lists are fast while all of them are lists of one kind.
 */
function intervalsOf(blocks: readonly AddressBlock[], kind: 'ipv4' | 'ipv6', count: number): IpInterval[] {
    if (count === 0) return [];
    const intervals: IpInterval[] = [];
    for (let i = 0; i < blocks.length; i++) {
        const block = blocks[i];
        // One run (most components): a list of its own length, as normalize would copy it to.
        if (block.kind === kind) { if (count === 1) return [block.interval]; intervals.push(block.interval); }
    }
    return normalize(intervals);
}

/**
 * A set of endpoints: IPv4 and IPv6 runs, host names, and symbolic atoms for component instances
 * that have no address yet. `any` stands for every address (the `internet` and `any` endpoints).
 */
export class AddressSet {
    static readonly EMPTY = new AddressSet([], [], new Set(), false);
    static readonly ANY = new AddressSet([], [], new Set(), true);

    private constructor(
        readonly v4: readonly IpInterval[],
        readonly v6: readonly IpInterval[],
        readonly names: ReadonlySet<string>,
        readonly any: boolean
    ) { }

    static of(blocks: Iterable<AddressBlock>, extraNames: Iterable<string> = NO_NAMES): AddressSet {
        // Indexed, and lists of the length they need: each of a plan's components and bare
        // addresses makes a set, in code run for the first time, where an iterator step and a
        // list grown by push (room for a dozen more) cost more than the set.
        const list = Array.isArray(blocks) ? blocks as readonly AddressBlock[] : [...blocks];
        let names: Set<string> | undefined;
        if (extraNames !== NO_NAMES) for (const name of extraNames) (names ??= new Set()).add(name);
        let v4Count = 0, v6Count = 0;
        for (let i = 0; i < list.length; i++) {
            const block = list[i];
            if (block.kind === 'host') (names ??= new Set()).add(block.name);
            else if (block.kind === 'ipv4') v4Count++;
            else v6Count++;
        }
        // Most sets name no host: they share one empty set (each of a plan's components has an address set).
        return new AddressSet(intervalsOf(list, 'ipv4', v4Count), intervalsOf(list, 'ipv6', v6Count), names ?? NO_NAMES, false);
    }

    /** The union of many sets in one pass (folding `union` over thousands of sets is quadratic). */
    static unionOf(sets: readonly AddressSet[]): AddressSet {
        if (sets.some(s => s.any)) return AddressSet.ANY;
        if (sets.length === 0) return AddressSet.EMPTY;
        if (sets.length === 1) return sets[0];
        let names: Set<string> | undefined;
        for (let i = 0; i < sets.length; i++) {
            if (sets[i].names.size > 0) sets[i].names.forEach(name => { (names ??= new Set()).add(name); });
        }
        return new AddressSet(normalize(sets.flatMap(s => s.v4)), normalize(sets.flatMap(s => s.v6)), names ?? NO_NAMES, false);
    }

    get isEmpty(): boolean {
        return !this.any && this.v4.length === 0 && this.v6.length === 0 && this.names.size === 0;
    }

    union(other: AddressSet): AddressSet {
        if (this.any || other.any) return AddressSet.ANY;
        return new AddressSet(normalize([...this.v4, ...other.v4]), normalize([...this.v6, ...other.v6]),
            this.names.size + other.names.size === 0 ? NO_NAMES : new Set([...this.names, ...other.names]), false);
    }

    intersect(other: AddressSet): AddressSet {
        if (other.any) return this;
        if (this.any) return other;
        return new AddressSet(intersectIntervals(this.v4, other.v4), intersectIntervals(this.v6, other.v6),
            this.names.size === 0 || other.names.size === 0 ? NO_NAMES : new Set([...this.names].filter(n => other.names.has(n))), false);
    }

    /** What is left of this set without `other`. Only finite sets are subtracted from. */
    subtract(other: AddressSet): AddressSet {
        if (other.any) return AddressSet.EMPTY;
        if (this.any) return this;
        return new AddressSet(subtractIntervals(this.v4, other.v4), subtractIntervals(this.v6, other.v6),
            this.names.size === 0 ? NO_NAMES : new Set([...this.names].filter(n => !other.names.has(n))), false);
    }

    /** Whether every address of `other` is in this set (no allocation: the analysis calls this a lot). */
    contains(other: AddressSet): boolean {
        if (this.any) return true;
        if (other.any) return false;
        // Most sets name no host: no iterator made for an empty set (asked per flow and rule).
        if (other.names.size > 0) for (const name of other.names) if (!this.names.has(name)) return false;
        return intervalsContain(this.v4, other.v4) && intervalsContain(this.v6, other.v6);
    }

    /** Whether every address of one block is in this set, without making a set of it. */
    containsBlock(block: AddressBlock): boolean {
        if (this.any) return true;
        if (block.kind === 'host') return this.names.has(block.name);
        return intervalsContain(block.kind === 'ipv4' ? this.v4 : this.v6, [block.interval]);
    }

    intersects(other: AddressSet): boolean {
        if (this.isEmpty || other.isEmpty) return false;
        if (this.any || other.any) return true;
        // Most sets name no host: no iterator made for an empty set (asked per flow and rule).
        if (other.names.size > 0 && this.names.size > 0) for (const name of other.names) if (this.names.has(name)) return true;
        return intervalsOverlap(this.v4, other.v4) || intervalsOverlap(this.v6, other.v6);
    }

    /** Whether both sets hold the same intervals and host names (and so format alike), without formatting either. */
    equals(other: AddressSet): boolean {
        if (this === other) return true;
        if (this.any !== other.any || this.names.size !== other.names.size || !sameIntervals(this.v4, other.v4) || !sameIntervals(this.v6, other.v6)) return false;
        for (const name of this.names) if (!other.names.has(name)) return false;
        return true;
    }

    /** Addresses as an engineer reads them: `10.0.0.1, 10.0.1.0/24, repo.example.com`. */
    format(): string {
        if (this.any) return 'any address';
        const parts = [
            ...this.v4.map(r => formatInterval('ipv4', r)),
            ...this.v6.map(r => formatInterval('ipv6', r)),
            ...[...this.names].sort()
        ];
        return parts.join(', ');
    }

    /** Address count, for sizing checks (host names and symbolic atoms count one each). */
    get size(): bigint {
        // IPv4 counts in numbers (exact below 2^53): each component's host count is asked once per
        // build, and every bigint step allocates.
        let small = this.names.size;
        for (let i = 0; i < this.v4.length; i++) small += Number(this.v4[i].to) - Number(this.v4[i].from) + 1;
        if (this.v6.length === 0) return BigInt(small);
        let v6 = 0n;
        for (let i = 0; i < this.v6.length; i++) v6 += this.v6[i].to - this.v6[i].from + 1n;
        return BigInt(small) + v6;
    }
}

function sameIntervals(a: readonly IpInterval[], b: readonly IpInterval[]): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i].from !== b[i].from || a[i].to !== b[i].to) return false;
    return true;
}

/** An interval as a CIDR when it is one, as a single address, or as `a-b`. */
export function formatInterval(kind: 'ipv4' | 'ipv6', r: IpInterval): string {
    if (r.from === r.to) return formatIp(kind, r.from);
    const bits = kind === 'ipv4' ? V4_BITS : V6_BITS;
    const size = r.to - r.from + 1n;
    if ((size & (size - 1n)) === 0n && r.from % size === 0n) {
        let hostBits = 0n;
        while ((1n << hostBits) < size) hostBits++;
        return `${formatIp(kind, r.from)}/${bits - hostBits}`;
    }
    return `${formatIp(kind, r.from)}-${formatIp(kind, r.to)}`;
}

/** Splits an interval into CIDR blocks, for targets that take only prefixes. */
export function toCidrs(kind: 'ipv4' | 'ipv6', r: IpInterval): string[] {
    return kind === 'ipv4' ? ipv4Cidrs(Number(r.from), Number(r.to)) : bigintCidrs(kind, r);
}

/**
 * toCidrs of an IPv4 interval, in numbers: IPv4 addresses and block sizes up to 2^32 are exact
 * as numbers, and bigint arithmetic allocates at every step (a rule set splits the address of
 * each of a plan's components). Equal to bigintCidrs (address-format.property.test.ts).
 */
function ipv4Cidrs(from: number, to: number): string[] {
    // One address (most components): no block size to search for.
    if (from === to) return [`${formatIpv4(from)}/32`];
    const result: string[] = [];
    while (from <= to) {
        let hostBits = 0, size = 1;
        while (hostBits < 32 && from % (size * 2) === 0 && from + size * 2 - 1 <= to) { hostBits++; size *= 2; }
        result.push(`${formatIpv4(from)}/${32 - hostBits}`);
        from += size;
    }
    return result;
}

/** toCidrs for either family, in bigint arithmetic: the general routine, and the one IPv6 takes. */
export function bigintCidrs(kind: 'ipv4' | 'ipv6', r: IpInterval): string[] {
    const bits = kind === 'ipv4' ? V4_BITS : V6_BITS;
    const result: string[] = [];
    let from = r.from;
    while (from <= r.to) {
        let hostBits = 0n;
        while (hostBits < bits && from % (1n << (hostBits + 1n)) === 0n && from + (1n << (hostBits + 1n)) - 1n <= r.to) hostBits++;
        result.push(`${formatIp(kind, from)}/${bits - hostBits}`);
        from += 1n << hostBits;
    }
    return result;
}

/** Address space that is never routed on the internet, with the name an engineer knows it by. */
const NOT_ON_THE_INTERNET: readonly { kind: 'ipv4' | 'ipv6'; cidr: string; name: string }[] = [
    { kind: 'ipv4', cidr: '10.0.0.0/8', name: 'private (RFC 1918)' },
    { kind: 'ipv4', cidr: '172.16.0.0/12', name: 'private (RFC 1918)' },
    { kind: 'ipv4', cidr: '192.168.0.0/16', name: 'private (RFC 1918)' },
    { kind: 'ipv4', cidr: '127.0.0.0/8', name: 'loopback' },
    { kind: 'ipv4', cidr: '169.254.0.0/16', name: 'link-local' },
    { kind: 'ipv6', cidr: '::1/128', name: 'loopback' },
    { kind: 'ipv6', cidr: 'fe80::/10', name: 'link-local' },
    { kind: 'ipv6', cidr: 'fc00::/7', name: 'unique local (ULA)' }
];

/**
 * The non-internet address space a block reaches into (`10.0.0.0/8, private (RFC 1918)`), or
 * undefined when it has none: such an address cannot be a host on the internet.
 */
export function nonInternetSpace(block: AddressBlock): { cidr: string; name: string } | undefined {
    if (block.kind === 'host') return undefined;
    for (const space of NOT_ON_THE_INTERNET) {
        if (space.kind !== block.kind) continue;
        const parsed = parseAddress(space.cidr) as { block: { interval: IpInterval } };
        const { from, to } = parsed.block.interval;
        if (block.interval.from <= to && from <= block.interval.to) return space;
    }
    return undefined;
}

/** Whether a block is the whole address space of its family (`0.0.0.0/0`, `::/0`). */
export function isWholeFamily(block: AddressBlock): boolean {
    if (block.kind === 'host') return false;
    const bits = block.kind === 'ipv4' ? V4_BITS : V6_BITS;
    return block.interval.from === 0n && block.interval.to === (1n << bits) - 1n;
}

const V4_MAX = (1n << 32n) - 1n;
const V6_MAX = (1n << 128n) - 1n;

/** Every IPv4 and IPv6 address, as a finite set (so that it can be subtracted from). */
export const EVERY_ADDRESS = AddressSet.of([
    { kind: 'ipv4', interval: { from: 0n, to: V4_MAX } },
    { kind: 'ipv6', interval: { from: 0n, to: V6_MAX } }
]);
export const EVERY_IPV4 = AddressSet.of([{ kind: 'ipv4', interval: { from: 0n, to: V4_MAX } }]);
export const EVERY_IPV6 = AddressSet.of([{ kind: 'ipv6', interval: { from: 0n, to: V6_MAX } }]);
