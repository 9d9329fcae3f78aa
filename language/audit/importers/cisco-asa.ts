import { AddressSet, parseAddress } from '../../network/addresses.js';
import { ALL_PORTS, portSetOf, subtractPorts, unionPorts, type PortSet } from '../../network/ports.js';
import { type ConfigLocation, type FirewallPolicy, type PolicyChain, type PolicyRule, repliesPass } from '../firewall-policy.js';
import { EVERY_ADDRESS, EVERY_IPV4, EVERY_IPV6, type Transport, type TrafficMatch } from '../traffic-space.js';
import { hostNameOfFamily } from '../../network/host-name-family.js';
import { addressesBehind, ConfigError, interfaceAddresses, knownHostNames, prefixOfMask, windowOfRule, type ConfigImporter, type ImportOptions } from './importer.js';
import { wallClockTime, type TimeBound } from './time-window.js';

/**
 * A Cisco ASA running-config (`show running-config`): network and service objects and
 * object-groups, `name` aliases, extended access lists (permit, deny, `inactive`, `time-range`
 * with absolute dates), `access-group … in|out interface` and `global`, and interface security
 * levels for interfaces without an access list. Evaluated as the ASA does: the ingress
 * interface's list, then the global list, then the implicit deny; replies of allowed connections
 * pass (stateful). FQDN objects, `interface` as an address, periodic time ranges and port names
 * it does not know make a rule "unknown", reported with the line; nothing is guessed.
 */

/** ASA's port literals (the names `show running-config` writes instead of numbers). */
const TCP_PORTS: Record<string, number> = {
    aol: 5190, bgp: 179, chargen: 19, cifs: 3020, 'citrix-ica': 1494, cmd: 514, ctiqbe: 2748, daytime: 13, discard: 9,
    domain: 53, echo: 7, exec: 512, finger: 79, ftp: 21, 'ftp-data': 20, gopher: 70, h323: 1720, hostname: 101, http: 80,
    https: 443, ident: 113, imap4: 143, irc: 194, kerberos: 88, klogin: 543, kshell: 544, ldap: 389, ldaps: 636, login: 513,
    lotusnotes: 1352, lpd: 515, 'netbios-ssn': 139, nfs: 2049, nntp: 119, pop2: 109, pop3: 110, pptp: 1723, rsh: 514,
    rtsp: 554, sip: 5060, smtp: 25, sqlnet: 1521, ssh: 22, sunrpc: 111, tacacs: 49, talk: 517, telnet: 23, uucp: 540,
    whois: 43, www: 80
};
const UDP_PORTS: Record<string, number> = {
    biff: 512, bootpc: 68, bootps: 67, cifs: 3020, discard: 9, dnsix: 195, domain: 53, echo: 7, isakmp: 500, kerberos: 88,
    'mobile-ip': 434, nameserver: 42, 'netbios-dgm': 138, 'netbios-ns': 137, nfs: 2049, ntp: 123, radius: 1645,
    'radius-acct': 1646, rip: 520, sip: 5060, snmp: 161, snmptrap: 162, sunrpc: 111, syslog: 514, tacacs: 49, talk: 517,
    tftp: 69, time: 37, who: 513, xdmcp: 177
};

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];

/** A service: protocols and destination ports (per protocol), source ports. */
interface Service { protocols: Set<Transport>; destinationPorts: PortSet; sourcePorts: PortSet; unknown?: string }

interface Objects {
    networks: Map<string, { set: AddressSet; unknown?: string }>;
    services: Map<string, Service[]>;
    protocols: Map<string, Set<Transport | 'other'>>;
    /** Port groups (`object-group service N tcp` with port-object lines). */
    portGroups: Map<string, { ports: PortSet; unknown?: string }>;
    names: Map<string, string>;
    timeRanges: Map<string, { start?: TimeBound; end?: TimeBound; unknown?: string }>;
}

/** A time-range boundary: the instants it may be (summer time may move it by an hour). */
class Words {
    private i = 0;
    constructor(readonly list: string[], readonly line: number) {}
    peek(offset = 0): string | undefined { return this.list[this.i + offset]; }
    next(): string | undefined { return this.list[this.i++]; }
    need(what: string): string {
        const word = this.next();
        if (word === undefined) throw new ConfigError(`line ${this.line}: ${what} is missing`, this.line);
        return word;
    }

    get done(): boolean { return this.i >= this.list.length; }
}

function addressOf(text: string, line: number): AddressSet {
    const parsed = parseAddress(text);
    if ('error' in parsed || parsed.block.kind === 'host') throw new ConfigError(`line ${line}: '${text}' is not an address${'error' in parsed ? `: ${parsed.error}` : ''}`, line);
    return AddressSet.of([parsed.block]);
}

function portNumber(word: string, protocols: ReadonlySet<Transport>, line: number): number | undefined {
    if (/^\d+$/.test(word)) {
        const n = Number(word);
        if (n < 0 || n > 65535) throw new ConfigError(`line ${line}: '${word}' is not a port`, line);
        return n;
    }
    // A name counts only when it means the same port for every protocol of the rule.
    const values = [...protocols].map(p => (p === 'tcp' ? TCP_PORTS : UDP_PORTS)[word]);
    return values.length > 0 && values.every(v => v !== undefined && v === values[0]) ? values[0] : undefined;
}

/** `eq 443`, `range 1 5`, `lt 1024`, `gt 1023`, `neq 22`: the ports, or a reason it cannot be read. */
function portOperator(words: Words, protocols: ReadonlySet<Transport>): { ports: PortSet } | { unknown: string } {
    const op = words.need('a port operator');
    const number = (): number | string => {
        const word = words.need('a port');
        return portNumber(word, protocols, words.line) ?? word;
    };
    const a = number();
    const b = op === 'range' ? number() : undefined;
    if (typeof a === 'string' || typeof b === 'string') return { unknown: `port name '${typeof a === 'string' ? a : b}' is not one the audit knows for ${[...protocols].join('/')}` };
    switch (op) {
        case 'eq': return { ports: a === 0 ? [] : [{ from: a, to: a }] };
        case 'neq': return { ports: subtractPorts(ALL_PORTS, [{ from: a, to: a }]) };
        case 'lt': return { ports: a <= 1 ? [] : [{ from: 1, to: a - 1 }] };
        case 'gt': return { ports: a >= 65535 ? [] : [{ from: Math.max(1, a + 1), to: 65535 }] };
        case 'range':
            if (b! < a) throw new ConfigError(`line ${words.line}: 'range ${a} ${b}' runs backwards`, words.line);
            return { ports: b! < 1 ? [] : portSetOf([{ from: Math.max(1, a), to: b! }]) };
        default: throw new ConfigError(`line ${words.line}: '${op}' is not a port operator (eq, neq, lt, gt, range)`, words.line);
    }
}

function transportsOf(word: string): Set<Transport> | undefined {
    if (word === 'tcp' || word === '6') return new Set(['tcp']);
    if (word === 'udp' || word === '17') return new Set(['udp']);
    if (word === 'tcp-udp' || word === 'ip') return new Set(['tcp', 'udp']);
    return undefined;
}

function parseTime(words: string[], line: number): Date {
    // `23:59 31 December 2099`
    const [clock, day, month, year] = words;
    const [h, m] = (clock ?? '').split(':').map(Number);
    const t = /^\d{1,2}:\d{2}$/.test(clock ?? '') && /^\d+$/.test(day ?? '') && /^\d{4}$/.test(year ?? '')
        ? wallClockTime(Number(year), MONTHS.indexOf((month ?? '').toLowerCase()) + 1, Number(day), h, m) : undefined;
    if (t === undefined) throw new ConfigError(`line ${line}: '${words.join(' ')}' is not a time (HH:MM day month year)`, line);
    return new Date(t);
}

interface Block {
    header: string[];
    line: number;
    children: { words: string[]; line: number }[];
    /** Why the entry's place in its access list is not known (a `line N` past the list's end, a `no` that named no entry). */
    placement?: string;
}

/**
 * The configuration as top-level commands with their sub-commands. `show running-config` indents
 * them; a pasted configuration (a day-0 file) may not, and the ASA reads it in interface
 * configuration mode all the same: after `interface …`, an interface sub-command belongs to that
 * interface until the first command that is not one.
 */
function blocksOf(text: string): Block[] {
    const blocks: Block[] = [];
    let interfaceMode = false;
    text.split(/\r?\n/).forEach((raw, index) => {
        const line = index + 1;
        if (raw.trim() === '' || raw.trimStart().startsWith('!') || raw.trimStart().startsWith(':')) return;
        const words = raw.trim().split(/\s+/);
        if (blocks.length > 0 && (/^\s/.test(raw) || (interfaceMode && isInterfaceSubCommand(words)))) blocks[blocks.length - 1].children.push({ words, line });
        else {
            blocks.push({ header: words, line, children: [] });
            interfaceMode = words[0] === 'interface';
        }
    });
    return blocks;
}

/** A command of interface configuration mode (PIX 6's global `nameif <hardware> <name> security<N>` is another command). */
function isInterfaceSubCommand(words: readonly string[]): boolean {
    const [word, ...rest] = words[0] === 'no' ? words.slice(1) : words;
    if (word === 'nameif') return rest.length <= 1;
    return INTERFACE_MODELED.has(interfaceWord(word)) || INTERFACE_NO_EFFECT.has(word);
}

/** `shut`, the abbreviation the ASA takes for `shutdown` (no other interface command starts so). */
function interfaceWord(word: string | undefined): string {
    return word === 'shut' ? 'shutdown' : word ?? '';
}

/** Whether `header` starts with the words of `prefix`. */
function startsWith(header: readonly string[], prefix: readonly string[]): boolean {
    return prefix.every((w, i) => header[i] === w);
}

/** An access-list command's words without its `line N` (which says where it goes, not what it is). */
function entryWords(header: readonly string[]): string[] {
    return header[2] === 'line' ? [...header.slice(0, 2), ...header.slice(4)] : [...header];
}

/**
 * The commands as the ASA holds them after applying them one after the other (a file pasted over
 * an earlier one: the second apply): `clear configure access-list [N]` removes N's entries (every
 * list's) so far, `no access-list N <entry>` that entry, `no access-group …` a binding,
 * `no object-group|object|time-range …` a definition, and a later `access-group` of an interface
 * and direction replaces the earlier one. `access-list N line K …` puts the entry at line K of
 * list N, before the entry that held it: every remark and every entry has a line (Cisco's ASA
 * configuration guide), numbered from 1 in the list's order. A running-config holds none of these
 * (its lists are in order, without line numbers), and reads the same.
 */
function appliedInOrder(blocks: Block[]): Block[] {
    let held: Block[] = [];
    const lists = new Map<string, Block[]>();
    const remove = (gone: (b: Block) => boolean) => { held = held.filter(b => !gone(b)); };
    for (const b of blocks) {
        const [k, a, c, d] = b.header;
        if (k === 'clear' && a === 'configure' && c === 'access-list') {
            if (d) lists.delete(d); else lists.clear();
            continue;
        }
        if (k === 'access-list' && a) {
            const list = lists.get(a) ?? [];
            lists.set(a, list);
            if (c !== 'line') { list.push(b); continue; }
            if (!/^\d+$/.test(d ?? '') || Number(d) < 1) throw new ConfigError(`line ${b.line}: 'line ${d ?? ''}' is not a line number of access list ${a} (1 or more)`, b.line);
            const at = Number(d) - 1;
            // Past the end the ASA either appends the entry or refuses it: which, Cisco's documents do not say.
            if (at > list.length) list.push({ ...b, placement: `'line ${d}' is past the end of access list ${a} (${list.length} line${list.length === 1 ? '' : 's'} before it): whether the ASA appends the entry or refuses it is not known` });
            else list.splice(at, 0, b);
            continue;
        }
        if (k === 'no' && a === 'access-list' && c) {
            const list = lists.get(c) ?? [];
            const wanted = entryWords(b.header.slice(1)).join(' ');
            const found = list.findIndex(x => entryWords(x.header).join(' ') === wanted);
            if (found >= 0) { list.splice(found, 1); continue; }
            if (list.length === 0) continue; // no such list: the ASA refuses the command, nothing changes
            // The ASA compares entries, not their text (\`eq 80\` is \`eq www\`): which entry goes is not known.
            const why = `'${b.header.join(' ')}' (line ${b.line}) removes an entry of access list ${c} that is not written the same way here: which one is not known`;
            lists.set(c, list.map(x => ({ ...x, placement: x.placement ?? why })));
            continue;
        }
        if (k === 'no' && (a === 'access-group' || a === 'object-group' || a === 'object' || a === 'time-range')) {
            const definition = b.header.slice(1);
            remove(x => startsWith(x.header, definition));
            continue;
        }
        if (k === 'access-group' && a) remove(x => x.header[0] === 'access-group' && x.header.slice(2).join(' ') === b.header.slice(2).join(' '));
        held.push(b);
    }
    return [...held, ...[...lists.values()].flat()];
}

function readObjects(blocks: Block[], hostNames: ReadonlySet<string>): Objects {
    const objects: Objects = { networks: new Map(), services: new Map(), protocols: new Map(), portGroups: new Map(), names: new Map(), timeRanges: new Map() };
    // Time ranges are the ASA's local time: UTC unless `clock timezone <name> <hours> [<minutes>]`;
    // with `clock summer-time` an hour later for part of the year.
    const zone = blocks.find(b => b.header[0] === 'clock' && b.header[1] === 'timezone');
    let offset = 0;
    if (zone) {
        const [hours, minutes = '0'] = zone.header.slice(3);
        if (!/^[+-]?\d{1,2}$/.test(hours ?? '') || !/^\d{1,2}$/.test(minutes)) throw new ConfigError(`line ${zone.line}: '${zone.header.join(' ')}' is not \`clock timezone <name> <hours> [<minutes>]\``, zone.line);
        offset = (Number(hours) * 60 + (hours.startsWith('-') ? -1 : 1) * Number(minutes)) * 60_000;
    }
    const summer = blocks.some(b => b.header[0] === 'clock' && b.header[1] === 'summer-time') ? 3_600_000 : 0;
    const bound = (wall: Date, shift = 0): TimeBound => ({ earliest: wall.getTime() + shift - offset - summer, latest: wall.getTime() + shift - offset });
    const network = (name: string) => objects.networks.get(name);
    for (const b of blocks) {
        const [kind, sub, name] = b.header;
        if (kind === 'name' && sub && name) objects.names.set(name, sub);
        else if (kind === 'object' && sub === 'network' && name) {
            let set = AddressSet.EMPTY, unknown: string | undefined;
            for (const c of b.children) {
                const w = new Words(c.words, c.line);
                const k = w.next();
                if (k === 'host') set = set.union(addressOf(w.need('an address'), c.line));
                else if (k === 'subnet') {
                    const a = w.need('an address');
                    set = set.union(addressOf(a.includes(':') ? a : `${a}/${prefixOfMask(w.need('a netmask'), c.line)}`, c.line));
                } else if (k === 'range') set = set.union(addressOf(`${w.need('a first address')}-${w.need('a last address')}`, c.line));
                else if (k === 'fqdn') {
                    // `fqdn [v4 | v6] NAME`: the addresses of one family the name resolves to; without
                    // v4 or v6 the ASA assumes IPv4 (Cisco's ASA configuration guide, network objects).
                    const family = w.peek() === 'v6' ? 'ipv6' : 'ipv4';
                    if (w.peek() === 'v4' || w.peek() === 'v6') w.next();
                    const host = w.need('a host name');
                    if (!w.done) unknown = `'${c.words.join(' ')}' is not \`fqdn [v4 | v6] NAME\``;
                    else if (hostNames.has(host)) set = set.union(AddressSet.of([], [hostNameOfFamily(host, family)]));
                    else unknown = `object ${name} is the host name ${host}: the audit cannot resolve names`;
                }
            }
            // A name may stand for any address: whatever the rule might match is unknown, not unmatched.
            objects.networks.set(name, { set: unknown ? EVERY_ADDRESS : set, unknown });
        } else if (kind === 'object-group' && sub === 'network' && name) {
            let set = AddressSet.EMPTY, unknown: string | undefined;
            for (const c of b.children) {
                const w = new Words(c.words, c.line);
                const k = w.next();
                if (k === 'network-object') {
                    const a = w.need('an address');
                    if (a === 'host') {
                        const h = w.need('an address');
                        set = set.union(addressOf(objects.names.get(h) ?? h, c.line));
                    } else if (a === 'object') {
                        const ref = network(w.need('an object name'));
                        if (!ref) throw new ConfigError(`line ${c.line}: object ${c.words[2]} is not defined above`, c.line);
                        set = set.union(ref.set);
                        unknown ??= ref.unknown;
                    } else if (a.includes('/')) set = set.union(addressOf(a, c.line));
                    else set = set.union(addressOf(`${objects.names.get(a) ?? a}/${prefixOfMask(w.need('a netmask'), c.line)}`, c.line));
                } else if (k === 'group-object') {
                    const ref = network(w.need('a group name'));
                    if (!ref) throw new ConfigError(`line ${c.line}: object-group ${c.words[1]} is not defined above`, c.line);
                    set = set.union(ref.set);
                    unknown ??= ref.unknown;
                }
            }
            objects.networks.set(name, { set: unknown ? EVERY_ADDRESS : set, unknown });
        } else if ((kind === 'object' || kind === 'object-group') && sub === 'service' && name) {
            const groupProtocols = b.header[3] ? transportsOf(b.header[3]) : undefined;
            if (groupProtocols) {
                // `object-group service N tcp` with port-object lines: a port group.
                let ports: PortSet = [], unknown: string | undefined;
                for (const c of b.children) {
                    const w = new Words(c.words, c.line);
                    const k = w.next();
                    if (k === 'port-object') {
                        const p = portOperator(w, groupProtocols);
                        if ('ports' in p) ports = unionPorts(ports, p.ports); else unknown ??= p.unknown;
                    } else if (k === 'group-object') {
                        const ref = objects.portGroups.get(w.need('a group name'));
                        if (!ref) throw new ConfigError(`line ${c.line}: object-group ${c.words[1]} is not defined above`, c.line);
                        ports = unionPorts(ports, ref.ports);
                        unknown ??= ref.unknown;
                    }
                }
                objects.portGroups.set(name, { ports, unknown });
                objects.services.set(name, [{ protocols: groupProtocols, destinationPorts: ports, sourcePorts: ALL_PORTS, unknown }]);
                continue;
            }
            const services: Service[] = [];
            for (const c of b.children) {
                const w = new Words(c.words, c.line);
                const k = w.next();
                if (k === 'service' || k === 'service-object') {
                    const p = w.need('a protocol');
                    if (p === 'object' || p === 'object-group') {
                        const ref = objects.services.get(w.need('a service name'));
                        if (!ref) throw new ConfigError(`line ${c.line}: service ${c.words.at(-1)} is not defined above`, c.line);
                        services.push(...ref);
                        continue;
                    }
                    const protocols = transportsOf(p);
                    if (!protocols) continue; // icmp, esp, …: no TCP or UDP
                    const s: Service = { protocols, destinationPorts: ALL_PORTS, sourcePorts: ALL_PORTS };
                    while (!w.done) {
                        const which = w.next();
                        if (which !== 'source' && which !== 'destination') { s.unknown ??= `'${which}' in a service is not understood`; break; }
                        const r = portOperator(w, protocols);
                        if ('unknown' in r) s.unknown ??= r.unknown;
                        else if (which === 'source') s.sourcePorts = r.ports; else s.destinationPorts = r.ports;
                    }
                    services.push(s);
                } else if (k === 'group-object') {
                    const ref = objects.services.get(w.need('a group name'));
                    if (!ref) throw new ConfigError(`line ${c.line}: object-group ${c.words[1]} is not defined above`, c.line);
                    services.push(...ref);
                }
            }
            objects.services.set(name, services);
        } else if (kind === 'object-group' && sub === 'protocol' && name) {
            const set = new Set<Transport | 'other'>();
            for (const c of b.children) {
                if (c.words[0] !== 'protocol-object') continue;
                const t = transportsOf(c.words[1]);
                if (t) t.forEach(x => set.add(x)); else set.add('other');
            }
            objects.protocols.set(name, set);
        } else if (kind === 'time-range' && sub) {
            const range: { start?: TimeBound; end?: TimeBound; unknown?: string } = {};
            for (const c of b.children) {
                if (c.words[0] === 'periodic') range.unknown = `time-range ${sub} is periodic: the audit judges absolute ranges only`;
                if (c.words[0] !== 'absolute') continue;
                const start = c.words.indexOf('start'), end = c.words.indexOf('end');
                if (start >= 0) range.start = bound(parseTime(c.words.slice(start + 1, start + 5), c.line));
                // An absolute end is the last minute the entry is active.
                if (end >= 0) range.end = bound(parseTime(c.words.slice(end + 1, end + 5), c.line), 60_000);
            }
            objects.timeRanges.set(sub, range);
        }
    }
    return objects;
}

/** User and security-group arguments before an address: who is behind it, which the audit cannot tell. */
const IDENTITY_ARGUMENTS: Record<string, number> = { user: 1, 'user-group': 1, 'object-group-user': 1, 'security-group': 2, 'object-group-security': 1 };

/** An address operand of an access list entry. */
function addressOperand(w: Words, objects: Objects, options: ImportOptions): { set: AddressSet; unknown?: string } {
    let identity: string | undefined;
    while (IDENTITY_ARGUMENTS[w.peek() ?? ''] !== undefined) {
        const keyword = w.next()!;
        const args = Array.from({ length: IDENTITY_ARGUMENTS[keyword] }, () => w.need(`the argument of ${keyword}`));
        identity ??= `'${keyword} ${args.join(' ')}': the audit cannot tell which hosts it matches`;
    }
    const address = addressOperandWithoutIdentity(w, objects, options);
    return identity ? { set: address.set, unknown: address.unknown ?? identity } : address;
}

function addressOperandWithoutIdentity(w: Words, objects: Objects, options: ImportOptions): { set: AddressSet; unknown?: string } {
    const word = w.need('an address');
    if (word === 'any') return { set: EVERY_ADDRESS };
    if (word === 'any4') return { set: EVERY_IPV4 };
    if (word === 'any6') return { set: EVERY_IPV6 };
    if (word === 'host') {
        const a = w.need('an address');
        return { set: addressOf(objects.names.get(a) ?? a, w.line) };
    }
    if (word === 'object' || word === 'object-group') {
        const name = w.need('an object name');
        const found = objects.networks.get(name);
        if (!found) throw new ConfigError(`line ${w.line}: ${word} ${name} is not a network object defined in the file`, w.line);
        return found;
    }
    if (word === 'interface') {
        const name = w.need('an interface name');
        return { set: interfaceAddresses(name, options.interfaces) ?? EVERY_ADDRESS, unknown: `'interface ${name}' stands for the interface's own address, which the configuration's interface section gives` };
    }
    if (word.includes('/')) return { set: addressOf(word, w.line) };
    const address = objects.names.get(word) ?? word;
    return { set: addressOf(`${address}/${prefixOfMask(w.need('a netmask'), w.line)}`, w.line) };
}

const PORT_OPERATORS = new Set(['eq', 'neq', 'lt', 'gt', 'range']);

/** Ports after an address, if there are: an operator, or a port group. */
function portOperand(w: Words, objects: Objects, protocols: ReadonlySet<Transport>): { ports: PortSet } | { unknown: string } | undefined {
    const next = w.peek();
    if (next && PORT_OPERATORS.has(next)) return portOperator(w, protocols);
    if (next === 'object-group' && objects.portGroups.has(w.peek(1) ?? '')) {
        w.next();
        const group = objects.portGroups.get(w.next()!)!;
        return group.unknown ? { unknown: group.unknown } : { ports: group.ports };
    }
    return undefined;
}

/**
 * The words of an access list entry, as Cisco's ASA command reference lists them: the entry kinds
 * the audit reads (extended, remark), those that filter no IP traffic through an interface
 * (standard lists serve routing and VPN, ethertype non-IP frames, webtype clientless VPN), and the
 * options after the addresses and ports that it models. Any other kind makes what reaches the
 * entry unknown; any other option leaves the entry matching or not.
 */
export const ASA_ENTRY_WORDS = {
    kinds: ['extended', 'remark'],
    otherTraffic: ['standard', 'ethertype', 'webtype'],
    options: ['inactive', 'time-range', 'log']
} as const;
const LOG_LEVELS = new Set(['0', '1', '2', '3', '4', '5', '6', '7', 'emergencies', 'alerts', 'critical', 'errors', 'warnings', 'notifications', 'informational', 'debugging']);

function readAccessLists(blocks: Block[], objects: Objects, options: ImportOptions, unevaluated: FirewallPolicy['unevaluated'][number][]): Map<string, PolicyRule[]> {
    const lists = new Map<string, PolicyRule[]>();
    for (const b of blocks) {
        if (b.header[0] !== 'access-list') continue;
        const location: ConfigLocation = { file: options.file, line: b.line, text: b.header.join(' ') };
        const w = new Words(b.header, b.line);
        w.next();
        const acl = w.need('an access list name');
        const rules = lists.get(acl) ?? [];
        lists.set(acl, rules);
        if (w.peek() === 'line') { w.next(); w.next(); }
        const type = w.next();
        if (type === 'remark') continue;
        if (type !== undefined && ASA_ENTRY_WORDS.otherTraffic.includes(type as (typeof ASA_ENTRY_WORDS.otherTraffic)[number])) {
            unevaluated.push({ line: b.line, text: location.text, why: `a ${type} access list entry filters no IP traffic through an interface` });
            continue;
        }
        if (type !== 'extended') {
            // An FTD `advanced` entry (Snort decides after it) or a kind the audit does not know: what it does is not known.
            rules.push({ match: {}, action: { kind: 'drop' }, unknown: `a${type === 'advanced' ? 'n' : ''} ${type ?? 'bare'} access list entry, which the audit does not evaluate: what reaches it is not known`, location });
            continue;
        }
        const verb = w.need('permit or deny');
        if (verb !== 'permit' && verb !== 'deny') throw new ConfigError(`line ${b.line}: '${verb}' where permit or deny belongs`, b.line);
        const action = { kind: verb === 'permit' ? 'accept' as const : 'drop' as const };
        // The protocol: a word, a protocol group, or a service object/group (which also gives ports).
        let services: Service[];
        let portsFollow = true;
        const p = w.need('a protocol');
        if (p === 'object' || p === 'object-group') {
            const name = w.need('an object name');
            if (objects.protocols.has(name)) {
                const set = objects.protocols.get(name)!;
                services = [{ protocols: new Set([...set].filter((x): x is Transport => x !== 'other')), destinationPorts: ALL_PORTS, sourcePorts: ALL_PORTS }];
            } else if (objects.services.has(name)) {
                services = objects.services.get(name)!;
                portsFollow = false;
            } else throw new ConfigError(`line ${b.line}: ${p} ${name} is not a protocol or service group defined in the file`, b.line);
        } else {
            const t = transportsOf(p);
            services = t ? [{ protocols: t, destinationPorts: ALL_PORTS, sourcePorts: ALL_PORTS }] : [];
        }
        const protocols = new Set(services.flatMap(s => [...s.protocols]));
        const source = addressOperand(w, objects, options);
        const sourcePorts = portsFollow ? portOperand(w, objects, protocols) : undefined;
        const destination = addressOperand(w, objects, options);
        const destinationPorts = portsFollow ? portOperand(w, objects, protocols) : undefined;
        let unknown = b.placement ?? source.unknown ?? destination.unknown;
        if (sourcePorts && 'unknown' in sourcePorts) unknown ??= sourcePorts.unknown;
        if (destinationPorts && 'unknown' in destinationPorts) unknown ??= destinationPorts.unknown;
        let active = true;
        while (!w.done) {
            const word = w.next()!;
            if (word === 'inactive') active = false;
            else if (word === 'time-range') {
                const name = w.need('a time-range name');
                const range = objects.timeRanges.get(name);
                if (!range) { unknown ??= `time-range ${name} is not defined in the file`; continue; }
                if (range.unknown) unknown ??= range.unknown;
                const window = windowOfRule(options, range.start, range.end);
                if (window === 'inactive') active = false;
                else if (window === 'uncertain') unknown ??= `time-range ${name} starts or ends within the hour of summer time around the audit's time`;
            } else if (word === 'log') {
                // `log [disable | default | <level>] [interval <seconds>]`: what is logged, never what passes.
                if (LOG_LEVELS.has(w.peek() ?? '') || w.peek() === 'disable' || w.peek() === 'default') w.next();
                if (w.peek() === 'interval' && /^\d+$/.test(w.peek(1) ?? '')) { w.next(); w.next(); }
            } else {
                // A word not read here may narrow the entry (or be a port group the file lacks): never ignore it.
                unknown ??= `'${word}' in an access list entry is not understood`;
            }
        }
        if (!active || services.length === 0) continue; // inactive, expired, or no TCP/UDP (icmp, esp, …)
        for (const s of services) {
            const match: TrafficMatch = {
                protocols: s.protocols, sources: source.set, destinations: destination.set,
                sourcePorts: sourcePorts && 'ports' in sourcePorts ? sourcePorts.ports : s.sourcePorts,
                destinationPorts: destinationPorts && 'ports' in destinationPorts ? destinationPorts.ports : s.destinationPorts
            };
            // What the audit cannot evaluate in an entry (a host name, a user, a time range near its edge, its place in the list) leaves it matching or not: its action is known.
            const uncertain = unknown ?? s.unknown;
            rules.push({ match, action, location, ...(uncertain ? { uncertain } : {}) });
        }
    }
    return lists;
}

interface InterfaceInfo {
    nameif: string;
    level?: number;
    line: number;
    /** It passes no traffic through (management-only, shutdown): the line that says so. */
    passesNone?: { line: number; text: string };
    /** Why what passes through it is not known (a sub-command the audit does not know). */
    unknown?: { line: number; why: string };
}

/**
 * The sub-commands of an `interface` block, as Cisco's ASA command reference lists them: those that
 * decide whether traffic passes through the interface, which the audit models, and those that
 * say nothing of it (addresses, layer 2, routing protocols, labels). Any other makes what passes
 * through the interface unknown; `no <sub-command>` is read as the sub-command's own.
 */
export const ASA_INTERFACE_WORDS = {
    modeled: ['nameif', 'security-level', 'management-only', 'shutdown'],
    noEffect: [
        'ip', 'ipv6', 'description', 'speed', 'duplex', 'vlan', 'channel-group', 'member-interface', 'lacp', 'mac-address',
        'ospf', 'eigrp', 'rip', 'pim', 'igmp', 'multicast', 'bfd', 'delay', 'flowcontrol', 'hello-interval', 'hold-time',
        'authentication', 'summary-address', 'split-horizon', 'dhcp', 'dhcprelay', 'ddns', 'pppoe', 'port-channel', 'media-type',
        'nve-only', 'policy-route', 'mtu', 'bridge-group', 'lacp-mode', 'load-balancing', 'priority-queue', 'interface-description'
    ]
} as const;
const INTERFACE_MODELED = new Set<string>(ASA_INTERFACE_WORDS.modeled), INTERFACE_NO_EFFECT = new Set<string>(ASA_INTERFACE_WORDS.noEffect);

/** One `interface` block as the audit reads it: its nameif and what decides whether it passes traffic. */
function interfaceOf(b: Block): InterfaceInfo | undefined {
    let nameif: string | undefined, level: string | undefined, managementOnly: boolean | undefined;
    let passesNone: InterfaceInfo['passesNone'], unknown: InterfaceInfo['unknown'], levelLine: number | undefined;
    for (const c of b.children) {
        const negated = c.words[0] === 'no';
        const [written, value] = negated ? c.words.slice(1) : c.words;
        const word = interfaceWord(written);
        if (!INTERFACE_MODELED.has(word) && !INTERFACE_NO_EFFECT.has(word)) {
            unknown ??= { line: c.line, why: `'${c.words.join(' ')}' under interface ${b.header.slice(1).join(' ')} is not a setting the audit knows: what passes through the interface is not known` };
            continue;
        }
        if (word === 'nameif') nameif = negated ? undefined : value;
        else if (word === 'security-level') {
            level = negated ? undefined : value;
            levelLine = c.line;
        } else if (word === 'management-only') {
            managementOnly = !negated;
            if (!negated) passesNone = { line: c.line, text: `interface ${b.header.slice(1).join(' ')}: management-only (no traffic passes through it)` };
        } else if (word === 'shutdown' && !negated) passesNone ??= { line: c.line, text: `interface ${b.header.slice(1).join(' ')}: shutdown (it passes no traffic)` };
    }
    if (!nameif) return undefined;
    if (levelLine !== undefined && (!/^\d+$/.test(level ?? '') || Number(level) > 100)) throw new ConfigError(`line ${levelLine}: security-level '${level ?? ''}' is not 0 to 100`, levelLine);
    // A Management interface is management-only by default on some models and not on others; its line is in the file when it is set either way.
    if (managementOnly === undefined && /^management/i.test(b.header[1] ?? '')) {
        unknown ??= { line: b.line, why: `interface ${b.header[1]} says neither management-only nor no management-only: whether it passes through traffic depends on the ASA model` };
    }
    // Without a security-level the ASA gives `inside` 100 and every other name 0 (when nameif is set).
    return { nameif, level: level !== undefined ? Number(level) : nameif === 'inside' ? 100 : 0, line: b.line, passesNone, unknown };
}

export const ciscoAsaImporter: ConfigImporter = {
    id: 'cisco-asa',
    label: 'Cisco ASA',
    detail: 'show running-config',
    detect: text => /^access-list \S+ (extended|remark|standard) /m.test(text) && (/^access-group \S+ (in|out) interface \S+|^access-group \S+ global/m.test(text) || /^object-group network /m.test(text))
        // A running-config without access lists: its interfaces' security levels decide.
        || /^(: Saved\s*$|ASA Version \d)/m.test(text) && /^interface \S+\s*$/m.test(text) && /^ nameif \S+\s*$/m.test(text),
    import(text: string, options: ImportOptions): FirewallPolicy {
        if (options.hook === 'input') throw new ConfigError(`${options.file}: a Cisco ASA filters traffic between zones; audit it without --host`);
        const blocks = appliedInOrder(blocksOf(text));
        const unevaluated: FirewallPolicy['unevaluated'][number][] = [];
        const objects = readObjects(blocks, knownHostNames(options));
        const lists = readAccessLists(blocks, objects, options, unevaluated);
        const interfaces: InterfaceInfo[] = [];
        let sameSecurity = false;
        const bindings: { acl: string; direction: 'in' | 'out' | 'global'; nameif?: string; line: number; text: string }[] = [];
        for (const b of blocks) {
            const [k, a, c, d, e] = b.header;
            if (k === 'interface') {
                const info = interfaceOf(b);
                if (info) interfaces.push(info);
            } else if (k === 'same-security-traffic' && a === 'permit' && c === 'inter-interface') sameSecurity = true;
            else if (k === 'access-group' && a) {
                if (!lists.has(a)) throw new ConfigError(`line ${b.line}: access-group names access list ${a}, which the file does not define`, b.line);
                if (b.header.includes('control-plane')) unevaluated.push({ line: b.line, text: b.header.join(' '), why: 'a control-plane access list filters traffic to the ASA itself, not through it' });
                else if (c === 'global') bindings.push({ acl: a, direction: 'global', line: b.line, text: b.header.join(' ') });
                else if ((c === 'in' || c === 'out') && d === 'interface' && e) bindings.push({ acl: a, direction: c, nameif: e, line: b.line, text: b.header.join(' ') });
                else unevaluated.push({ line: b.line, text: b.header.join(' '), why: 'an access-group binding the audit does not know' });
            }
        }
        if (bindings.length === 0 && interfaces.length === 0) throw new ConfigError(`${options.file} binds no access list to an interface (access-group) and names no interfaces: is it an ASA running-config?`);
        const known = new Set([...bindings.map(x => x.nameif).filter((n): n is string => !!n), ...interfaces.map(i => i.nameif)]);
        const behind = addressesBehind(known, options.interfaces);
        const chains = new Map<string, PolicyChain>();
        const at = (line: number, text: string): ConfigLocation => ({ file: options.file, line, text });
        const global = bindings.find(x => x.direction === 'global');
        if (global) chains.set('global', { name: 'global', rules: lists.get(global.acl)! });
        // Interfaces that pass no through traffic (management-only, shutdown), and those whose settings the audit does not know: before anything else.
        const gates: PolicyRule[] = [];
        for (const i of interfaces) {
            const addresses = behind.get(i.nameif);
            if (!addresses) continue;
            for (const side of [{ sources: addresses }, { destinations: addresses }]) {
                if (i.passesNone) gates.push({ match: side, action: { kind: 'drop' }, location: at(i.passesNone.line, i.passesNone.text) });
                else if (i.unknown) gates.push({ match: side, action: { kind: 'drop' }, unknown: i.unknown.why, location: at(i.unknown.line, `interface ${i.nameif}`) });
            }
        }
        const ingress: PolicyRule[] = [...gates, repliesPass(options.file, 'stateful inspection: replies of allowed connections pass')];
        const unmapped = (name: string, line: number, text: string): PolicyRule =>
            ({ match: {}, action: { kind: 'accept' }, unknown: `interface ${name} is not mapped to a zone of the plan (--map zone=${name})`, location: at(line, text) });
        // Traffic through an interface the plan does not map: after every mapped interface's rules
        // (a rule matching everything placed earlier would hide theirs).
        const unmappedRules: PolicyRule[] = [];
        for (const name of known) {
            const binding = bindings.find(x => x.direction === 'in' && x.nameif === name);
            const sources = behind.get(name);
            if (!sources) {
                const own = interfaces.find(i => i.nameif === name);
                if (own?.passesNone) continue;
                if (binding || global) unmappedRules.push(unmapped(name, binding?.line ?? global!.line, binding?.text ?? global!.text));
                else if (own && interfaces.some(o => o !== own && (own.level === undefined || o.level === undefined || own.level > o.level || (own.level === o.level && sameSecurity)))) {
                    // In through it, no access list: unknown unless the levels deny it everywhere.
                    unmappedRules.push(unmapped(name, own.line, `interface ${name} (security-level ${own.level ?? '?'}), no access list`));
                }
                continue;
            }
            if (binding) {
                chains.set(`in:${name}`, { name: `in:${name}`, rules: lists.get(binding.acl)! });
                ingress.push({ match: { sources }, action: { kind: 'jump', chain: `in:${name}` }, location: at(binding.line, binding.text) });
            }
            if (global) ingress.push({ match: { sources }, action: { kind: 'jump', chain: 'global' }, location: at(global.line, global.text) });
            if (binding || global) {
                const acl = binding?.acl ?? global!.acl;
                ingress.push({ match: { sources }, action: { kind: 'drop' }, location: at(binding?.line ?? global!.line, `implicit deny at the end of access list ${acl}`) });
                continue;
            }
            // No access list: the security levels decide (higher to lower passes).
            const own = interfaces.find(i => i.nameif === name);
            for (const other of interfaces) {
                if (other.nameif === name) continue;
                const destinations = behind.get(other.nameif);
                if (!destinations && other.passesNone) continue;
                if (!destinations) {
                    // Out through an interface the plan does not map: unknown unless the levels deny it.
                    const passes = own?.level === undefined || other.level === undefined || own.level > other.level || (own.level === other.level && sameSecurity);
                    if (passes) unmappedRules.push({ match: { sources }, action: { kind: 'accept' }, unknown: `interface ${other.nameif} is not mapped to a zone of the plan (--map zone=${other.nameif})`, location: at(own?.line ?? 0, `${name} (security-level ${own?.level ?? '?'}) to ${other.nameif} (security-level ${other.level ?? '?'}), no access list`) });
                    continue;
                }
                const text = `${name} (security-level ${own?.level ?? '?'}) to ${other.nameif} (security-level ${other.level ?? '?'}), no access list`;
                if (own?.level === undefined || other.level === undefined) {
                    ingress.push({ match: { sources, destinations }, action: { kind: 'accept' }, unknown: 'an interface without a security-level', location: at(own?.line ?? 0, text) });
                    continue;
                }
                const passes = own.level > other.level || (own.level === other.level && sameSecurity);
                ingress.push({ match: { sources, destinations }, action: { kind: passes ? 'accept' : 'drop' }, location: at(own.line, text) });
            }
        }
        ingress.push(...unmappedRules);
        chains.set('ingress', { name: 'ingress', rules: ingress, policy: { verdict: 'drop', location: at(0, 'no interface of the configuration lies on the path: dropped') } });
        // Access lists bound `out`: a second check on the way out of the destination's interface.
        const egress: PolicyRule[] = [repliesPass(options.file, 'stateful inspection: replies of allowed connections pass')];
        for (const binding of bindings.filter(x => x.direction === 'out')) {
            const destinations = behind.get(binding.nameif!);
            if (!destinations) { egress.push(unmapped(binding.nameif!, binding.line, binding.text)); continue; }
            chains.set(`out:${binding.nameif}`, { name: `out:${binding.nameif}`, rules: lists.get(binding.acl)! });
            egress.push({ match: { destinations }, action: { kind: 'jump', chain: `out:${binding.nameif}` }, location: at(binding.line, binding.text) });
            egress.push({ match: { destinations }, action: { kind: 'drop' }, location: at(binding.line, `implicit deny at the end of access list ${binding.acl}`) });
        }
        chains.set('egress', { name: 'egress', rules: egress, policy: { verdict: 'accept', location: at(0, 'no access list out of this interface') } });
        // Without an `out` list the ingress decision is the one to report.
        const entry = bindings.some(x => x.direction === 'out') ? ['ingress', 'egress'] : ['ingress'];
        for (const [name, rules] of lists) {
            if (!bindings.some(x => x.acl === name)) unevaluated.push({ line: rules[0]?.location.line ?? 0, text: `access-list ${name}`, why: 'bound to no interface (no access-group): it filters nothing' });
        }
        return { kind: 'Cisco ASA', chains, entry, families: new Set(['ipv4', 'ipv6']), unevaluated };
    }
};
