import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

/** `segplan diff`: two versions of a plan as a change request, from files or from git revisions. */

const cli = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), ...args], { cwd, encoding: 'utf8' });

const V1 = `plan "Branch"
import "sites/backup.segplan"
zone mgmt 10.0.0.0/24
vbr : veeam.BackupServer in mgmt at 10.0.0.10 os windows
allow vbr -> proxy tcp 6160, 6162, 2500-3300
allow vbr -> repo tcp 22 until 2030-01-31
`;
const SITE_V1 = `zone backup 10.0.2.0/24
proxy : veeam.Proxy in backup at 10.0.2.20 os windows on vsphere
repo : veeam.HardenedRepository in backup at 10.0.2.30
`;
const V2 = V1.replace('allow vbr -> repo tcp 22 until 2030-01-31\n', 'allow vbr -> repo tcp 6162, 2500-3300\n').replace('6160, 6162, 2500-3300', '6162, 2500-3300');
const SITE_V2 = SITE_V1 + 'mount : veeam.MountServer in backup at 10.0.2.40 os windows\n';

describe('segplan diff', function () {
    this.timeout(300000);
    let dir: string;
    const write = (files: Record<string, string>) => {
        for (const [name, text] of Object.entries(files)) {
            mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
            writeFileSync(path.join(dir, name), text);
        }
    };
    beforeEach(() => { dir = mkdtempSync(path.join(tmpdir(), 'segplan-diff-')); });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('lists required flows added and removed and allow rules to add, remove and change', () => {
        write({ 'v1/plan.segplan': V1, 'v1/sites/backup.segplan': SITE_V1, 'v2/plan.segplan': V2, 'v2/sites/backup.segplan': SITE_V2 });
        const run = cli(dir, 'diff', 'v1/plan.segplan', 'v2/plan.segplan', '--format', 'json');
        assert.equal(run.status, 0, run.stderr);
        const d = JSON.parse(run.stdout);
        assert.ok(d.flowsAdded.some((f: { source: string; destination: string }) => f.source === 'vbr' && f.destination === 'mount'), 'the new mount server brings flows');
        assert.deepEqual(d.flowsRemoved, []);
        // A rule between the same endpoints with the same protocol is changed, not removed and added.
        assert.deepEqual(d.rulesAdded, []);
        assert.deepEqual(d.rulesRemoved, []);
        assert.deepEqual(d.rulesChanged.map((c: { before: { text: string }; after: { text: string } }) => [c.before.text, c.after.text]), [
            ['allow vbr -> proxy tcp 2500-3300, 6160, 6162', 'allow vbr -> proxy tcp 2500-3300, 6162'],
            ['allow vbr -> repo tcp 22 until 2030-01-31', 'allow vbr -> repo tcp 2500-3300, 6162']
        ]);
        assert.ok(d.flowsChanged.some((c: { after: { source: string; destination: string; ports: string }; before: { status: string } }) => c.after.source === 'vbr' && c.after.destination === 'proxy' && c.after.ports === '6160' && c.before.status === 'covered'));
    });

    it('a rule inserted above others is the one change of the target rules: rules are named by what they are, not where they stand', () => {
        const plan = [
            'plan "Rules"', 'zone mgmt 10.0.0.0/24', 'zone backup 10.0.2.0/24', 'zone prod 10.0.3.0/24', '',
            'allow mgmt -> backup tcp 22 "admins"',
            'allow mgmt -> prod tcp 443 "web"',
            'allow backup -> prod tcp 2500-3300 "data"', ''
        ].join('\n');
        write({ 'v1/plan.segplan': plan, 'v2/plan.segplan': plan.replace('allow mgmt -> prod', 'allow backup -> mgmt udp 514 "syslog"\nallow mgmt -> prod') });
        // (FortiGate policy ids and Azure NSG priorities are numbers in the order the rules are evaluated: they move.)
        for (const target of ['nftables', 'iptables', 'cisco-asa', 'panos', 'aws-terraform']) {
            const run = cli(dir, 'diff', 'v1/plan.segplan', 'v2/plan.segplan', '--target', target, '--format', 'json');
            assert.equal(run.status, 0, run.stderr);
            const changed = (JSON.parse(run.stdout).targetDiff as string[]).filter(l => /^[-+]/.test(l));
            assert.ok(changed.length > 0 && changed.every(l => l.startsWith('+')), `${target}: lines removed or changed\n${changed.join('\n')}`);
            assert.ok(changed.every(l => !/\b(22|443|2500)\b/.test(l)), `${target}: more than the new rule\n${changed.join('\n')}`);
        }
    });

    it('an allow rule inserted at the top of an example plan is the one rule nftables and iptables add, nothing else changes', () => {
        const example = readFileSync(path.join(PROJECT_ROOT, 'examples', 'veeam-reference.segplan'), 'utf8');
        const lines = example.split('\n');
        lines.splice(lines.findIndex(l => l.startsWith('allow ')), 0, 'allow vbr -> repo tcp 8443 "added on top"');
        write({ 'v1/plan.segplan': example, 'v2/plan.segplan': lines.join('\n') });
        for (const [target, statement] of [['nftables', / accept comment "(r-[0-9a-f]{8}) /], ['iptables', / --comment "(r-[0-9a-f]{8}) .* -j ACCEPT$/]] as const) {
            const run = cli(dir, 'diff', 'v1/plan.segplan', 'v2/plan.segplan', '--target', target, '--format', 'json');
            assert.equal(run.status, 0, run.stderr);
            const d = JSON.parse(run.stdout);
            assert.deepEqual(d.rulesAdded.map((r: { text: string }) => r.text), ['allow vbr -> repo tcp 8443']);
            assert.deepEqual([d.rulesRemoved, d.rulesChanged], [[], []]);
            const changed = (d.targetDiff as string[]).filter(l => /^[-+]/.test(l));
            assert.deepEqual(changed.filter(l => l.startsWith('-')), [], `${target}: lines removed or changed`);
            const statements = changed.filter(l => !/^\+\s*#/.test(l));
            assert.equal(statements.length, 1, `${target}: one statement added\n${changed.join('\n')}`);
            assert.match(statements[0], /\b8443\b/);
            const name = statement.exec(statements[0])?.[1];
            assert.ok(name, `${target}: the statement names its rule\n${statements[0]}`);
            assert.ok(changed.some(l => l.includes(`# ${name} zone mgmt to backup: vbr to repo tcp 8443`)), `${target}: its summary\n${changed.join('\n')}`);
        }
    });

    it('an allow rule inserted in the middle of an example plan changes, on every target, only the lines of that rule and of objects it newly needs', () => {
        const example = readFileSync(path.join(PROJECT_ROOT, 'examples', 'veeam-reference.segplan'), 'utf8');
        const lines = example.split('\n');
        // Between the rules of two zone pairs, with ports (a service object) that only a rule further down used so far.
        lines.splice(lines.findIndex(l => l.startsWith('allow proxy -> esx ')), 0, 'allow vone -> esx tcp 443, 902 "NFC checks"');
        write({ 'v1/plan.segplan': example, 'v2/plan.segplan': lines.join('\n') });
        const targets = cli(dir, 'generate', '--list-targets').stdout.split('\n').filter(Boolean).map(l => l.split(/\s+/)[0]);
        assert.ok(targets.length >= 14 && targets.includes('csv') && targets.includes('panos'), targets.join(' '));
        // Numbers that are the order rules are evaluated in, and only they, follow the plan's order:
        // FortiGate policy ids and Azure NSG priorities (see docs/rule-sets.md).
        const renumbered: Record<string, RegExp> = {
            fortigate: /^-\s*(edit \d+|# owned policy \d+ SP_r-[0-9a-f]{8}_[0-9a-f]{6})$/,
            'azure-terraform': /^-\s*priority\s+= \d+$/
        };
        for (const target of targets) {
            const run = cli(dir, 'diff', 'v1/plan.segplan', 'v2/plan.segplan', '--target', target, '--format', 'json');
            assert.equal(run.status, 0, `${target}: ${run.stderr}`);
            const d = JSON.parse(run.stdout);
            assert.deepEqual(d.rulesAdded.map((r: { text: string }) => r.text), ['allow vone -> esx tcp 443, 902']);
            const changed = (d.targetDiff as string[]).filter(l => /^[-+]/.test(l));
            const removed = changed.filter(l => l.startsWith('-') && !renumbered[target]?.test(l));
            assert.deepEqual(removed, [], `${target}: lines removed or changed\n${changed.join('\n')}`);
            const names = new Set(changed.filter(l => l.startsWith('+')).flatMap(l => [...l.matchAll(/\br-[0-9a-f]{8}\b/g)].map(m => m[0])));
            assert.ok(names.size <= 1, `${target}: lines of other rules changed: ${[...names].join(' ')}\n${changed.join('\n')}`);
        }
    });

    it('reads the old version from git, imports included, and shows the target rules that change', () => {
        write({ 'plan.segplan': V1, 'sites/backup.segplan': SITE_V1 });
        const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
        git('init', '-q');
        git('-c', 'user.email=t@example.invalid', '-c', 'user.name=t', 'add', '.');
        git('-c', 'user.email=t@example.invalid', '-c', 'user.name=t', 'commit', '-qm', 'v1');
        write({ 'plan.segplan': V2, 'sites/backup.segplan': SITE_V2 });
        const run = cli(dir, 'diff', '--git', 'HEAD', 'plan.segplan', '--target', 'nftables', '--format', 'markdown');
        assert.equal(run.status, 0, run.stderr);
        assert.match(run.stdout, /^# Change request: HEAD:plan\.segplan → plan\.segplan/);
        assert.match(run.stdout, /## Allow rules to change\n\n\| before \| after \|\n\|---\|---\|\n[^]*\| `allow vbr -> repo tcp 22 until 2030-01-31` \| `allow vbr -> repo tcp 2500-3300, 6162` \|/);
        assert.match(run.stdout, /vbr \| mount \| tcp \| 6170/, 'the flows of the mount server (from the imported site file) are new');
        const rules = /```diff\n([^]*)```/.exec(run.stdout)?.[1] ?? '';
        assert.match(rules, /^-\t\tip saddr @host_vbr_v4 ip daddr @host_repo_v4 tcp dport 22 /m, 'the rule for tcp 22 goes');
        assert.match(rules, /^\+\t\tip saddr @host_vbr_v4 ip daddr @host_repo_v4 tcp dport @ports_2500to3300_6162 accept/m, 'the rule for tcp 2500-3300, 6162 comes');
        const same = cli(dir, 'diff', 'HEAD:plan.segplan', 'HEAD:plan.segplan');
        assert.equal(same.status, 0, same.stderr);
        assert.match(same.stdout, /No change in required flows, allow rules, denies or guardrails/);
        const bad = cli(dir, 'diff', '--git', 'no-such-rev', 'plan.segplan');
        assert.equal(bad.status, 2);
        assert.match(bad.stderr, /git show no-such-rev:plan\.segplan failed/);
    });
});
