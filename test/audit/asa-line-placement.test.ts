import * as assert from 'node:assert/strict';
import { runAudit } from '../../language/audit/run-audit.js';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';
import { loadPlanText, type LoadedPlan } from '../emit/plan-fixture.js';

/**
 * `access-list NAME line N …` puts the entry at position N of that list (remarks count: each
 * remark and each entry has its line, Cisco's ASA configuration guide), not at its end. An entry
 * placed first in SegPlan's own access list lets through what every entry below it denies.
 */
const PLAN = `plan "Lab"
zone lab 10.70.1.0/24
zone mgmt 10.70.2.0/24
zone backup 10.70.3.0/24

vbr : veeam.BackupServer in mgmt at 10.70.2.10 os windows
repo : veeam.HardenedRepository in backup at 10.70.3.20
proxy : veeam.Proxy in lab at 10.70.1.30 os windows

allow vbr -> repo tcp 6162, 2500-3300 "Backup server to the repository"
allow vbr -> proxy tcp 6160, 6162, 2500-3300 "Backup server manages the proxy"
allow vbr -> proxy tcp/udp 135, 137-139, 445 "Deployment"
allow proxy -> repo tcp 2500-3300 "Backup data"
deny lab -> mgmt tcp 2500-3300 "Lab never reaches the management data ports"
`;
const NOW = new Date('2026-06-01T12:00:00Z');

describe('Cisco ASA: access-list … line N places the entry at line N of its list', function () {
    this.timeout(120_000);
    let plan: LoadedPlan;
    let asa: string;
    before(async () => {
        plan = await loadPlanText('lab.segplan', PLAN);
        asa = plan.emit('cisco-asa');
    });
    const audit = (text: string) => runAudit(plan.analysis, [{ text, file: 'lab.asa' }], { maps: [], now: NOW, catalog: plan.services.analysis.PlanAnalyzer.catalog() });

    it('SegPlan\'s own output is verified equal and audits clean (the baseline of the cases below)', async () => {
        assert.equal(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'cisco-asa', asa, { now: NOW })), 'equal');
        const report = await audit(asa);
        assert.deepEqual(report.overPermit, []);
        assert.deepEqual(report.guardrails, []);
    });

    it('line 1 permit ip any any, appended at the end of the file: first in SP_lab_in, everything from lab passes', async () => {
        const text = `${asa}\naccess-list SP_lab_in line 1 extended permit ip any any\n`;
        assert.equal(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'cisco-asa', text, { now: NOW })), 'different');
        const report = await audit(text);
        const line = text.split('\n').length - 1;
        assert.ok(report.overPermit.some(o => o.sourceZone === 'lab' && o.destinationZone === 'mgmt' && o.decidedBy.line === line), JSON.stringify(report.overPermit));
        assert.ok(report.overPermit.some(o => o.sourceZone === 'lab' && o.destinationZone === 'backup' && o.broad));
        assert.ok(report.guardrails.some(g => g.decidedBy.line === line), 'the deny lab -> mgmt tcp 2500-3300 is broken by line 1');
    });

    it('line 1 permit tcp any any range 2500 3300: above the deny of those ports, which it reopens', async () => {
        const text = `${asa}\naccess-list SP_lab_in line 1 extended permit tcp any any range 2500 3300\n`;
        assert.equal(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'cisco-asa', text, { now: NOW })), 'different');
        const report = await audit(text);
        const line = text.split('\n').length - 1;
        const broken = report.guardrails.filter(g => g.decidedBy.line === line);
        assert.ok(broken.length > 0 && broken.every(g => g.ports === '2500-3300' && g.protocol === 'tcp'), report.guardrails.map(g => `${g.protocol} ${g.ports} line ${g.decidedBy.line}`).join('; '));
    });

    it('line N counts remarks and entries alike: line 4 of SP_lab_in is above the deny (remarks on lines 1-3), line 5 below it', async () => {
        const above = `${asa}\naccess-list SP_lab_in line 4 extended permit tcp any any range 2500 3300\n`;
        assert.ok((await audit(above)).guardrails.length > 0, 'line 4 is before the deny entry, which is the fourth line');
        const below = `${asa}\naccess-list SP_lab_in line 5 extended permit tcp any any range 2500 3300\n`;
        const report = await audit(below);
        assert.deepEqual(report.guardrails, [], 'line 5 is after the deny: it cannot reopen it');
        // …but it is above the final deny ip any any: lab to backup on those ports is let through beyond the plan.
        assert.ok(report.overPermit.some(o => o.sourceZone === 'lab' && o.destinationZone === 'backup'));
    });

    it('no access-list removes the entry written; a line past the end of the list is not guessed: the entry is unknown at its line', async () => {
        // SP_backup_in is a remark and a deny ip any any; without the deny, one line is left.
        const removed = `${asa}\nno access-list SP_backup_in extended deny ip any any\n`;
        assert.equal(overallVerdict(await verifyGenerated(plan.analysis, plan.ruleSet, 'cisco-asa', removed, { now: NOW })), 'equal', 'the implicit deny does what the entry did');
        const text = `${removed}access-list SP_backup_in line 7 extended permit tcp any any eq 22\n`;
        const v = await verifyGenerated(plan.analysis, plan.ruleSet, 'cisco-asa', text, { now: NOW });
        assert.equal(overallVerdict(v), 'unknown');
        const line = text.split('\n').length - 1;
        assert.ok(v.kind === 'verified' && v.results.some(r => r.unknown.some(u => u.config.line === line && /line 7/.test(u.why))), JSON.stringify(v));
    });
});
