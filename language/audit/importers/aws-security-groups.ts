import type { Node } from 'jsonc-parser';
import { AddressSet, parseAddress } from '../../network/addresses.js';
import { ALL_PORTS, portSetOf, type PortSet } from '../../network/ports.js';
import type { FirewallPolicy } from '../firewall-policy.js';
import type { Transport } from '../traffic-space.js';
import { ConfigError, mappedAddresses, type ConfigImporter, type ImportOptions } from './importer.js';
import { child, elements, JsonConfig, stringAt, valueAt } from './json-config.js';
import { securityGroupsPolicy, type SecurityGroup, type SecurityGroupPeer, type SecurityGroupPermission } from './security-group-policy.js';

/**
 * AWS security groups as `aws ec2 describe-security-groups` prints them (JSON), evaluated as AWS
 * does (security-group-policy.ts). Which hosts a group is attached to is not in the export: a
 * group stands for the plan zones mapped to it (`--map zone=sg-0123…`, or a zone named like the
 * group's GroupName or Name tag).
 */

/** The TCP/UDP a permission's IpProtocol covers; undefined: none (icmp, esp, …). Anything AWS does not print is a ConfigError. */
export function transportsOf(protocol: string, line: number, file: string): Transport[] | undefined {
    if (protocol === '-1') return ['tcp', 'udp'];
    if (protocol === 'tcp' || protocol === '6') return ['tcp'];
    if (protocol === 'udp' || protocol === '17') return ['udp'];
    if (protocol === 'icmp' || protocol === 'icmpv6' || (/^\d{1,3}$/.test(protocol) && Number(protocol) <= 255)) return undefined;
    throw new ConfigError(`${file} line ${line}: IpProtocol '${protocol}' is not tcp, udp, icmp, icmpv6, -1 or a protocol number`, line);
}

function portsOf(permission: Node, protocol: string, json: JsonConfig, file: string): PortSet {
    const from = valueAt(permission, 'FromPort'), to = valueAt(permission, 'ToPort');
    return permissionPorts(protocol, from, to, bad => json.lineOf((child(permission, bad ?? 'FromPort') ?? child(permission, 'FromPort') ?? child(permission, 'ToPort') ?? permission).offset), file);
}

/** The ports of a permission from its FromPort and ToPort; `lineOf` gives the line of the value at fault (or of the range). */
export function permissionPorts(protocol: string, from: unknown, to: unknown, lineOf: (bad?: 'FromPort' | 'ToPort') => number, file: string): PortSet {
    if (protocol === '-1') return ALL_PORTS;
    // A protocol number (6, 17) takes every port whatever the range says (AWS's IpPermission reference).
    if (from === undefined && to === undefined && /^\d+$/.test(protocol)) return ALL_PORTS;
    const isPort = (n: unknown): n is number => typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= 65535;
    const bad = !isPort(from) ? 'FromPort' : !isPort(to) ? 'ToPort' : undefined;
    const line = lineOf(bad);
    // tcp and udp always have a range (0 to 65535); -1 is for ICMP only.
    if (bad || (from as number) > (to as number)) {
        throw new ConfigError(`${file} line ${line}: FromPort ${String(from)} / ToPort ${String(to)} is not a ${protocol} port range (0 to 65535)`, line);
    }
    if ((to as number) < 1) return []; // port 0 only: no port a connection uses
    return portSetOf([{ from: Math.max(1, from as number), to: to as number }]);
}

export function cidrOf(text: string, kind: 'ipv4' | 'ipv6', line: number, file: string): AddressSet {
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
    detect: text => (/"SecurityGroups"\s*:/.test(text) && /"IpPermissions(Egress)?"\s*:/.test(text)) || /"NetworkAcls"\s*:/.test(text),
    import(text: string, options: ImportOptions): FirewallPolicy {
        return securityGroupsPolicy([...groupsOf(text, options).values()], options);
    },
    /**
     * Several exports (two regions, two VPCs, or one export split in parts) are one set of groups,
     * as AWS applies them: a host's groups add up. A group listed in two files is refused (which
     * copy is current is not known).
     */
    combine(configs, options): FirewallPolicy {
        const groups = new Map<string, SecurityGroup & { readonly file: string }>();
        for (const config of configs) {
            for (const [id, group] of groupsOf(config.text, { ...options, file: config.file })) {
                const other = groups.get(id);
                if (other) throw new ConfigError(`${config.file} line ${group.startLine}: security group ${id} is also in ${other.file} (line ${other.startLine}): give each group once, from one export`, group.startLine);
                groups.set(id, group);
            }
        }
        return securityGroupsPolicy([...groups.values()], { ...options, file: configs.map(c => c.file).join(', ') });
    }
};

/** The groups of one export by GroupId, each with the zones mapped to it and the file it is in. */
function groupsOf(text: string, options: ImportOptions): Map<string, SecurityGroup & { readonly file: string }> {
    const json = JsonConfig.parse(text, options.file, 'the output of aws ec2 describe-security-groups');
    // Network ACLs are a second, stateless layer at the subnet's edge: read as groups they would be wrong, left out they may block what the groups allow.
    const acls = child(json.root, 'NetworkAcls');
    if (acls) {
        const line = json.lineOf(acls.offset);
        throw new ConfigError(`${options.file} line ${line}: network ACLs (aws ec2 describe-network-acls) are not evaluated: the audit reads security groups. Audit the groups without this file, and check the subnets' network ACLs on their own`, line);
    }
    const list = child(json.root, 'SecurityGroups') ?? (json.root.type === 'array' ? json.root : undefined);
    if (list?.type !== 'array') throw new ConfigError(`${options.file} has no "SecurityGroups" list: is it the output of aws ec2 describe-security-groups?`, 1);
    const groups = new Map<string, SecurityGroup & { readonly file: string }>();
    for (const node of elements(list)) {
        const id = stringAt(node, 'GroupId');
        const line = json.lineOf(node.offset);
        if (!id) throw new ConfigError(`${options.file} line ${line}: a security group without a GroupId`, line);
        if (groups.has(id)) throw new ConfigError(`${options.file} line ${line}: security group ${id} is listed twice`, line);
        const name = stringAt(node, 'GroupName');
        const label = name && name !== id ? `${id} (${name})` : id;
        groups.set(id, {
            id, label, file: options.file, line: json.lineOf((child(node, 'GroupId') ?? node).offset), startLine: line, members: membersOf(node, options),
            permissions: direction => permissionsOf(node, direction, json, options.file, label)
        });
    }
    return groups;
}

/** A group's permissions in one direction, as the export lists them. */
function permissionsOf(group: Node, direction: 'in' | 'out', json: JsonConfig, file: string, label: string): SecurityGroupPermission[] {
    const permissions: SecurityGroupPermission[] = [];
    for (const permission of listAt(group, direction === 'in' ? 'IpPermissions' : 'IpPermissionsEgress', json, file, true)) {
        const protocolNode = child(permission, 'IpProtocol');
        const protocolLine = json.lineOf((protocolNode ?? permission).offset);
        const protocol = protocolNode?.type === 'string' ? String(protocolNode.value) : protocolNode?.type === 'number' ? String(protocolNode.value) : undefined;
        if (protocol === undefined) throw new ConfigError(`${file} line ${protocolLine}: a permission of ${label} without an IpProtocol`, protocolLine);
        const transports = transportsOf(protocol, protocolLine, file);
        if (!transports) continue;
        const ports = portsOf(permission, protocol, json, file);
        const lineAt = (node: Node, key: string) => json.lineOf((child(node, key) ?? node).offset);
        const peers: SecurityGroupPeer[] = [];
        const list = (key: string) => listAt(permission, key, json, file, false);
        for (const range of list('IpRanges')) {
            const cidr = stringAt(range, 'CidrIp') ?? '';
            peers.push({ kind: 'addresses', set: cidrOf(cidr, 'ipv4', lineAt(range, 'CidrIp'), file), line: lineAt(range, 'CidrIp'), text: cidr });
        }
        for (const range of list('Ipv6Ranges')) {
            const cidr = stringAt(range, 'CidrIpv6') ?? '';
            peers.push({ kind: 'addresses', set: cidrOf(cidr, 'ipv6', lineAt(range, 'CidrIpv6'), file), line: lineAt(range, 'CidrIpv6'), text: cidr });
        }
        for (const pair of list('UserIdGroupPairs')) peers.push({ kind: 'group', id: stringAt(pair, 'GroupId') ?? '?', line: lineAt(pair, 'GroupId') });
        for (const prefixList of list('PrefixListIds')) peers.push({ kind: 'prefix-list', id: stringAt(prefixList, 'PrefixListId') ?? '?', line: lineAt(prefixList, 'PrefixListId') });
        permissions.push({ transports, ports, peers, what: protocol === '-1' ? 'all traffic' : `${protocol} ${valueAt(permission, 'FromPort') ?? ''}-${valueAt(permission, 'ToPort') ?? ''}` });
    }
    return permissions;
}
