import { AddressSet } from '../../network/addresses.js';
import type { PortSet } from '../../network/ports.js';
import { type ConfigLocation, type FirewallPolicy, type PolicyRule, repliesPass } from '../firewall-policy.js';
import { EVERY_ADDRESS, type Transport, type TrafficMatch } from '../traffic-space.js';
import { ConfigError, type ImportOptions } from './importer.js';

/**
 * AWS security groups as AWS evaluates them, whatever file they were read from (the JSON of
 * `aws ec2 describe-security-groups`, or Terraform): a group is stateful and only allows; a
 * connection passes when a group of the destination allows it in and a group of the source
 * allows it out; replies pass. Which hosts a group is attached to is not in these files: a group
 * stands for the plan zones mapped to it. Prefix lists, groups of no mapped zone and values the
 * file does not fix make a rule "unknown"; nothing is guessed.
 */

/** Whom a permission lets in (inbound) or out (outbound) to. */
export type SecurityGroupPeer =
    | { readonly kind: 'addresses'; readonly set: AddressSet; readonly line: number; readonly text: string }
    | { readonly kind: 'group'; readonly id: string; readonly line: number }
    | { readonly kind: 'prefix-list'; readonly id: string; readonly line: number }
    /** A peer the file does not fix (a Terraform variable): any address, unknown. */
    | { readonly kind: 'unknown'; readonly line: number; readonly text: string; readonly why: string };

export interface SecurityGroupPermission {
    /** TCP and UDP: a permission for neither (ICMP, ESP) is left out by the reader. */
    readonly transports: readonly Transport[];
    readonly ports: PortSet;
    /** How the report names it: `tcp 22-22`, `all traffic`. */
    readonly what: string;
    readonly peers: readonly SecurityGroupPeer[];
    /** A part of the permission the file does not fix (its ports): what it allows is unknown. */
    readonly unknown?: string;
}

export interface SecurityGroup {
    readonly id: string;
    readonly label: string;
    /** Where the group is named (its id), and where it starts. */
    readonly line: number;
    readonly startLine: number;
    /** The addresses of the zones mapped to the group; undefined: not mapped. */
    readonly members?: AddressSet;
    /** The file the group was read from, when several are read together (its lines are that file's). */
    readonly file?: string;
    /** Read when needed: a group no zone is mapped to is not read further. */
    permissions(direction: 'in' | 'out'): readonly SecurityGroupPermission[];
}

export function securityGroupsPolicy(groupList: readonly SecurityGroup[], options: ImportOptions, kind = 'AWS security groups'): FirewallPolicy {
    const groups = new Map(groupList.map(g => [g.id, g]));
    if (groups.size === 0) throw new ConfigError(`${options.file} lists no security groups`, 1);
    const unmapped = [...groups.values()].filter(g => !g.members);
    if (unmapped.length === groups.size) {
        throw new ConfigError(`${options.file}: no security group is mapped to a zone of the plan, so the audit cannot tell which hosts any of them guards. Map each zone to the group its hosts use: --map <zone>=<group id or name> (groups: ${unmapped.slice(0, 5).map(g => g.label).join(', ')}${unmapped.length > 5 ? ', …' : ''}).`);
    }
    const guarded = [...groups.values()].reduce((u, g) => u.union(g.members ?? AddressSet.EMPTY), AddressSet.EMPTY);
    const at = (line: number, text: string, file = options.file): ConfigLocation => ({ file, line, text });
    const stateful: PolicyRule = repliesPass(options.file, 'security groups are stateful: replies of allowed connections pass');

    /** The rules one direction's permissions give: allow from (inbound) or to (outbound) each peer. */
    const rulesOf = (direction: 'in' | 'out'): PolicyRule[] => {
        const rules: PolicyRule[] = [stateful];
        // Allows add up: a permission the audit can evaluate decides before one it cannot (which might allow the same).
        const unknowns: PolicyRule[] = [];
        for (const group of groups.values()) {
            if (!group.members) continue;
            for (const permission of group.permissions(direction)) {
                const what = `${group.label} ${direction === 'in' ? 'inbound' : 'outbound'} ${permission.what}`;
                for (const peer of permission.peers) {
                    let set: AddressSet, text: string, unknown = permission.unknown;
                    switch (peer.kind) {
                        case 'addresses': set = peer.set; text = peer.text; break;
                        case 'group': {
                            const other = groups.get(peer.id);
                            set = other?.members ?? EVERY_ADDRESS;
                            text = `members of ${other?.members ? other.label : peer.id}`;
                            if (!other?.members) unknown ??= `security group ${peer.id} is ${other ? 'not mapped to a zone of the plan (--map zone=' + peer.id + ')' : 'not in this export (another account or VPC?)'}: the audit cannot tell its members`;
                            break;
                        }
                        case 'prefix-list': set = EVERY_ADDRESS; text = `prefix list ${peer.id}`; unknown ??= `prefix list ${peer.id}: the export does not hold its entries`; break;
                        case 'unknown': set = EVERY_ADDRESS; text = peer.text; unknown ??= peer.why; break;
                    }
                    const match: TrafficMatch = direction === 'in'
                        ? { protocols: new Set(permission.transports), sources: set, destinations: group.members, destinationPorts: permission.ports }
                        : { protocols: new Set(permission.transports), sources: group.members, destinations: set, destinationPorts: permission.ports };
                    (unknown ? unknowns : rules).push({ match, action: { kind: 'accept' }, unknown, location: at(peer.line, `${what} ${direction === 'in' ? 'from' : 'to'} ${text}`, group.file) });
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
            rules.push({ match: side, action: { kind: 'drop' }, unknown: why && `no ${direction === 'in' ? 'inbound' : 'outbound'} rule of the mapped groups allows it, but ${why}`, location: at(group.line, `no ${direction === 'in' ? 'inbound' : 'outbound'} rule of ${group.label} allows it`, group.file) });
        }
        if (why) {
            rules.push({ match: {}, action: { kind: 'accept' }, unknown: why, location: at(unmapped[0].startLine, unmapped[0].label, unmapped[0].file) });
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
        kind, chains, entry: options.hook === 'input' ? ['inbound'] : ['inbound', 'outbound'],
        families: new Set(['ipv4', 'ipv6']), unevaluated: [], guardsHosts: true
    };
}
