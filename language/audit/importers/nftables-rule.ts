import { AddressSet } from '../../network/addresses.js';
import { ALL_PORTS, portSetOf, subtractPorts, type PortRange, type PortSet } from '../../network/ports.js';
import { EVERY_STATE, type ConfigLocation, type ConnectionState, type PolicyRule, type RuleAction } from '../firewall-policy.js';
import { ReaderModel } from '../reader-model.js';
import { EVERY_ADDRESS, EVERY_IPV4, EVERY_IPV6, type Transport, type TrafficMatch } from '../traffic-space.js';
import { interfaceAddresses, windowOfRule, type ImportOptions } from './importer.js';
import { maskedBlock, type LineWarning } from './masked-address.js';
import { tcpFlagsIn, TCP_FLAG_NAMES } from './tcp-flags.js';
import { boundAround } from './time-window.js';

/**
 * One nft rule (as `nft -j list ruleset` lists it) read expression by expression against the
 * explicit list of what the reader models (NFTABLES_MODEL). A match the list does not hold makes
 * the rule's condition not modeled (its verdicts rest on bounds: firewall-policy.ts); a statement
 * it does not hold makes what the rule does unknown. Each is reported at the rule's line.
 */

// nft's JSON, as it lists it.
type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

type Kind = 'match' | 'statement';

/** The expressions the nftables reader models, and what each does. */
export const NFTABLES_MODEL = new ReaderModel<Kind>('nftables', {
    match: {
        'ip saddr': 'IPv4 source addresses, prefixes, ranges and sets (a host part set is masked)', 'ip daddr': 'IPv4 destination addresses, as ip saddr',
        'ip6 saddr': 'IPv6 source addresses, as ip saddr (IPv4-mapped prefixes too)', 'ip6 daddr': 'IPv6 destination addresses, as ip6 saddr',
        'tcp dport': 'TCP destination ports, ranges and sets', 'tcp sport': 'TCP source ports', 'udp dport': 'UDP destination ports', 'udp sport': 'UDP source ports',
        'th dport': 'the destination port of TCP and UDP alike', 'th sport': 'the source port of TCP and UDP alike',
        'tcp flags': 'flags (with a mask): exact on a connection\'s first packet and its answer, bounded where its later packets vary',
        'ip protocol': 'the protocol: tcp, udp; any other carries no TCP or UDP connection', 'ip6 nexthdr': 'as ip protocol', 'meta l4proto': 'as ip protocol',
        'meta nfproto': 'the address family: ipv4, ipv6', 'meta iifname': 'the interface a packet arrives on: the addresses --map puts behind it',
        'meta oifname': 'the interface a packet leaves by, as iifname', 'meta iif': 'as iifname', 'meta oif': 'as oifname',
        'ct state': 'new (the first packet), established (the answer and every later packet), related, invalid, untracked (none of a connection\'s own packets)',
        'meta time': 'before or after an instant (UTC), judged at the audit\'s time',
        'icmp *': 'an ICMP header: matches no TCP or UDP packet', 'icmpv6 *': 'as icmp', 'igmp *': 'as icmp', 'sctp *': 'as icmp', 'dccp *': 'as icmp', 'esp *': 'as icmp', 'ah *': 'as icmp',
        concatenation: '`ip saddr . tcp dport` against a set of concatenated elements'
    },
    statement: {
        accept: 'accepts (the next base chain still decides)', drop: 'drops', reject: 'drops, answering with an error', return: 'back to the calling chain, or the policy',
        continue: 'the next rule decides', jump: 'into a chain and back', goto: 'into a chain, not coming back', vmap: 'a verdict per key of a map',
        counter: 'counts, the next statement decides', log: 'logs, the next statement decides', mangle: 'sets a mark or field, the next statement decides',
        set: 'adds to a set, the next statement decides', snat: 'translates the source after the decision', masquerade: 'translates the source after the decision',
        dup: 'copies the packet, the next statement decides', limit: 'a rate limit: a condition not modeled (bounded)', quota: 'a quota: a condition not modeled (bounded)',
        dnat: 'unknown for the packets it translates (with a map, only those of its keys)', redirect: 'unknown for the packets it translates', tproxy: 'unknown for the packets it diverts',
        notrack: 'unknown: the packets are not tracked'
    }
});

class Unknown extends Error { }
/** A condition of the rule not modeled: the rule is bounded, not unknown. */
class Doubt extends Error { }

const L4 = new Set(['tcp', 'udp']);

/** `related` is a state of its own, never a connection's replies (see firewall-policy.ts). */
const STATES: Readonly<Record<string, readonly ConnectionState[]>> = { new: ['new'], established: ['answer', 'established'], related: [], invalid: [], untracked: [] };

export interface Draft {
    sources?: AddressSet;
    destinations?: AddressSet;
    protocols?: Set<Transport>;
    sourcePorts?: PortSet;
    destinationPorts?: PortSet;
    states?: Set<ConnectionState>;
    /** The states a condition is not known in (the first condition's why). */
    doubt?: { why: string; states: Set<ConnectionState> };
    /** A condition that never holds (a time window that is over, an impossible match): the rule matches nothing. */
    never?: boolean;
}

export interface RuleReading {
    readonly rules: readonly PolicyRule[];
    /** Why the rule is not evaluated exactly, if it is not. */
    readonly unevaluated?: string;
}

/** A rule's context: its table's family, the named sets of its table, the audit's options, where warnings go. */
export interface NftRuleContext {
    readonly family: string;
    readonly table: string;
    readonly options: ImportOptions;
    readonly setElements: (ref: string) => Json[];
    /** The host name a set SegPlan made for one stands for (verify, host-name-sets.ts); undefined for any other set. */
    readonly hostNameOf?: (ref: string) => string | undefined;
    readonly warnings: LineWarning[];
    readonly location: ConfigLocation;
}

export function universeFor(family: string): AddressSet {
    return family === 'ip' ? EVERY_IPV4 : family === 'ip6' ? EVERY_IPV6 : EVERY_ADDRESS;
}

/** A rule's expression as a person reads it, for messages. */
export function side(x: Json): string {
    if (x === null || x === undefined) return '';
    if (typeof x !== 'object') return String(x);
    if (Array.isArray(x)) return `{ ${x.map(side).join(', ')} }`;
    if (x.payload) return `${x.payload.protocol} ${x.payload.field}`;
    if (x.meta) return `meta ${x.meta.key}`;
    if (x.ct) return `ct ${x.ct.key}`;
    if (x.prefix) return `${x.prefix.addr}/${x.prefix.len}`;
    if (x.range) return `${x.range[0]}-${x.range[1]}`;
    if (x.set) return `{ ${(Array.isArray(x.set) ? x.set : [x.set]).map(side).join(', ')} }`;
    if (x.concat) return x.concat.map(side).join(' . ');
    if (x['&']) return `${side(x['&'][0])} & ${side(x['&'][1])}`;
    if (x['|']) return x['|'].map(side).join('|');
    const [k, v] = Object.entries(x)[0] as [string, Json];
    return v === null ? k : `${k} ${side(v)}`;
}

/** What elementsOf gives for a set that stands for a host name: the name's addresses, whatever they are. */
interface HostNameElement { readonly hostName: string }

function addressOf(value: Json, context: NftRuleContext): AddressSet {
    if (value?.elem) return addressOf(value.elem.val, context);
    if (typeof value?.hostName === 'string') return AddressSet.of([], [value.hostName]);
    if (typeof value === 'string') {
        const block = maskedBlock(value, context.location.line, context.warnings);
        if ('error' in block) throw new Doubt(block.error);
        if ('doubt' in block) throw new Doubt(block.doubt);
        return AddressSet.of([block]);
    }
    if (value?.prefix) return addressOf(`${value.prefix.addr}/${value.prefix.len}`, context);
    if (value?.range) return rangeOf(value.range, context);
    throw new Doubt(`address ${JSON.stringify(value)} is not modeled`);
}

function rangeOf(range: [Json, Json], context: NftRuleContext): AddressSet {
    const [from, to] = [addressOf(String(range[0]), context), addressOf(String(range[1]), context)];
    const a = from.v4[0] ?? from.v6[0], b = to.v4[0] ?? to.v6[0];
    const kind = from.v4.length ? 'ipv4' : 'ipv6';
    if (!a || !b || (from.v4.length > 0) !== (to.v4.length > 0) || b.to < a.from) throw new Doubt(`'${range[0]}-${range[1]}' is not an address range`);
    return AddressSet.of([{ kind, interval: { from: a.from, to: b.to } }]);
}

function portsOf(value: Json): PortSet {
    if (value?.elem) return portsOf(value.elem.val);
    if (typeof value === 'number') return value >= 1 ? portSetOf([{ from: value, to: value }]) : [];
    if (typeof value === 'string' && /^\d+$/.test(value)) return portsOf(Number(value));
    if (value?.range) return Number(value.range[1]) >= 1 ? portSetOf([{ from: Math.max(1, Number(value.range[0])), to: Number(value.range[1]) }]) : [];
    throw new Doubt(`port ${JSON.stringify(value)} is not modeled (a named service?)`);
}

function intersectDraft(a: Draft, b: Draft): Draft {
    const both = <T>(x: T | undefined, y: T | undefined, f: (x: T, y: T) => T) => (x === undefined ? y : y === undefined ? x : f(x, y));
    return {
        sources: both(a.sources, b.sources, (x, y) => x.intersect(y)),
        destinations: both(a.destinations, b.destinations, (x, y) => x.intersect(y)),
        protocols: both(a.protocols, b.protocols, (x, y) => new Set([...x].filter(p => y.has(p)))),
        sourcePorts: both(a.sourcePorts, b.sourcePorts, (x, y) => subtractPorts(x, subtractPorts(x, y))),
        destinationPorts: both(a.destinationPorts, b.destinationPorts, (x, y) => subtractPorts(x, subtractPorts(x, y))),
        states: both(a.states, b.states, (x, y) => new Set([...x].filter(s => y.has(s)))),
        doubt: a.doubt ?? b.doubt, never: a.never || b.never
    };
}

function matchOfDraft(d: Draft): TrafficMatch {
    return { protocols: d.protocols, sources: d.sources, destinations: d.destinations, sourcePorts: d.sourcePorts, destinationPorts: d.destinationPorts };
}

/** The elements a match's right side stands for: a named set, an anonymous set, a list, or one value. */
function elementsOf(right: Json, context: NftRuleContext): Json[] {
    if (typeof right === 'string' && right.startsWith('@')) {
        const hostName = context.hostNameOf?.(right);
        if (hostName !== undefined) return [{ hostName } satisfies HostNameElement];
        return context.setElements(right);
    }
    if (right?.set !== undefined) return Array.isArray(right.set) ? right.set : [right.set];
    if (Array.isArray(right)) return right;
    return [right];
}

/** A verdict's action in the policy (`accept`, `jump x` …); undefined for another statement. */
function verdictAction(kind: string, body: Json, context: NftRuleContext): RuleAction | undefined {
    switch (kind) {
        case 'accept': return { kind: 'accept' };
        case 'drop': case 'reject': return { kind: 'drop' };
        case 'return': return { kind: 'return' };
        case 'continue': return { kind: 'continue' };
        case 'jump': case 'goto': return { kind, chain: `${context.family} ${context.table} ${body.target}` };
    }
    return undefined;
}

/** One nft rule as policy rules: one, or one per key of a verdict map. */
export function rulesOf(r: Json, context: NftRuleContext): RuleReading {
    const { family, location } = context;
    const universe = universeFor(family);
    const draft: Draft = {};
    let action: RuleAction = { kind: 'continue' };
    let unknown: string | undefined;
    let vmap: { key: Json; entries: [Json, Json][] } | undefined;
    /** A concatenated match against several elements (`ip saddr . tcp dport @allowed`): the rule matches each element's combination. */
    let alternatives: Draft[] | undefined;
    for (const e of r.expr ?? []) {
        const [kind, body] = (typeof e === 'object' && e !== null ? Object.entries(e)[0] ?? [] : []) as [string, Json];
        try {
            // nft lists a chain bound to a rule (`jump { … }`) as its text, not as JSON.
            if (typeof e === 'string') throw new Unknown(`'${e.split('\n')[0].trim()} … }' jumps to a chain written inside the rule, which nft does not list as JSON: its rules are not evaluated`);
            const verdict = verdictAction(kind, body, context);
            if (verdict) { action = verdict; continue; }
            switch (kind) {
                case 'match':
                    if (body.left?.concat && body.op !== '!=' && elementsOf(body.right, context).length !== 1) {
                        if (alternatives) throw new Doubt('two concatenated matches against sets in one rule are not modeled');
                        alternatives = elementsOf(body.right, context).map(element => {
                            const alternative: Draft = {};
                            applyMatch(alternative, { op: '==', left: body.left, right: element }, universe, context, x => [x]);
                            return alternative;
                        });
                    } else applyMatch(draft, body, universe, context, right => elementsOf(right, context));
                    break;
                case 'vmap': {
                    const data = body.data;
                    const entries = typeof data === 'string' ? context.setElements(data) : elementsOf(data, context);
                    vmap = { key: body.key, entries: entries.map((x: Json) => (Array.isArray(x) ? x : x?.elem ?? x) as [Json, Json]) };
                    break;
                }
                case 'counter': case 'log': case 'mangle': case 'set': case 'snat': case 'masquerade': case 'dup':
                    break;
                case 'limit': case 'quota':
                    throw new Doubt(`'${kind}' matches only some packets (not modeled)`);
                case 'dnat': case 'redirect': case 'tproxy':
                    // With a map (`dnat to tcp dport map { 80 : … }`), only the packets of its keys are translated: a lookup that finds nothing ends the rule.
                    keyedBy(body, draft, universe, context);
                    throw new Unknown(`'${kind}' changes the packet's destination before filtering, so later rules see another address or port`);
                case 'notrack':
                    throw new Unknown('notrack: these packets are not tracked, so their connection state (new, established) is not what later rules see');
                default:
                    throw new Unknown(`${NFTABLES_MODEL.notModeled('statement', kind)}: what it does to the packets is unknown`);
            }
        } catch (error) {
            if (error instanceof Doubt) doubt(draft, error.message);
            else if (error instanceof Unknown) unknown ??= error.message;
            else throw error;
        }
    }
    const reading = (rules: PolicyRule[]): RuleReading => ({ rules, unevaluated: rules.length ? unknown ?? rules.find(x => x.condition)?.condition?.why : undefined });
    if (draft.never) return reading([]);
    // A rule on ICMP (or another protocol that is not TCP or UDP), or on RELATED packets only, touches no connection the audit asks about, known or not.
    if (draft.protocols?.size === 0 || draft.states?.size === 0) return reading([]);
    const condition = (d: Draft) => d.doubt ? { why: d.doubt.why, states: d.doubt.states.size === EVERY_STATE.length ? undefined : d.doubt.states } : undefined;
    if (alternatives) {
        if (vmap) return reading([{ match: {}, states: draft.states, unknown: unknown ?? 'a concatenated match with a verdict map is not modeled', action, location }]);
        return reading(alternatives.map(a => intersectDraft(draft, a)).filter(d => !d.never && d.protocols?.size !== 0 && d.states?.size !== 0).map(d => ({
            match: matchOfDraft(d), states: d.states, unknown, condition: condition(d), action, location
        })));
    }
    if (!vmap) return reading([{ match: matchOfDraft(draft), states: draft.states, unknown, condition: condition(draft), action, location }]);
    // A verdict map decides per key: one rule per entry, in the map's order (keys do not overlap).
    const out: PolicyRule[] = [];
    for (const [key, verdict] of vmap.entries) {
        const extra: Draft = {};
        try {
            applyMatch(extra, { op: '==', left: vmap.key, right: key }, universe, context, x => [x]);
        } catch (error) {
            if (!(error instanceof Unknown) && !(error instanceof Doubt)) throw error;
            out.push({ match: matchOfDraft(draft), states: draft.states, unknown: unknown ?? error.message, action: { kind: 'continue' }, location });
            continue;
        }
        const [vk, vb] = Object.entries(verdict ?? {})[0] ?? [];
        const merged = intersectDraft(draft, extra);
        if (merged.never || merged.protocols?.size === 0 || merged.states?.size === 0) continue;
        out.push({ match: matchOfDraft(merged), states: merged.states, unknown, condition: condition(merged), action: (vk ? verdictAction(vk, vb, context) : undefined) ?? { kind: 'continue' }, location });
    }
    return reading(out);
}

/** A condition not modeled, in the states given (every state by default). */
function doubt(draft: Draft, why: string, states: readonly ConnectionState[] = EVERY_STATE): void {
    if (!draft.doubt) draft.doubt = { why, states: new Set(states) };
    else for (const s of states) draft.doubt.states.add(s);
}

/** A translation keyed by a map narrows the rule to the packets of the map's keys, where the key is modeled. */
function keyedBy(body: Json, draft: Draft, universe: AddressSet, context: NftRuleContext): void {
    const map = body?.addr?.map ?? body?.port?.map;
    if (!map) return;
    const keys = (typeof map.data === 'string' ? context.setElements(map.data) : elementsOf(map.data, context)).map((x: Json) => Array.isArray(x) ? x[0] : x?.elem?.val?.[0] ?? x?.[0]);
    try {
        const narrowed: Draft = {};
        applyMatch(narrowed, { op: '==', left: map.key, right: { set: keys } }, universe, context, right => elementsOf(right, context));
        Object.assign(draft, intersectDraft(draft, narrowed), { doubt: draft.doubt });
    } catch (error) {
        if (!(error instanceof Unknown) && !(error instanceof Doubt)) throw error;
    }
}

function applyMatch(draft: Draft, m: Json, universe: AddressSet, context: NftRuleContext, elementsOfRight: (right: Json) => Json[]): void {
    const op: string = m.op;
    const negate = op === '!=';
    const left = m.left;
    if (left?.payload?.protocol === 'tcp' && left.payload.field === 'flags' || left?.['&']?.[0]?.payload?.protocol === 'tcp' && left['&'][0].payload.field === 'flags') {
        return applyFlags(draft, m, elementsOfRight);
    }
    if (!['==', '!=', 'in'].includes(op)) {
        if (left?.meta?.key === 'time') return applyTime(draft, op, m.right, context.options);
        throw new Doubt(`'${side(left)} ${op} ${side(m.right)}' (comparison ${op}) is not modeled`);
    }
    const values = elementsOfRight(m.right);
    if (left?.concat) {
        const element = values.length === 1 ? values[0]?.elem?.val ?? values[0] : undefined;
        if (negate || !Array.isArray(element?.concat) || element.concat.length !== left.concat.length) throw new Doubt(`match on ${side(left)} is not modeled`);
        left.concat.forEach((part: Json, i: number) => applyMatch(draft, { op: '==', left: part, right: element.concat[i] }, universe, context, x => [x]));
        return;
    }
    const restrict = <K extends 'sources' | 'destinations' | 'protocols' | 'sourcePorts' | 'destinationPorts' | 'states'>(key: K, value: NonNullable<Draft[K]>, intersect: (a: NonNullable<Draft[K]>, b: NonNullable<Draft[K]>) => NonNullable<Draft[K]>) => {
        const current = draft[key] as NonNullable<Draft[K]> | undefined;
        draft[key] = (current === undefined ? value : intersect(current, value)) as Draft[K];
    };
    if (left?.payload) {
        const { protocol, field } = left.payload;
        // A header of one family matches that family only, evaluated or not: an IPv6-only condition leaves IPv4 alone.
        const familyOf = ['ip', 'icmp', 'igmp'].includes(protocol) ? EVERY_IPV4 : ['ip6', 'icmpv6'].includes(protocol) ? EVERY_IPV6 : undefined;
        if (familyOf) restrict('sources', familyOf, (a, b) => a.intersect(b));
        if ((protocol === 'ip' || protocol === 'ip6') && (field === 'saddr' || field === 'daddr')) {
            const set = values.reduce((s: AddressSet, v: Json) => s.union(addressOf(v, context)), AddressSet.EMPTY);
            // Every address but a host name's is not a set of addresses the proof can hold.
            if (negate && set.names.size > 0) throw new Doubt(`'${side(left)} != ${side(m.right)}': every address but those of host name ${[...set.names].join(', ')} is not modeled`);
            const value = negate ? familyOf!.subtract(set) : set;
            restrict(field === 'saddr' ? 'sources' : 'destinations', value, (a, b) => a.intersect(b));
            return;
        }
        if ((L4.has(protocol) || protocol === 'th') && (field === 'dport' || field === 'sport')) {
            const set = portSetOf(values.flatMap((v: Json) => portsOf(v) as PortRange[]));
            const value = negate ? subtractPorts(ALL_PORTS, set) : set;
            if (L4.has(protocol)) restrict('protocols', new Set([protocol as Transport]), (a, b) => new Set([...a].filter(p => b.has(p))));
            restrict(field === 'dport' ? 'destinationPorts' : 'sourcePorts', value, (a, b) => subtractPorts(a, subtractPorts(a, b)));
            return;
        }
        if ((protocol === 'ip' && field === 'protocol') || (protocol === 'ip6' && field === 'nexthdr')) return applyL4(draft, values, negate);
        // A match on an ICMP (or other non-TCP, non-UDP) header implies that protocol: it matches no TCP or UDP connection.
        if (['icmp', 'icmpv6', 'igmp', 'sctp', 'dccp', 'esp', 'ah'].includes(protocol)) {
            draft.protocols = new Set();
            return;
        }
        // Another field of a TCP or UDP header implies that protocol; whether it matches is not modeled.
        if (L4.has(protocol)) restrict('protocols', new Set([protocol as Transport]), (a, b) => new Set([...a].filter(p => b.has(p))));
        throw new Doubt(`${NFTABLES_MODEL.notModeled('match', `${protocol} ${field}`)}`);
    }
    if (left?.meta) {
        const key = left.meta.key;
        if (key === 'l4proto') return applyL4(draft, values, negate);
        if (key === 'nfproto') {
            const fam = values.map(String);
            const set = fam.includes('ipv4') && fam.includes('ipv6') ? EVERY_ADDRESS : fam.includes('ipv6') ? EVERY_IPV6 : EVERY_IPV4;
            restrict('sources', negate ? EVERY_ADDRESS.subtract(set) : set, (a, b) => a.intersect(b));
            return;
        }
        if (key === 'iifname' || key === 'oifname' || key === 'iif' || key === 'oif') {
            let set = AddressSet.EMPTY;
            for (const v of values) {
                const addresses = interfaceAddresses(String(v), context.options.interfaces);
                if (!addresses) throw new Doubt(`interface ${v} is not mapped to a zone (use --map <zone>=${v})`);
                set = set.union(addresses);
            }
            restrict(key === 'iifname' || key === 'iif' ? 'sources' : 'destinations', negate ? EVERY_ADDRESS.subtract(set) : set, (a, b) => a.intersect(b));
            return;
        }
        throw new Doubt(NFTABLES_MODEL.notModeled('match', `meta ${key}`));
    }
    // `ct status dnat` and the other status bits (whether a connection was translated, confirmed …) depend on
    // NAT rules anywhere on the host, not only in this file: not modeled (off the list, below).
    if (left?.ct?.key === 'state') {
        const names = values.flatMap((v: Json) => Array.isArray(v) ? v : [v]).map(String);
        const unmodeled = names.filter(n => !Object.hasOwn(STATES, n));
        if (unmodeled.length) throw new Doubt(`ct state ${unmodeled.join(',')} is not modeled`);
        const states = new Set(names.flatMap(n => STATES[n]));
        restrict('states', new Set(negate ? EVERY_STATE.filter(s => !states.has(s)) : states), (a, b) => new Set([...a].filter(s => b.has(s))));
        return;
    }
    throw new Doubt(NFTABLES_MODEL.notModeled('match', side(left)));
}

function applyL4(draft: Draft, values: Json[], negate: boolean): void {
    const named = new Set(values.map(v => (v === 6 || v === '6' ? 'tcp' : v === 17 || v === '17' ? 'udp' : String(v))));
    const set = new Set((['tcp', 'udp'] as Transport[]).filter(p => named.has(p) !== negate));
    draft.protocols = draft.protocols ? new Set([...draft.protocols].filter(p => set.has(p))) : set;
}

/** The flag names of a flags value (`syn`, `["syn", "ack"]`, `{"|": ["syn", "ack"]}`). */
function flagNames(value: Json): string[] {
    if (typeof value === 'string') return [value];
    if (Array.isArray(value)) return value.flatMap(flagNames);
    if (value?.['|']) return value['|'].flatMap(flagNames);
    throw new Doubt(`tcp flags ${JSON.stringify(value)} is not modeled`);
}

/**
 * `tcp flags syn` (the flag set), `tcp flags & (fin|syn|rst|ack) == syn` (under a mask), `tcp
 * flags == syn` (all flags), and sets of such values: per state of a connection's packets.
 */
function applyFlags(draft: Draft, m: Json, elementsOfRight: (right: Json) => Json[]): void {
    const all = Object.keys(TCP_FLAG_NAMES.nftables);
    const masked = m.left['&'];
    const mask = masked ? flagNames(masked[1]) : all;
    // A list of flags is one value (`syn|ack`); a set is several.
    const outcomes = (Array.isArray(m.right) ? [m.right] : elementsOfRight(m.right)).map(v => {
        const comp = flagNames(v?.elem?.val ?? v);
        if (m.op === 'in' && !masked) {
            // The flags given are set (whatever the others): each alone under its own mask.
            const each = comp.map(f => tcpFlagsIn([f], [f], TCP_FLAG_NAMES.nftables));
            return each.reduce((acc, one) => {
                if (typeof acc === 'string' || typeof one === 'string') return typeof acc === 'string' ? acc : one;
                return Object.fromEntries(EVERY_STATE.map(s => [s, acc[s] === false || one[s] === false ? false : acc[s] === true && one[s] === true ? true : 'unknown'])) as typeof acc;
            });
        }
        return tcpFlagsIn(mask, comp, TCP_FLAG_NAMES.nftables);
    });
    const failed = outcomes.find(o => typeof o === 'string');
    if (typeof failed === 'string') throw new Doubt(failed);
    const either = (s: ConnectionState) => {
        const values = outcomes.map(o => (o as Record<ConnectionState, boolean | 'unknown'>)[s]);
        return values.includes(true) ? true : values.every(v => v === false) ? false : 'unknown';
    };
    const negate = m.op === '!=';
    draft.protocols = new Set([...(draft.protocols ?? ['tcp'])].filter(p => p === 'tcp'));
    const yes = EVERY_STATE.filter(s => either(s) !== 'unknown' && (either(s) === true) !== negate);
    const unsure = EVERY_STATE.filter(s => either(s) === 'unknown');
    draft.states = new Set([...(draft.states ?? EVERY_STATE)].filter(s => yes.includes(s) || unsure.includes(s)));
    if (unsure.length) doubt(draft, `'tcp flags ${m.op === 'in' ? '' : `${m.op} `}${side(m.right)}'${masked ? ` under the mask ${flagNames(masked[1]).join('|')}` : ''} on a connection's later packets (their FIN, RST, PSH and URG flags vary; a SYN may carry ECN flags)`, unsure);
}

/** `meta time < "2026-02-01 00:00:00"` (SegPlan's temporary rules): judged at the audit's instant. */
function applyTime(draft: Draft, op: string, right: Json, options: ImportOptions): void {
    const value = typeof right === 'number' ? right * 1000 : Date.parse(String(right).replace(' ', 'T') + (/[zZ]|[+-]\d\d:?\d\d$/.test(String(right)) ? '' : 'Z'));
    if (Number.isNaN(value)) throw new Doubt(`meta time ${op} ${JSON.stringify(right)} is not modeled`);
    // Asked as whether a rule holds until or from an instant (the audit's instants are whole milliseconds).
    const until = (end: number) => windowOfRule(options, undefined, boundAround(end, 0)) === 'active';
    const from = (start: number) => windowOfRule(options, boundAround(start, 0), undefined) === 'active';
    const holds = op === '<' ? until(Math.ceil(value)) : op === '<=' ? until(Math.floor(value) + 1)
        : op === '>' ? from(Math.floor(value) + 1) : op === '>=' ? from(Math.ceil(value)) : undefined;
    if (holds === undefined) throw new Doubt(`meta time ${op} is not modeled`);
    if (!holds) draft.never = true;
}
