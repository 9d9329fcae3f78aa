import { ALL_PORTS } from '../../network/ports.js';
import type { FirewallPolicy } from '../firewall-policy.js';
import { groupOf, policyOfGroups, readSecurityRule, type SecurityRule, type WrittenRule } from './azure-nsg.js';
import { ConfigError, mappedAddresses, type ConfigImporter, type ImportOptions } from './importer.js';
import { countAt, expressionText, isExpression, knownFields, literalText as literal, readTerraformOnce, referencedResource, TERRAFORM_META_ARGUMENTS, type TerraformResource, unlistedFields } from './terraform-config.js';

/**
 * Azure network security groups as Terraform declares them (SegPlan's azure-terraform output, or
 * one written by hand), evaluated with the same semantics as the az network nsg export
 * (azure-nsg.ts): rules by priority, first match wins, Azure's default rules after them. Read:
 * `azurerm_network_security_group` with its inline `security_rule` blocks and
 * `azurerm_network_security_rule`. Which hosts a group guards: the zones mapped to its resource
 * name, its `name`, the subnets and network interfaces associated with it in the file, or the
 * zone SegPlan wrote in its SegPlanZone tag. An address prefix held in a variable is unknown; a
 * priority, direction, access, protocol or port that is not fixed in the file cannot be ordered
 * or matched, and is an error that says so.
 */

const GROUP = 'azurerm_network_security_group';

/**
 * Every field the reader knows, by the resource or block it is in: `modeled` decide what a rule
 * matches and does or which hosts a group guards, `noEffect` change neither. A field on no list
 * makes the rule it is in (on a group, every rule of the group) unknown at its line: never skipped.
 */
export const AZURE_TERRAFORM_FIELDS = {
    meta: TERRAFORM_META_ARGUMENTS,
    group: { modeled: ['name', 'tags', 'security_rule', 'dynamic'], noEffect: ['location', 'resource_group_name', 'timeouts'] },
    /** A `security_rule` block inside a group, and `azurerm_network_security_rule` with the fields of `ruleResource` too. */
    rule: {
        modeled: ['priority', 'direction', 'access', 'protocol', 'source_port_range', 'source_port_ranges', 'destination_port_range', 'destination_port_ranges',
            'source_address_prefix', 'source_address_prefixes', 'destination_address_prefix', 'destination_address_prefixes',
            'source_application_security_group_ids', 'destination_application_security_group_ids'],
        noEffect: ['name', 'description']
    },
    ruleResource: { modeled: ['network_security_group_name'], noEffect: ['resource_group_name', 'timeouts'] }
} as const;

const KNOWN = {
    group: knownFields(AZURE_TERRAFORM_FIELDS.group, AZURE_TERRAFORM_FIELDS.meta),
    inline: knownFields(AZURE_TERRAFORM_FIELDS.rule),
    resource: knownFields(AZURE_TERRAFORM_FIELDS.rule, AZURE_TERRAFORM_FIELDS.ruleResource, AZURE_TERRAFORM_FIELDS.meta)
};

/** Why a body's fields on none of its lists leave what it does unknown; undefined when every field is listed. */
function unlisted(body: Readonly<Record<string, unknown>>, known: ReadonlySet<string>, where: string): { key: string; why: string } | undefined {
    const keys = unlistedFields(body, known);
    return keys.length ? { key: keys[0], why: `${keys.join(', ')} in ${where}: not a field the audit knows, so what the rule matches is unknown` } : undefined;
}

/** A security rule with the fields the audit does not know: unknown. */
function withUnlisted(rule: SecurityRule, body: Readonly<Record<string, unknown>>, known: ReadonlySet<string>, where: string): SecurityRule {
    const found = unlisted(body, known, where);
    return found ? { ...rule, unknown: found.why } : rule;
}

const ASSOCIATIONS: Record<string, string> = {
    azurerm_subnet_network_security_group_association: 'subnet_id',
    azurerm_network_interface_security_group_association: 'network_interface_id'
};

/** Azure's API name of a property (`sourceAddressPrefix`) as Terraform writes it (`source_address_prefix`). */
function terraformKey(key: string): string {
    return key.replace(/[A-Z]/g, c => `_${c.toLowerCase()}`);
}

/** A rule's fields as the security-rule reader asks for them. */
function writtenRule(resource: TerraformResource, body: Readonly<Record<string, unknown>>, block: string | undefined, nth: number, file: string): WrittenRule {
    const line = block ? resource.lineOf(block, nth) : resource.line;
    const name = typeof body.name === 'string' && !isExpression(body.name) ? body.name : block ? `${resource.address} ${block} ${nth + 1}` : resource.address;
    const lineOf = (key: string) => block ? line : resource.lineOf(terraformKey(key));
    return {
        name, line, lineOf,
        value: key => {
            const value = body[terraformKey(key)];
            // Address prefixes may be expressions (unknown, as a service tag is); anything else orders or matches the rule.
            if (isExpression(value) && !/AddressPrefix/.test(key)) {
                throw new ConfigError(`${file} line ${lineOf(key)}: security rule ${name}: ${terraformKey(key)} = ${expressionText(value)} is not fixed in the file: the audit cannot place or match the rule`, lineOf(key));
            }
            // Terraform takes a port as a number too; Azure's API writes it as text.
            if (/PortRanges?$/.test(key)) return typeof value === 'number' ? String(value) : Array.isArray(value) ? value.map(v => typeof v === 'number' ? String(v) : v) : value;
            return value;
        },
        elementLine: () => lineOf('sourceAddressPrefixes'),
        applicationSecurityGroups: key => {
            const ids = body[`${terraformKey(key.replace(/Groups$/, 'Group'))}_ids`];
            return (Array.isArray(ids) ? ids : []).map(id => referencedResource(id, 'azurerm_application_security_group', 'id') ?? String(id).split('/').pop()!);
        }
    };
}

export const azureTerraformImporter: ConfigImporter = {
    id: 'azure-terraform',
    label: 'Azure network security groups (Terraform)',
    detail: 'azurerm_network_security_group and its rules in Terraform (segplan generate --target azure-terraform)',
    detect: text => /^\s*resource\s+"azurerm_network_security_(group|rule)"/m.test(text),
    async import(text: string, options: ImportOptions): Promise<FirewallPolicy> {
        const file = options.file;
        const config = await readTerraformOnce(text, options);
        const declared = new Map<string, { names: (string | undefined)[]; line: number; rules: SecurityRule[]; unknown?: string }>();
        const byName = new Map<string, string>();
        for (const r of config.resources.filter(r => r.type === GROUP)) {
            const name = literal(r.body.name);
            const tags = r.body.tags as Record<string, unknown> | undefined;
            const repeated = r.body.count !== undefined || r.body.for_each !== undefined;
            const group = { names: [r.address, r.name, name, literal(tags?.SegPlanZone)], line: r.line, rules: [] as SecurityRule[], unknown: repeated ? 'count/for_each' : undefined };
            declared.set(r.address, group);
            if (name) byName.set(name, r.address);
            const inline = r.body.security_rule;
            (Array.isArray(inline) ? inline : inline ? [inline] : []).forEach((body, i) => {
                const rule = readSecurityRule(writtenRule(r, body as Record<string, unknown>, 'security_rule', i, file), file, false);
                group.rules.push(withUnlisted(rule, body as Record<string, unknown>, KNOWN.inline, `security rule ${rule.name}`));
            });
            const groupField = unlisted(r.body, KNOWN.group, r.address);
            if (groupField) {
                // Before every rule a user may write (priority 100 and up): the group's rules all decide nothing for sure.
                const line = r.lineOf(groupField.key);
                for (const direction of ['Inbound', 'Outbound'] as const) {
                    group.rules.push({
                        name: r.address, priority: 99, direction, access: 'Deny', protocols: ['tcp', 'udp'], sources: [], destinations: [], sourcePorts: ALL_PORTS, destinationPorts: ALL_PORTS,
                        sourceGroups: [], destinationGroups: [], unknown: groupField.why, location: { file, line, text: `${r.address} ${groupField.key}` }
                    });
                }
            }
            if ((r.body.dynamic as Record<string, unknown> | undefined)?.security_rule) {
                throw new ConfigError(`${file} line ${r.lineOf('security_rule')}: ${r.address}: a dynamic "security_rule" block makes rules from values the file does not fix: the audit cannot order them`, r.lineOf('security_rule'));
            }
        }
        for (const r of config.resources.filter(r => r.type === 'azurerm_network_security_rule')) {
            // A count the file fixes (a number, or SegPlan's temporary rule ending at a date) is read at the instant judged.
            const times = r.body.for_each === undefined ? countAt(r.body.count, options) : undefined;
            if (times === undefined) {
                throw new ConfigError(`${file} line ${r.line}: ${r.address} is made with count or for_each: the audit cannot tell how many rules, with which priorities`, r.line);
            }
            if (times === 0) continue;
            const target = r.body.network_security_group_name;
            const address = referencedResource(target, GROUP, 'name') ?? byName.get(literal(target) ?? '') ?? literal(target) ?? String(target);
            let group = declared.get(address);
            if (!group) declared.set(address, group = { names: [literal(target)], line: r.lineOf('network_security_group_name'), rules: [] });
            const rule = readSecurityRule(writtenRule(r, r.body, undefined, 0, file), file, false);
            group.rules.push(withUnlisted(rule, r.body, KNOWN.resource, r.address));
        }
        for (const r of config.resources.filter(r => r.type in ASSOCIATIONS)) {
            const group = declared.get(referencedResource(r.body.network_security_group_id, GROUP, 'id') ?? '');
            const attached = r.body[ASSOCIATIONS[r.type]];
            const resource = /^\$\{([\w-]+)\.([\w-]+)\.id\}$/.exec(String(attached));
            const named = resource ? config.resources.find(x => x.type === resource[1] && x.name === resource[2]) : undefined;
            group?.names.push(resource?.[2], literal(named?.body.name), literal(attached)?.split('/').pop());
        }
        if (config.modules.length > 0) {
            const m = config.modules[0];
            throw new ConfigError(`${file} line ${m.line}: module "${m.name}" may add rules to these groups, and the file does not hold them: audit the planned configuration (terraform show -json) instead`, m.line);
        }
        if (declared.size === 0) throw new ConfigError(`${file}: no azurerm_network_security_group or azurerm_network_security_rule resource: is it the Azure Terraform written by segplan generate?`, 1);
        const groups = [...declared].map(([address, g]) => groupOf(address, file, g.line, g.rules, [], g.unknown ? undefined : mappedAddresses(g.names, options.interfaces)));
        return policyOfGroups(groups, options, 'Azure network security groups (Terraform)');
    }
};
