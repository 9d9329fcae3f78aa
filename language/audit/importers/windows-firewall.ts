import { AddressSet, parseAddress } from '../../network/addresses.js';
import { ALL_PORTS, portSetOf, type PortSet } from '../../network/ports.js';
import { type ConfigLocation, type FirewallPolicy, type PolicyRule, repliesPass } from '../firewall-policy.js';
import { EVERY_ADDRESS, type Transport, type TrafficMatch } from '../traffic-space.js';
import { ConfigError, prefixOfMask, windowOfRule, type ConfigImporter, type ImportOptions } from './importer.js';
import { psWords, statementComplete, type PsValue, type PsWord } from './powershell-words.js';
import { boundAround, LOCAL_TIME_SLACK_MS, wallClockTime, type TimeBound } from './time-window.js';

/**
 * A PowerShell script that creates Windows Defender Firewall rules (SegPlan's windows-firewall
 * output, or one written or edited by hand), judged as Windows judges the rules it creates: an
 * inbound connection passes when an enabled Allow rule matches it and no enabled Block rule does
 * (a Block rule wins whatever the order); what no rule allows is blocked (the default inbound
 * action); outbound, what no Block rule matches passes (the default outbound action); replies of
 * allowed connections pass. A rule matches by protocol, local and remote addresses and ports.
 *
 * A rule limited to some profiles, programs, services, interfaces, users or authenticated
 * connections, an address keyword (LocalSubnet, Internet …), a port keyword (RPC …), a value held in
 * a variable the script does not set to a literal, a condition or a command the reader does not
 * know: what they decide is unknown. Rules that were on the host before the script ran are not in
 * the file.
 */

/** Parameters whose value, unless it is the one that restricts nothing, limits a rule to traffic the script does not describe. */
const NO_LIMIT: Record<string, readonly string[]> = {
    Program: ['Any'], Package: ['Any'], Service: ['Any'], InterfaceAlias: ['Any'], InterfaceType: ['Any'], LocalUser: ['Any'], RemoteUser: ['Any'],
    RemoteMachine: ['Any'], Authentication: ['NotRequired'], Encryption: ['NotRequired'], Owner: [], IcmpType: ['Any'], DynamicTarget: ['Any'],
    Platform: [], EdgeTraversalPolicy: ['Block'], RemoteDynamicKeywordAddresses: [], PolicyStore: ['PersistentStore', 'ActiveStore', 'localhost', '.'],
    LooseSourceMapping: ['False'], LocalOnlyMapping: ['False'], GPOSession: [], CimSession: []
};

/**
 * New-NetFirewallRule's parameters (PowerShell takes any unambiguous beginning of a name), each on
 * one list: `modeled` are evaluated; `limits` (NO_LIMIT) make the rule unknown unless their value
 * restricts nothing; `noEffect` are labels and PowerShell's common parameters. A parameter on no
 * list is one New-NetFirewallRule does not have: PowerShell refuses the command, an error at its line.
 */
export const WINDOWS_FIREWALL_PARAMETERS = {
    modeled: ['Name', 'Enabled', 'Profile', 'Direction', 'Action', 'LocalAddress', 'RemoteAddress', 'Protocol', 'LocalPort', 'RemotePort', 'OverrideBlockRules', 'WhatIf', 'Confirm'],
    limits: Object.keys(NO_LIMIT),
    noEffect: ['DisplayName', 'Description', 'Group', 'ThrottleLimit', 'AsJob', 'Verbose', 'Debug', 'ErrorAction', 'WarningAction', 'InformationAction',
        'ErrorVariable', 'WarningVariable', 'InformationVariable', 'OutVariable', 'OutBuffer', 'PipelineVariable', 'ProgressAction']
} as const;
const PARAMETERS: readonly string[] = [...WINDOWS_FIREWALL_PARAMETERS.modeled, ...WINDOWS_FIREWALL_PARAMETERS.limits, ...WINDOWS_FIREWALL_PARAMETERS.noEffect];

interface Rule {
    readonly direction: 'Inbound' | 'Outbound';
    readonly action: 'Allow' | 'Block';
    readonly match: TrafficMatch;
    /** Why the rule may match other connections than `match` says (or none): unknown. */
    readonly unknown?: string;
    readonly location: ConfigLocation;
}

/** A condition of an `if` block the rules are in: true, false, or unknown (why). */
type Condition = boolean | string;

function parameterName(written: string, line: number, file: string): string {
    const exact = PARAMETERS.find(p => p.toLowerCase() === written.toLowerCase());
    if (exact) return exact;
    const prefixed = PARAMETERS.filter(p => p.toLowerCase().startsWith(written.toLowerCase()));
    if (prefixed.length === 1) return prefixed[0];
    throw new ConfigError(`${file} line ${line}: New-NetFirewallRule has ${prefixed.length ? `several parameters starting with -${written} (${prefixed.join(', ')})` : `no parameter -${written}`}: the script stops here`, line);
}

/** A value's literal texts (a list's items), or why it is not literal. */
function literals(value: PsValue | undefined, variables: ReadonlyMap<string, string | undefined>): string[] | { why: string } {
    if (!value) return { why: 'no value' };
    switch (value.kind) {
        case 'literal': return [value.text];
        case 'variable': {
            const known = variables.get(value.name);
            return known === undefined ? { why: `$${value.name} is not set to a literal value in the script` } : [known];
        }
        case 'list': {
            const items = value.items.map(i => literals(i, variables));
            const bad = items.find(i => !Array.isArray(i));
            return bad ?? (items as string[][]).flat();
        }
        case 'other': return { why: `'${value.text.slice(0, 60)}' is an expression the audit does not evaluate` };
    }
}

/** A Windows address list: Any, addresses, CIDR blocks, address/mask and ranges; keywords are unknown. */
function addressesOf(texts: readonly string[], line: number, file: string, what: string): { set: AddressSet; unknown?: string } {
    let set = AddressSet.EMPTY;
    const keywords: string[] = [];
    for (const raw of texts.flatMap(t => t.split(',')).map(t => t.trim()).filter(Boolean)) {
        if (/^(any|\*)$/i.test(raw)) { set = EVERY_ADDRESS; continue; }
        if (/^[A-Za-z][A-Za-z0-9]*$/.test(raw)) { keywords.push(raw); continue; }
        const masked = /^([\d.]+)\/(\d+\.\d+\.\d+\.\d+)$/.exec(raw);
        const text = masked ? `${masked[1]}/${prefixOfMask(masked[2], line)}` : raw;
        const parsed = parseAddress(text);
        if ('error' in parsed || parsed.block.kind === 'host') throw new ConfigError(`${file} line ${line}: ${what} '${raw}' is not an address, a subnet, a range or a keyword Windows takes`, line);
        set = set.union(AddressSet.of([parsed.block]));
    }
    return { set, unknown: keywords.length ? `${what} ${keywords.join(', ')}: which addresses that is depends on the host's network, not on the script` : undefined };
}

function portsOf(texts: readonly string[], line: number, file: string, what: string): { ports: PortSet; unknown?: string } {
    const ranges: { from: number; to: number }[] = [];
    const keywords: string[] = [];
    for (const raw of texts.flatMap(t => t.split(',')).map(t => t.trim()).filter(Boolean)) {
        if (/^any$/i.test(raw)) return { ports: ALL_PORTS };
        if (/^[A-Za-z]\w*$/.test(raw)) { keywords.push(raw); continue; }
        const m = /^(\d{1,5})(?:-(\d{1,5}))?$/.exec(raw);
        const from = m ? Number(m[1]) : NaN, to = m ? Number(m[2] ?? m[1]) : NaN;
        if (!m || from < 0 || to > 65535 || from > to) throw new ConfigError(`${file} line ${line}: ${what} '${raw}' is not a port or port range (0-65535)`, line);
        if (to >= 1) ranges.push({ from: Math.max(1, from), to });
    }
    return { ports: portSetOf(ranges), unknown: keywords.length ? `${what} ${keywords.join(', ')}: a port keyword Windows resolves at run time` : undefined };
}

function transportsOf(text: string, line: number, file: string): Transport[] {
    const t = text.toLowerCase();
    if (t === 'any') return ['tcp', 'udp'];
    if (t === 'tcp' || t === '6') return ['tcp'];
    if (t === 'udp' || t === '17') return ['udp'];
    if (t === 'icmpv4' || t === 'icmpv6' || (/^\d{1,3}$/.test(t) && Number(t) <= 255)) return [];
    throw new ConfigError(`${file} line ${line}: protocol '${text}' is not TCP, UDP, ICMPv4, ICMPv6, Any or a protocol number`, line);
}

/** One New-NetFirewallRule statement as the rule it creates (one per direction it may have); none for -Enabled False, -WhatIf or no TCP/UDP. */
function rulesOf(words: readonly PsWord[], variables: ReadonlyMap<string, string | undefined>, location: ConfigLocation, names: Set<string>): Rule[] {
    const { file, line } = location;
    const given = new Map<string, PsValue | undefined>();
    const unknowns: string[] = [];
    /** The command the rule is piped into (`| Out-Null` aside): it may change or remove the rule. */
    let pipedInto: string | undefined;
    let afterPipe = false;
    for (const word of words) {
        if (word.kind === 'pipe') { afterPipe = true; continue; }
        if (afterPipe) {
            if (!(word.kind === 'literal' && /^out-null$/i.test(word.text))) pipedInto ??= word.kind === 'literal' ? word.text : 'a command';
            afterPipe = false;
            continue;
        }
        // The words of a command the rule is piped into are that command's, not New-NetFirewallRule's.
        if (pipedInto) continue;
        if (word.kind !== 'parameter') { unknowns.push('a value without a parameter name'); continue; }
        const name = parameterName(word.name, line, file);
        if (given.has(name)) throw new ConfigError(`${file} line ${line}: -${name} is given twice: PowerShell refuses the command and the script stops here`, line);
        given.set(name, word.value);
    }
    if (pipedInto) {
        const why = `the rule is passed to '${pipedInto}', which the audit does not evaluate: it may change the rule`;
        return (['Inbound', 'Outbound'] as const).map(direction => ({ direction, action: 'Block' as const, match: {}, unknown: why, location }));
    }
    const one = (name: string, fallback: string): string | { why: string } => {
        if (!given.has(name)) return fallback;
        const l = literals(given.get(name), variables);
        if (!Array.isArray(l)) return l;
        if (l.length !== 1) throw new ConfigError(`${file} line ${line}: -${name} takes one value`, line);
        return l[0];
    };
    const list = (name: string): string[] | { why: string } => given.has(name) ? literals(given.get(name), variables) : ['Any'];
    const nameValue = one('Name', '');
    if (typeof nameValue === 'string' && nameValue) {
        if (names.has(nameValue.toLowerCase())) throw new ConfigError(`${file} line ${line}: a rule named '${nameValue}' is created twice: Windows refuses the second and the script stops here`, line);
        names.add(nameValue.toLowerCase());
    }
    if (given.has('WhatIf') && given.get('WhatIf') === undefined) return [];
    for (const name of ['WhatIf', 'Confirm']) if (given.has(name)) unknowns.push(`-${name} asks before or instead of creating the rule`);
    if (given.has('OverrideBlockRules')) unknowns.push('-OverrideBlockRules lets authenticated connections past Block rules');
    const enabled = one('Enabled', 'True');
    if (typeof enabled === 'string' && /^false$/i.test(enabled)) return [];
    if (typeof enabled !== 'string') unknowns.push(`whether it is enabled: ${enabled.why}`);
    else if (!/^true$/i.test(enabled)) throw new ConfigError(`${file} line ${line}: -Enabled '${enabled}' is neither True nor False`, line);
    const direction = one('Direction', 'Inbound'), action = one('Action', 'Allow');
    if (typeof direction !== 'string' || !/^(inbound|outbound)$/i.test(direction)) {
        if (typeof direction === 'string') throw new ConfigError(`${file} line ${line}: -Direction '${direction}' is neither Inbound nor Outbound`, line);
        unknowns.push(`its direction: ${direction.why}`);
    }
    if (typeof action !== 'string' || !/^(allow|block)$/i.test(action)) {
        if (typeof action === 'string' && !/^notconfigured$/i.test(action)) throw new ConfigError(`${file} line ${line}: -Action '${action}' is not Allow, Block or NotConfigured`, line);
        unknowns.push(typeof action === 'string' ? '-Action NotConfigured' : `its action: ${action.why}`);
    }
    const profiles = list('Profile');
    if (!Array.isArray(profiles)) unknowns.push(`its profiles: ${profiles.why}`);
    else {
        const p = new Set(profiles.flatMap(x => x.split(',')).map(x => x.trim().toLowerCase()));
        if (!p.has('any') && !['domain', 'private', 'public'].every(x => p.has(x))) unknowns.push(`it applies only in the ${[...p].join(', ')} profile${p.size > 1 ? 's' : ''}: which profile the host's network is in is not in the script`);
    }
    for (const [name, free] of Object.entries(NO_LIMIT)) {
        if (!given.has(name)) continue;
        const value = given.get(name) === undefined ? ['True'] : literals(given.get(name), variables);
        if (!Array.isArray(value) || !value.every(v => free.some(f => f.toLowerCase() === v.toLowerCase()))) unknowns.push(`-${name} ${Array.isArray(value) ? value.join(', ') : `(${value.why})`}: the rule applies only to some connections, which the script does not say`);
    }
    const protocol = one('Protocol', 'Any');
    let transports: Transport[] = ['tcp', 'udp'];
    if (typeof protocol !== 'string') unknowns.push(`its protocol: ${protocol.why}`);
    else transports = transportsOf(protocol, line, file);
    const portGiven = given.has('LocalPort') || given.has('RemotePort');
    if (portGiven && typeof protocol === 'string' && !/^(tcp|udp|6|17)$/i.test(protocol)) throw new ConfigError(`${file} line ${line}: ports are given with protocol ${protocol}: Windows takes ports only with TCP or UDP and refuses the rule`, line);
    if (transports.length === 0) return [];
    /** A side's value; one the script does not fix (a keyword, a variable) widens the rule to anything there, unknown. */
    const side = <T>(name: string, read: (texts: string[]) => { unknown?: string } & T, widest: T): T => {
        const texts = list(name);
        const r = Array.isArray(texts) ? read(texts) : { ...widest, unknown: `-${name}: ${texts.why}` };
        if (!r.unknown) return r;
        unknowns.push(r.unknown);
        return widest;
    };
    const local = side('LocalAddress', t => addressesOf(t, line, file, 'local address'), { set: EVERY_ADDRESS }).set;
    const remote = side('RemoteAddress', t => addressesOf(t, line, file, 'remote address'), { set: EVERY_ADDRESS }).set;
    const localPorts = side('LocalPort', t => portsOf(t, line, file, 'local port'), { ports: ALL_PORTS }).ports;
    const remotePorts = side('RemotePort', t => portsOf(t, line, file, 'remote port'), { ports: ALL_PORTS }).ports;
    const unknown = unknowns.length ? unknowns.join('; ') : undefined;
    const protocols = new Set(transports);
    const directions = typeof direction === 'string' && /^(inbound|outbound)$/i.test(direction) ? [/^inbound$/i.test(direction) ? 'Inbound' as const : 'Outbound' as const] : ['Inbound' as const, 'Outbound' as const];
    // An action the script does not fix may be Block: it stands with the Block rules, which decide first.
    const ruleAction = typeof action === 'string' && /^allow$/i.test(action) ? 'Allow' as const : 'Block' as const;
    return directions.map(d => ({
        direction: d, action: ruleAction, unknown, location,
        match: d === 'Inbound'
            ? { protocols, sources: remote, destinations: local, sourcePorts: remotePorts, destinationPorts: localPorts }
            : { protocols, sources: local, destinations: remote, sourcePorts: localPorts, destinationPorts: remotePorts }
    }));
}

const CLEANUP = /^Get-NetFirewallRule\s+-All\s*\|\s*Where-Object\s*\{\s*\$_\.Group\s+-ceq\s+\$Group\s*\}\s*\|\s*Remove-NetFirewallRule$/i;
const DATE_CONDITION = /^\[datetime\]::(UtcNow|Now)\s+-(lt|le|gt|ge)\s+\[datetime\]::new\(\s*(\d{4})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})\s*(?:,\s*(\d{1,2})\s*,\s*(\d{1,2})\s*,\s*(\d{1,2})\s*)?(?:,\s*\[DateTimeKind\]::(?:Utc|Local|Unspecified)\s*)?\)$/i;

/** An `if` condition: which host runs the script, or the date; anything else is unknown. */
function conditionOf(text: string, hostOf: (name: string, caseSensitive: boolean) => Condition, options: ImportOptions): Condition {
    const host = /^\$SegPlanHost\s+-(eq|ieq|ceq)\s+'((?:[^']|'')*)'$/i.exec(text);
    if (host) return hostOf(host[2].replace(/''/g, "'"), host[1].toLowerCase() === 'ceq');
    const date = DATE_CONDITION.exec(text);
    if (date) {
        const at = wallClockTime(Number(date[3]), Number(date[4]), Number(date[5]), Number(date[6] ?? 0), Number(date[7] ?? 0));
        if (at === undefined) return `[datetime]::new(${date[3]}, ${date[4]}, ${date[5]} …) is no date`;
        // DateTime compares clock readings whatever their kind: [datetime]::Now is the host's local clock.
        const bound: TimeBound = boundAround(at + Number(date[8] ?? 0) * 1000, date[1].toLowerCase() === 'now' ? LOCAL_TIME_SLACK_MS : 0);
        const before = /^l/i.test(date[2]);
        const w = windowOfRule(options, before ? undefined : bound, before ? bound : undefined);
        return w === 'uncertain' ? 'the date condition is this close to the host\'s local time: its clock decides' : w === 'active';
    }
    return `the condition (${text.slice(0, 80)}) is not one the audit evaluates`;
}

export const windowsFirewallImporter: ConfigImporter = {
    id: 'windows-firewall',
    label: 'Windows Defender Firewall (PowerShell)',
    detail: 'a script of New-NetFirewallRule commands (segplan generate --target windows-firewall)',
    detect: text => /^\s*New-NetFirewallRule\b/im.test(text),
    onePartPerHost: true,
    import(text: string, options: ImportOptions): FirewallPolicy {
        const file = options.file;
        const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
        const variables = new Map<string, string | undefined>();
        const statements: { text: string; line: number }[] = [];
        for (let i = 0; i < lines.length; i++) {
            const line = i + 1;
            if (/^\s*<#/.test(lines[i])) { while (i < lines.length && !lines[i].includes('#>')) i++; continue; }
            let statement = lines[i];
            while (!statementComplete(statement) && i + 1 < lines.length) statement += '\n' + lines[++i];
            const trimmed = statement.trim();
            if (trimmed === '' || trimmed.startsWith('#')) continue;
            statements.push({ text: trimmed, line });
        }
        const hosts = new Set(statements.map(s => /^if\s*\(\s*\$SegPlanHost\s+-c?i?eq\s+'((?:[^']|'')*)'\s*\)\s*\{$/i.exec(s.text)?.[1]).filter((h): h is string => h !== undefined));
        const chosen = options.host ?? (hosts.size === 1 ? [...hosts][0] : undefined);
        const hostOf = (name: string, caseSensitive: boolean): Condition => chosen === undefined
            ? `the script holds rules for the hosts ${[...hosts].join(', ')}: name the host it runs on (--host)`
            : caseSensitive ? name === chosen : name.toLowerCase() === chosen.toLowerCase();
        const rules: Rule[] = [];
        const everything: PolicyRule[] = [];
        const conditions: Condition[] = [];
        const names = new Set<string>();
        const unevaluated: { line: number; text: string; why: string }[] = [];
        for (const { text: s, line } of statements) {
            const location: ConfigLocation = { file, line, text: s.split('\n')[0].slice(0, 200) };
            const skipped = conditions.includes(false);
            const pending = conditions.find((c): c is string => typeof c === 'string');
            const open = /^if\s*\((.*)\)\s*\{$/is.exec(s);
            if (open) { conditions.push(skipped ? false : conditionOf(open[1].trim(), hostOf, options)); continue; }
            if (s === '}') {
                if (conditions.length === 0) throw new ConfigError(`${file} line ${line}: a '}' closes no block`, line);
                conditions.pop();
                continue;
            }
            if (skipped) continue;
            if (/^#requires\b/i.test(s) || /^param\s*\(/i.test(s) || CLEANUP.test(s.replace(/\s+/g, ' '))) continue;
            const assignment = /^\$(\w+)\s*=\s*(.*)$/s.exec(s);
            if (assignment) {
                const value = psWords(assignment[2], line, file);
                variables.set(assignment[1], value.length === 1 && value[0].kind === 'literal' && !pending ? value[0].text : undefined);
                continue;
            }
            if (/^New-NetFirewallRule\b/i.test(s)) {
                for (const rule of rulesOf(psWords(s.slice('New-NetFirewallRule'.length), line, file), variables, location, names)) rules.push(pending ? { ...rule, unknown: rule.unknown ?? pending } : rule);
                continue;
            }
            const why = `the script runs '${location.text.slice(0, 80)}', which the audit does not evaluate: it may change any rule`;
            unevaluated.push({ line, text: location.text, why });
            everything.push({ match: {}, action: { kind: 'accept' }, unknown: pending ?? why, location });
        }
        if (conditions.length > 0) throw new ConfigError(`${file}: ${conditions.length} block${conditions.length > 1 ? 's are' : ' is'} not closed ('}' missing)`, lines.length);
        if (rules.length === 0 && everything.length === 0 && statements.every(s => !/^New-NetFirewallRule\b/i.test(s.text))) {
            throw new ConfigError(`${file}: no New-NetFirewallRule command: is it a Windows Firewall script written by segplan generate?`, 1);
        }
        const policyRule = (r: Rule): PolicyRule => ({ match: r.match, action: { kind: r.action === 'Allow' ? 'accept' : 'drop' }, unknown: r.unknown, location: r.location });
        const replies = repliesPass(file, 'Windows Firewall is stateful: replies of allowed connections pass');
        const of = (direction: Rule['direction'], action: Rule['action']) => rules.filter(r => r.direction === direction && r.action === action).map(policyRule);
        const known = (rs: PolicyRule[]) => rs.filter(r => !r.unknown), unknown = (rs: PolicyRule[]) => rs.filter(r => r.unknown);
        // Block rules win over Allow rules whatever the order; allows add up (a known allow decides before one that might).
        const inbound = [replies, ...everything, ...known(of('Inbound', 'Block')), ...unknown(of('Inbound', 'Block')), ...known(of('Inbound', 'Allow')), ...unknown(of('Inbound', 'Allow'))];
        const outbound = [replies, ...everything, ...known(of('Outbound', 'Block')), ...unknown(of('Outbound', 'Block'))];
        const at = (text: string): ConfigLocation => ({ file, line: 0, text });
        const chains = new Map([
            ['inbound', { name: 'inbound', rules: inbound, policy: { verdict: 'drop' as const, location: at('no rule allows it: Windows Firewall blocks inbound connections by default') } }],
            ['outbound', { name: 'outbound', rules: outbound, policy: { verdict: 'accept' as const, location: at('Windows Firewall allows outbound connections by default') } }]
        ]);
        return { kind: 'Windows Firewall', chains, entry: options.hook === 'input' ? ['inbound'] : ['inbound', 'outbound'], families: new Set(['ipv4', 'ipv6']), unevaluated };
    }
};
