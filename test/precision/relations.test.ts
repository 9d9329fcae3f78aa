import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import type { SegplanServices } from '../../language/segplan-module.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { analyse, headOfficeAndBranchPlan } from '../helpers/relation-plans.js';
import { buildPlan, createTestServices } from '../helpers/services.js';

/**
 * Relations: who works with whom. Each port below is the seed's: 004 §2 rows 1-4, §4, §6 rows 1-2
 * (the managing backup server), §8 rows 1 and 3 (Veeam ONE 9419, its agent 2805), §10 rows 2-3
 * (Enterprise Manager 9392, its database); 001 scenario 2 and legend items 5, 13, 14 (Acronis
 * agents 7780 and 9877 to the management server, 9876 and 9852 to a storage node, 22 to SFTP).
 */

const CENTRAL = `plan "Central VBR, branch infrastructure"
zone mgmt  10.10.0.0/24
zone br    10.20.0.0/24
zone brvs  10.21.0.0/24
site hq zones mgmt
site branch zones br, brvs
vbr    : veeam.BackupServer in mgmt at 10.10.0.10 os windows
proxy1 : veeam.Proxy        in br   at 10.20.0.11 os windows on vsphere
repo1  : veeam.Repository   in br   at 10.20.0.12 os windows
vc1    : vmware.VCenter     in brvs at 10.21.0.5
esx1   : vmware.EsxiHost    in brvs at 10.21.0.6
`;

describe('relations: a central server keeps its flows to other sites', function () {
    this.timeout(300000);
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('a central VBR manages the proxy, repository, vCenter and ESXi host of a branch', async () => {
        const { required, findings } = await analyse(services, CENTRAL);
        for (const flow of [
            'vbr -> proxy1 tcp/udp 135, 137-139, 445', 'vbr -> proxy1 tcp 6160', 'vbr -> proxy1 tcp 6162', 'vbr -> proxy1 tcp 2500-3300',
            'vbr -> repo1 tcp/udp 135, 137-139, 445', 'vbr -> repo1 tcp 6160', 'vbr -> repo1 tcp 6162', 'vbr -> repo1 tcp 2500-3300',
            'vbr -> vc1 tcp 443', 'vbr -> esx1 tcp 443'
        ]) assert.ok(required.includes(flow), `${flow} not in\n${required.join('\n')}`);
        assert.deepEqual(findings, []);
    });

    it('Veeam ONE and Enterprise Manager watch a second data centre\'s VBR; its Veeam ONE agent reports home', async () => {
        const { required } = await analyse(services, `plan "two data centres"
zone mgmt 10.10.0.0/24
zone dc2m 10.60.0.0/24
site hq zones mgmt
site dc2 zones dc2m
vbr1 : veeam.BackupServer      in mgmt at 10.10.0.10 os windows
vone : veeam.VeeamOneServer    in mgmt at 10.10.0.20 os windows
em   : veeam.EnterpriseManager in mgmt at 10.10.0.30 os windows
vbr2 : veeam.BackupServer      in dc2m at 10.60.0.10 os windows
voa2 : veeam.VeeamOneAgent     in dc2m at 10.60.0.11 os windows
`);
        for (const flow of ['vone -> vbr1 tcp 9419', 'vone -> vbr2 tcp 9419', 'em -> vbr1 tcp 9392', 'em -> vbr2 tcp 9392', 'voa2 -> vone tcp 2805']) {
            assert.ok(required.includes(flow), `${flow} not in\n${required.join('\n')}`);
        }
        // Two backup servers, each its own: neither manages the other.
        assert.ok(!required.some(f => /^vbr1 -> vbr2|^vbr2 -> vbr1/.test(f)), required.join('\n'));
    });

    it('Acronis agents in a branch reach the central management server, storage node and SFTP location', async () => {
        const { required } = await analyse(services, `plan "acronis"
zone mgmt    10.10.0.0/24
zone store   10.30.0.0/24
zone br      10.20.0.0/24
zone offsite 192.0.2.0/28
site hq zones mgmt, store
site branch zones br
site dr zones offsite
ams  : acronis.ManagementServer in mgmt    at 10.10.0.5 os windows
sn   : acronis.StorageNode      in store   at 10.30.0.5 os windows
sftp : acronis.SftpArchive      in offsite at 192.0.2.5
pc   : acronis.Agent            in br      at 10.20.0.10-10.20.0.20 os windows
`);
        for (const flow of ['pc -> ams tcp 7780', 'pc -> ams tcp 9877', 'pc -> sn tcp 9876, 9852', 'pc -> sftp tcp 22']) {
            assert.ok(required.includes(flow), `${flow} not in\n${required.join('\n')}`);
        }
    });
});

describe('relations: consoles and browsers reach the servers they administer, in any site', function () {
    this.timeout(120000);
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    // Seed 004 §2 rows 6-7 ("Console/Browser → VBR Server" 443, 9419), §8 row 4 (browser → Veeam ONE
    // 1239), §10 rows 1 and 4 (browser → EM 9443, REST client → EM 9398); seed 001 legend items 3, 4
    // and 7 (web console 9877, command line 9851 to the management server and 9850 to an agent).
    const REMOTE = `plan "admins at the head office, servers in the branch"
zone adm 10.10.0.0/24
zone br  10.20.0.0/24
zone dc2 10.30.0.0/24
site hq zones adm
site branch zones br
site second zones dc2
con  : veeam.Console             in adm at 10.10.0.50 os windows
brw  : infra.AdminWorkstation    in adm at 10.10.0.51
api  : infra.ApiClient           in adm at 10.10.0.52
cli  : acronis.CommandLine       in adm at 10.10.0.53 os windows
vbr  : veeam.BackupServer        in br  at 10.20.0.10 os windows
vone : veeam.VeeamOneServer      in br  at 10.20.0.20 os windows
em   : veeam.EnterpriseManager   in br  at 10.20.0.30 os windows
ams  : acronis.ManagementServer  in dc2 at 10.30.0.5 os windows
pc   : acronis.Agent             in dc2 at 10.30.0.10 os windows
`;

    it('a console and a browser at the head office reach a branch\'s VBR, Veeam ONE and EM; the command line the management server and agents', async () => {
        const { required, findings } = await analyse(services, REMOTE);
        for (const flow of [
            'con -> vbr tcp 443', 'con -> vbr tcp 9419', 'brw -> vbr tcp 443', 'brw -> vbr tcp 9419',
            'brw -> vone tcp 1239', 'brw -> em tcp 9443', 'api -> em tcp 9398', 'brw -> ams tcp 9877',
            'cli -> ams tcp 9851', 'cli -> pc tcp 9850'
        ]) assert.ok(required.includes(flow), `${flow} not in\n${required.join('\n')}`);
        // The command line gets 9851 only from the management server (seed 001 item 4), never the console port.
        assert.ok(!required.includes('cli -> ams tcp 9877'), required.join('\n'));
        assert.deepEqual(findings, []);
    });

    it('`administers` narrows a console to the servers it names, whatever the sites', async () => {
        const { required, findings } = await analyse(services, REMOTE.replace('con  : veeam.Console             in adm at 10.10.0.50 os windows', 'con  : veeam.Console in adm at 10.10.0.50 os windows administers em')
            .replace('vbr  : veeam.BackupServer        in br  at 10.20.0.10 os windows', 'vbr  : veeam.BackupServer in br at 10.20.0.10 os windows\nvbr2 : veeam.BackupServer in adm at 10.10.0.10 os windows'));
        assert.deepEqual(findings, []);
        const fromConsole = required.filter(f => f.startsWith('con -> ')).sort();
        assert.deepEqual(fromConsole, ['con -> em tcp 9443']);
        // The browser names nothing: every backup server, its own site's and the branch's.
        for (const flow of ['brw -> vbr tcp 443', 'brw -> vbr2 tcp 443']) assert.ok(required.includes(flow), `${flow} not in\n${required.join('\n')}`);
    });

    it('no admin in a tenant site reaches the provider across a pair', async () => {
        const { required } = await analyse(services, `plan "tenant"
zone sp 10.10.0.0/24
zone t  internet
site provider zones sp
site a zones t
pair a -> provider
vbr : veeam.BackupServer     in sp at 10.10.0.10 os windows
adm : infra.AdminWorkstation in t  at 198.51.100.7
`);
        assert.ok(!required.some(f => f.startsWith('adm -> ')), required.join('\n'));
    });
});

describe('relations: declared, inferred, undecided', function () {
    this.timeout(300000);
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    const TWO_SERVERS = headOfficeAndBranchPlan('two backup servers',
        'vbr1 : veeam.BackupServer in mgmt at 10.10.0.10 os windows',
        'vbr2 : veeam.BackupServer in mgmt at 10.10.0.11 os windows');

    it('two candidate servers and none named: one finding naming both, and the flows of both stay required', async () => {
        const { required, findings } = await analyse(services, `${TWO_SERVERS}proxy1 : veeam.Proxy in br at 10.20.0.11 os linux\n`);
        assert.equal(findings.length, 1, findings.join('\n'));
        assert.match(findings[0], /^relation-undecided: proxy1 could be managed by vbr1 or vbr2/);
        assert.ok(required.includes('vbr1 -> proxy1 tcp 6162') && required.includes('vbr2 -> proxy1 tcp 6162'), required.join('\n'));
    });

    it('the quick fix per candidate writes the relation, before the description, and the finding goes', async () => {
        const { applyEdits } = await import('../lsp/lsp-test-kit.js');
        const text = `${TWO_SERVERS}proxy1 : veeam.Proxy in br at 10.20.0.11 os linux "branch proxy"\n`;
        const document = await buildPlan(services, text);
        const warning = (document.diagnostics ?? []).find(d => d.code === 'relation-undecided');
        assert.ok(warning && warning.severity === 2, JSON.stringify(document.diagnostics));
        const actions = await services.lsp.CodeActionProvider!.getCodeActions(document, { textDocument: { uri: document.uri.toString() }, range: warning.range, context: { diagnostics: [warning] } }) as import('vscode-languageserver').CodeAction[];
        assert.deepEqual(actions.map(a => a.title).filter(t => t.startsWith('Say')), ["Say 'managed by vbr1'", "Say 'managed by vbr2'"]);
        const fixed = applyEdits(text, actions.find(a => a.title === "Say 'managed by vbr2'")!.edit!.changes![document.uri.toString()]);
        assert.match(fixed, /^proxy1 : veeam\.Proxy in br at 10\.20\.0\.11 os linux managed by vbr2 "branch proxy"$/m);
        const { findings, required } = await analyse(services, fixed);
        assert.deepEqual(findings, []);
        assert.ok(!required.some(f => f.startsWith('vbr1 -> proxy1')), required.join('\n'));
    });

    it('`managed by` binds exactly the named pair', async () => {
        const { required, findings } = await analyse(services, `${TWO_SERVERS}proxy1 : veeam.Proxy in br at 10.20.0.11 os linux managed by vbr2\n`);
        assert.deepEqual(findings, []);
        assert.ok(required.includes('vbr2 -> proxy1 tcp 6162'), required.join('\n'));
        assert.ok(!required.some(f => f.startsWith('vbr1 -> proxy1')), required.join('\n'));
    });

    it('a proxy with no backup server in the plan is a finding', async () => {
        const { findings } = await analyse(services, `plan "p"\nzone br 10.20.0.0/24\nproxy1 : veeam.Proxy in br at 10.20.0.11 os linux\n`);
        assert.equal(findings.length, 1, findings.join('\n'));
        assert.match(findings[0], /^relation-missing: proxy1 has no Veeam Backup & Replication server/);
    });

    it('naming a component the relation cannot bind is an error at the name', async () => {
        const services2 = services;
        const document = await buildPlan(services2, `${TWO_SERVERS}repo1 : veeam.Repository in br at 10.20.0.12 os windows\nproxy1 : veeam.Proxy in br at 10.20.0.11 os linux managed by repo1\n`);
        const errors = (document.diagnostics ?? []).filter(d => d.code === 'relation-not-possible');
        assert.equal(errors.length, 1, JSON.stringify(document.diagnostics));
        assert.equal(errors[0].severity, 1);
        assert.equal(errors[0].range.start.line, 8);
        assert.equal(errors[0].range.start.character, 'proxy1 : veeam.Proxy in br at 10.20.0.11 os linux managed by '.length);
        assert.match(String(errors[0].message), /proxy1 cannot be `managed by repo1`/);
    });

    it('each configuration database is its own server\'s; an unrelated SQL Server gets nothing', async () => {
        const { required, findings } = await analyse(services, `plan "databases"
zone mgmt 10.10.0.0/24
zone db   10.40.0.0/24
vbr   : veeam.BackupServer      in mgmt at 10.10.0.10 os windows database pg1
em    : veeam.EnterpriseManager in mgmt at 10.10.0.30 os windows database emsql
pg1   : infra.PostgreSql        in db   at 10.40.0.5
emsql : microsoft.SqlServer     in db   at 10.40.0.6
other : microsoft.SqlServer     in db   at 10.40.0.7
`);
        assert.deepEqual(findings, []);
        const toDatabases = required.filter(f => / -> (pg1|emsql|other) /.test(f));
        assert.deepEqual(toDatabases.sort(), ['em -> emsql tcp 1433', 'vbr -> pg1 tcp 5432']);
    });

    // Seed 004 §2 row 8: "VBR Server | PostgreSQL | 5432 | TCP | Configuration database (if external PostgreSQL)".
    const DATABASE_IN_HQ = headOfficeAndBranchPlan('a PostgreSQL at the head office, a second server in the branch',
        'vbr1 : veeam.BackupServer in mgmt at 10.10.0.10 os windows',
        'pg1  : infra.PostgreSql   in mgmt at 10.10.0.5',
        'vbr2 : veeam.BackupServer in br   at 10.20.0.10 os windows');

    it('a database in another site is no server\'s by inference: a finding says what to decide, no flow is required', async () => {
        const { required, findings } = await analyse(services, DATABASE_IN_HQ);
        // The candidate in the server's own site is taken, as before.
        assert.ok(required.includes('vbr1 -> pg1 tcp 5432'), required.join('\n'));
        assert.ok(!required.some(f => f.startsWith('vbr2 -> pg1')), required.join('\n'));
        assert.equal(findings.length, 1, findings.join('\n'));
        assert.match(findings[0], /^relation-undecided: vbr2 may keep its configuration database on itself or use pg1 \(site hq\).*`database pg1` or `local database`/);
    });

    it('`database pg1` across sites is required; `local database` says the server keeps its own', async () => {
        const named = await analyse(services, DATABASE_IN_HQ.replace('in br   at 10.20.0.10 os windows', 'in br   at 10.20.0.10 os windows database pg1'));
        assert.deepEqual(named.findings, []);
        assert.ok(named.required.includes('vbr2 -> pg1 tcp 5432'), named.required.join('\n'));
        const local = await analyse(services, DATABASE_IN_HQ.replace('in br   at 10.20.0.10 os windows', 'in br   at 10.20.0.10 os windows local database'));
        assert.deepEqual(local.findings, []);
        assert.ok(!local.required.some(f => / -> pg1 /.test(f) && !f.startsWith('vbr1')), local.required.join('\n'));
        // In its own site too: the server said so.
        const ownLocal = await analyse(services, DATABASE_IN_HQ.replace('in mgmt at 10.10.0.10 os windows', 'in mgmt at 10.10.0.10 os windows local database'));
        assert.ok(!ownLocal.required.some(f => f.startsWith('vbr1 -> pg1')), ownLocal.required.join('\n'));
    });

    it('`local database` on a component without a database, or beside `database …`, is an error', async () => {
        const document = await buildPlan(services, `${DATABASE_IN_HQ}px : veeam.Proxy in br at 10.20.0.11 os linux local database\n`
            .replace('in br   at 10.20.0.10 os windows', 'in br   at 10.20.0.10 os windows local database database pg1'));
        const errors = (document.diagnostics ?? []).filter(d => d.code === 'relation-not-possible').map(d => [d.range.start.line, String(d.message)]);
        assert.deepEqual(errors, [
            [7, 'vbr2 cannot keep its configuration database on itself and have `database pg1`: keep one.'],
            [8, 'px has no configuration database to keep on itself: no catalog flow follows `database` from veeam.Proxy.']
        ]);
    });

    it('the quick fixes of a database in another site write `database pg1` or `local database`', async () => {
        const { applyEdits } = await import('../lsp/lsp-test-kit.js');
        const document = await buildPlan(services, DATABASE_IN_HQ);
        const warning = (document.diagnostics ?? []).find(d => d.code === 'relation-undecided');
        assert.ok(warning && warning.range.start.line === 7, JSON.stringify(document.diagnostics));
        const actions = await services.lsp.CodeActionProvider!.getCodeActions(document, { textDocument: { uri: document.uri.toString() }, range: warning.range, context: { diagnostics: [warning] } }) as import('vscode-languageserver').CodeAction[];
        assert.deepEqual(actions.map(a => a.title).filter(t => t.startsWith('Say')), ["Say 'database pg1'", "Say 'local database'"]);
        for (const [title, line] of [["Say 'database pg1'", 'database pg1'], ["Say 'local database'", 'local database']]) {
            const fixed = applyEdits(DATABASE_IN_HQ, actions.find(a => a.title === title)!.edit!.changes![document.uri.toString()]);
            assert.match(fixed, new RegExp(`^vbr2 : veeam\\.BackupServer in br   at 10\\.20\\.0\\.10 os windows ${line}$`, 'm'));
            assert.deepEqual((await analyse(services, fixed)).findings, [], title);
        }
    });

    it('the command line reads relations with its own parser, as the editor does', () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'segplan-relations-'));
        try {
            const file = path.join(dir, 'plan.segplan');
            writeFileSync(file, `${TWO_SERVERS}proxy1 : veeam.Proxy in br at 10.20.0.11 os linux managed by vbr2\n`);
            const run = spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), 'flows', '--json', file], { encoding: 'utf8' });
            assert.equal(run.status, 0, run.stderr);
            const flows = JSON.parse(run.stdout).flows as { source: { instance: string }; destination: { instance: string }; relation?: { name: string; how: string } }[];
            const managing = flows.filter(f => f.destination.instance === 'proxy1');
            assert.ok(managing.length > 0 && managing.every(f => f.source.instance === 'vbr2'), JSON.stringify(managing));
            assert.deepEqual(managing[0].relation, { name: 'manages', how: 'declared' });
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});

describe('relations: Hyper-V hosts are read as ESXi hosts are', function () {
    this.timeout(300000);
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    // Seed 004 §3 row 7: "Proxy (Hyper-V) | Hyper-V Host | 445 | TCP | SMB for data access", no site named.
    const HOST_ALONE = headOfficeAndBranchPlan('a Hyper-V host alone in a branch',
        'vbr  : veeam.BackupServer   in mgmt at 10.10.0.10 os windows',
        'px   : veeam.Proxy          in mgmt at 10.10.0.11 os windows on hyperv',
        'hv1  : microsoft.HyperVHost in br   at 10.20.0.5',
        'esx1 : vmware.EsxiHost      in br   at 10.20.0.6',
        'pxv  : veeam.Proxy          in mgmt at 10.10.0.12 os windows on vsphere');

    it('a host in a site without a proxy is read by the proxies of the server that manages it, as an ESXi host is', async () => {
        const { required, findings } = await analyse(services, HOST_ALONE);
        assert.deepEqual(findings, []);
        for (const flow of ['px -> hv1 tcp 445', 'pxv -> esx1 tcp 443', 'pxv -> esx1 tcp 902']) assert.ok(required.includes(flow), `${flow} not in\n${required.join('\n')}`);
        assert.ok(!required.some(f => f.startsWith('pxv -> hv1') || f.startsWith('px -> esx1')), required.join('\n'));
    });

    it('`managed by` is accepted on a Hyper-V host, and narrows it to that server\'s proxies', async () => {
        const text = `${HOST_ALONE}vbr2 : veeam.BackupServer in mgmt at 10.10.0.20 os windows\npx2  : veeam.Proxy in mgmt at 10.10.0.21 os windows on hyperv managed by vbr2\n`
            .replace('os windows on hyperv\n', 'os windows on hyperv managed by vbr\n')
            .replace('in br   at 10.20.0.5', 'in br   at 10.20.0.5 managed by vbr2');
        const document = await buildPlan(services, text);
        assert.deepEqual((document.diagnostics ?? []).filter(d => String(d.code).startsWith('relation-')).map(d => String(d.message)).filter(m => /hv1/.test(m)), []);
        const { required } = await analyse(services, text);
        assert.ok(required.includes('px2 -> hv1 tcp 445'), required.join('\n'));
        assert.ok(!required.includes('px -> hv1 tcp 445'), required.join('\n'));
        // No flow of the backup server's own runs to the host: the seed has none.
        assert.ok(!required.some(f => /^vbr2? -> hv1 /.test(f)), required.join('\n'));
    });
});

describe('an unknown component type with a vendor prefix', function () {
    this.timeout(300000);
    it('is offered only that vendor\'s types, and none that merely contain its name', async () => {
        const services = await createTestServices();
        const document = await buildPlan(services, 'plan "p"\nzone a 10.1.0.0/24\ngw : veeam.GatewayServer in a at 10.1.0.5\nfp : veeam.FileProxy in a at 10.1.0.6\n');
        const messages = (document.diagnostics ?? []).filter(d => d.code === 'unknown-component-type').map(d => String(d.message));
        assert.equal(messages.length, 2);
        assert.ok(messages.every(m => !/cyberprotect|acronis/.test(m)), messages.join('\n'));
        assert.ok(!/'veeam\.Proxy'/.test(messages[1]), messages[1]);
    });
});
