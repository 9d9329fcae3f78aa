import { AddressSet, parseAddress } from '../../network/addresses.js';
import { ALL_PORTS, portSetOf, type PortRange, type PortSet } from '../../network/ports.js';
import { type ConfigLocation, type FirewallPolicy, type PolicyRule, repliesPass } from '../firewall-policy.js';
import { EVERY_ADDRESS, EVERY_IPV4, EVERY_IPV6, type Transport } from '../traffic-space.js';
import { blocksAt, readFortigateConfig, type FortiBlock, type FortiEntry } from './fortigate-config.js';
import { hostNameOfFamily } from '../../network/host-name-family.js';
import { addressesBehind, ConfigError, emptyConfigGiven, mappedAddresses, knownHostNames, prefixOfMask, windowOfRule, withHostNameFamilies, type ConfigImporter, type ImportOptions } from './importer.js';
import { boundAround, LOCAL_TIME_SLACK_MS, wallClockTime, type TimeBound } from './time-window.js';
import { zonePolicyRules } from './zone-policy-rules.js';

/**
 * FortiGate (FortiOS) configuration, read by the `fortigate` importer: `show full-configuration` or a backup: firewall addresses
 * (IPv4 and IPv6, subnets and ranges), address groups (nested, with exclusions), custom services
 * with destination and source port ranges, service groups, interfaces grouped in zones, one-time
 * schedules, and the policies in the order of the list (not by id): first match, then the
 * implicit deny; replies of allowed sessions pass. Interfaces and zones are the plan's zone names
 * unless `--map zone=<interface>` says otherwise; a zone with `intrazone allow` passes traffic between
 * its interfaces after the policies. One VDOM at a time. FQDN, geography, wildcard and dynamic addresses,
 * users and groups, Internet Service, recurring schedules, negated services and services not
 * defined in the file (other than ALL, ALL_TCP, ALL_UDP) make a policy "unknown".
 */

interface Resolved { set: AddressSet; unknown?: string }
interface ServicePart { protocols: Transport[]; destinationPorts: PortSet; sourcePorts: PortSet; unknown?: string }

const setting = (entry: FortiEntry, key: string): string[] => entry.settings.get(key)?.values ?? [];
const first = (entry: FortiEntry, key: string): string | undefined => entry.settings.get(key)?.values[0];

function rangeOf(text: string): PortRange | undefined {
    const m = /^(\d+)(?:-(\d+))?$/.exec(text);
    if (!m) return undefined;
    const from = Number(m[1]), to = Number(m[2] ?? m[1]);
    if (to > 65535 || from > to) return undefined;
    return from === 0 && to === 0 ? undefined : { from: Math.max(1, from), to };
}

class Objects {
    private readonly addresses = new Map<string, FortiEntry>();
    private readonly addresses6 = new Map<string, FortiEntry>();
    private readonly groups = new Map<string, FortiEntry>();
    private readonly groups6 = new Map<string, FortiEntry>();
    private readonly services = new Map<string, FortiEntry>();
    private readonly serviceGroups = new Map<string, FortiEntry>();
    readonly schedules = new Map<string, FortiEntry>();
    readonly recurring = new Set<string>();
    readonly profileGroups = new Map<string, FortiEntry>();

    /** `hostNames`: the plan's host names (verify); an FQDN address of one is read as that name, for its family. */
    constructor(root: readonly FortiBlock[], private readonly file: string, private readonly hostNames: ReadonlySet<string> = new Set()) {
        const load = (path: string, into: Map<string, FortiEntry>) => { for (const b of blocksAt(root, path)) for (const e of b.entries) into.set(e.name, e); };
        load('firewall address', this.addresses);
        load('firewall address6', this.addresses6);
        load('firewall addrgrp', this.groups);
        load('firewall addrgrp6', this.groups6);
        load('firewall service custom', this.services);
        load('firewall service group', this.serviceGroups);
        load('firewall schedule onetime', this.schedules);
        load('firewall profile-group', this.profileGroups);
        for (const path of ['firewall schedule recurring', 'firewall schedule group']) for (const b of blocksAt(root, path)) for (const e of b.entries) this.recurring.add(e.name);
    }

    private address(entry: FortiEntry, six: boolean): Resolved {
        const type = first(entry, 'type') ?? (six ? 'ipprefix' : 'ipmask');
        const line = entry.line;
        if (type === 'iprange') {
            const parsed = parseAddress(`${first(entry, 'start-ip') ?? ''}-${first(entry, 'end-ip') ?? first(entry, 'start-ip') ?? ''}`);
            const at = entry.settings.get('start-ip')?.line ?? line;
            if ('error' in parsed || parsed.block.kind === 'host') throw new ConfigError(`${this.file} line ${at}: address ${entry.name}: start-ip/end-ip is not a range`, at);
            return { set: AddressSet.of([parsed.block]) };
        }
        if (type === 'ipmask' || type === 'ipprefix') {
            const [a, mask] = six ? [first(entry, 'ip6') ?? '::/0'] : setting(entry, 'subnet').length ? setting(entry, 'subnet') : ['0.0.0.0', '0.0.0.0'];
            const text = mask !== undefined ? `${a}/${prefixOfMask(mask, entry.settings.get('subnet')?.line ?? line)}` : a;
            const parsed = parseAddress(text);
            const at = entry.settings.get(six ? 'ip6' : 'subnet')?.line ?? line;
            if ('error' in parsed || parsed.block.kind === 'host') throw new ConfigError(`${this.file} line ${at}: address ${entry.name}: '${text}' is not a subnet`, at);
            return { set: AddressSet.of([parsed.block]) };
        }
        // `address` FQDNs resolve to IPv4 addresses (A records), `address6` FQDNs to IPv6 (AAAA).
        const host = first(entry, 'fqdn');
        if (type === 'fqdn' && host !== undefined && this.hostNames.has(host)) return { set: AddressSet.of([], [hostNameOfFamily(host, six ? 'ipv6' : 'ipv4')]) };
        const what = type === 'fqdn' ? `the host name ${first(entry, 'fqdn') ?? '?'}: the audit cannot resolve names` : `a ${type} address, which the audit does not evaluate`;
        return { set: AddressSet.EMPTY, unknown: `address ${entry.name} is ${what}` };
    }

    /** An address or group name of one family; `all` is every address of it. */
    resolve(name: string, six: boolean, seen = new Set<string>()): Resolved {
        const every = six ? EVERY_IPV6 : EVERY_IPV4;
        const object = (six ? this.addresses6 : this.addresses).get(name);
        if (object) return this.address(object, six);
        const group = (six ? this.groups6 : this.groups).get(name);
        if (group) {
            if (seen.has(name)) return { set: AddressSet.EMPTY, unknown: `address group ${name} contains itself` };
            seen.add(name);
            const members = setting(group, 'member').map(m => this.resolve(m, six, seen));
            const excluded = first(group, 'exclude') === 'enable' ? setting(group, 'exclude-member').map(m => this.resolve(m, six, seen)) : [];
            seen.delete(name);
            const unknown = [...members, ...excluded].find(p => p.unknown)?.unknown;
            const set = members.reduce((u, p) => u.union(p.set), AddressSet.EMPTY).subtract(excluded.reduce((u, p) => u.union(p.set), AddressSet.EMPTY));
            // With an exclusion not known exactly, no member address is certain.
            if (excluded.some(p => p.unknown)) return { set: AddressSet.EMPTY, unknown };
            // What is left of a host name's addresses, or without them, depends on what it resolves to.
            if (excluded.length > 0 && [...members, ...excluded].some(p => p.set.names.size > 0)) {
                return { set: AddressSet.EMPTY, unknown: `address group ${name} excludes addresses from a host name's, or a host name's from addresses: which remain depends on what the name resolves to` };
            }
            return { set, unknown };
        }
        if (name === 'all') return { set: every };
        if (name === 'none') return { set: AddressSet.EMPTY };
        return { set: AddressSet.EMPTY, unknown: `address ${name} is not defined in this file` };
    }

    service(name: string, seen = new Set<string>()): ServicePart[] {
        const all = (protocols: Transport[]): ServicePart[] => [{ protocols, destinationPorts: ALL_PORTS, sourcePorts: ALL_PORTS }];
        const object = this.services.get(name);
        if (object) {
            const protocol = (first(object, 'protocol') ?? 'TCP/UDP/SCTP').toUpperCase();
            if (protocol === 'IP') {
                const number = Number(first(object, 'protocol-number') ?? '0');
                return number === 0 ? all(['tcp', 'udp']) : number === 6 ? all(['tcp']) : number === 17 ? all(['udp']) : [];
            }
            if (protocol !== 'TCP/UDP/SCTP' && protocol !== 'TCP/UDP/UDP-LITE/SCTP') return []; // ICMP, ICMP6, …: no TCP or UDP
            const unknown = first(object, 'iprange') || first(object, 'fqdn') ? `service ${name} is limited to destinations (iprange/fqdn), which the audit does not evaluate` : undefined;
            const parts: ServicePart[] = [];
            for (const [key, transport] of [['tcp-portrange', 'tcp'], ['udp-portrange', 'udp']] as const) {
                for (const item of setting(object, key)) {
                    const [destination, source, extra] = item.split(':');
                    const d = rangeOf(destination), s = source === undefined ? undefined : rangeOf(source);
                    const line = object.settings.get(key)!.line;
                    if (!d || (source !== undefined && !s) || extra !== undefined) throw new ConfigError(`${this.file} line ${line}: service ${name}: '${item}' is not a port range (port[-port][:source port[-port]])`, line);
                    parts.push({ protocols: [transport], destinationPorts: portSetOf([d]), sourcePorts: s ? portSetOf([s]) : ALL_PORTS, unknown });
                }
            }
            return parts;
        }
        const group = this.serviceGroups.get(name);
        if (group) {
            if (seen.has(name)) return [{ ...all(['tcp', 'udp'])[0], unknown: `service group ${name} contains itself` }];
            seen.add(name);
            const parts = setting(group, 'member').flatMap(m => this.service(m, seen));
            seen.delete(name);
            return parts;
        }
        if (name === 'ALL') return all(['tcp', 'udp']);
        if (name === 'ALL_TCP') return all(['tcp']);
        if (name === 'ALL_UDP') return all(['udp']);
        return [{ ...all(['tcp', 'udp'])[0], unknown: `service ${name} is not defined in this file (the audit does not assume the ports of predefined services)` }];
    }
}

/**
 * The settings of a firewall policy, from Fortinet's FortiOS CLI reference: those the audit models,
 * those that do not change which connections pass (labels, logging, NAT, shaping, and the security
 * profiles, which drop what a connection carries — an attack, a file, a URL — never a connection for
 * its addresses and ports: PAN-OS's profile settings are read alike), and those that may name
 * application control, which decides by the application a connection is (an `application-list`, or
 * a profile group that holds one or is not in the file): an accepting policy with one of them is
 * unknown. Any other setting makes the policy unknown, at its line.
 */
export const FORTIGATE_POLICY_WORDS = {
    modeled: [
        'srcintf', 'dstintf', 'srcaddr', 'dstaddr', 'srcaddr6', 'dstaddr6', 'srcaddr-negate', 'dstaddr-negate', 'srcaddr6-negate', 'dstaddr6-negate',
        'action', 'status', 'schedule', 'service', 'service-negate', 'users', 'groups', 'fsso-groups',
        'internet-service', 'internet-service-name', 'internet-service-id', 'internet-service-src', 'internet-service-src-name', 'internet-service-src-id',
        'internet-service6', 'internet-service6-name', 'internet-service6-src', 'internet-service6-src-name'
    ],
    noEffect: [
        'name', 'uuid', 'comments', 'logtraffic', 'logtraffic-start', 'nat', 'ippool', 'poolname', 'poolname6', 'natip', 'fixedport', 'auto-asic-offload',
        'traffic-shaper', 'traffic-shaper-reverse', 'per-ip-shaper', 'global-label', 'label', 'match-vip', 'capture-packet', 'utm-status', 'inspection-mode',
        'profile-type', 'profile-protocol-options', 'ssl-ssh-profile', 'av-profile', 'webfilter-profile', 'dnsfilter-profile',
        'emailfilter-profile', 'ips-sensor', 'dlp-profile', 'dlp-sensor', 'file-filter-profile', 'icap-profile', 'waf-profile', 'voip-profile', 'cifs-profile', 'ssh-filter-profile',
        'replacemsg-override-group', 'diffserv-forward', 'diffserv-reverse', 'tcp-mss-sender', 'tcp-mss-receiver', 'block-notification', 'wccp', 'ntlm'
    ],
    applicationControl: ['application-list', 'profile-group']
} as const;
const POLICY_MODELED = new Set<string>(FORTIGATE_POLICY_WORDS.modeled), POLICY_NO_EFFECT = new Set<string>(FORTIGATE_POLICY_WORDS.noEffect);
const POLICY_APPLICATION_CONTROL = new Set<string>(FORTIGATE_POLICY_WORDS.applicationControl);
const BY_APPLICATION = 'application control blocks connections by the application they are, which the audit cannot see';

/** `HH:MM YYYY/MM/DD` as a wall-clock time (read as if UTC); undefined when it is not a real date and time. */
function timeOf(text: string | undefined): number | undefined {
    const m = /^(\d{1,2}):(\d{2}) (\d{4})\/(\d{1,2})\/(\d{1,2})$/.exec(text ?? '');
    return m ? wallClockTime(Number(m[3]), Number(m[4]), Number(m[5]), Number(m[1]), Number(m[2])) : undefined;
}

/** Whether a one-time schedule is active at the instant read: 'active', 'inactive', or why it cannot be told. */
function onetimeActive(schedule: FortiEntry, options: ImportOptions): 'active' | 'inactive' | string {
    // start-utc / end-utc (epoch seconds) are exact; start / end are local wall-clock minutes.
    // The end minute is the last one the schedule is active.
    const bound = (key: 'start' | 'end', shift: number): TimeBound | undefined | 'unreadable' => {
        const utc = first(schedule, `${key}-utc`);
        if (utc !== undefined && /^\d+$/.test(utc)) return boundAround(Number(utc) * 1000 + shift, 0);
        const text = first(schedule, key);
        if (text === undefined) return undefined;
        const at = timeOf(text);
        return at === undefined ? 'unreadable' : boundAround(at + shift, LOCAL_TIME_SLACK_MS);
    };
    const start = bound('start', 0), end = bound('end', 60_000);
    if (start === 'unreadable' || end === 'unreadable') return `schedule ${schedule.name} has a start or end the audit cannot read`;
    const window = windowOfRule(options, start, end);
    return window === 'uncertain'
        ? `schedule ${schedule.name} starts or ends within hours of the audit's time, in the FortiGate's own time zone (which the file does not give)`
        : window;
}

/** Why an accepting policy's `application-list` or `profile-group` leaves its verdict unknown; undefined for a group without application control. */
function applicationControl(key: string, name: string, line: number, objects: Objects): string | undefined {
    if (key !== 'profile-group') return `set ${key} ${name} (line ${line}): ${BY_APPLICATION}`;
    const group = objects.profileGroups.get(name);
    if (!group) return `set profile-group ${name} (line ${line}): profile group ${name} is not defined in this file, and it may hold application control, which blocks connections by the application they are`;
    const list = group.settings.get('application-list');
    return list ? `set profile-group ${name} (line ${line}): profile group ${name} holds application-list ${list.values.join(' ')} (line ${list.line}): ${BY_APPLICATION}` : undefined;
}

function policyOf(root: readonly FortiBlock[], options: ImportOptions): FirewallPolicy {
    const objects = new Objects(root, options.file, knownHostNames(options));
    // In policy-based NGFW mode a firewall policy only admits traffic to the security policies.
    const policyBased = blocksAt(root, 'system settings').some(b => b.settings.get('ngfw-mode')?.values[0] === 'policy-based')
        || blocksAt(root, 'firewall security-policy').some(b => b.entries.length > 0);
    const policies = blocksAt(root, 'firewall policy').flatMap(b => b.entries);
    const unevaluated: FirewallPolicy['unevaluated'][number][] = [];
    if (blocksAt(root, 'firewall policy6').some(b => b.entries.length)) {
        unevaluated.push({ line: blocksAt(root, 'firewall policy6')[0].line, text: 'config firewall policy6', why: 'separate IPv6 policies of FortiOS before 6.4: not evaluated' });
    }
    const zones = blocksAt(root, 'system zone').flatMap(b => b.entries);
    // A zone stands for its member interfaces, and for whatever the plan maps to its own name.
    const interfaces = new Map(options.interfaces);
    for (const zone of zones) {
        const set = mappedAddresses([zone.name, ...setting(zone, 'interface')], options.interfaces);
        if (set) interfaces.set(zone.name, set);
    }
    const names = new Set(policies.flatMap(p => [...setting(p, 'srcintf'), ...setting(p, 'dstintf')]).filter(n => n !== 'any'));
    // Verify: each zone's host names, for either family (an `address` FQDN is the name's IPv4 addresses).
    const behind = new Map([...addressesBehind(names, interfaces)].map(([n, set]) => [n, withHostNameFamilies(set)]));
    const everywhere = withHostNameFamilies(EVERY_ADDRESS.union(AddressSet.of([], knownHostNames(options))));
    // Addresses behind no mapped interface of the device (named by a policy, a zone or `config system interface`): those an unmapped one may carry.
    const deviceInterfaces = new Set([...names, ...zones.flatMap(z => setting(z, 'interface')), ...blocksAt(root, 'system interface').flatMap(b => b.entries.map(e => e.name))]);
    const unmappedSpace = EVERY_ADDRESS.subtract([...deviceInterfaces].reduce((u, n) => u.union(interfaces.get(n) ?? AddressSet.EMPTY), AddressSet.EMPTY));
    /** A policy's interfaces: the addresses behind those mapped, and (maybe) those an unmapped one or one the file does not give may carry. */
    const intfOf = (policy: FortiEntry, key: 'srcintf' | 'dstintf'): { set: AddressSet; maybe?: AddressSet; why?: string } => {
        const list = setting(policy, key);
        if (list.length === 0) return { set: AddressSet.EMPTY, maybe: EVERY_ADDRESS, why: `policy ${policy.name} has no ${key}: FortiOS stores no policy without one, so the file does not hold all of this policy` };
        if (list.includes('any')) return { set: everywhere };
        const unmapped = list.filter(n => !behind.has(n));
        const set = list.filter(n => behind.has(n)).reduce((u, n) => u.union(behind.get(n)!), AddressSet.EMPTY);
        if (unmapped.length === 0) return { set };
        return { set, maybe: unmappedSpace, why: `interface ${unmapped.join(', ')} is not mapped to a zone of the plan (--map <plan zone>=${unmapped[0]}): which addresses it carries is not known` };
    };
    const at = (line: number, text: string): ConfigLocation => ({ file: options.file, line, text });
    const rules: PolicyRule[] = [repliesPass(options.file, 'stateful: replies of allowed sessions pass')];
    for (const policy of policies) {
        if (first(policy, 'status') === 'disable') continue;
        const name = first(policy, 'name');
        const location = at(policy.line, `policy ${policy.name}${name ? ` (${name})` : ''}`);
        // Conditions the audit cannot evaluate: the policy may or may not match a packet (its action is known).
        let uncertain: string | undefined;
        const schedule = first(policy, 'schedule') ?? 'always';
        if (schedule !== 'always') {
            const onetime = objects.schedules.get(schedule);
            if (onetime) {
                const active = onetimeActive(onetime, options);
                if (active === 'inactive') continue; // not active: matches nothing
                if (active !== 'active') uncertain = active;
            } else uncertain = objects.recurring.has(schedule) ? `schedule ${schedule} is recurring: the audit judges one-time schedules only` : `schedule ${schedule} is not defined in this file`;
        }
        const action = first(policy, 'action') ?? 'deny';
        // What the policy then does is not known at all.
        let unknown: string | undefined;
        if (action !== 'accept' && action !== 'deny') unknown = `action ${action}: the audit evaluates accept and deny`;
        for (const [key, value] of policy.settings) {
            if (POLICY_MODELED.has(key) || POLICY_NO_EFFECT.has(key)) continue;
            if (POLICY_APPLICATION_CONTROL.has(key)) {
                if (action === 'accept') unknown ??= applicationControl(key, value.values.join(' '), value.line, objects);
                continue;
            }
            unknown ??= `set ${key} (line ${value.line}) is not a policy setting the audit knows: what it does to the connections the policy matches is not known`;
        }
        for (const key of ['users', 'groups', 'fsso-groups']) if (setting(policy, key).length) uncertain ??= `${key} ${setting(policy, key).join(', ')}: the audit cannot tell which hosts they are on`;
        // Internet Service objects take the place of the addresses (and, for the destination, of the
        // service) on their side: that side may be any address and any port.
        const internetService = (side: 'src' | 'dst', six: boolean) => first(policy, `internet-service${six ? '6' : ''}${side === 'src' ? '-src' : ''}`) === 'enable';
        const anyInternetService = [false, true].some(six => internetService('src', six) || internetService('dst', six));
        if (anyInternetService) uncertain ??= 'Internet Service objects: the audit does not have their addresses';
        // The security policies decide what an accepting policy lets in, and what they drop goes to no later policy.
        if (action === 'accept' && policyBased) unknown ??= 'NGFW policy-based mode: security policies (config firewall security-policy) decide what this policy lets in, and the audit does not evaluate them';
        const from = intfOf(policy, 'srcintf'), to = intfOf(policy, 'dstintf');
        // The interfaces known to match, then where an unmapped one (or one the file does not give) might carry the traffic.
        const regions: { from: AddressSet; to: AddressSet; why?: string }[] = [{ from: from.set, to: to.set }];
        if (from.maybe) regions.push({ from: from.maybe, to: to.set.union(to.maybe ?? AddressSet.EMPTY), why: from.why });
        if (to.maybe) regions.push({ from: from.set, to: to.maybe, why: to.why });
        const services = setting(policy, 'service').length ? setting(policy, 'service') : [];
        // A negated service matches every service but those listed: any TCP or UDP port may be in it.
        const negated = first(policy, 'service-negate') === 'enable';
        const parts = negated || (services.length === 0 && [false, true].some(six => internetService('dst', six)))
            ? [{ protocols: ['tcp', 'udp'] as Transport[], destinationPorts: ALL_PORTS, sourcePorts: ALL_PORTS, unknown: negated ? 'a negated service: not evaluated' : undefined }]
            : services.flatMap(s => objects.service(s));
        // Per family, both ends must be given (srcaddr with dstaddr, srcaddr6 with dstaddr6).
        const side = (key: string, six: boolean, negate: boolean): Resolved | undefined => {
            const list = setting(policy, key);
            if (internetService(key.startsWith('src') ? 'src' : 'dst', six)) return { set: AddressSet.EMPTY, unknown: 'Internet Service objects: the audit does not have their addresses' };
            if (list.length === 0) return undefined;
            const parts = list.map(n => objects.resolve(n, six));
            const set = parts.reduce((u, p) => u.union(p.set), AddressSet.EMPTY);
            const doubt = parts.find(p => p.unknown)?.unknown;
            if (!negate) return { set, unknown: doubt };
            return doubt ? { set: AddressSet.EMPTY, unknown: doubt } : { set: (six ? EVERY_IPV6 : EVERY_IPV4).subtract(set) };
        };
        const families = [
            [side('srcaddr', false, first(policy, 'srcaddr-negate') === 'enable'), side('dstaddr', false, first(policy, 'dstaddr-negate') === 'enable'), EVERY_IPV4],
            [side('srcaddr6', true, first(policy, 'srcaddr6-negate') === 'enable'), side('dstaddr6', true, first(policy, 'dstaddr6-negate') === 'enable'), EVERY_IPV6]
        ] as const;
        const kind = action === 'accept' ? 'accept' as const : 'drop' as const;
        for (const [sources, destinations, family] of families) {
            if (!sources || !destinations) continue;
            rules.push(...zonePolicyRules({ parts, regions, sources, destinations, everyAddress: family, action: kind, unknown, uncertain, location }));
        }
    }
    // A zone with `intrazone allow` passes traffic between its interfaces that no policy decided.
    // Interfaces by themselves (a zone is the union of its members, not a network around them).
    const zoneNames = new Set(zones.map(z => z.name));
    const memberBehind = addressesBehind([...zones.flatMap(z => setting(z, 'interface')), ...[...names].filter(n => !zoneNames.has(n))], options.interfaces);
    for (const zone of zones.filter(z => first(z, 'intrazone') === 'allow')) {
        const members = setting(zone, 'interface');
        const unmapped = members.filter(m => !memberBehind.has(m));
        const line = zone.settings.get('intrazone')!.line;
        const mappedMembers = members.filter(m => memberBehind.has(m));
        for (const a of mappedMembers) for (const b of mappedMembers) {
            rules.push({ match: { sources: memberBehind.get(a)!, destinations: memberBehind.get(b)! }, action: { kind: 'accept' }, location: at(line, `zone ${zone.name}: intrazone allow (${a} to ${b})`) });
        }
        if (unmapped.length) {
            // Between an unmapped member and a member: only where both ends may be behind the zone's interfaces.
            const mine = mappedMembers.reduce((u, m) => u.union(memberBehind.get(m)!), AddressSet.EMPTY);
            const outside = EVERY_ADDRESS.subtract([...memberBehind.values()].reduce((u, set) => u.union(set), AddressSet.EMPTY));
            const why = `zone ${zone.name} allows traffic between its interfaces, and interface ${unmapped.join(', ')} is not mapped to a zone of the plan (--map <plan zone>=${unmapped[0]})`;
            const location = at(line, `zone ${zone.name}: intrazone allow`);
            rules.push({ match: { sources: outside, destinations: mine.union(outside) }, action: { kind: 'accept' }, uncertain: why, location });
            rules.push({ match: { sources: mine, destinations: outside }, action: { kind: 'accept' }, uncertain: why, location });
        }
    }
    const chains = new Map([['policy', { name: 'policy', rules, policy: { verdict: 'drop' as const, location: at(0, 'implicit deny (policy 0): no policy matches') } }]]);
    return { kind: 'FortiGate', chains, entry: ['policy'], families: new Set(['ipv4', 'ipv6']), unevaluated };
}

export const fortigateImporter: ConfigImporter = {
    id: 'fortigate',
    label: 'FortiGate',
    detail: 'show full-configuration, or a backup file',
    detect: text => /^config firewall (policy|address|service custom)\s*$/m.test(text) && /^\s+edit \S/m.test(text),
    import(text: string, options: ImportOptions): FirewallPolicy {
        if (options.hook === 'input') throw new ConfigError(`${options.file}: a FortiGate filters traffic between interfaces; audit it without --host`);
        const root = readFortigateConfig(text, options.file);
        // Each VDOM is a firewall of its own: their policies are not one list.
        const vdoms = blocksAt(root, 'vdom').flatMap(b => b.entries).filter(v => blocksAt(v.blocks, 'firewall policy').some(b => b.entries.length));
        if (vdoms.length > 1) {
            throw new ConfigError(`${options.file}: ${vdoms.length} VDOMs have policies (${vdoms.map(v => v.name).join(', ')}); each is a firewall of its own — audit one at a time (its \`config vdom\` / \`edit <name>\` section)`, vdoms[1].line);
        }
        if (blocksAt(root, 'firewall policy').length === 0 && !emptyConfigGiven(text, options)) throw new ConfigError(`${options.file} has no \`config firewall policy\` block: is it a FortiGate configuration?`);
        // Addresses, services, schedules and zones are per VDOM too: read only the one with the policies.
        return policyOf(vdoms.length === 1 ? vdoms[0].blocks : root, options);
    }
};
