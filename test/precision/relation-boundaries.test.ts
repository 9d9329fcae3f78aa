import * as assert from 'node:assert/strict';
import type { SegplanServices } from '../../language/segplan-module.js';
import { analyse } from '../helpers/relation-plans.js';
import { buildPlan, createTestServices } from '../helpers/services.js';

/**
 * Where relations stop: a Cloud Connect tenant works with no other tenant (seed 004 §9: "All
 * tenant traffic flows through this single port", the gateway's 6180), while a pair that only
 * another vendor's flows cross (Zerto replicating hq to dr, seed 000) keeps no backup server from
 * its repository in the other site (004 §2 rows 1-4, §4 rows 1 and 4), and an off-site SFTP
 * server on the internet is still an agent's destination (seed 001 scenario 4: "outbound port 22
 * to the off-site SFTP server").
 */

const TWO_TENANTS = `plan "two tenants of one provider"
zone sp   10.10.0.0/24
zone edge 10.40.0.0/24
zone ta   internet
zone tb   internet
site provider zones sp, edge
site a zones ta
site b zones tb
pair a -> provider
pair b -> provider
ccvbr    : veeam.BackupServer in sp   at 10.10.0.10 os windows
ccgw     : veeam.CloudGateway in edge at 10.40.0.10 os windows
vbr-a    : veeam.BackupServer in ta   at 198.51.100.10
agents-b : veeam.Agent        in tb   at 203.0.113.20-203.0.113.25 os windows
`;

const ZERTO_PAIR = `plan "Zerto between two data centres, Veeam keeps a copy in the second"
zone hqm 10.10.0.0/24
zone hqv 10.11.0.0/24
zone drm 10.20.0.0/24
zone drv 10.21.0.0/24
site hq zones hqm, hqv
site dr zones drm, drv
pair hq <-> dr
zvm-hq : zerto.Zvm in hqm at 10.10.0.10 on vsphere
vra-hq : zerto.Vra in hqv at 10.11.0.20 on vsphere
zvm-dr : zerto.Zvm in drm at 10.20.0.10 on vsphere
vra-dr : zerto.Vra in drv at 10.21.0.20 on vsphere
vbr    : veeam.BackupServer in hqm at 10.10.0.30 os windows
`;

describe('relations: tenants, pairs and the internet', function () {
    this.timeout(300000);
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('one tenant\'s backup server never manages another tenant\'s agents', async () => {
        const { required, findings } = await analyse(services, TWO_TENANTS);
        assert.ok(!required.some(f => /^(vbr-a -> agents-b|agents-b -> vbr-a) /.test(f)), required.join('\n'));
        // Each tenant still reaches the provider's gateway, and only it.
        for (const flow of ['vbr-a -> ccgw tcp 6180', 'agents-b -> ccgw tcp 6180']) assert.ok(required.includes(flow), required.join('\n'));
        // The tenant's agents have no backup server of their own: said, naming why the others are not.
        assert.equal(findings.length, 1, findings.join('\n'));
        assert.match(findings[0], /^relation-missing: agents-b has no Veeam Backup & Replication server that SegPlan may take to manage it.*vbr-a.*`pair b -> provider`/);
    });

    it('naming another tenant\'s backup server is an error that says why', async () => {
        const document = await buildPlan(services, TWO_TENANTS.replace('203.0.113.25 os windows', '203.0.113.25 os windows managed by vbr-a'));
        const errors = (document.diagnostics ?? []).filter(d => d.code === 'relation-not-possible').map(d => String(d.message));
        assert.deepEqual(errors, ['agents-b cannot be `managed by vbr-a`: site b and site a are separate installations (`pair b -> provider`) that meet only through the pair\'s own flows.']);
    });

    it('across a pair only Zerto\'s flows cross, a backup server manages its own repository in the other site', async () => {
        for (const relation of ['', ' managed by vbr']) {
            const { required, findings } = await analyse(services, `${ZERTO_PAIR}drrepo : veeam.HardenedRepository in drv at 10.21.0.41${relation}\n`);
            assert.deepEqual(findings, [], relation);
            for (const flow of ['vbr -> drrepo tcp 6162', 'vbr -> drrepo tcp 2500-3300', 'vbr -> drrepo tcp 22']) assert.ok(required.includes(flow), `${relation}: ${flow} not in\n${required.join('\n')}`);
        }
    });

    it('across such a pair, the other product\'s side (the recovery vCenter) is the backup server\'s only when the plan says so', async () => {
        const unnamed = await analyse(services, `${ZERTO_PAIR}vc-dr : vmware.VCenter in drm at 10.20.0.5\n`);
        assert.ok(!unnamed.required.some(f => f.startsWith('vbr -> vc-dr')), unnamed.required.join('\n'));
        assert.deepEqual(unnamed.findings, []);
        const named = await analyse(services, `${ZERTO_PAIR}vc-dr : vmware.VCenter in drm at 10.20.0.5 managed by vbr\n`);
        assert.ok(named.required.includes('vbr -> vc-dr tcp 443'), named.required.join('\n'));
        assert.deepEqual(named.findings, []);
    });

    it('an off-site SFTP server on the internet is an agent\'s destination, named or not', async () => {
        const plan = (relation: string) => `plan "Off-site SFTP on the internet"
zone mgmt 10.10.0.0/24
zone phi  172.16.30.0/24
zone net  internet
ams   : acronis.ManagementServer in mgmt at 10.10.0.20 os windows
ehr   : acronis.Agent            in phi  at 172.16.30.11 os windows${relation}
vault : acronis.SftpArchive      in net  at sftp.example.net
`;
        for (const relation of ['', ' writes to vault']) {
            const { required, findings } = await analyse(services, plan(relation));
            assert.deepEqual(findings, [], relation);
            assert.ok(required.includes('ehr -> vault tcp 22'), `${relation}: ${required.join('\n')}`);
        }
    });

    it('the Cloud Connect gateway writes to the cloud repositories of its server, not the provider\'s own backups', async () => {
        const { required, findings } = await analyse(services, `plan "provider with its own backups"
zone mgmt  10.10.0.0/24
zone cloud 10.30.0.0/24
zone edge  10.40.0.0/24
zone corp  10.50.0.0/24
cc-vbr    : veeam.BackupServer in mgmt  at 10.10.0.10 os windows
ccrepo    : veeam.Repository   in cloud at 10.30.0.31 os linux managed by cc-vbr
ccgw      : veeam.CloudGateway in edge  at 10.40.0.10 os windows managed by cc-vbr
corp-vbr  : veeam.BackupServer in mgmt  at 10.10.0.20 os windows
corp-repo : veeam.HardenedRepository in corp at 10.50.0.12 managed by corp-vbr
`);
        assert.deepEqual(findings, []);
        assert.ok(required.includes('ccgw -> ccrepo tcp 2500-3300'), required.join('\n'));
        assert.ok(!required.some(f => f.startsWith('ccgw -> corp-repo')), required.join('\n'));
    });

    it('a proxy or an agent writes to its own backup server\'s repositories; with none, a finding says so', async () => {
        const { required, findings } = await analyse(services, `plan "two backup servers in one site"
zone mgmt 10.1.0.0/24
zone bk   10.2.0.0/24
zone pcs  10.3.0.0/24
vbra : veeam.BackupServer in mgmt at 10.1.0.10 os windows
vbrb : veeam.BackupServer in mgmt at 10.1.0.11 os windows
pxa  : veeam.Proxy        in bk   at 10.2.0.11 os windows managed by vbra
rpa  : veeam.Repository   in bk   at 10.2.0.12 os windows managed by vbra
pxb  : veeam.Proxy        in bk   at 10.2.0.21 os linux managed by vbrb
rpb  : veeam.Repository   in bk   at 10.2.0.22 os linux managed by vbrb
pc   : veeam.Agent        in pcs  at 10.3.0.10 os windows managed by vbra
vbrc : veeam.BackupServer in mgmt at 10.1.0.12 os windows
pxc  : veeam.Proxy        in bk   at 10.2.0.31 os linux managed by vbrc
`);
        const writes = required.filter(f => / -> rp[ab] tcp 2500-3300$/.test(f) && !f.startsWith('vbr')).sort();
        assert.deepEqual(writes, ['pc -> rpa tcp 2500-3300', 'pxa -> rpa tcp 2500-3300', 'pxb -> rpb tcp 2500-3300']);
        assert.deepEqual(findings, ['relation-missing: pxc has no Backup repository of vbrc, the server that manages it, to write to (rpa is vbra\'s, rpb is vbrb\'s), '
            + 'so SegPlan requires none of its flows to one. Add vbrc\'s destination, or say which it writes to (`writes to rpa`).']);
    });

    it('an Acronis agent writes to its own management server\'s storage node, not another region\'s', async () => {
        const { required } = await analyse(services, `plan "two regions"
zone eu 10.10.0.0/24
zone us 10.50.0.0/24
zone br 10.70.0.0/24
site eu zones eu
site us zones us
site branch zones br
ams-eu : cyberprotect.ManagementServer in eu at 10.10.0.10 os windows
sn-eu  : cyberprotect.StorageNode      in eu at 10.10.0.11 os windows
ams-us : cyberprotect.ManagementServer in us at 10.50.0.10 os windows
sn-us  : cyberprotect.StorageNode      in us at 10.50.0.11 os windows
pc     : cyberprotect.Agent            in br at 10.70.0.10 os windows managed by ams-eu
`);
        assert.ok(required.includes('pc -> sn-eu tcp 9876'), required.join('\n'));
        assert.ok(!required.some(f => f.startsWith('pc -> sn-us')), required.join('\n'));
    });
});

describe('relations: hosts and guests are served across sites', function () {
    this.timeout(300000);
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    // Seed 004 §3 rows 5-6 ("Proxy (VMware) → ESXi Hosts" 443, 902) and §7 ("VBR Server / Proxy →
    // VM Guest"): no row limits them to a site.
    const CENTRAL = (branch: string) => `plan "head office proxies, small branches"
zone mgmt 10.10.0.0/24
zone bk   10.11.0.0/24
zone b1   10.21.0.0/24
zone b2   10.31.0.0/24
site hq zones mgmt, bk
site branch1 zones b1
site branch2 zones b2
use veeam.GuestProcessing
vbr   : veeam.BackupServer in mgmt at 10.10.0.10 os windows
px    : veeam.Proxy        in bk   at 10.11.0.11 os windows on vsphere
b1esx : vmware.EsxiHost    in b1   at 10.21.0.10
b1vms : infra.VmGuest      in b1   at 10.21.0.100-10.21.0.120 os linux
b2esx : vmware.EsxiHost    in b2   at 10.31.0.10
${branch}`;

    it('a branch host without a proxy of its own is read by its backup server\'s site\'s proxy; one with a proxy by its own', async () => {
        const { required } = await analyse(services, CENTRAL('b2px  : veeam.Proxy        in b2   at 10.31.0.11 os windows on vsphere\n'));
        for (const flow of ['px -> b1esx tcp 443', 'px -> b1esx tcp 902', 'b2px -> b2esx tcp 443', 'b2px -> b2esx tcp 902']) {
            assert.ok(required.includes(flow), `${flow} not in\n${required.join('\n')}`);
        }
        assert.ok(!required.some(f => /^px -> b2esx|^b2px -> b1esx/.test(f)), required.join('\n'));
    });

    it('a central backup server processes the guests of a branch (SSH to Linux guests, §7 row 4)', async () => {
        const { required } = await analyse(services, CENTRAL(''));
        for (const flow of ['vbr -> b1vms tcp 22', 'vbr -> b1vms tcp 2500-3300']) assert.ok(required.includes(flow), `${flow} not in\n${required.join('\n')}`);
    });

    it('an Acronis Agent for VMware backs up a branch host that has none of its own (seed 001 legend item 15)', async () => {
        const plan = (branch: string) => `plan "Acronis appliance at the head office"
zone mgmt 10.0.0.0/24
zone br   10.50.0.0/24
site hq zones mgmt
site branch zones br
ams   : acronis.ManagementServer in mgmt at 10.0.0.5 os windows
va    : acronis.AgentForVmware   in mgmt at 10.0.0.20 os linux
bresx : vmware.EsxiHost          in br   at 10.50.0.10
${branch}`;
        const { required } = await analyse(services, plan(''));
        assert.ok(required.includes('va -> bresx tcp 443, 902'), required.join('\n'));
        const local = await analyse(services, plan('brva  : acronis.AgentForVmware   in br   at 10.50.0.20 os linux\n'));
        assert.ok(local.required.includes('brva -> bresx tcp 443, 902') && !local.required.some(f => f.startsWith('va -> bresx')), local.required.join('\n'));
    });

    it('two backup servers in one site: each proxy reads only the hosts its own server manages', async () => {
        const { required, findings } = await analyse(services, `plan "two backup servers, one data centre"
zone mgmt 10.1.0.0/24
zone bk   10.2.0.0/24
zone vs   10.4.0.0/24
vbra : veeam.BackupServer in mgmt at 10.1.0.10 os windows
vbrb : veeam.BackupServer in mgmt at 10.1.0.11 os windows
pxa  : veeam.Proxy        in bk   at 10.2.0.11 os windows on vsphere managed by vbra
pxb  : veeam.Proxy        in bk   at 10.2.0.21 os linux on vsphere managed by vbrb
esxa : vmware.EsxiHost    in vs   at 10.4.0.10 managed by vbra
esxb : vmware.EsxiHost    in vs   at 10.4.0.20 managed by vbrb
`);
        assert.deepEqual(findings, []);
        const reads = required.filter(f => /^px[ab] -> esx/.test(f)).sort();
        assert.deepEqual(reads, ['pxa -> esxa tcp 443', 'pxa -> esxa tcp 902', 'pxb -> esxb tcp 443', 'pxb -> esxb tcp 902']);
    });
});

describe('relations: push installation', function () {
    this.timeout(300000);
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    // Seed 001 scenario 3: "If you must first push and install the software, open a temporary flow
    // from the management server to all the agent install locations" (445, 25001, 43234, item 6).
    const PLAN = (pc: string) => `plan "some agents pushed"
zone mgmt 10.0.0.0/24
zone br   10.50.0.0/24
use acronis.RemoteInstallation
ams   : acronis.ManagementServer in mgmt at 10.0.0.5 os windows
brpc  : acronis.Agent in br at 10.50.0.10-10.50.0.40 os windows${pc}
brsrv : acronis.Agent in br at 10.50.0.100 os linux "installed by hand"
`;

    it('without `pushed from`, every agent is pushed; with it on some, only those', async () => {
        const none = await analyse(services, PLAN(''));
        for (const flow of ['ams -> brpc tcp 445, 25001, 43234', 'ams -> brsrv tcp 445, 25001, 43234']) assert.ok(none.required.includes(flow), none.required.join('\n'));
        const some = await analyse(services, PLAN(' pushed from ams'));
        assert.ok(some.required.includes('ams -> brpc tcp 445, 25001, 43234'), some.required.join('\n'));
        assert.ok(!some.required.some(f => f.startsWith('ams -> brsrv')), some.required.join('\n'));
        assert.deepEqual(some.findings, []);
    });
});

describe('relations: one Segment Server per asset', function () {
    this.timeout(300000);
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    // Seed 002, 2.1: "This is the number of machines that one Segment Server is protecting"; 2.2.2
    // rows 1-3: WinRM 5985 / SSH 22 to the assets, HTTPS 443 TCP and UDP from them.
    it('with a Segment Server in each region, each reaches its own assets and they reach it', async () => {
        const { required, findings } = await analyse(services, `plan "Zero Networks, two regions"
zone eum 10.10.0.0/24
zone eus 10.12.0.0/20
zone usm 10.50.0.0/24
zone uss 10.52.0.0/20
site eu zones eum, eus
site us zones usm, uss
ss-eu : zeronetworks.SegmentServer in eum at 10.10.0.50
ss-us : zeronetworks.SegmentServer in usm at 10.50.0.50
w-eu  : zeronetworks.WindowsAsset  in eus at 10.12.0.0/20
l-us  : zeronetworks.LinuxAsset    in uss at 10.52.8.10
`);
        assert.deepEqual(findings, []);
        const assetFlows = required.filter(f => /(w-eu|l-us)/.test(f)).sort();
        assert.deepEqual(assetFlows, ['l-us -> ss-us tcp/udp 443', 'ss-eu -> w-eu tcp 5985', 'ss-us -> l-us tcp 22', 'w-eu -> ss-eu tcp/udp 443']);
    });
});
