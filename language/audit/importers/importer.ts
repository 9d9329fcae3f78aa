import { AddressSet } from '../../network/addresses.js';
import { hostNameOfFamily } from '../../network/host-name-family.js';
import type { FirewallPolicy } from '../firewall-policy.js';
import { windowAt, type TimeBound, type WindowState } from './time-window.js';

/** What every importer is told besides the file's text. */
export interface ImportOptions {
    /** The file's name as the user gave it (for locations). */
    readonly file: string;
    /** Interface name → the addresses behind it (from `--map zone=interface` and the plan's zones). */
    readonly interfaces: ReadonlyMap<string, AddressSet>;
    /** Host mode: evaluate the input chain (a host firewall) instead of forward (a router between zones). */
    readonly hook: 'forward' | 'input';
    /** When the audit runs: rules with a time condition are judged at this instant. */
    readonly now: Date;
    /**
     * Whether a rule holding from `start` until `end` holds at `now` (windowAt). Importers ask
     * their dates through `windowOfRule`, which asks this where it is given: a caller that reads
     * one text at several instants (verify) then knows every question the reading asked of the
     * time, and takes an earlier reading whose questions all have the same answers now.
     */
    readonly windowAt?: (start: TimeBound | undefined, end: TimeBound | undefined) => WindowState;
    /** The user named the format (`--config-format`): what it says of the file (ip6tables: IPv6) is taken as given. */
    readonly formatGiven?: boolean;
    /** Host mode: the component's name in the plan (a script with rules for several hosts, such as Windows Firewall's, runs its part for it). */
    readonly host?: string;
    /** `--device-group`: the Panorama device group whose firewalls the audit is for (its rules and its ancestors'). */
    readonly deviceGroup?: string;
    /**
     * An address object of a host name (FQDN) is read as that name (AddressSet names): verify
     * proves it exactly (verify/host-name-space.ts). Without it such an object is unknown, as the
     * audit cannot resolve names.
     */
    readonly hostNames?: boolean;
    /**
     * What a reading of the same text kept for reading it again at another instant (verify reads
     * a file once per instant its rules change at): an importer that keeps what it read without
     * asking the time reads afresh only what did. Given only with the same text and the same
     * options but `now`.
     */
    readonly kept?: KeptReading;
    /**
     * The ruleset as its platform listed it after loading this very text (nftables: `nft -j -a
     * list ruleset`), where the caller had it loaded already (verify, by the platform's reader):
     * read instead of loading the text again.
     */
    readonly listed?: unknown;
}

/**
 * Whether a rule holding from `start` until `end` holds at the instant read: what every importer
 * asks of the time, through the caller's ImportOptions.windowAt where it gives one.
 */
export function windowOfRule(options: ImportOptions, start: TimeBound | undefined, end: TimeBound | undefined): WindowState {
    return options.windowAt ? options.windowAt(start, end) : windowAt(options.now.getTime(), start, end);
}

/** What the readings of one text at several instants keep between them (ImportOptions.kept). */
export class KeptReading {
    private readonly byImporter = new Map<string, unknown>();
    /** Readings of the whole text (what an importer keeps, made): the work the tests count. */
    made = 0;
    /** Rule lines read afresh rather than taken from an earlier reading: the work the tests count. */
    linesRead = 0;

    /** What the importer `id` keeps of the text, made on its first reading. */
    of<T>(id: string, make: () => T): T {
        if (!this.byImporter.has(id)) {
            this.byImporter.set(id, make());
            this.made++;
        }
        return this.byImporter.get(id) as T;
    }
}

/**
 * The host names a configuration may name and be read exactly (verify, `hostNames`): those the
 * plan's zones hold, each resolving somewhere among their addresses. Empty otherwise (the audit
 * cannot resolve names). A name not among them stays unknown.
 */
export function knownHostNames(options: ImportOptions): ReadonlySet<string> {
    if (options.hostNames !== true) return new Set();
    return new Set([...options.interfaces.values()].flatMap(set => [...set.names].filter(n => !n.startsWith('<'))));
}

/**
 * `set` with each host name it holds also held for one family at a time (network/host-name-family.ts):
 * a zone that holds a name holds its IPv4 addresses and its IPv6 ones, so a policy's FQDN object
 * of one family, met with the zone, stays that name.
 */
export function withHostNameFamilies(set: AddressSet): AddressSet {
    const names = [...set.names].filter(n => !n.startsWith('<'));
    return names.length === 0 ? set : set.union(AddressSet.of([], names.flatMap(n => [hostNameOfFamily(n, 'ipv4'), hostNameOfFamily(n, 'ipv6')])));
}

/** One deployed-configuration format: the mirror of an emitter in language/emit/. */
export interface ConfigImporter {
    /** The `--config-format` name. */
    readonly id: string;
    /** The platform, as the format picker shows it. */
    readonly label: string;
    /** Where the configuration comes from (the command that prints it). */
    readonly detail: string;
    /** Whether a text looks like this format (for detection when no format is given). */
    detect(text: string): boolean;
    import(text: string, options: ImportOptions): FirewallPolicy | Promise<FirewallPolicy>;
    /**
     * Several files that the platform applies together as one configuration (Azure: a subnet's and
     * a network interface's groups, each exported on its own). Formats without it take one file.
     */
    combine?(configs: readonly { readonly text: string; readonly file: string }[], options: ImportOptions): FirewallPolicy;
    /**
     * A file for several hosts, of which each host runs only its own part (a Windows script's
     * `-SegPlanHost`): a host's firewall holds its own rules only. Without it, the same file is
     * loaded on each host, and every rule that matches a host's addresses is on its firewall.
     */
    readonly onePartPerHost?: true;
}

/** A configuration that cannot be read at all: the message names the line. */
export class ConfigError extends Error {
    constructor(message: string, readonly line?: number) {
        super(message);
    }
}

/**
 * A file of nothing but blank lines and `#` comments, given as a format that has no rules in it:
 * SegPlan's output for a plan with no rule the target writes. Nothing in it says what it is, so it
 * is read as such only when the user named its format (or generate reads its own output); the
 * device's defaults then decide everything.
 */
export function emptyConfigGiven(text: string, options: ImportOptions): boolean {
    return options.formatGiven === true && text.split(/\r?\n/).every(l => /^\s*(#.*)?$/.test(l));
}

/** The loopback interface carries only a host's traffic to itself. */
export const LOOPBACK = AddressSet.of([
    { kind: 'ipv4', interval: { from: 127n << 24n, to: (128n << 24n) - 1n } },
    { kind: 'ipv6', interval: { from: 1n, to: 1n } }
]);

/** The addresses behind an interface name, `eth+` style wildcards included; undefined when unmapped. */
export function interfaceAddresses(name: string, interfaces: ReadonlyMap<string, AddressSet>): AddressSet | undefined {
    if (name === 'lo' && !interfaces.has('lo')) return LOOPBACK;
    if (name.endsWith('+') || name.endsWith('*')) {
        const prefix = name.slice(0, -1);
        const matching = [...interfaces].filter(([n]) => n.startsWith(prefix));
        return matching.length ? matching.reduce((s, [, a]) => s.union(a), AddressSet.EMPTY) : undefined;
    }
    return interfaces.get(name);
}

/** The addresses mapped to any of these names (a group known by its id, name and tag; a zone and its interfaces); undefined when none is. */
export function mappedAddresses(names: Iterable<string | undefined>, interfaces: ReadonlyMap<string, AddressSet>): AddressSet | undefined {
    let union: AddressSet | undefined;
    for (const name of names) {
        const set = name ? interfaces.get(name) : undefined;
        if (set) union = union ? union.union(set) : set;
    }
    return union;
}

/**
 * The addresses behind each named interface or zone that a packet from (or to) there can have: its
 * mapped addresses less those of the more specific ones (the internet, mapped to every address,
 * is what the other zones are not). Names without a mapping are left out.
 */
export function addressesBehind(names: Iterable<string>, interfaces: ReadonlyMap<string, AddressSet>): Map<string, AddressSet> {
    const raw = new Map([...new Set(names)].map(n => [n, interfaceAddresses(n, interfaces)] as const));
    const behind = new Map<string, AddressSet>();
    for (const [name, set] of raw) {
        if (!set) continue;
        const inner = [...raw].filter(([other, s]) => other !== name && s && set.contains(s) && !s.contains(set)).reduce((u, [, s]) => u.union(s!), AddressSet.EMPTY);
        behind.set(name, set.subtract(inner));
    }
    return behind;
}

/** The prefix length of a dotted netmask (`255.255.255.0` → 24); a ConfigError at `line` otherwise. */
export function prefixOfMask(mask: string, line: number): number {
    const parts = mask.split('.').map(Number);
    if (parts.length !== 4 || parts.some(p => !Number.isInteger(p) || p < 0 || p > 255)) throw new ConfigError(`line ${line}: '${mask}' is not a netmask`, line);
    const bits = parts.reduce((n, p) => n * 256 + p, 0).toString(2).padStart(32, '0');
    if (!/^1*0*$/.test(bits)) throw new ConfigError(`line ${line}: '${mask}' is not a contiguous netmask`, line);
    return bits.indexOf('0') < 0 ? 32 : bits.indexOf('0');
}
