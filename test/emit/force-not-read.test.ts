import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { EMITTERS } from '../../language/emit/registry.js';
import { loadPlanText, type LoadedPlan } from './plan-fixture.js';
import { probesOf, readBack, READ_BACK_TARGETS, widerThan } from './output-allowed.js';

/**
 * `generate --force` on a plan with an allow rule SegPlan could not read whole — a bare address in
 * no zone, a port setting set to 0, an `until` that is not a calendar date or not one a firewall
 * can express — leaves the rule out of every target, with a note, and never writes what a fallback
 * made of it: the address as `any`, the setting's default port, a date rolled over into the next
 * month or a year read as 1900. Each output is read back and compared with the plan without the
 * broken line.
 */

const BASE = `plan "force"
zone mgmt 10.10.0.0/24, fd10::/64
zone backup 10.30.0.0/24, fd30::/64
vbr : veeam.BackupServer in mgmt at 10.10.0.10, fd10::10 os windows
proxy : veeam.Proxy in backup at 10.30.0.21, fd30::21 os linux on vsphere
gw : veeam.CloudGateway in backup at 10.30.0.40 os windows
ams : acronis.ManagementServer in backup at 10.30.0.60 os windows
agent : acronis.Agent in backup at 10.30.0.61 os windows
allow vbr -> proxy tcp 6162
`;

const BROKEN: Record<string, { lines: string; note: RegExp }> = {
    'a bare destination address in no zone': { lines: 'allow vbr -> 10.99.0.5 tcp 97', note: /lies in no zone/ },
    'a bare source address in no zone': { lines: 'allow fd99::5 -> proxy tcp 97', note: /lies in no zone/ },
    'a port setting set to 0, named by a rule': { lines: 'set acronis.ConsolePort = 0\nallow vbr -> ams tcp acronis.ConsolePort', note: /port that is not a number or a setting with a valid port/ },
    'a port setting set to 0 for one component': { lines: 'set acronis.ConsolePort = 0 for ams', note: /./ },
    'an until date that rolls over (February 30)': { lines: 'allow vbr -> proxy tcp 98 until 2026-02-30', note: /until date that is not a date a rule can end on/ },
    'an until date in year 0': { lines: 'allow vbr -> proxy tcp 99 until 0000-01-01', note: /until date that is not a date a rule can end on/ },
    'an until date beyond what firewalls express': { lines: 'allow vbr -> proxy tcp 99 until 2999-12-31', note: /until date that is not a date a rule can end on/ }
};

const now = new Date();

async function assertNoWider(forced: LoadedPlan, clean: LoadedPlan): Promise<void> {
    const probes = probesOf([forced, clean]);
    for (const target of READ_BACK_TARGETS) {
        const extra = widerThan(await readBack(forced, target, probes, now), await readBack(clean, target, probes, now, true));
        assert.deepEqual(extra, [], `${target}: the forced output allows more than the plan without the broken line`);
    }
}

describe('generate --force leaves out what it could not read, in every target', function () {
    this.timeout(300000);

    it('the read-backs cover every target', () => {
        assert.deepEqual([...READ_BACK_TARGETS].sort(), EMITTERS.map(e => e.id).sort());
    });

    for (const [title, { lines, note }] of Object.entries(BROKEN)) {
        it(title, async () => {
            const forced = await loadPlanText('force.segplan', `${BASE}${lines}\n`);
            const clean = await loadPlanText('force.segplan', BASE);
            const errors = (forced.document.diagnostics ?? []).filter(d => d.severity === 1 && !/missing-flow/.test(String(d.code)));
            assert.ok(errors.length > 0, 'the broken line must be an error');
            await assertNoWider(forced, clean);
            if (/allow/.test(lines)) {
                assert.ok(forced.ruleSet.notes.some(n => note.test(n) && /left out/.test(n)), `a note says the rule is left out: ${forced.ruleSet.notes.join(' | ')}`);
            }
        });
    }

    for (const setting of ['set acronis.ConsolePort = 0', 'set acronis.ConsolePort = 0 for ams']) {
        it(`no target writes the default port of a setting set to 0 (\`${setting}\`)`, async () => {
            const forced = await loadPlanText('force.segplan', `${BASE}${setting}\nallow vbr -> ams tcp acronis.ConsolePort\n`);
            const clean = await loadPlanText('force.segplan', BASE);
            // The agent's flow to the management server stays in one zone: only its host rules carry it.
            assert.match(clean.emit('windows-firewall', true), /\b9877\b/, 'without the setting, the host rules open the default port');
            for (const emitter of EMITTERS) assert.doesNotMatch(forced.emit(emitter.id, true), /\b9877\b/, emitter.id);
            assert.ok(!forced.analysis.findings.some(f => /9877/.test(JSON.stringify(f.message))), 'no finding speaks of the default port');
            assert.ok((forced.document.diagnostics ?? []).some(d => d.code === 'invalid-port' && /Port 0 is outside 1-65535/.test(String(d.message))));
        });
    }

    it('the nftables output of a plan with every kind of bad date loads (nft -c)', async function () {
        if (spawnSync('nft', ['--version']).status !== 0) this.skip();
        const forced = await loadPlanText('force.segplan', `${BASE}${['2026-02-30', '0000-01-01', '2999-12-31', '1969-12-31', '2026-13-01'].map((d, i) => `allow vbr -> proxy tcp ${100 + i} until ${d}`).join('\n')}\nallow vbr -> proxy tcp 200 until 2099-12-31\n`);
        const dir = mkdtempSync(path.join(tmpdir(), 'segplan-force-'));
        try {
            for (const target of ['nftables', 'nftables-host']) {
                const text = forced.emit(target, true);
                assert.doesNotMatch(text, /dport (10[0-4])\b/, `${target}: a rule with a bad date is emitted`);
                assert.match(text, /dport 200 meta time < 4102444800 /, `${target}: the last valid date is emitted exactly`);
                const file = path.join(dir, `${target}.nft`);
                writeFileSync(file, text);
                const run = spawnSync('nft', ['-c', '-f', file], { encoding: 'utf8' });
                assert.equal(run.status, 0, `${target}: ${run.stderr}`);
            }
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
