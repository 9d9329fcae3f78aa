import { AddressSet, parseAddress } from '../../network/addresses.js';
import { ALL_PORTS, portSetOf, subtractPorts, type PortRange, type PortSet } from '../../network/ports.js';
import type { ConfigLocation, ConnectionState, FirewallPolicy, PolicyChain, PolicyRule, RuleAction } from '../firewall-policy.js';
import { EVERY_ADDRESS, EVERY_IPV4, EVERY_IPV6, type Transport, type TrafficMatch } from '../traffic-space.js';
import { ConfigError, type ConfigImporter, type ImportOptions, interfaceAddresses, type MatchDraft } from './importer.js';
import { boundAround, LOCAL_TIME_SLACK_MS, windowAt } from './time-window.js';

/**
 * `iptables-save` / `ip6tables-save` output (with or without `-c` counters): every table a packet
 * passes, in the kernel's order (raw, mangle, nat and filter PREROUTING/FORWARD/INPUT …: a DROP in
 * any of them is final), the chains with their policies, rules in order with `-s/-d` (also
 * negated), `-p`, `--dport/--sport`, `-m multiport`, `-m iprange`, `-m conntrack/-m state`, `-i/-o`
 * (through the interface map), `-m time --datestop`, jumps, gotos and RETURN. Anything else that
 * could change whether a rule matches (`-m set`, `-m limit`, a DNAT before filtering, …) makes the
 * rule "unknown", reported with its line; nothing is guessed. A table without its COMMIT is
 * refused, as iptables-restore refuses it; so is a file whose address family cannot be told.
 */

/**
 * The built-in chains a packet passes, table by table, in the kernel's order (netfilter hook
 * priorities: raw -300, mangle -150, nat -100, filter 0, security 50), for a routed packet and for
 * one to the host itself. nat's POSTROUTING and INPUT only rewrite sources after the decision.
 */
const KERNEL_ORDER: Record<ImportOptions['hook'], readonly (readonly [string, string])[]> = {
    forward: [['raw', 'PREROUTING'], ['mangle', 'PREROUTING'], ['nat', 'PREROUTING'], ['mangle', 'FORWARD'], ['filter', 'FORWARD'], ['security', 'FORWARD'], ['mangle', 'POSTROUTING']],
    input: [['raw', 'PREROUTING'], ['mangle', 'PREROUTING'], ['nat', 'PREROUTING'], ['mangle', 'INPUT'], ['filter', 'INPUT'], ['security', 'INPUT']]
};
/**
 * The built-in chains a host's replies pass: they leave the host itself, through OUTPUT, never
 * INPUT. A routed packet's replies are routed back through the same chains as the packet.
 */
const REPLY_ORDER: Partial<Record<ImportOptions['hook'], readonly (readonly [string, string])[]>> = {
    input: [['raw', 'OUTPUT'], ['mangle', 'OUTPUT'], ['nat', 'OUTPUT'], ['filter', 'OUTPUT'], ['security', 'OUTPUT'], ['mangle', 'POSTROUTING']]
};
const TABLES = new Set(['filter', 'nat', 'mangle', 'raw', 'security']);
/** Targets that change a packet or log it and let it go on to the next rule. */
const CONTINUING_TARGETS = new Set(['LOG', 'NFLOG', 'ULOG', 'MARK', 'CONNMARK', 'TRACE', 'AUDIT', 'TCPMSS', 'TOS', 'DSCP', 'TTL', 'HL', 'CLASSIFY',
    'CHECKSUM', 'SECMARK', 'CONNSECMARK', 'IDLETIMER', 'LED', 'RATEEST', 'SNAT', 'MASQUERADE']);
/** Targets that send a packet elsewhere than the plan's destination before filtering. */
const TRANSLATING_TARGETS = new Set(['DNAT', 'REDIRECT', 'NETMAP', 'TPROXY']);
/** `-c` counters in front of a rule (`[packets:bytes] -A …`), as `iptables-save -c` writes them. */
const COUNTERS = /^\[\d+:\d+\]\s+/;

/**
 * The address family of a save file, from what it says and what it holds: the header iptables-save
 * writes, addresses, ICMP versions, reject types, IPv6-only modules. A file that holds both, or
 * (unless the family is given) neither, is refused: its rules would decide the wrong family.
 */
export function iptablesFamily(lines: readonly string[], file: string, given?: 'ipv4' | 'ipv6'): 'ipv4' | 'ipv6' {
    const evidence: Record<'ipv4' | 'ipv6', { line: number; what: string } | undefined> = { ipv4: undefined, ipv6: undefined };
    const note = (family: 'ipv4' | 'ipv6', line: number, what: string) => { evidence[family] ??= { line, what }; };
    lines.forEach((raw, i) => {
        const line = raw.trim(), n = i + 1;
        let m: RegExpExecArray | null;
        if (line.startsWith('#')) {
            // The header iptables-save writes, or SegPlan's own (its iptables and ip6tables targets).
            if ((m = /\b(ip6?)tables(?:-nft|-legacy)?-save\b/.exec(line) ?? /^# SegPlan (ip6?)tables\b/.exec(line))) note(m[1] === 'ip6' ? 'ipv6' : 'ipv4', n, `the header '${m[0]}'`);
            return;
        }
        if (!line.startsWith('-A') && !COUNTERS.test(line)) return;
        const re = /(?:^|\s)(?:-[sd]|--source|--destination|--src-range|--dst-range)\s+(\S+)/g;
        while ((m = re.exec(line))) note(m[1].includes(':') ? 'ipv6' : 'ipv4', n, `the address ${m[1]}`);
        if ((m = /(?:^|\s)(?:-p\s+(?:ipv6-icmp|icmpv6|58)|--icmpv6-type|--reject-with\s+icmp6-\S+|-m\s+(?:ipv6header|frag|hbh|dst|rt|mh|eui64))\b/.exec(line))) note('ipv6', n, `'${m[0].trim()}'`);
        if ((m = /(?:^|\s)(?:-p\s+(?:icmp|1)|--icmp-type|--reject-with\s+icmp-(?!6)\S+)(?=\s|$)/.exec(line))) note('ipv4', n, `'${m[0].trim()}'`);
    });
    const { ipv4, ipv6 } = evidence;
    if (ipv4 && ipv6) throw new ConfigError(`${file}: line ${ipv4.line} has ${ipv4.what} (IPv4) and line ${ipv6.line} ${ipv6.what} (IPv6): an iptables-save file holds one family; which one is it?`, ipv6.line);
    const found = ipv4 ? 'ipv4' : ipv6 ? 'ipv6' : undefined;
    if (given && found && found !== given) {
        const seen = (ipv4 ?? ipv6)!;
        throw new ConfigError(`${file} line ${seen.line}: ${seen.what} is ${found === 'ipv4' ? 'IPv4' : 'IPv6'}, but the format given is ${given === 'ipv4' ? 'iptables (IPv4)' : 'ip6tables (IPv6)'}`, seen.line);
    }
    const family = found ?? given;
    if (!family) throw new ConfigError(`${file}: cannot tell whether this is iptables-save (IPv4) or ip6tables-save (IPv6) output: it has no header line and no address or ICMP type that says. Give --config-format iptables or --config-format ip6tables.`);
    return family;
}

/** Each table's lines checked as iptables-restore checks them: every table ends in COMMIT. */
function checkTables(lines: readonly string[], file: string): void {
    let open: { name: string; line: number } | undefined;
    lines.forEach((raw, i) => {
        const line = raw.trim(), n = i + 1;
        if (!line || line.startsWith('#')) return;
        if (line.startsWith('*')) {
            if (open) throw new ConfigError(`${file} line ${n}: table ${open.name} (line ${open.line}) has no COMMIT before the next table: the file is cut or edited (iptables-restore refuses it)`, n);
            const name = line.slice(1).trim();
            if (!TABLES.has(name)) throw new ConfigError(`${file} line ${n}: '${line}' is not a table iptables knows (filter, nat, mangle, raw, security)`, n);
            open = { name, line: n };
            return;
        }
        if (!open) throw new ConfigError(`${file} line ${n}: '${line.slice(0, 80)}' is outside a table (*filter … COMMIT)`, n);
        if (line === 'COMMIT') open = undefined;
    });
    if (open) throw new ConfigError(`${file}: table ${open.name} (line ${open.line}) has no COMMIT: the file is cut short (iptables-restore refuses it)`, open.line);
}
const IGNORED_MODULES = new Set(['comment', 'tcp', 'udp']);

/** Splits a rule line into words, keeping quoted comments whole. */
function words(line: string): string[] {
    const out: string[] = [];
    const re = /"((?:\\.|[^"\\])*)"|(\S+)/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(line))) out.push(m[1] !== undefined ? m[1].replace(/\\(.)/g, '$1') : m[2]);
    return out;
}

function addressList(text: string, lineNo: number): AddressSet {
    const blocks = text.split(',').map(part => {
        const parsed = parseAddress(part.replace(/\/(32|128)$/, (_, bits) => (part.includes(':') && bits === '128') || (!part.includes(':') && bits === '32') ? '' : `/${bits}`));
        if ('error' in parsed) throw new ConfigError(`line ${lineNo}: '${part}' is not an address: ${parsed.error}`, lineNo);
        return parsed.block;
    });
    return AddressSet.of(blocks);
}

function portList(text: string, lineNo: number): PortSet {
    const ranges: PortRange[] = text.split(',').map(part => {
        const [a, b = a] = part.split(':');
        const from = Number(a || 0), to = Number(b || 65535);
        if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > 65535 || from > to) throw new ConfigError(`line ${lineNo}: '${part}' is not a port or port range`, lineNo);
        return { from: Math.max(1, from), to };
    });
    return portSetOf(ranges);
}

function rangeSet(text: string, lineNo: number): AddressSet {
    const [from, to] = text.split('-');
    const parsed = parseAddress(`${from}-${to}`);
    if ('error' in parsed) throw new ConfigError(`line ${lineNo}: '${text}' is not an address range: ${parsed.error}`, lineNo);
    return AddressSet.of([parsed.block]);
}

/**
 * The connection states of the packets the audit judges: a connection's first packet (NEW) and
 * its replies (ESTABLISHED). RELATED is a state of its own — ICMP errors about a connection and
 * the connections a helper expects (FTP data …) — and never carries a connection's replies: a
 * rule on RELATED alone matches none of those packets.
 */
const STATES: Record<string, ConnectionState[]> = {
    NEW: ['new'], ESTABLISHED: ['established'], RELATED: [], INVALID: [], UNTRACKED: [], SNAT: [], DNAT: []
};

interface RuleDraft extends MatchDraft {
    unknown?: string;
    /** `-m time --datestart/--datestop`, as written (UTC unless --kerneltz). */
    start?: number;
    stop?: number;
    kernelTime?: boolean;
    action?: RuleAction;
}

/** The iptables importer for one family as given (`--config-format iptables|ip6tables`), or decided from the content. */
function iptablesImporter(id: string, label: string, detail: string, family: 'ipv4' | 'ipv6', detect: (text: string) => boolean): ConfigImporter {
    return { id, label, detail, detect, import: (text, options) => importSave(text, options, options.formatGiven ? family : undefined) };
}

export const iptablesSaveImporter: ConfigImporter = iptablesImporter('iptables', 'iptables', 'iptables-save / ip6tables-save output', 'ipv4',
    text => /^(\[\d+:\d+\]\s+)?-A [A-Za-z]/m.test(text) && /^\*(filter|nat|mangle|raw|security)\s*$/m.test(text));

/** ip6tables-save output, said so with `--config-format ip6tables` (detection reads the family from the content). */
export const ip6tablesSaveImporter: ConfigImporter = iptablesImporter('ip6tables', 'ip6tables', 'ip6tables-save output (IPv6)', 'ipv6', () => false);

function importSave(text: string, options: ImportOptions, given: 'ipv4' | 'ipv6' | undefined): FirewallPolicy {
    const lines = text.split(/\r?\n/).map(l => l.replace(COUNTERS, ''));
    checkTables(lines, options.file);
    const family = iptablesFamily(lines, options.file, given);
    const universe = family === 'ipv6' ? EVERY_IPV6 : EVERY_IPV4;
    const chains = new Map<string, { name: string; rules: PolicyRule[]; policy?: PolicyChain['policy'] }>();
    const unevaluated: FirewallPolicy['unevaluated'][number][] = [];
    // Chains are per table: the filter table's by their name, the others' as `table:NAME`.
    const keyOf = (table: string, name: string) => table === 'filter' ? name : `${table}:${name}`;
    const declared = declaredChains(lines, keyOf);
    const tables = new Set<string>();
    let table = '';
    lines.forEach((raw, index) => {
        const lineNo = index + 1;
        const line = raw.trim();
        if (!line || line.startsWith('#')) return;
        const location: ConfigLocation = { file: options.file, line: lineNo, text: raw.trim() };
        if (line.startsWith('*')) { table = line.slice(1).trim(); tables.add(table); return; }
        if (line === 'COMMIT') { table = ''; return; }
        if (line.startsWith(':')) {
            const [name, policy] = line.slice(1).split(/\s+/);
            const key = keyOf(table, name);
            chains.set(key, { name: key, rules: [], policy: policy === 'ACCEPT' || policy === 'DROP' ? { verdict: policy === 'ACCEPT' ? 'accept' : 'drop', location } : undefined });
            return;
        }
        const w = words(line);
        if (w[0] !== '-A' || !w[1]) {
            unevaluated.push({ line: lineNo, text: line, why: `not a rule (-A CHAIN …) of the ${table} table` });
            return;
        }
        const chainKey = keyOf(table, w[1]);
        const chain = chains.get(chainKey) ?? (() => { const c = { name: chainKey, rules: [] as PolicyRule[] }; chains.set(chainKey, c); return c; })();
        const draft: RuleDraft = {};
        const setUnknown = (why: string) => { draft.unknown ??= why; };
        for (let i = 2; i < w.length; i++) {
            let negate = false;
            if (w[i] === '!') { negate = true; i++; }
            const option = w[i];
            const value = w[i + 1];
            const take = () => { i++; return value; };
            switch (option) {
                case '-s': case '--source': {
                    const set = addressList(take(), lineNo);
                    draft.sources = negate ? universe.subtract(set) : set;
                    break;
                }
                case '-d': case '--destination': {
                    const set = addressList(take(), lineNo);
                    draft.destinations = negate ? universe.subtract(set) : set;
                    break;
                }
                case '-p': case '--protocol': {
                    const p = take().toLowerCase();
                    const named = p === '6' ? 'tcp' : p === '17' ? 'udp' : p;
                    const set = named === 'all' || named === '0' ? new Set<Transport>(['tcp', 'udp']) : new Set<Transport>(named === 'tcp' || named === 'udp' ? [named] : []);
                    draft.protocols = negate ? new Set((['tcp', 'udp'] as Transport[]).filter(t => !set.has(t))) : set;
                    break;
                }
                case '--dport': case '--destination-port': case '--dports': case '--destination-ports': {
                    const set = portList(take(), lineNo);
                    draft.destinationPorts = negate ? subtractPorts(ALL_PORTS, set) : set;
                    break;
                }
                case '--sport': case '--source-port': case '--sports': case '--source-ports': {
                    const set = portList(take(), lineNo);
                    draft.sourcePorts = negate ? subtractPorts(ALL_PORTS, set) : set;
                    break;
                }
                case '--ports':
                    take();
                    setUnknown('multiport --ports matches either port: not evaluated');
                    break;
                case '--src-range': {
                    const set = rangeSet(take(), lineNo);
                    draft.sources = (draft.sources ?? universe).intersect(negate ? universe.subtract(set) : set);
                    break;
                }
                case '--dst-range': {
                    const set = rangeSet(take(), lineNo);
                    draft.destinations = (draft.destinations ?? universe).intersect(negate ? universe.subtract(set) : set);
                    break;
                }
                case '--ctstate': case '--state': {
                    const states = new Set(take().split(',').flatMap(s => STATES[s.toUpperCase()] ?? []));
                    draft.states = negate ? new Set((['new', 'established'] as ConnectionState[]).filter(s => !states.has(s))) : states;
                    break;
                }
                case '-i': case '--in-interface': case '-o': case '--out-interface': {
                    const name = take();
                    const addresses = interfaceAddresses(name, options.interfaces);
                    if (!addresses) { setUnknown(`interface ${name} is not mapped to a zone (use --map <zone>=${name})`); break; }
                    const set = negate ? EVERY_ADDRESS.subtract(addresses) : addresses;
                    if (option === '-i' || option === '--in-interface') draft.sources = (draft.sources ?? universe).intersect(set);
                    else draft.destinations = (draft.destinations ?? universe).intersect(set);
                    break;
                }
                case '--datestop': {
                    const stop = Date.parse(`${take()}Z`);
                    if (Number.isNaN(stop)) setUnknown(`'--datestop ${value}' is not a date`);
                    else draft.stop = stop;
                    break;
                }
                case '--datestart': {
                    const start = Date.parse(`${take()}Z`);
                    if (Number.isNaN(start)) setUnknown(`'--datestart ${value}' is not a date`);
                    else draft.start = start;
                    break;
                }
                case '--kerneltz':
                    draft.kernelTime = true;
                    break;
                case '--utc':
                    break;
                case '-m': case '--match': {
                    const module = take();
                    if (['multiport', 'iprange', 'conntrack', 'state', 'time', ...IGNORED_MODULES].includes(module)) break;
                    if (module === 'comment') break;
                    setUnknown(`-m ${module} is not evaluated`);
                    break;
                }
                case '--comment':
                    take();
                    break;
                case '-j': case '--jump': case '-g': case '--goto': {
                    const target = take();
                    const targetKey = keyOf(table, target);
                    if (option === '-g' || option === '--goto') draft.action = { kind: 'goto', chain: targetKey };
                    else if (target === 'ACCEPT') draft.action = { kind: 'accept' };
                    else if (target === 'DROP' || target === 'REJECT') draft.action = { kind: 'drop' };
                    else if (target === 'RETURN') draft.action = { kind: 'return' };
                    else if (CONTINUING_TARGETS.has(target)) draft.action = { kind: 'continue' };
                    else if (target === 'CT' || target === 'NOTRACK') {
                        draft.action = { kind: 'continue' };
                        if (target === 'NOTRACK' || w.includes('--notrack')) setUnknown(`-j ${target}${target === 'CT' ? ' --notrack' : ''}: these packets are not tracked, so their connection state (new, established) is not what the filter rules see`);
                    } else if (TRANSLATING_TARGETS.has(target)) {
                        draft.action = { kind: 'continue' };
                        setUnknown(`-j ${target}: the packet's destination is changed before filtering, so later rules see another address or port`);
                    } else if (/^[A-Z]+$/.test(target) && !declared.has(targetKey)) {
                        draft.action = { kind: 'continue' };
                        setUnknown(`target ${target} is not evaluated`);
                    } else draft.action = { kind: 'jump', chain: targetKey };
                    // Target options (--reject-with, --log-prefix …) follow; skip them.
                    while (i + 1 < w.length && w[i + 1].startsWith('--') && !['--dport', '--sport'].includes(w[i + 1])) i += (w[i + 2] === undefined || w[i + 2].startsWith('--') ? 1 : 2);
                    break;
                }
                default:
                    if (option?.startsWith('-')) {
                        // A module's option we do not know: the rule might match less than it seems.
                        if (value !== undefined && !value.startsWith('-')) i++;
                        setUnknown(`option ${option} is not evaluated`);
                    }
            }
        }
        // A time condition that no longer (or not yet) holds: the rule matches nothing now. In the
        // kernel's time zone (--kerneltz), a bound within hours of the audit's time is its clock's call.
        const slack = draft.kernelTime ? LOCAL_TIME_SLACK_MS : 0;
        // The time is asked only of a rule with a date: a rule set without any reads alike at every instant (verify reads it once).
        const window = draft.start === undefined && draft.stop === undefined ? 'active'
            : windowAt(options.now.getTime(), draft.start === undefined ? undefined : boundAround(draft.start, slack), draft.stop === undefined ? undefined : boundAround(draft.stop, slack));
        if (window === 'inactive') return;
        if (window === 'uncertain') {
            setUnknown('-m time --kerneltz: a date within hours of the audit\'s time, in the kernel\'s time zone (which the file does not give)');
        }
        const match: TrafficMatch = {
            protocols: draft.protocols, sources: draft.sources, destinations: draft.destinations,
            sourcePorts: draft.sourcePorts, destinationPorts: draft.destinationPorts
        };
            // nat chains see only the first packet of a connection.
        const states = table === 'nat' ? new Set([...(draft.states ?? ['new'])].filter(s => s === 'new')) : draft.states;
        chain.rules.push({ match, states, unknown: draft.unknown, action: draft.action ?? { kind: 'continue' }, location });
        if (draft.unknown) unevaluated.push({ line: lineNo, text: line, why: draft.unknown });
    });
    if (!tables.has('filter')) {
        // Saved with -t (one table), the filter table's rules are elsewhere: a verdict without them would be a guess.
        const others = [...tables.keys()];
        throw new ConfigError(others.length
            ? `${options.file} has no *filter table (only ${others.map(t => `*${t}`).join(', ')}): the rules that filter are not in it. Give the whole iptables-save output, not one table (-t).`
            : `${options.file} has no *filter table: is it iptables-save output?`);
    }
    const baseChains = (order: readonly (readonly [string, string])[]) => order.filter(([t]) => tables.has(t)).map(([t, name]) => {
        const key = keyOf(t, name);
        if (!chains.has(key)) chains.set(key, { name: key, rules: [], policy: { verdict: 'accept', location: { file: options.file, line: 0, text: `${key} (not in the file: ACCEPT)` } } });
        return key;
    });
    const entry = baseChains(KERNEL_ORDER[options.hook]);
    const replies = REPLY_ORDER[options.hook];
    return { kind: `${family === 'ipv6' ? 'ip6tables' : 'iptables'}-save`, chains, entry, replyEntry: replies && baseChains(replies), unevaluated, families: new Set([family]) };
}

/** The chains the file declares (`:NAME policy`), each keyed in its table: a jump to one is a jump, not an unknown target. */
function declaredChains(lines: readonly string[], keyOf: (table: string, name: string) => string): Set<string> {
    const declared = new Set<string>();
    let table = '';
    for (const line of lines) {
        if (line.startsWith('*')) table = line.slice(1).trim();
        else if (line.startsWith(':')) declared.add(keyOf(table, line.slice(1).split(/\s+/)[0]));
    }
    return declared;
}
