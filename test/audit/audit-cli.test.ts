import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, openSync, ftruncateSync, closeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { deployedIptables } from '../emit/iptables-deployed.js';

/** `segplan audit` as a pipeline uses it: exit codes, the JSON contract, detection, bad input. */

const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), ...args], { cwd: PROJECT_ROOT, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

const CLEAN_PLANS = ['veeam-reference', 'mixed-vendors', 'zerto-msp-icdr', 'zerto-vsphere-two-site'];

describe('segplan audit (CLI)', function () {
    this.timeout(120000);
    let tmp: string;
    before(() => { tmp = mkdtempSync(path.join(tmpdir(), 'segplan-audit-')); });
    after(() => rmSync(tmp, { recursive: true, force: true }));

    for (const name of CLEAN_PLANS) {
        it(`${name}: SegPlan's own iptables and ip6tables output allows every required flow and nothing more`, () => {
            const plan = `examples/${name}.segplan`;
            const v4 = path.join(tmp, `${name}.iptables`), v6 = path.join(tmp, `${name}.ip6tables`);
            assert.equal(cli('generate', plan, '--target', 'iptables', '-o', v4).status, 0);
            assert.equal(cli('generate', plan, '--target', 'ip6tables', '-o', v6).status, 0);
            // As iptables-save prints it once loaded with the jump the header asks for.
            for (const file of [v4, v6]) writeFileSync(file, deployedIptables(readFileSync(file, 'utf8')));
            const run = cli('audit', plan, '--config', v4, '--config', v6, '--format', 'json');
            assert.equal(run.status, 0, run.stdout + run.stderr);
            const report = JSON.parse(run.stdout);
            const required = report.flows.filter((f: { status: string }) => f.status === 'covered' || f.status === 'partial' || f.status === 'missing');
            assert.ok(required.length > 0);
            for (const f of required) {
                // A component given by host name cannot be matched by address rules: unknown, and said why.
                if (f.verdict === 'unknown' && /given by host name|no IP address/.test(f.why)) continue;
                assert.equal(f.verdict, 'allowed', `${f.source.instance} -> ${f.destination.instance} ${f.ports}: ${f.verdict} ${f.why ?? ''}`);
            }
            assert.deepEqual(report.overPermit, []);
        });
    }

    it('prints the JSON pipelines consume: every flow as `segplan flows --json` prints it, plus verdict and decidedBy', () => {
        const plan = 'examples/veeam-reference.segplan';
        const config = path.join(tmp, 'partial.iptables');
        // A hand-edited router: the backup server may reach the proxies only on 6162.
        writeFileSync(config, ['*filter', ':INPUT ACCEPT [0:0]', ':FORWARD DROP [0:0]', ':OUTPUT ACCEPT [0:0]',
            '-A FORWARD -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
            '-A FORWARD -p tcp --dport 6162 -j ACCEPT', '-A FORWARD -p tcp --dport 22 -j ACCEPT', 'COMMIT', ''].join('\n'));
        const audit = cli('audit', plan, '--config', config, '--format', 'json');
        assert.equal(audit.status, 1, 'blocked flows and over-permit make the exit code 1');
        const report = JSON.parse(audit.stdout);
        const flows = JSON.parse(cli('flows', plan, '--json').stdout).flows;
        assert.equal(report.flows.length, flows.length);
        report.flows.forEach((f: Record<string, unknown>, i: number) => {
            const { verdict, decidedBy, why, ...rest } = f;
            assert.deepEqual(rest, flows[i]);
            assert.ok(['allowed', 'blocked', 'partial', 'unknown'].includes(verdict as string));
            void why;
            if (verdict === 'blocked') assert.match(String((decidedBy as { text: string }).text), /FORWARD DROP/);
        });
        assert.ok(report.overPermit.some((o: { ports: string; decidedBy: { line: number } }) => o.ports.includes('22') && o.decidedBy.line === 7), JSON.stringify(report.overPermit));
        assert.ok(Array.isArray(report.unevaluated));
        assert.equal(cli('audit', plan, '--config', config, '--fail-on', 'none').status, 0);
    });

    it('writes SARIF with locations in the configuration and the plan, and Markdown for a ticket', () => {
        const config = path.join(tmp, 'drop-all.iptables');
        writeFileSync(config, '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD ACCEPT [0:0]\n:OUTPUT ACCEPT [0:0]\n-A FORWARD -d 10.20.0.5 -j DROP\nCOMMIT\n');
        const sarif = JSON.parse(cli('audit', 'examples/veeam-reference.segplan', '--config', config, '--format', 'sarif').stdout);
        assert.equal(sarif.version, '2.1.0');
        const blocked = sarif.runs[0].results.find((r: { ruleId: string }) => r.ruleId === 'flow-blocked');
        assert.ok(blocked, 'the flows to vcenter are blocked');
        assert.equal(blocked.locations[0].physicalLocation.region.startLine, 5);
        assert.match(blocked.locations[1].physicalLocation.artifactLocation.uri, /veeam-reference\.segplan$/);
        const md = cli('audit', 'examples/veeam-reference.segplan', '--config', config, '--format', 'markdown').stdout;
        assert.match(md, /^# Firewall audit: /);
        assert.match(md, /## Required flows not allowed/);
        assert.match(md, /## Allowed beyond the plan/);
    });

    it('detects the format from the content and says what it cannot read', () => {
        const unknown = path.join(tmp, 'unknown.txt');
        writeFileSync(unknown, 'hostname fw1\ninterface eth0\n');
        const run = cli('audit', 'examples/veeam-reference.segplan', '--config', unknown);
        assert.equal(run.status, 2);
        assert.match(run.stderr, /Cannot tell what kind of configuration .*unknown\.txt.* --config-format/);
        const wrong = cli('audit', 'examples/veeam-reference.segplan', '--config', unknown, '--config-format', 'iptables');
        assert.equal(wrong.status, 2);
        assert.match(wrong.stderr, /no \*filter table/);
        assert.equal(cli('audit', 'examples/veeam-reference.segplan', '--config', unknown, '--config-format', 'junos').status, 2);
        assert.match(cli('audit', 'examples/veeam-reference.segplan', '--config', path.join(tmp, 'missing')).stderr, /Cannot read .*no such file/);
    });

    it('reports what it cannot evaluate with the line, and never guesses', () => {
        const config = path.join(tmp, 'set.iptables');
        writeFileSync(config, '*filter\n:INPUT ACCEPT [0:0]\n:FORWARD DROP [0:0]\n:OUTPUT ACCEPT [0:0]\n-A FORWARD -m conntrack --ctstate ESTABLISHED -j ACCEPT\n-A FORWARD -m set --match-set admins src -j ACCEPT\nCOMMIT\n');
        const report = JSON.parse(cli('audit', 'examples/veeam-reference.segplan', '--config', config, '--format', 'json', '--fail-on', 'none').stdout);
        assert.deepEqual(report.unevaluated.map((u: { line: number }) => u.line), [6]);
        assert.match(report.unevaluated[0].why, /-m set/);
        const required = report.flows.filter((f: { status: string }) => f.status === 'covered');
        assert.ok(required.every((f: { verdict: string }) => f.verdict === 'unknown'), 'a rule that may or may not match leaves the flows unknown, not allowed and not blocked');
    });

    it('survives a truncated file, a malformed nft JSON and a configuration over the size limit', () => {
        const truncated = path.join(tmp, 'truncated.json');
        writeFileSync(truncated, '{"nftables": [{"table": {"family": "inet", "name": "x"');
        const t = cli('audit', 'examples/veeam-reference.segplan', '--config', truncated);
        assert.equal(t.status, 2);
        assert.match(t.stderr, /not valid JSON/);
        assert.doesNotMatch(t.stderr, /internal error|    at /);
        const badPort = path.join(tmp, 'badport.iptables');
        writeFileSync(badPort, '*filter\n:FORWARD DROP [0:0]\n-A FORWARD -p tcp --dport 99999 -j ACCEPT\nCOMMIT\n');
        const b = cli('audit', 'examples/veeam-reference.segplan', '--config', badPort);
        assert.equal(b.status, 2);
        assert.match(b.stderr, /line 3: '99999' is not a port/);
        const huge = path.join(tmp, 'huge.iptables');
        const fd = openSync(huge, 'w');
        ftruncateSync(fd, 100 * 1024 * 1024);
        closeSync(fd);
        const h = cli('audit', 'examples/veeam-reference.segplan', '--config', huge);
        assert.equal(h.status, 2);
        assert.match(h.stderr, /100 MB; the audit reads configurations up to 64 MB/);
    });
});
