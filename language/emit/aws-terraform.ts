import { cleanName, cleanText, NameAllocator, type CleanOptions } from './escape.js';
import {
    COMMENT_TEXT_MAX, concreteSide, noteLines, ruleNotes, ruleSummary, shortPurpose, skipNote, titleLines,
    type ConcreteEndpoint, type EmitOptions, type EmitResult, type Emitter
} from './emitter.js';
import { ANY_ZONE, deniesBrokenBy, indexDenies, type DenyIndex, type RuleSet, type RuleSetEndpoint, type RuleSetRule } from './rule-set.js';
import { expiryCountLine, leaveOutExpiredTerraform } from './terraform-expiry.js';
import { compareText } from '../utils/compare-text.js';

/**
 * AWS security groups as Terraform. A connection passes when a group of its destination lets it in
 * and a group of its source lets it out (replies pass: groups are stateful), and Terraform removes
 * AWS's default allow-all outbound rule from the groups it creates. So every zone gets a group (to
 * be attached to every network interface in it), every component or address a rule names gets one
 * of its own (attached to its interfaces too), and each allow rule becomes inbound rules on its
 * destinations' groups and outbound rules on its sources' groups, one per prefix and port range:
 * the groups together allow exactly the plan. Security groups cannot deny: the plan's denies hold
 * because no rule written lets denied traffic through (an allow rule that would is left out), and
 * the file says so.
 */

// AWS accepts only a-zA-Z0-9, spaces and ._-:/()#,@[]+=&;{}!$* in rule descriptions; `$`, `{`,
// `}` and `;` are kept out too, so nothing can start a Terraform interpolation.
const DESCRIPTION: CleanOptions = { max: 255 };
// Tag values: letters, digits, spaces and _.:/=+-@ only.
const TAG: CleanOptions = { max: 255 };
// `#` comment lines.
const NOTE: CleanOptions = { max: COMMENT_TEXT_MAX };

/**
 * Terraform reads lines of any length; the file keeps them short for the people who review it.
 * Every line holds one value (a rule per prefix and port range), so only comments could be long.
 */
const MAX_LINE_LENGTH = 4096;

function tagValue(text: string): string {
    return cleanText(text, TAG).replace(/[^A-Za-z0-9 _.:/=+\-@]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** The default quota of inbound rules, and of outbound rules, per address family in one security group. */
export const AWS_RULES_PER_FAMILY = 60;
/** The default number of security groups one network interface may have. */
const AWS_GROUPS_PER_INTERFACE = 5;

type Direction = 'in' | 'out';
type Family = 'v4' | 'v6';

/** One security group resource: a part of an endpoint's group when its rules exceed the quota. */
interface Part {
    readonly resource: string;
    readonly counts: Record<`${Direction}${Family}`, number>;
}

/** The security group of a zone, component or address, in parts of at most AWS_RULES_PER_FAMILY rules per direction and family. */
interface Group {
    readonly endpoint: RuleSetEndpoint;
    readonly parts: Part[];
}

/** A rule's peer: a prefix, or (`prefix_list_id`) a host name's prefix list of one family, written as its reference. */
interface Prefix { readonly key: 'cidr_ipv4' | 'cidr_ipv6' | 'prefix_list_id'; readonly value: string; readonly family: Family; readonly hostName?: string }
const ANY_PREFIXES: readonly Prefix[] = [{ key: 'cidr_ipv4', value: '0.0.0.0/0', family: 'v4' }, { key: 'cidr_ipv6', value: '::/0', family: 'v6' }];

/**
 * Entries each host name's prefix list has room for. A rule that references a prefix list counts
 * as this many rules against the group's quota (AWS counts a list's maximum, not its entries).
 */
export const HOST_NAME_LIST_ENTRIES = 10;

/**
 * The prefixes of one side of a rule, IPv4 first; every address when the side holds `any`.
 *
 * An internet zone is every address outside the plan's other zones. As a destination (outbound
 * rules) it is written out as those prefixes: outbound to 0.0.0.0/0 would let the sources reach
 * every host of the plan that some rule lets in from the internet. As a source (`inbound`) it is
 * every address, and that is exact: a host of the plan's zones gets through only where its own
 * group lets it out, and every outbound rule here reaches only what the plan lets it reach.
 */
function prefixesOf(side: readonly ConcreteEndpoint[], inbound: boolean, listOf: (hostName: string, family: Family) => string): readonly Prefix[] {
    if (side.some(s => s.any || (inbound && s.endpoint.internet))) return ANY_PREFIXES;
    const v4: Prefix[] = [...new Set(side.flatMap(s => s.v4))].map(value => ({ key: 'cidr_ipv4', value, family: 'v4' }));
    const v6: Prefix[] = [...new Set(side.flatMap(s => s.v6))].map(value => ({ key: 'cidr_ipv6', value, family: 'v6' }));
    // A host name is both of its lists: what it resolves to in either family.
    const named: Prefix[] = [...new Set(side.flatMap(s => s.hostNames))].flatMap(name => (['v4', 'v6'] as const)
        .map(family => ({ key: 'prefix_list_id' as const, value: listOf(name, family), family, hostName: name })));
    return [...v4, ...v6, ...named];
}

/**
 * A side as a security group rule can name it. A host name of an endpoint outside the plan's
 * zones (a cloud service) is its prefix lists; inside them the endpoint would need a group of its
 * own, attached to hosts known only by name: left out, with a warning.
 */
function sideOf(endpoints: readonly RuleSetEndpoint[], ruleSet: RuleSet, warnings: string[], where: string): readonly ConcreteEndpoint[] {
    const side = concreteSide(endpoints, true, [], where);
    const out: ConcreteEndpoint[] = [];
    for (const c of side) {
        if (c.hostNames.length === 0 || outside(c.endpoint, ruleSet)) { out.push(c); continue; }
        const note = `${where}: ${c.endpoint.name} is given by host name (${c.hostNames.join(', ')}) inside the plan's zone ${c.endpoint.zone}, where a security group of its own cannot be attached to it by name; left out.`;
        if (!warnings.includes(note)) warnings.push(note);
        if (c.v4.length > 0 || c.v6.length > 0) out.push({ ...c, hostNames: [] });
    }
    return out;
}

/** A deny as the warnings name it: `d-3fa09c1e (plan.segplan line 12)`. */
function denyName(deny: RuleSetRule): string {
    return `d-${deny.id} (${deny.origins.map(o => `${o.file} line ${o.line}`).join(', ')})`;
}

/**
 * Why an allow rule is not written at all (its reason also goes to the warnings), or undefined. An
 * allow rule that lets through traffic a deny forbids (only `--force` writes such a plan's rules)
 * is left out: security groups cannot deny.
 */
function leftOutBecause(rule: RuleSetRule, sources: readonly ConcreteEndpoint[], destinations: readonly ConcreteEndpoint[], denies: DenyIndex): string | undefined {
    if (sources.length === 0 || destinations.length === 0) return 'no source or destination with an IP address left';
    const broken = deniesBrokenBy(rule, denies);
    if (broken.length > 0) {
        return `it lets through traffic that ${broken.map(denyName).join(', ')} forbids, and security groups cannot deny: narrow the allow rule`;
    }
    return undefined;
}

/** Endpoints by name, then by what they are (a part of a component has its addresses in its key). */
function byEndpoint(a: RuleSetEndpoint, b: RuleSetEndpoint): number {
    return compareText(a.name, b.name) || compareText(a.key, b.key);
}

/** Whether an endpoint lies outside the plan's zones (an address on the internet): behind no group of this file. */
function outside(endpoint: RuleSetEndpoint, ruleSet: RuleSet): boolean {
    return endpoint.zone === ANY_ZONE || ruleSet.internetZones.includes(endpoint.zone);
}

function emit(this: Emitter, ruleSet: RuleSet, options?: EmitOptions): EmitResult {
    const warnings: string[] = [];
    const groupNames = new NameAllocator(200);
    const groups = new Map<string, Group>();
    const groupOf = (endpoint: RuleSetEndpoint): Group => {
        let group = groups.get(endpoint.key);
        if (!group) groups.set(endpoint.key, group = { endpoint, parts: [] });
        return group;
    };
    // A group holds at most AWS_RULES_PER_FAMILY rules per direction and address family (the default
    // quota; `terraform apply` fails beyond it): an endpoint with more gets more groups, all to be
    // attached to the same network interfaces.
    const newPart = (group: Group): Part => {
        const k = group.parts.length + 1;
        const part = { resource: groupNames.name(`${group.endpoint.key}#${k}`, `segplan_${group.endpoint.name}${k > 1 ? `_part${k}` : ''}`), counts: { inv4: 0, inv6: 0, outv4: 0, outv6: 0 } };
        group.parts.push(part);
        return part;
    };
    const partOf = (group: Group, direction: Direction, families: readonly Family[], weight: number): Part => {
        const part = group.parts.find(p => families.every(f => p.counts[`${direction}${f}`] + weight <= AWS_RULES_PER_FAMILY)) ?? newPart(group);
        for (const f of families) part.counts[`${direction}${f}`] += weight;
        return part;
    };
    // Each host name's prefix lists, one per family, written once however many rules reference them.
    const listNames = new NameAllocator(200);
    const lists = new Map<string, { name: string; family: Family; resource: string }>();
    const listOf = (name: string, family: Family): string => {
        const key = `${name}#${family}`;
        let list = lists.get(key);
        if (!list) lists.set(key, list = { name, family, resource: listNames.name(key, `segplan_${name}_${family === 'v4' ? 'ipv4' : 'ipv6'}`) });
        return `aws_ec2_managed_prefix_list.${list.resource}.id`;
    };
    // Every zone's group first, also for a zone no rule names: its hosts then have a group that
    // lets in and out only what the plan allows.
    const zoneGroups = ruleSet.zoneEndpoints.map(z => groupOf(z));
    for (const group of zoneGroups) newPart(group);
    // The names of the other groups are given in an order of what they stand for, before any rule
    // is written: which rule names an endpoint first never decides which of two alike names gets `_2`.
    const named = new Map<string, RuleSetEndpoint>();
    for (const rule of ruleSet.rules) for (const e of [...rule.sources, ...rule.destinations]) if (!e.any && !outside(e, ruleSet)) named.set(e.key, e);
    for (const e of [...named.values()].sort(byEndpoint)) groupNames.name(`${e.key}#1`, `segplan_${e.name}`);

    const rules: string[] = [];
    const deniesByDestination = indexDenies(ruleSet.denies);
    for (const rule of ruleSet.rules) {
        const where = `r-${rule.id}`;
        const sources = sideOf(rule.sources, ruleSet, warnings, where);
        const destinations = sideOf(rule.destinations, ruleSet, warnings, where);
        rules.push('', `# ${cleanText(ruleSummary(rule), NOTE)}`, ...ruleNotes(rule, NOTE).map(l => `#   ${l}`));
        if (leaveOutExpiredTerraform(rule, 'AWS', warnings, options)) {
            rules.push('# NOT EMITTED: its until date has passed');
            continue;
        }
        const why = leftOutBecause(rule, sources, destinations, deniesByDestination);
        if (why) {
            warnings.push(skipNote(rule, why));
            rules.push(`# NOT EMITTED: ${why}`);
            continue;
        }
        const ports = rule.protocol === 'any' ? [undefined] : rule.ports;
        // In at the destinations' own groups and out of the sources' own groups. `any` is also
        // every zone's hosts; an address on the internet (an internet zone too) is behind no group of this file.
        const groupsOf = (side: readonly ConcreteEndpoint[]) => side.some(e => e.any) ? zoneGroups : side.filter(e => !outside(e.endpoint, ruleSet)).map(e => groupOf(e.endpoint));
        const entering = groupsOf(destinations), leaving = groupsOf(sources);
        const resource = (type: 'ingress' | 'egress', name: string, part: Part, prefix: Prefix, port: typeof ports[number]) => rules.push(
            `resource "aws_vpc_security_group_${type}_rule" "${name}" {`,
            ...(rule.until ? [expiryCountLine(rule.until)] : []),
            `  security_group_id = aws_security_group.${part.resource}.id`,
            `  description       = "${cleanText(shortPurpose(rule), DESCRIPTION)}"`,
            `  ip_protocol       = "${rule.protocol === 'any' ? '-1' : rule.protocol}"`,
            ...(port ? [`  from_port         = ${port.from}`, `  to_port           = ${port.to}`] : []),
            prefix.key === 'prefix_list_id' ? `  prefix_list_id    = ${prefix.value}` : `  ${prefix.key.padEnd(17)} = "${prefix.value}"`,
            '  tags = {',
            `    SegPlanRule = "r-${rule.id}"`,
            ...(rule.until ? [`    ExpiresOn   = "${rule.until}"`] : []),
            '  }',
            '}'
        );
        let n = 0;
        // A group's hosts have addresses of its endpoint's families only: a prefix of the other family could never match.
        // A host name's lists are written for both families, so that the two together are the name.
        const families = (group: Group) => (prefix: Prefix) => prefix.key === 'prefix_list_id' || group.endpoint[prefix.family].length > 0 || group.endpoint.any;
        // Both lists of a host name go in the same part of a group: the reader reads the pair as the name.
        const paired = new Map<string, Part>();
        const place = (group: Group, direction: Direction, prefix: Prefix, port: typeof ports[number]): Part => {
            if (prefix.key !== 'prefix_list_id') return partOf(group, direction, [prefix.family], 1);
            // A list counts as its max_entries rules against the group's quota; the pair is placed at once.
            const key = `${prefix.hostName}|${port?.from}-${port?.to}`;
            let part = paired.get(key);
            if (!part) paired.set(key, part = partOf(group, direction, ['v4', 'v6'], HOST_NAME_LIST_ENTRIES));
            return part;
        };
        for (const group of entering) {
            paired.clear();
            for (const prefix of prefixesOf(sources, true, listOf).filter(families(group))) {
                for (const port of ports) resource('ingress', `r-${rule.id}_${++n}`, place(group, 'in', prefix, port), prefix, port);
            }
        }
        n = 0;
        for (const group of leaving) {
            paired.clear();
            for (const prefix of prefixesOf(destinations, false, listOf).filter(families(group))) {
                for (const port of ports) resource('egress', `r-${rule.id}_out_${++n}`, place(group, 'out', prefix, port), prefix, port);
            }
        }
    }
    for (const { endpoint, parts } of groups.values()) {
        if (parts.length <= 1) continue;
        warnings.push(`The rules for ${endpoint.kind} ${endpoint.name} are split into ${parts.length} security groups (AWS allows ${AWS_RULES_PER_FAMILY} inbound and ${AWS_RULES_PER_FAMILY} outbound rules per address family in one group): attach all of them to its network interfaces`
            + (parts.length > AWS_GROUPS_PER_INTERFACE ? `. That is more than the ${AWS_GROUPS_PER_INTERFACE} groups AWS attaches to one interface by default: raise that quota or merge rules in the plan` : ''));
    }
    // Every zone's group in plan order, then the others and the prefix lists in an order of what
    // they stand for: a rule added to the plan leaves every other group where it stands.
    const zoneKeys = new Set(zoneGroups.map(g => g.endpoint.key));
    const ordered = [...zoneGroups, ...[...groups.values()].filter(g => !zoneKeys.has(g.endpoint.key)).sort((a, b) => byEndpoint(a.endpoint, b.endpoint))];
    const groupLines = ordered.filter(g => g.parts.length > 0).flatMap(({ endpoint, parts }) => parts.flatMap(({ resource }, i) => [
        '',
        `resource "aws_security_group" "${resource}" {`,
        `  name        = "${cleanName(`segplan-${endpoint.name}${i > 0 ? `-part${i + 1}` : ''}`, 200).replace(/_/g, '-')}"`,
        `  description = "${cleanText(`SegPlan rules for ${endpoint.kind} ${endpoint.name}${parts.length > 1 ? ` (part ${i + 1} of ${parts.length})` : ''}`, DESCRIPTION)}"`,
        '  vpc_id      = var.vpc_id',
        '  tags = {',
        `    SegPlanEndpoint  = "${tagValue(`${endpoint.kind} ${endpoint.name}`)}"`,
        `    SegPlanAddresses = "${tagValue([...endpoint.v4, ...endpoint.v6].join(' '))}"`,
        '  }',
        '}'
    ]));
    const listLines = [...lists.values()].sort((a, b) => compareText(a.resource, b.resource)).flatMap(({ name, family, resource }) => [
        '',
        `resource "aws_ec2_managed_prefix_list" "${resource}" {`,
        `  name           = "${cleanName(`segplan-${name}-${family === 'v4' ? 'ipv4' : 'ipv6'}`, 200)}"`,
        `  address_family = "${family === 'v4' ? 'IPv4' : 'IPv6'}"`,
        `  max_entries    = ${HOST_NAME_LIST_ENTRIES}`,
        '  tags = {',
        `    SegPlanHostName = "${tagValue(name)}"`,
        '  }',
        '}'
    ]);
    const denies = denyLines(ruleSet);
    const text = [
        ...titleLines(ruleSet, this, NOTE, options).map(l => `# ${l}`),
        ...noteLines(ruleSet, warnings, NOTE).map(l => `# ${l}`),
        ...denies.map(l => `# ${cleanText(l, NOTE)}`),
        '# Attach each zone\'s security group to every network interface in the zone, and the group of each',
        '# component or address to its network interfaces as well: a connection passes when a group of its',
        '# destination lets it in and a group of its source lets it out. Terraform removes AWS\'s default',
        '# allow-all outbound rule from these groups: they let out only what the plan allows.',
        ...(lists.size ? HOST_NAME_LIST_NOTE.map(l => `# ${l}`) : []),
        '',
        'variable "vpc_id" {',
        '  type        = string',
        '  description = "The VPC the security groups belong to"',
        '}',
        ...groupLines,
        ...listLines,
        ...rules,
        ''
    ].join('\n');
    return { text, warnings: [...ruleSet.notes, ...warnings, ...denies.length ? [denies.join(' ')] : []] };
}

/** How the host names' prefix lists are filled: said in the header when there are any. */
const HOST_NAME_LIST_NOTE = [
    'HOST NAMES: a security group cannot name a host, so each host name the plan gives has a prefix list per',
    'address family (aws_ec2_managed_prefix_list, tagged SegPlanHostName), written empty: until it is filled it',
    'allows nothing. Fill each with the addresses its name resolves to, and keep them current (a scheduled job',
    'that resolves the name), or give the rules an AWS-managed list that holds exactly the service instead',
    '(com.amazonaws.<region>.s3 for S3). Raise max_entries if the name has more addresses: AWS counts it',
    'against the group\'s rule quota.'
];

/** What becomes of the plan's denies, which security groups cannot hold: said in the header and on stderr. */
function denyLines(ruleSet: RuleSet): string[] {
    if (ruleSet.denies.length === 0) return [];
    return [
        `DENIES: AWS security groups cannot deny, so ${ruleSet.denies.length === 1 ? 'the deny of this plan,' : `the ${ruleSet.denies.length} denies of this plan,`} ${ruleSet.denies.map(denyName).join(', ')},`,
        'are not written as rules. They hold all the same: these groups only allow, no rule in this file lets',
        'denied traffic through (an allow rule that would is left out), and what no rule allows is dropped.',
        'A security group of your own on the same network interfaces can still let it through: segplan audit',
        'reports that as guardrail-violated.'
    ];
}

export const awsTerraformEmitter: Emitter = {
    id: 'aws-terraform',
    label: 'AWS security groups (Terraform)',
    detail: 'aws_security_group per zone, component and address, inbound and outbound rules per prefix and port range',
    languageId: 'terraform',
    fileSuffix: 'aws.tf',
    maxLineLength: MAX_LINE_LENGTH,
    // Its security groups cut the traffic into a part per zone and group: the proof grows faster with the plan than a device's.
    readBack: { importer: 'aws-terraform', maxRulesByDefault: 300 },
    emit
};
