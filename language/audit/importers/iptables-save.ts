import type { ConfigLocation, FirewallPolicy, PolicyChain, PolicyRule } from '../firewall-policy.js';
import { EVERY_IPV4, EVERY_IPV6 } from '../traffic-space.js';
import { ConfigError, type ConfigImporter, type ImportOptions } from './importer.js';
import { readRule, ruleValues, type ReadRule, type RuleContext } from './iptables-rule.js';
import { readPlainRule } from './iptables-plain-rule.js';
import { ruleWords } from './iptables-words.js';
import type { LineWarning } from './masked-address.js';

/**
 * `iptables-save` / `ip6tables-save` output (with or without `-c` counters): every table a packet
 * passes, in the kernel's order (raw, mangle, nat and filter PREROUTING/FORWARD/INPUT …: a DROP in
 * any of them is final), the chains with their policies, and each rule read against the explicit
 * list of what the reader models (iptables-rule.ts): a match it does not model makes the rule's
 * condition unknown (its verdicts rest on bounds), a target it does not model makes what the rule
 * does unknown; each is reported with its line, nothing is guessed. A table without its COMMIT is
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
/** `-c` counters in front of a rule (`[packets:bytes] -A …`), as `iptables-save -c` writes them. */
const COUNTERS = /^\[\d+:\d+\]\s+/;
/**
 * The address family of a save file, from what it says and what it holds: the header iptables-save
 * writes, addresses, ICMP versions, reject types, IPv6-only modules. A file that holds both, or
 * (unless the family is given) neither, is refused: its rules would decide the wrong family.
 */
export function iptablesFamily(lines: readonly string[], file: string, given?: 'ipv4' | 'ipv6'): 'ipv4' | 'ipv6' {
    const { ipv4, ipv6 } = familyEvidence(lines);
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

/** The first line that says each family, and what on it says so. */
export type FamilyEvidence = Record<'ipv4' | 'ipv6', { line: number; what: string } | undefined>;

/** The first evidence of each family in a save file's lines (header, addresses, ICMP versions, reject types, IPv6-only modules). */
export function familyEvidence(lines: readonly string[]): FamilyEvidence {
    const evidence: FamilyEvidence = { ipv4: undefined, ipv6: undefined };
    // The first evidence of each family is what counts: a line is asked only what could still be the first.
    const addresses = /(?:^|\s)(?:-[sd]|--source|--destination|--src-range|--dst-range)\s+(\S+)/g;
    for (let i = 0; i < lines.length && !(evidence.ipv4 && evidence.ipv6); i++) {
        const line = lines[i].trim(), n = i + 1;
        let m: RegExpExecArray | null;
        if (line.startsWith('#')) {
            // The header iptables-save writes, or SegPlan's own (its iptables and ip6tables targets); both name the tables.
            if (line.includes('tables') && (m = /\b(ip6?)tables(?:-nft|-legacy)?-save\b/.exec(line) ?? /^# SegPlan (ip6?)tables\b/.exec(line))) {
                evidence[m[1] === 'ip6' ? 'ipv6' : 'ipv4'] ??= { line: n, what: `the header '${m[0]}'` };
            }
            continue;
        }
        if (!line.startsWith('-A') && !COUNTERS.test(line)) continue;
        // Without a colon on the line, every address on it is IPv4.
        if (!evidence.ipv4 || line.includes(':')) {
            addresses.lastIndex = 0;
            while ((m = addresses.exec(line))) {
                const family = m[1].includes(':') ? 'ipv6' : 'ipv4';
                evidence[family] ??= { line: n, what: `the address ${m[1]}` };
            }
        }
        if (!evidence.ipv6 && (m = /(?:^|\s)(?:-p\s+(?:ipv6-icmp|icmpv6|58)|--icmpv6-type|--reject-with\s+icmp6-\S+|-m\s+(?:ipv6header|frag|hbh|dst|rt|mh|eui64))\b/.exec(line))) evidence.ipv6 = { line: n, what: `'${m[0].trim()}'` };
        if (!evidence.ipv4 && (m = /(?:^|\s)(?:-p\s+(?:icmp|1)|--icmp-type|--reject-with\s+icmp-(?!6)\S+)(?=\s|$)/.exec(line))) evidence.ipv4 = { line: n, what: `'${m[0].trim()}'` };
    }
    return evidence;
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
/** The iptables importer for one family as given (`--config-format iptables|ip6tables`), or decided from the content. */
function iptablesImporter(id: string, label: string, detail: string, family: 'ipv4' | 'ipv6', detect: (text: string) => boolean): ConfigImporter {
    return { id, label, detail, detect, import: (text, options) => importSave(text, options, options.formatGiven ? family : undefined) };
}

export const iptablesSaveImporter: ConfigImporter = iptablesImporter('iptables', 'iptables', 'iptables-save / ip6tables-save output', 'ipv4',
    text => /^(\[\d+:\d+\]\s+)?-A [A-Za-z]/m.test(text) && /^\*(filter|nat|mangle|raw|security)\s*$/m.test(text));

/** ip6tables-save output, said so with `--config-format ip6tables` (detection reads the family from the content). */
export const ip6tablesSaveImporter: ConfigImporter = iptablesImporter('ip6tables', 'ip6tables', 'ip6tables-save output (IPv6)', 'ipv6', () => false);

/**
 * The file's lines as iptables-restore reads them (split at `\n` or `\r\n`), `-c` counters taken off.
 * One split on `\n`: the expression split and a replace per line cost a match per line.
 */
export function saveLines(text: string): string[] {
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
        let line = lines[i];
        // A carriage return before the line feed belongs to the line end; the last line has none.
        if (i < lines.length - 1 && line.charCodeAt(line.length - 1) === 13) line = line.slice(0, -1);
        if (line.charCodeAt(0) === 91 /* [ */) line = line.replace(COUNTERS, '');
        lines[i] = line;
    }
    return lines;
}

/** What reading a save file keeps for reading it again at another instant (ImportOptions.kept): all but the rules with a date. */
interface KeptSave {
    readonly lines: string[];
    readonly family: 'ipv4' | 'ipv6';
    /** Whether any rule may have a date (`--datestart`, `--datestop`): else every instant reads alike, and no line is kept. */
    readonly dated: boolean;
    /**
     * Each rule line by line number: its reading, when that did not ask the time, with the words
     * that say where it goes (`-A CHAIN`, `-I CHAIN N`); else all its words, to read it again.
     */
    readonly rules: Map<number, { readonly words: readonly string[]; readonly read?: ReadRule }>;
    /**
     * The policies read, by whether each rule with a date was in force: an instant at which every
     * one of them is as at an earlier one reads the same policy, the same object.
     */
    readonly policies: Map<string, FirewallPolicy>;
}

/** The file's lines, checked, and its family: kept from an earlier reading of the same text when there is one. */
function keptSave(text: string, options: ImportOptions, given: 'ipv4' | 'ipv6' | undefined): KeptSave {
    const read = (): KeptSave => {
        const lines = saveLines(text);
        checkTables(lines, options.file);
        return { lines, family: iptablesFamily(lines, options.file, given), dated: options.kept !== undefined && text.includes('--date'), rules: new Map(), policies: new Map() };
    };
    return options.kept ? options.kept.of('iptables-save', read) : read();
}

function importSave(text: string, options: ImportOptions, given: 'ipv4' | 'ipv6' | undefined): FirewallPolicy {
    const kept = keptSave(text, options, given);
    const { lines, family } = kept;
    const universe = family === 'ipv6' ? EVERY_IPV6 : EVERY_IPV4;
    const chains = new Map<string, { name: string; rules: PolicyRule[]; policy?: PolicyChain['policy'] }>();
    const unevaluated: FirewallPolicy['unevaluated'][number][] = [];
    const warnings: LineWarning[] = [];
    // Chains are per table: the filter table's by their name, the others' as `table:NAME`.
    const keyOf = (table: string, name: string) => table === 'filter' ? name : `${table}:${name}`;
    const declared = declaredChains(lines, keyOf);
    const tables = new Set<string>();
    // What a rule is read in: one per table, not one per rule line.
    const contexts = new Map<string, RuleContext>();
    const values = ruleValues();
    const contextOf = (table: string): RuleContext => {
        let context = contexts.get(table);
        if (!context) {
            context = { table, universe, options, values, chainOf: name => declared.has(keyOf(table, name)) ? keyOf(table, name) : undefined };
            contexts.set(table, context);
        }
        return context;
    };
    // Each chain's rules, a list per rule line (one line may read as several policy rules, or none): where `-I` inserts.
    const linesOf = new Map<string, (readonly PolicyRule[])[]>();
    let table = '';
    // Whether each rule with a date is in force: what sets this reading apart from one at another instant.
    let windows = '';
    for (let index = 0; index < lines.length; index++) {
        const raw = lines[index];
        const lineNo = index + 1;
        const line = raw.trim();
        if (!line || line.startsWith('#')) continue;
        if (line.startsWith('*')) { table = line.slice(1).trim(); tables.add(table); continue; }
        if (line === 'COMMIT') { table = ''; continue; }
        if (line.startsWith(':')) {
            const [name, policy] = line.slice(1).split(/\s+/);
            const key = keyOf(table, name);
            const location: ConfigLocation = { file: options.file, line: lineNo, text: line };
            chains.set(key, { name: key, rules: [], policy: policy === 'ACCEPT' || policy === 'DROP' ? { verdict: policy === 'ACCEPT' ? 'accept' : 'drop', location } : undefined });
            continue;
        }
        const keptLine = kept.rules.get(lineNo);
        const location: ConfigLocation = { file: options.file, line: lineNo, text: line };
        // The plain rule (`-A CHAIN …`, read in one step) needs no more of its words than those that say where it goes.
        const plain = keptLine ? undefined : readPlainRule(location, contextOf(table));
        const w = keptLine?.words ?? (plain ? ['-A', plain.chain] : ruleWords(line));
        const command = w[0] === '--append' ? '-A' : w[0] === '--insert' ? '-I' : w[0];
        if ((command !== '-A' && command !== '-I') || !w[1]) {
            unevaluated.push({ line: lineNo, text: line, why: `not a rule (-A CHAIN … or -I CHAIN …) of the ${table} table` });
            continue;
        }
        const chainKey = keyOf(table, w[1]);
        if (!chains.has(chainKey)) chains.set(chainKey, { name: chainKey, rules: [] });
        let lineRules = linesOf.get(chainKey);
        if (!lineRules) linesOf.set(chainKey, lineRules = []);
        // `-I CHAIN [N]` (iptables-restore input): the rule goes in at position N (1 when not given) of the
        // chain as it stands at that line, before the rule there; positions count rules as the kernel holds them.
        const numbered = command === '-I' && /^\d+$/.test(w[2] ?? '');
        const position = numbered ? Number(w[2]) : command === '-I' ? 1 : lineRules.length + 1;
        if (position < 1 || position > lineRules.length + 1) {
            throw new ConfigError(`line ${lineNo}: ${w[0]} ${w[1]} ${w[2]}: the chain holds ${lineRules.length} rule${lineRules.length === 1 ? '' : 's'} there, so no rule can go in at ${position} (iptables-restore refuses the file)`, lineNo);
        }
        let read = keptLine?.read;
        if (!read) {
            read = plain?.read ?? readRule(w, location, contextOf(table), numbered ? 3 : 2);
            if (options.kept) options.kept.linesRead++;
            if (kept.dated) {
                // A rule read once for all keeps the words that say where it goes; one with a date, all of them.
                kept.rules.set(lineNo, read.window ? { words: w } : { words: w.slice(0, 3), read });
            }
        }
        if (read.window) windows += `${lineNo}${read.window[0]},`;
        if (position === lineRules.length + 1) lineRules.push(read.rules); else lineRules.splice(position - 1, 0, read.rules);
        for (let k = 0; k < read.warnings.length; k++) warnings.push(read.warnings[k]);
        if (read.unevaluated && read.rules.length > 0) unevaluated.push({ line: lineNo, text: line, why: read.unevaluated });
    }
    for (const [key, l] of linesOf) {
        const rules = chains.get(key)!.rules;
        for (let k = 0; k < l.length; k++) for (let r = 0; r < l[k].length; r++) rules.push(l[k][r]);
    }
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
    const same = options.kept && kept.policies.get(windows);
    if (same) return same;
    const policy: FirewallPolicy = {
        kind: `${family === 'ipv6' ? 'ip6tables' : 'iptables'}-save`, chains, entry, replyEntry: replies && baseChains(replies), unevaluated, families: new Set([family]),
        warnings: warnings.map(w => ({ ...w, text: lines[w.line - 1].trim() }))
    };
    if (options.kept) kept.policies.set(windows, policy);
    return policy;
}

/** The chains the file declares (`:NAME policy`), each keyed in its table: a jump to one is a jump, not an unknown target. */
function declaredChains(lines: readonly string[], keyOf: (table: string, name: string) => string): Set<string> {
    const declared = new Set<string>();
    let table = '';
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i];
        if (line.startsWith('*')) table = line.slice(1).trim();
        else if (line.startsWith(':')) declared.add(keyOf(table, line.slice(1).split(/\s+/)[0]));
    }
    return declared;
}
