import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { verifyBeforeWriting } from '../../cli/generate-verify.js';
import { loadPlanFile, loadPlanText } from '../emit/plan-fixture.js';
import { verifyGenerated } from '../../language/verify/verify-generated.js';
import { GENERATE_RULES_COMMAND, GenerateRulesCommandHandler, type VerifiedGenerateOutcome } from '../../language/lsp/generate-rules-command.js';

/**
 * `generate --verify`: the output is proven before it is written; output that does not allow
 * exactly the plan is refused (exit 1, nothing written, the differences on stderr); a target that
 * cannot be verified says so and is never called verified, and is refused when --verify was asked.
 */

const cli = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), ...args], { cwd, encoding: 'utf8' });
const DUAL_STACK = path.join(PROJECT_ROOT, 'test', 'kernel', 'kernel-dual-stack.segplan');

describe('segplan generate --verify', function () {
    this.timeout(300_000);
    let dir: string;
    before(() => { dir = mkdtempSync(path.join(tmpdir(), 'segplan-generate-verify-')); });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('verifies by default and says so; --no-verify skips it', () => {
        const run = cli(dir, 'generate', DUAL_STACK, '--target', 'cisco-asa', '-o', 'fw.asa');
        assert.equal(run.status, 0, run.stderr);
        assert.match(run.stderr, /cisco-asa: verified: allows exactly the plan/);
        assert.ok(existsSync(path.join(dir, 'fw.asa')));
        const off = cli(dir, 'generate', DUAL_STACK, '--target', 'cisco-asa', '--no-verify', '-o', 'off.asa');
        assert.equal(off.status, 0, off.stderr);
        assert.doesNotMatch(off.stderr, /verified/);
        assert.equal(cli(dir, 'generate', DUAL_STACK, '--target', 'cisco-asa', '--verify', '--no-verify').status, 2);
    });

    it('CSV and Markdown are read back as tables and verified', () => {
        for (const [target, file] of [['csv', 'rules.csv'], ['markdown', 'rules.md']]) {
            const run = cli(dir, 'generate', DUAL_STACK, '--target', target, '-o', file);
            assert.equal(run.status, 0, run.stderr);
            assert.match(run.stderr, new RegExp(`${target}: verified: allows exactly the plan`));
        }
    });

    it('output that cannot be proven (an AWS security group for a host name inside a zone): written with a note by default, never called verified; refused with --verify', () => {
        writeFileSync(path.join(dir, 'named.segplan'), ['plan "named"', 'zone z0 10.70.0.0/24', 'zone z1 10.71.0.0/24',
            'c0 : infra.VmGuest in z0 at 10.70.0.1 os linux', 'c1 : infra.VmGuest in z1 at files.example.com os linux', 'allow c0 -> c1 tcp 443'].join('\n') + '\n');
        const plain = cli(dir, 'generate', 'named.segplan', '--target', 'aws-terraform', '-o', 'named.tf');
        assert.equal(plain.status, 0, plain.stderr);
        assert.ok(existsSync(path.join(dir, 'named.tf')));
        assert.match(plain.stderr, /host name \(files\.example\.com\).*written unverified/s);
        const asked = cli(dir, 'generate', 'named.segplan', '--target', 'aws-terraform', '--verify', '-o', 'asked.tf');
        assert.equal(asked.status, 2, asked.stderr);
        assert.match(asked.stderr, /cannot be verified.*nothing was written/s);
        assert.doesNotMatch(asked.stderr, /verified: allows/);
        assert.ok(!existsSync(path.join(dir, 'asked.tf')));
    });

    it('output that does not allow exactly the plan is refused with the difference, whatever the target', async () => {
        const plan = await loadPlanFile(DUAL_STACK);
        const text = plan.emit('iptables').replace('--dports 2500:3300,6162 ', '--dports 2500:3300 ');
        const written: string[] = [];
        const code = await verifyBeforeWriting(plan.services, plan.document, { kind: 'generated', target: 'iptables', languageId: 'iptables', fileSuffix: 'iptables', warnings: [], text }, { write: text => written.push(text) });
        assert.equal(code, 1);
        const said = written.join('');
        assert.match(said, /in the plan but not allowed: tcp 10\.61\.1\.10 -> 10\.61\.2\.20 6162/);
        assert.match(said, /nothing was written/);
        assert.doesNotMatch(said, /verified: allows/);
    });
});

describe('generate --verify of a Windows Firewall script for several hosts', function () {
    this.timeout(120_000);
    it('verifies each host\'s part of the script, not "cannot tell which host"', async () => {
        const plan = await loadPlanText('two-windows-hosts.segplan', [
            'plan "two Windows hosts"', 'zone z0 10.70.0.0/24', 'zone z1 10.71.0.0/24',
            'c0 : infra.VmGuest in z0 at 10.70.0.1 os windows', 'c1 : infra.VmGuest in z1 at 10.71.0.1 os windows',
            'allow c0 -> c1 tcp 1', 'allow c1 -> c0 tcp 2'
        ].join('\n') + '\n');
        const v = await verifyGenerated(plan.analysis, plan.ruleSet, 'windows-firewall', plan.emit('windows-firewall'));
        assert.deepEqual(v.kind === 'verified' && v.results.map(r => [r.scope, r.verdict]), [['host firewall of c0', 'equal'], ['host firewall of c1', 'equal']]);
    });
});

describe('generate --verify of a Linux host file where components share addresses', function () {
    this.timeout(120_000);
    // The configuration database runs on the repository's machine: its firewall lets in what each needs.
    const SHARED = ['plan "shared host"', 'zone z0 10.70.0.0/24', 'vbr : veeam.BackupServer in z0 at 10.70.0.1 os windows',
        'repo : veeam.HardenedRepository in z0 at 10.70.0.5', 'db : infra.PostgreSql in z0 at 10.70.0.5 os linux'].join('\n') + '\n';

    it('each host is proven against every rule that reaches its addresses; a rule deleted is still found', async () => {
        const plan = await loadPlanText('shared.segplan', SHARED);
        const text = plan.emit('iptables-host', true);
        const v = await verifyGenerated(plan.analysis, plan.ruleSet, 'iptables-host', text);
        assert.deepEqual(v.kind === 'verified' && v.results.map(r => [r.scope, r.verdict]), [['host firewall of repo', 'equal'], ['host firewall of db', 'equal']]);
        const mutated = text.split('\n').filter(l => !/--dport 5432 /.test(l)).join('\n');
        assert.notEqual(mutated, text);
        const m = await verifyGenerated(plan.analysis, plan.ruleSet, 'iptables-host', mutated);
        assert.ok(m.kind === 'verified' && m.results.find(r => r.scope === 'host firewall of repo')?.differences.some(d => d.kind === 'not-allowed' && d.ports.some(p => p.from === 5432)));
    });
});

describe('the editor\'s Generate Firewall Rules command verifies too', function () {
    this.timeout(120_000);
    it('says "verified: allows exactly the plan", or why not; the setting turns it off', async () => {
        const plan = await loadPlanFile(DUAL_STACK);
        const handler = new GenerateRulesCommandHandler(plan.services.shared);
        const uri = plan.document.uri.toString();
        const asa = await handler.executeCommand(GENERATE_RULES_COMMAND, [{ uri, target: 'cisco-asa' }]) as VerifiedGenerateOutcome;
        assert.equal(asa.kind === 'generated' && asa.verification, 'verified: allows exactly the plan');
        const csv = await handler.executeCommand(GENERATE_RULES_COMMAND, [{ uri, target: 'csv' }]) as VerifiedGenerateOutcome;
        assert.equal(csv.kind, 'generated');
        if (csv.kind === 'generated') assert.equal(csv.verification, 'verified: allows exactly the plan');
        const off = await handler.executeCommand(GENERATE_RULES_COMMAND, [{ uri, target: 'cisco-asa', verify: false }]) as VerifiedGenerateOutcome;
        assert.equal(off.kind === 'generated' && off.verification, undefined);
    });

    it('answers what a browser worker can post to the editor: no function, verified or not', async () => {
        const plan = await loadPlanFile(DUAL_STACK);
        const handler = new GenerateRulesCommandHandler(plan.services.shared);
        const uri = plan.document.uri.toString();
        for (const verify of [true, false]) {
            const answer = await handler.executeCommand(GENERATE_RULES_COMMAND, [{ uri, target: 'iptables', verify }]);
            assert.doesNotThrow(() => structuredClone(answer), `verify ${verify}`);
        }
    });
});
