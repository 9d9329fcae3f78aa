import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), ...args], { encoding: 'utf8' });

/** A spreadsheet's reading of RFC 4180 text (LF line ends): fields with quotes, commas and line breaks inside. */
function parseCsv(text: string): string[][] {
    const rows: string[][] = [];
    let row: string[] = [], field = '', quoted = false;
    for (let i = 0; i < text.length; i++) {
        const ch = text[i];
        if (quoted) {
            if (ch === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (ch === '"') quoted = false; else field += ch;
        } else if (ch === '"') quoted = true;
        else if (ch === ',') { row.push(field); field = ''; } else if (ch === '\n') { row.push(field); rows.push(row); row = []; field = ''; } else field += ch;
    }
    return rows;
}

const HOSTILE = String.raw`=HYPERLINK(\"http://x\") | pipe, comma *bold* <b>`;

export const PLAN = `plan "review | \\"quoted\\", plan"
zone mgmt 10.10.0.0/24
zone backup 10.30.0.0/24
zone prod 10.20.0.0/16
vbr : veeam.BackupServer in mgmt at 10.10.0.5 os windows
repo : veeam.HardenedRepository in backup at 10.30.0.7
allow vbr -> repo tcp 6162, 2500-3300 "${HOSTILE}"
allow prod -> backup tcp 443
deny prod -> repo tcp 22, 443 "hardened repository: nothing from production"
deny vbr -> repo tcp 22 "no SSH to the hardened repository"
`;

const HOST_NAME_PLAN = `plan "Host names and guardrails"
zone mgmt 10.10.0.0/24
zone backup 10.30.0.0/24
zone ext 10.99.0.0/24
vbr : veeam.BackupServer in mgmt at 10.10.0.5 os windows
repo : veeam.HardenedRepository in backup at 10.30.0.7
jump : infra.ObjectStorage in ext at jump.example.com
use guardrail veeam.HardenedRepositorySsh
allow jump -> repo tcp 22 "a jump host by name"
`;

describe('segplan matrix and segplan query', function () {
    this.timeout(120_000);
    let dir: string, file: string;
    before(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'segplan-matrix-'));
        file = path.join(dir, 'plan.segplan');
        writeFileSync(file, PLAN);
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('text: each zone pair with its allow rules and required flows, with their plan lines', () => {
        const run = cli('matrix', file);
        assert.equal(run.status, 0, run.stderr);
        assert.match(run.stdout, /^mgmt -> backup {2}CONFLICTS: 1$/m);
        assert.match(run.stdout, /^ {2}denied {4}tcp 22 {2}plan\.segplan:10: deny vbr -> repo tcp 22 /m);
        assert.match(run.stdout, /missing +vbr -> repo tcp 22 .* DENIED at line 10$/m);
        assert.match(run.stdout, /CONFLICT {2}the allow rule at line 8 lets denied traffic through: tcp 443 from 10\.20\.0\.0\/16 to 10\.30\.0\.7 \(deny at line 9\)/);
        assert.match(run.stdout, /allowed {3}tcp 2500-3300, 6162 {2}plan\.segplan:7: allow vbr -> repo/);
        assert.match(run.stdout, /^prod -> backup {2}CONFLICTS: 1\n {2}allowed {3}tcp 443 {2}plan\.segplan:8: allow prod -> backup tcp 443$/m);
        assert.match(run.stdout, /required {2}\d+ flow\(s\): \d+\/\d+ allowed/);
    });

    it('JSON: the model itself, each cell with its allows, denies, flows and conflicts', () => {
        const run = cli('matrix', file, '--format', 'json');
        assert.equal(run.status, 0, run.stderr);
        const matrix = JSON.parse(run.stdout) as { plan: string; zones: string[]; cells: { source: string; destination: string; allows: { where: { line: number } }[]; denies: unknown[]; conflicts: unknown[]; flows: unknown[] }[] };
        assert.match(matrix.plan, /^review \| \\?"quoted\\?", plan$/);
        assert.deepEqual(matrix.zones, ['backup', 'mgmt', 'prod']);
        const cell = matrix.cells.find(c => c.source === 'mgmt' && c.destination === 'backup')!;
        assert.deepEqual(cell.allows.map(a => a.where.line), [7]);
        assert.deepEqual(cell.denies.map(d => (d as { where: { line: number } }).where.line), [10]);
        // The vendor's install-time SSH to the repository falls inside the deny: the engineer must choose.
        assert.deepEqual(cell.conflicts, [{
            kind: 'requirement-denied', deny: { file: 'plan.segplan', line: 10, text: 'deny vbr -> repo tcp 22 "no SSH to the hardened repository"' },
            flow: 'vbr -> repo tcp 22 (SSH (initial deployment only, disable after for hardened))',
            traffic: 'tcp 22', sources: '10.10.0.5', destinations: '10.30.0.7'
        }]);
        const prod = matrix.cells.find(c => c.source === 'prod' && c.destination === 'backup')!;
        assert.deepEqual(prod.conflicts, [{
            kind: 'allow-overlaps-deny', deny: { file: 'plan.segplan', line: 9, text: 'deny prod -> repo tcp 22, 443 "hardened repository: nothing from production"' },
            allow: { file: 'plan.segplan', line: 8, text: 'allow prod -> backup tcp 443' },
            traffic: 'tcp 443', sources: '10.20.0.0/16', destinations: '10.30.0.7'
        }]);
    });

    it('query: a deny wins over the allow rule that also matches, exit 1', () => {
        const run = cli('query', file, '10.20.5.5', 'repo', 'tcp', '443', '--json');
        assert.equal(run.status, 1, run.stdout + run.stderr);
        const json = JSON.parse(run.stdout) as { verdict: string; allows: { where: { line: number } }[]; denies: { where: { line: number }; whole: boolean }[] };
        assert.equal(json.verdict, 'denied');
        assert.deepEqual(json.allows.map(a => a.where.line), [8]);
        assert.deepEqual(json.denies.map(d => [d.where.line, d.whole]), [[9, true]]);
        const other = cli('query', file, 'prod', 'backup', 'tcp', '443');
        assert.match(other.stdout, /DENIED/);
        assert.match(other.stdout, /part of it {2}plan\.segplan:9: deny prod -> repo/);
    });

    it('CSV: a hostile description stays one field, quoted, and never starts a formula', () => {
        const run = cli('matrix', file, '--format', 'csv');
        assert.equal(run.status, 0, run.stderr);
        const rows = parseCsv(run.stdout);
        const width = rows[0].length;
        assert.ok(rows.every(r => r.length === width), 'every row has the header\'s columns');
        const allow = rows.find(r => r[2] === 'allow' && r[7] === '7')!;
        assert.ok(allow[8].includes(HOSTILE), allow[8]);
        assert.ok(rows.flat().every(f => !/^[=+\-@]/.test(f)), 'no field starts a formula');
    });

    it('Markdown: pipes and markup in plan text are escaped, so every table row keeps its columns', () => {
        const run = cli('matrix', file, '--format', 'markdown');
        assert.equal(run.status, 0, run.stderr);
        const tableRows = run.stdout.split('\n').filter(l => l.startsWith('| '));
        const allowRow = tableRows.find(r => r.includes('plan.segplan:7'))!;
        assert.ok(allowRow.includes('\\| pipe'), allowRow);
        assert.ok(allowRow.includes('\\*bold\\*') && allowRow.includes('\\<b\\>'), allowRow);
        // Four cells: the escaped pipe of the description is no column border.
        assert.equal(allowRow.replace(/\\\|/g, '').split('|').length - 2, 4, allowRow);
    });

    it('query: an allowed flow exits 0 and names the allow rule and the flows that need it', () => {
        const run = cli('query', file, 'vbr', 'repo', 'tcp', '6162');
        assert.equal(run.status, 0, run.stdout + run.stderr);
        assert.match(run.stdout, /^vbr -> repo tcp 6162: ALLOWED/);
        assert.match(run.stdout, /all of it {2}plan\.segplan:7: allow vbr -> repo/);
        assert.match(run.stdout, /covered +vbr -> repo tcp 6162 /);
    });

    it('query: traffic no rule lets through exits 1; part of a zone exits 1 too', () => {
        const none = cli('query', file, 'repo', 'vbr', 'tcp', '22');
        assert.equal(none.status, 1, none.stdout + none.stderr);
        assert.match(none.stdout, /NOT ALLOWED/);
        const part = cli('query', file, 'mgmt', 'repo', 'tcp', '6162', '--json');
        assert.equal(part.status, 1, part.stdout + part.stderr);
        const json = JSON.parse(part.stdout) as { verdict: string; allows: { whole: boolean }[] };
        assert.equal(json.verdict, 'partly-allowed');
        assert.deepEqual(json.allows.map(a => a.whole), [false]);
    });

    it('query: addresses as ends, and usage errors exit 2 with what is wrong', () => {
        const byAddress = cli('query', file, '10.20.1.1', '10.30.0.9', 'tcp', '443');
        assert.equal(byAddress.status, 0, byAddress.stdout + byAddress.stderr);
        for (const [args, message] of [
            [['nowhere', 'repo', 'tcp', '22'], /'nowhere' is not a zone, component or address/],
            [['vbr', 'repo', 'icmp', '22'], /protocol must be tcp or udp/],
            [['vbr', 'repo', 'tcp', '70000'], /port must be a number from 1 to 65535/],
            [['vbr', 'repo', 'tcp'], /needs a plan, two ends, a protocol and a port/]
        ] as const) {
            const run = cli('query', file, ...args);
            assert.equal(run.status, 2, `${args.join(' ')}: ${run.stdout}${run.stderr}`);
            assert.match(run.stderr, message);
        }
    });

    // A guardrail with an exception (`any except BackupServer`) and a component given by host name:
    // the host name is not the exception, so the guardrail forbids its SSH, and the check, the matrix
    // and the query all say so (one overlap computation serves them).
    it('a host name under a guardrail with an exception: check, matrix and query agree', () => {
        const named = path.join(dir, 'host-name.segplan');
        writeFileSync(named, HOST_NAME_PLAN);
        assert.match(cli('check', named).stdout, /host-name\.segplan:9:1 error guardrail-violated .* tcp 22 from jump \(jump\.example\.com except 10\.10\.0\.5\)/);
        const matrix = JSON.parse(cli('matrix', named, '--format', 'json').stdout) as { cells: { source: string; destination: string; conflicts: { kind: string; sources: string }[] }[] };
        const conflicts = matrix.cells.flatMap(c => c.conflicts.map(k => [`${c.source} -> ${c.destination}`, k.kind, k.sources]));
        assert.deepEqual(conflicts, [['ext -> backup', 'allow-overlaps-deny', 'jump.example.com']]);
        const answer = JSON.parse(cli('query', named, 'jump', 'repo', 'tcp', '22', '--json').stdout) as { verdict: string; denies: { whole: boolean }[] };
        assert.equal(answer.verdict, 'denied');
        assert.deepEqual(answer.denies.map(d => d.whole), [true]);
    });
});
