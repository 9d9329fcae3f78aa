import { AddressSet, formatIp, parseAddress } from '../../network/addresses.js';
import { ALL_PORTS, parsePortText, portSetOf, type PortRange, type PortSet } from '../../network/ports.js';
import { type ConfigLocation, type FirewallPolicy, type PolicyChain, type PolicyRule, repliesPass } from '../firewall-policy.js';
import { EVERY_ADDRESS, type Transport } from '../traffic-space.js';
import { addressesBehind, ConfigError, emptyConfigGiven, knownHostNames, windowOfRule, type ConfigImporter, type ImportOptions } from './importer.js';
import { pushedTo, vsysConfig, type PanConfig, type PanDevice } from './panos-config.js';
import { maskedBlock } from './masked-address.js';
import { readSetCommands } from './panos-set.js';
import { readXmlExport } from './panos-xml.js';
import { boundAround, LOCAL_TIME_SLACK_MS, wallClockTime, type WindowState } from './time-window.js';
import { zonePolicyRules } from './zone-policy-rules.js';

/**
 * Palo Alto PAN-OS, from the XML export or `set` commands (pan-os-xml.ts, pan-os-set.ts), evaluated
 * as the firewall does: security rules top to bottom, first match; then intrazone-default (allow
 * within a zone) and interzone-default (deny between zones); replies of allowed sessions pass.
 * Zones are the plan's zone names unless `--map zone=<PAN-OS zone>` says otherwise. What the
 * audit cannot see from the configuration — an App-ID application, `application-default` ports
 * of an application, users, URL categories, HIP, FQDN and dynamic objects, objects defined
 * elsewhere (Panorama), predefined services, recurring schedules — makes the rule "unknown".
 */

/** Addresses known to match, and (unknown) why others might match too. */
/** `maybe`: with `unknown`, the addresses that only may match besides `set` (undefined: any address may). */
interface Resolved { set: AddressSet; unknown?: string; maybe?: AddressSet }
interface ServicePart { protocols: Transport[]; destinationPorts: PortSet; sourcePorts: PortSet; unknown?: string }

function portsOf(text: string | undefined, what: string): PortSet | string {
    if (text === undefined || text === '') return ALL_PORTS;
    const ranges: PortRange[] = [];
    for (const item of text.split(',')) {
        if (item.trim() === '0') continue;
        // Port 0 is no port a connection uses: `0-65535` (how Capirca and Aerleon write every port) is 1-65535.
        const parsed = parsePortText(item.trim().replace(/^0-/, '1-'));
        if ('error' in parsed) return `${what} '${text}' is not a list of ports`;
        if ('range' in parsed) ranges.push(parsed.range);
    }
    return portSetOf(ranges);
}

/**
 * `2026/01/01@00:00-2026/12/31@23:59` at the instant read (the end minute included), in the firewall's own time
 * zone, which the configuration does not give; undefined when unreadable.
 */
function inSchedule(range: string, options: ImportOptions): WindowState | undefined {
    const m = /^(\d{4})\/(\d{1,2})\/(\d{1,2})@(\d{1,2}):(\d{2})-(\d{4})\/(\d{1,2})\/(\d{1,2})@(\d{1,2}):(\d{2})$/.exec(range.trim());
    if (!m) return undefined;
    const [, y1, mo1, d1, h1, mi1, y2, mo2, d2, h2, mi2] = m.map(Number);
    const start = wallClockTime(y1, mo1, d1, h1, mi1), endMinute = wallClockTime(y2, mo2, d2, h2, mi2);
    if (start === undefined || endMinute === undefined) return undefined;
    return windowOfRule(options, boundAround(start, LOCAL_TIME_SLACK_MS), boundAround(endMinute + 60_000, LOCAL_TIME_SLACK_MS));
}

/**
 * An ip-netmask with host bits set (`10.1.0.7/24`): PAN-OS's documentation asks for a network in
 * slash notation and does not say whether the firewall then matches the one address or its whole
 * network. The address is in both: it surely matches; the rest of the network only may.
 */
function withHostBits(name: string, value: string): Resolved | undefined {
    if (!('error' in parseAddress(value))) return undefined;
    const masked = maskedBlock(value, 0, []);
    const address = parseAddress(value.replace(/\/\d+$/, ''));
    if ('error' in masked || 'doubt' in masked || masked.kind === 'host' || !('block' in address) || address.block.kind === 'host') return undefined;
    const network = AddressSet.of([masked]);
    const prefix = `${formatIp(masked.kind, masked.interval.from)}/${value.replace(/^.*\//, '')}`;
    return {
        set: AddressSet.of([address.block]), maybe: network,
        unknown: `address ${name === value ? value : `${name} is ${value}`}, with host bits set: PAN-OS's documentation does not say whether the firewall matches that one address or its whole network ${prefix}`
    };
}

class Resolver {
    /** `hostNames`: the host names the zones hold (verify), read as themselves; any other is unknown. */
    constructor(private readonly config: PanConfig, private readonly hostNames: ReadonlySet<string> = new Set()) {}

    address(name: string, seen = new Set<string>()): Resolved {
        if (name === 'any') return { set: EVERY_ADDRESS };
        const object = this.config.addresses.get(name);
        if (object) {
            if (object.kind === 'ip-netmask' || object.kind === 'ip-range') {
                const hostBits = withHostBits(name, object.value);
                if (hostBits) return hostBits;
                const parsed = parseAddress(object.value);
                if ('error' in parsed || parsed.block.kind === 'host') return { set: AddressSet.EMPTY, unknown: `address ${name} is '${object.value}', not an address the audit reads` };
                return { set: AddressSet.of([parsed.block]) };
            }
            // A host name resolves to addresses of both families (verify models it exactly, the audit cannot).
            if (object.kind === 'fqdn' && this.hostNames.has(object.value)) return { set: AddressSet.of([], [object.value]) };
            return { set: AddressSet.EMPTY, unknown: `address ${name} is ${object.kind === 'fqdn' ? `the host name ${object.value}: the audit cannot resolve names` : `an ${object.kind} object, which the audit does not evaluate`}` };
        }
        const group = this.config.addressGroups.get(name);
        if (group) {
            if (!group.members) return { set: AddressSet.EMPTY, unknown: `address group ${name} is dynamic (its members follow tags at run time)` };
            if (seen.has(name)) return { set: AddressSet.EMPTY, unknown: `address group ${name} contains itself` };
            seen.add(name);
            const parts = group.members.map(m => this.address(m, seen));
            seen.delete(name);
            return { set: parts.reduce((u, p) => u.union(p.set), AddressSet.EMPTY), unknown: parts.find(p => p.unknown)?.unknown };
        }
        const literal = parseAddress(name);
        const hostBits = withHostBits(name, name);
        if (hostBits) return hostBits;
        if (!('error' in literal) && literal.block.kind !== 'host') return { set: AddressSet.of([literal.block]) };
        return { set: AddressSet.EMPTY, unknown: `address ${name} is not defined in this file (a Panorama shared object, an external dynamic list or a region?)` };
    }

    addresses(names: readonly string[], negate: boolean): Resolved {
        const parts = names.map(n => this.address(n));
        const unknown = parts.find(p => p.unknown)?.unknown;
        const set = parts.reduce((u, p) => u.union(p.set), AddressSet.EMPTY);
        const doubtful = parts.filter(p => p.unknown);
        const maybe = doubtful.every(p => p.maybe) ? doubtful.reduce((u, p) => u.union(p.maybe!), AddressSet.EMPTY) : undefined;
        // Negated, an address that might be in the list might also not be: nothing is certain.
        if (negate) return unknown ? { set: AddressSet.EMPTY, unknown } : { set: EVERY_ADDRESS.subtract(set) };
        return { set, unknown, ...(unknown && maybe ? { maybe } : {}) };
    }

    service(name: string, seen = new Set<string>()): ServicePart[] {
        if (name === 'any') return [{ protocols: ['tcp', 'udp'], destinationPorts: ALL_PORTS, sourcePorts: ALL_PORTS }];
        const object = this.config.services.get(name);
        if (object) {
            const protocol = object.protocol.toLowerCase();
            if (protocol !== 'tcp' && protocol !== 'udp') return []; // sctp: no TCP or UDP
            const destinationPorts = portsOf(object.port, `service ${name}: port`);
            const sourcePorts = portsOf(object.sourcePort, `service ${name}: source-port`);
            if (typeof destinationPorts === 'string' || typeof sourcePorts === 'string') {
                return [{ protocols: [protocol], destinationPorts: ALL_PORTS, sourcePorts: ALL_PORTS, unknown: typeof destinationPorts === 'string' ? destinationPorts : sourcePorts as string }];
            }
            return [{ protocols: [protocol], destinationPorts, sourcePorts }];
        }
        const group = this.config.serviceGroups.get(name);
        if (group) {
            if (seen.has(name)) return [{ protocols: ['tcp', 'udp'], destinationPorts: ALL_PORTS, sourcePorts: ALL_PORTS, unknown: `service group ${name} contains itself` }];
            seen.add(name);
            const parts = group.members.flatMap(m => this.service(m, seen));
            seen.delete(name);
            return parts;
        }
        const why = name === 'service-http' || name === 'service-https'
            ? `${name} is a predefined service: the audit does not assume its ports (define the ports in a service object)`
            : `service ${name} is not defined in this file (a Panorama shared object?)`;
        return [{ protocols: ['tcp', 'udp'], destinationPorts: ALL_PORTS, sourcePorts: ALL_PORTS, unknown: why }];
    }
}

/** Applications that are ICMP only (Palo Alto's Applipedia): a rule for them alone matches no TCP or UDP connection. */
const ICMP_APPLICATIONS: ReadonlySet<string> = new Set(['ping', 'icmp', 'ipv6-icmp']);

/** The zones a vsys's configuration names: those it defines and those its rules use. */
function zoneNamesOf(config: PanConfig): Set<string> {
    return new Set([...config.zones.keys(), ...config.rules.flatMap(r => [...r.from, ...r.to])].filter(z => z !== 'any'));
}

/**
 * One virtual system's security policy as a chain: its rules in PAN-OS order, the intrazone
 * default per zone, the interzone default as the chain's end. `behind` holds the addresses of
 * each of its zones that are mapped; `unmapped` says how to map one that is not.
 */
function securityChain(config: PanConfig, behind: ReadonlyMap<string, AddressSet>, unmapped: (zone: string) => string, name: string, options: ImportOptions): PolicyChain {
    // Verify: the host names the plan's zones hold, each read as itself (resolving somewhere among them).
    const hostNames = knownHostNames(options);
    const resolver = new Resolver(config, hostNames);
    const at = (line: number, text: string): ConfigLocation => ({ file: options.file, line, text });
    const rules: PolicyRule[] = [repliesPass(options.file, 'stateful: replies of allowed sessions pass')];

    const mapped = [...behind.values()].reduce((u, set) => u.union(set), AddressSet.EMPTY);
    /** Addresses in no mapped zone: those a zone the plan does not map may hold. */
    const unmappedSpace = EVERY_ADDRESS.subtract(mapped);
    /** A rule's zones: those mapped, and (maybe) the addresses of the zones that are not, with why. */
    const zonesOf = (names: readonly string[]): { zones: string[]; set: AddressSet; maybe?: string } => {
        // Every address, and every host name a zone holds (each resolves to some of them).
        if (names.includes('any')) return { zones: [...behind.keys()], set: hostNames.size ? EVERY_ADDRESS.union(AddressSet.of([], hostNames)) : EVERY_ADDRESS };
        const zones = names.filter(n => behind.has(n));
        const notMapped = names.filter(n => !behind.has(n));
        return {
            zones, set: zones.reduce((u, n) => u.union(behind.get(n)!), AddressSet.EMPTY),
            maybe: notMapped.length ? `zone ${notMapped.join(', ')} is not mapped to a zone of the plan (${unmapped(notMapped[0])}): which addresses it holds is not known` : undefined
        };
    };

    for (const rule of config.rules) {
        if (rule.disabled) continue;
        // PAN-OS commits no rule without these; read as "any" they would widen what the audit finds allowed.
        const missing = (['from', 'to', 'source', 'destination', 'service', 'application'] as const).filter(key => rule[key].length === 0);
        if (missing.length) throw new ConfigError(`${options.file} line ${rule.line}: rule ${rule.name} has no ${missing.join(', ')} (PAN-OS requires each; write any for all)`, rule.line);
        const location = at(rule.line, rule.text);
        // Conditions the audit cannot evaluate: the rule may or may not match a packet (its action is known).
        let uncertain: string | undefined;
        if (rule.schedule !== undefined) {
            const schedule = config.schedules.get(rule.schedule);
            if (!schedule) uncertain = `schedule ${rule.schedule} is not defined in this file`;
            else if (!schedule.nonRecurring) uncertain = `schedule ${rule.schedule} is recurring: the audit judges non-recurring schedules only`;
            else {
                const active = schedule.nonRecurring.map(r => inSchedule(r, options));
                if (active.some(a => a === undefined)) uncertain = `schedule ${rule.schedule} has a range the audit cannot read`;
                else if (active.every(a => a === 'inactive')) continue; // expired or not yet started: matches nothing
                else if (!active.includes('active')) uncertain = `schedule ${rule.schedule} starts or ends within hours of the audit's time, in the firewall's own time zone (which the configuration does not give)`;
            }
        }
        // Applications that are ICMP only never match a TCP or UDP connection.
        const applications = rule.application.filter(a => !ICMP_APPLICATIONS.has(a));
        if (applications.length === 0) continue;
        if (!applications.includes('any')) uncertain ??= `App-ID application ${applications.join(', ')}: the audit cannot tell which packets are ${applications.length > 1 ? 'these applications' : 'that application'}`;
        if (rule.sourceUser.some(u => u !== 'any')) uncertain ??= `source user ${rule.sourceUser.join(', ')}: the audit cannot tell which hosts the users are on`;
        if (rule.category.some(c => c !== 'any')) uncertain ??= `URL category ${rule.category.join(', ')}: the audit does not evaluate URL filtering`;
        if (rule.notEvaluated.length) uncertain ??= `${rule.notEvaluated.join('; ')}: conditions the audit does not evaluate`;
        const action = rule.action === 'allow' ? 'accept' as const
            : ['deny', 'drop', 'reset-client', 'reset-server', 'reset-both'].includes(rule.action ?? '') ? 'drop' as const : undefined;
        if (!action && rule.action !== undefined) throw new ConfigError(`${options.file} line ${rule.line}: rule ${rule.name} has action '${rule.action}' (allow, deny, drop or reset-…)`, rule.line);
        // Without an action nothing about the rule's verdict is known.
        const unknown = action ? undefined : `rule ${rule.name} has no action`;
        const parts = rule.service.flatMap(s => s === 'application-default'
            ? [{ protocols: ['tcp', 'udp'] as Transport[], destinationPorts: ALL_PORTS, sourcePorts: ALL_PORTS, unknown: `application-default: ${applications.includes('any') ? 'each application is allowed' : `${applications.join(', ')} ${applications.length > 1 ? 'are' : 'is'} allowed`} on its own default ports only, which the configuration does not list` }]
            : resolver.service(s));
        const sources = resolver.addresses(rule.source, rule.negateSource);
        const destinations = resolver.addresses(rule.destination, rule.negateDestination);
        const from = zonesOf(rule.from), to = zonesOf(rule.to);
        // The zone pairs the rule covers (all of from × to, or by rule-type only the same or only
        // different zones), then where the addresses of an unmapped zone might be: uncertain.
        const regions: { from: AddressSet; to: AddressSet; why?: string }[] = [];
        const sameZone = rule.ruleType === 'intrazone', otherZone = rule.ruleType === 'interzone';
        if (sameZone || otherZone) {
            for (const f of from.zones) for (const t of to.zones) if ((f === t) === sameZone) regions.push({ from: behind.get(f)!, to: behind.get(t)! });
        } else if (!from.set.isEmpty && !to.set.isEmpty) {
            regions.push({ from: from.set, to: to.set });
        }
        const maybe = from.maybe ?? to.maybe;
        if (maybe) {
            const fromMaybe = from.maybe ? unmappedSpace : AddressSet.EMPTY, toMaybe = to.maybe ? unmappedSpace : AddressSet.EMPTY;
            if (sameZone) regions.push({ from: fromMaybe, to: toMaybe, why: maybe });
            else regions.push({ from: fromMaybe, to: to.set.union(toMaybe), why: maybe }, { from: from.set, to: toMaybe, why: maybe });
        }
        rules.push(...zonePolicyRules({ parts, regions, sources, destinations, everyAddress: EVERY_ADDRESS, action: action ?? 'accept', unknown, uncertain, location }));
    }
    // The default rules, as the configuration overrides them (`default-security-rules`) or as PAN-OS sets them.
    const defaultAction = (name: 'intrazone-default' | 'interzone-default', platform: 'allow' | 'deny') => {
        const override = config.defaults.get(name);
        const action = override?.action ?? platform;
        const verdict = action === 'allow' ? 'accept' as const : ['deny', 'drop', 'reset-client', 'reset-server', 'reset-both'].includes(action) ? 'drop' as const : undefined;
        if (!verdict) throw new ConfigError(`${options.file} line ${override?.line ?? 0}: ${name} has action '${action}' (allow, deny, drop or reset-…)`, override?.line);
        const what = name === 'intrazone-default' ? 'traffic within a zone' : 'traffic between different zones';
        return { verdict, location: at(override?.line ?? 0, `${name}: ${what} is ${verdict === 'accept' ? 'allowed' : 'denied'}${override ? ' (overridden in the configuration)' : ''}`) };
    };
    const intrazone = defaultAction('intrazone-default', 'allow');
    for (const [zone, set] of behind) {
        rules.push({ match: { sources: set, destinations: set }, action: { kind: intrazone.verdict }, location: { ...intrazone.location, text: intrazone.location.text.replace('a zone', `zone ${zone}`) } });
    }
    return { name, rules, policy: defaultAction('interzone-default', 'deny') };
}

const KIND = 'Palo Alto PAN-OS';

/** A firewall with one virtual system (or none): its zones are the plan's zone names, or `--map zone=<vsys>/<zone>`. */
function singleVsysPolicy(device: PanDevice, vsys: string, options: ImportOptions): FirewallPolicy {
    const config = vsysConfig(device, vsys);
    const names = zoneNamesOf(config);
    const given = new Map<string, AddressSet>();
    for (const zone of names) {
        const set = options.interfaces.get(`${vsys}/${zone}`) ?? options.interfaces.get(zone);
        if (set) given.set(zone, set);
    }
    const behind = addressesBehind(given.keys(), given);
    const chain = securityChain(config, behind, zone => `--map <plan zone>=${zone}`, 'security', options);
    return { kind: KIND, chains: new Map([['security', chain]]), entry: ['security'], families: new Set(['ipv4', 'ipv6']), unevaluated: device.unevaluated };
}

/**
 * A firewall with several virtual systems: each has its own zones and rulebase, and a connection
 * between two zones of one vsys is decided by that vsys's rules only. A zone is found as
 * `<vsys>/<zone>` in the map (`--map backup=vsys2/trust`), or by its bare name when no other vsys
 * has a zone of that name. A connection from one vsys's zone to another's crosses virtual systems
 * (through their external zones and both rulebases), which the audit does not evaluate: unknown.
 */
function multiVsysPolicy(device: PanDevice, names: readonly string[], options: ImportOptions): FirewallPolicy {
    const configs = new Map(names.map(v => [v, vsysConfig(device, v)]));
    const zonesByVsys = new Map(names.map(v => [v, zoneNamesOf(configs.get(v)!)]));
    const holders = (zone: string) => names.filter(v => zonesByVsys.get(v)!.has(zone));
    const given = new Map<string, AddressSet>();
    const ambiguous: string[] = [];
    for (const [vsys, zones] of zonesByVsys) {
        for (const zone of zones) {
            const qualified = options.interfaces.get(`${vsys}/${zone}`);
            const bare = options.interfaces.get(zone);
            if (qualified) given.set(`${vsys}/${zone}`, qualified);
            else if (bare && holders(zone).length === 1) given.set(`${vsys}/${zone}`, bare);
            else if (bare && !ambiguous.includes(zone)) ambiguous.push(zone);
        }
    }
    // A plan zone whose name is in several vsys is somewhere the map does not say: its addresses are
    // none of the others' (an internet zone does not take them), and the connections reaching them stay unknown.
    const placed = new Map(given);
    for (const zone of ambiguous) placed.set(`?/${zone}`, options.interfaces.get(zone)!);
    const behind = new Map([...addressesBehind(placed.keys(), placed)].filter(([name]) => !name.startsWith('?/')));
    const chains = new Map<string, PolicyChain>();
    const spaces = new Map<string, AddressSet>();
    for (const vsys of names) {
        const own = new Map([...zonesByVsys.get(vsys)!].filter(z => behind.has(`${vsys}/${z}`)).map(z => [z, behind.get(`${vsys}/${z}`)!] as const));
        spaces.set(vsys, [...own.values()].reduce((u, s) => u.union(s), AddressSet.EMPTY));
        const unmapped = (zone: string) => ambiguous.includes(zone)
            ? `a zone of that name is in ${holders(zone).join(' and ')}: say which with --map <plan zone>=${vsys}/${zone}`
            : `--map <plan zone>=${vsys}/${zone}`;
        chains.set(vsys, securityChain(configs.get(vsys)!, own, unmapped, vsys, options));
    }
    const at = (text: string): ConfigLocation => ({ file: options.file, line: 0, text });
    const rules: PolicyRule[] = [];
    // Addresses in zones of two virtual systems (one plan zone mapped to both): which vsys sees them is not known.
    const overlap = names.flatMap((v, i) => names.slice(i + 1).map(w => spaces.get(v)!.intersect(spaces.get(w)!))).reduce((u, s) => u.union(s), AddressSet.EMPTY);
    if (!overlap.isEmpty) {
        const why = `${overlap.format()} is mapped to zones of more than one virtual system: which one's rules decide is not known`;
        rules.push({ match: { sources: overlap }, action: { kind: 'drop' }, unknown: why, location: at('virtual systems') });
        rules.push({ match: { destinations: overlap }, action: { kind: 'drop' }, unknown: why, location: at('virtual systems') });
    }
    for (const vsys of names) rules.push({ match: { sources: spaces.get(vsys)!, destinations: spaces.get(vsys)! }, action: { kind: 'goto', chain: vsys }, location: at(`virtual system ${vsys}`) });
    for (const from of names) {
        for (const to of names.filter(w => w !== from)) {
            rules.push({
                match: { sources: spaces.get(from)!, destinations: spaces.get(to)! }, action: { kind: 'drop' }, location: at(`from ${from} to ${to}`),
                unknown: `the connection goes from a zone of ${from} to a zone of ${to}: traffic between virtual systems passes both rulebases through their external zones, which the audit does not evaluate`
            });
        }
    }
    const lost = ambiguous.length
        ? `zone ${ambiguous.join(', ')} is in more than one virtual system (${holders(ambiguous[0]).join(', ')}): say which with --map <plan zone>=${holders(ambiguous[0])[0]}/${ambiguous[0]}`
        : `the addresses are in no zone of a virtual system that is mapped to the plan (--map <plan zone>=<vsys>/<zone>)`;
    rules.push({ match: {}, action: { kind: 'drop' }, unknown: lost, location: at('virtual systems') });
    chains.set('virtual systems', { name: 'virtual systems', rules, policy: { verdict: 'drop', location: at('virtual systems') } });
    return { kind: KIND, chains, entry: ['virtual systems'], families: new Set(['ipv4', 'ipv6']), unevaluated: device.unevaluated };
}

/**
 * A Panorama configuration holds device groups, each pushed to its own firewalls: the audit is of
 * one of them, with its ancestors' rules (`--device-group`). Without the option a configuration
 * whose rules are in one device group at most is read as that group's; with several it is refused
 * with their names.
 */
function deviceGroupOf(device: PanDevice, options: ImportOptions): PanDevice {
    const named = options.deviceGroup;
    const groups = [...device.deviceGroups.keys()];
    if (named !== undefined) {
        if (!device.deviceGroups.has(named)) {
            throw new ConfigError(`${options.file}: no device group ${named} in this configuration${groups.length ? ` (device groups: ${groups.join(', ')})` : ' (it has no device groups)'}`);
        }
        return pushedTo(device, named);
    }
    const withRules = groups.filter(g => device.deviceGroups.get(g)!.pre.length + device.deviceGroups.get(g)!.post.length > 0);
    if (withRules.length > 1) {
        const line = device.deviceGroups.get(withRules[1])!.line;
        throw new ConfigError(`${options.file}${line ? ` line ${line}` : ''}: a Panorama configuration with ${withRules.length} device groups that have rules (${withRules.join(', ')}): each is pushed to its own firewalls. Audit one at a time with --device-group <name>.`, line || undefined);
    }
    const only = withRules[0] ?? (groups.length === 1 ? groups[0] : undefined);
    return only === undefined ? device : pushedTo(device, only);
}

const XML = /<config[\s>]/;
const SET = /^set (?:vsys \S+ |shared |device-group \S+ )?(?:rulebase security rules|address|address-group|service|service-group|zone) /m;

export const panosImporter: ConfigImporter = {
    id: 'panos',
    label: 'Palo Alto PAN-OS',
    detail: 'XML export or set commands',
    detect: text => (XML.test(text) && /<(devices|shared)[\s>]/.test(text)) || SET.test(text),
    import(text: string, options: ImportOptions): FirewallPolicy {
        if (options.hook === 'input') throw new ConfigError(`${options.file}: a PAN-OS firewall filters traffic between zones; audit it without --host`);
        const device = deviceGroupOf(/^\s*(<\?xml|<config[\s>])/.test(text) ? readXmlExport(text, options.file) : readSetCommands(text, options.file), options);
        const used = [...device.vsys].filter(([, c]) => c.rules.length > 0 || c.zones.size > 0).map(([name]) => name);
        if (used.length === 0 && device.pre.length + device.post.length === 0 && device.shared.zones.size === 0 && !emptyConfigGiven(text, options)) {
            throw new ConfigError(`${options.file} has no security rules and no zones: is it a PAN-OS configuration?`);
        }
        if (used.length <= 1) return singleVsysPolicy(device, used[0] ?? 'vsys1', options);
        // Panorama pushes a device group's rules to the virtual systems its device group names, which a firewall's file does not say.
        const panorama = device.pre[0] ?? device.post[0];
        if (panorama) throw new ConfigError(`${options.file} line ${panorama.line}: Panorama rule ${panorama.name} in a configuration with several virtual systems (${used.join(', ')}): which vsys it is pushed to is not in this file. Audit one virtual system at a time.`, panorama.line);
        return multiVsysPolicy(device, used, options);
    }
};
