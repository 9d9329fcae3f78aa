import type { Node } from 'jsonc-parser';
import { AddressSet, parseAddress } from '../../network/addresses.js';
import { ALL_PORTS, portSetOf, type PortSet } from '../../network/ports.js';
import { type ConfigLocation, type FirewallPolicy, type PolicyRule, repliesPass } from '../firewall-policy.js';
import { EVERY_ADDRESS, type Transport, type TrafficMatch } from '../traffic-space.js';
import { ConfigError, mappedAddresses, type ConfigImporter, type ImportOptions } from './importer.js';
import { child, elements, JsonConfig, stringAt, valueAt } from './json-config.js';

/**
 * AWS security groups as `aws ec2 describe-security-groups` prints them (JSON). A group is
 * stateful and only allows: a connection passes when a group of the destination allows it in
 * (IpPermissions) and a group of the source allows it out (IpPermissionsEgress); replies pass.
 * Which hosts a group is attached to is not in the export: a group stands for the plan zones
 * mapped to it (`--map zone=sg-0123…`, or a zone named like the group's GroupName or Name tag).
 * Prefix lists and groups of no mapped zone make a rule "unknown"; nothing is guessed.
 */

interface Group {
    readonly id: string;
    readonly label: string;
    readonly node: Node;
    /** The addresses of the zones mapped to the group; undefined: not mapped. */
    readonly members?: AddressSet;
}

/** The TCP/UDP a permission's IpProtocol covers; undefined: none (icmp, esp, …). Anything AWS does not print is a ConfigError. */
function transportsOf(protocol: string, line: number, file: string): Transport[] | undefined {
    if (protocol === '-1') return ['tcp', 'udp'];
    if (protocol === 'tcp' || protocol === '6') return ['tcp'];
    if (protocol === 'udp' || protocol === '17') return ['udp'];
    if (protocol === 'icmp' || protocol === 'icmpv6' || (/^\d{1,3}$/.test(protocol) && Number(protocol) <= 255)) return undefined;
    throw new ConfigError(`${file} line ${line}: IpProtocol '${protocol}' is not tcp, udp, icmp, icmpv6, -1 or a protocol number`, line);
}

function portsOf(permission: Node, protocol: string, json: JsonConfig, file: string): PortSet {
    if (protocol === '-1') return ALL_PORTS;
    const from = valueAt(permission, 'FromPort'), to = valueAt(permission, 'ToPort');
    // A protocol number (6, 17) takes every port whatever the range says (AWS's IpPermission reference).
    if (from === undefined && to === undefined && /^\d+$/.test(protocol)) return ALL_PORTS;
    const isPort = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 65535;
    const bad = !isPort(from) ? 'FromPort' : !isPort(to) ? 'ToPort' : undefined;
    const line = json.lineOf((child(permission, bad ?? 'FromPort') ?? child(permission, 'FromPort') ?? child(permission, 'ToPort') ?? permission).offset);
    // tcp and udp always have a range (0 to 65535); -1 is for ICMP only.
    if (bad || (from as number) > (to as number)) {
        throw new ConfigError(`${file} line ${line}: FromPort ${String(from)} / ToPort ${String(to)} is not a ${protocol} port range (0 to 65535)`, line);
    }
    if ((to as number) < 1) return []; // port 0 only: no port a connection uses
    return portSetOf([{ from: Math.max(1, from as number), to: to as number }]);
}

function cidrOf(text: string, kind: 'ipv4' | 'ipv6', line: number, file: string): AddressSet {
    const parsed = parseAddress(text);
    if (!text.includes('/') || 'error' in parsed || parsed.block.kind !== kind) throw new ConfigError(`${file} line ${line}: '${text}' is not a CIDR block (${kind === 'ipv4' ? 'IPv4: CidrIp' : 'IPv6: CidrIpv6'})`, line);
    return AddressSet.of([parsed.block]);
}

/** A list the export always prints (possibly empty); absent or of another shape, the file is not what AWS prints. */
function listAt(node: Node, key: string, json: JsonConfig, file: string, required: boolean): Node[] {
    const found = child(node, key);
    if (!found && !required) return [];
    if (found?.type !== 'array') {
        const line = json.lineOf((found ?? node).offset);
        throw new ConfigError(`${file} line ${line}: ${found ? `"${key}" is not a list` : `no "${key}" list`}: is it the unfiltered output of aws ec2 describe-security-groups?`, line);
    }
    return elements(found);
}

/** The addresses behind a group: the zones mapped to its id, name or Name tag. */
function membersOf(group: Node, options: ImportOptions): AddressSet | undefined {
    const names = [stringAt(group, 'GroupId'), stringAt(group, 'GroupName'),
        ...elements(child(group, 'Tags')).filter(t => stringAt(t, 'Key') === 'Name').map(t => stringAt(t, 'Value'))];
    return mappedAddresses(names, options.interfaces);
}

export const awsSecurityGroupsImporter: ConfigImporter = {
    id: 'aws-security-groups',
    label: 'AWS security groups',
    detail: 'aws ec2 describe-security-groups JSON',
    detect: text => /"SecurityGroups"\s*:/.test(text) && /"IpPermissions(Egress)?"\s*:/.test(text),
    import(text: string, options: ImportOptions): FirewallPolicy {
        const json = JsonConfig.parse(text, options.file, 'the output of aws ec2 describe-security-groups');
        const list = child(json.root, 'SecurityGroups') ?? (json.root.type === 'array' ? json.root : undefined);
        if (list?.type !== 'array') throw new ConfigError(`${options.file} has no "SecurityGroups" list: is it the output of aws ec2 describe-security-groups?`, 1);
        const groups = new Map<string, Group>();
        for (const node of elements(list)) {
            const id = stringAt(node, 'GroupId');
            const line = json.lineOf(node.offset);
            if (!id) throw new ConfigError(`${options.file} line ${line}: a security group without a GroupId`, line);
            if (groups.has(id)) throw new ConfigError(`${options.file} line ${line}: security group ${id} is listed twice`, line);
            const name = stringAt(node, 'GroupName');
            groups.set(id, { id, label: name && name !== id ? `${id} (${name})` : id, node, members: membersOf(node, options) });
        }
        if (groups.size === 0) throw new ConfigError(`${options.file} lists no security groups`, 1);
        const unmapped = [...groups.values()].filter(g => !g.members);
        if (unmapped.length === groups.size) {
            throw new ConfigError(`${options.file}: no security group is mapped to a zone of the plan, so the audit cannot tell which hosts any of them guards. Map each zone to the group its hosts use: --map <zone>=<group id or name> (groups: ${unmapped.slice(0, 5).map(g => g.label).join(', ')}${unmapped.length > 5 ? ', …' : ''}).`);
        }
        const guarded = [...groups.values()].reduce((u, g) => u.union(g.members ?? AddressSet.EMPTY), AddressSet.EMPTY);
        const at = (line: number, text: string): ConfigLocation => ({ file: options.file, line, text });
        const stateful: PolicyRule = repliesPass(options.file, 'security groups are stateful: replies of allowed connections pass');

        /** The rules one direction's permissions give: allow from (inbound) or to (outbound) each peer. */
        const rulesOf = (direction: 'in' | 'out'): PolicyRule[] => {
            const rules: PolicyRule[] = [stateful];
            // Allows add up: a permission the audit can evaluate decides before one it cannot (which might allow the same).
            const unknowns: PolicyRule[] = [];
            for (const group of groups.values()) {
                if (!group.members) continue;
                for (const permission of listAt(group.node, direction === 'in' ? 'IpPermissions' : 'IpPermissionsEgress', json, options.file, true)) {
                    const protocolNode = child(permission, 'IpProtocol');
                    const protocolLine = json.lineOf((protocolNode ?? permission).offset);
                    const protocol = protocolNode?.type === 'string' ? String(protocolNode.value) : protocolNode?.type === 'number' ? String(protocolNode.value) : undefined;
                    if (protocol === undefined) throw new ConfigError(`${options.file} line ${protocolLine}: a permission of ${group.label} without an IpProtocol`, protocolLine);
                    const transports = transportsOf(protocol, protocolLine, options.file);
                    if (!transports) continue;
                    const ports = portsOf(permission, protocol, json, options.file);
                    const what = `${group.label} ${direction === 'in' ? 'inbound' : 'outbound'} ${protocol === '-1' ? 'all traffic' : `${protocol} ${valueAt(permission, 'FromPort') ?? ''}-${valueAt(permission, 'ToPort') ?? ''}`}`;
                    const lineAt = (node: Node, key: string) => json.lineOf((child(node, key) ?? node).offset);
                    const peers: { set: AddressSet; line: number; text: string; unknown?: string }[] = [];
                    const list = (key: string) => listAt(permission, key, json, options.file, false);
                    for (const range of list('IpRanges')) {
                        const cidr = stringAt(range, 'CidrIp') ?? '';
                        peers.push({ set: cidrOf(cidr, 'ipv4', lineAt(range, 'CidrIp'), options.file), line: lineAt(range, 'CidrIp'), text: cidr });
                    }
                    for (const range of list('Ipv6Ranges')) {
                        const cidr = stringAt(range, 'CidrIpv6') ?? '';
                        peers.push({ set: cidrOf(cidr, 'ipv6', lineAt(range, 'CidrIpv6'), options.file), line: lineAt(range, 'CidrIpv6'), text: cidr });
                    }
                    for (const pair of list('UserIdGroupPairs')) {
                        const id = stringAt(pair, 'GroupId') ?? '?';
                        const peer = groups.get(id);
                        peers.push(peer?.members
                            ? { set: peer.members, line: lineAt(pair, 'GroupId'), text: `members of ${peer.label}` }
                            : { set: EVERY_ADDRESS, line: lineAt(pair, 'GroupId'), text: `members of ${id}`, unknown: `security group ${id} is ${peer ? 'not mapped to a zone of the plan (--map zone=' + id + ')' : 'not in this export (another account or VPC?)'}: the audit cannot tell its members` });
                    }
                    for (const prefixList of list('PrefixListIds')) {
                        const id = stringAt(prefixList, 'PrefixListId') ?? '?';
                        peers.push({ set: EVERY_ADDRESS, line: lineAt(prefixList, 'PrefixListId'), text: `prefix list ${id}`, unknown: `prefix list ${id}: the export does not hold its entries` });
                    }
                    for (const peer of peers) {
                        const match: TrafficMatch = direction === 'in'
                            ? { protocols: new Set(transports), sources: peer.set, destinations: group.members, destinationPorts: ports }
                            : { protocols: new Set(transports), sources: group.members, destinations: peer.set, destinationPorts: ports };
                        (peer.unknown ? unknowns : rules).push({ match, action: { kind: 'accept' }, unknown: peer.unknown, location: at(peer.line, `${what} ${direction === 'in' ? 'from' : 'to'} ${peer.text}`) });
                    }
                }
            }
            rules.push(...unknowns);
            // A group no zone is mapped to may guard any host: what it would decide is unknown.
            const why = unmapped.length === 0 ? undefined : `security group${unmapped.length > 1 ? 's' : ''} ${unmapped.map(g => g.label).join(', ')} ${unmapped.length > 1 ? 'are' : 'is'} not mapped to a zone of the plan (map the zone behind it with --map zone=${unmapped[0].id}, or leave it out of the file if it guards none of the plan's hosts): the audit cannot tell which hosts ${unmapped.length > 1 ? 'they guard' : 'it guards'}`;
            // A host behind a group gets only what one of its groups allows; a group no zone is mapped to may be one of them too.
            for (const group of groups.values()) {
                if (!group.members) continue;
                const side: TrafficMatch = direction === 'in' ? { destinations: group.members } : { sources: group.members };
                const line = json.lineOf((child(group.node, 'GroupId') ?? group.node).offset);
                rules.push({ match: side, action: { kind: 'drop' }, unknown: why && `no ${direction === 'in' ? 'inbound' : 'outbound'} rule of the mapped groups allows it, but ${why}`, location: at(line, `no ${direction === 'in' ? 'inbound' : 'outbound'} rule of ${group.label} allows it`) });
            }
            if (why) {
                rules.push({ match: {}, action: { kind: 'accept' }, unknown: why, location: at(json.lineOf(unmapped[0].node.offset), unmapped[0].label) });
            }
            return rules;
        };
        const unguarded = EVERY_ADDRESS.subtract(guarded);
        const inbound = rulesOf('in');
        // Between two hosts no group of the file guards, the file decides nothing (after the unmapped groups' more precise reason).
        inbound.push({
            match: { sources: unguarded, destinations: unguarded }, action: { kind: 'accept' },
            unknown: 'neither end is behind a security group of this file (map zones to groups with --map zone=sg-…)', location: at(0, 'not filtered by these security groups')
        });
        const chains = new Map([
            ['inbound', { name: 'inbound', rules: inbound, policy: { verdict: 'accept' as const, location: at(0, 'the destination is behind none of these security groups') } }],
            ['outbound', { name: 'outbound', rules: rulesOf('out'), policy: { verdict: 'accept' as const, location: at(0, 'the source is behind none of these security groups') } }]
        ]);
        return {
            kind: 'AWS security groups', chains, entry: options.hook === 'input' ? ['inbound'] : ['inbound', 'outbound'],
            families: new Set(['ipv4', 'ipv6']), unevaluated: []
        };
    }
};
