import { formatPortRange } from '../network/ports.js';
import { cleanText, NameAllocator, type CleanOptions } from './escape.js';
import {
    COMMENT_TEXT_MAX, concreteSide, noteLines, ruleNotes, ruleSummary, shortPurpose, skipNote, titleLines,
    type ConcreteEndpoint, type EmitOptions, type EmitResult, type Emitter
} from './emitter.js';
import { piecesOf } from './line-bounds.js';
import { ANY_ZONE, type RuleSet, type RuleSetEndpoint, type RuleSetRule } from './rule-set.js';
import { onDeviceZones } from './device-zone-rules.js';
import { expiryCountLine, leaveOutExpiredTerraform } from './terraform-expiry.js';

/**
 * Azure network security groups as Terraform: one NSG per zone (to be attached to its subnet).
 * A connection passes when the NSG of its source's zone lets it out and the NSG of its
 * destination's zone lets it in, so each allow rule is an outbound rule on the first and an inbound
 * rule on the second, per address family; each deny of the plan is a Deny rule in the same places,
 * before every allow; and every NSG ends in a Deny of all traffic each way at priority 4096, above
 * Azure's default rules (AllowVnetInBound, AllowAzureLoadBalancerInBound, AllowVnetOutBound,
 * AllowInternetOutBound), which would let through what the plan does not allow. Priorities count up
 * from 100 in each direction of each NSG; Azure takes 100 to 4096 and at most 1000 rules per NSG, so
 * rules beyond that are left out with a warning rather than squeezed in.
 */

// Quoted HCL strings: no `"`, `\`, `$` or `%` (interpolation), within Azure's 140 characters.
const DESCRIPTION: CleanOptions = { extra: /[';]/, max: 140 };
export const AZURE_FIRST_PRIORITY = 100;
/** The last priority a rule of the plan may take: the highest one, 4096, holds each NSG's final deny. */
export const AZURE_LAST_PRIORITY = 4095;
export const AZURE_DENY_PRIORITY = 4096;
export const AZURE_MAX_RULES_PER_NSG = 1000;

// `#` comment lines.
const NOTE: CleanOptions = { max: COMMENT_TEXT_MAX };

/**
 * Terraform reads lines of any length; the file keeps them short for the people who review it: a
 * long list of prefixes or ports runs over several lines of at most LIST_WIDTH characters.
 */
const MAX_LINE_LENGTH = 4096;
const LIST_WIDTH = 1500;

type Direction = 'Inbound' | 'Outbound';
type Family = 'v4' | 'v6';
/** One end of a security rule: every address, or prefixes of one family. */
type End = '*' | readonly string[];

interface Nsg {
    readonly zone: string;
    readonly resource: string;
    readonly next: Record<Direction, number>;
    count: number;
}

/** Where a rule of the plan goes: the NSG and direction, and its ends in one address family there. */
interface Placement {
    readonly nsg: Nsg;
    readonly direction: Direction;
    readonly ends: (family: Family) => { sources: End; destinations: End };
}

function strings(values: readonly string[]): string {
    return `[${piecesOf(values.map(v => `"${v}"`), ', ', LIST_WIDTH).join(',\n    ')}]`;
}

function emit(this: Emitter, ruleSet: RuleSet, options?: EmitOptions): EmitResult {
    const warnings: string[] = [];
    const names = new NameAllocator(80);
    // Every zone that is not the internet, also one no rule names: without its final denies Azure's
    // defaults let every subnet, peered VNet and VPN prefix in, and everything out.
    const nsgs = new Map(ruleSet.zoneEndpoints.map(z => [z.zone, {
        zone: z.zone, resource: names.name(z.zone, `segplan_${z.zone}`), next: { Inbound: AZURE_FIRST_PRIORITY, Outbound: AZURE_FIRST_PRIORITY }, count: 0
    } as Nsg]));
    const everyNsg = [...nsgs.values()];
    const isOutside = (e: RuleSetEndpoint) => e.zone === ANY_ZONE || ruleSet.internetZones.includes(e.zone);
    // `any` and an internet zone (which every target writes as any address) are `*`, and every zone's hosts.
    const endOf = (side: readonly ConcreteEndpoint[], family: Family): End => side.some(e => e.any) ? '*' : [...new Set(side.flatMap(e => e[family]))];
    // The NSG of each zone the side's endpoints lie in: one for an allow rule's side (split by zone),
    // one per zone for a deny's side that names endpoints of several zones (`deny lab, prod -> …`).
    const nsgsOf = (side: readonly ConcreteEndpoint[]) => side.some(e => e.any) ? everyNsg
        : [...new Set(side.filter(e => !isOutside(e.endpoint)).map(e => nsgs.get(e.endpoint.zone)!))];

    /** The NSGs and directions a rule (allow or deny) is written in, or why it cannot be. */
    const placementsOf = (rule: RuleSetRule, sources: readonly ConcreteEndpoint[], destinations: readonly ConcreteEndpoint[]): Placement[] | string => {
        if (sources.length === 0 || destinations.length === 0) {
            const named = [...rule.sources, ...rule.destinations].some(e => e.hostNames.length > 0);
            return named ? 'its only source or destination is given by host name, which a network security group cannot match' : 'no source or destination with an IP address left';
        }
        const ends = (family: Family) => ({ sources: endOf(sources, family), destinations: endOf(destinations, family) });
        const inbound = nsgsOf(destinations), outbound = nsgsOf(sources);
        if (inbound.length + outbound.length === 0) return 'both ends are outside the plan\'s zones';
        return [...inbound.map(nsg => ({ nsg, direction: 'Inbound' as const, ends })), ...outbound.map(nsg => ({ nsg, direction: 'Outbound' as const, ends }))];
    };

    const lines: string[] = [];
    /** Writes a rule (allow or deny) in its places, per family, or a comment that says why it is not written. */
    const write = (rule: RuleSetRule, prefix: 'r' | 'd', access: 'Allow' | 'Deny'): void => {
        const where = `${prefix}-${rule.id}`;
        // Only what this rule adds is looked through below: looking through every warning made writing quadratic in the rules left out.
        const warnedBefore = warnings.length;
        lines.push('', `# ${cleanText(ruleSummary(rule, prefix), NOTE)}`, ...ruleNotes(rule, NOTE).map(l => `#   ${l}`));
        if (access === 'Allow' && leaveOutExpiredTerraform(rule, 'Azure', warnings, options)) {
            lines.push('# NOT EMITTED: its until date has passed');
            return;
        }
        // The generic "cannot match a host name" notes give way to Azure's own reason and what to do.
        const sides = [rule.sources, rule.destinations].map(side => concreteSide(side, false, [], where));
        for (const endpoint of [...rule.sources, ...rule.destinations]) {
            const note = hostNameNote(endpoint, where);
            if (note && !warnings.includes(note)) warnings.push(note);
        }
        const placements = placementsOf(rule, sides[0], sides[1]);
        if (typeof placements === 'string') {
            warnings.push(skipNote(rule, placements, prefix));
            lines.push(`# NOT EMITTED: ${placements}`);
            return;
        }
        let written = 0;
        for (const { nsg, direction, ends } of placements) {
            for (const family of ['v4', 'v6'] as const) {
                const { sources: s, destinations: d } = ends(family);
                if (s.length === 0 || d.length === 0) continue;
                if (s === '*' && d === '*' && family === 'v6') continue;
                if (nsg.count >= AZURE_MAX_RULES_PER_NSG || nsg.next[direction] > AZURE_LAST_PRIORITY) {
                    warnings.push(skipNote(rule, `network security group for zone ${nsg.zone} is full (Azure allows ${AZURE_MAX_RULES_PER_NSG} rules, priorities ${AZURE_FIRST_PRIORITY}-${AZURE_LAST_PRIORITY})`, prefix));
                    continue;
                }
                const priority = nsg.next[direction]++;
                nsg.count++;
                written++;
                const way = direction === 'Inbound' ? '' : 'out_';
                lines.push(
                    `resource "azurerm_network_security_rule" "${nsg.resource}_${prefix}-${rule.id}_${way}${family}" {`,
                    ...(rule.until ? [expiryCountLine(rule.until)] : []),
                    `  name                        = "segplan-${prefix}-${rule.id}-${way.replace('_', '-')}${family}"`,
                    `  priority                    = ${priority}`,
                    `  direction                   = "${direction}"`,
                    `  access                      = "${access}"`,
                    `  protocol                    = "${rule.protocol === 'any' ? '*' : rule.protocol === 'tcp' ? 'Tcp' : 'Udp'}"`,
                    '  source_port_range           = "*"',
                    rule.allPorts ? '  destination_port_range      = "*"' : `  destination_port_ranges     = ${strings(rule.ports.map(formatPortRange))}`,
                    s === '*' ? '  source_address_prefix       = "*"' : `  source_address_prefixes     = ${strings(s)}`,
                    d === '*' ? '  destination_address_prefix  = "*"' : `  destination_address_prefixes = ${strings(d)}`,
                    `  description                 = "${cleanText(shortPurpose(rule), DESCRIPTION)}"`,
                    '  resource_group_name         = var.resource_group_name',
                    `  network_security_group_name = azurerm_network_security_group.${nsg.resource}.name`,
                    '}'
                );
            }
        }
        if (written === 0 && !warnings.slice(warnedBefore).some(w => w.startsWith(`${where} `))) {
            warnings.push(skipNote(rule, 'sources and destinations share no address family', prefix));
            lines.push('# NOT EMITTED: sources and destinations share no address family');
        }
    };
    // Denies first: they take the lowest priorities, so no allow after them, SegPlan's or another's, reopens them.
    // Each rule on the NSG of every zone its addresses lie in (zones nested in zones).
    const placed = onDeviceZones(ruleSet);
    for (const deny of placed.denies) write(deny, 'd', 'Deny');
    for (const rule of placed.rules) write(rule, 'r', 'Allow');
    for (const nsg of everyNsg) {
        for (const [direction, resource, name] of [['Inbound', 'deny_in', 'segplan-deny-inbound'], ['Outbound', 'deny_out', 'segplan-deny-outbound']] as const) {
            lines.push(
                '',
                `# Deny the ${direction.toLowerCase()} traffic the plan does not allow: above Azure's default rules (65000 and up), below every rule above.`,
                `resource "azurerm_network_security_rule" "${nsg.resource}_${resource}" {`,
                `  name                        = "${name}"`,
                `  priority                    = ${AZURE_DENY_PRIORITY}`,
                `  direction                   = "${direction}"`,
                '  access                      = "Deny"',
                '  protocol                    = "*"',
                '  source_port_range           = "*"',
                '  destination_port_range      = "*"',
                '  source_address_prefix       = "*"',
                '  destination_address_prefix  = "*"',
                `  description                 = "SegPlan: all ${direction.toLowerCase()} traffic that the plan does not allow"`,
                '  resource_group_name         = var.resource_group_name',
                `  network_security_group_name = azurerm_network_security_group.${nsg.resource}.name`,
                '}'
            );
        }
    }
    const nsgLines = everyNsg.flatMap(nsg => [
        '',
        `resource "azurerm_network_security_group" "${nsg.resource}" {`,
        `  name                = "${nsg.resource.replace(/_/g, '-')}"`,
        '  location            = var.location',
        '  resource_group_name = var.resource_group_name',
        `  tags = { SegPlanZone = "${cleanText(nsg.zone, { max: 256 })}" }`,
        '}'
    ]);
    const text = [
        ...titleLines(ruleSet, this, NOTE, options).map(l => `# ${l}`),
        ...noteLines(ruleSet, warnings, NOTE).map(l => `# ${l}`),
        '# Associate each network security group with the subnet of the zone it is named after. Each ends in a',
        '# deny of all traffic each way that the plan does not allow, Azure load balancer health probes',
        '# included: allow them in the plan (from an internet zone) where a load balancer fronts a zone.',
        '',
        'variable "resource_group_name" {',
        '  type = string',
        '}',
        '',
        'variable "location" {',
        '  type = string',
        '}',
        ...nsgLines,
        ...lines,
        ''
    ].join('\n');
    return { text, warnings: [...ruleSet.notes, ...warnings] };
}

/**
 * Why a host name is left out, and what to do instead. An NSG rule matches address prefixes,
 * service tags and application security groups, never a host name; a service tag holds every
 * address of a whole Azure service (or region), far more than the one host the plan names.
 */
function hostNameNote(endpoint: RuleSetEndpoint, where: string): string | undefined {
    if (endpoint.hostNames.length === 0) return undefined;
    const names = endpoint.hostNames.join(', ');
    const why = 'which an Azure network security group cannot match (a service tag such as AzureCloud or Storage allows far more): left out.'
        + ' Allow it with Azure Firewall FQDN rules, or give it addresses in the plan.';
    const note = `${where}: ${endpoint.name} is given by host name (${names}), ${why}`;
    // The file's header keeps the first 300 characters of a note: what to do comes before a long list of names.
    return note.length <= 300 ? note : `${where}: ${endpoint.name} is given by host name, ${why} Host names: ${names}.`;
}

export const azureTerraformEmitter: Emitter = {
    id: 'azure-terraform',
    label: 'Azure network security groups (Terraform)',
    detail: 'azurerm_network_security_group per zone, inbound and outbound azurerm_network_security_rule with priorities 100-4096, denies first',
    languageId: 'terraform',
    fileSuffix: 'azure.tf',
    maxLineLength: MAX_LINE_LENGTH,
    // Its security groups cut the traffic into a part per zone and group: the proof grows faster with the plan than a device's.
    readBack: { importer: 'azure-terraform', maxRulesByDefault: 300 },
    emit
};
