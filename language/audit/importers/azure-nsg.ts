import type { Node } from 'jsonc-parser';
import { AddressSet, parseAddress } from '../../network/addresses.js';
import { ALL_PORTS, portSetOf, type PortSet } from '../../network/ports.js';
import { type ConfigLocation, type FirewallPolicy, type PolicyChain, type PolicyRule, repliesPass } from '../firewall-policy.js';
import { EVERY_ADDRESS, type Transport, type TrafficMatch } from '../traffic-space.js';
import { ConfigError, mappedAddresses, type ConfigImporter, type ImportOptions } from './importer.js';
import { child, elements, JsonConfig, stringAt, valueAt } from './json-config.js';

/**
 * Azure network security groups as `az network nsg show` (one group) or `az network nsg list`
 * (several) print them. Each group's rules are evaluated by priority, lowest first, first match
 * wins, inbound for traffic to the group's hosts and outbound for traffic from them; the default
 * rules (AllowVnetInBound, AllowAzureLoadBalancerInBound, DenyAllInBound and the outbound three)
 * apply after them, also when the export leaves them out. A host behind a subnet's group and its
 * network interface's group passes both. Replies of allowed connections pass.
 *
 * Which hosts a group guards: the zones mapped to the group's name or to the name of a subnet or
 * network interface it is attached to (`--map zone=<name>`). The `VirtualNetwork` tag is the
 * zones mapped to `VirtualNetwork` and those behind the group itself; where the user has not
 * mapped `VirtualNetwork`, whether another address belongs to it is unknown, and so is the
 * `Internet` tag (everything outside the virtual network). Other service tags and application
 * security groups are unknown too; nothing is guessed. The `VirtualNetwork` tag of a group holds its
 * own hosts and the zones mapped to `VirtualNetwork`, not the hosts of the file's other groups: a
 * list can span unpeered virtual networks.
 */

/** Azure's documented default rules, in the shape the export gives them. */
const DEFAULT_RULES = [
    { name: 'AllowVnetInBound', priority: 65000, direction: 'Inbound', access: 'Allow', source: 'VirtualNetwork', destination: 'VirtualNetwork' },
    { name: 'AllowAzureLoadBalancerInBound', priority: 65001, direction: 'Inbound', access: 'Allow', source: 'AzureLoadBalancer', destination: '*' },
    { name: 'DenyAllInBound', priority: 65500, direction: 'Inbound', access: 'Deny', source: '*', destination: '*' },
    { name: 'AllowVnetOutBound', priority: 65000, direction: 'Outbound', access: 'Allow', source: 'VirtualNetwork', destination: 'VirtualNetwork' },
    { name: 'AllowInternetOutBound', priority: 65001, direction: 'Outbound', access: 'Allow', source: '*', destination: 'Internet' },
    { name: 'DenyAllOutBound', priority: 65500, direction: 'Outbound', access: 'Deny', source: '*', destination: '*' }
] as const;

/** The platform's virtual public IP that health probes come from (the AzureLoadBalancer tag). */
const AZURE_PLATFORM = '168.63.129.16/32';

export interface SecurityRule {
    readonly name: string;
    readonly priority: number;
    readonly direction: 'Inbound' | 'Outbound';
    readonly access: 'Allow' | 'Deny';
    readonly protocols: Transport[];
    /** Address prefixes or tags as written, each with its line. */
    readonly sources: readonly Written[];
    readonly destinations: readonly Written[];
    readonly sourcePorts: PortSet;
    readonly destinationPorts: PortSet;
    /** Application security groups named as an end: the audit cannot tell their members. */
    readonly sourceGroups: readonly string[];
    readonly destinationGroups: readonly string[];
    readonly location: ConfigLocation;
    /** Why the rule may match other connections than it says (a field the audit does not know): it decides nothing for sure. */
    readonly unknown?: string;
}

/** A value as written in the export and the line it is on. */
export interface Written { readonly text: string; readonly line: number }

/** Addresses a prefix stands for: those known to match, and those that might (unknown, with why). */
interface Prefix { readonly set: AddressSet; readonly maybe?: { readonly set: AddressSet; readonly why: string } }

/** The TCP/UDP part of a rule's protocol; a value Azure does not have is a ConfigError (never silently no rule). */
function protocolsOf(protocol: string | undefined, line: number, file: string, name: string): Transport[] {
    switch (protocol?.toLowerCase()) {
        case '*': return ['tcp', 'udp'];
        case 'tcp': return ['tcp'];
        case 'udp': return ['udp'];
        case 'icmp': case 'esp': case 'ah': return []; // no TCP or UDP
        default: throw new ConfigError(`${file} line ${line}: security rule ${name}: protocol '${protocol ?? ''}' is not Tcp, Udp, Icmp, Esp, Ah or *`, line);
    }
}

/** Azure's port texts: `*`, `N` or `N-M`, 0 to 65535 (port 0 is no TCP or UDP port a host uses: left out). */
function portsOf(texts: readonly Written[], line: number, file: string, what: string): PortSet {
    if (texts.length === 0) throw new ConfigError(`${file} line ${line}: no ${what}`, line);
    if (texts.some(t => t.text === '*')) return ALL_PORTS;
    return portSetOf(texts.map(({ text, line }) => {
        const m = /^\s*(\d{1,5})(?:\s*-\s*(\d{1,5}))?\s*$/.exec(text);
        const from = m ? Number(m[1]) : NaN, to = m ? Number(m[2] ?? m[1]) : NaN;
        if (!m || from > 65535 || to > 65535 || from > to) throw new ConfigError(`${file} line ${line}: '${text}' is not a port or port range (0-65535)`, line);
        return { from: Math.max(1, from), to };
    }).filter(r => r.to >= 1));
}

/**
 * A security rule as a file holds it, whatever the file (the JSON of az network nsg show, or
 * Terraform): its properties by their names in Azure's API (`sourceAddressPrefix`), with lines.
 */
export interface WrittenRule {
    readonly name: string;
    readonly line: number;
    /** The line of a property (the rule's line when it is absent). */
    lineOf(key: string): number;
    /** A property's value as plain data; undefined or null when absent. */
    value(key: string): unknown;
    /** The line of an element of a list property. */
    elementLine(key: string, index: number): number;
    /** The application security groups a property names, by name. */
    applicationSecurityGroups(key: 'sourceApplicationSecurityGroups' | 'destinationApplicationSecurityGroups'): string[];
}

/** A single-or-list property pair (`sourceAddressPrefix` / `sourceAddressPrefixes`); anything but strings is a ConfigError. */
function oneOrMany(rule: WrittenRule, single: string, many: string, file: string): Written[] {
    const listValue = rule.value(many);
    let list: Written[] = [];
    if (listValue !== undefined && listValue !== null) {
        const line = rule.lineOf(many);
        if (!Array.isArray(listValue) || listValue.some(x => typeof x !== 'string')) throw new ConfigError(`${file} line ${line}: "${many}" is not a list of strings`, line);
        list = listValue.map((text: string, i) => ({ text, line: rule.elementLine(many, i) }));
    }
    const one = rule.value(single);
    if (one !== undefined && one !== null && typeof one !== 'string') {
        const line = rule.lineOf(single);
        throw new ConfigError(`${file} line ${line}: "${single}" is not a string`, line);
    }
    return typeof one === 'string' && one !== '' ? [{ text: one, line: rule.lineOf(single) }, ...list] : list;
}

export function readSecurityRule(rule: WrittenRule, file: string, isDefault: boolean): SecurityRule {
    const { name, line } = rule;
    const lineAt = (key: string) => rule.lineOf(key);
    const priority = rule.value('priority');
    const direction = rule.value('direction');
    const access = rule.value('access');
    const text = (v: unknown) => typeof v === 'string' ? v : '';
    if (typeof priority !== 'number') throw new ConfigError(`${file} line ${line}: security rule ${name} has no priority`, line);
    // Azure takes 100 to 4096 for the rules a user writes; the default rules are 65000 to 65500.
    const [low, high] = isDefault ? [65000, 65500] : [100, 4096];
    if (!Number.isInteger(priority) || priority < low || priority > high) throw new ConfigError(`${file} line ${lineAt('priority')}: security rule ${name}: priority ${priority} is not ${low} to ${high}`, lineAt('priority'));
    if (direction !== 'Inbound' && direction !== 'Outbound') throw new ConfigError(`${file} line ${line}: security rule ${name}: direction '${text(direction)}' is neither Inbound nor Outbound`, line);
    if (access !== 'Allow' && access !== 'Deny') throw new ConfigError(`${file} line ${line}: security rule ${name}: access '${text(access)}' is neither Allow nor Deny`, line);
    const sourceGroups = rule.applicationSecurityGroups('sourceApplicationSecurityGroups'), destinationGroups = rule.applicationSecurityGroups('destinationApplicationSecurityGroups');
    const sources = oneOrMany(rule, 'sourceAddressPrefix', 'sourceAddressPrefixes', file);
    const destinations = oneOrMany(rule, 'destinationAddressPrefix', 'destinationAddressPrefixes', file);
    // A rule without an end would match nothing here and so vanish: a deny dropped is a wider policy than Azure's.
    if (sources.length === 0 && sourceGroups.length === 0) throw new ConfigError(`${file} line ${line}: security rule ${name} has no source (address prefix or application security group)`, line);
    if (destinations.length === 0 && destinationGroups.length === 0) throw new ConfigError(`${file} line ${line}: security rule ${name} has no destination (address prefix or application security group)`, line);
    const protocol = rule.value('protocol');
    return {
        name, priority, direction, access, sourceGroups, destinationGroups, sources, destinations,
        protocols: protocolsOf(typeof protocol === 'string' ? protocol : undefined, lineAt('protocol'), file, name),
        sourcePorts: portsOf(oneOrMany(rule, 'sourcePortRange', 'sourcePortRanges', file), lineAt('sourcePortRange'), file, `source port range in security rule ${name}`),
        destinationPorts: portsOf(oneOrMany(rule, 'destinationPortRange', 'destinationPortRanges', file), lineAt('destinationPortRange'), file, `destination port range in security rule ${name}`),
        location: { file, line, text: `${name} (priority ${priority}, ${direction.toLowerCase()}, ${access.toLowerCase()})` }
    };
}

/** A rule of the JSON export: `properties` nested (ARM shape) or not. */
function jsonRule(rule: Node, json: JsonConfig): WrittenRule {
    const properties = child(rule, 'properties') ?? rule;
    const line = json.lineOf((child(rule, 'name') ?? rule).offset);
    return {
        name: stringAt(rule, 'name') ?? '?', line,
        lineOf: key => json.lineOf((child(properties, key) ?? child(rule, 'name') ?? rule).offset),
        value: key => valueAt(properties, key),
        elementLine: (key, i) => json.lineOf((elements(child(properties, key))[i] ?? properties).offset),
        applicationSecurityGroups: key => elements(child(properties, key)).map(g => (stringAt(g, 'id') ?? '?').split('/').pop()!)
    };
}

export interface Group { readonly name: string; readonly file: string; readonly line: number; readonly rules: SecurityRule[]; readonly members?: AddressSet }

/** The names a group is known by: its own, and its subnets' and network interfaces'. */
function namesOf(group: Node): string[] {
    const properties = child(group, 'properties') ?? group;
    const attached = ['subnets', 'networkInterfaces'].flatMap(key => elements(child(properties, key)).map(x => (stringAt(x, 'id') ?? '').split('/').pop() ?? ''));
    return [stringAt(group, 'name') ?? '', ...attached].filter(Boolean);
}

export const azureNsgImporter: ConfigImporter = {
    id: 'azure-nsg',
    label: 'Azure network security groups',
    detail: 'az network nsg show / list JSON',
    detect: text => /"securityRules"\s*:/.test(text) || /"defaultSecurityRules"\s*:/.test(text),
    import(text: string, options: ImportOptions): FirewallPolicy {
        return policyOfGroups(groupsOf(text, options), options);
    },
    // Several exports (a subnet's group and a network interface's, each from its own az network nsg show)
    // are one set of groups, as Azure applies them: a host behind both passes both.
    combine(configs, options): FirewallPolicy {
        return policyOfGroups(configs.flatMap(c => groupsOf(c.text, { ...options, file: c.file })), { ...options, file: configs.map(c => c.file).join(', ') });
    }
};

/** The groups of one export, each with its rules by priority and the defaults Azure adds. */
function groupsOf(text: string, options: ImportOptions): Group[] {
    const json = JsonConfig.parse(text, options.file, 'the output of az network nsg show or list');
    const nodes = json.root.type === 'array' ? elements(json.root) : [json.root];
    return nodes.map(node => {
        const line = json.lineOf(node.offset);
        const properties = child(node, 'properties') ?? node;
        const listed = child(properties, 'securityRules');
        if (node.type !== 'object' || (!listed && !child(properties, 'defaultSecurityRules'))) {
            throw new ConfigError(`${options.file} line ${line}: not a network security group (no "securityRules"): is it the output of az network nsg show?`, line);
        }
        const listOf = (key: string) => {
            const found = child(properties, key);
            if (found && found.type !== 'array') throw new ConfigError(`${options.file} line ${json.lineOf(found.offset)}: "${key}" is not a list`, json.lineOf(found.offset));
            return elements(found);
        };
        const custom = listOf('securityRules').map(r => readSecurityRule(jsonRule(r, json), options.file, false));
        const defaults = listOf('defaultSecurityRules').map(r => readSecurityRule(jsonRule(r, json), options.file, true));
        return groupOf(stringAt(node, 'name') ?? `group at line ${line}`, options.file, line, custom, defaults, mappedAddresses(namesOf(node), options.interfaces));
    });
}

/** A group with its rules by priority, and the default rules Azure adds that the file leaves out. */
export function groupOf(name: string, file: string, line: number, custom: readonly SecurityRule[], defaults: readonly SecurityRule[], members: AddressSet | undefined): Group {
    for (const [i, r] of custom.entries()) {
        const other = custom.slice(0, i).find(o => o.direction === r.direction && o.priority === r.priority);
        if (other) throw new ConfigError(`${file} line ${r.location.line}: security rules ${other.name} and ${r.name} both have ${r.direction.toLowerCase()} priority ${r.priority} (Azure takes each once)`, r.location.line);
    }
    const rules = [...custom, ...defaults];
    // An export without them still has them: Azure adds the default rules to every group.
    // Only the export's default rules stand for them: a rule of the user's may have a default's name.
    for (const d of DEFAULT_RULES) {
        if (defaults.some(r => r.name === d.name)) continue;
        rules.push({
            name: d.name, priority: d.priority, direction: d.direction, access: d.access, protocols: ['tcp', 'udp'],
            sources: [{ text: d.source, line: 0 }], destinations: [{ text: d.destination, line: 0 }], sourcePorts: ALL_PORTS, destinationPorts: ALL_PORTS, sourceGroups: [], destinationGroups: [],
            location: { file, line: 0, text: `default rule ${d.name} (priority ${d.priority})` }
        });
    }
    rules.sort((a, b) => a.priority - b.priority);
    return { name, file, line, rules, members };
}

/** The policy of a set of groups: each group's outbound rules for what leaves its hosts, its inbound rules for what reaches them. */
export function policyOfGroups(groups: readonly Group[], options: ImportOptions, kind = 'Azure network security groups'): FirewallPolicy {
    if (groups.every(g => !g.members)) {
        throw new ConfigError(`${options.file}: no network security group is mapped to a zone of the plan, so the audit cannot tell which hosts any of them guards. Map each zone to its group, subnet or network interface name: --map <zone>=<name> (groups: ${groups.slice(0, 5).map(g => g.name).join(', ')}${groups.length > 5 ? ', …' : ''}).`);
    }
    const guarded = groups.reduce((u, g) => u.union(g.members ?? AddressSet.EMPTY), AddressSet.EMPTY);
    const vnetMapped = options.interfaces.get('VirtualNetwork');
    const vnetUnknown = (tag: string) => `whether an address belongs to the ${tag} is not in the export: map the zones in the virtual network with --map zone=VirtualNetwork`;
    // A group's own hosts are in its virtual network; the other groups' hosts of a list may not be (another, unpeered one).
    const prefixOf = (text: string, line: number, own: AddressSet): Prefix => {
        const vnet = own.union(vnetMapped ?? AddressSet.EMPTY);
        const outsideVnet = EVERY_ADDRESS.subtract(vnet);
        switch (text) {
            case '*': case 'Any': return { set: EVERY_ADDRESS };
            case 'VirtualNetwork': return vnetMapped ? { set: vnet } : { set: vnet, maybe: { set: outsideVnet, why: vnetUnknown('VirtualNetwork tag (the virtual network, its peerings and connected networks)') } };
            case 'Internet': return vnetMapped ? { set: outsideVnet } : { set: AddressSet.EMPTY, maybe: { set: outsideVnet, why: vnetUnknown('Internet tag (everything outside the virtual network)') } };
            case 'AzureLoadBalancer': return { set: cidrOf(AZURE_PLATFORM, line) };
        }
        if (/^[A-Za-z][\w.]*$/.test(text)) return { set: AddressSet.EMPTY, maybe: { set: EVERY_ADDRESS, why: `service tag ${text}: the export does not hold its addresses` } };
        // A Terraform expression (a variable, a reference): its value is not in the file.
        if (/\$\{|%\{/.test(text)) return { set: AddressSet.EMPTY, maybe: { set: EVERY_ADDRESS, why: `${text.replace(/^\$\{([\s\S]*)\}$/, '$1')}: its value is not fixed in the file` } };
        return { set: cidrOf(text, line) };
    };
    const cidrOf = (text: string, line: number): AddressSet => {
        const parsed = parseAddress(text);
        if ('error' in parsed || parsed.block.kind === 'host') throw new ConfigError(`${options.file} line ${line}: '${text}' is not an address prefix or a service tag`, line);
        return AddressSet.of([parsed.block]);
    };
    const at = (line: number, text: string): ConfigLocation => ({ file: options.file, line, text });
    const chains = new Map<string, PolicyChain>();
    const entry: string[] = [];
    for (const direction of ['Outbound', 'Inbound'] as const) {
        for (const group of groups) {
            if (!group.members) continue;
            const rules: PolicyRule[] = [repliesPass(options.file, 'network security groups are stateful: replies of allowed connections pass')];
            for (const rule of group.rules.filter(r => r.direction === direction && (r.protocols.length > 0 || r.unknown))) {
                const action = { kind: rule.access === 'Allow' ? 'accept' as const : 'drop' as const };
                if (rule.unknown) {
                    // What it matches may be more or less than it says: any connection of its direction to or from the group's hosts.
                    const own: TrafficMatch = direction === 'Inbound' ? { destinations: group.members } : { sources: group.members };
                    rules.push({ match: { ...own, protocols: new Set(['tcp', 'udp'] as const) }, action, unknown: rule.unknown, location: rule.location });
                    continue;
                }
                const ends = (texts: readonly Written[], asgs: readonly string[]): Prefix[] => [
                    ...texts.map(t => prefixOf(t.text, t.line, group.members!)),
                    ...(asgs.length ? [{ set: AddressSet.EMPTY, maybe: { set: EVERY_ADDRESS, why: `application security group ${asgs.join(', ')}: the export does not say which hosts are in it` } }] : [])
                ];
                for (const source of ends(rule.sources, rule.sourceGroups)) {
                    for (const destination of ends(rule.destinations, rule.destinationGroups)) {
                        const own: TrafficMatch = direction === 'Inbound' ? { destinations: group.members } : { sources: group.members };
                        const match = (sources: AddressSet, destinations: AddressSet): TrafficMatch => ({
                            protocols: new Set(rule.protocols), sourcePorts: rule.sourcePorts, destinationPorts: rule.destinationPorts,
                            sources: own.sources ? own.sources.intersect(sources) : sources,
                            destinations: own.destinations ? own.destinations.intersect(destinations) : destinations
                        });
                        rules.push({ match: match(source.set, destination.set), action, location: rule.location });
                        // Where an end is a tag the export does not resolve, more addresses might match: unknown.
                        const why = source.maybe?.why ?? destination.maybe?.why;
                        if (why) {
                            const widened = (p: Prefix) => p.maybe ? p.set.union(p.maybe.set) : p.set;
                            rules.push({ match: match(widened(source), widened(destination)), action, unknown: why, location: rule.location });
                        }
                    }
                }
            }
            const name = `${direction === 'Inbound' ? 'in' : 'out'}:${group.name}`;
            // Traffic not to (inbound) or from (outbound) the group's hosts is not this group's to decide.
            chains.set(name, { name, rules, policy: { verdict: 'accept', location: { file: group.file, line: group.line, text: `${group.name} does not guard these hosts` } } });
            entry.push(name);
        }
    }
    const unmapped = groups.filter(g => !g.members);
    const unguarded = EVERY_ADDRESS.subtract(guarded);
    const open: PolicyRule[] = [];
    if (unmapped.length > 0) {
        // It may be the subnet's group of a host whose interface's group is mapped (or the reverse): it may deny
        // what the mapped groups allow, for any host. What they drop stays dropped (a deny of either group is final).
        const why = `network security group ${unmapped.map(g => g.name).join(', ')} guards hosts of no zone of the plan (map the zone behind it with --map zone=${unmapped[0].name}, or leave it out of the file if it guards none of the plan's hosts): the audit cannot tell which hosts it guards`;
        open.push({ match: {}, action: { kind: 'accept' }, unknown: why, location: { file: unmapped[0].file, line: unmapped[0].line, text: unmapped[0].name } });
    }
    open.push({
        match: { sources: unguarded, destinations: unguarded }, action: { kind: 'accept' },
        unknown: 'neither end is behind a network security group of this file (map zones to a group, subnet or interface name with --map zone=<name>)', location: at(0, 'not filtered by these network security groups')
    });
    chains.set('unguarded', { name: 'unguarded', rules: open, policy: { verdict: 'accept', location: at(0, 'guarded by the groups above') } });
    entry.push('unguarded');
    return {
        kind, chains,
        entry: options.hook === 'input' ? entry.filter(e => !e.startsWith('out:')) : entry,
        families: new Set(['ipv4', 'ipv6']), unevaluated: [], guardsHosts: true
    };
}
