import * as assert from 'node:assert/strict';
import type { FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { awsSecurityGroupsImporter } from '../../language/audit/importers/aws-security-groups.js';
import { azureNsgImporter } from '../../language/audit/importers/azure-nsg.js';
import type { AddressSet } from '../../language/network/addresses.js';
import { addresses, configErrorOf, verdictOf } from '../helpers/audit-verdicts.js';

const NOW = new Date('2026-11-23T00:00:00Z');
const azure = (doc: unknown, interfaces: Map<string, AddressSet>) =>
    azureNsgImporter.import(typeof doc === 'string' ? doc : JSON.stringify(doc, undefined, 2), { file: 'nsg.json', interfaces, hook: 'forward', now: NOW }) as FirewallPolicy;
const aws = (doc: unknown, interfaces: Map<string, AddressSet>) =>
    awsSecurityGroupsImporter.import(typeof doc === 'string' ? doc : JSON.stringify(doc, undefined, 2), { file: 'sg.json', interfaces, hook: 'forward', now: NOW }) as FirewallPolicy;

/** An `az network nsg show` rule (flattened shape); fields left out with undefined. */
const rule = (o: Record<string, unknown>) => ({
    name: 'r', priority: 100, direction: 'Inbound', access: 'Allow', protocol: 'Tcp', sourceAddressPrefix: '*', sourceAddressPrefixes: [],
    destinationAddressPrefix: '*', destinationAddressPrefixes: [], sourcePortRange: '*', sourcePortRanges: [], destinationPortRange: '22', destinationPortRanges: [], ...o
});
const WEB = new Map([['nsg-web', addresses('10.0.1.0/24')], ['VirtualNetwork', addresses('10.0.0.0/16')]]);

describe('audit: Azure network security groups, edge cases', () => {
    it('a rule naming an application security group is unknown, never dropped from the rule base', () => {
        const asg = { id: '/subscriptions/0/resourceGroups/rg/providers/Microsoft.Network/applicationSecurityGroups/asg-jump' };
        const p = azure({ name: 'nsg-web', securityRules: [
            rule({ name: 'DenyJump', access: 'Deny', sourceAddressPrefix: undefined, sourceApplicationSecurityGroups: [asg] }),
            rule({ name: 'AllowSsh', priority: 200 })
        ] }, WEB);
        const v = verdictOf(p, 'tcp', '203.0.113.5', '10.0.1.5', 22);
        assert.equal(v.verdict, 'unknown');
        assert.match(v.why ?? '', /application security group asg-jump/);
    });

    it('a rule of the user\'s named like a default rule does not stand in for the platform\'s', () => {
        const p = azure({ name: 'nsg-web', securityRules: [rule({ name: 'DenyAllInBound', priority: 4000, access: 'Deny', sourceAddressPrefix: '198.51.100.0/24' })] }, WEB);
        assert.equal(verdictOf(p, 'tcp', '203.0.113.5', '10.0.1.5', 22).verdict, 'drop');
    });

    it('a group mapped to no zone may be the subnet\'s group of a mapped interface: what the mapped groups allow is unknown', () => {
        const p = azure([
            { name: 'nsg-subnet', subnets: [{ id: '/x/virtualNetworks/v/subnets/backup' }], securityRules: [rule({ name: 'DenySsh', access: 'Deny' })] },
            { name: 'nsg-nic', networkInterfaces: [{ id: '/x/networkInterfaces/vbr-nic' }], securityRules: [rule({ name: 'AllowSsh' })] },
            { name: 'nsg-admin', securityRules: [rule({ name: 'AllowOut', direction: 'Outbound' })] }
        ], new Map([['vbr-nic', addresses('10.0.1.10/32')], ['nsg-admin', addresses('10.0.9.0/24')]]));
        assert.equal(verdictOf(p, 'tcp', '10.0.9.5', '10.0.1.10', 22).verdict, 'unknown');
    });

    it('the VirtualNetwork tag is not every group\'s hosts of a list (groups of unpeered virtual networks)', () => {
        const p = azure([{ name: 'nsg-a', securityRules: [] }, { name: 'nsg-b', securityRules: [] }],
            new Map([['nsg-a', addresses('10.1.0.0/24')], ['nsg-b', addresses('172.16.0.0/24')], ['VirtualNetwork', addresses('10.1.0.0/16')]]));
        assert.equal(verdictOf(p, 'tcp', '172.16.0.5', '10.1.0.5', 3389).verdict, 'drop');
    });

    it('reads what Azure accepts (port 0, a byte order mark) and refuses, by line, what it does not', () => {
        assert.equal(verdictOf(azure({ name: 'nsg-web', securityRules: [rule({ destinationPortRange: '0-65535' })] }, WEB), 'tcp', '203.0.113.5', '10.0.1.5', 8080).verdict, 'accept');
        assert.equal(verdictOf(azure('\uFEFF' + JSON.stringify({ name: 'nsg-web', securityRules: [] }), WEB), 'tcp', '203.0.113.5', '10.0.1.5', 22).verdict, 'drop');
        const bad = (o: Record<string, unknown>) => configErrorOf(() => azure({ name: 'nsg-web', securityRules: [rule(o), rule({ name: 'AllowAll', priority: 300, destinationPortRange: '*' })] }, WEB));
        assert.match(bad({ sourceAddressPrefixes: '10.0.0.0/8' }).message, /"sourceAddressPrefixes" is not a list of strings/);
        assert.match(bad({ destinationPortRanges: 22 }).message, /"destinationPortRanges" is not a list/);
        assert.match(bad({ protocol: 'All', access: 'Deny' }).message, /protocol 'All' is not/);
        assert.match(bad({ protocol: undefined }).message, /protocol '' is not/);
        assert.match(bad({ destinationPortRange: '80+' }).message, /'80\+' is not a port/);
        assert.match(bad({ destinationPortRange: undefined }).message, /no destination port range/);
        assert.match(bad({ sourceAddressPrefix: undefined, access: 'Deny' }).message, /has no source/);
        assert.match(bad({ priority: 70000 }).message, /priority 70000 is not 100 to 4096/);
        assert.match(bad({ priority: 300, name: 'Twice' }).message, /both have inbound priority 300/);
        const text = JSON.stringify({ name: 'nsg-web', securityRules: [rule({ destinationPortRanges: ['443', 'x'], destinationPortRange: '' })] }, undefined, 2);
        assert.equal(configErrorOf(() => azure(text, WEB)).line, text.split('\n').findIndex(l => l.includes('"x"')) + 1);
    });
});

describe('audit: AWS security groups, edge cases', () => {
    const WEBSG = new Map([['web', addresses('10.0.1.0/24')]]);
    const perm = (o: Record<string, unknown>) => ({ IpProtocol: 'tcp', FromPort: 22, ToPort: 22, IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [], ...o });
    const doc = (...permissions: unknown[]) => ({ SecurityGroups: [{ GroupId: 'sg-1', GroupName: 'web', IpPermissions: permissions, IpPermissionsEgress: [] }] });

    it('refuses what AWS never prints instead of reading it wider or narrower', () => {
        const bad = (...p: unknown[]) => configErrorOf(() => aws(doc(...p), WEBSG));
        assert.match(bad(perm({ FromPort: -1 })).message, /FromPort -1 \/ ToPort 22 is not a tcp port range/);
        assert.match(bad(perm({ FromPort: undefined, ToPort: undefined })).message, /is not a tcp port range/);
        assert.match(bad(perm({ IpProtocol: undefined })).message, /without an IpProtocol/);
        assert.match(bad(perm({ IpRanges: '0.0.0.0/0' })).message, /"IpRanges" is not a list/);
        assert.match(bad(perm({ IpRanges: [{ CidrIp: '::/0' }] })).message, /'::\/0' is not a CIDR block/);
        assert.match(configErrorOf(() => aws({ SecurityGroups: [{ GroupId: 'sg-1', GroupName: 'web', IpPermissions: [] }] }, WEBSG)).message, /no "IpPermissionsEgress" list/);
        assert.match(configErrorOf(() => aws({ SecurityGroups: [doc().SecurityGroups[0], doc().SecurityGroups[0]] }, WEBSG)).message, /sg-1 is listed twice/);
        const text = JSON.stringify(doc(perm({ ToPort: 99999 })), undefined, 2);
        assert.equal(configErrorOf(() => aws(text, WEBSG)).line, text.split('\n').findIndex(l => l.includes('"ToPort"')) + 1);
    });

    it('a permission it can evaluate decides before one it cannot (allows add up)', () => {
        const p = aws(doc(perm({ IpRanges: [], PrefixListIds: [{ PrefixListId: 'pl-1' }] }), perm({})), WEBSG);
        assert.equal(verdictOf(p, 'tcp', '203.0.113.5', '10.0.1.5', 22).verdict, 'accept');
        assert.equal(verdictOf(p, 'tcp', '203.0.113.5', '10.0.1.5', 23).verdict, 'drop');
    });

    it('a group mapped to no zone may be attached to a mapped host as well: what no mapped group allows is unknown', () => {
        const p = aws({ SecurityGroups: [doc().SecurityGroups[0], { GroupId: 'sg-2', GroupName: 'legacy', IpPermissions: [perm({})], IpPermissionsEgress: [] }] }, WEBSG);
        const v = verdictOf(p, 'tcp', '203.0.113.5', '10.0.1.5', 22);
        assert.equal(v.verdict, 'unknown');
        assert.match(v.why ?? '', /sg-2 \(legacy\) is not mapped/);
    });
});
