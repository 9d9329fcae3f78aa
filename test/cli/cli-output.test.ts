import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { checkOutput } from '../helpers/check-output.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

function segplan(cwd: string, ...args: string[]) {
    const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), ...args], { cwd, encoding: 'utf8' });
    return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function folder(files: Record<string, string>): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'segplan-cli-out-'));
    for (const [name, text] of Object.entries(files)) {
        mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        writeFileSync(path.join(dir, name), text);
    }
    return dir;
}

/** A line of `check` text output: one finding, or the summary. */
const FINDING = /^\S+:\d+:\d+ (error|warning|info|hint) [\w-]+ [^\n]*$/;
const SUMMARY = /^\d+ file\(s\): \d+ error\(s\), \d+ warning\(s\), \d+ info$/;
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e]/;

// Plan text a hostile or careless author could write: an ANSI escape, a forged finding on a line of
// its own, a GitHub Actions workflow command, a bell and a right-to-left override.
const HOSTILE = '\u001b[2J\u001b[31mred\u0007\nplan.segplan:1:1 error forged-code all clear\n::error file=x::pwned\r\u202eevil';

describe('segplan output escapes plan text', () => {
    const vendor = `vendor evil "Evil ${HOSTILE}" {
    component Server "Server ${HOSTILE}"
    component Client "Client"
    flow Client -> Server tcp 4000 "Purpose ${HOSTILE}" source "001.txt" "s"
}
`;
    const planText = (missingImport: boolean) => `plan "Hostile ${HOSTILE}"
import "evil.segplan"
${missingImport ? `import "missing ${HOSTILE}.segplan"` : ''}
zone a 10.0.0.0/24
zone b 10.0.1.0/24
c : evil.Client in a at 10.0.0.1
s : evil.Server in b at 10.0.1.1
`;
    const dir = folder({ 'evil.segplan': vendor, 'plan.segplan': planText(true) });

    it('check: every line is one well-formed finding or the summary; no control character reaches the terminal', () => {
        const { code, stdout } = segplan(dir, 'check', 'plan.segplan');
        assert.equal(code, 1, stdout);
        assert.ok(stdout.endsWith('\n'), 'output ends with a newline');
        const { findings: lines, coverage, summary } = checkOutput(stdout);
        assert.match(summary, SUMMARY);
        for (const line of coverage) assert.doesNotMatch(line, CONTROL);
        for (const line of lines) {
            assert.match(line, FINDING);
            assert.doesNotMatch(line, CONTROL);
            assert.ok(line.startsWith('plan.segplan:') || line.startsWith('evil.segplan:'), line);
            assert.doesNotMatch(line, /^::/);
        }
        // The hostile text is still there for the reader, escaped.
        assert.ok(lines.some(l => l.includes('missing \\e[2J\\e[31mred\\x07\\nplan.segplan:1:1 error forged-code all clear\\n::error file=x::pwned\\r\\u202eevil.segplan')), stdout);
        assert.ok(lines.some(l => l.includes(' missing-flow ') && l.includes('Purpose \\e[2J')), stdout);
    });

    it('flows and catalog print the same texts escaped', () => {
        const fixed = folder({ 'evil.segplan': vendor, 'plan.segplan': planText(false) });
        const flows = segplan(fixed, 'flows', 'plan.segplan');
        assert.equal(flows.code, 0, flows.stderr);
        assert.equal(flows.stdout.trim().split('\n').length, 2, flows.stdout);
        assert.doesNotMatch(flows.stdout, CONTROL);
        assert.match(flows.stdout, /Purpose \\e\[2J/);
        const catalog = segplan(fixed, 'catalog', 'evil.segplan');
        assert.equal(catalog.code, 0, catalog.stderr);
        assert.doesNotMatch(catalog.stdout, CONTROL);
        assert.doesNotMatch(catalog.stdout, /^(::|plan\.segplan:1:1)/m);
        assert.match(catalog.stdout, /^Evil \\e\[2J\\e\[31mred\\x07\\nplan\.segplan:1:1 error forged-code all clear\\n::error file=x::pwned\\r\\u202eevil \(evil\)$/m);
    });

    it('a file name that starts with :: does not start a line with ::', () => {
        const dir = folder({ '::error::x.segplan': 'plan "x"\nzone a 10.0.0.0/33\n' });
        const { code, stdout } = segplan(dir, 'check', '::error::x.segplan');
        assert.equal(code, 1);
        assert.match(stdout, /^\.\/::error::x\.segplan:2:8 error invalid-address /m);
        assert.doesNotMatch(stdout, /^::/m);
    });
});

describe('segplan flows on a plan it cannot read completely', () => {
    it('reports the syntax error on stderr and exits 1', () => {
        const dir = folder({ 'plan.segplan': 'plan "p"\nzone a 10.0.0.0/24\nzone b 10.0.1.0/24\nvbr : veeam.BackupServer in a at 10.0.0.1\nvc : vmware.VCenter in b at 10.0.1.1\nallow vbr -> vc tcp 443 %%%\n' });
        for (const json of [[], ['--json']]) {
            const { code, stdout, stderr } = segplan(dir, 'flows', 'plan.segplan', ...json);
            assert.equal(code, 1, stdout);
            assert.match(stderr, /could not be read completely, so the list of flows is incomplete/);
            assert.match(stderr, /^plan\.segplan:6:\d+ error lexing-error /m);
        }
    });

    it('also when the error is in an imported file', () => {
        const dir = folder({ 'plan.segplan': 'plan "p"\nimport "zones.segplan"\nvbr : veeam.BackupServer in a at 10.0.0.1\n', 'zones.segplan': 'zone a 10.0.0.0/24\nzone b 10.0.1.0/24 10.0.2.0/24\n' });
        const { code, stdout, stderr } = segplan(dir, 'flows', 'plan.segplan');
        assert.equal(code, 1, stdout);
        assert.match(stderr, /^zones\.segplan:2:\d+ error parsing-error /m);
    });
});

describe('a port setting out of range', () => {
    it('is an error at the number, and even generate --force never writes it', () => {
        const dir = folder({ 'g.segplan': 'plan "g"\nzone a 10.0.0.0/24\nzone b 10.0.1.0/24\ngw : veeam.CloudGateway in a at 10.0.0.5\nt : infra.VmGuest in b at 10.0.1.5\nset veeam.CloudConnectPort = 70000\nallow t -> gw tcp veeam.CloudConnectPort\n' });
        const check = segplan(dir, 'check', 'g.segplan');
        assert.equal(check.code, 1);
        assert.match(check.stdout, /^g\.segplan:6:30 error invalid-port Port 70000 is outside 1-65535\.$/m);
        for (const target of ['nftables', 'iptables']) {
            const forced = segplan(dir, 'generate', 'g.segplan', '--target', target, '--force');
            assert.equal(forced.code, 0, forced.stderr);
            const rules = forced.stdout.split('\n').filter(l => !/^\s*#/.test(l)).join('\n');
            assert.doesNotMatch(rules, /70000/);
            // Never the vendor's default port instead: the rule that names the setting is left out, and says so.
            assert.doesNotMatch(rules, /6180/);
            assert.match(forced.stdout, /allow rule at g\.segplan line 7 .*left out/);
        }
    });
});

describe('a catalog port setting out of range', () => {
    it('is an error at the number, and a rule naming it is never written with it', () => {
        const dir = folder({ 'g.segplan': 'plan "g"\nzone a 10.0.0.0/24\nzone b 10.0.1.0/24\nvendor acme "Acme" {\n    component S "S"\n    port P 99999 "P"\n}\ns : acme.S in a at 10.0.0.5\nt : infra.VmGuest in b at 10.0.1.5\nallow t -> s tcp acme.P, 443\n' });
        const check = segplan(dir, 'check', 'g.segplan');
        assert.match(check.stdout, /^g\.segplan:6:12 error invalid-port Port 99999 is outside 1-65535\.$/m);
        const forced = segplan(dir, 'generate', 'g.segplan', '--target', 'iptables', '--force');
        assert.equal(forced.code, 0, forced.stderr);
        const rules = forced.stdout.split('\n').filter(l => !/^\s*#/.test(l)).join('\n');
        assert.doesNotMatch(rules, /99999/);
        // The rule was not read whole: left out whole (its 443 too), never written without the port it names.
        assert.doesNotMatch(rules, /--dport/);
        assert.match(forced.stdout, /allow rule at g\.segplan line 10 .*left out/);
    });
});

describe('segplan check --format sarif locations', () => {
    const text = 'plan "x"\nzone a 10.0.0.0/33\n';

    it('percent-encodes a relative path and resolves it against %SRCROOT%', () => {
        const dir = folder({ 'my plans/a#1 %20?.segplan': text });
        const { stdout } = segplan(dir, 'check', 'my plans', '--format', 'sarif');
        const run = JSON.parse(stdout).runs[0];
        const location = run.results[0].locations[0].physicalLocation.artifactLocation;
        assert.deepEqual(location, { uri: 'my%20plans/a%231%20%2520%3F.segplan', uriBaseId: '%SRCROOT%' });
        const base = run.originalUriBaseIds['%SRCROOT%'].uri;
        assert.equal(base, pathToFileURL(dir + path.sep).href);
        assert.equal(decodeURIComponent(new URL(location.uri, base).pathname), path.join(dir, 'my plans/a#1 %20?.segplan'));
    });

    it('writes a file outside the current folder as an absolute file: URI', () => {
        const dir = folder({ 'a.segplan': text });
        const elsewhere = folder({});
        const { stdout } = segplan(elsewhere, 'check', path.join(dir, 'a.segplan'), '--format=sarif');
        const location = JSON.parse(stdout).runs[0].results[0].locations[0].physicalLocation.artifactLocation;
        assert.equal(location.uri, pathToFileURL(path.join(dir, 'a.segplan')).href);
        assert.equal(location.uriBaseId, undefined);
    });
});

describe('segplan command line', () => {
    it('says nftables output is not verified because that is off by default, and how to turn it on', () => {
        const run = segplan(PROJECT_ROOT, 'generate', 'examples/veeam-reference.segplan', '--target', 'nftables');
        assert.equal(run.code, 0, run.stderr);
        assert.match(run.stderr, /note: nftables output is not verified \(off by default, .*: give --verify\)/);
    });

    const dir = folder({ '-plan.segplan': 'plan "x"\nzone a 10.0.0.0/24\n', 'b.segplan': 'plan "y"\nzone b 10.0.1.0/24\n' });

    it('takes everything after -- as a file name', () => {
        const { code, stdout, stderr } = segplan(dir, 'check', '--', '-plan.segplan');
        assert.equal(code, 0, stderr);
        assert.match(stdout, /^1 file\(s\)/);
    });

    it('rejects --format=sarif=1 instead of reading it as sarif', () => {
        const { code, stderr } = segplan(dir, 'check', 'b.segplan', '--format=sarif=1');
        assert.equal(code, 2);
        assert.match(stderr, /--format must be text, json or sarif, not 'sarif=1'/);
    });

    it('rejects a value given to an option that takes none', () => {
        const { code, stderr } = segplan(dir, 'check', 'b.segplan', '--hints=yes');
        assert.equal(code, 2);
        assert.match(stderr, /--hints takes no value/);
    });

    it('segplan lsp without --stdio explains how to start the server', () => {
        const { code, stderr } = segplan(dir, 'lsp');
        assert.equal(code, 2);
        assert.match(stderr, /segplan lsp --stdio/);
        assert.doesNotMatch(stderr, /internal error/);
    });

    it('generate <folder> with several plans refuses and lists them', () => {
        const { code, stdout, stderr } = segplan(dir, 'generate', '.', '--target', 'csv');
        assert.equal(code, 2);
        assert.equal(stdout, '');
        assert.match(stderr, /holds 2 plans; name the one to generate from: -plan\.segplan, b\.segplan/);
    });

    it('an unreadable path says what could not be read and why, not "internal error"', () => {
        const { code, stderr } = segplan(dir, 'check', 'b.segplan/inner.segplan');
        assert.equal(code, 2);
        assert.equal(stderr, "segplan: cannot read 'b.segplan/inner.segplan': a part of the path is not a folder\n");
    });

    it('a reader that stops early gets no EPIPE stack, and the exit code is still the verdict', () => {
        const lines = ['plan "big"', 'zone a 10.0.0.0/16'];
        for (let i = 0; i < 2000; i++) lines.push(`h${i} : infra.VmGuest in a at 10.0.${i >> 8}.${(i & 255) + 1}`);
        for (let i = 0; i < 2000; i++) lines.push(`allow h${i} -> h${(i + 1) % 2000} tcp ${i + 1}`);
        lines.push('allow h0 -> h1 tcp 0');
        const big = folder({ 'big.segplan': lines.join('\n') + '\n' });
        const cli = path.join(PROJECT_ROOT, 'bin', 'segplan.cjs');
        const run = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${cli}" check big.segplan | head -c 100 >/dev/null`], { cwd: big, encoding: 'utf8' });
        assert.equal(run.stderr, '');
        assert.equal(run.status, 1, 'the plan has an error: exit 1, even though the reader left');
    });

    // generate writes through the descriptor, not process.stdout: the same holds there.
    it('a reader that stops early in a generated rule set gets no error, and generate still exits 0', () => {
        const lines = ['plan "big"', 'zone a 10.0.0.0/16', 'zone b 10.1.0.0/16'];
        for (let i = 0; i < 3000; i++) lines.push(`allow a -> b tcp ${i + 1} "rule ${i}"`);
        const big = folder({ 'big.segplan': lines.join('\n') + '\n' });
        const cli = path.join(PROJECT_ROOT, 'bin', 'segplan.cjs');
        const run = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${cli}" generate big.segplan --target iptables | head -c 100 >/dev/null`], { cwd: big, encoding: 'utf8' });
        // Only what generate --verify says of the output (verified, or not verified and why): no error.
        assert.deepEqual(run.stderr.split('\n').filter(l => l && !/^segplan: (iptables: verified: allows exactly the plan, and iptables-restore loads it\.|note: iptables output is not verified)/.test(l)), []);
        assert.equal(run.status, 0, 'the rules were generated: exit 0, even though the reader left');
    });
});
