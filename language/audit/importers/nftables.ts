import { AddressSet } from '../../network/addresses.js';
import { EVERY_STATE, type ConfigLocation, type FirewallPolicy, type PolicyChain, type PolicyRule } from '../firewall-policy.js';
import { EVERY_ADDRESS, EVERY_IPV4, EVERY_IPV6 } from '../traffic-space.js';
import { ConfigError, interfaceAddresses, type ConfigImporter, type ImportOptions } from './importer.js';
import { refuseDeepNesting } from './json-config.js';
import { hostBitWarnings, type LineWarning } from './masked-address.js';
import { nftJsonOfText } from './nft-ruleset-text.node.js';
import { rulesOf, side } from './nftables-rule.js';
import { hostNameSetNames, nftHostNameSet } from '../../emit/host-name-sets.js';

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

export interface NftImport {
    readonly json: Json;
    /** `family table chain handle` → line in the text the user gave, when known. */
    readonly lines: ReadonlyMap<string, { line: number; text: string }>;
    /** The ruleset text the user gave, when it was text (nft masks what it reads; the warnings say where). */
    readonly text?: string;
    readonly warnings?: readonly LineWarning[];
}

/** A rule names a set its table does not define. */
class SetMissing extends Error { }

/** Builds the policy from nft's JSON. */
export function policyFromNftJson(source: NftImport, options: ImportOptions): FirewallPolicy {
    const items: Json[] = source.json?.nftables;
    if (!Array.isArray(items)) throw new ConfigError(`${options.file} is not nft JSON: no "nftables" array`);
    const sets = new Map<string, NamedSet>();
    const chains = new Map<string, { name: string; rules: PolicyRule[]; policy?: PolicyChain['policy'] }>();
    const bases: { key: string; hook: number; prio: number; order: number; nat: boolean; reply: boolean }[] = [];
    const unevaluated: FirewallPolicy['unevaluated'][number][] = [];
    const warnings: LineWarning[] = [];
    const families = new Set<'ipv4' | 'ipv6'>();
    // Verify: a set SegPlan made for a host name of the plan is that name's addresses (host-name-sets.ts).
    const hostNameSets = hostNameSetNames(options, nftHostNameSet);
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
                // Which packets arrive there is not modeled: the chain's rules hold for some packets, and the others pass it.
                rules.push({ match: {}, action: { kind: 'accept' }, location, condition: { why: devices.length > 0
                    ? `ingress chain ${c.name} filters what arrives on ${devices.join(', ')}, which is not mapped to a zone (use --map <zone>=${devices[0]})`
                    : `ingress chain ${c.name}: nft does not list the device it is bound to, so the audit cannot tell which packets it sees` } });
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
        const hostNameOf = (ref: string) => {
            const set = sets.get(chainKey(r.family, r.table, ref.slice(1)));
            const named = set && !set.map ? hostNameSets.get(ref.slice(1)) : undefined;
            return named && set!.type === (named.family === 'v4' ? 'ipv4_addr' : 'ipv6_addr') ? named.hostName : undefined;
        };
        const setElements = (ref: string) => {
            const set = sets.get(chainKey(r.family, r.table, ref.slice(1)));
            if (!set) throw new SetMissing(`set ${ref} is not defined`);
            return set.elements;
        };
        // A nat chain sees the first packet of a connection only.
        const nat = bases.find(b => b.key === key)?.nat;
        let read;
        try {
            read = rulesOf(r, { family: r.family, table: r.table, options, setElements, hostNameOf, warnings, location });
        } catch (error) {
            if (!(error instanceof SetMissing)) throw error;
            read = { rules: [{ match: {}, condition: { why: error.message }, action: { kind: 'continue' as const }, location }], unevaluated: error.message };
        }
        for (const rule of read.rules) chain.rules.push(nat ? { ...rule, states: new Set([...(rule.states ?? EVERY_STATE)].filter(s => s === 'new')) } : rule);
        if (read.unevaluated) unevaluated.push({ line: location.line, text, why: read.unevaluated });
    }
    const ordered = bases.sort((a, b) => a.hook - b.hook || a.prio - b.prio || a.order - b.order);
    const entry = ordered.filter(b => !b.reply).map(b => b.key);
    if (entry.length === 0) families.add('ipv4').add('ipv6'); // no base chain on the way: nothing filtered
    const replyEntry = REPLY_HOOK_ORDER[options.hook] ? ordered.filter(b => b.reply).map(b => b.key) : undefined;
    const lineText = (line: number) => [...source.lines.values()].find(l => l.line === line)?.text ?? '';
    const noted = [...source.warnings ?? [], ...warnings].filter((w, i, all) => all.findIndex(x => x.line === w.line && x.why === w.why) === i);
    return { kind: 'nftables', chains, entry, replyEntry, unevaluated, families, warnings: noted.map(w => ({ ...w, text: source.text?.split('\n')[w.line - 1]?.trim() ?? lineText(w.line) })) };
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
        if (!key) { ruleCommand(written); return; }
        if (/^(type|policy|comment|devices|device|priority|flags)\b/.test(written)) return;
        rules.set(key, [...(rules.get(key) ?? []), { line: start, text: written }]);
    };
    // The command form (`add rule [family] table chain …` appends, `insert rule …` puts first);
    // a command that places or removes rules by handle or position leaves the chain's lines unknown.
    const unplaced = new Set<string>();
    const ruleCommand = (written: string) => {
        const command = /^(add|insert|replace|delete) rule (?:(ip6?|inet|arp|bridge|netdev) )?(\S+) (\S+)(?: (.*))?$/.exec(written);
        if (command) {
            const [, verb, family = 'ip', table, chain, rule = ''] = command;
            const key = `${family} ${table} ${chain}`;
            if (verb === 'replace' || verb === 'delete' || /^(position|handle|index)\b/.test(rule)) unplaced.add(key);
            else rules.set(key, verb === 'add' ? [...(rules.get(key) ?? []), { line: start, text: rule }] : [{ line: start, text: rule }, ...(rules.get(key) ?? [])]);
            return;
        }
        const emptied = /^(?:flush|delete) (chain|table) (?:(ip6?|inet|arp|bridge|netdev) )?(\S+)(?: (\S+))?/.exec(written);
        if (emptied) {
            const [, what, family = 'ip', table, chain] = emptied;
            for (const key of rules.keys()) if (what === 'table' ? key.startsWith(`${family} ${table} `) : key === `${family} ${table} ${chain}`) unplaced.add(key);
        }
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
    for (const key of unplaced) rules.delete(key);
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

export const nftablesImporter: ConfigImporter = {
    id: 'nftables',
    label: 'nftables',
    detail: 'nft -j list ruleset JSON, or the ruleset text',
    detect: text => /^\uFEFF?\s*\{\s*"nftables"\s*:/.test(text) || /^\s*(flush ruleset|table\s+((ip6?|inet|netdev)\s+)?[\w.-]+\s*\{)/m.test(text),
    import(text: string, options: ImportOptions): FirewallPolicy {
        // The ruleset as nft lists it does not depend on the instant: read at another one, it is taken as kept.
        return policyFromNftJson(options.kept ? options.kept.of('nftables', () => nftImport(text, options)) : nftImport(text, options), options);
    }
};

/** The ruleset as nft lists it (JSON as given, or as `nft -j` lists the text), with the line of each rule in the text. */
function nftImport(text: string, options: ImportOptions): NftImport {
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
        return { json, lines: new Map() };
    }
    const written = writtenRules(text, options.file);
    const json = options.listed ?? nftJsonOfText(text, options.file);
    return { json, lines: ruleLines(written, json), text, warnings: hostBitWarnings(text) };
}
