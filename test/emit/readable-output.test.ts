import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { loadPlanText } from './plan-fixture.js';
import { parseCsv } from './parsers.js';

/** What a firewall team reads in the output: each purpose once, `ADMIN$` as written, ranges as ranges. */

const PLAN = `plan "Readable"
zone mgmt 10.10.0.0/24
zone backup 10.30.0.0/24
zone prod 10.20.0.0/16
vbr : veeam.BackupServer in mgmt at 10.10.0.10 os windows
admins : infra.AdminWorkstation in mgmt at 10.10.0.100-10.10.0.120
proxy : veeam.Proxy in backup at 10.30.0.21 os windows on vsphere
vcenter : vmware.VCenter in prod at 10.20.0.5
allow vbr -> vcenter tcp 443 "vSphere Web Services SDK (HTTPS)"
allow vbr -> proxy tcp/udp 135, 137-139, 445 "RPC, NetBIOS, SMB (ADMIN$ share for component deployment)"
allow admins -> vbr tcp 443 "Web UI for the admins"
`;

describe('readable output', function () {
    this.timeout(300000);

    it('says a purpose once when the plan\'s description repeats it (as a quick fix writes it), and keeps a description that adds something', async () => {
        const plan = await loadPlanText('readable.segplan', PLAN);
        const text = plan.emit('iptables', true);
        assert.match(text, /^# Purpose: vSphere Web Services SDK \(HTTPS\)$/m);
        assert.doesNotMatch(text, /^# Plan: vSphere Web Services SDK/m);
        assert.match(text, /^# Plan: Web UI for the admins$/m);
        const csv = parseCsv(plan.emit('csv', true));
        const purpose = csv[0].indexOf('Purpose');
        const row = csv.find(r => r.includes('vcenter'))!;
        assert.equal(row[purpose], 'vSphere Web Services SDK (HTTPS)');
    });

    it('keeps ADMIN$ where the target can take a $, never where it could start a variable', async () => {
        const plan = await loadPlanText('readable.segplan', PLAN);
        // nft reads a quoted comment as it is (`nft -c` and a kernel keep `ADMIN$ share`).
        for (const target of ['csv', 'markdown', 'iptables', 'cisco-asa', 'panos', 'nftables']) assert.match(plan.emit(target, true), /ADMIN\$ share/, target);
        // PowerShell and Terraform read `$` in their strings: there it never survives.
        for (const target of ['windows-firewall', 'aws-terraform', 'azure-terraform']) assert.doesNotMatch(plan.emit(target, true), /ADMIN\$/, target);
        const hostile = await loadPlanText('hostile.segplan', PLAN.replace('"Web UI for the admins"', '"$(reboot) ${x} $HOME"'));
        for (const target of ['csv', 'iptables', 'panos', 'nftables']) assert.doesNotMatch(hostile.emit(target, true), /\$[({A-Za-z]/, target);
        const folder = mkdtempSync(path.join(tmpdir(), 'segplan-readable-'));
        try {
            for (const target of ['nftables', 'nftables-host']) {
                const file = path.join(folder, target);
                writeFileSync(file, plan.emit(target, true));
                execFileSync('nft', ['-c', '-f', file], { stdio: 'pipe' });
            }
        } finally {
            rmSync(folder, { recursive: true, force: true });
        }
    });

    it('keeps purposes apart where the target cannot write a `;` (ASA remarks and comments)', async () => {
        const plan = await loadPlanText('readable.segplan', PLAN.replace('"Web UI for the admins"', '"Web UI for the admins; REST API for the scripts"'));
        const asa = plan.emit('cisco-asa', true);
        assert.match(asa, /Web UI for the admins, REST API for the scripts/);
        assert.doesNotMatch(asa, /admins REST/);
    });

    it('writes an address range as a range in the change-request tables, a block as a CIDR', async () => {
        const plan = await loadPlanText('readable.segplan', PLAN);
        const csv = parseCsv(plan.emit('csv', true));
        const sources = csv[0].indexOf('Source addresses');
        assert.equal(csv.find(r => r.includes('admins'))![sources], '10.10.0.100-10.10.0.120');
        assert.match(plan.emit('markdown', true), /10\.10\.0\.100-10\.10\.0\.120/);
    });
});
