import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { checkOutput } from '../helpers/check-output.js';

/** Runs the bundled CLI exactly as `npx segplan …` does. */
function segplan(...args: string[]) {
    const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), ...args], { cwd: PROJECT_ROOT, encoding: 'utf8' });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

const REFERENCE = 'examples/veeam-reference.segplan';
const MISTAKES = 'examples/veeam-mistakes.segplan';

describe('segplan check', () => {
    it('passes the clean reference design with exit code 0', () => {
        const { code, stdout } = segplan('check', REFERENCE);
        assert.equal(code, 0, stdout);
        assert.match(stdout, /1 file\(s\): 0 error\(s\), 0 warning\(s\)/);
    });

    it('prints file:line:col severity code message and exits 1 on errors', () => {
        const { code, stdout } = segplan('check', MISTAKES);
        assert.equal(code, 1);
        const { findings: lines, coverage } = checkOutput(stdout);
        assert.ok(lines.length > 5);
        // Then the coverage headline: the plan, then its zone pairs.
        assert.match(coverage[0], /^plan "Branch office \(with mistakes\)" \(examples\/veeam-mistakes\.segplan\): required flows allowed: \d+\/\d+ \(\d+ %\)$/);
        assert.ok(coverage.slice(1).every(l => /^ {2}\S+ → \S+: \d+\/\d+ \(\d+ %\)$/.test(l)), coverage.join('\n'));
        for (const line of lines) assert.match(line, /^examples\/veeam-mistakes\.segplan:\d+:\d+ (error|warning|info) [a-z-]+ \S/);
        for (const code of ['missing-flow', 'partial-flow', 'unknown-component-type', 'invalid-address', 'address-outside-zone', 'overlapping-zones', 'internet-exposure', 'install-only-permanent', 'overbroad-rule', 'unused-rule']) {
            assert.ok(lines.some(l => l.includes(` ${code} `)), `no ${code} in\n${stdout}`);
        }
        assert.ok(lines.some(l => /^examples\/veeam-mistakes\.segplan:11:1 error missing-flow .*vbr → vcenter tcp 443.*vSphere Web Services SDK.*Firewall Rules for Every Component/.test(l)));
    });

    it('writes a missing flow on one line with its first citation; --verbose and the JSON give them all', () => {
        const brief = checkOutput(segplan('check', MISTAKES).stdout).findings;
        const verbose = checkOutput(segplan('check', MISTAKES, '--verbose').stdout).findings;
        const json = JSON.parse(segplan('check', MISTAKES, '--format', 'json').stdout).diagnostics as { line: number; column: number; code: string; message: string }[];
        assert.equal(brief.length, verbose.length);
        const cited = brief.findIndex(l => / missing-flow .* and \d+ more\)/.test(l));
        assert.ok(cited >= 0, brief.join('\n'));
        // The same finding, whole: every citation, as the JSON gives it.
        assert.doesNotMatch(verbose[cited], / and \d+ more\)/);
        assert.ok(verbose[cited].length > brief[cited].length);
        const [, line, column] = /^[^:]+:(\d+):(\d+) /.exec(brief[cited])!;
        const message = verbose[cited].replace(/^\S+ error missing-flow /, '');
        assert.ok(json.some(d => d.line === Number(line) && d.column === Number(column) && d.message === message && !('brief' in d)), message);
    });

    it('checks every plan of a folder', () => {
        const { code, stdout } = segplan('check', 'examples');
        assert.equal(code, 1);
        assert.match(stdout, /veeam-mistakes\.segplan:/);
        assert.doesNotMatch(stdout, /veeam-reference\.segplan:/);
    });

    it('writes the same findings as JSON', () => {
        const text = segplan('check', MISTAKES);
        const json = segplan('check', MISTAKES, '--format', 'json');
        assert.equal(json.code, 1);
        const parsed = JSON.parse(json.stdout);
        assert.equal(parsed.diagnostics.length, checkOutput(text.stdout).findings.length);
        assert.ok(parsed.coverage[0].required > parsed.coverage[0].allowed, JSON.stringify(parsed.coverage));
        assert.ok(parsed.coverage[0].zonePairs.length > 0);
        assert.equal(parsed.summary.errors, parsed.diagnostics.filter((d: { severity: string }) => d.severity === 'error').length);
        const first = parsed.diagnostics[0];
        for (const key of ['file', 'line', 'column', 'endLine', 'endColumn', 'severity', 'code', 'message']) assert.ok(key in first, key);
    });

    it('writes SARIF 2.1.0', () => {
        const { code, stdout } = segplan('check', MISTAKES, '--format=sarif');
        assert.equal(code, 1);
        const sarif = JSON.parse(stdout);
        assert.equal(sarif.version, '2.1.0');
        const [run] = sarif.runs;
        assert.equal(run.tool.driver.name, 'segplan');
        assert.ok(run.results.length > 5);
        for (const result of run.results) {
            assert.ok(['error', 'warning', 'note'].includes(result.level));
            assert.equal(run.tool.driver.rules[result.ruleIndex].id, result.ruleId);
            const location = result.locations[0].physicalLocation;
            assert.deepEqual(location.artifactLocation, { uri: 'examples/veeam-mistakes.segplan', uriBaseId: '%SRCROOT%' });
            assert.ok(location.region.startLine >= 1 && location.region.startColumn >= 1);
        }
    });

    it('reports a syntax error at its place and exits 1', () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'segplan-cli-'));
        const file = path.join(dir, 'broken.segplan');
        writeFileSync(file, 'plan "x"\nzone a 10.0.0.0/24\nallow a -> a\n');
        const { code, stdout } = segplan('check', file);
        assert.equal(code, 1);
        assert.match(stdout, /broken\.segplan:3:\d+ error/);
    });
});

describe('segplan usage errors', () => {
    for (const [args, message] of [
        [['frobnicate'], /Unknown command 'frobnicate'/],
        [['check'], /needs at least one file or folder/],
        [['check', 'no/such/file.segplan'], /cannot read 'no\/such\/file\.segplan': no such file or folder/],
        [['check', REFERENCE, '--format', 'xml'], /--format must be text, json or sarif/],
        [['check', REFERENCE, '--quiet'], /Unknown option --quiet/],
        [['flows', 'examples/veeam-reference.segplan', 'examples/veeam-mistakes.segplan'], /exactly one plan file/]
    ] as const) {
        it(`${args.join(' ')} → exit 2 with a clear message`, () => {
            const { code, stderr, stdout } = segplan(...args);
            assert.equal(code, 2, stdout);
            assert.match(stderr, message);
            assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace');
        });
    }
});

describe('segplan flows', () => {
    it('lists every required flow of the reference design as covered, same-zone or not required', () => {
        const { code, stdout } = segplan('flows', REFERENCE, '--json');
        assert.equal(code, 0);
        const plan = JSON.parse(stdout);
        assert.equal(plan.plan, 'Veeam four-zone reference design');
        assert.ok(plan.flows.length > 40);
        for (const flow of plan.flows) {
            assert.ok(['covered', 'same-zone', 'not-required'].includes(flow.status), `${flow.source.instance} → ${flow.destination.instance}: ${flow.status}`);
            for (const key of ['source', 'destination', 'protocol', 'ports', 'purpose', 'conditions', 'citations', 'status', 'rules']) assert.ok(key in flow, key);
        }
        const sdk = plan.flows.find((f: { source: { instance: string }; destination: { instance: string }; ports: string[] }) => f.source.instance === 'vbr' && f.destination.instance === 'vcenter');
        assert.deepEqual(sdk.ports, ['443']);
        assert.equal(sdk.source.zone, 'mgmt');
        assert.equal(sdk.destination.zone, 'prod');
        assert.equal(sdk.rules.length, 1);
        assert.match(sdk.rules[0].text, /^allow vbr, vone -> vcenter tcp 443/);
        const nfs = plan.flows.find((f: { ports: string[] }) => f.ports.includes('1058+'));
        assert.equal(nfs.protocol, 'tcp/udp');
        assert.equal(nfs.status, 'covered');
        const cloudConnect = plan.flows.find((f: { destination: { instance: string }; ports: string[] }) => f.destination.instance === 'ccgw' && f.ports.includes('6180'));
        assert.ok(cloudConnect.conditions.includes('internet-facing'));
        const ssh = plan.flows.find((f: { destination: { instance: string }; ports: string[] }) => f.destination.instance === 'repo' && f.ports.includes('22'));
        assert.ok(ssh.conditions.includes('install-only'));
    });

    it('says which flows are missing and which parts are blocked', () => {
        const run = segplan('flows', MISTAKES, '--json');
        assert.equal(run.code, 1, 'the mistakes plan holds unknown types and invalid addresses: its list is incomplete');
        assert.match(run.stderr, /unknown-component-type/);
        const plan = JSON.parse(run.stdout);
        const status = (src: string, dst: string, port: string) => plan.flows.find((f: { source: { instance: string }; destination: { instance: string }; ports: string[] }) => f.source.instance === src && f.destination.instance === dst && f.ports.includes(port));
        assert.equal(status('vbr', 'vcenter', '443').status, 'missing');
        const smb = status('vbr', 'proxy', '445');
        assert.equal(smb.status, 'partial');
        assert.deepEqual(smb.missing.map((m: { protocol: string }) => m.protocol), ['udp']);
    });
});

describe('segplan catalog', () => {
    it('prints every vendor, component type and flow as JSON', () => {
        const { code, stdout } = segplan('catalog', '--json');
        assert.equal(code, 0);
        const { vendors } = JSON.parse(stdout);
        const veeam = vendors.find((v: { id: string }) => v.id === 'veeam');
        const vbr = veeam.components.find((c: { id: string }) => c.id === 'veeam.BackupServer');
        assert.ok(vbr.aliases.includes('VBR'));
        assert.equal(vbr.name, 'Veeam Backup & Replication server');
        const proxyData = veeam.flows.find((f: { from: string; to: string; ports: string[] }) => f.from === 'veeam.Proxy' && f.to === 'veeam.Repository');
        assert.deepEqual(proxyData.ports, ['2500-3300']);
        assert.equal(proxyData.protocol, 'tcp');
        assert.match(proxyData.source, /^Veeam and Network Segmentation: Firewall Rules for Every Component, "3\. Backup Proxy/);
        for (const flow of veeam.flows) {
            for (const key of ['from', 'to', 'protocol', 'ports', 'purpose', 'conditions', 'feature', 'platforms', 'scope', 'source']) assert.ok(key in flow, key);
        }
        assert.ok(veeam.flows.some((f: { ports: string[]; feature: string }) => f.ports.includes('1058+') && f.feature === 'veeam.InstantRecovery'));
    });

    it('reads well for a person: per vendor, per component, flows in and out', () => {
        const { code, stdout } = segplan('catalog');
        assert.equal(code, 0);
        assert.match(stdout, /^Veeam Backup & Replication v13 and Veeam ONE \(veeam\)$/m);
        assert.match(stdout, /veeam\.MountServer: Mount server/);
        assert.match(stdout, /out → vmware\.EsxiHost\s+tcp 6161\s+vPower NFS Service \[when veeam\.InstantRecovery\]/);
    });
});
