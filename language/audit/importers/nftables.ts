import { childProcess } from '../../utils/node-builtins.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AddressSet, parseAddress } from '../../network/addresses.js';
import { ALL_PORTS, portSetOf, subtractPorts, type PortRange, type PortSet } from '../../network/ports.js';
import type { ConfigLocation, ConnectionState, FirewallPolicy, PolicyChain, PolicyRule, RuleAction } from '../firewall-policy.js';
import { EVERY_ADDRESS, EVERY_IPV4, EVERY_IPV6, type Transport, type TrafficMatch } from '../traffic-space.js';
import { ConfigError, interfaceAddresses, type ConfigImporter, type ImportOptions, type MatchDraft } from './importer.js';
import { refuseDeepNesting } from './json-config.js';

/**
 * nftables, read the way nft itself reads it: `nft -j list ruleset` JSON directly; ruleset text is
 * loaded by nft into a private network namespace and listed back as JSON (nft is the parser). The
 * base chains of type filter on the hook (forward for a router, input for a host) are evaluated in
 * priority order; rules match on addresses (ip/ip6 saddr/daddr, named and anonymous sets,
 * prefixes, ranges), ports (tcp/udp/th dport/sport), `meta l4proto`, `ct state`, interface names
 * (through the interface map) and `meta time`; verdict maps decide per key. Anything else makes
 * the rule "unknown", with its text.
 */

type Json = any; // eslint-disable-line @typescript-eslint/no-explicit-any

interface NamedSet { readonly type: string; readonly elements: Json[]; readonly map?: boolean }

const L4 = new Set(['tcp', 'udp']);
/** The families whose chains see routed IP packets (bridge and arp tables do not). */
const FAMILIES = new Set(['ip', 'ip6', 'inet', 'netdev']);
/** The hooks a packet passes, in the kernel's order: to another zone (forward) or to the host itself (input). */
const HOOK_ORDER: Record<ImportOptions['hook'], readonly string[]> = {
    forward: ['ingress', 'prerouting', 'forward', 'postrouting'],
    input: ['ingress', 'prerouting', 'input']
};
/** The hooks a host's replies pass: they leave the host itself (output), never through input. A routed packet's replies pass the forward hooks again. */
const REPLY_HOOK_ORDER: Partial<Record<ImportOptions['hook'], readonly string[]>> = {
    input: ['output', 'postrouting']
};

class Unknown extends Error { }

/** `::ffff:10.0.0.1` as nft lists it, in hex groups: an IPv6 address like any other to the kernel (SegPlan's parser asks a plan to write the IPv4 address). */
function hexTail(text: string): string {
    const m = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)(\/\d+)?$/.exec(text);
    if (!m || [m[2], m[3], m[4], m[5]].some(x => Number(x) > 255)) return text;
    const [a, b, c, d] = [m[2], m[3], m[4], m[5]].map(Number);
    return `${m[1]}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}${m[6] ?? ''}`;
}

function addressOf(value: Json): AddressSet {
    if (value?.elem) return addressOf(value.elem.val);
    if (typeof value === 'string') {
        const parsed = parseAddress(value.includes(':') ? hexTail(value) : value);
        if ('error' in parsed) throw new Unknown(`'${value}' is not an address`);
        return AddressSet.of([parsed.block]);
    }
    if (value?.prefix) return addressOf(`${value.prefix.addr}/${value.prefix.len}`);
    if (value?.range) return addressOf(`${hexTail(String(value.range[0]))}-${hexTail(String(value.range[1]))}`);
    throw new Unknown(`address ${JSON.stringify(value)} is not evaluated`);
}

function portsOf(value: Json): PortSet {
    if (value?.elem) return portsOf(value.elem.val);
    if (typeof value === 'number') return portSetOf([{ from: Math.max(1, value), to: value }]);
    if (typeof value === 'string' && /^\d+$/.test(value)) return portsOf(Number(value));
    if (value?.range) return portSetOf([{ from: Math.max(1, Number(value.range[0])), to: Number(value.range[1]) }]);
    throw new Unknown(`port ${JSON.stringify(value)} is not evaluated (a named service?)`);
}

interface Draft extends MatchDraft {
    /** A condition that never holds (a time window that is over, an impossible match): the rule matches nothing. */
    never?: boolean;
}

/** As in iptables-save.ts: `related` is a state of its own, never a connection's replies. */
const STATES: Record<string, ConnectionState[]> = { new: ['new'], established: ['established'], related: [], invalid: [], untracked: [] };

/** A rule as a person reads it, for reports (the JSON has no line of its own). */
function describe(rule: Json): string {
    const parts = (rule.expr ?? []).map((e: Json) => {
        const [key, body] = (Object.entries(e)[0] ?? []) as [string, Json];
        if (key === 'match') return `${side(body.left)} ${body.op === '==' || body.op === 'in' ? '' : `${body.op} `}${side(body.right)}`;
        if (key === 'vmap') return `${side(body.key)} vmap ${side(body.data)}`;
        if (key === 'jump' || key === 'goto') return `${key} ${body.target}`;
        return key;
    });
    return parts.join(' ').replace(/\s+/g, ' ').trim();
}

function side(x: Json): string {
    if (x === null || x === undefined) return '';
    if (typeof x !== 'object') return String(x);
    if (Array.isArray(x)) return `{ ${x.map(side).join(', ')} }`;
    if (x.payload) return `${x.payload.protocol} ${x.payload.field}`;
    if (x.meta) return `meta ${x.meta.key}`;
    if (x.ct) return `ct ${x.ct.key}`;
    if (x.prefix) return `${x.prefix.addr}/${x.prefix.len}`;
    if (x.range) return `${x.range[0]}-${x.range[1]}`;
    if (x.set) return `{ ${(Array.isArray(x.set) ? x.set : [x.set]).map(side).join(', ')} }`;
    const [k, v] = Object.entries(x)[0] as [string, Json];
    return v === null ? k : `${k} ${side(v)}`;
}

export interface NftImport {
    readonly json: Json;
    /** `family table chain handle` → line in the text the user gave, when known. */
    readonly lines: ReadonlyMap<string, { line: number; text: string }>;
}

function universeFor(family: string): AddressSet {
    return family === 'ip' ? EVERY_IPV4 : family === 'ip6' ? EVERY_IPV6 : EVERY_ADDRESS;
}

/** Builds the policy from nft's JSON. */
export function policyFromNftJson(source: NftImport, options: ImportOptions): FirewallPolicy {
    const items: Json[] = source.json?.nftables;
    if (!Array.isArray(items)) throw new ConfigError(`${options.file} is not nft JSON: no "nftables" array`);
    const sets = new Map<string, NamedSet>();
    const chains = new Map<string, { name: string; rules: PolicyRule[]; policy?: PolicyChain['policy'] }>();
    const bases: { key: string; hook: number; prio: number; order: number; nat: boolean; reply: boolean }[] = [];
    const unevaluated: FirewallPolicy['unevaluated'][number][] = [];
    const families = new Set<'ipv4' | 'ipv6'>();
    const chainKey = (family: string, table: string, name: string) => `${family} ${table} ${name}`;
    for (const item of items) {
        if (item.set) sets.set(chainKey(item.set.family, item.set.table, item.set.name), { type: String(item.set.type), elements: item.set.elem ?? [] });
        if (item.map) sets.set(chainKey(item.map.family, item.map.table, item.map.name), { type: String(item.map.type), elements: item.map.elem ?? [], map: true });
    }
    for (const item of items) {
        const c = item.chain;
        if (!c || !FAMILIES.has(c.family)) continue;
        const key = chainKey(c.family, c.table, c.name);
        const location: ConfigLocation = { file: options.file, line: 0, text: `table ${c.family} ${c.table} chain ${c.name}${c.hook ? ` (${c.type} hook ${c.hook} priority ${c.prio ?? 0})` : ''}${c.policy ? ` policy ${c.policy}` : ''}` };
        const replyOrder = REPLY_HOOK_ORDER[options.hook]?.indexOf(c.hook) ?? -1;
        const reply = replyOrder >= 0;
        const order = reply ? replyOrder : HOOK_ORDER[options.hook].indexOf(c.hook);
        const rules: PolicyRule[] = [];
        chains.set(key, { name: key, rules, policy: c.hook ? { verdict: c.policy === 'drop' ? 'drop' : 'accept', location } : undefined });
        // Every base chain a packet passes decides (filter and nat types; a route chain, on output only, filters as well).
        if (order < 0 || (c.type !== 'filter' && c.type !== 'nat' && !(c.type === 'route' && c.hook === 'output')) || c.family === 'netdev' && c.hook !== 'ingress') continue;
        // A chain of an ip (ip6) table sees IPv4 (IPv6) packets only: the other family passes it untouched.
        if (c.family === 'ip' || c.family === 'ip6') {
            rules.push({ match: { sources: c.family === 'ip' ? EVERY_IPV6 : EVERY_IPV4 }, action: { kind: 'accept' }, location: { ...location, text: `${location.text}: sees ${c.family === 'ip' ? 'IPv4' : 'IPv6'} packets only` } });
        }
        if (c.hook === 'ingress') {
            // An ingress chain sees the packets that arrive on its devices only.
            const devices: string[] = c.dev === undefined ? [] : Array.isArray(c.dev) ? c.dev.map(String) : [String(c.dev)];
            const behind = devices.map(d => interfaceAddresses(d, options.interfaces));
            if (devices.length > 0 && behind.every(b => b !== undefined)) {
                const own = behind.reduce((u: AddressSet, b) => u.union(b!), AddressSet.EMPTY);
                rules.push({ match: { sources: EVERY_ADDRESS.subtract(own) }, action: { kind: 'accept' }, location: { ...location, text: `${location.text}: not arriving on ${devices.join(', ')}` } });
            } else {
                rules.push({ match: {}, action: { kind: 'accept' }, location, unknown: devices.length > 0
                    ? `ingress chain ${c.name} filters what arrives on ${devices.join(', ')}, which is not mapped to a zone (use --map <zone>=${devices[0]})`
                    : `ingress chain ${c.name}: nft does not list the device it is bound to, so the audit cannot tell which packets it sees` });
            }
        }
        bases.push({ key, hook: order, prio: Number(c.prio ?? 0), order: bases.length, nat: c.type === 'nat', reply });
        if (reply) continue;
        if (c.family !== 'ip6') families.add('ipv4');
        if (c.family !== 'ip') families.add('ipv6');
    }
    for (const item of items) {
        const r = item.rule;
        if (!r || !FAMILIES.has(r.family)) continue;
        const key = chainKey(r.family, r.table, r.chain);
        const chain = chains.get(key);
        if (!chain) continue;
        const known = source.lines.get(`${r.family} ${r.table} ${r.chain} ${r.handle}`);
        const text = known?.text ?? `table ${r.family} ${r.table} chain ${r.chain} handle ${r.handle}: ${describe(r)}`;
        const location: ConfigLocation = { file: options.file, line: known?.line ?? 0, text };
        const setElements = (ref: string) => {
            const s = sets.get(chainKey(r.family, r.table, ref.slice(1)));
            if (!s) throw new Unknown(`set ${ref} is not defined`);
            return s.elements;
        };
        // A nat chain sees the first packet of a connection only.
        const nat = bases.find(b => b.key === key)?.nat;
        for (const rule of rulesOf(r, r.family, options, setElements, location)) {
            chain.rules.push(nat ? { ...rule, states: new Set([...(rule.states ?? ['new'])].filter(s => s === 'new')) } : rule);
            if (rule.unknown) unevaluated.push({ line: location.line, text, why: rule.unknown });
        }
    }
    const ordered = bases.sort((a, b) => a.hook - b.hook || a.prio - b.prio || a.order - b.order);
    const entry = ordered.filter(b => !b.reply).map(b => b.key);
    if (entry.length === 0) families.add('ipv4').add('ipv6'); // no base chain on the way: nothing filtered
    const replyEntry = REPLY_HOOK_ORDER[options.hook] ? ordered.filter(b => b.reply).map(b => b.key) : undefined;
    return { kind: 'nftables', chains, entry, replyEntry, unevaluated, families };
}

/** One nft rule as policy rules: one, or one per key of a verdict map. */
function rulesOf(r: Json, family: string, options: ImportOptions, setElements: (ref: string) => Json[], location: ConfigLocation): PolicyRule[] {
    const universe = universeFor(family);
    const draft: Draft = {};
    let action: RuleAction = { kind: 'continue' };
    let unknown: string | undefined;
    let vmap: { key: Json; entries: [Json, Json][] } | undefined;
    /** A concatenated match against several elements (`ip saddr . tcp dport @allowed`): the rule matches each element's combination. */
    let alternatives: Draft[] | undefined;
    const elementsOf = (right: Json): Json[] => {
        if (typeof right === 'string' && right.startsWith('@')) return setElements(right);
        if (right?.set !== undefined) return Array.isArray(right.set) ? right.set : [right.set];
        if (Array.isArray(right)) return right;
        return [right];
    };
    for (const e of r.expr ?? []) {
        const [kind, body] = (typeof e === 'object' && e !== null ? Object.entries(e)[0] ?? [] : []) as [string, Json];
        try {
            // nft lists a chain bound to a rule (`jump { … }`) as its text, not as JSON.
            if (typeof e === 'string') throw new Unknown(`'${e.split('\n')[0].trim()} … }' jumps to a chain written inside the rule, which nft does not list as JSON: its rules are not evaluated`);
            switch (kind) {
                case 'match':
                    if (body.left?.concat && body.op !== '!=' && elementsOf(body.right).length !== 1) {
                        if (alternatives) throw new Unknown('two concatenated matches in one rule are not evaluated');
                        alternatives = elementsOf(body.right).map(element => {
                            const alternative: Draft = {};
                            applyMatch(alternative, { op: '==', left: body.left, right: element }, universe, options, x => [x]);
                            return alternative;
                        });
                    } else applyMatch(draft, body, universe, options, elementsOf);
                    break;
                case 'accept': action = { kind: 'accept' }; break;
                case 'drop': case 'reject': action = { kind: 'drop' }; break;
                case 'return': action = { kind: 'return' }; break;
                case 'continue': action = { kind: 'continue' }; break;
                case 'jump': case 'goto': action = { kind, chain: `${family} ${r.table} ${body.target}` }; break;
                case 'vmap': {
                    const data = body.data;
                    const entries = typeof data === 'string' ? setElements(data) : elementsOf(data);
                    vmap = { key: body.key, entries: entries.map((x: Json) => (Array.isArray(x) ? x : x?.elem ?? x) as [Json, Json]) };
                    break;
                }
                case 'counter': case 'log': case 'comment': case 'mangle': case 'meta': case 'snat': case 'masquerade': case 'limit': case 'quota': case 'set':
                    // These change or count the packet, and the next statement decides (limit and quota may stop the rule: below).
                    if (kind === 'limit' || kind === 'quota') throw new Unknown(`'${kind}' matches only some packets: not evaluated`);
                    break;
                case 'dnat': case 'redirect': case 'tproxy':
                    throw new Unknown(`'${kind}' changes the packet's destination before filtering, so later rules see another address or port`);
                case 'notrack':
                    throw new Unknown('notrack: these packets are not tracked, so their connection state (new, established) is not what later rules see');
                default: throw new Unknown(`'${kind}' is not evaluated`);
            }
        } catch (error) {
            if (!(error instanceof Unknown)) throw error;
            unknown ??= error.message;
        }
    }
    if (draft.never) return [];
    // A rule on ICMP (or another protocol that is not TCP or UDP) touches no flow the audit asks about, known or not.
    if (draft.protocols?.size === 0) return [];
    if (alternatives) {
        if (vmap) return [{ match: {}, states: draft.states, unknown: unknown ?? 'a concatenated match with a verdict map is not evaluated', action, location }];
        return alternatives.map(intersectDraft.bind(undefined, draft)).filter(d => d.protocols?.size !== 0).map(d => ({
            match: { protocols: d.protocols, sources: d.sources, destinations: d.destinations, sourcePorts: d.sourcePorts, destinationPorts: d.destinationPorts },
            states: d.states, unknown, action, location
        }));
    }
    const base = (extra: Partial<Draft> = {}): TrafficMatch => {
        const d = { ...draft, ...extra };
        return { protocols: d.protocols, sources: d.sources, destinations: d.destinations, sourcePorts: d.sourcePorts, destinationPorts: d.destinationPorts };
    };
    if (!vmap) return [{ match: base(), states: draft.states, unknown, action, location }];
    // A verdict map decides per key: one rule per entry, in the map's order (keys do not overlap).
    const out: PolicyRule[] = [];
    for (const [key, verdict] of vmap.entries) {
        const extra: Draft = {};
        try {
            applyMatch(extra, { op: '==', left: vmap.key, right: key }, universe, options, x => [x]);
        } catch (error) {
            if (!(error instanceof Unknown)) throw error;
            out.push({ match: base(), states: draft.states, unknown: unknown ?? error.message, action: { kind: 'continue' }, location });
            continue;
        }
        const [vk, vb] = Object.entries(verdict ?? {})[0] ?? [];
        const a: RuleAction = vk === 'accept' ? { kind: 'accept' } : vk === 'drop' || vk === 'reject' ? { kind: 'drop' } : vk === 'return' ? { kind: 'return' }
            : vk === 'jump' || vk === 'goto' ? { kind: vk, chain: `${family} ${r.table} ${(vb as Json).target}` } : { kind: 'continue' };
        const merged = intersectDraft(draft, extra);
        out.push({ match: { protocols: merged.protocols, sources: merged.sources, destinations: merged.destinations, sourcePorts: merged.sourcePorts, destinationPorts: merged.destinationPorts }, states: merged.states ?? draft.states, unknown, action: a, location });
    }
    return out;
}

function intersectDraft(a: Draft, b: Draft): Draft {
    const both = <T>(x: T | undefined, y: T | undefined, f: (x: T, y: T) => T) => (x === undefined ? y : y === undefined ? x : f(x, y));
    return {
        sources: both(a.sources, b.sources, (x, y) => x.intersect(y)),
        destinations: both(a.destinations, b.destinations, (x, y) => x.intersect(y)),
        protocols: both(a.protocols, b.protocols, (x, y) => new Set([...x].filter(p => y.has(p)))),
        sourcePorts: both(a.sourcePorts, b.sourcePorts, (x, y) => subtractPorts(x, subtractPorts(x, y))),
        destinationPorts: both(a.destinationPorts, b.destinationPorts, (x, y) => subtractPorts(x, subtractPorts(x, y))),
        states: both(a.states, b.states, (x, y) => new Set([...x].filter(s => y.has(s))))
    };
}

function applyMatch(draft: Draft, m: Json, universe: AddressSet, options: ImportOptions, elementsOf: (right: Json) => Json[]): void {
    const op: string = m.op;
    const negate = op === '!=';
    if (!['==', '!=', 'in'].includes(op)) {
        if (m.left?.meta?.key === 'time') return applyTime(draft, op, m.right, options);
        throw new Unknown(`comparison '${op}' is not evaluated`);
    }
    const left = m.left;
    const values = elementsOf(m.right);
    if (left?.concat) {
        const element = values.length === 1 ? values[0]?.elem?.val ?? values[0] : undefined;
        if (negate || !Array.isArray(element?.concat) || element.concat.length !== left.concat.length) throw new Unknown(`match on ${side(left)} is not evaluated`);
        left.concat.forEach((part: Json, i: number) => applyMatch(draft, { op: '==', left: part, right: element.concat[i] }, universe, options, x => [x]));
        return;
    }
    const restrict = <K extends keyof Draft>(key: K, value: NonNullable<Draft[K]>, intersect: (a: NonNullable<Draft[K]>, b: NonNullable<Draft[K]>) => NonNullable<Draft[K]>) => {
        const current = draft[key] as NonNullable<Draft[K]> | undefined;
        draft[key] = (current === undefined ? value : intersect(current, value)) as Draft[K];
    };
    if (left?.payload) {
        const { protocol, field } = left.payload;
        // A header of one family matches that family only, evaluated or not: an IPv6-only condition leaves IPv4 alone.
        const family = ['ip', 'icmp', 'igmp'].includes(protocol) ? EVERY_IPV4 : ['ip6', 'icmpv6'].includes(protocol) ? EVERY_IPV6 : undefined;
        if (family) restrict('sources', family, (a, b) => a.intersect(b));
        if ((protocol === 'ip' || protocol === 'ip6') && (field === 'saddr' || field === 'daddr')) {
            const set = values.reduce((s: AddressSet, v: Json) => s.union(addressOf(v)), AddressSet.EMPTY);
            const family = protocol === 'ip' ? EVERY_IPV4 : EVERY_IPV6;
            const value = (negate ? family.subtract(set) : set);
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
        // A match on an ICMP header implies ICMP: it matches no TCP or UDP connection.
        if (['icmp', 'icmpv6', 'igmp', 'sctp', 'dccp', 'esp', 'ah'].includes(protocol)) {
            draft.protocols = new Set();
            return;
        }
        throw new Unknown(`${protocol} ${field} is not evaluated`);
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
                const addresses = interfaceAddresses(String(v), options.interfaces);
                if (!addresses) throw new Unknown(`interface ${v} is not mapped to a zone (use --map <zone>=${v})`);
                set = set.union(addresses);
            }
            restrict(key === 'iifname' || key === 'iif' ? 'sources' : 'destinations', negate ? EVERY_ADDRESS.subtract(set) : set, (a, b) => a.intersect(b));
            return;
        }
        throw new Unknown(`meta ${key} is not evaluated`);
    }
    // A connection whose destination was translated (`ct status dnat`): the audit makes every translation
    // in the file unknown at the rule that makes it, so a packet it decides has none.
    if (left?.ct?.key === 'status' && values.length > 0 && values.every((v: Json) => v === 'dnat')) {
        if (!negate) draft.never = true;
        return;
    }
    if (left?.ct?.key === 'state') {
        const states = new Set(values.flatMap((v: Json) => STATES[String(v)] ?? []));
        const value = negate ? new Set((['new', 'established'] as ConnectionState[]).filter(s => !states.has(s))) : states;
        restrict('states', value, (a, b) => new Set([...a].filter(s => b.has(s))));
        return;
    }
    throw new Unknown(`match on ${side(left)} is not evaluated`);
}

function applyL4(draft: Draft, values: Json[], negate: boolean): void {
    const named = new Set(values.map(v => (v === 6 || v === '6' ? 'tcp' : v === 17 || v === '17' ? 'udp' : String(v))));
    const set = new Set((['tcp', 'udp'] as Transport[]).filter(p => named.has(p) !== negate));
    draft.protocols = draft.protocols ? new Set([...draft.protocols].filter(p => set.has(p))) : set;
}

/** `meta time < "2026-02-01 00:00:00"` (SegPlan's temporary rules): judged at the audit's instant. */
function applyTime(draft: Draft, op: string, right: Json, options: ImportOptions): void {
    const value = typeof right === 'number' ? right * 1000 : Date.parse(String(right).replace(' ', 'T') + (/[zZ]|[+-]\d\d:?\d\d$/.test(String(right)) ? '' : 'Z'));
    if (Number.isNaN(value)) throw new Unknown(`meta time ${op} ${JSON.stringify(right)} is not evaluated`);
    const now = options.now.getTime();
    const holds = op === '<' ? now < value : op === '<=' ? now <= value : op === '>' ? now > value : op === '>=' ? now >= value : undefined;
    if (holds === undefined) throw new Unknown(`meta time ${op} is not evaluated`);
    if (!holds) draft.never = true;
}

/** A rule statement of a ruleset text, where it starts and as written (a rule over several lines is one). */
interface WrittenRule { readonly line: number; readonly text: string }

/**
 * The rule statements of each chain of a ruleset text, in order, read the way nft splits them:
 * statements end at a newline or `;` outside braces, `\` continues a line, `#` starts a comment
 * outside quotes, and blocks (table, chain, set …) nest. A statement that asks nft to read another
 * file (`include`) is refused: the audit reads the file it is given.
 */
function writtenRules(text: string, file: string): Map<string, WrittenRule[]> {
    const rules = new Map<string, WrittenRule[]>();
    const blocks: { kind: 'table' | 'chain' | 'other'; name: string; family?: string }[] = [];
    let statement = '', start = 0, depth = 0, line = 1, quoted = false;
    const where = () => {
        const table = blocks.find(b => b.kind === 'table'), chain = blocks[blocks.length - 1];
        return table && chain?.kind === 'chain' && blocks.length === 2 ? `${table.family} ${table.name} ${chain.name}` : undefined;
    };
    const flush = () => {
        const written = statement.replace(/\s+/g, ' ').trim();
        statement = '';
        if (!written) return;
        if (/^include\b/.test(written)) throw new ConfigError(`${file} line ${start}: '${written.slice(0, 120)}' asks nft to read another file; the audit reads only the file it is given. Give the whole ruleset as \`nft list ruleset\` prints it.`, start);
        const key = where();
        if (!key || /^(type|policy|comment|devices|device|priority|flags)\b/.test(written)) return;
        rules.set(key, [...(rules.get(key) ?? []), { line: start, text: written }]);
    };
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (c === '\n') line++;
        if (quoted) { statement += c; if (c === '"') quoted = false; continue; }
        if (c === '"') { quoted = true; statement += c; continue; }
        if (c === '#') { while (i + 1 < text.length && text[i + 1] !== '\n') i++; continue; }
        if (c === '\\' && /^\r?\n/.test(text.slice(i + 1, i + 3))) {
            i += text[i + 1] === '\r' ? 2 : 1;
            line++;
            statement += ' ';
            continue;
        }
        if (c === '{' && depth === 0) {
            const header = statement.replace(/\s+/g, ' ').trim();
            const table = /^table (?:(ip6?|inet|arp|bridge|netdev) )?(\S+)$/.exec(header), chain = /^chain (\S+)$/.exec(header);
            if (table || chain || /^(set|map|flowtable|counter|quota|limit|ct|secmark|synproxy) /.test(header) && blocks.length === 1) {
                blocks.push(table ? { kind: 'table', family: table[1] ?? 'ip', name: table[2] } : chain ? { kind: 'chain', name: chain[1] } : { kind: 'other', name: header });
                statement = '';
                continue;
            }
        }
        if (c === '{') depth++;
        if (c === '}') {
            if (depth === 0) { flush(); blocks.pop(); continue; }
            depth--;
        }
        if ((c === '\n' || c === ';') && depth === 0) { flush(); continue; }
        if (!statement.trim() && /\S/.test(c)) start = line;
        statement += c === '\n' || c === '\r' ? ' ' : c;
    }
    flush();
    return rules;
}

/**
 * Where each rule of a ruleset text is written, by position: nft keeps the order of the rules of
 * a chain, so the n-th rule listed with its handle is the n-th rule statement of that chain in the file.
 */
function ruleLines(inFile: Map<string, WrittenRule[]>, listing: Json): Map<string, { line: number; text: string }> {
    const result = new Map<string, { line: number; text: string }>();
    const seen = new Map<string, number>();
    for (const item of listing?.nftables ?? []) {
        const r = item.rule;
        if (!r) continue;
        const key = `${r.family} ${r.table} ${r.chain}`;
        const n = seen.get(key) ?? 0;
        seen.set(key, n + 1);
        const at = inFile.get(key)?.[n];
        if (at) result.set(`${key} ${r.handle}`, at);
    }
    return result;
}

/** Exit status of the loader when nft refuses the ruleset (its message is on stderr). */
const NFT_REFUSED = 97;

/**
 * Lets nft read ruleset text: loaded into a network namespace of its own (unshare: it ends with
 * the process, so nothing is left behind when the audit is stopped), listed back as JSON.
 */
function nftJsonOfText(text: string, file: string): Json {
    const dir = mkdtempSync(path.join(tmpdir(), 'segplan-audit-'));
    const rules = path.join(dir, 'ruleset.nft');
    // Only the words go: the lines stay where they are, so nft's line numbers are the file's.
    writeFileSync(rules, text.replace(/^[ \t]*flush[ \t]+ruleset[ \t]*;?[ \t]*$/gm, ''));
    try {
        // TZ=UTC: nft lists `meta time` dates in the local time zone of the listing process.
        return JSON.parse(childProcess().execFileSync('unshare', ['--net', '--', 'sh', '-c', `nft -f "$1" || exit ${NFT_REFUSED}; exec nft -j -a list ruleset`, 'sh', rules],
            { stdio: 'pipe', env: { ...process.env, TZ: 'UTC' }, timeout: 120_000, maxBuffer: 512 * 1024 * 1024 }).toString());
    } catch (error) {
        const failure = error as { status?: number; stderr?: Buffer; signal?: string };
        if (failure.status === NFT_REFUSED) {
            const message = String(failure.stderr ?? '').replaceAll(rules, file).trim();
            // nft names the place as file:line:columns; the first is where the refusal starts.
            const line = new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:(\\d+):`, 'm').exec(message)?.[1];
            throw new ConfigError(`nft cannot read ${file}${line ? ` (line ${line})` : ''}: ${message}`, line ? Number(line) : undefined);
        }
        if (failure.signal) throw new ConfigError(`nft did not finish reading ${file} in two minutes`);
        throw new ConfigError(`Reading nftables ruleset text needs nft, unshare and root (nft loads ${file} into a network namespace of its own). Give \`nft -j list ruleset\` output instead.`);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}

export const nftablesImporter: ConfigImporter = {
    id: 'nftables',
    label: 'nftables',
    detail: 'nft -j list ruleset JSON, or the ruleset text',
    detect: text => /^\uFEFF?\s*\{\s*"nftables"\s*:/.test(text) || /^\s*(flush ruleset|table\s+((ip6?|inet|netdev)\s+)?[\w.-]+\s*\{)/m.test(text),
    import(text: string, options: ImportOptions): FirewallPolicy {
        // A byte order mark (some editors and PowerShell write one) is not part of the JSON.
        text = text.replace(/^\uFEFF/, '');
        if (/^\s*\{/.test(text)) {
            let json: Json;
            refuseDeepNesting(text, options.file, 'nft -j list ruleset output');
            try {
                json = JSON.parse(text);
            } catch (error) {
                throw new ConfigError(`${options.file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
            }
            return policyFromNftJson({ json, lines: new Map() }, options);
        }
        const written = writtenRules(text, options.file);
        const json = nftJsonOfText(text, options.file);
        return policyFromNftJson({ json, lines: ruleLines(written, json) }, options);
    }
};
