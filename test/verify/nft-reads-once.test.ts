import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { overallVerdict, verifyGenerated } from '../../language/verify/verify-generated.js';
import { loadPlanText, type LoadedPlan } from '../emit/plan-fixture.js';
import { nftCanLoad } from '../helpers/nft-here.js';

/**
 * nft reads SegPlan's nftables output once: it loads the file in a network namespace of its own
 * (what `nft -c` checks, and more) and lists what it loaded, and the proof reads that listing. It
 * used to load the file a second time for the proof, beside `nft -c`. Every run of nft is counted
 * by a wrapper on PATH that logs its arguments and runs the real nft.
 */

const PLAN = `plan "Two zones"
zone mgmt 10.10.0.0/24
zone backup 10.30.0.0/24
vbr : veeam.BackupServer in mgmt at 10.10.0.10 os windows
repo1 : veeam.HardenedRepository in backup at 10.30.0.31
repo2 : veeam.HardenedRepository in backup at 10.30.0.32
allow vbr -> repo1, repo2 tcp 6162, 2500-3300
allow vbr -> repo1 tcp 22 until 2026-09-01
`;

const NOW = new Date('2026-06-01T12:00:00Z');

describe('verify: nft reads SegPlan\'s nftables output once, and the proof reads what it loaded', function () {
    this.timeout(300_000);
    let plan: LoadedPlan;
    let dir: string;
    let log: string;
    let path0: string | undefined;

    before(async function () {
        if (!nftCanLoad()) this.skip();
        plan = await loadPlanText('two-zones.segplan', PLAN);
        dir = mkdtempSync(path.join(tmpdir(), 'segplan-nft-runs-'));
        log = path.join(dir, 'runs');
        const real = spawnSync('sh', ['-c', 'command -v nft']).stdout.toString().trim();
        writeFileSync(path.join(dir, 'nft'), `#!/bin/sh\necho "$*" >> '${log}'\nexec '${real}' "$@"\n`);
        chmodSync(path.join(dir, 'nft'), 0o755);
        path0 = process.env.PATH;
        process.env.PATH = `${dir}:${path0}`;
    });
    after(() => {
        if (dir === undefined) return;
        process.env.PATH = path0;
        rmSync(dir, { recursive: true, force: true });
    });

    /** The files nft loaded since the last call (`-f`), and the listings it gave. */
    const runs = (): { loads: number; listings: number } => {
        let lines: string[] = [];
        try { lines = readFileSync(log, 'utf8').split('\n').filter(Boolean); } catch { /* none yet */ }
        rmSync(log, { force: true });
        return { loads: lines.filter(l => /(^| )-f( |$)/.test(l)).length, listings: lines.filter(l => / list ruleset$/.test(l)).length };
    };

    for (const target of ['nftables', 'nftables-host']) {
        it(`${target}: verified equal at every instant, nft loading the file once`, async () => {
            runs();
            const v = await verifyGenerated(plan.analysis, plan.ruleSet, target, plan.emit(target), { now: NOW });
            assert.equal(overallVerdict(v), 'equal', JSON.stringify(v));
            assert.ok(v.kind === 'verified' && v.results.every(r => r.loading?.length === 1 && r.loading[0].outcome === 'loads' && r.loading[0].tool === 'nft'), JSON.stringify(v));
            // A temporary rule: the proof reads the file at several instants, and for each host of a host target.
            assert.ok(v.kind === 'verified' && v.results.some(r => r.instants.length > 1), 'proven at several instants');
            assert.deepEqual(runs(), { loads: 1, listings: 1 });
        });
    }

    it('a file nft refuses is never called verified: the refusal names nft and the line, and the file is not read again', async () => {
        const text = plan.emit('nftables');
        const lines = text.split('\n');
        const at = lines.findIndex(l => /\baccept\b/.test(l) && /tcp dport/.test(l));
        assert.ok(at > 0, 'an accept rule is written');
        lines[at] = lines[at].replace(/\baccept\b/, 'acept');
        runs();
        const v = await verifyGenerated(plan.analysis, plan.ruleSet, 'nftables', lines.join('\n'), { now: NOW });
        assert.equal(overallVerdict(v), 'different');
        const loading = v.kind === 'verified' ? v.results.flatMap(r => r.loading ?? []) : [];
        assert.equal(loading.length, 1, JSON.stringify(v));
        assert.equal(loading[0].outcome, 'refused');
        assert.equal(loading[0].line, at + 1);
        assert.match(loading[0].detail ?? '', new RegExp(`line ${at + 1}: nft refuses the file: .*acept`));
        assert.deepEqual(runs(), { loads: 1, listings: 0 });
    });
});
