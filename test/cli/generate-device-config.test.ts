import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { FORTIGATE_OPEN_POLICY } from '../emit/simulators/unrelated-config.js';

/**
 * `generate --target fortigate --device-config <exported configuration>`: the plan's denies are
 * placed above the first policy the configuration lists, and generate proves, before it writes,
 * that pasted over that configuration no policy lets denied traffic through.
 */

const cli = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), ...args], { cwd, encoding: 'utf8' });

const PLAN = (zone: string) => `plan "p"
zone mgmt 10.0.0.0/24
zone ${zone} 10.0.1.0/24
vbr : veeam.BackupServer in mgmt at 10.0.0.10 os windows
repo : veeam.HardenedRepository in ${zone} at 10.0.1.20
allow vbr -> repo tcp 6162, 2500-3300
deny ${zone} -> vbr tcp 22 "no SSH from the repositories"
`;

/** The device: a policy of someone else's first, accepting everything. */
const RUNNING = `config firewall policy\n${FORTIGATE_OPEN_POLICY}end\n`;

describe('segplan generate --device-config', function () {
    this.timeout(300000);
    let dir: string;
    before(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'segplan-device-'));
        writeFileSync(path.join(dir, 'running.conf'), RUNNING);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('fortigate: moves SegPlan\'s anchor above the first policy and proves the denies hold over the configuration', () => {
        writeFileSync(path.join(dir, 'p.segplan'), PLAN('backup'));
        const run = cli(dir, 'generate', 'p.segplan', '--target', 'fortigate', '--force', '--device-config', 'running.conf', '-o', 'out.txt');
        assert.equal(run.status, 0, run.stderr);
        assert.match(run.stderr, /fortigate: pasted over running\.conf, the plan's denies stand above every policy it holds\./);
        assert.match(run.stderr, /fortigate: verified: allows exactly the plan\./);
        const out = readFileSync(path.join(dir, 'out.txt'), 'utf8');
        assert.match(out, /^ {4}move 1000000000 before 7$/m);
        // The device after the paste, audited: no policy lets denied traffic through. Without
        // --device-config, the device's own policy above the denies does (the header says so).
        const pasted = (output: string) => {
            writeFileSync(path.join(dir, 'after.conf'), RUNNING + readFileSync(path.join(dir, output), 'utf8'));
            return cli(dir, 'audit', 'p.segplan', '--config', 'after.conf', '--fail-on', 'guardrail');
        };
        const placed = pasted('out.txt');
        assert.equal(placed.status, 0, placed.stdout + placed.stderr);
        assert.match(placed.stdout, / 0 guardrails violated/);
        assert.equal(cli(dir, 'generate', 'p.segplan', '--target', 'fortigate', '--force', '-o', 'unplaced.txt').status, 0);
        const unplaced = pasted('unplaced.txt');
        assert.equal(unplaced.status, 1);
        assert.match(unplaced.stdout, /guardrail-violated 10\.0\.1\.0\/24 -> 10\.0\.0\.10 tcp 22 .*\[after\.conf:2: policy 7 \(open\)\]/);
    });

    it('fortigate: a deny the output cannot write leaves denied traffic to the device\'s policy: refused, nothing written', () => {
        // A zone name FortiOS cannot take: its rules, the deny among them, are left out.
        writeFileSync(path.join(dir, 'p.segplan'), PLAN('backup-zone-name-longer-than-fortios-takes'));
        const run = cli(dir, 'generate', 'p.segplan', '--target', 'fortigate', '--force', '--device-config', 'running.conf', '-o', 'refused.txt');
        assert.equal(run.status, 1, run.stderr);
        assert.match(run.stderr, /pasted over running\.conf, the output does not keep out what the plan's denies forbid:\n.*guardrail-violated 10\.0\.1\.0\/24 -> 10\.0\.0\.10 tcp 22 .*\[running\.conf:2: policy 7/);
        assert.equal(existsSync(path.join(dir, 'refused.txt')), false);
    });

    it('is refused for other targets and for a configuration that is not a FortiGate\'s policy list (exit 2)', () => {
        writeFileSync(path.join(dir, 'p.segplan'), PLAN('backup'));
        const other = cli(dir, 'generate', 'p.segplan', '--target', 'panos', '--force', '--device-config', 'running.conf');
        assert.equal(other.status, 2);
        assert.match(other.stderr, /--device-config is for the fortigate target/);
        writeFileSync(path.join(dir, 'two-vdoms.conf'), `config vdom\nedit root\n${RUNNING}next\nedit dmz\n${RUNNING}next\nend\n`);
        const vdoms = cli(dir, 'generate', 'p.segplan', '--target', 'fortigate', '--force', '--device-config', 'two-vdoms.conf');
        assert.equal(vdoms.status, 2);
        assert.match(vdoms.stderr, /--device-config: two-vdoms\.conf: 2 VDOMs have policies \(root, dmz\)/);
        writeFileSync(path.join(dir, 'plain.conf'), 'config system global\n    set hostname "fw"\nend\n');
        const none = cli(dir, 'generate', 'p.segplan', '--target', 'fortigate', '--force', '--device-config', 'plain.conf');
        assert.equal(none.status, 2);
        assert.match(none.stderr, /plain\.conf has no `config firewall policy` block/);
    });
});
