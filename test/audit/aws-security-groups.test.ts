import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { evaluate, type FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { boxOf } from '../../language/audit/traffic-space.js';
import { awsSecurityGroupsImporter } from '../../language/audit/importers/aws-security-groups.js';
import { ConfigError } from '../../language/audit/importers/importer.js';
import { addresses, configErrorOf, verdictOf } from '../helpers/audit-verdicts.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

/**
 * `aws ec2 describe-security-groups` output written from AWS's documented JSON shape (nothing
 * copied): a group mapped by its GroupName, one by its Name tag, one mapped to no zone; rules from
 * another group, from a CIDR, from the group itself, from a prefix list; the default egress rule.
 */
const FIXTURE = readFileSync(path.join(PROJECT_ROOT, 'test', 'fixtures', 'audit', 'aws-security-groups.json'), 'utf8');
const BACKUP = '10.10.0.0/24', CONSOLES = '10.30.0.0/24';
const INTERFACES = new Map([['backup-servers', addresses(BACKUP)], ['consoles', addresses(CONSOLES)]]);
const lineOf = (needle: string, after = 0) => FIXTURE.split('\n').findIndex((l, i) => i >= after && l.includes(needle)) + 1;

function read(text = FIXTURE, interfaces = INTERFACES, hook: 'forward' | 'input' = 'forward'): FirewallPolicy {
    return awsSecurityGroupsImporter.import(text, { file: 'sg.json', interfaces, hook, now: new Date('2026-11-23T00:00:00Z') }) as FirewallPolicy;
}

const errorOf = (text: string) => configErrorOf(() => read(text));

/** The fixture without the group no zone is mapped to. */
function withoutLegacy(): string {
    const json = JSON.parse(FIXTURE);
    json.SecurityGroups = json.SecurityGroups.filter((g: { GroupName: string }) => g.GroupName !== 'legacy');
    return JSON.stringify(json, undefined, 4);
}

describe('audit: AWS security groups', () => {
    it('a connection passes when a group of the destination lets it in and a group of the source lets it out', () => {
        const p = read();
        // Inbound from the consoles' group and outbound to the backup servers' group: both must allow;
        // the report names the last that did (the consoles' outbound rule).
        assert.deepEqual(verdictOf(p, 'tcp', '10.30.0.5', '10.10.0.7', 9392), { verdict: 'accept', line: lineOf('"GroupId": "sg-0a1a1a1a1a1a1a1a1"', lineOf('"Description": "Consoles"')) });
        const inboundOnly = read(FIXTURE, INTERFACES, 'input');
        assert.deepEqual(verdictOf(inboundOnly, 'tcp', '10.30.0.5', '10.10.0.7', 9392), { verdict: 'accept', line: lineOf('"GroupId": "sg-0b2b2b2b2b2b2b2b2"') });
        assert.equal(verdictOf(read(withoutLegacy()), 'tcp', '10.30.0.5', '10.10.0.7', 9393).verdict, 'drop', 'no inbound rule for 9393');
        assert.match(verdictOf(p, 'tcp', '10.30.0.5', '10.10.0.7', 9393).why ?? '', /sg-0c3c3c3c3c3c3c3c3 \(legacy\) is not mapped/, 'the legacy group may be attached to the backup servers too');
        // From a CIDR no group guards: only the destination's group decides (once every group is mapped).
        const q = read(withoutLegacy());
        assert.equal(verdictOf(p, 'tcp', '10.20.0.9', '10.10.0.7', 10005).verdict, 'unknown', 'the unmapped legacy group may guard 10.20.0.9');
        assert.equal(verdictOf(q, 'tcp', '10.20.0.9', '10.10.0.7', 10005).verdict, 'accept');
        assert.equal(verdictOf(q, 'tcp', '10.20.1.9', '10.10.0.7', 10005).verdict, 'drop', 'outside 10.20.0.0/24');
        // The group lets its own members talk on every port (a self reference).
        assert.equal(verdictOf(p, 'udp', '10.10.0.8', '10.10.0.7', 5353).verdict, 'accept');
    });

    it('outbound rules filter too; replies of allowed connections pass', () => {
        const p = read(withoutLegacy());
        assert.equal(verdictOf(p, 'tcp', '10.30.0.5', '198.51.100.7', 443).verdict, 'accept');
        assert.match(String(verdictOf(p, 'tcp', '10.30.0.5', '198.51.100.7', 80).verdict), /drop/);
        assert.equal(verdictOf(p, 'tcp', '10.10.0.7', '10.30.0.5', 50000, 'established').verdict, 'accept');
        // The backup servers' default egress rule (all traffic) lets them out; the consoles' group has no inbound rule for it.
        assert.equal(verdictOf(p, 'tcp', '10.10.0.7', '10.30.0.5', 9392).verdict, 'drop');
        assert.equal(verdictOf(p, 'tcp', '10.10.0.7', '203.0.113.1', 25).verdict, 'accept', 'egress 0.0.0.0/0, the destination behind no group');
    });

    it('a prefix list, a group mapped to no zone, and hosts behind no group are unknown, never allowed or blocked', () => {
        const p = read();
        const rdp = verdictOf(p, 'tcp', '192.0.2.1', '10.30.0.5', 3389);
        assert.equal(rdp.verdict, 'unknown');
        assert.match(rdp.why ?? '', /prefix list pl-0123abcd/);
        const legacy = verdictOf(p, 'tcp', '10.30.0.5', '198.51.100.7', 443);
        assert.equal(legacy.verdict, 'unknown', 'the legacy group may guard 198.51.100.7');
        assert.match(legacy.why ?? '', /sg-0c3c3c3c3c3c3c3c3 \(legacy\) is not mapped/);
        const neither = verdictOf(read(withoutLegacy()), 'tcp', '192.0.2.1', '198.51.100.7', 22);
        assert.equal(neither.verdict, 'unknown');
        assert.match(neither.why ?? '', /neither end is behind a security group/);
    });

    it('is recognised by its content and tells bad input by line', () => {
        assert.ok(awsSecurityGroupsImporter.detect(FIXTURE));
        assert.ok(!awsSecurityGroupsImporter.detect('*filter\n:FORWARD DROP [0:0]\nCOMMIT\n'));
        assert.ok(!awsSecurityGroupsImporter.detect('{"nftables": [{"metainfo": {}}]}'));
        const truncated = FIXTURE.slice(0, FIXTURE.indexOf('"Description": "Consoles"'));
        assert.match(errorOf(truncated).message, /sg\.json line \d+: not valid JSON/);
        assert.ok((errorOf(truncated).line ?? 0) > 50);
        const badPort = FIXTURE.replace('"FromPort": 10005', '"FromPort": "ten"');
        assert.equal(errorOf(badPort).line, lineOf('"FromPort": 10005'));
        assert.throws(() => read(FIXTURE, new Map()), (e: Error) => e instanceof ConfigError && /no security group is mapped to a zone.*--map <zone>=<group id or name>.*sg-0a1a1a1a1a1a1a1a1 \(backup-servers\)/.test(e.message));
        assert.match(errorOf('{"Reservations": []}').message, /no "SecurityGroups" list/);
        assert.match(errorOf('{"SecurityGroups": [{"GroupName": "x"}]}').message, /line 1: a security group without a GroupId/);
        assert.match(errorOf(FIXTURE.replace('10.20.0.0/24', '10.20.0.0/33')).message, /'10\.20\.0\.0\/33' is not a CIDR block/);
    });
});

describe('segplan audit --config <describe-security-groups JSON>', () => {
    it('detects the format, maps zones by group name and --map, and reports flows and over-permit by line', () => {
        const tmp = mkdtempSync(path.join(tmpdir(), 'segplan-aws-'));
        try {
            const plan = path.join(tmp, 'plan.segplan');
            writeFileSync(plan, [
                'plan "AWS audit"',
                `zone backup-servers ${BACKUP}`,
                `zone consoles ${CONSOLES}`,
                'vbr : veeam.BackupServer in backup-servers at 10.10.0.7',
                'em : veeam.EnterpriseManager in consoles at 10.30.0.5',
                'allow em -> vbr tcp 9392 "Enterprise Manager to VBR"', ''
            ].join('\n'));
            const config = path.join(PROJECT_ROOT, 'test', 'fixtures', 'audit', 'aws-security-groups.json');
            const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), 'audit', plan, '--config', config, '--map', 'consoles=sg-0b2b2b2b2b2b2b2b2', '--format', 'json'], { encoding: 'utf8' });
            assert.equal(run.status, 1, run.stderr);
            const report = JSON.parse(run.stdout);
            const flow = report.flows.find((f: { source: { instance: string } }) => f.source.instance === 'em');
            assert.equal(flow.verdict, 'allowed');
            // The groups allow the whole consoles subnet, the plan only Enterprise Manager's address.
            assert.deepEqual(report.overPermit.map((o: { source: string; destination: string; ports: string; decidedBy: { line: number } }) => [o.source, o.destination, o.ports, o.decidedBy.line]),
                [['consoles', 'backup-servers', '9392', lineOf('"GroupId": "sg-0a1a1a1a1a1a1a1a1"', lineOf('"Description": "Consoles"'))]]);
            // Without the --map the consoles' group is found by its Name tag, which is the zone's name.
            const byTag = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), 'audit', plan, '--config', config, '--config-format', 'aws-security-groups', '--format', 'json'], { encoding: 'utf8' });
            assert.deepEqual(JSON.parse(byTag.stdout), report);
            writeFileSync(plan, readFileSync(plan, 'utf8').replaceAll('consoles', 'admins'));
            const unmapped = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), 'audit', plan, '--config', config], { encoding: 'utf8' });
            // The admins zone is behind no group of the file: its one flow is unknown, so nothing was audited.
            assert.equal(unmapped.status, 2, unmapped.stderr);
            assert.match(unmapped.stderr, /nothing was audited/);
            assert.match(unmapped.stdout, /unknown +em -> vbr .*security group sg-0b2b2b2b2b2b2b2b2 is not mapped to a zone of the plan \(--map zone=sg-0b2b2b2b2b2b2b2b2\)/);
        } finally {
            rmSync(tmp, { recursive: true, force: true });
        }
    });
});

describe('audit: several AWS exports', () => {
    /** One group as describe-security-groups prints it. */
    const group = (id: string, name: string, inbound: unknown[], outbound: unknown[] = [{ IpProtocol: '-1', IpRanges: [{ CidrIp: '0.0.0.0/0' }], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [] }]) =>
        ({ GroupId: id, GroupName: name, Description: name, VpcId: 'vpc-1', OwnerId: '111122223333', IpPermissions: inbound, IpPermissionsEgress: outbound });
    const fromGroup = (port: number, peer: string) => ({ IpProtocol: 'tcp', FromPort: port, ToPort: port, IpRanges: [], Ipv6Ranges: [], PrefixListIds: [], UserIdGroupPairs: [{ GroupId: peer, UserId: '111122223333' }] });
    const file = (...groups: unknown[]) => JSON.stringify({ SecurityGroups: groups }, undefined, 4);
    const APP_DB = new Map([['app', addresses('10.0.1.0/24')], ['db', addresses('10.0.2.0/24')]]);
    const opts = { file: 'a.json', interfaces: APP_DB, hook: 'forward' as const, now: new Date('2026-11-23T00:00:00Z') };
    const APP = file(group('sg-app', 'app', []));
    const DB = file(group('sg-db', 'db', [fromGroup(5432, 'sg-app')]));

    it('are one set of groups, as AWS applies them: a rule naming a group of the other export resolves it', () => {
        const combined = awsSecurityGroupsImporter.combine!([{ text: APP, file: 'app.json' }, { text: DB, file: 'db.json' }], opts);
        // db.json's inbound rule from sg-app lets app in; sg-app's outbound -1 (app.json) lets it out and is named, the last to pass it.
        assert.equal(verdictOf(combined, 'tcp', '10.0.1.5', '10.0.2.5', 5432).verdict, 'accept');
        assert.equal(evaluateLocation(combined, 5432).file, 'app.json');
        assert.match(evaluateLocation(combined, 5432).text, /sg-app \(app\) outbound all traffic/);
        // Each export alone does not say it: db.json alone does not know sg-app's members.
        assert.equal(verdictOf(awsSecurityGroupsImporter.import(DB, opts) as FirewallPolicy, 'tcp', '10.0.1.5', '10.0.2.5', 5432).verdict, 'unknown');
        // No inbound rule of sg-db allows 22: the groups only allow.
        assert.equal(verdictOf(combined, 'tcp', '10.0.1.5', '10.0.2.5', 22).verdict, 'drop');
    });

    it('a group in both exports, and network ACLs, are refused at their line', () => {
        const twice = configErrorOf(() => awsSecurityGroupsImporter.combine!([{ text: APP, file: 'app.json' }, { text: file(group('sg-app', 'app', [])), file: 'again.json' }], opts));
        assert.match(twice.message, /again\.json line 3: security group sg-app is also in app\.json/);
        const nacl = JSON.stringify({ NetworkAcls: [{ NetworkAclId: 'acl-1', Entries: [] }] }, undefined, 4);
        assert.match(configErrorOf(() => read(nacl)).message, /line 2: network ACLs .* are not evaluated/);
    });

    function evaluateLocation(policy: FirewallPolicy, port: number) {
        return evaluate(policy, boxOf('tcp', addresses('10.0.1.5'), addresses('10.0.2.5'), [{ from: port, to: port }]), 'new')[0].decidedBy;
    }
});
