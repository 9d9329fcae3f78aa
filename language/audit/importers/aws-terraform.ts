import { AddressSet, parseAddress } from '../../network/addresses.js';
import { ALL_PORTS } from '../../network/ports.js';
import type { FirewallPolicy } from '../firewall-policy.js';
import { cidrOf, permissionPorts, transportsOf } from './aws-security-groups.js';
import { ConfigError, knownHostNames, mappedAddresses, type ConfigImporter, type ImportOptions } from './importer.js';
import { securityGroupsPolicy, type SecurityGroup, type SecurityGroupPeer, type SecurityGroupPermission } from './security-group-policy.js';
import { countAt, expressionText, isExpression, knownFields, literalText as literal, readTerraformOnce, referencedResource, TERRAFORM_META_ARGUMENTS, type TerraformResource, unlistedFields } from './terraform-config.js';

/**
 * AWS security groups as Terraform declares them (SegPlan's aws-terraform output, or one written by
 * hand), evaluated with the same semantics as the describe-security-groups export
 * (security-group-policy.ts). Read: `aws_security_group` with its inline `ingress` and `egress`
 * blocks, `aws_vpc_security_group_ingress_rule` / `_egress_rule` and `aws_security_group_rule`.
 * A group Terraform creates has no egress rule but those the file declares (Terraform removes the
 * allow-all rule AWS adds). Which hosts a group guards: the zones mapped to its resource name,
 * its `name` or its Name tag (`--map zone=<name>`), else the addresses SegPlan wrote in its
 * SegPlanAddresses tag. Variables, dynamic blocks, count and for_each, modules: unknown.
 *
 * A host name: SegPlan writes an `aws_ec2_managed_prefix_list` per host name and address family,
 * tagged SegPlanHostName and without entries in the file (they are filled with the addresses the
 * name resolves to). Under verify, a rule that references such a list of a host name the plan
 * places is read as that host name, when the same group, direction, protocol and ports also
 * reference the list of the other family: together they hold exactly the name's addresses. A list
 * with entries in the file, of a name the plan does not place, or of one family alone is unknown.
 */

const GROUP = 'aws_security_group';
const PREFIX_LIST = 'aws_ec2_managed_prefix_list';
const PREFIX_LIST_ENTRY = 'aws_ec2_managed_prefix_list_entry';

/**
 * Every field the reader knows, by the resource or block it is in: `modeled` decide what a rule
 * allows or which hosts a group guards, `noEffect` change neither. A field on no list makes what
 * the rule (or, on a group, every rule of the group) allows unknown at its line: never skipped.
 */
export const AWS_TERRAFORM_FIELDS = {
    meta: TERRAFORM_META_ARGUMENTS,
    group: { modeled: ['name', 'tags', 'ingress', 'egress', 'dynamic'], noEffect: ['name_prefix', 'description', 'vpc_id', 'revoke_rules_on_delete', 'timeouts'] },
    /** An `ingress` or `egress` block inside a group. */
    inline: { modeled: ['protocol', 'from_port', 'to_port', 'cidr_blocks', 'ipv6_cidr_blocks', 'security_groups', 'prefix_list_ids', 'self'], noEffect: ['description'] },
    /** `aws_security_group_rule`. */
    legacyRule: {
        modeled: ['type', 'security_group_id', 'protocol', 'from_port', 'to_port', 'cidr_blocks', 'ipv6_cidr_blocks', 'source_security_group_id', 'prefix_list_ids', 'self'],
        noEffect: ['description']
    },
    /** `aws_vpc_security_group_ingress_rule` and `_egress_rule`. */
    vpcRule: {
        modeled: ['security_group_id', 'ip_protocol', 'from_port', 'to_port', 'cidr_ipv4', 'cidr_ipv6', 'referenced_security_group_id', 'prefix_list_id'],
        noEffect: ['description', 'tags']
    },
    /** `aws_ec2_managed_prefix_list`: read as a host name (SegPlanHostName tag, no entries) under verify, else unknown. */
    prefixList: { modeled: ['address_family', 'entry', 'tags'], noEffect: ['name', 'max_entries'] }
} as const;

const KNOWN = {
    group: knownFields(AWS_TERRAFORM_FIELDS.group, AWS_TERRAFORM_FIELDS.meta),
    inline: knownFields(AWS_TERRAFORM_FIELDS.inline),
    legacyRule: knownFields(AWS_TERRAFORM_FIELDS.legacyRule, AWS_TERRAFORM_FIELDS.meta),
    vpcRule: knownFields(AWS_TERRAFORM_FIELDS.vpcRule, AWS_TERRAFORM_FIELDS.meta),
    prefixList: knownFields(AWS_TERRAFORM_FIELDS.prefixList, AWS_TERRAFORM_FIELDS.meta)
};

/** The fields of a body on none of its lists, each with why what it holds is unknown. */
function unlisted(body: Readonly<Record<string, unknown>>, known: ReadonlySet<string>, where: string): { key: string; why: string }[] {
    return unlistedFields(body, known).map(key => ({ key, why: `${key} in ${where} is not a field the audit knows: what the rule allows is unknown` }));
}
const RULE_TYPES = ['aws_vpc_security_group_ingress_rule', 'aws_vpc_security_group_egress_rule', 'aws_security_group_rule'];
/** AWS keeps at most 256 characters of a tag value; SegPlan cuts its tags at 255: a value this long may have been cut. */
const TAG_CUT = 250;

interface Declared {
    readonly id: string;
    readonly label: string;
    readonly line: number;
    readonly names: (string | undefined)[];
    readonly tagged?: AddressSet;
    readonly unknown?: string;
    readonly permissions: { in: SecurityGroupPermission[]; out: SecurityGroupPermission[] };
}

const listOf = (v: unknown): unknown[] => v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];

/** The addresses SegPlan wrote in a group's SegPlanAddresses tag; undefined when there is none or it may have been cut. */
function taggedAddresses(tags: unknown): AddressSet | undefined {
    const value = literal((tags as Record<string, unknown> | undefined)?.SegPlanAddresses);
    if (!value || value.length >= TAG_CUT) return undefined;
    let set = AddressSet.EMPTY;
    for (const word of value.split(/\s+/).filter(Boolean)) {
        const parsed = parseAddress(word);
        if ('error' in parsed || parsed.block.kind === 'host') return undefined;
        set = set.union(AddressSet.of([parsed.block]));
    }
    return set.isEmpty ? undefined : set;
}

/**
 * Why a resource is created some number of times other than once (count, for_each); undefined when
 * once, `never` when not at all at `now` (a count of 0, a temporary rule past its end).
 */
function repeated(body: Readonly<Record<string, unknown>>, options: ImportOptions): string | 'never' | undefined {
    if (body.for_each !== undefined) return 'for_each: how many it makes and with which values is not in the file';
    const n = countAt(body.count, options);
    return n === 0 ? 'never' : n === undefined ? 'count is not fixed in the file' : undefined;
}

/**
 * One rule as its fields say: protocol, ports and peers; `fields` are the names this resource
 * type gives them. Values the file does not fix are unknown.
 */
function permissionOf(resource: TerraformResource, body: Readonly<Record<string, unknown>>, nth: number, block: string | undefined, fields: {
    protocol: string; cidr4: string; cidr6: string; groups: string[]; prefixLists: string; self?: string; listed: ReadonlySet<string>;
}, file: string, selfId: string): SecurityGroupPermission[] {
    const lineOf = (key: string) => block ? resource.lineOf(block, nth) : resource.lineOf(key);
    const unknowns: string[] = [];
    // A field the audit does not know may narrow the rule or widen it: the rule as written is unknown, and so is anything more.
    const unknownFields = unlisted(body, fields.listed, block ? `an ${block} block of ${resource.address}` : resource.address);
    const beyond = unknownFields.map(f => unknownPermission(lineOf(f.key), f.why));
    unknowns.push(...unknownFields.map(f => f.why));
    const protocolValue = body[fields.protocol];
    const protocol = literal(protocolValue);
    let transports: readonly ('tcp' | 'udp')[] | undefined = ['tcp', 'udp'];
    if (protocol === undefined) unknowns.push(`the protocol (${expressionText(protocolValue)}) is not fixed in the file`);
    else transports = transportsOf(protocol === 'all' ? '-1' : protocol, lineOf(fields.protocol), file);
    if (!transports) return beyond;
    let ports = ALL_PORTS;
    if (protocol !== undefined) {
        if (isExpression(body.from_port) || isExpression(body.to_port)) unknowns.push('its ports are not fixed in the file');
        else ports = permissionPorts(protocol === 'all' ? '-1' : protocol, body.from_port, body.to_port, bad => lineOf(bad === 'ToPort' ? 'to_port' : 'from_port'), file);
    }
    const peers: SecurityGroupPeer[] = [];
    const expression = (key: string, v: unknown): SecurityGroupPeer => ({ kind: 'unknown', line: lineOf(key), text: expressionText(v), why: `${key} = ${expressionText(v)}: its value is not fixed in the file` });
    for (const [key, kind] of [[fields.cidr4, 'ipv4'], [fields.cidr6, 'ipv6']] as const) {
        const value = body[key];
        if (isExpression(value)) { peers.push(expression(key, value)); continue; }
        for (const cidr of listOf(value)) {
            if (isExpression(cidr) || typeof cidr !== 'string') { peers.push(expression(key, cidr)); continue; }
            peers.push({ kind: 'addresses', set: cidrOf(cidr, kind, lineOf(key), file), line: lineOf(key), text: cidr });
        }
    }
    for (const key of fields.groups) {
        for (const value of listOf(body[key])) {
            const id = referencedResource(value, GROUP, 'id') ?? literal(value);
            peers.push(id ? { kind: 'group', id, line: lineOf(key) } : expression(key, value));
        }
    }
    if (fields.self && body[fields.self] === true) peers.push({ kind: 'group', id: selfId, line: lineOf(fields.self) });
    else if (fields.self && body[fields.self] !== undefined && body[fields.self] !== false) peers.push(expression(fields.self, body[fields.self]));
    for (const value of listOf(body[fields.prefixLists])) peers.push({ kind: 'prefix-list', id: referencedResource(value, PREFIX_LIST, 'id') ?? literal(value) ?? String(value), line: lineOf(fields.prefixLists) });
    return [{
        transports, ports, peers, unknown: unknowns.length ? unknowns.join('; ') : undefined,
        what: protocol === undefined ? 'rule' : protocol === '-1' || protocol === 'all' ? 'all traffic' : `${protocol} ${literal(body.from_port) ?? ''}-${literal(body.to_port) ?? ''}`
    }, ...beyond];
}

const INLINE = { protocol: 'protocol', cidr4: 'cidr_blocks', cidr6: 'ipv6_cidr_blocks', groups: ['security_groups'], prefixLists: 'prefix_list_ids', self: 'self', listed: KNOWN.inline };
const LEGACY_RULE = { protocol: 'protocol', cidr4: 'cidr_blocks', cidr6: 'ipv6_cidr_blocks', groups: ['source_security_group_id'], prefixLists: 'prefix_list_ids', self: 'self', listed: KNOWN.legacyRule };
const VPC_RULE = { protocol: 'ip_protocol', cidr4: 'cidr_ipv4', cidr6: 'cidr_ipv6', groups: ['referenced_security_group_id'], prefixLists: 'prefix_list_id', listed: KNOWN.vpcRule };

/** A permission that may allow anything (a dynamic block, a rule made by for_each): unknown. */
function unknownPermission(line: number, why: string): SecurityGroupPermission {
    return { transports: ['tcp', 'udp'], ports: ALL_PORTS, what: 'rule', peers: [{ kind: 'unknown', line, text: 'any address', why }] };
}

/** A prefix list SegPlan wrote for a host name: the name and family it holds, or why it is not read so. */
type HostNameList = { readonly name: string; readonly family: 'IPv4' | 'IPv6' } | { readonly why: string };

/** The file's prefix lists by resource address, each read as a host name's list or with why not. */
function hostNameLists(resources: readonly TerraformResource[], options: ImportOptions): Map<string, HostNameList> {
    const known = knownHostNames(options);
    const lists = new Map<string, HostNameList>();
    // Entries added by their own resources: to the list they reference, or (not fixed in the file) to any.
    const entries = resources.filter(r => r.type === PREFIX_LIST_ENTRY).map(r => referencedResource(r.body.prefix_list_id, PREFIX_LIST, 'id') ?? '*');
    for (const r of resources.filter(r => r.type === PREFIX_LIST)) {
        const name = literal((r.body.tags as Record<string, unknown> | undefined)?.SegPlanHostName);
        const family = literal(r.body.address_family);
        const unknownField = unlisted(r.body, KNOWN.prefixList, r.address)[0];
        const why = ((): string | undefined => {
            if (unknownField) return unknownField.why;
            if (repeated(r.body, options) !== undefined) return `${r.address}: count or for_each: how many lists it makes is not in the file`;
            if (name === undefined) return `${r.address} is not a host name's list (no SegPlanHostName tag): the file does not hold all its entries`;
            if (!options.hostNames) return `${r.address} stands for host name ${name}: the audit cannot tell which addresses it holds`;
            if (!known.has(name)) return `${r.address} stands for host name ${name}, which the plan does not place`;
            if (r.body.entry !== undefined || entries.includes(r.address) || entries.includes('*')) return `${r.address} has entries in the file: it is no longer exactly host name ${name}`;
            if (family !== 'IPv4' && family !== 'IPv6') return `${r.address}: address_family ${expressionText(r.body.address_family)} is neither IPv4 nor IPv6`;
            return undefined;
        })();
        lists.set(r.address, why ? { why } : { name: name!, family: family as 'IPv4' | 'IPv6' });
    }
    return lists;
}

/**
 * A group's permissions of one direction with each host name's prefix lists read as that name:
 * where the same protocols and ports reference its IPv4 and its IPv6 list, the two together are
 * exactly its addresses. One family alone, or a list not read as a host name's, is unknown.
 */
function withHostNames(permissions: readonly SecurityGroupPermission[], lists: ReadonlyMap<string, HostNameList>): SecurityGroupPermission[] {
    const keyOf = (p: SecurityGroupPermission, name: string) => `${name}|${[...p.transports].sort().join(',')}|${p.ports.map(r => `${r.from}-${r.to}`).join(',')}|${p.unknown ?? ''}`;
    const families = new Map<string, Set<string>>();
    for (const p of permissions) {
        for (const peer of p.peers) {
            const list = peer.kind === 'prefix-list' ? lists.get(peer.id) : undefined;
            if (list && 'name' in list) {
                const key = keyOf(p, list.name);
                (families.get(key) ?? families.set(key, new Set()).get(key)!).add(list.family);
            }
        }
    }
    // The names whose lists both families reference, per protocols and ports: one set, on the first permission of its key.
    const whole = (p: SecurityGroupPermission, list: HostNameList): list is { name: string; family: 'IPv4' | 'IPv6' } => 'name' in list && families.get(keyOf(p, list.name))?.size === 2;
    const merged = new Map<string, { names: Set<string>; line: number }>();
    for (const p of permissions) {
        for (const peer of p.peers) {
            const list = peer.kind === 'prefix-list' ? lists.get(peer.id) : undefined;
            if (!list || !whole(p, list)) continue;
            const key = keyOf(p, '');
            (merged.get(key) ?? merged.set(key, { names: new Set(), line: peer.line }).get(key)!).names.add(list.name);
        }
    }
    const placed = new Set<string>();
    return permissions.map(p => {
        if (!p.peers.some(peer => peer.kind === 'prefix-list' && lists.has(peer.id))) return p;
        const peers: SecurityGroupPeer[] = [];
        for (const peer of p.peers) {
            const list = peer.kind === 'prefix-list' ? lists.get(peer.id) : undefined;
            if (!list || peer.kind !== 'prefix-list') { peers.push(peer); continue; }
            const text = `prefix list ${peer.id}`;
            if ('why' in list) { peers.push({ kind: 'unknown', line: peer.line, text, why: list.why }); continue; }
            if (!whole(p, list)) {
                peers.push({ kind: 'unknown', line: peer.line, text, why: `${text} holds the ${list.family} addresses of host name ${list.name}, and no rule of the group with the same protocol and ports references its ${list.family === 'IPv4' ? 'IPv6' : 'IPv4'} list: the proof models a host name only as a whole` });
                continue;
            }
            // Host names used alike are one set, so that the proof gives them one flag (host-name-space.ts).
            const key = keyOf(p, '');
            if (placed.has(key)) continue;
            placed.add(key);
            const { names, line } = merged.get(key)!;
            peers.push({ kind: 'addresses', set: AddressSet.of([], [...names].sort()), line, text: `the prefix lists of host name${names.size > 1 ? 's' : ''} ${[...names].sort().join(', ')}` });
        }
        return { ...p, peers };
    });
}

export const awsTerraformImporter: ConfigImporter = {
    id: 'aws-terraform',
    label: 'AWS security groups (Terraform)',
    detail: 'aws_security_group and its rules in Terraform (segplan generate --target aws-terraform)',
    detect: text => /^\s*resource\s+"aws_(security_group|vpc_security_group_(ingress|egress)_rule|security_group_rule)"/m.test(text),
    async import(text: string, options: ImportOptions): Promise<FirewallPolicy> {
        const file = options.file;
        const config = await readTerraformOnce(text, options);
        const groups = new Map<string, Declared>();
        for (const r of config.resources.filter(r => r.type === GROUP)) {
            const name = literal(r.body.name);
            const tags = r.body.tags as Record<string, unknown> | undefined;
            const times = repeated(r.body, options);
            if (times === 'never') continue;
            const group: Declared = {
                id: r.address, label: name ? `${r.address} (${name})` : r.address, line: r.line,
                names: [r.address, r.name, name, literal(tags?.Name)], tagged: taggedAddresses(tags), unknown: times,
                permissions: { in: [], out: [] }
            };
            groups.set(r.address, group);
            for (const [block, direction] of [['ingress', 'in'], ['egress', 'out']] as const) {
                listOf(r.body[block]).forEach((body, i) => group.permissions[direction].push(...permissionOf(r, body as Record<string, unknown>, i, block, INLINE, file, r.address)));
                const dynamic = (r.body.dynamic as Record<string, unknown> | undefined)?.[block];
                if (dynamic) group.permissions[direction].push(unknownPermission(r.lineOf(block), `a dynamic "${block}" block: its rules come from values the file does not fix`));
            }
            for (const { key, why } of unlisted(r.body, KNOWN.group, r.address)) {
                for (const direction of ['in', 'out'] as const) group.permissions[direction].push(unknownPermission(r.lineOf(key), why));
            }
        }
        for (const r of config.resources.filter(r => RULE_TYPES.includes(r.type))) {
            const times = repeated(r.body, options);
            if (times === 'never') continue;
            const target = r.body.security_group_id;
            const id = referencedResource(target, GROUP, 'id') ?? literal(target) ?? String(target);
            let group = groups.get(id);
            if (!group) {
                // A group the file does not declare (an existing one): known by the id written, mapped with --map.
                group = { id, label: id, line: r.lineOf('security_group_id'), names: [literal(target)], permissions: { in: [], out: [] } };
                groups.set(id, group);
            }
            const type = r.type === 'aws_security_group_rule' ? literal(r.body.type) : r.type.endsWith('ingress_rule') ? 'ingress' : 'egress';
            if (type !== 'ingress' && type !== 'egress') throw new ConfigError(`${file} line ${r.lineOf('type')}: ${r.address}: type '${String(r.body.type)}' is neither ingress nor egress`, r.lineOf('type'));
            const direction = type === 'ingress' ? 'in' : 'out';
            if (times) { group.permissions[direction].push(unknownPermission(r.line, `${r.address}: ${times}`)); continue; }
            group.permissions[direction].push(...permissionOf(r, r.body, 0, undefined, r.type === 'aws_security_group_rule' ? LEGACY_RULE : VPC_RULE, file, group.id));
        }
        for (const m of config.modules) {
            for (const group of groups.values()) {
                for (const direction of ['in', 'out'] as const) group.permissions[direction].push(unknownPermission(m.line, `module "${m.name}" may add rules to the group; the file does not hold them`));
            }
        }
        const lists = hostNameLists(config.resources, options);
        for (const group of groups.values()) for (const direction of ['in', 'out'] as const) group.permissions[direction] = withHostNames(group.permissions[direction], lists);
        const model: SecurityGroup[] = [...groups.values()].map(g => {
            const members = g.unknown ? undefined : mappedAddresses(g.names, options.interfaces) ?? g.tagged;
            return { id: g.id, label: g.label, line: g.line, startLine: g.line, members, permissions: direction => g.permissions[direction] };
        });
        if (model.length === 0) throw new ConfigError(`${file}: no aws_security_group or security group rule resource: is it the AWS Terraform written by segplan generate?`, 1);
        return securityGroupsPolicy(model, options, 'AWS security groups (Terraform)');
    }
};
