import * as assert from 'node:assert/strict';
import type { LangiumDocument } from 'langium';
import type { SegplanServices } from '../../language/segplan-module.js';
import type { Finding } from '../../language/analysis/finding.js';
import { ZERTO_BEHIND_NAT, ZERTO_DHCP_PORTS, ZERTO_NOT_SEGREGATED, ZERTO_UNDOCUMENTED_PORT, ZERTO_VRA_WITHOUT_ZVM } from '../../language/checks/zerto-checks.js';
import { buildPlan, createTestServices, diagnosticSummary } from '../helpers/services.js';

/** A small, clean two-site plan; each test changes one thing. */
const BASE = `plan "Zerto check"
zone hq-mgmt 10.1.10.0/24
zone hq-repl 10.1.30.0/24
zone dr-mgmt 10.2.10.0/24
zone dr-repl 10.2.30.0/24
site hq "hq" zones hq-mgmt, hq-repl
site dr "dr" zones dr-mgmt, dr-repl
pair hq <-> dr
zvm-hq : zerto.Zvm in hq-mgmt at 10.1.10.20 on vsphere
zvm-dr : zerto.Zvm in dr-mgmt at 10.2.10.20 on vsphere
vra-hq : zerto.Vra in hq-repl at 10.1.30.11-10.1.30.12 on vsphere
vra-dr : zerto.Vra in dr-repl at 10.2.30.11-10.2.30.12 on vsphere
allow zvm-hq -> vra-hq tcp 4005, 4006, 4009
allow zvm-dr -> vra-dr tcp 4005, 4006, 4009
allow zvm-hq -> zvm-dr tcp 9071
allow zvm-dr -> zvm-hq tcp 9071
allow vra-hq -> vra-dr tcp 4007, 4008
allow vra-dr -> vra-hq tcp 4007, 4008
`;

function findings(services: SegplanServices, document: LangiumDocument, code: string): Finding[] {
    return services.analysis.PlanAnalyzer.analysis(document).findings.filter(f => f.code === code);
}

function line(finding: Finding): number {
    return (finding.node.$cstNode?.range.start.line ?? -1) + 1;
}

describe('Zerto checks', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('a rule opening the UDP 444xx DHCP ports Zerto says to block is that finding, and only that', async () => {
        const document = await buildPlan(services, `${BASE}allow vra-hq -> vra-dr udp 44400-44499\nallow vra-dr -> vra-hq tcp/udp 4007, 44410\nallow zvm-hq -> vra-hq udp 44400\n`);
        const found = findings(services, document, ZERTO_DHCP_PORTS);
        assert.deepEqual(found.map(line), [19, 20, 21]);
        assert.match(found[0].message, /udp 44400-44499 for vra-hq, vra-dr, which Zerto says are not required \(DHCP, not required: can be blocked; Security and Hardening With Zerto[^"]*"Firewall Considerations in VMware vSphere Environments"/);
        // The ports come from the catalog (a `not-required` entry), which the finding links to.
        assert.match(String(found[0].related?.[0].message), /not required by the catalog/);
        assert.match(found[1].message, /udp 44410 for/);
        // One mistake, one finding: the rule that only opens 444xx is not also "unused".
        const summary = diagnosticSummary(document);
        assert.ok(summary.includes('19:warning:zerto-dhcp-ports'), summary.join('\n'));
        assert.ok(!summary.includes('19:warning:unused-rule'), summary.join('\n'));
        // TCP 444xx, or a plan without Zerto on vSphere or Hyper-V, is not this finding.
        const tcp = await buildPlan(services, `${BASE}allow vra-hq -> vra-dr tcp 44400\n`);
        assert.deepEqual(findings(services, tcp, ZERTO_DHCP_PORTS), []);
        const azure = await buildPlan(services, BASE.replace(/on vsphere/g, 'on azure') + 'allow vra-hq -> vra-dr udp 44400\n');
        assert.deepEqual(findings(services, azure, ZERTO_DHCP_PORTS), []);
    });

    it('the base plan is clean', async () => {
        const document = await buildPlan(services, BASE);
        assert.deepEqual(diagnosticSummary(document), []);
    });

    describe(ZERTO_VRA_WITHOUT_ZVM, () => {
        // The base plan without dr's ZVM: one ZVM, VRAs in both sites (seed 000: the ZVM talks to
        // "local site VRAs"; the `**` note: one vCenter for both sites, Zerto on one site only).
        const ONE_ZVM = BASE.replace(/^zvm-dr .*\n/m, '').replace(/^allow zvm-dr .*\n/gm, '').replace(/^allow zvm-hq -> zvm-dr .*\n/m, '');

        it('warns at a VRA that no ZVM reaches, saying how to give it one', async () => {
            const found = findings(services, await buildPlan(services, ONE_ZVM), ZERTO_VRA_WITHOUT_ZVM);
            assert.equal(found.length, 1);
            assert.match(found[0].message, /^vra-dr is reached by no Zerto Virtual Manager: .*4005, 4006, 4009.*site dr has no ZVM.*`use zerto\.SingleVCenterOrScvmm`/);
        });

        it('is quiet once one ZVM manages both sites', async () => {
            const document = await buildPlan(services, `${ONE_ZVM}use zerto.SingleVCenterOrScvmm\n`);
            assert.deepEqual(findings(services, document, ZERTO_VRA_WITHOUT_ZVM), []);
        });
    });

    describe(ZERTO_BEHIND_NAT, () => {
        it('is an error for a VRA whose zone is behind NAT, at the VRA', async () => {
            const document = await buildPlan(services, BASE.replace('zone dr-repl 10.2.30.0/24', 'zone dr-repl 10.2.30.0/24 behind nat'));
            const found = findings(services, document, ZERTO_BEHIND_NAT);
            assert.equal(found.length, 1);
            assert.equal(found[0].severity, 'error');
            assert.equal(line(found[0]), 12);
            assert.match(found[0].message, /vra-dr is in zone dr-repl, which is behind NAT.*does not support NAT firewalls.*Security and Hardening With Zerto[^"]*"Virtual Replication Appliance"/);
            assert.ok(diagnosticSummary(document).includes(`12:error:${ZERTO_BEHIND_NAT}`));
        });

        it('is an error for a Cloud Connector declared behind NAT', async () => {
            const document = await buildPlan(services, BASE + 'zone cc-net 10.1.99.0/29\ncc : zerto.CloudConnector in cc-net at 10.1.99.4 on msp behind nat\n');
            const found = findings(services, document, ZERTO_BEHIND_NAT);
            assert.deepEqual(found.map(f => [f.property, /"Cloud Connector"/.test(f.message)]), [['nat', true]]);
        });

        it('leaves a ZVM behind NAT and routed VRAs alone', async () => {
            const document = await buildPlan(services, BASE.replace('zone hq-mgmt 10.1.10.0/24', 'zone hq-mgmt 10.1.10.0/24 behind nat'));
            assert.deepEqual(findings(services, document, ZERTO_BEHIND_NAT), []);
        });
    });

    describe(ZERTO_NOT_SEGREGATED, () => {
        it('warns when the VRAs share a zone with production VMs', async () => {
            const document = await buildPlan(services, BASE + 'web : infra.VmGuest in hq-repl at 10.1.30.100-10.1.30.150\n');
            const found = findings(services, document, ZERTO_NOT_SEGREGATED);
            assert.equal(found.length, 1);
            assert.equal(found[0].severity, 'warning');
            assert.equal(line(found[0]), 3);
            assert.match(found[0].message, /Zone hq-repl holds Zerto components \(vra-hq\) together with other workloads \(web\).*"Hardening Recommendations" item 6/);
        });

        it('warns when the whole plan is one flat zone', async () => {
            const document = await buildPlan(services, `plan "flat"
zone lan 10.0.0.0/16
zvm : zerto.Zvm in lan at 10.0.0.20 on vsphere
vra : zerto.Vra in lan at 10.0.1.11 on vsphere
vc : vmware.VCenter in lan at 10.0.0.10
`);
            const found = findings(services, document, ZERTO_NOT_SEGREGATED);
            assert.equal(found.length, 1);
            assert.match(found[0].message, /Zone lan is the plan's only network/);
        });

        it('accepts the hypervisor management next to the ZVM and the ESXi hosts next to the VRAs', async () => {
            const document = await buildPlan(services, BASE
                + 'vc : vmware.VCenter in hq-mgmt at 10.1.10.10\nesx : vmware.EsxiHost in hq-repl at 10.1.30.21-10.1.30.22\n'
                + 'zone prod 10.1.128.0/18\nweb : infra.VmGuest in prod at 10.1.128.0/24\n');
            assert.deepEqual(findings(services, document, ZERTO_NOT_SEGREGATED), []);
        });
    });

    describe(ZERTO_UNDOCUMENTED_PORT, () => {
        const SHARE = 'zone files 10.1.40.0/24\nshare : zerto.RetentionSmbShare in files at 10.1.40.10\n';

        it('warns when a rule to a zone opens a port to a Zerto component that only another destination needs', async () => {
            // 445 is for the LTR share; the same rule also opens SMB to the ZVM in hq-mgmt.
            const document = await buildPlan(services, BASE + SHARE + 'allow vra-hq -> files, hq-mgmt tcp 445\n');
            const found = findings(services, document, ZERTO_UNDOCUMENTED_PORT);
            assert.equal(found.length, 1);
            assert.equal(found[0].severity, 'warning');
            assert.equal(line(found[0]), 21);
            assert.match(found[0].message, /opens tcp 445 to zvm-hq, which no Zerto flow needs.*"Hardening Recommendations" items 2 and 5/);
        });

        it('warns about UDP opened to a VRA that only uses TCP', async () => {
            const document = await buildPlan(services, BASE.replace('allow vra-hq -> vra-dr tcp 4007, 4008', 'allow vra-hq -> vra-dr tcp/udp 4007, 4008'));
            const found = findings(services, document, ZERTO_UNDOCUMENTED_PORT);
            assert.deepEqual(found.map(f => /udp 4007-4008 to vra-dr/.test(f.message)), [true]);
        });

        it('is quiet when each Zerto component gets only its own ports, or the VBA shares the ZVM\'s address', async () => {
            const document = await buildPlan(services, BASE + SHARE
                + 'allow vra-hq -> share tcp 445\nallow vra-dr -> share tcp 445\n'
                + 'zone admin 10.1.5.0/24\nadmins : infra.AdminWorkstation in admin at 10.1.5.20\nvba-hq : zerto.Vba in hq-mgmt at 10.1.10.20 on vsphere\n'
                + 'allow admins -> hq-mgmt tcp 9669\nallow admins -> zvm-dr tcp 9669\n');
            assert.deepEqual(findings(services, document, ZERTO_UNDOCUMENTED_PORT), []);
            assert.deepEqual(diagnosticSummary(document), []);
        });
    });
});
