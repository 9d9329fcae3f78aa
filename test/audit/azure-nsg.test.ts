import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { AddressSet } from '../../language/network/addresses.js';
import type { FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { azureNsgImporter } from '../../language/audit/importers/azure-nsg.js';
import { ConfigError } from '../../language/audit/importers/importer.js';
import { addresses, configErrorOf, verdictOf } from '../helpers/audit-verdicts.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

/**
 * `az network nsg list` output written from Azure's documented resource shape (nothing copied):
 * a subnet's group with the default rules in the export, a network interface's group without
 * them (Azure adds them all the same), a deny above an allow, a service tag, the VirtualNetwork
 * and Internet tags.
 */
const FIXTURE = readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'audit', 'azure-nsg-list.json'), 'utf8');
const BACKUP_SUBNET = '10.40.0.0/24', VBR = '10.40.0.10/32', CONSOLES = '10.60.0.0/24', BRANCH = '10.50.0.0/24';
const lineOf = (needle: string) => FIXTURE.split('\n').findIndex(l => l.includes(needle)) + 1;

function read(interfaces: Map<string, AddressSet>, text = FIXTURE): FirewallPolicy {
    return azureNsgImporter.import(text, { file: 'nsgs.json', interfaces, hook: 'forward', now: new Date('2026-11-23T00:00:00Z') }) as FirewallPolicy;
}

/** Zones mapped by subnet and interface name; the consoles and the branch are in the virtual network. */
const MAPPED = new Map([
    ['backup', addresses(BACKUP_SUBNET)], ['vbr01-nic', addresses(VBR)],
    ['VirtualNetwork', addresses(CONSOLES).union(addresses(BRANCH))]
]);

const errorOf = (text: string) => configErrorOf(() => read(MAPPED, text));

describe('audit: Azure network security groups', () => {
    it('rules by priority, first match: a deny above an allow wins, then the default rules', () => {
        const p = read(MAPPED);
        assert.deepEqual(verdictOf(p, 'tcp', '10.50.0.5', '10.40.0.20', 9392), { verdict: 'drop', line: lineOf('"name": "DenyBranchToVbr"') });
        assert.deepEqual(verdictOf(p, 'tcp', '10.60.0.5', '10.40.0.20', 10005), { verdict: 'accept', line: lineOf('"name": "AllowVeeamFromVnet"') });
        // The cloud default: AllowVnetInBound opens every port inside the virtual network.
        assert.deepEqual(verdictOf(p, 'tcp', '10.60.0.5', '10.40.0.20', 5000), { verdict: 'accept', line: lineOf('"name": "AllowVnetInBound"') });
        assert.deepEqual(verdictOf(p, 'tcp', '198.51.100.1', '10.40.0.20', 9392), { verdict: 'drop', line: lineOf('"name": "DenyAllInBound"') });
        assert.deepEqual(verdictOf(p, 'tcp', '168.63.129.16', '10.40.0.20', 80), { verdict: 'accept', line: lineOf('"name": "AllowAzureLoadBalancerInBound"') });
    });

    it('a host behind its subnet\'s group and its interface\'s group passes both; defaults apply where the export leaves them out', () => {
        const p = read(MAPPED);
        assert.equal(verdictOf(p, 'tcp', '10.60.0.5', '10.40.0.10', 9392).verdict, 'accept');
        assert.deepEqual(verdictOf(p, 'tcp', '10.60.0.5', '10.40.0.10', 10005), { verdict: 'drop', line: lineOf('"name": "DenyTransportOnNic"') }, 'the subnet allows it, the interface does not');
        const viaDefault = verdictOf(p, 'tcp', '10.60.0.5', '10.40.0.10', 9393);
        assert.equal(viaDefault.verdict, 'accept', 'AllowVnetInBound of the interface\'s group, not in the export');
        assert.equal(verdictOf(p, 'tcp', '198.51.100.1', '10.40.0.10', 9392).verdict, 'drop');
    });

    it('outbound rules and the Internet tag; replies of allowed connections pass', () => {
        const p = read(MAPPED);
        assert.deepEqual(verdictOf(p, 'tcp', '10.40.0.20', '198.51.100.1', 25), { verdict: 'drop', line: lineOf('"name": "DenySmtpOut"') });
        assert.deepEqual(verdictOf(p, 'tcp', '10.40.0.20', '198.51.100.1', 443), { verdict: 'accept', line: lineOf('"name": "AllowInternetOutBound"') });
        assert.equal(verdictOf(p, 'tcp', '10.40.0.20', '10.50.0.5', 25).verdict, 'accept', 'the branch is in the virtual network, not the Internet');
        assert.equal(verdictOf(p, 'tcp', '10.40.0.20', '198.51.100.1', 50000, 'established').verdict, 'accept');
    });

    it('service tags, an unmapped VirtualNetwork and hosts behind no group are unknown, never allowed or blocked', () => {
        const storage = verdictOf(read(MAPPED), 'tcp', '203.0.113.5', '10.40.0.20', 443);
        assert.equal(storage.verdict, 'unknown');
        assert.match(storage.why ?? '', /service tag Storage/);
        const unmappedVnet = read(new Map([['backup', addresses(BACKUP_SUBNET)], ['vbr01-nic', addresses(VBR)]]));
        const maybeVnet = verdictOf(unmappedVnet, 'tcp', '10.60.0.5', '10.40.0.20', 5000);
        assert.equal(maybeVnet.verdict, 'unknown');
        assert.match(maybeVnet.why ?? '', /--map zone=VirtualNetwork/);
        assert.equal(verdictOf(unmappedVnet, 'tcp', '10.40.0.11', '10.40.0.20', 5000).verdict, 'accept', 'hosts behind the file\'s groups are in the virtual network');
        assert.match(verdictOf(read(MAPPED), 'tcp', '10.60.0.5', '10.50.0.5', 22).why ?? '', /neither end is behind a network security group/);
        const onlyNic = read(new Map([['vbr01-nic', addresses(VBR)]]));
        const maybeSubnet = verdictOf(onlyNic, 'tcp', '10.60.0.5', '10.40.0.20', 9392);
        assert.equal(maybeSubnet.verdict, 'unknown');
        assert.match(maybeSubnet.why ?? '', /nsg-backup-subnet guards hosts of no zone/);
    });

    it('reads one group (az network nsg show) as well as a list, and tells bad input by line', () => {
        const one = JSON.stringify(JSON.parse(FIXTURE)[1], undefined, 2);
        assert.equal(verdictOf(read(MAPPED, one), 'tcp', '10.60.0.5', '10.40.0.10', 10005).verdict, 'drop');
        assert.ok(azureNsgImporter.detect(FIXTURE) && azureNsgImporter.detect(one));
        assert.ok(!azureNsgImporter.detect('{"SecurityGroups": [{"IpPermissions": []}]}'));
        assert.ok(!azureNsgImporter.detect('*filter\n:FORWARD DROP [0:0]\nCOMMIT\n'));
        const truncated = FIXTURE.slice(0, FIXTURE.indexOf('"nsg-vbr-nic"'));
        assert.match(errorOf(truncated).message, /nsgs\.json line \d+: not valid JSON/);
        assert.match(errorOf(FIXTURE.replace('"10005"', '"ten"')).message, new RegExp(`line ${lineOf('"10005"')}: 'ten' is not a port`));
        assert.match(errorOf(FIXTURE.replace('"priority": 150', '"priority": "high"')).message, /security rule DenyTransportOnNic has no priority/);
        assert.match(errorOf(FIXTURE.replace('"10.50.0.0/24"', '"10.50.0.0/99"')).message, /'10\.50\.0\.0\/99' is not an address prefix or a service tag/);
        assert.throws(() => read(new Map(), FIXTURE), (e: Error) => e instanceof ConfigError && /no network security group is mapped to a zone.*nsg-backup-subnet, nsg-vbr-nic/.test(e.message));
        assert.match(errorOf('{"value": 1}').message, /not a network security group/);
    });
});

describe('segplan audit --config <az network nsg show JSON>', () => {
    it('detects the format, maps zones by subnet name and --map, and reports the default rules\' over-permit', () => {
        const tmp = mkdtempSync(path.join(tmpdir(), 'segplan-azure-'));
        try {
            const plan = path.join(tmp, 'plan.segplan'), config = path.join(tmp, 'nsg.json');
            writeFileSync(plan, [
                'plan "Azure audit"',
                `zone backup ${BACKUP_SUBNET}`,
                `zone consoles ${CONSOLES}`,
                'vbr : veeam.BackupServer in backup at 10.40.0.20',
                'em : veeam.EnterpriseManager in consoles at 10.60.0.5',
                'allow em -> vbr tcp 9392 "Enterprise Manager to VBR"', ''
            ].join('\n'));
            const group = JSON.stringify(JSON.parse(FIXTURE)[0], undefined, 2);
            writeFileSync(config, group);
            const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), 'audit', plan, '--config', config, '--map', 'consoles=VirtualNetwork', '--format', 'json'], { encoding: 'utf8' });
            assert.equal(run.status, 1, run.stderr);
            const report = JSON.parse(run.stdout);
            const groupLine = (needle: string) => group.split('\n').findIndex(l => l.includes(needle)) + 1;
            assert.deepEqual(report.flows.map((f: { verdict: string; decidedBy: { line: number } }) => [f.verdict, f.decidedBy.line]), [['allowed', groupLine('"name": "AllowVeeamFromVnet"')]]);
            // The default AllowVnetInBound opens every other port from the consoles to the backup subnet.
            const byDefault = report.overPermit.filter((o: { source: string; destination: string; decidedBy: { line: number } }) =>
                o.source === 'consoles' && o.destination === 'backup' && o.decidedBy.line === groupLine('"name": "AllowVnetInBound"'));
            assert.deepEqual(byDefault.map((o: { protocol: string }) => o.protocol).sort(), ['tcp', 'udp']);
        } finally {
            rmSync(tmp, { recursive: true, force: true });
        }
    });
});
