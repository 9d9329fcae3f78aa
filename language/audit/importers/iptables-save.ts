import { AddressSet, parseAddress } from '../../model/addresses.js';
import { ALL_PORTS, portSetOf, subtractPorts, type PortRange, type PortSet } from '../../model/ports.js';
import type { ConfigLocation, ConnectionState, FirewallPolicy, PolicyChain, PolicyRule, RuleAction } from '../firewall-policy.js';
import { EVERY_ADDRESS, EVERY_IPV4, EVERY_IPV6, type Transport, type TrafficMatch } from '../traffic-space.js';
import { ConfigError, type ConfigImporter, type ImportOptions, interfaceAddresses } from './importer.js';
import { boundAround, LOCAL_TIME_SLACK_MS, windowAt } from './time-window.js';

/**
 * `iptables-save` / `ip6tables-save` output: the filter table's chains with their policies, rules in
 * order with `-s/-d` (also negated), `-p`, `--dport/--sport`, `-m multiport`, `-m iprange`,
 * `-m conntrack/-m state`, `-i/-o` (through the interface map), `-m time --datestop`, jumps, gotos
 * and RETURN. Anything else that could change whether a rule matches (`-m set`, `-m limit`, …)
 * makes the rule "unknown", reported with its line; nothing is guessed.
 */

const BUILT_IN = new Set(['INPUT', 'FORWARD', 'OUTPUT']);
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

const STATES: Record<string, ConnectionState[]> = {
    NEW: ['new'], ESTABLISHED: ['established'], RELATED: ['established'], INVALID: [], UNTRACKED: [], SNAT: [], DNAT: []
};

interface RuleDraft {
    sources?: AddressSet;
    destinations?: AddressSet;
    protocols?: Set<Transport>;
    sourcePorts?: PortSet;
    destinationPorts?: PortSet;
    states?: Set<ConnectionState>;
    unknown?: string;
    /** `-m time --datestart/--datestop`, as written (UTC unless --kerneltz). */
    start?: number;
    stop?: number;
    kernelTime?: boolean;
    action?: RuleAction;
}

export const iptablesSaveImporter: ConfigImporter = {
    id: 'iptables',
    label: 'iptables',
    detail: 'iptables-save / ip6tables-save output',
    detect: text => /^\*filter\s*$/m.test(text) && /^:[A-Z]+ (ACCEPT|DROP|-) /m.test(text) || /^-A [A-Za-z]/m.test(text) && /^COMMIT\s*$/m.test(text),
    import(text: string, options: ImportOptions): FirewallPolicy {
        const lines = text.split(/\r?\n/);
        const family = /ip6tables-save/.test(text) || lines.some(l => /^-A .* -[sd] [0-9a-fA-F]*:[0-9a-fA-F:]*\//.test(l)) ? 'ipv6' : 'ipv4';
        const universe = family === 'ipv6' ? EVERY_IPV6 : EVERY_IPV4;
        const chains = new Map<string, { name: string; rules: PolicyRule[]; policy?: PolicyChain['policy'] }>();
        const unevaluated: FirewallPolicy['unevaluated'][number][] = [];
        let table = '';
        let sawFilter = false;
        lines.forEach((raw, index) => {
            const lineNo = index + 1;
            const line = raw.trim();
            if (!line || line.startsWith('#')) return;
            const location: ConfigLocation = { file: options.file, line: lineNo, text: line };
            if (line.startsWith('*')) { table = line.slice(1); if (table === 'filter') sawFilter = true; return; }
            if (line === 'COMMIT') { table = ''; return; }
            if (table !== 'filter') return; // nat, mangle, raw: they do not decide accept or drop here
            if (line.startsWith(':')) {
                const [name, policy] = line.slice(1).split(/\s+/);
                chains.set(name, { name, rules: [], policy: policy === 'ACCEPT' || policy === 'DROP' ? { verdict: policy === 'ACCEPT' ? 'accept' : 'drop', location } : undefined });
                return;
            }
            const w = words(line);
            if (w[0] !== '-A' || !w[1]) {
                unevaluated.push({ line: lineNo, text: line, why: 'not a rule (-A CHAIN …) of the filter table' });
                return;
            }
            const chain = chains.get(w[1]) ?? (() => { const c = { name: w[1], rules: [] as PolicyRule[] }; chains.set(w[1], c); return c; })();
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
                        if (option === '-g' || option === '--goto') draft.action = { kind: 'goto', chain: target };
                        else if (target === 'ACCEPT') draft.action = { kind: 'accept' };
                        else if (target === 'DROP' || target === 'REJECT') draft.action = { kind: 'drop' };
                        else if (target === 'RETURN') draft.action = { kind: 'return' };
                        else if (['LOG', 'NFLOG', 'MARK', 'CONNMARK', 'TRACE', 'AUDIT', 'CT', 'TCPMSS'].includes(target)) draft.action = { kind: 'continue' };
                        else if (/^[A-Z]+$/.test(target) && !chains.has(target) && !lines.some(l => l.startsWith(`:${target} `))) {
                            draft.action = { kind: 'continue' };
                            setUnknown(`target ${target} is not evaluated`);
                        } else draft.action = { kind: 'jump', chain: target };
                        // Target options (--reject-with, --log-prefix …) follow; skip them.
                        while (i + 1 < w.length && w[i + 1].startsWith('--') && !['--dport', '--sport'].includes(w[i + 1])) i += 2;
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
            const window = windowAt(options.now.getTime(), draft.start === undefined ? undefined : boundAround(draft.start, slack), draft.stop === undefined ? undefined : boundAround(draft.stop, slack));
            if (window === 'inactive') return;
            if (window === 'uncertain') {
                setUnknown('-m time --kerneltz: a date within hours of the audit\'s time, in the kernel\'s time zone (which the file does not give)');
            }
            const match: TrafficMatch = {
                protocols: draft.protocols, sources: draft.sources, destinations: draft.destinations,
                sourcePorts: draft.sourcePorts, destinationPorts: draft.destinationPorts
            };
            chain.rules.push({ match, states: draft.states, unknown: draft.unknown, action: draft.action ?? { kind: 'continue' }, location });
            if (draft.unknown) unevaluated.push({ line: lineNo, text: line, why: draft.unknown });
        });
        if (!sawFilter) throw new ConfigError(`${options.file} has no *filter table: is it iptables-save output?`);
        const entry = options.hook === 'input' ? 'INPUT' : 'FORWARD';
        for (const name of BUILT_IN) if (!chains.has(name)) chains.set(name, { name, rules: [], policy: { verdict: 'accept', location: { file: options.file, line: 0, text: `${name} (not in the file: ACCEPT)` } } });
        return { kind: `${family === 'ipv6' ? 'ip6tables' : 'iptables'}-save`, chains, entry: [entry], unevaluated, families: new Set([family]) };
    }
};
