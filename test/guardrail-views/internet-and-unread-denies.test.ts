import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { loadPlanText } from '../emit/plan-fixture.js';
import { GUARDRAIL_VIOLATED } from '../../language/analysis/guardrail-findings.js';

/**
 * The query and the matrix answer as the plan means: an internet zone is every address outside
 * the plan's other zones (a rule to it opens no internal zone, a deny to it forbids no internal
 * traffic), and a deny SegPlan could not read makes them say they cannot tell, never "allowed".
 */

const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), ...args], { encoding: 'utf8' });

const INTERNET_PLAN = `plan "internet"
zone mgmt 10.10.0.0/24
zone prod 10.20.0.0/16, fd00:20::/48
zone repo 10.30.0.0/24
zone net internet
app : infra.VmGuest in prod at 10.20.0.5 os linux
allow prod -> net tcp 8443 "updates"
deny prod -> net tcp 443 "no web to the internet"
allow prod -> any tcp 443 "web"
`;

/** A deny with a mistake in each way SegPlan can fail to read one, each over its own traffic. */
const unreadPlan = (deny: string) => `plan "unread"
zone lab 10.40.0.0/24
zone mgmt 10.10.0.0/24
zone repo 10.30.0.0/24
allow lab -> mgmt tcp 22 "ssh"
allow lab -> repo tcp 22 "ssh to the repository"
${deny}
`;

describe('query and matrix: the internet zone and denies not read', function () {
    this.timeout(180_000);
    let dir: string;
    const write = (name: string, text: string) => { const file = path.join(dir, name); writeFileSync(file, text); return file; };
    before(() => { dir = mkdtempSync(path.join(tmpdir(), 'segplan-internet-')); });
    after(() => rmSync(dir, { recursive: true, force: true }));

    describe('an internet zone is every address outside the plan\'s other zones', () => {
        let file: string;
        before(() => { file = write('internet.segplan', INTERNET_PLAN); });

        it('query: a rule to the internet opens no internal zone; it opens an address outside them', () => {
            for (const to of ['mgmt', 'repo', '10.20.9.9']) {
                const run = cli('query', file, 'prod', to, 'tcp', '8443');
                assert.equal(run.status, 1, `prod -> ${to}: ${run.stdout}`);
                assert.match(run.stdout, /NOT ALLOWED/);
            }
            for (const to of ['net', '8.8.8.8', '2001:db8::1']) {
                const run = cli('query', file, 'prod', to, 'tcp', '8443');
                assert.equal(run.status, 0, `prod -> ${to}: ${run.stdout}`);
                assert.match(run.stdout, /: ALLOWED/);
            }
        });

        it('query: a deny to the internet forbids no internal traffic', () => {
            const internal = cli('query', file, 'prod', 'mgmt', 'tcp', '443');
            assert.equal(internal.status, 0, internal.stdout);
            assert.match(internal.stdout, /Denied by: none/);
            const out = cli('query', file, 'prod', '8.8.8.8', 'tcp', '443');
            assert.equal(out.status, 1);
            assert.match(out.stdout, /DENIED/);
        });

        it('matrix: the rule to the internet is in prod -> net only, and the deny meets the allow rule there only', () => {
            const run = cli('matrix', file, '--format', 'json');
            assert.equal(run.status, 0, run.stderr);
            const matrix = JSON.parse(run.stdout) as { cells: { source: string; destination: string; allows: { where: { line: number } }[]; denies: unknown[]; conflicts: { destinations: string }[] }[] };
            const lines = (to: string) => matrix.cells.find(c => c.source === 'prod' && c.destination === to)?.allows.map(a => a.where.line) ?? [];
            assert.deepEqual(lines('net'), [7, 9]);
            for (const zone of ['mgmt', 'repo']) assert.deepEqual(lines(zone), [9], zone);
            const withConflicts = matrix.cells.filter(c => c.conflicts.length > 0);
            assert.deepEqual(withConflicts.map(c => `${c.source} -> ${c.destination}`), ['prod -> net']);
            assert.ok(matrix.cells.filter(c => c.denies.length > 0).every(c => c.destination === 'net'));
            assert.equal(withConflicts[0].conflicts[0].destinations, 'every address outside the plan\'s zones');
        });

        it('check: the allow rule to any breaks the deny only towards the internet, and its fix keeps the other zones', async () => {
            const plan = await loadPlanText('internet.segplan', INTERNET_PLAN);
            const found = (plan.document.diagnostics ?? []).filter(d => d.code === GUARDRAIL_VIOLATED);
            assert.equal(found.length, 1);
            assert.match(String(found[0].message), /tcp 443 from prod \(10\.20\.0\.0\/16, fd00:20::\/48\) to any \(every address outside the plan's zones\)/);
            assert.deepEqual((found[0].data as { lines?: string[] }).lines, ['allow prod -> mgmt, prod, repo tcp 443 "web"']);
        });
    });

    describe('a deny that was not read: cannot tell', () => {
        const cases: [string, string][] = [
            ['a syntax error (until on a deny)', 'deny lab -> mgmt tcp 22 until 2027-01-01'],
            ['an unknown name', 'deny lab, nosuch -> mgmt tcp 22'],
            ['a port that is not a number', 'deny lab -> mgmt tcp ssh']
        ];
        for (const [what, deny] of cases) {
            it(`${what}: query says CANNOT TELL (exit 2) where the deny may reach, matrix too`, () => {
                const file = write(`unread-${what.replace(/\W+/g, '-')}.segplan`, unreadPlan(deny));
                const run = cli('query', file, 'lab', 'mgmt', 'tcp', '22');
                assert.equal(run.status, 2, run.stdout);
                assert.match(run.stdout, /CANNOT TELL/);
                assert.match(run.stdout, /Denies not read, which may forbid it:\n {2}[^\n]*:7: deny /);
                const json = JSON.parse(cli('query', file, 'lab', 'mgmt', 'tcp', '22', '--json').stdout) as { verdict: string; unread: { where: { line: number } }[] };
                assert.equal(json.verdict, 'cannot-tell');
                assert.deepEqual(json.unread.map(u => u.where.line), [7]);
                const matrix = cli('matrix', file);
                assert.equal(matrix.status, 2, matrix.stderr);
                assert.match(matrix.stdout, /^lab -> mgmt\n(?: {2}[^\n]*\n)* {2}CANNOT TELL what passes: the deny /m);
                const csv = cli('matrix', file, '--format', 'csv');
                assert.match(csv.stdout, /"lab","mgmt","deny not read","","cannot tell"/);
            });
        }

        it('what the deny cannot reach, as far as it was read, is still answered', () => {
            const file = write('unread-name.segplan', unreadPlan('deny lab, nosuch -> mgmt tcp 22'));
            const run = cli('query', file, 'lab', 'repo', 'tcp', '22');
            assert.equal(run.status, 0, run.stdout);
            assert.match(run.stdout, /: ALLOWED/);
            // A syntax error may have cost any part of the line: it may reach everything.
            const broken = write('unread-syntax.segplan', unreadPlan('deny lab -> mgmt tcp 22 until 2027-01-01'));
            assert.equal(cli('query', broken, 'lab', 'repo', 'tcp', '22').status, 2);
        });

        it('a use guardrail line that names no guardrail: cannot tell', () => {
            const file = write('unread-guardrail.segplan', unreadPlan('use guardrail veeam.HardenedRepositorySshTypo'));
            const run = cli('query', file, 'lab', 'repo', 'tcp', '22');
            assert.equal(run.status, 2, run.stdout);
            assert.match(run.stdout, /names no guardrail of the catalogs/);
        });

        it('what no allow rule opens stays not allowed, whatever the deny says', () => {
            const file = write('unread-closed.segplan', unreadPlan('deny lab -> mgmt tcp 22 until 2027-01-01'));
            const run = cli('query', file, 'lab', 'mgmt', 'tcp', '23');
            assert.equal(run.status, 1, run.stdout);
            assert.match(run.stdout, /NOT ALLOWED/);
        });
    });
});
