import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { createSegplanServices, type SegplanServices } from '../../language/segplan-module.js';
import { VEEAM_ALL_TRAFFIC, VEEAM_HARDENED_SSH, VEEAM_INTERNET_PORT, VEEAM_LAB_ISOLATION } from '../../language/checks/veeam-checks.js';
import { INSTALL_ONLY_PERMANENT, INTERNET_EXPOSURE, OVERBROAD_RULE } from '../../language/analysis/rule-findings.js';
import { PROJECT_ROOT, readText } from '../helpers/fixtures.js';
import { buildPlan, createTestServices, diagnosticSummary } from '../helpers/services.js';

const ERROR = 1, WARNING = 2;

function withCode(document: LangiumDocument, code: string) {
    return (document.diagnostics ?? []).filter(d => d.code === code)
        .map(d => ({ line: d.range.start.line + 1, character: d.range.start.character, severity: d.severity, message: typeof d.message === 'string' ? d.message : d.message.value }));
}

function lineOf(text: string, fragment: string): number {
    const index = text.split('\n').findIndex(l => l.includes(fragment));
    assert.ok(index >= 0, `no line with '${fragment}'`);
    return index + 1;
}

describe('Veeam checks', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    // ---------------------------------------------------------------- §9
    describe(VEEAM_INTERNET_PORT, () => {
        const plan = (tenantRule: string) => `plan "Cloud Connect"
zone mgmt 10.10.0.0/24
zone dmz 10.40.0.0/24
zone backup 10.30.0.0/24
zone tenants internet
site sp zones mgmt, dmz, backup
site customers zones tenants
pair customers -> sp
vbr : veeam.BackupServer in mgmt at 10.10.0.10
gw : veeam.CloudGateway in dmz at 10.40.0.10 os windows
repo : veeam.Repository in backup at 10.30.0.20 os windows
tenant : veeam.BackupServer in tenants at 198.51.100.7
allow vbr -> gw, repo tcp/udp 135, 137-139, 445
allow vbr -> gw, repo tcp 6160, 6162, 2500-3300
allow gw -> vbr tcp 6162
allow gw -> repo tcp 2500-3300
${tenantRule}
`;

        it('accepts a tenant host reaching the gateway on 6180 only', async () => {
            assert.deepEqual(diagnosticSummary(await buildPlan(services, plan('allow tenant -> gw tcp 6180'))), []);
        });

        it('reports a tenant host in an internet zone reaching a Veeam component on another port', async () => {
            const text = plan('allow tenant -> gw tcp 6180, 6162');
            const document = await buildPlan(services, text);
            const found = withCode(document, VEEAM_INTERNET_PORT);
            assert.equal(found.length, 1);
            assert.equal(found[0].line, lineOf(text, 'allow tenant'));
            assert.equal(found[0].severity, ERROR);
            assert.match(found[0].message, /tcp 6162/);
            assert.doesNotMatch(found[0].message, /tcp 6180/);
            assert.match(found[0].message, /Firewall Rules for Every Component[^"]*"9\. Cloud Connect Gateway"/);
            // The core cannot see a single host as the internet, so the problem is reported once.
            assert.deepEqual(withCode(document, INTERNET_EXPOSURE), []);
        });

        it('leaves the whole internet zone to the core internet-exposure finding', async () => {
            const text = plan('allow tenants -> gw tcp 6180, 6162');
            const document = await buildPlan(services, text);
            assert.equal(withCode(document, INTERNET_EXPOSURE).length, 1);
            assert.deepEqual(withCode(document, VEEAM_INTERNET_PORT), []);
        });

        it('respects a changed Cloud Connect port', async () => {
            const text = plan('set veeam.CloudConnectPort = 6280\nallow tenant -> gw tcp 6280');
            assert.deepEqual(diagnosticSummary(await buildPlan(services, text)), []);
            const wrong = plan('set veeam.CloudConnectPort = 6280\nallow tenant -> gw tcp 6280, 6180');
            assert.equal(withCode(await buildPlan(services, wrong), VEEAM_INTERNET_PORT).length, 1);
        });
    });

    // ---------------------------------------------------------------- §4
    describe(VEEAM_HARDENED_SSH, () => {
        const plan = (rules: string) => `plan "Hardened repository"
zone mgmt 10.10.0.0/24
zone backup 10.30.0.0/24
vbr : veeam.BackupServer in mgmt at 10.10.0.10
admin : infra.AdminWorkstation in mgmt at 10.10.0.100
proxy : veeam.Proxy in backup at 10.30.0.21 os linux
repo : veeam.HardenedRepository in backup at 10.30.0.31
${rules}
`;
        const CLEAN = `allow vbr -> proxy tcp 22, 6162, 2500-3300
allow vbr -> repo tcp 6162, 2500-3300
allow vbr -> repo tcp 22 until 2030-01-31`;

        it('accepts SSH to the hardened repository in a temporary rule', async () => {
            assert.deepEqual(diagnosticSummary(await buildPlan(services, plan(CLEAN))), []);
        });

        it('reports a zone rule that keeps SSH open because a Linux proxy needs it', async () => {
            const text = plan('allow vbr -> backup tcp 22, 6160, 6162, 2500-3300');
            const document = await buildPlan(services, text);
            const found = withCode(document, VEEAM_HARDENED_SSH);
            assert.equal(found.length, 1);
            assert.equal(found[0].severity, WARNING);
            assert.match(found[0].message, /hardened repository repo/);
            assert.match(found[0].message, /"4\. Backup Repository \(Windows, Linux, Hardened\)"/);
            // Port 22 serves the proxy for good, so the core has nothing to say about it.
            assert.deepEqual(withCode(document, INSTALL_ONLY_PERMANENT), []);
        });

        it('reports an administrator SSH rule to the hardened repository', async () => {
            const text = plan(`${CLEAN}\nallow admin -> repo tcp 22`);
            const found = withCode(await buildPlan(services, text), VEEAM_HARDENED_SSH);
            assert.deepEqual(found.map(f => f.line), [lineOf(text, 'allow admin')]);
        });

        it('leaves the backup server\'s permanent SSH rule to the core install-only-permanent finding', async () => {
            const text = plan('allow vbr -> proxy tcp 22, 6160, 6162, 2500-3300\nallow vbr -> repo tcp 22, 6162, 2500-3300');
            const document = await buildPlan(services, text);
            assert.deepEqual(withCode(document, INSTALL_ONLY_PERMANENT).map(f => f.line), [lineOf(text, 'allow vbr -> repo')]);
            assert.deepEqual(withCode(document, VEEAM_HARDENED_SSH), []);
        });
    });

    // ---------------------------------------------------------------- The Most Common Mistake
    describe(VEEAM_ALL_TRAFFIC, () => {
        const plan = (rules: string) => `plan "All traffic"
zone mgmt 10.10.0.0/24
zone backup 10.30.0.0/24
vbr : veeam.BackupServer in mgmt at 10.10.0.10
proxy : veeam.Proxy in backup at 10.30.0.21 os windows
${rules}
`;

        it('accepts per-component rules', async () => {
            const text = plan('allow vbr -> proxy tcp/udp 135, 137-139, 445\nallow vbr -> proxy tcp 6160, 6162, 2500-3300');
            assert.deepEqual(diagnosticSummary(await buildPlan(services, text)), []);
        });

        it('reports all ports from the backup server, at the backup server in the rule', async () => {
            const text = plan('allow vbr -> backup tcp');
            const document = await buildPlan(services, text);
            const found = withCode(document, VEEAM_ALL_TRAFFIC);
            assert.equal(found.length, 1);
            assert.equal(found[0].line, lineOf(text, 'allow vbr'));
            assert.equal(found[0].character, 'allow '.length);
            assert.match(found[0].message, /all ports from backup server vbr/);
            assert.match(found[0].message, /Firewall Rules for Every Component[^"]*"The Most Common Mistake"/);
        });

        it('reports every protocol to the backup server\'s zone and `any` as its peer', async () => {
            const text = plan('allow backup -> mgmt any\nallow vbr -> any tcp 6162');
            const found = withCode(await buildPlan(services, text), VEEAM_ALL_TRAFFIC);
            assert.deepEqual(found.map(f => f.line).sort(), [lineOf(text, 'allow backup'), lineOf(text, 'allow vbr')].sort());
            assert.match(found.find(f => f.line === lineOf(text, 'allow backup'))!.message, /every protocol, all ports to backup server vbr/);
            assert.match(found.find(f => f.line === lineOf(text, 'allow vbr'))!.message, /any destination/);
        });

        it('does not repeat the core internet-exposure error for `any` reaching the backup server', async () => {
            const text = plan('allow vbr -> proxy tcp 6162\nallow any -> vbr tcp 9419');
            const document = await buildPlan(services, text);
            assert.equal(withCode(document, INTERNET_EXPOSURE).length, 1);
            assert.deepEqual(withCode(document, VEEAM_ALL_TRAFFIC), []);
        });

        it('leaves broad rules between other components to the core', async () => {
            const text = plan('allow proxy -> backup tcp');
            const document = await buildPlan(services, text);
            assert.deepEqual(withCode(document, VEEAM_ALL_TRAFFIC), []);
            assert.ok(withCode(document, OVERBROAD_RULE).length > 0);
        });
    });

    // ---------------------------------------------------------------- §13 Zone 4
    describe(VEEAM_LAB_ISOLATION, () => {
        const plan = (extra: string, labZone = 'lab') => `plan "SureBackup"
zone mgmt 10.10.0.0/24
zone prod 10.20.0.0/16
zone lab 10.50.0.0/24
vbr : veeam.BackupServer in mgmt at 10.10.0.10
vcenter : vmware.VCenter in prod at 10.20.0.5
esx : vmware.EsxiHost in prod at 10.20.1.0/28
sandbox : veeam.SureBackupLab in ${labZone} at ${labZone === 'lab' ? '10.50.0.0/24' : '10.20.9.0/24'}
allow vbr -> vcenter, esx tcp 443
${extra}
`;

        it('accepts a lab zone with no rule to production', async () => {
            assert.deepEqual(diagnosticSummary(await buildPlan(services, plan(''))), []);
        });

        it('reports a rule from the lab to production', async () => {
            const text = plan('allow sandbox -> esx tcp 443');
            const found = withCode(await buildPlan(services, text), VEEAM_LAB_ISOLATION);
            assert.equal(found.length, 1);
            assert.equal(found[0].line, lineOf(text, 'allow sandbox'));
            assert.equal(found[0].severity, ERROR);
            assert.match(found[0].message, /"13\. Putting It Together: A Segmented Network Design", Zone 4/);
        });

        it('reports a rule from a production zone into the lab zone, and `any` into the lab', async () => {
            const text = plan('allow prod -> lab tcp 3389\nallow any -> sandbox tcp 443');
            const found = withCode(await buildPlan(services, text), VEEAM_LAB_ISOLATION);
            assert.deepEqual(found.map(f => f.line).sort(), [lineOf(text, 'allow prod'), lineOf(text, 'allow any')].sort());
        });

        it('reports a lab placed inside a production zone', async () => {
            const text = plan('', 'prod');
            const found = withCode(await buildPlan(services, text), VEEAM_LAB_ISOLATION);
            assert.deepEqual(found.map(f => f.line), [lineOf(text, 'sandbox :')]);
        });

        it('allows the management network to reach the lab', async () => {
            const text = plan('allow vbr -> sandbox tcp 443');
            assert.deepEqual(withCode(await buildPlan(services, text), VEEAM_LAB_ISOLATION), []);
        });
    });

    it('veeam.segplan, with the SureBackup lab type, still validates with no diagnostics', async () => {
        const fresh = createSegplanServices(EmptyFileSystem).Segplan;
        const factory = fresh.shared.workspace.LangiumDocumentFactory;
        const documents = fresh.shared.workspace.LangiumDocuments;
        const created = ['infrastructure.segplan', 'veeam.segplan'].map(name => {
            const document = factory.fromString(readText(path.join(PROJECT_ROOT, 'language', 'vendor-catalogs', name)), URI.parse(`file:///catalogs/${name}`));
            documents.addDocument(document);
            return document;
        });
        await fresh.shared.workspace.DocumentBuilder.build(created, { validation: true });
        assert.deepEqual(diagnosticSummary(created[1], true), []);
        assert.ok(fresh.analysis.PlanAnalyzer.catalog().types.has('veeam.SureBackupLab'));
    });
});
