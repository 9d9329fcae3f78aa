import { childProcess } from '../../utils/node-builtins.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AddressSet, parseAddress } from '../../model/addresses.js';
import { ALL_PORTS, portSetOf, subtractPorts, type PortRange, type PortSet } from '../../model/ports.js';
import type { ConfigLocation, ConnectionState, FirewallPolicy, PolicyChain, PolicyRule, RuleAction } from '../firewall-policy.js';
import { EVERY_ADDRESS, EVERY_IPV4, EVERY_IPV6, type Transport, type TrafficMatch } from '../traffic-space.js';
import { ConfigError, interfaceAddresses, type ConfigImporter, type ImportOptions } from './importer.js';

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

class Unknown extends Error { }

function addressOf(value: Json): AddressSet {
    if (value?.elem) return addressOf(value.elem.val);
    if (typeof value === 'string') {
        const parsed = parseAddress(value);
        if ('error' in parsed) throw new Unknown(`'${value}' is not an address`);
        return AddressSet.of([parsed.block]);
    }
    if (value?.prefix) return addressOf(`${value.prefix.addr}/${value.prefix.len}`);
    if (value?.range) return addressOf(`${value.range[0]}-${value.range[1]}`);
    throw new Unknown(`address ${JSON.stringify(value)} is not evaluated`);
}

function portsOf(value: Json): PortSet {
    if (value?.elem) return portsOf(value.elem.val);
    if (typeof value === 'number') return portSetOf([{ from: Math.max(1, value), to: value }]);
    if (typeof value === 'string' && /^\d+$/.test(value)) return portsOf(Number(value));
    if (value?.range) return portSetOf([{ from: Math.max(1, Number(value.range[0])), to: Number(value.range[1]) }]);
    throw new Unknown(`port ${JSON.stringify(value)} is not evaluated (a named service?)`);
}

interface Draft {
    sources?: AddressSet;
    destinations?: AddressSet;
    protocols?: Set<Transport>;
    sourcePorts?: PortSet;
    destinationPorts?: PortSet;
    states?: Set<ConnectionState>;
    never?: boolean;
}

const STATES: Record<string, ConnectionState[]> = { new: ['new'], established: ['established'], related: ['established'], invalid: [], untracked: [] };

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
    const bases: { key: string; prio: number; order: number }[] = [];
    const unevaluated: FirewallPolicy['unevaluated'][number][] = [];
    const families = new Set<'ipv4' | 'ipv6'>();
    const chainKey = (family: string, table: string, name: string) => `${family} ${table} ${name}`;
    for (const item of items) {
        if (item.set) sets.set(chainKey(item.set.family, item.set.table, item.set.name), { type: String(item.set.type), elements: item.set.elem ?? [] });
        if (item.map) sets.set(chainKey(item.map.family, item.map.table, item.map.name), { type: String(item.map.type), elements: item.map.elem ?? [], map: true });
    }
    for (const item of items) {
        const c = item.chain;
        if (!c || !['ip', 'ip6', 'inet'].includes(c.family)) continue;
        const key = chainKey(c.family, c.table, c.name);
        const location: ConfigLocation = { file: options.file, line: 0, text: `table ${c.family} ${c.table} chain ${c.name}${c.policy ? ` policy ${c.policy}` : ''}` };
        const base = c.type === 'filter' && c.hook === options.hook;
        chains.set(key, { name: key, rules: [], policy: c.hook ? { verdict: c.policy === 'drop' ? 'drop' : 'accept', location } : undefined });
        if (base) {
            bases.push({ key, prio: Number(c.prio ?? 0), order: bases.length });
            if (c.family !== 'ip6') families.add('ipv4');
            if (c.family !== 'ip') families.add('ipv6');
        }
    }
    for (const item of items) {
        const r = item.rule;
        if (!r || !['ip', 'ip6', 'inet'].includes(r.family)) continue;
        const chain = chains.get(chainKey(r.family, r.table, r.chain));
        if (!chain) continue;
        const known = source.lines.get(`${r.family} ${r.table} ${r.chain} ${r.handle}`);
        const text = known?.text ?? `table ${r.family} ${r.table} chain ${r.chain} handle ${r.handle}: ${describe(r)}`;
        const location: ConfigLocation = { file: options.file, line: known?.line ?? 0, text };
        const setElements = (ref: string) => {
            const s = sets.get(chainKey(r.family, r.table, ref.slice(1)));
            if (!s) throw new Unknown(`set ${ref} is not defined`);
            return s.elements;
        };
        for (const rule of rulesOf(r, r.family, options, setElements, location)) {
            chain.rules.push(rule);
            if (rule.unknown) unevaluated.push({ line: location.line, text, why: rule.unknown });
        }
    }
    const entry = bases.sort((a, b) => a.prio - b.prio || a.order - b.order).map(b => b.key);
    if (entry.length === 0) families.add('ipv4').add('ipv6'); // no base chain on the hook: nothing filtered
    return { kind: 'nftables', chains, entry, unevaluated, families };
}

/** One nft rule as policy rules: one, or one per key of a verdict map. */
function rulesOf(r: Json, family: string, options: ImportOptions, setElements: (ref: string) => Json[], location: ConfigLocation): PolicyRule[] {
    const universe = universeFor(family);
    const draft: Draft = {};
    let action: RuleAction = { kind: 'continue' };
    let unknown: string | undefined;
    let vmap: { key: Json; entries: [Json, Json][] } | undefined;
    const elementsOf = (right: Json): Json[] => {
        if (typeof right === 'string' && right.startsWith('@')) return setElements(right);
        if (right?.set !== undefined) return Array.isArray(right.set) ? right.set : [right.set];
        if (Array.isArray(right)) return right;
        return [right];
    };
    for (const e of r.expr ?? []) {
        const [kind, body] = (Object.entries(e)[0] ?? []) as [string, Json];
        try {
            switch (kind) {
                case 'match': applyMatch(draft, body, universe, options, elementsOf); break;
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
                case 'counter': case 'log': case 'comment': case 'mangle': case 'notrack': case 'meta': case 'nat': case 'snat': case 'dnat': case 'masquerade': break;
                default: throw new Unknown(`'${kind}' is not evaluated`);
            }
        } catch (error) {
            if (!(error instanceof Unknown)) throw error;
            unknown ??= error.message;
        }
    }
    if (draft.never) return [];
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
    const restrict = <K extends keyof Draft>(key: K, value: NonNullable<Draft[K]>, intersect: (a: NonNullable<Draft[K]>, b: NonNullable<Draft[K]>) => NonNullable<Draft[K]>) => {
        const current = draft[key] as NonNullable<Draft[K]> | undefined;
        draft[key] = (current === undefined ? value : intersect(current, value)) as Draft[K];
    };
    if (left?.payload) {
        const { protocol, field } = left.payload;
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

/**
 * Where each rule of a ruleset text is written, by position: nft keeps the order of the rules of
 * a chain, so the n-th rule listed with its handle is the n-th rule line of that chain in the file.
 */
function ruleLines(text: string, listing: Json): Map<string, { line: number; text: string }> {
    const inFile = new Map<string, { line: number; text: string }[]>();
    let family = '', table = '', chain = '';
    text.split(/\r?\n/).forEach((raw, i) => {
        const line = raw.replace(/#.*$/, '').trim();
        let m: RegExpExecArray | null;
        if ((m = /^table\s+(?:(ip6?|inet|arp|bridge|netdev)\s+)?(\S+)\s*\{?$/.exec(line))) { family = m[1] ?? 'ip'; table = m[2]; chain = ''; return; }
        if ((m = /^chain\s+(\S+)\s*\{?$/.exec(line))) { chain = m[1]; return; }
        if (!chain || !line || line === '}' || /^(type|policy|set|map|flags|elements|comment|devices)\b/.test(line)) return;
        const key = `${family} ${table} ${chain}`;
        const list = inFile.get(key) ?? [];
        list.push({ line: i + 1, text: line });
        inFile.set(key, list);
    });
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

/** Lets nft read ruleset text: loaded into a private network namespace, listed back as JSON. */
function nftJsonOfText(text: string, file: string): Json {
    const ns = `segplan-audit-${process.pid}-${Date.now().toString(36)}`;
    const dir = mkdtempSync(path.join(tmpdir(), 'segplan-audit-'));
    const rules = path.join(dir, 'ruleset.nft');
    writeFileSync(rules, text.replace(/^\s*flush\s+ruleset\s*$/m, ''));
    try {
        try {
            childProcess().execFileSync('ip', ['netns', 'add', ns], { stdio: 'pipe' });
        } catch {
            throw new ConfigError(`Reading nftables ruleset text needs nft, iproute2 and root (nft loads ${file} into a private network namespace). Give \`nft -j list ruleset\` output instead.`);
        }
        try {
            childProcess().execFileSync('ip', ['netns', 'exec', ns, 'nft', '-f', rules], { stdio: 'pipe', env: { ...process.env, TZ: 'UTC' } });
        } catch (error) {
            const message = String((error as { stderr?: Buffer }).stderr ?? error).replaceAll(rules, file).trim();
            throw new ConfigError(`nft cannot read ${file}: ${message}`);
        }
        // TZ=UTC: nft lists `meta time` dates in the local time zone of the listing process.
        return JSON.parse(childProcess().execFileSync('ip', ['netns', 'exec', ns, 'nft', '-j', '-a', 'list', 'ruleset'], { stdio: 'pipe', env: { ...process.env, TZ: 'UTC' } }).toString());
    } finally {
        try { childProcess().execFileSync('ip', ['netns', 'delete', ns], { stdio: 'pipe' }); } catch { /* never added */ }
        rmSync(dir, { recursive: true, force: true });
    }
}

export const nftablesImporter: ConfigImporter = {
    id: 'nftables',
    label: 'nftables',
    detail: 'nft -j list ruleset JSON, or the ruleset text',
    detect: text => /^\s*\{\s*"nftables"\s*:/.test(text) || /^\s*(flush ruleset|table\s+(ip6?|inet)\s+\S+\s*\{)/m.test(text),
    import(text: string, options: ImportOptions): FirewallPolicy {
        if (/^\s*\{/.test(text)) {
            let json: Json;
            try {
                json = JSON.parse(text);
            } catch (error) {
                throw new ConfigError(`${options.file} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
            }
            return policyFromNftJson({ json, lines: new Map() }, options);
        }
        const json = nftJsonOfText(text, options.file);
        return policyFromNftJson({ json, lines: ruleLines(text, json) }, options);
    }
};
