import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { buildPlan, createTestServices, diagnosticSummary } from '../helpers/services.js';

/**
 * A deliberate rule no vendor catalog lists (admins managing vCenter) can be accepted with a
 * comment that names the finding and says why; the CLI honours it as the editor does, and
 * `check --suppressed` lists what was silenced.
 */

const PLAN = `plan "Suppressions"
zone mgmt 10.10.0.0/24
zone prod 10.20.0.0/16
vbr : veeam.BackupServer in mgmt at 10.10.0.10 os windows
admins : infra.AdminWorkstation in mgmt at 10.10.0.100-10.10.0.120
vcenter : vmware.VCenter in prod at 10.20.0.5
allow vbr -> vcenter tcp 443
allow admins -> vcenter tcp 443   // segplan-ignore unused-rule: the admins manage vCenter directly
// segplan-ignore unused-rule: jump host for the vSphere client
allow admins -> vcenter tcp 9443
allow admins -> vcenter tcp 5480  // segplan-ignore unused-rule
allow admins -> vcenter tcp 22    // segplan-ignore overbroad-rule: a code that is not on this line
mistake : veeam.NoSuchType in mgmt // segplan-ignore unknown-component-type: nothing can hide this
`;

describe('// segplan-ignore comments', function () {
    this.timeout(300000);

    it('silence the named finding of their line (or the next), with a reason; without one, or silencing nothing, they are a warning', async () => {
        const services = await createTestServices();
        const document = await buildPlan(services, PLAN);
        const summary = diagnosticSummary(document);
        assert.ok(!summary.includes('8:warning:unused-rule'), 'a comment at the end of the line silences it');
        assert.ok(!summary.includes('10:warning:unused-rule'), 'a comment on the line above silences it');
        assert.ok(summary.includes('11:warning:unused-rule') && summary.includes('11:warning:suppression-without-reason'), 'no reason: nothing silenced');
        assert.ok(summary.includes('12:warning:unused-rule') && summary.includes('12:warning:unused-suppression'), 'a code that is not there');
        assert.ok(summary.includes('13:error:unknown-component-type'), 'an error the plan cannot be read without is never silenced');
    });

    it('are honoured by segplan check, which lists what they silence with --suppressed', () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'segplan-suppress-'));
        try {
            writeFileSync(path.join(dir, 'p.segplan'), PLAN);
            const run = (...args: string[]) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), 'check', 'p.segplan', ...args], { cwd: dir, encoding: 'utf8' });
            const plain = run();
            assert.doesNotMatch(plain.stdout, /^p\.segplan:8:\d+ warning unused-rule/m);
            const listed = run('--suppressed');
            assert.match(listed.stdout, /^p\.segplan:8:1 suppressed unused-rule the admins manage vCenter directly — silenced: This allow rule/m);
            assert.match(listed.stdout, /^p\.segplan:10:1 suppressed unused-rule jump host for the vSphere client/m);
            const json = JSON.parse(run('--format', 'json').stdout);
            assert.deepEqual(json.suppressed.map((s: { line: number; reason: string }) => [s.line, s.reason]), [[8, 'the admins manage vCenter directly'], [10, 'jump host for the vSphere client']]);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
