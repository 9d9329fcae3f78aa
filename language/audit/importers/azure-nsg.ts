import type { Node } from 'jsonc-parser';
import { AddressSet, parseAddress } from '../../model/addresses.js';
import { ALL_PORTS, parsePortText, portSetOf, type PortSet } from '../../model/ports.js';
import type { ConfigLocation, FirewallPolicy, PolicyChain, PolicyRule } from '../firewall-policy.js';
import { EVERY_ADDRESS, type Transport, type TrafficMatch } from '../traffic-space.js';
import { ConfigError, type ConfigImporter, type ImportOptions } from './importer.js';
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
 * zones mapped to `VirtualNetwork` and those behind the file's groups; where the user has not
 * mapped `VirtualNetwork`, whether another address belongs to it is unknown, and so is the
 * `Internet` tag (everything outside the virtual network). Other service tags and application
 * security groups are unknown too; nothing is guessed.
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

interface SecurityRule {
    readonly name: string;
    readonly priority: number;
    readonly direction: 'Inbound' | 'Outbound';
    readonly access: 'Allow' | 'Deny';
    readonly protocols: Transport[];
    readonly sources: readonly string[];
    readonly destinations: readonly string[];
    readonly sourcePorts: PortSet;
    readonly destinationPorts: PortSet;
    /** Application security groups named as an end: the audit cannot tell their members. */
    readonly applicationGroups: readonly string[];
    readonly location: ConfigLocation;
}

/** Addresses a prefix stands for: those known to match, and those that might (unknown, with why). */
interface Prefix { readonly set: AddressSet; readonly maybe?: { readonly set: AddressSet; readonly why: string } }

function protocolsOf(protocol: string): Transport[] {
    switch (protocol.toLowerCase()) {
        case '*': return ['tcp', 'udp'];
        case 'tcp': return ['tcp'];
        case 'udp': return ['udp'];
        default: return []; // Icmp, Esp, Ah: no TCP or UDP
    }
}

function portsOf(texts: readonly string[], line: number, file: string): PortSet {
    if (texts.length === 0 || texts.includes('*')) return ALL_PORTS;
    return portSetOf(texts.flatMap(text => text.split(',')).map(text => {
        const parsed = parsePortText(text.trim());
        if ('error' in parsed) throw new ConfigError(`${file} line ${line}: '${text}' is not a port or port range`, line);
        return 'range' in parsed ? parsed.range : { from: 1, to: 65535 };
    }));
}

/** A single-or-list property pair (`sourceAddressPrefix` / `sourceAddressPrefixes`). */
function oneOrMany(rule: Node, single: string, many: string): string[] {
    const list = (valueAt(rule, many) as unknown[] | undefined ?? []).filter((x): x is string => typeof x === 'string');
    const one = stringAt(rule, single);
    return one !== undefined && one !== '' ? [one, ...list] : list;
}

function readRule(rule: Node, json: JsonConfig, file: string): SecurityRule {
    const properties = child(rule, 'properties') ?? rule; // ARM shape nests them
    const line = json.lineOf((child(rule, 'name') ?? rule).offset);
    const name = stringAt(rule, 'name') ?? '?';
    const priority = valueAt(properties, 'priority');
    const direction = stringAt(properties, 'direction');
    const access = stringAt(properties, 'access');
    if (typeof priority !== 'number') throw new ConfigError(`${file} line ${line}: security rule ${name} has no priority`, line);
    if (direction !== 'Inbound' && direction !== 'Outbound') throw new ConfigError(`${file} line ${line}: security rule ${name}: direction '${direction ?? ''}' is neither Inbound nor Outbound`, line);
    if (access !== 'Allow' && access !== 'Deny') throw new ConfigError(`${file} line ${line}: security rule ${name}: access '${access ?? ''}' is neither Allow nor Deny`, line);
    const applicationGroups = ['sourceApplicationSecurityGroups', 'destinationApplicationSecurityGroups']
        .flatMap(key => elements(child(properties, key)).map(g => (stringAt(g, 'id') ?? '?').split('/').pop()!));
    return {
        name, priority, direction, access, applicationGroups,
        protocols: protocolsOf(stringAt(properties, 'protocol') ?? '*'),
        sources: oneOrMany(properties, 'sourceAddressPrefix', 'sourceAddressPrefixes'),
        destinations: oneOrMany(properties, 'destinationAddressPrefix', 'destinationAddressPrefixes'),
        sourcePorts: portsOf(oneOrMany(properties, 'sourcePortRange', 'sourcePortRanges'), line, file),
        destinationPorts: portsOf(oneOrMany(properties, 'destinationPortRange', 'destinationPortRanges'), line, file),
        location: { file, line, text: `${name} (priority ${priority}, ${direction.toLowerCase()}, ${access.toLowerCase()})` }
    };
}

interface Group { readonly name: string; readonly line: number; readonly rules: SecurityRule[]; readonly members?: AddressSet }

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
        const json = JsonConfig.parse(text, options.file, 'the output of az network nsg show or list');
        const nodes = json.root.type === 'array' ? elements(json.root) : [json.root];
        const groups: Group[] = nodes.map(node => {
            const line = json.lineOf(node.offset);
            const properties = child(node, 'properties') ?? node;
            const listed = child(properties, 'securityRules');
            if (node.type !== 'object' || (!listed && !child(properties, 'defaultSecurityRules'))) {
                throw new ConfigError(`${options.file} line ${line}: not a network security group (no "securityRules"): is it the output of az network nsg show?`, line);
            }
            const rules = [...elements(listed), ...elements(child(properties, 'defaultSecurityRules'))].map(r => readRule(r, json, options.file));
            // An export without them still has them: Azure adds the default rules to every group.
            for (const d of DEFAULT_RULES) {
                if (rules.some(r => r.name === d.name)) continue;
                rules.push({
                    name: d.name, priority: d.priority, direction: d.direction, access: d.access, protocols: ['tcp', 'udp'],
                    sources: [d.source], destinations: [d.destination], sourcePorts: ALL_PORTS, destinationPorts: ALL_PORTS, applicationGroups: [],
                    location: { file: options.file, line: 0, text: `default rule ${d.name} (priority ${d.priority})` }
                });
            }
            rules.sort((a, b) => a.priority - b.priority);
            const sets = namesOf(node).map(n => options.interfaces.get(n)).filter((s): s is AddressSet => !!s);
            return { name: stringAt(node, 'name') ?? `group at line ${line}`, line, rules, members: sets.length ? sets.reduce((a, b) => a.union(b)) : undefined };
        });
        if (groups.every(g => !g.members)) {
            throw new ConfigError(`${options.file}: no network security group is mapped to a zone of the plan, so the audit cannot tell which hosts any of them guards. Map each zone to its group, subnet or network interface name: --map <zone>=<name> (groups: ${groups.slice(0, 5).map(g => g.name).join(', ')}${groups.length > 5 ? ', …' : ''}).`);
        }
        const guarded = groups.reduce((u, g) => u.union(g.members ?? AddressSet.EMPTY), AddressSet.EMPTY);
        const vnetMapped = options.interfaces.get('VirtualNetwork');
        const vnet = guarded.union(vnetMapped ?? AddressSet.EMPTY);
        const vnetUnknown = (tag: string) => `whether an address belongs to the ${tag} is not in the export: map the zones in the virtual network with --map zone=VirtualNetwork`;
        const outsideVnet = EVERY_ADDRESS.subtract(vnet);
        const prefixOf = (text: string, line: number): Prefix => {
            switch (text) {
                case '*': case 'Any': return { set: EVERY_ADDRESS };
                case 'VirtualNetwork': return vnetMapped ? { set: vnet } : { set: vnet, maybe: { set: outsideVnet, why: vnetUnknown('VirtualNetwork tag (the virtual network, its peerings and connected networks)') } };
                case 'Internet': return vnetMapped ? { set: outsideVnet } : { set: AddressSet.EMPTY, maybe: { set: outsideVnet, why: vnetUnknown('Internet tag (everything outside the virtual network)') } };
                case 'AzureLoadBalancer': return { set: cidrOf(AZURE_PLATFORM, line) };
            }
            if (/^[A-Za-z][\w.]*$/.test(text)) return { set: AddressSet.EMPTY, maybe: { set: EVERY_ADDRESS, why: `service tag ${text}: the export does not hold its addresses` } };
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
                const rules: PolicyRule[] = [{ match: {}, states: new Set(['established']), action: { kind: 'accept' }, location: at(0, 'network security groups are stateful: replies of allowed connections pass') }];
                for (const rule of group.rules.filter(r => r.direction === direction && r.protocols.length > 0)) {
                    const action = { kind: rule.access === 'Allow' ? 'accept' as const : 'drop' as const };
                    const ends = (texts: readonly string[]) => texts.map(t => prefixOf(t, rule.location.line));
                    for (const source of ends(rule.sources)) {
                        for (const destination of ends(rule.destinations)) {
                            const own: TrafficMatch = direction === 'Inbound' ? { destinations: group.members } : { sources: group.members };
                            const match = (sources: AddressSet, destinations: AddressSet): TrafficMatch => ({
                                protocols: new Set(rule.protocols), sourcePorts: rule.sourcePorts, destinationPorts: rule.destinationPorts,
                                sources: own.sources ? own.sources.intersect(sources) : sources,
                                destinations: own.destinations ? own.destinations.intersect(destinations) : destinations
                            });
                            const unknown = rule.applicationGroups.length ? `application security group ${rule.applicationGroups.join(', ')}: the export does not say which hosts are in it` : undefined;
                            if (unknown) { rules.push({ match: match(EVERY_ADDRESS, EVERY_ADDRESS), action, unknown, location: rule.location }); continue; }
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
                chains.set(name, { name, rules, policy: { verdict: 'accept', location: at(group.line, `${group.name} does not guard these hosts`) } });
                entry.push(name);
            }
        }
        const unmapped = groups.filter(g => !g.members);
        const unguarded = EVERY_ADDRESS.subtract(guarded);
        const open: PolicyRule[] = [];
        if (unmapped.length > 0) {
            const why = `network security group ${unmapped.map(g => g.name).join(', ')} guards hosts of no zone of the plan (map the zone behind it with --map zone=${unmapped[0].name}, or leave it out of the file if it guards none of the plan's hosts): the audit cannot tell which hosts it guards`;
            open.push({ match: { destinations: unguarded }, action: { kind: 'accept' }, unknown: why, location: at(unmapped[0].line, unmapped[0].name) });
            open.push({ match: { sources: unguarded }, action: { kind: 'accept' }, unknown: why, location: at(unmapped[0].line, unmapped[0].name) });
        }
        open.push({
            match: { sources: unguarded, destinations: unguarded }, action: { kind: 'accept' },
            unknown: 'neither end is behind a network security group of this file (map zones to a group, subnet or interface name with --map zone=<name>)', location: at(0, 'not filtered by these network security groups')
        });
        chains.set('unguarded', { name: 'unguarded', rules: open, policy: { verdict: 'accept', location: at(0, 'guarded by the groups above') } });
        entry.push('unguarded');
        return {
            kind: 'Azure network security groups', chains,
            entry: options.hook === 'input' ? entry.filter(e => !e.startsWith('out:')) : entry,
            families: new Set(['ipv4', 'ipv6']), unevaluated: []
        };
    }
};
