import { formatPortRange } from '../network/ports.js';
import { cleanText, NameAllocator, type CleanOptions } from './escape.js';
import {
    COMMENT_TEXT_MAX, concreteSide, leaveOutExpired, noteLines, ruleNotes, ruleSummary, shortPurpose, skipNote, titleLines,
    type EmitOptions, type EmitResult, type Emitter
} from './emitter.js';
import { piecesOf } from './line-bounds.js';
import { ANY_ZONE, type RuleSet } from './rule-set.js';

/**
 * Azure network security group rules as Terraform: one NSG per destination zone (to be attached
 * to its subnet) and one inbound `azurerm_network_security_rule` per rule and address family.
 * Priorities count up from 100 in rule order inside each NSG; Azure allows 100 to 4096 and at most
 * 1000 rules per NSG, so rules beyond that are left out with a warning rather than squeezed in.
 */

// Quoted HCL strings: no `"`, `\`, `$` or `%` (interpolation), within Azure's 140 characters.
const DESCRIPTION: CleanOptions = { extra: /[';]/, max: 140 };
export const AZURE_FIRST_PRIORITY = 100;
/** The last priority an allow rule may take: the highest one, 4096, holds each NSG's deny. */
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

function strings(values: readonly string[]): string {
    return `[${piecesOf(values.map(v => `"${v}"`), ', ', LIST_WIDTH).join(',\n    ')}]`;
}

function emit(this: Emitter, ruleSet: RuleSet, options?: EmitOptions): EmitResult {
    const warnings: string[] = [];
    const names = new NameAllocator(80);
    const nsgs = new Map<string, { resource: string; next: number; count: number }>();
    const rules: string[] = [];
    for (const rule of ruleSet.rules) {
        const where = `r${rule.number}`;
        rules.push('', `# ${cleanText(ruleSummary(rule), NOTE)}`, ...ruleNotes(rule, NOTE).map(l => `#   ${l}`));
        if (leaveOutExpired(rule, 'Azure', warnings, options)) {
            rules.push('# NOT EMITTED: its until date has passed (network security groups cannot expire a rule)');
            continue;
        }
        if (rule.destinationZone === ANY_ZONE || ruleSet.internetZones.includes(rule.destinationZone)) {
            const why = rule.destinationZone === ANY_ZONE ? 'a destination of any has no network security group to hold the rule'
                : `the destination is on the internet (zone ${rule.destinationZone}): network security groups here filter traffic into the plan's subnets`;
            warnings.push(skipNote(rule, why));
            rules.push(`# NOT EMITTED: ${why}`);
            continue;
        }
        const sources = concreteSide(rule.sources, false, warnings, where);
        const destinations = concreteSide(rule.destinations, false, warnings, where);
        let nsg = nsgs.get(rule.destinationZone);
        if (!nsg) nsgs.set(rule.destinationZone, nsg = { resource: names.name(rule.destinationZone, `segplan_${rule.destinationZone}`), next: AZURE_FIRST_PRIORITY, count: 0 });
        let emitted = 0;
        for (const family of ['v4', 'v6'] as const) {
            const side = (list: typeof sources) => list.some(e => e.any) ? '*' : [...new Set(list.flatMap(e => e[family]))];
            const s = side(sources), d = side(destinations);
            if (s.length === 0 || d.length === 0) continue;
            if (s === '*' && d === '*' && family === 'v6') continue;
            if (nsg.count >= AZURE_MAX_RULES_PER_NSG || nsg.next > AZURE_LAST_PRIORITY) {
                warnings.push(skipNote(rule, `network security group for zone ${rule.destinationZone} is full (Azure allows ${AZURE_MAX_RULES_PER_NSG} rules, priorities ${AZURE_FIRST_PRIORITY}-${AZURE_LAST_PRIORITY})`));
                continue;
            }
            const priority = nsg.next++;
            nsg.count++;
            emitted++;
            rules.push(
                `resource "azurerm_network_security_rule" "${nsg.resource}_r${rule.number}_${family}" {`,
                `  name                        = "segplan-r${rule.number}-${family}"`,
                `  priority                    = ${priority}`,
                '  direction                   = "Inbound"',
                '  access                      = "Allow"',
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
        if (emitted === 0 && !warnings.some(w => w.startsWith(`r${rule.number} `))) {
            const why = sources.length === 0 || destinations.length === 0
                ? 'no source or destination with an IP address left' : 'sources and destinations share no address family';
            warnings.push(skipNote(rule, why));
            rules.push(`# NOT EMITTED: ${why}`);
        }
    }
    // Every zone gets a network security group, also one that receives nothing: without it Azure's
    // AllowVnetInBound (priority 65000) lets every subnet, peered VNet and VPN prefix in.
    for (const zone of ruleSet.zones) {
        if (zone === ANY_ZONE || ruleSet.internetZones.includes(zone) || nsgs.has(zone)) continue;
        nsgs.set(zone, { resource: names.name(zone, `segplan_${zone}`), next: AZURE_FIRST_PRIORITY, count: 0 });
    }
    for (const nsg of nsgs.values()) {
        rules.push(
            '',
            '# Deny what the plan does not allow from the virtual network: above Azure\'s AllowVnetInBound (65000),',
            '# below every allow. Internet traffic is denied by DenyAllInBound; Azure load balancer probes stay allowed.',
            `resource "azurerm_network_security_rule" "${nsg.resource}_deny_vnet" {`,
            '  name                        = "segplan-deny-vnet-inbound"',
            `  priority                    = ${AZURE_DENY_PRIORITY}`,
            '  direction                   = "Inbound"',
            '  access                      = "Deny"',
            '  protocol                    = "*"',
            '  source_port_range           = "*"',
            '  destination_port_range      = "*"',
            '  source_address_prefix       = "VirtualNetwork"',
            '  destination_address_prefix  = "*"',
            '  description                 = "SegPlan: everything from the virtual network that the plan does not allow"',
            '  resource_group_name         = var.resource_group_name',
            `  network_security_group_name = azurerm_network_security_group.${nsg.resource}.name`,
            '}'
        );
    }
    const nsgLines = [...nsgs.entries()].flatMap(([zone, nsg]) => [
        '',
        `resource "azurerm_network_security_group" "${nsg.resource}" {`,
        `  name                = "${nsg.resource.replace(/_/g, '-')}"`,
        '  location            = var.location',
        '  resource_group_name = var.resource_group_name',
        `  tags = { SegPlanZone = "${cleanText(zone, { max: 256 })}" }`,
        '}'
    ]);
    const text = [
        ...titleLines(ruleSet, this, NOTE, options).map(l => `# ${l}`),
        ...noteLines(ruleSet, warnings, NOTE).map(l => `# ${l}`),
        '# Associate each network security group with the subnet of the zone it is named after.',
        '',
        'variable "resource_group_name" {',
        '  type = string',
        '}',
        '',
        'variable "location" {',
        '  type = string',
        '}',
        ...nsgLines,
        ...rules,
        ''
    ].join('\n');
    return { text, warnings: [...ruleSet.notes, ...warnings] };
}

export const azureTerraformEmitter: Emitter = {
    id: 'azure-terraform',
    label: 'Azure network security groups (Terraform)',
    detail: 'azurerm_network_security_group per destination zone, inbound azurerm_network_security_rule with priorities 100-4096',
    languageId: 'terraform',
    fileSuffix: 'azure.tf',
    maxLineLength: MAX_LINE_LENGTH,
    emit
};
