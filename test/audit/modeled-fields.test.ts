import * as assert from 'node:assert/strict';
import { evaluate, type FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { AWS_TERRAFORM_FIELDS, awsTerraformImporter } from '../../language/audit/importers/aws-terraform.js';
import { AZURE_TERRAFORM_FIELDS, azureTerraformImporter } from '../../language/audit/importers/azure-terraform.js';
import type { ConfigImporter } from '../../language/audit/importers/importer.js';
import { WINDOWS_FIREWALL_PARAMETERS, windowsFirewallImporter } from '../../language/audit/importers/windows-firewall.js';
import { boxOf } from '../../language/audit/traffic-space.js';
import { AddressSet } from '../../language/network/addresses.js';
import { addresses } from '../helpers/audit-verdicts.js';

/**
 * The Windows Firewall and the AWS and Azure Terraform readers' explicit lists of what they model,
 * walked entry by entry: a fixture per modeled field with the verdict the platform gives, a fixture
 * per field that changes nothing, whose verdict is the one without it; and a field on no list,
 * which makes the rule it is in unknown at its line (Windows: PowerShell refuses the command, an
 * error at its line) — never skipped.
 */

const NOW = new Date('2026-06-01T12:00:00Z');
/** The verdicts a connection gets, from every source port: one, or several joined (a rule that matches some source ports). */
type Expect = 'accept' | 'drop' | 'unknown' | 'accept,drop' | 'error';

interface Probe { readonly from?: string; readonly to?: string; readonly port?: number; readonly protocol?: 'tcp' | 'udp' }

/** What a file's policy does to one connection (10.1.0.5 → 10.2.0.5 tcp 443 unless told otherwise), and the lines of its unknown parts. */
async function judge(importer: ConfigImporter, text: string, interfaces: Map<string, ReturnType<typeof addresses>>, probe: Probe = {}, hook: 'input' | 'forward' = 'input') {
    let policy: FirewallPolicy;
    try {
        policy = await importer.import(text, { file: 'fixture', interfaces, hook, now: NOW }) as FirewallPolicy;
    } catch (error) {
        return { verdict: 'error' as Expect, lines: [], why: String(error) };
    }
    const box = boxOf(probe.protocol ?? 'tcp', addresses(probe.from ?? '10.1.0.5'), addresses(probe.to ?? '10.2.0.5'), [{ from: probe.port ?? 443, to: probe.port ?? 443 }]);
    const pieces = evaluate(policy, box, 'new');
    const unknown = pieces.filter(p => p.verdict === 'unknown');
    return { verdict: [...new Set(pieces.map(p => p.verdict))].sort().join(',') as Expect, lines: unknown.map(p => p.decidedBy.line), why: unknown.map(p => p.why).join('; ') };
}

/** HCL attributes (`key = value`) or blocks (a value starting with `{` and a line break, or `"label" {`); null leaves a field out. */
type Body = Record<string, string | null>;
const hcl = (body: Body) => Object.entries(body).filter(([, v]) => v !== null)
    .map(([k, v]) => /^(\{\n|"\w+" \{)/.test(v!) ? `  ${k} ${v}\n` : `  ${k} = ${v}\n`).join('');
const resource = (type: string, name: string, body: Body) => `resource "${type}" "${name}" {\n${hcl(body)}}\n`;
/** The lines of a text that hold `needle`, 1-based. */
const lineOf = (text: string, needle: string) => text.split('\n').findIndex(l => l.includes(needle)) + 1;

/** One fixture per entry: the fields changed, the verdict, and the connection judged. */
type Fixtures<K extends string> = Record<K, [Body, Expect, Probe?]>;

describe('close the class: AWS security groups in Terraform, field by field', () => {
    const MAP = new Map([['web', addresses('10.2.0.0/24').union(addresses('fd00:2::/64'))]]);
    const GROUP: Body = { name: '"web"' };
    const INLINE: Body = { protocol: '"tcp"', from_port: '443', to_port: '443', cidr_blocks: '["10.1.0.0/24"]' };
    const VPC: Body = { security_group_id: 'aws_security_group.g.id', ip_protocol: '"tcp"', from_port: '443', to_port: '443', cidr_ipv4: '"10.1.0.0/24"' };
    const LEGACY: Body = { type: '"ingress"', security_group_id: 'aws_security_group.g.id', protocol: '"tcp"', from_port: '443', to_port: '443', cidr_blocks: '["10.1.0.0/24"]' };
    const block = (body: Body) => `{\n${hcl(body).replace(/^/gm, '  ')}  }`;
    const inlineFile = (fields: Body, group: Body = {}) => resource('aws_security_group', 'g', { ...GROUP, ingress: block({ ...INLINE, ...fields }), ...group });
    const ruleFile = (type: string, base: Body, fields: Body) => resource('aws_security_group', 'g', GROUP) + resource(type, 'r', { ...base, ...fields });
    const V6: Probe = { from: 'fd00:1::5', to: 'fd00:2::5' };
    const MEMBER: Probe = { from: '10.2.0.7' };
    const aws = (text: string, probe?: Probe, hook?: 'input' | 'forward') => judge(awsTerraformImporter, text, MAP, probe, hook);

    it('every modeled field of an ingress or egress block has a fixture, with the verdict AWS gives', async () => {
        const MODELED: Fixtures<(typeof AWS_TERRAFORM_FIELDS.inline.modeled)[number]> = {
            protocol: [{ protocol: '"udp"' }, 'drop'], from_port: [{ from_port: '400' }, 'accept', { port: 442 }], to_port: [{ to_port: '450' }, 'accept', { port: 445 }],
            cidr_blocks: [{ cidr_blocks: '["10.9.0.0/24"]' }, 'drop'], ipv6_cidr_blocks: [{ ipv6_cidr_blocks: '["fd00:1::/64"]' }, 'accept', V6],
            security_groups: [{ cidr_blocks: null, security_groups: '["sg-0abc"]' }, 'unknown'], prefix_list_ids: [{ cidr_blocks: null, prefix_list_ids: '["pl-0abc"]' }, 'unknown'],
            self: [{ cidr_blocks: null, self: 'true' }, 'accept', MEMBER]
        };
        assert.deepEqual(Object.keys(MODELED).sort(), [...AWS_TERRAFORM_FIELDS.inline.modeled].sort());
        assert.equal((await aws(inlineFile({}))).verdict, 'accept', 'the block without changes allows');
        for (const probe of [{ port: 442 }, { port: 445 }, V6, MEMBER]) assert.equal((await aws(inlineFile({}), probe)).verdict, 'drop', JSON.stringify(probe));
        for (const [field, [fields, expected, probe]] of Object.entries(MODELED)) assert.equal((await aws(inlineFile(fields), probe)).verdict, expected, field);
        for (const field of AWS_TERRAFORM_FIELDS.inline.noEffect) assert.equal((await aws(inlineFile({ [field]: '"x"' }))).verdict, 'accept', field);
    });

    it('every modeled field of aws_vpc_security_group_ingress_rule and aws_security_group_rule has a fixture', async () => {
        const VPC_MODELED: Fixtures<(typeof AWS_TERRAFORM_FIELDS.vpcRule.modeled)[number]> = {
            // Another group's, which no zone is mapped to: it may guard any host.
            security_group_id: [{ security_group_id: '"sg-0other"' }, 'unknown'], ip_protocol: [{ ip_protocol: '"udp"' }, 'drop'],
            from_port: [{ from_port: '400' }, 'accept', { port: 442 }], to_port: [{ to_port: '450' }, 'accept', { port: 445 }],
            cidr_ipv4: [{ cidr_ipv4: '"10.9.0.0/24"' }, 'drop'], cidr_ipv6: [{ cidr_ipv4: null, cidr_ipv6: '"fd00:1::/64"' }, 'accept', V6],
            referenced_security_group_id: [{ cidr_ipv4: null, referenced_security_group_id: '"sg-0abc"' }, 'unknown'], prefix_list_id: [{ cidr_ipv4: null, prefix_list_id: '"pl-0abc"' }, 'unknown']
        };
        const LEGACY_MODELED: Fixtures<(typeof AWS_TERRAFORM_FIELDS.legacyRule.modeled)[number]> = {
            type: [{ type: '"egress"' }, 'drop'], security_group_id: [{ security_group_id: '"sg-0other"' }, 'unknown'], protocol: [{ protocol: '"udp"' }, 'drop'],
            from_port: [{ from_port: '400' }, 'accept', { port: 442 }], to_port: [{ to_port: '450' }, 'accept', { port: 445 }],
            cidr_blocks: [{ cidr_blocks: '["10.9.0.0/24"]' }, 'drop'], ipv6_cidr_blocks: [{ ipv6_cidr_blocks: '["fd00:1::/64"]' }, 'accept', V6],
            source_security_group_id: [{ cidr_blocks: null, source_security_group_id: '"sg-0abc"' }, 'unknown'], prefix_list_ids: [{ cidr_blocks: null, prefix_list_ids: '["pl-0abc"]' }, 'unknown'],
            self: [{ cidr_blocks: null, self: 'true' }, 'accept', MEMBER]
        };
        const cases = [
            ['aws_vpc_security_group_ingress_rule', VPC, VPC_MODELED, AWS_TERRAFORM_FIELDS.vpcRule],
            ['aws_security_group_rule', LEGACY, LEGACY_MODELED, AWS_TERRAFORM_FIELDS.legacyRule]
        ] as const;
        for (const [type, base, modeled, list] of cases) {
            assert.deepEqual(Object.keys(modeled).sort(), [...list.modeled].sort(), type);
            assert.equal((await aws(ruleFile(type, base, {}))).verdict, 'accept', type);
            for (const [field, [fields, expected, probe]] of Object.entries(modeled as Fixtures<string>)) assert.equal((await aws(ruleFile(type, base, fields), probe)).verdict, expected, `${type} ${field}`);
            for (const field of list.noEffect) assert.equal((await aws(ruleFile(type, base, { [field]: field === 'tags' ? '{ Owner = "x" }' : '"x"' }))).verdict, 'accept', `${type} ${field}`);
        }
    });

    it('every modeled field of aws_security_group and each meta-argument has a fixture', async () => {
        const GROUP_MODELED: Fixtures<(typeof AWS_TERRAFORM_FIELDS.group.modeled)[number]> = {
            name: [{ name: '"other"' }, 'error'], // no group mapped to a zone: the audit says it cannot tell which hosts
            tags: [{ name: '"other"', tags: '{ Name = "web" }' }, 'accept'],
            ingress: [{ ingress: null }, 'drop'],
            egress: [{ egress: block({ protocol: '"tcp"', from_port: '443', to_port: '443', cidr_blocks: '["10.1.0.0/24"]' }) }, 'accept', { from: '10.2.0.5', to: '10.1.0.5' }],
            dynamic: [{ dynamic: '"ingress" {\n    for_each = var.rules\n    content {\n      protocol = "tcp"\n    }\n  }' }, 'unknown', { port: 22 }]
        };
        assert.deepEqual(Object.keys(GROUP_MODELED).sort(), [...AWS_TERRAFORM_FIELDS.group.modeled].sort());
        const group = (fields: Body) => resource('aws_security_group', 'g', { ...GROUP, ingress: block(INLINE), ...fields });
        assert.equal((await aws(group({}), { from: '10.2.0.5', to: '10.1.0.5' }, 'forward')).verdict, 'drop', 'no egress rule: nothing leaves');
        assert.equal((await aws(group({}), { port: 22 })).verdict, 'drop');
        for (const [field, [fields, expected, probe]] of Object.entries(GROUP_MODELED)) assert.equal((await aws(group(fields), probe, field === 'egress' ? 'forward' : 'input')).verdict, expected, field);
        const values: Record<string, string> = { revoke_rules_on_delete: 'true', timeouts: '{\n    delete = "5m"\n  }', vpc_id: '"vpc-0abc"' };
        for (const field of AWS_TERRAFORM_FIELDS.group.noEffect) assert.equal((await aws(group({ [field]: values[field] ?? '"x"' }))).verdict, 'accept', field);
        const META: Fixtures<(typeof AWS_TERRAFORM_FIELDS.meta.modeled)[number]> = { count: [{ count: '0' }, 'drop'], for_each: [{ for_each: 'var.rules' }, 'unknown'] };
        assert.deepEqual(Object.keys(META).sort(), [...AWS_TERRAFORM_FIELDS.meta.modeled].sort());
        for (const [field, [fields, expected]] of Object.entries(META)) assert.equal((await aws(ruleFile('aws_vpc_security_group_ingress_rule', VPC, fields))).verdict, expected, field);
        const metaValues: Record<string, string> = { provider: 'aws.west', depends_on: '[aws_security_group.g]', lifecycle: '{\n    create_before_destroy = true\n  }' };
        for (const field of AWS_TERRAFORM_FIELDS.meta.noEffect) {
            assert.equal((await aws(ruleFile('aws_vpc_security_group_ingress_rule', VPC, { [field]: metaValues[field] }))).verdict, 'accept', field);
            assert.equal((await aws(group({ [field]: metaValues[field] }))).verdict, 'accept', `${field} on the group`);
        }
    });

    it('every field of aws_ec2_managed_prefix_list has a fixture: a host name\'s empty lists, both families, read as the name under verify', async () => {
        const NAME = 'files.example.com';
        const LIST: Body = { name: '"segplan-files"', address_family: '"IPv4"', max_entries: '10', tags: `{ SegPlanHostName = "${NAME}" }` };
        const file = (fields: Body) => resource('aws_security_group', 'g', GROUP)
            + resource('aws_ec2_managed_prefix_list', 'h4', { ...LIST, ...fields }) + resource('aws_ec2_managed_prefix_list', 'h6', { ...LIST, address_family: '"IPv6"' })
            + resource('aws_vpc_security_group_ingress_rule', 'r4', { ...VPC, cidr_ipv4: null, prefix_list_id: 'aws_ec2_managed_prefix_list.h4.id' })
            + resource('aws_vpc_security_group_ingress_rule', 'r6', { ...VPC, cidr_ipv4: null, prefix_list_id: 'aws_ec2_managed_prefix_list.h6.id' });
        // Verify's reading: the plan places the name (it is among the zones' host names).
        const interfaces = new Map([...MAP, ['net', AddressSet.of([], [NAME])]]);
        // A connection from the host name (a point of verify's extended space), and one from an address.
        const verdict = async (text: string, hostNames = true, from = AddressSet.of([], [NAME])) => {
            const policy = await awsTerraformImporter.import(text, { file: 'fixture', interfaces, hook: 'input', now: NOW, hostNames });
            const pieces = evaluate(policy, boxOf('tcp', from, addresses('10.2.0.5'), [{ from: 443, to: 443 }]), 'new');
            return [...new Set(pieces.map(p => p.verdict))].sort().join(',');
        };
        const ADDRESS = addresses('203.0.113.5');
        /** Read as the name: the name is let in, an address is not. Not read so: what an address gets is unknown. */
        const asName = async (text: string) => [await verdict(text), await verdict(text, true, ADDRESS)].join(' ');
        assert.equal(await asName(file({})), 'accept drop', 'both families of the name: the name');
        assert.equal(await verdict(file({}), false, ADDRESS), 'unknown', 'the audit cannot resolve host names');
        const MODELED: Record<(typeof AWS_TERRAFORM_FIELDS.prefixList.modeled)[number], Body> = {
            address_family: { address_family: '"IPv6"' }, // two IPv6 lists: no IPv4 half
            entry: { entry: block({ cidr: '"203.0.113.0/24"' }) },
            tags: { tags: '{ SegPlanHostName = "other.example.com" }' }
        };
        assert.deepEqual(Object.keys(MODELED).sort(), [...AWS_TERRAFORM_FIELDS.prefixList.modeled].sort());
        for (const [field, fields] of Object.entries(MODELED)) assert.equal(await verdict(file(fields), true, ADDRESS), 'unknown', field);
        for (const field of AWS_TERRAFORM_FIELDS.prefixList.noEffect) assert.equal(await asName(file({ [field]: field === 'max_entries' ? '20' : '"x"' })), 'accept drop', field);
        assert.equal(await verdict(file({ brand_new_field: '"x"' }), true, ADDRESS), 'unknown', 'a field on no list');
        assert.equal(await verdict(file({}) + resource('aws_ec2_managed_prefix_list_entry', 'e', { prefix_list_id: 'aws_ec2_managed_prefix_list.h4.id', cidr: '"203.0.113.0/24"' }), true, ADDRESS), 'unknown', 'an entry resource');
    });

    it('a field on no list makes the rule unknown at its line, in a block, a rule resource and a group — never skipped', async () => {
        const files = {
            'an ingress block': inlineFile({ cidr_blocks: '["10.9.0.0/24"]', brand_new_matcher: '"x"' }),
            'a rule resource': ruleFile('aws_vpc_security_group_ingress_rule', VPC, { cidr_ipv4: '"10.9.0.0/24"', brand_new_matcher: '"x"' }),
            'a group': resource('aws_security_group', 'g', { ...GROUP, brand_new_matcher: '"x"' })
        };
        for (const [where, text] of Object.entries(files)) {
            const got = await aws(text);
            assert.equal(got.verdict, 'unknown', where);
            assert.match(got.why, /brand_new_matcher in .*not a field the audit knows/, where);
            const at = where === 'an ingress block' ? lineOf(text, 'ingress {') : lineOf(text, 'brand_new_matcher');
            assert.deepEqual([...new Set(got.lines)], [at], where);
        }
    });
});

describe('close the class: Azure network security groups in Terraform, field by field', () => {
    const MAP = new Map([['web', addresses('10.2.0.0/24')], ['VirtualNetwork', addresses('10.2.0.0/24')]]);
    const GROUP: Body = { name: '"web"', location: '"westeurope"', resource_group_name: '"rg"' };
    const RULE: Body = {
        name: '"r"', priority: '100', direction: '"Inbound"', access: '"Allow"', protocol: '"Tcp"', source_port_range: '"*"', destination_port_range: '"443"',
        source_address_prefix: '"10.1.0.0/24"', destination_address_prefix: '"*"'
    };
    const ON_GROUP: Body = { resource_group_name: '"rg"', network_security_group_name: 'azurerm_network_security_group.g.name' };
    /** A deny of the same traffic after it: a rule that no longer matches lets the deny decide. */
    const DENY = resource('azurerm_network_security_rule', 'd', { ...RULE, ...ON_GROUP, name: '"d"', priority: '200', access: '"Deny"', source_address_prefix: '"*"' });
    const file = (fields: Body, group: Body = {}) => resource('azurerm_network_security_group', 'g', { ...GROUP, ...group }) + resource('azurerm_network_security_rule', 'r', { ...RULE, ...ON_GROUP, ...fields }) + DENY;
    const azure = (text: string, probe?: Probe) => judge(azureTerraformImporter, text, MAP, probe);

    it('every modeled field of a security rule has a fixture, with the verdict Azure gives', async () => {
        const MODELED: Fixtures<(typeof AZURE_TERRAFORM_FIELDS.rule.modeled)[number]> = {
            priority: [{ priority: '300' }, 'drop'], direction: [{ direction: '"Outbound"' }, 'drop'], access: [{ access: '"Deny"' }, 'drop'], protocol: [{ protocol: '"Udp"' }, 'drop'],
            source_port_range: [{ source_port_range: '"1-1023"' }, 'accept,drop'], source_port_ranges: [{ source_port_range: null, source_port_ranges: '["1-1023"]' }, 'accept,drop'],
            destination_port_range: [{ destination_port_range: '"22"' }, 'drop'], destination_port_ranges: [{ destination_port_range: null, destination_port_ranges: '["22"]' }, 'drop'],
            source_address_prefix: [{ source_address_prefix: '"10.9.0.0/24"' }, 'drop'], source_address_prefixes: [{ source_address_prefix: null, source_address_prefixes: '["10.1.0.0/24"]' }, 'accept'],
            destination_address_prefix: [{ destination_address_prefix: '"10.2.0.9/32"' }, 'drop'],
            destination_address_prefixes: [{ destination_address_prefix: null, destination_address_prefixes: '["10.2.0.0/24"]' }, 'accept'],
            source_application_security_group_ids: [{ source_address_prefix: null, source_application_security_group_ids: '[azurerm_application_security_group.a.id]' }, 'unknown'],
            destination_application_security_group_ids: [{ destination_address_prefix: null, destination_application_security_group_ids: '[azurerm_application_security_group.a.id]' }, 'unknown']
        };
        assert.deepEqual(Object.keys(MODELED).sort(), [...AZURE_TERRAFORM_FIELDS.rule.modeled].sort());
        assert.equal((await azure(file({}))).verdict, 'accept', 'the rule without changes allows');
        for (const [field, [fields, expected, probe]] of Object.entries(MODELED)) assert.equal((await azure(file(fields), probe)).verdict, expected, field);
        for (const field of AZURE_TERRAFORM_FIELDS.rule.noEffect) assert.equal((await azure(file({ [field]: '"x"' }))).verdict, 'accept', field);
        // The same fields in a security_rule block of the group.
        const inline = (fields: Body) => resource('azurerm_network_security_group', 'g', { ...GROUP, security_rule: `{\n${hcl({ ...RULE, ...fields }).replace(/^/gm, '  ')}  }` });
        assert.equal((await azure(inline({}))).verdict, 'accept');
        for (const [field, [fields, expected, probe]] of Object.entries(MODELED)) {
            if (field !== 'priority') assert.equal((await azure(inline(fields), probe)).verdict, expected, `${field} in a security_rule block`);
        }
    });

    it('every field of azurerm_network_security_rule\'s own, of the group and each meta-argument has a fixture', async () => {
        const OWN: Fixtures<(typeof AZURE_TERRAFORM_FIELDS.ruleResource.modeled)[number]> = { network_security_group_name: [{ network_security_group_name: '"other"' }, 'drop'] };
        assert.deepEqual(Object.keys(OWN).sort(), [...AZURE_TERRAFORM_FIELDS.ruleResource.modeled].sort());
        for (const [field, [fields, expected]] of Object.entries(OWN)) assert.equal((await azure(file(fields))).verdict, expected, field);
        const values: Record<string, string> = { timeouts: '{\n    create = "30m"\n  }', resource_group_name: '"rg2"' };
        for (const field of AZURE_TERRAFORM_FIELDS.ruleResource.noEffect) assert.equal((await azure(file({ [field]: values[field] }))).verdict, 'accept', field);
        const GROUP_MODELED: Fixtures<(typeof AZURE_TERRAFORM_FIELDS.group.modeled)[number]> = {
            name: [{ name: '"other"' }, 'error'], // no group mapped to a zone: the audit says it cannot tell which hosts
            tags: [{ name: '"other"', tags: '{ SegPlanZone = "web" }' }, 'accept'],
            security_rule: [{ security_rule: `{\n${hcl({ ...RULE, name: '"i"', priority: '150', access: '"Deny"' }).replace(/^/gm, '  ')}  }` }, 'accept'],
            dynamic: [{ dynamic: '"security_rule" {\n    for_each = var.rules\n    content {\n      name = "x"\n    }\n  }' }, 'error']
        };
        assert.deepEqual(Object.keys(GROUP_MODELED).sort(), [...AZURE_TERRAFORM_FIELDS.group.modeled].sort());
        for (const [field, [fields, expected]] of Object.entries(GROUP_MODELED)) assert.equal((await azure(file({}, fields))).verdict, expected, field);
        // The group's own deny at 150 comes after the allow at 100; at 50 it would not be a priority Azure takes.
        assert.equal((await azure(file({ priority: '160' }, GROUP_MODELED.security_rule[0]))).verdict, 'drop', 'the security_rule block is read');
        for (const field of AZURE_TERRAFORM_FIELDS.group.noEffect) assert.equal((await azure(file({}, { [field]: values[field] ?? '"x"' }))).verdict, 'accept', field);
        const META: Fixtures<(typeof AZURE_TERRAFORM_FIELDS.meta.modeled)[number]> = { count: [{ count: '0' }, 'drop'], for_each: [{ for_each: 'var.rules' }, 'error'] };
        assert.deepEqual(Object.keys(META).sort(), [...AZURE_TERRAFORM_FIELDS.meta.modeled].sort());
        for (const [field, [fields, expected]] of Object.entries(META)) assert.equal((await azure(file(fields))).verdict, expected, field);
        const metaValues: Record<string, string> = { provider: 'azurerm.west', depends_on: '[azurerm_network_security_group.g]', lifecycle: '{\n    create_before_destroy = true\n  }' };
        for (const field of AZURE_TERRAFORM_FIELDS.meta.noEffect) {
            assert.equal((await azure(file({ [field]: metaValues[field] }))).verdict, 'accept', field);
            assert.equal((await azure(file({}, { [field]: metaValues[field] }))).verdict, 'accept', `${field} on the group`);
        }
    });

    it('a field on no list makes the rule unknown at its line, in a rule resource, a security_rule block and a group — never skipped', async () => {
        const blockRule = `{\n${hcl({ ...RULE, source_address_prefix: '"10.9.0.0/24"', brand_new_matcher: '"x"' }).replace(/^/gm, '  ')}  }`;
        const files = {
            'a rule resource': file({ source_address_prefix: '"10.9.0.0/24"', brand_new_matcher: '"x"' }),
            'a security_rule block': resource('azurerm_network_security_group', 'g', { ...GROUP, security_rule: blockRule }),
            'a group': file({}, { brand_new_matcher: '"x"' })
        };
        for (const [where, text] of Object.entries(files)) {
            const got = await azure(text);
            assert.equal(got.verdict, 'unknown', where);
            assert.match(got.why, /brand_new_matcher in .*not a field the audit knows/, where);
            const at = where === 'a rule resource' ? lineOf(text, '"azurerm_network_security_rule" "r"') : where === 'a security_rule block' ? lineOf(text, 'security_rule {') : lineOf(text, 'brand_new_matcher');
            assert.deepEqual([...new Set(got.lines)], [at], where);
        }
    });
});

describe('close the class: Windows Firewall New-NetFirewallRule parameters', () => {
    const BASE: Record<string, string | null> = { Name: "'r'", Direction: 'Inbound', Action: 'Allow', Protocol: 'TCP', LocalPort: '443', RemoteAddress: '10.1.0.0/24' };
    /** `null` leaves a parameter out; `''` gives it as a switch. */
    const command = (params: Record<string, string | null>) => `New-NetFirewallRule ${Object.entries(params).filter(([, v]) => v !== null).map(([k, v]) => v ? `-${k} ${v}` : `-${k}`).join(' ')}\n`;
    const script = (params: Record<string, string | null>, extra = '') => command({ ...BASE, ...params }) + extra;
    const windows = async (text: string, probe?: Probe) => (await judge(windowsFirewallImporter, text, new Map(), probe)).verdict;

    it('every modeled parameter has a fixture, with the verdict Windows gives', async () => {
        const MODELED: Record<(typeof WINDOWS_FIREWALL_PARAMETERS.modeled)[number], [string, Expect]> = {
            Name: [script({}, command({ ...BASE, RemoteAddress: 'Any' })), 'error'], // the same name twice: Windows refuses the second
            Enabled: [script({ Enabled: 'False' }), 'drop'], Profile: [script({ Profile: 'Domain' }), 'unknown'], Direction: [script({ Direction: 'Outbound' }), 'drop'],
            Action: [script({ Action: 'Block' }), 'drop'], LocalAddress: [script({ LocalAddress: '10.2.0.9' }), 'drop'], RemoteAddress: [script({ RemoteAddress: '10.9.0.0/24' }), 'drop'],
            Protocol: [script({ Protocol: 'UDP' }), 'drop'], LocalPort: [script({ LocalPort: '22' }), 'drop'], RemotePort: [script({ RemotePort: '1-1023' }), 'accept,drop'],
            OverrideBlockRules: [script({ OverrideBlockRules: '' }), 'unknown'], WhatIf: [script({ WhatIf: '' }), 'drop'], Confirm: [script({ Confirm: '' }), 'unknown']
        };
        assert.deepEqual(Object.keys(MODELED).sort(), [...WINDOWS_FIREWALL_PARAMETERS.modeled].sort());
        assert.equal(await windows(script({})), 'accept', 'the rule without them allows');
        for (const [parameter, [text, expected]] of Object.entries(MODELED)) assert.equal(await windows(text), expected, parameter);
    });

    it('every parameter that limits a rule makes it unknown, unless its value restricts nothing', async () => {
        for (const parameter of WINDOWS_FIREWALL_PARAMETERS.limits) {
            assert.equal(await windows(script({ [parameter]: "'Something'" })), 'unknown', parameter);
        }
        const free: Record<string, string> = { Program: 'Any', Service: 'Any', Authentication: 'NotRequired', EdgeTraversalPolicy: 'Block', PolicyStore: 'PersistentStore', LooseSourceMapping: 'False' };
        for (const [parameter, value] of Object.entries(free)) assert.equal(await windows(script({ [parameter]: value })), 'accept', `${parameter} ${value}`);
    });

    it('every label and common parameter leaves the verdict as it is', async () => {
        const values: Record<string, string> = { ThrottleLimit: '5', AsJob: '', Verbose: '', Debug: '', OutBuffer: '10', ErrorAction: 'Stop', WarningAction: 'Continue', InformationAction: 'Continue', ProgressAction: 'SilentlyContinue' };
        for (const parameter of WINDOWS_FIREWALL_PARAMETERS.noEffect) {
            for (const action of ['Allow', 'Block']) assert.equal(await windows(script({ Action: action, [parameter]: values[parameter] ?? "'x'" })), action === 'Allow' ? 'accept' : 'drop', `${parameter} with ${action}`);
        }
    });

    it('a parameter on no list is an error at its line: PowerShell refuses the command, nothing is skipped', async () => {
        const text = `# rules\n${script({}, script({ Name: "'s'", Colour: 'red' }))}`;
        const got = await judge(windowsFirewallImporter, text, new Map());
        assert.equal(got.verdict, 'error');
        assert.match(got.why, /line 3: New-NetFirewallRule has no parameter -Colour/);
    });
});
