import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

/**
 * `segplan verify`: exit 0 when the configuration allows exactly the plan, 1 with each difference
 * (config line and plan line), 2 when it cannot tell; text, JSON and SARIF. And the second apply:
 * version 1 then version 2 of the ASA, PAN-OS and FortiGate output, as the device holds them,
 * leave nothing of version 1 live.
 */

const cli = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), ...args], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

const DUAL_STACK = path.join(PROJECT_ROOT, 'test', 'kernel', 'kernel-dual-stack.segplan');

const V1 = `plan "Second apply"
zone mgmt   10.62.1.0/24, fd62:1::/64
zone backup 10.62.2.0/24, fd62:2::/64
zone prod   10.62.3.0/24, fd62:3::/64
zone old    10.62.4.0/24, fd62:4::/64
vbr    : veeam.BackupServer         in mgmt   at 10.62.1.10, fd62:1::10 os windows
repo   : veeam.HardenedRepository   in backup at 10.62.2.20, fd62:2::20
guests : infra.VmGuest              in prod   at 10.62.3.0/26, fd62:3::/120 os linux
db     : infra.PostgreSql           in prod   at 10.62.3.50, fd62:3::50
sftp   : infra.SftpServer           in old    at 10.62.4.5, fd62:4::5
allow vbr -> repo tcp 6162, 2500-3300, 22
allow vbr -> guests tcp 22
allow vbr -> db tcp 5432
allow vbr -> sftp tcp 22
allow sftp -> repo udp 514
`;

// Version 2 drops a zone and rules, changes ports: every name of version 1 it no longer uses must go.
const V2 = `plan "Second apply"
zone mgmt   10.62.1.0/24, fd62:1::/64
zone backup 10.62.2.0/24, fd62:2::/64
zone prod   10.62.3.0/24, fd62:3::/64
vbr    : veeam.BackupServer         in mgmt   at 10.62.1.10, fd62:1::10 os windows
repo   : veeam.HardenedRepository   in backup at 10.62.2.20, fd62:2::20
db     : infra.PostgreSql           in prod   at 10.62.3.50, fd62:3::50
allow vbr -> repo tcp 6162
allow vbr -> db tcp 5432, 5433
`;

describe('segplan verify (CLI)', function () {
    this.timeout(300_000);
    let dir: string;
    before(() => { dir = mkdtempSync(path.join(tmpdir(), 'segplan-verify-')); });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('exits 0 and says verified for the generated rules, 1 with the difference for a changed copy', () => {
        assert.equal(cli(dir, 'generate', DUAL_STACK, '--target', 'cisco-asa', '-o', 'fw.asa').status, 0);
        const ok = cli(dir, 'verify', DUAL_STACK, '--config', 'fw.asa');
        assert.equal(ok.status, 0, ok.stderr + ok.stdout);
        assert.match(ok.stdout, /verified: allows exactly the plan/);
        writeFileSync(path.join(dir, 'changed.asa'), readFileSync(path.join(dir, 'fw.asa'), 'utf8').replace(/(tcp\n port-object range 2500 3300\n) port-object eq 6162\n(?! )/, '$1'));
        const bad = cli(dir, 'verify', DUAL_STACK, '--config', 'changed.asa');
        assert.equal(bad.status, 1, bad.stderr + bad.stdout);
        assert.match(bad.stdout, /in the plan but not allowed: tcp .* 6162 .*plan rule r-[0-9a-f]{8} \(kernel-dual-stack\.segplan line 13\); config changed\.asa:\d+: access-list/);
        assert.doesNotMatch(bad.stdout, /verified: allows/);
    });

    it('JSON and SARIF name the difference, the configuration line and the plan line', () => {
        writeFileSync(path.join(dir, 'wide.asa'), readFileSync(path.join(dir, 'fw.asa'), 'utf8').replace('port-object range 2500 3300', 'port-object range 2500 3400'));
        const json = cli(dir, 'verify', DUAL_STACK, '--config', 'wide.asa', '--format', 'json');
        assert.equal(json.status, 1);
        const report = JSON.parse(json.stdout);
        assert.equal(report.verdict, 'different');
        assert.ok(report.differences.some((d: { kind: string; ports: string; config: { file: string; line: number } }) => d.kind === 'not-in-plan' && /3301-3400/.test(d.ports) && d.config.file === 'wide.asa' && d.config.line > 0), json.stdout);
        const sarif = cli(dir, 'verify', DUAL_STACK, '--config', 'wide.asa', '--format', 'sarif');
        assert.equal(sarif.status, 1);
        const results = JSON.parse(sarif.stdout).runs[0].results;
        assert.ok(results.some((r: { ruleId: string }) => r.ruleId === 'verify-not-in-plan'), sarif.stdout);
    });

    it('exits 2, never 0, when it cannot tell (a file of one family for a dual-stack plan; a target it cannot read)', () => {
        assert.equal(cli(dir, 'generate', DUAL_STACK, '--target', 'iptables', '-o', 'fw.iptables').status, 0);
        const one = cli(dir, 'verify', DUAL_STACK, '--config', 'fw.iptables');
        assert.equal(one.status, 2, one.stdout);
        assert.match(one.stdout, /cannot tell: the plan allows IPv6 traffic/);
        assert.equal(cli(dir, 'generate', DUAL_STACK, '--target', 'ip6tables', '-o', 'fw.ip6tables').status, 0);
        const both = cli(dir, 'verify', DUAL_STACK, '--config', 'fw.iptables', '--config', 'fw.ip6tables', '--config-format', 'iptables');
        // The format given names IPv4 for both files: the IPv6 file then reads as IPv4 rules, never as verified.
        assert.notEqual(both.status, 0, both.stdout);
        const detected = cli(dir, 'verify', DUAL_STACK, '--config', 'fw.iptables', '--config', 'fw.ip6tables');
        assert.equal(detected.status, 0, detected.stdout + detected.stderr);
        const usage = cli(dir, 'verify', DUAL_STACK);
        assert.equal(usage.status, 2);
        assert.match(usage.stderr, /needs --config/);
    });

    for (const target of ['cisco-asa', 'panos', 'fortigate']) {
        it(`${target}: version 1 then version 2 (generated with --previous) holds exactly version 2; without the deletions it does not verify`, () => {
            writeFileSync(path.join(dir, 'v1.segplan'), V1);
            writeFileSync(path.join(dir, 'v2.segplan'), V2);
            // The plans leave required flows uncovered on purpose: --force, as the second-apply tests do.
            assert.equal(cli(dir, 'generate', 'v1.segplan', '--force', '--target', target, '-o', `one.${target}`).status, 0);
            assert.equal(cli(dir, 'generate', 'v2.segplan', '--force', '--target', target, '--previous', `one.${target}`, '-o', `two.${target}`).status, 0);
            const applied = cli(dir, 'verify', 'v2.segplan', '--config', `one.${target}`, '--config', `two.${target}`);
            assert.equal(applied.status, 0, applied.stdout + applied.stderr);
            assert.match(applied.stdout, /verified: allows exactly the plan/);
            assert.equal(cli(dir, 'generate', 'v2.segplan', '--force', '--target', target, '-o', `fresh.${target}`).status, 0);
            const leftovers = cli(dir, 'verify', 'v2.segplan', '--config', `one.${target}`, '--config', `fresh.${target}`);
            assert.notEqual(leftovers.status, 0, leftovers.stdout);
            assert.doesNotMatch(leftovers.stdout, /verified: allows/);
            assert.match(leftovers.stdout, new RegExp(`one\\.${target.replace('-', '\\-')}:\\d+`), 'a leftover is named by its line in version 1');
        });
    }
});
