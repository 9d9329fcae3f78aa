import { AddressSet, parseAddress } from '../../network/addresses.js';
import { ALL_PORTS, portSetOf, subtractPorts, type PortRange, type PortSet } from '../../network/ports.js';
import { EVERY_STATE, type ConfigLocation, type ConnectionState, type PolicyRule, type RuleAction } from '../firewall-policy.js';
import { ReaderModel } from '../reader-model.js';
import { EVERY_ADDRESS, type Transport } from '../traffic-space.js';
import { ConfigError, interfaceAddresses, type ImportOptions } from './importer.js';
import { maskedBlock, type LineWarning } from './masked-address.js';
import { tcpFlagsIn, TCP_FLAG_NAMES } from './tcp-flags.js';
import { boundAround, LOCAL_TIME_SLACK_MS, windowAt } from './time-window.js';
import { hostNameSetNames, ipsetHostNameSet, type SetFamily } from '../../emit/host-name-sets.js';

/**
 * One `-A` rule of `iptables-save` output, read word by word against the explicit list of what
 * the reader models (IPTABLES_MODEL): the rule's own options, the options of each match module,
 * the targets and their options. A match the list does not hold makes the rule's condition not
 * modeled (its verdicts rest on bounds: firewall-policy.ts), a target it does not hold makes
 * what the rule does unknown; both are reported at the line, never passed over.
 */

type Kind = 'option' | 'match' | 'target';

const PORTS = 'a port, a port range (a:b) or a list of them';

/** The words the iptables reader models, and what each does. */
export const IPTABLES_MODEL = new ReaderModel<Kind>('iptables', {
    option: {
        '-s': 'source addresses, `!` negated; a host part set is masked as the kernel masks it', '--source': 'as -s',
        '-d': 'destination addresses, as -s', '--destination': 'as -d',
        '-p': 'the protocol: tcp, udp, all; any other protocol carries no TCP or UDP connection', '--protocol': 'as -p',
        '-i': 'the interface a packet arrives on: the addresses --map puts behind it', '--in-interface': 'as -i',
        '-o': 'the interface a packet leaves by: the addresses --map puts behind it', '--out-interface': 'as -o',
        '-m': 'loads a match module (the modules below)', '--match': 'as -m',
        '-j': 'the target (below, or a chain of the table)', '--jump': 'as -j',
        '-g': 'goes to a chain of the table, not coming back', '--goto': 'as -g'
    },
    match: {
        'tcp --dport': `TCP destination ${PORTS}`, 'tcp --destination-port': 'as --dport', 'tcp --sport': 'TCP source ports', 'tcp --source-port': 'as --sport',
        'tcp --syn': 'the first packet of a connection (SYN without ACK, FIN, RST)', 'tcp --tcp-flags': 'flags under a mask: exact on the first packet and the answer, bounded where a connection\'s later packets vary',
        'udp --dport': `UDP destination ${PORTS}`, 'udp --destination-port': 'as --dport', 'udp --sport': 'UDP source ports', 'udp --source-port': 'as --sport',
        'multiport --dports': 'destination ports, up to 15', 'multiport --destination-ports': 'as --dports', 'multiport --sports': 'source ports',
        'multiport --source-ports': 'as --sports', 'multiport --ports': 'the source or the destination port in the list',
        'iprange --src-range': 'a source address range', 'iprange --dst-range': 'a destination address range',
        'conntrack --ctstate': 'NEW (the first packet), ESTABLISHED (the answer and every later packet), RELATED, INVALID, UNTRACKED (none of a connection\'s own packets); DNAT and SNAT (whether the connection was translated) are not modeled: the rule\'s condition is bounded on every packet (DNAT) or after the first one (SNAT)',
        'state --state': 'NEW, ESTABLISHED, RELATED, INVALID, UNTRACKED, as conntrack --ctstate',
        'time --datestart': 'holds from this date (UTC)', 'time --datestop': 'holds until this date (UTC)', 'time --utc': 'dates in UTC (the default)',
        'time --kerneltz': 'dates in the kernel\'s time zone: unknown within 14 hours of a date',
        'comment --comment': 'a comment: matches every packet',
        'set --match-set': 'an ipset SegPlan made for a host name of the plan (verify): exactly that name\'s addresses; any other set: not modeled (its members are not in the file)'
    },
    target: {
        ACCEPT: 'accepts (the next table or hook still decides)', DROP: 'drops', REJECT: 'drops, answering with an error', RETURN: 'back to the calling chain, or the policy',
        LOG: 'logs, the next rule decides', NFLOG: 'logs, the next rule decides', ULOG: 'logs, the next rule decides', AUDIT: 'logs, the next rule decides', TRACE: 'traces, the next rule decides',
        MARK: 'marks, the next rule decides', CONNMARK: 'marks, the next rule decides', SECMARK: 'marks, the next rule decides', CONNSECMARK: 'marks, the next rule decides',
        TCPMSS: 'changes the MSS, the next rule decides', TOS: 'changes the TOS, the next rule decides', DSCP: 'changes the DSCP, the next rule decides',
        TTL: 'changes the TTL, the next rule decides', HL: 'changes the hop limit, the next rule decides', CLASSIFY: 'classifies, the next rule decides',
        CHECKSUM: 'fills the checksum, the next rule decides', IDLETIMER: 'a timer, the next rule decides', LED: 'a LED, the next rule decides', RATEEST: 'measures, the next rule decides',
        SNAT: 'translates the source after the decision, the next rule decides', MASQUERADE: 'translates the source after the decision, the next rule decides',
        CT: 'sets conntrack options, the next rule decides; --notrack: unknown (the packets are not tracked)', NOTRACK: 'unknown: the packets are not tracked',
        DNAT: 'unknown: the destination changes before filtering', REDIRECT: 'unknown: the destination changes before filtering',
        NETMAP: 'unknown: the address changes', TPROXY: 'unknown: the packet goes to a local socket'
    }
});

/** The options each target takes (words after `-j TARGET` that are not a match's), and which of them take no value. */
const TARGET_OPTIONS: Readonly<Record<string, readonly string[]>> = {
    REJECT: ['--reject-with'], LOG: ['--log-prefix', '--log-level', '--log-tcp-sequence!', '--log-tcp-options!', '--log-ip-options!', '--log-uid!', '--log-macdecode!'],
    NFLOG: ['--nflog-group', '--nflog-prefix', '--nflog-range', '--nflog-size', '--nflog-threshold'], ULOG: ['--ulog-nlgroup', '--ulog-prefix', '--ulog-cprange', '--ulog-qthreshold'],
    AUDIT: ['--type'], MARK: ['--set-mark', '--set-xmark', '--and-mark', '--or-mark', '--xor-mark'],
    CONNMARK: ['--set-mark', '--set-xmark', '--save-mark!', '--restore-mark!', '--and-mark', '--or-mark', '--xor-mark', '--mask', '--nfmask', '--ctmask'],
    SECMARK: ['--selctx'], CONNSECMARK: ['--save!', '--restore!'], TCPMSS: ['--set-mss', '--clamp-mss-to-pmtu!'],
    TOS: ['--set-tos', '--and-tos', '--or-tos', '--xor-tos'], DSCP: ['--set-dscp', '--set-dscp-class'], TTL: ['--ttl-set', '--ttl-dec', '--ttl-inc'], HL: ['--hl-set', '--hl-dec', '--hl-inc'],
    CLASSIFY: ['--set-class'], CHECKSUM: ['--checksum-fill!'], IDLETIMER: ['--timeout', '--label', '--alarm!'], LED: ['--led-trigger-id', '--led-delay', '--led-always-blink!'],
    RATEEST: ['--rateest-name', '--rateest-interval', '--rateest-ewmalog'], SNAT: ['--to-source', '--random!', '--random-fully!', '--persistent!'],
    MASQUERADE: ['--to-ports', '--random!', '--random-fully!'], CT: ['--notrack!', '--helper', '--ctevents', '--expevents', '--zone', '--zone-orig', '--zone-reply', '--timeout'],
    DNAT: ['--to-destination', '--random!', '--persistent!'], REDIRECT: ['--to-ports', '--random!'], NETMAP: ['--to'], TPROXY: ['--on-port', '--on-ip', '--tproxy-mark']
};
/**
 * Each target's options, and whether each takes a value: read as the list above is read, an option
 * written with or without its `!` (no value) as in the list, the first entry deciding. A map, so a
 * target named like a property of every object (`-j constructor`) is a target without options.
 */
const TARGET_OPTION_VALUES: ReadonlyMap<string, ReadonlyMap<string, boolean>> = new Map(Object.entries(TARGET_OPTIONS).map(([target, list]) => {
    const takes = new Map<string, boolean>();
    for (const o of list) {
        const flag = o.endsWith('!');
        // The word as listed, and (for a flag) the word without its `!`.
        for (const word of flag ? [o, o.slice(0, -1)] : [o]) if (!takes.has(word)) takes.set(word, !flag);
    }
    return [target, takes];
}));
/** Targets that let the packet go on to the next rule. */
const CONTINUING = new Set(['LOG', 'NFLOG', 'ULOG', 'AUDIT', 'TRACE', 'MARK', 'CONNMARK', 'SECMARK', 'CONNSECMARK', 'TCPMSS', 'TOS', 'DSCP', 'TTL', 'HL', 'CLASSIFY',
    'CHECKSUM', 'IDLETIMER', 'LED', 'RATEEST', 'SNAT', 'MASQUERADE', 'CT']);
/** Match options that take no value. */
const FLAG_OPTIONS = new Set(['--syn', '--utc', '--kerneltz']);

const STATES: Readonly<Record<string, readonly ConnectionState[]>> = {
    NEW: ['new'], ESTABLISHED: ['answer', 'established'], RELATED: [], INVALID: [], UNTRACKED: []
};
/**
 * The conntrack states of a translation (`-m conntrack` only), and the packets of a connection on
 * which it may already have happened: a destination is translated before filtering (every packet),
 * a source after it (not yet on the first packet, which the filter sees before POSTROUTING).
 */
const TRANSLATED: Readonly<Record<string, readonly ConnectionState[]>> = {
    DNAT: ['new', 'answer', 'established'], SNAT: ['answer', 'established']
};

/** What the rule is read in: its table, its address family, the chains of its table, the audit's options. */
export interface RuleContext {
    readonly table: string;
    readonly universe: AddressSet;
    readonly options: ImportOptions;
    /** A chain of this table, as the policy keys it; undefined when the table does not declare it. */
    readonly chainOf: (name: string) => string | undefined;
    /** What the rules of the reading share. */
    readonly values: ReadingValues;
}

/** What the rules of one reading share (RuleContext.values). */
export interface ReadingValues {
    /**
     * Address and port lists as read, by their text: a rule set names each host in many rules.
     * Only what reads without a warning is kept (a warning names its line).
     */
    readonly addresses: Map<string, AddressSet | string>;
    readonly ports: Map<string, PortSet | string>;
    /** The ipsets SegPlan names for the host names of the reader's zones (verify), made when a rule first matches a set. */
    ipsets?: ReturnType<typeof hostNameSetNames>;
}

export function ruleValues(): ReadingValues {
    return { addresses: new Map(), ports: new Map() };
}

/** One `-A` rule read: its policy rules (one, or two for `multiport --ports`), what it could not evaluate, and warnings. */
export interface ReadRule {
    readonly rules: readonly PolicyRule[];
    /** Why the rule is not evaluated exactly (a condition not modeled, or an outcome unknown), if it is not. */
    readonly unevaluated?: string;
    readonly warnings: readonly LineWarning[];
    /** For a rule with a date (reading it asked the time): whether it is in force at the instant read. */
    readonly window?: 'active' | 'inactive' | 'uncertain';
}

interface Draft {
    sources?: AddressSet;
    destinations?: AddressSet;
    protocols?: Set<Transport>;
    sourcePorts?: PortSet;
    destinationPorts?: PortSet;
    /** `multiport --ports`: the source or the destination port in this set. */
    eitherPorts?: PortSet;
    states?: Set<ConnectionState>;
    /** The states a condition is not known in, and why (the first condition not modeled). */
    doubt?: { why: string; states: Set<ConnectionState> };
    unknown?: string;
    start?: number;
    stop?: number;
    kernelTime?: boolean;
    action?: RuleAction;
}

/** A condition not modeled, in the states given (every state by default). */
function doubt(draft: Draft, why: string, states: readonly ConnectionState[] = EVERY_STATE): void {
    if (!draft.doubt) draft.doubt = { why, states: new Set(states) };
    else for (const s of states) draft.doubt.states.add(s);
}

/** `10.0.0.0/8,10.1.0.5`, `10.0.0.0/255.0.0.0`: the addresses, or why not (a host name, a mask with holes). */
function addressList(text: string, line: number, warnings: LineWarning[]): AddressSet | string {
    const blocks = [];
    for (const part of text.split(',')) {
        // A dotted mask only after a slash: most parts (`10.0.4.10/32`) are not tried against the expression.
        const slash = part.indexOf('/');
        const mask = slash > 0 && part.includes('.', slash) ? /^([^/]+)\/(\d+\.\d+\.\d+\.\d+)$/.exec(part) : null;
        let written = part;
        if (mask) {
            const bits = mask[2].split('.').reduce((n, p) => n * 256 + Number(p), 0).toString(2).padStart(32, '0');
            if (!/^1*0*$/.test(bits)) return `the netmask ${mask[2]} is not contiguous (not modeled)`;
            written = `${mask[1]}/${bits.indexOf('0') < 0 ? 32 : bits.indexOf('0')}`;
        }
        const masked = maskedBlock(written, line, warnings);
        if ('error' in masked) throw new ConfigError(`line ${line}: ${masked.error}`, line);
        if ('doubt' in masked) return masked.doubt;
        blocks.push(masked);
    }
    return AddressSet.of(blocks);
}

/** An address list of a rule, kept by its text for the rules after it unless reading it warned (a warning names its line). */
export function addressesOf(text: string, line: number, values: ReadingValues, warnings: LineWarning[]): AddressSet | string {
    let set = values.addresses.get(text);
    if (set === undefined) {
        const warned = warnings.length;
        set = addressList(text, line, warnings);
        if (warnings.length === warned) values.addresses.set(text, set);
    }
    return set;
}

/** A port list of a rule, kept by its text (it names no line unless it is refused, and then nothing is kept). */
export function portsOf(text: string, line: number, values: ReadingValues): PortSet | string {
    let set = values.ports.get(text);
    if (set === undefined) values.ports.set(text, set = portList(text, line));
    return set;
}

const DIGITS = /^\d+$/;
/** Ports and ranges (`22`, `1024:`, `80,443`); why not for a service name (resolved at load time); an error at the line for what no reader takes. */
function portList(text: string, line: number): PortSet | string {
    const ranges: PortRange[] = [];
    for (const part of text.split(',')) {
        if (DIGITS.test(part)) {
            // One port, as most rules give (read as the range below reads `a` alone), without splitting it.
            const port = Number(part);
            if (port > 65535) throw new ConfigError(`line ${line}: '${part}' is not a port or port range`, line);
            if (port >= 1) ranges.push({ from: port, to: port });
            continue;
        }
        const [a, b = a] = part.split(':');
        if (/[a-z]/i.test(part) && /^[\w.+-]+(:[\w.+-]*)?$/.test(part)) return `'${part}' names a service, resolved when the rules are loaded (not modeled)`;
        const from = a === '' ? 0 : Number(a), to = b === '' ? 65535 : Number(b);
        if (!/^\d*$/.test(a) || !/^\d*$/.test(b) || from > 65535 || to > 65535 || from > to) throw new ConfigError(`line ${line}: '${part}' is not a port or port range`, line);
        if (to >= 1) ranges.push({ from: Math.max(1, from), to });
    }
    return portSetOf(ranges);
}

function rangeSet(text: string, line: number): AddressSet {
    const parsed = parseAddress(text);
    if ('error' in parsed || parsed.block.kind === 'host') throw new ConfigError(`line ${line}: '${text}' is not an address range`, line);
    return AddressSet.of([parsed.block]);
}

/** Addresses within a host name's (a set matched before them) would drop the name: the rule is doubted where it is read. */
const intersect = (a: AddressSet | undefined, b: AddressSet) => a ? a.intersect(b) : b;

const meetPorts = (a: PortSet | undefined, b: PortSet) => a ? subtractPorts(a, subtractPorts(a, b)) : b;

/** Reads one rule: its words from `first` on are those after `-A CHAIN` (the line's words, read once). */
export function readRule(w: readonly string[], location: ConfigLocation, context: RuleContext, first = 0): ReadRule {
    const { universe, options } = context;
    const line = location.line;
    const draft: Draft = {};
    const warnings: LineWarning[] = [];
    // The match modules loaded so far; a protocol loads its own implicitly.
    const modules: string[] = [];
    let target: string | undefined;
    for (let i = first; i < w.length; i++) {
        let negate = false;
        if (w[i] === '!') { negate = true; i++; }
        const option = w[i];
        if (option === undefined) break;
        // `--dport ! 22`, the old place of the negation.
        let value = w[i + 1];
        if (value === '!' && !FLAG_OPTIONS.has(option)) { negate = !negate; i++; value = w[i + 1]; }
        // Whatever takes the value steps past it (`i++`): no closure per word, which every word of a large rule set paid for.
        if (IPTABLES_MODEL.models('option', option)) {
            i++;
            ruleOption(option, value ?? '', negate);
            continue;
        }
        // A target's own options, after it.
        const takesValue = target === undefined ? undefined : TARGET_OPTION_VALUES.get(target)?.get(option);
        if (takesValue !== undefined) {
            if (takesValue) i++;
            if (target === 'CT' && option === '--notrack') draft.unknown ??= '-j CT --notrack: these packets are not tracked, so their connection state (new, established) is not what the filter rules see';
            if (target === 'CT' && option.startsWith('--zone')) draft.unknown ??= `-j CT ${option}: the packets are tracked in another conntrack zone, which the audit does not follow`;
            continue;
        }
        // A match option: of the modules loaded, latest first, then of the protocol's own module.
        let owner: string | undefined;
        for (let k = modules.length - 1; k >= 0 && owner === undefined; k--) if (modelsMatchOption(modules[k], option)) owner = modules[k];
        if (owner === undefined && draft.protocols?.size === 1) {
            const protocol = draft.protocols.values().next().value!;
            if (modelsMatchOption(protocol, option)) owner = protocol;
        }
        if (owner) {
            let optionValue = '';
            if (!FLAG_OPTIONS.has(option)) { i++; optionValue = value ?? ''; }
            let second = '';
            if (option === '--tcp-flags' || option === '--match-set') { i++; second = w[i] ?? ''; }
            matchOption(owner, option, negate, optionValue, second);
            continue;
        }
        if (option.startsWith('-')) {
            // An option of a module the reader does not model (or not of this module): how many values it takes is not known;
            // the words up to the next option are its.
            while (i + 1 < w.length && !w[i + 1].startsWith('-') && w[i + 1] !== '!') i++;
            doubt(draft, IPTABLES_MODEL.notModeled('match', `${negate ? '! ' : ''}${option}${modules.length ? ` (-m ${modules[modules.length - 1]})` : ''}`));
            continue;
        }
        draft.unknown ??= `'${option}' is not an iptables option`;
    }

    /** Narrows a side to `set` (within the family's addresses: `inUniverse`); within a host name's ipset match, doubted. */
    function meet(key: 'sources' | 'destinations', set: AddressSet, inUniverse: boolean): void {
        const current = draft[key];
        if (current !== undefined && current.names.size > 0) { doubt(draft, `${key === 'sources' ? 'source' : 'destination'} addresses after a host name's --match-set in the same rule are not modeled`); return; }
        draft[key] = intersect(inUniverse ? current ?? universe : current, set);
    }

    function ruleOption(option: string, value: string, negate: boolean): void {
        switch (option) {
            case '-s': case '--source': case '-d': case '--destination': {
                const set = addressesOf(value, line, context.values, warnings);
                if (typeof set === 'string') { doubt(draft, set); return; }
                const side = negate ? universe.subtract(set) : set;
                meet(option === '-s' || option === '--source' ? 'sources' : 'destinations', side, false);
                return;
            }
            case '-p': case '--protocol': {
                const p = value.toLowerCase();
                const named = p === '6' ? 'tcp' : p === '17' ? 'udp' : p;
                const set = new Set<Transport>(named === 'all' || named === '0' ? ['tcp', 'udp'] : named === 'tcp' || named === 'udp' ? [named] : []);
                draft.protocols = negate ? new Set((['tcp', 'udp'] as Transport[]).filter(t => !set.has(t))) : set;
                return;
            }
            case '-i': case '--in-interface': case '-o': case '--out-interface': {
                const addresses = interfaceAddresses(value, options.interfaces);
                if (!addresses) { doubt(draft, `interface ${value} is not mapped to a zone (use --map <zone>=${value})`); return; }
                const set = negate ? EVERY_ADDRESS.subtract(addresses) : addresses;
                meet(option === '-i' || option === '--in-interface' ? 'sources' : 'destinations', set, true);
                return;
            }
            case '-m': case '--match':
                modules.push(value);
                if (!Object.hasOwn(MODULE_NAMES, value)) doubt(draft, IPTABLES_MODEL.notModeled('match', `-m ${value}`));
                return;
            case '-j': case '--jump': case '-g': case '--goto':
                target = value;
                draft.action = targetAction(value, option === '-g' || option === '--goto');
        }
    }

    function matchOption(module: string, option: string, negate: boolean, value: string, second: string): void {
        const ports = (text: string) => {
            const set = portsOf(text, line, context.values);
            if (typeof set === 'string') { doubt(draft, set); return undefined; }
            return negate ? subtractPorts(ALL_PORTS, set) : set;
        };
        switch (option) {
            case '--dport': case '--destination-port': case '--dports': case '--destination-ports': {
                const set = ports(value);
                if (set) draft.destinationPorts = meetPorts(draft.destinationPorts, set);
                break;
            }
            case '--sport': case '--source-port': case '--sports': case '--source-ports': {
                const set = ports(value);
                if (set) draft.sourcePorts = meetPorts(draft.sourcePorts, set);
                break;
            }
            case '--ports': {
                const set = portsOf(value, line, context.values);
                if (typeof set === 'string') { doubt(draft, set); break; }
                if (!negate) { draft.eitherPorts = set; break; }
                // `! --ports`: neither port in the list: both outside it.
                draft.sourcePorts = meetPorts(draft.sourcePorts, subtractPorts(ALL_PORTS, set));
                draft.destinationPorts = meetPorts(draft.destinationPorts, subtractPorts(ALL_PORTS, set));
                break;
            }
            case '--syn': case '--tcp-flags': {
                draft.protocols = new Set([...(draft.protocols ?? ['tcp'])].filter(p => p === 'tcp'));
                const [mask, comp] = option === '--syn' ? ['FIN,SYN,RST,ACK', 'SYN'] : [value, second];
                const flags = tcpFlagsIn(mask.split(','), comp.split(','), TCP_FLAG_NAMES.iptables);
                if (typeof flags === 'string') { doubt(draft, flags); break; }
                const yes = EVERY_STATE.filter(s => (flags[s] === true) !== negate && flags[s] !== 'unknown');
                const unsure = EVERY_STATE.filter(s => flags[s] === 'unknown');
                draft.states = new Set([...(draft.states ?? EVERY_STATE)].filter(s => yes.includes(s) || unsure.includes(s)));
                if (unsure.length) doubt(draft, `${negate ? '! ' : ''}${option === '--syn' ? '--syn' : `--tcp-flags ${mask} ${comp}`} on a connection's later packets (their FIN, RST, PSH and URG flags vary)`, unsure);
                break;
            }
            case '--src-range': case '--dst-range': {
                const set = rangeSet(value, line);
                const side = negate ? universe.subtract(set) : set;
                meet(option === '--src-range' ? 'sources' : 'destinations', side, true);
                break;
            }
            case '--ctstate': case '--state': {
                const names = value.toUpperCase().split(',');
                const unmodeled = names.filter(n => !Object.hasOwn(STATES, n) && !(Object.hasOwn(TRANSLATED, n) && module === 'conntrack'));
                if (unmodeled.length) { doubt(draft, `state ${unmodeled.join(',')} is not modeled`); break; }
                const yes = new Set(names.flatMap(n => STATES[n] ?? []));
                // SNAT, DNAT: whether the connection was translated, which NAT rules anywhere on the host decide
                // (another table, another tool): not modeled, so the rule's condition is unknown in the states
                // where a translation may already have happened and no other state of the list holds.
                const unsure = EVERY_STATE.filter(s => !yes.has(s) && names.some(n => TRANSLATED[n]?.includes(s)));
                const holds = EVERY_STATE.filter(s => unsure.includes(s) || yes.has(s) !== negate);
                draft.states = new Set([...(draft.states ?? EVERY_STATE)].filter(s => holds.includes(s)));
                const translated = names.filter(n => Object.hasOwn(TRANSLATED, n));
                if (unsure.length) doubt(draft, `${negate ? '! ' : ''}--ctstate ${value}: whether a connection was translated (${translated.join(', ')}) depends on NAT rules anywhere on the host and is not modeled`, unsure);
                break;
            }
            case '--datestop': case '--datestart': {
                const at = Date.parse(`${value}Z`);
                if (Number.isNaN(at)) doubt(draft, `'${option} ${value}' is not a date`);
                else if (option === '--datestop') draft.stop = at; else draft.start = at;
                break;
            }
            case '--kerneltz':
                draft.kernelTime = true;
                break;
            case '--utc': case '--comment':
                break;
            case '--match-set': {
                const family: SetFamily = universe.v6.length > 0 && universe.v4.length === 0 ? 'v6' : 'v4';
                const named = (context.values.ipsets ??= hostNameSetNames(options, ipsetHostNameSet)).get(value);
                if (!named || named.family !== family) { doubt(draft, `ipset ${value}: its members are not in the file (not modeled)`); break; }
                if (negate) { doubt(draft, `! --match-set ${value}: every address but those of host name ${named.hostName} is not modeled`); break; }
                if (second !== 'src' && second !== 'dst') { doubt(draft, `--match-set ${value} ${second}: only src or dst is modeled`); break; }
                // A host name's addresses within other addresses the same rule names is not a set the proof can hold.
                const key = second === 'src' ? 'sources' : 'destinations';
                if (draft[key] !== undefined) { doubt(draft, `--match-set ${value} ${second} with other ${key === 'sources' ? 'source' : 'destination'} addresses in the same rule is not modeled`); break; }
                draft[key] = AddressSet.of([], [named.hostName]);
                break;
            }
        }
    }

    // A time condition that no longer (or not yet) holds: the rule matches nothing now. In the
    // kernel's time zone (--kerneltz), a bound within hours of the audit's time is its clock's call.
    const slack = draft.kernelTime ? LOCAL_TIME_SLACK_MS : 0;
    // The time is asked only of a rule with a date: a rule set without any reads alike at every instant (verify reads it once).
    const window = draft.start === undefined && draft.stop === undefined ? undefined
        : windowAt(options.now.getTime(), draft.start === undefined ? undefined : boundAround(draft.start, slack), draft.stop === undefined ? undefined : boundAround(draft.stop, slack));
    if (window === 'inactive') return { rules: [], warnings, window };
    if (window === 'uncertain') doubt(draft, '-m time --kerneltz: a date within hours of the audit\'s time, in the kernel\'s time zone (which the file does not give)');
    // nat chains see only the first packet of a connection.
    if (context.table === 'nat') draft.states = new Set([...(draft.states ?? EVERY_STATE)].filter(s => s === 'new'));
    // A rule no TCP or UDP packet of a connection meets (ICMP, RELATED only …): nothing it holds can matter.
    if (draft.protocols?.size === 0 || draft.states?.size === 0) return { rules: [], warnings, window };
    const condition = draft.doubt ? { why: draft.doubt.why, states: draft.doubt.states.size === EVERY_STATE.length ? undefined : draft.doubt.states } : undefined;
    const action = draft.action ?? { kind: 'continue' as const };
    // Written out rather than spread from a common part: once per rule of the file, in code that has mostly not been compiled yet.
    const rule = (sourcePorts: PortSet | undefined, destinationPorts: PortSet | undefined): PolicyRule => ({
        states: draft.states, unknown: draft.unknown, condition, action, location,
        match: { protocols: draft.protocols, sources: draft.sources, destinations: draft.destinations, sourcePorts, destinationPorts }
    });
    // `--ports`: the source port in the list, or else the destination port: one rule each (a packet that matches both is decided by the first, as by the rule).
    const rules: PolicyRule[] = draft.eitherPorts
        ? [rule(meetPorts(draft.sourcePorts, draft.eitherPorts), draft.destinationPorts), rule(draft.sourcePorts, meetPorts(draft.destinationPorts, draft.eitherPorts))]
        : [rule(draft.sourcePorts, draft.destinationPorts)];
    return { rules, unevaluated: draft.unknown ?? condition?.why, warnings, window };

    function targetAction(name: string, goto: boolean): RuleAction {
        const chain = context.chainOf(name);
        if (goto) {
            if (chain) return { kind: 'goto', chain };
            draft.unknown ??= `-g ${name}: the table declares no chain ${name}`;
            return { kind: 'continue' };
        }
        if (chain && !IPTABLES_MODEL.models('target', name)) return { kind: 'jump', chain };
        switch (name) {
            case 'ACCEPT': return { kind: 'accept' };
            case 'DROP': case 'REJECT': return { kind: 'drop' };
            case 'RETURN': return { kind: 'return' };
            case 'NOTRACK':
                draft.unknown ??= '-j NOTRACK: these packets are not tracked, so their connection state (new, established) is not what the filter rules see';
                return { kind: 'continue' };
            case 'DNAT': case 'REDIRECT': case 'NETMAP': case 'TPROXY':
                draft.unknown ??= `-j ${name}: the packet's destination is changed before filtering, so later rules see another address or port`;
                return { kind: 'continue' };
        }
        if (CONTINUING.has(name)) return { kind: 'continue' };
        draft.unknown ??= `${IPTABLES_MODEL.notModeled('target', name)}: what it does to the packets is unknown`;
        return { kind: 'continue' };
    }
}

/** The match modules the list names (each with at least one option, or `comment`). */
const MODULE_NAMES: Readonly<Record<string, true>> = Object.fromEntries(IPTABLES_MODEL.entries().filter(e => e.kind === 'match').map(e => [e.name.split(' ')[0], true]));
/**
 * The match entries (`tcp --dport`) by the words before and after a space: `${module} ${option}` is
 * an entry exactly when the option is under the module here, without writing that text for each
 * module loaded and each word of each rule.
 */
const MATCH_OPTIONS: ReadonlyMap<string, ReadonlySet<string>> = (() => {
    const byModule = new Map<string, Set<string>>();
    for (const { kind, name } of IPTABLES_MODEL.entries()) {
        if (kind !== 'match') continue;
        for (let space = name.indexOf(' '); space >= 0; space = name.indexOf(' ', space + 1)) {
            const module = name.slice(0, space);
            (byModule.get(module) ?? byModule.set(module, new Set()).get(module)!).add(name.slice(space + 1));
        }
    }
    return byModule;
})();
const modelsMatchOption = (module: string, option: string) => MATCH_OPTIONS.get(module)?.has(option) === true;
