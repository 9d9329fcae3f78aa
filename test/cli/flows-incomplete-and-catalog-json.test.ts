import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

const cli = (...args: string[]) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), ...args], { encoding: 'utf8' });

describe('segplan flows on a plan with a name used twice; segplan catalog --json', function () {
    this.timeout(300000);

    it('a component named like a zone is left out: flows says so on stderr, offers a rename, and exits 1', () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'segplan-dup-'));
        try {
            const file = path.join(dir, 'plan.segplan');
            writeFileSync(file, 'plan "dup"\nzone mgmt 10.1.0.0/24\nzone esx 10.2.0.0/24\nvbr : veeam.BackupServer in mgmt at 10.1.0.10 os windows\nesx : vmware.EsxiHost in esx at 10.2.0.5\n');
            const run = cli('flows', file);
            assert.equal(run.status, 1, run.stdout);
            assert.match(run.stderr, /list of flows is incomplete/);
            assert.match(run.stderr, /:5:1 error duplicate-name The name 'esx' is already used by a zone earlier in this file, so this component is left out\. .*rename one of them \(for example to 'esx2'\)/);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it('a relation SegPlan cannot follow is left out: flows says so on stderr and exits 1', () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'segplan-rel-'));
        try {
            const file = path.join(dir, 'plan.segplan');
            writeFileSync(file, 'plan "rel"\nzone a 10.1.0.0/24\nvbr : veeam.BackupServer in a at 10.1.0.10 os windows\nrepo : veeam.Repository in a at 10.1.0.11 os windows\npx : veeam.Proxy in a at 10.1.0.12 os linux managed by repo\n');
            const run = cli('flows', file);
            assert.equal(run.status, 1, run.stdout);
            assert.match(run.stderr, /list of flows is incomplete/);
            assert.match(run.stderr, /:5:\d+ error relation-not-possible px cannot be `managed by repo`/);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it('catalog --json lists the ports a vendor says are not required (Zerto\'s UDP 444xx) and the relation each flow follows', () => {
        const run = cli('catalog', '--json');
        assert.equal(run.status, 0, run.stderr);
        const json = JSON.parse(run.stdout) as { vendors: { id: string; notRequired: { protocol: string; ports: string }[]; flows: { follows: string | null; purpose: string }[] }[] };
        const zerto = json.vendors.find(v => v.id === 'zerto')!;
        assert.ok(zerto.notRequired.some(n => n.protocol === 'udp' && /444/.test(n.ports)), JSON.stringify(zerto.notRequired));
        const veeam = json.vendors.find(v => v.id === 'veeam')!;
        assert.equal(veeam.flows.find(f => f.purpose === 'VBR server communication')?.follows, 'monitors');
    });

    it('catalog for a reader lists the not-required ports too, under their vendor', () => {
        const run = cli('catalog');
        assert.equal(run.status, 0, run.stderr);
        const zerto = run.stdout.slice(run.stdout.indexOf('(zerto)'));
        assert.match(zerto.slice(0, zerto.indexOf('\n\n')), /^ {2}not required: udp 44400-44499 on vsphere, hyperv {2}DHCP, not required: can be blocked \(Security and Hardening With Zerto/m);
    });
});
