import * as assert from 'node:assert/strict';
import { buildPlan, createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';

/**
 * No flow between two vendors' components unless a catalog flow names both types: a product built
 * on a shared type (an Acronis archive on an NFS share, a vendor's web console in a browser) is
 * not that shared type for another vendor's flows.
 */

async function pairs(services: SegplanServices, text: string): Promise<string[]> {
    const document = await buildPlan(services, text);
    return services.analysis.PlanAnalyzer.analysis(document).flows.map(r => `${r.flow.source.name}->${r.flow.destination.name} ${r.flow.portText}`);
}

describe('flows stay within the vendors their catalog names', function () {
    this.timeout(300000);
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('Zerto long-term retention reaches only the share the plan names as Zerto\'s, never an Acronis archive', async () => {
        const flows = await pairs(services, `plan "p"
zone repl 10.1.0.0/24
zone files 10.2.0.0/24
site s zones repl, files
vra : zerto.Vra in repl at 10.1.0.10 on vsphere
pcinfs : acronis.NfsArchive in files at 10.2.0.10
plainnfs : infra.NfsShare in files at 10.2.0.11
ltr : zerto.RetentionNfsShare in files at 10.2.0.12
`);
        assert.ok(flows.includes('vra->ltr 2049'), flows.join('\n'));
        assert.ok(!flows.some(f => f.startsWith('vra->pcinfs')), 'Zerto must not need the Acronis archive');
        assert.ok(!flows.some(f => f.startsWith('vra->plainnfs')), 'a share the plan does not name as Zerto\'s is not Zerto\'s repository');
    });

    it('a vendor\'s console reaches only its vendor; a plain admin browser reaches every console', async () => {
        const flows = await pairs(services, `plan "p"
zone mgmt 10.1.0.0/24
zone srv 10.2.0.0/24
vconsole : veeam.Console in mgmt at 10.1.0.10
aconsole : acronis.WebConsole in mgmt at 10.1.0.11
browser : infra.AdminWorkstation in mgmt at 10.1.0.12
vbr : veeam.BackupServer in srv at 10.2.0.10 os windows
zvm : zerto.Zvm in srv at 10.2.0.11 on vsphere
ams : acronis.ManagementServer in srv at 10.2.0.12
`);
        const from = (who: string) => [...new Set(flows.filter(f => f.startsWith(`${who}->`)).map(f => f.split(' ')[0].split('->')[1]))].sort();
        assert.deepEqual(from('vconsole'), ['vbr']);
        assert.deepEqual(from('aconsole'), ['ams']);
        assert.deepEqual(from('browser'), ['ams', 'vbr', 'zvm']);
    });
});

describe('a Cloud Connect tenant written without sites', function () {
    this.timeout(300000);
    it('is required to reach nothing in production, nothing is required to reach it, and it gets one finding with the lines to add', async () => {
        const services = await createTestServices();
        const document = await buildPlan(services, `plan "tenant"
zone mgmt 10.10.0.0/24
zone prod 10.20.0.0/16
zone recovery 10.40.0.0/24
zone tenants internet
vbr : veeam.BackupServer in mgmt at 10.10.0.10 os windows
vcenter : vmware.VCenter in prod at 10.20.0.5
ccgw : veeam.CloudGateway in recovery at 10.40.0.10 os windows
tenant : veeam.BackupServer in tenants
`);
        const flows = services.analysis.PlanAnalyzer.analysis(document).flows;
        assert.deepEqual(flows.filter(r => r.flow.source.name === 'tenant').map(r => `${r.flow.source.name}->${r.flow.destination.name}`), []);
        // Nor is the provider required to reach the tenant as if it were local (the gateway's Data Mover flow is to the provider's own servers).
        assert.deepEqual(flows.filter(r => r.flow.destination.name === 'tenant').map(r => `${r.flow.source.name}->${r.flow.destination.name} ${r.flow.portText}`), []);
        const found = (document.diagnostics ?? []).filter(d => d.code === 'veeam-tenant-without-site');
        assert.equal(found.length, 1);
        assert.equal(found[0].range.start.line, 8);
        assert.match(String(found[0].message), /site provider zones mgmt, prod, recovery\n {2}site tenants zones tenants\n {2}pair tenants -> provider/);
    });
});

describe('every pair of vendors, in one zone, in one site and in paired sites', function () {
    this.timeout(300000);

    it('derives no flow between two vendors\' components unless the flow names the component\'s own vendor\'s type', async () => {
        const services = await createTestServices();
        await buildPlan(services, 'plan "load"\n');
        const catalog = services.analysis.PlanAnalyzer.catalog()!;
        const vendorIds = ['veeam', 'zerto', 'acronis', 'cyberprotect', 'zeronetworks'].filter(v => catalog.vendors.some(x => x.id === v));
        assert.ok(vendorIds.length >= 4, vendorIds.join(', '));
        const typesOf = (vendor: string) => [...catalog.types.values()].filter(t => t.vendorId === vendor && !t.abstract);
        const wrong: string[] = [];
        let crossVendorFlows = 0;
        for (let i = 0; i < vendorIds.length; i++) for (let j = i + 1; j < vendorIds.length; j++) {
            const [x, y] = [vendorIds[i], vendorIds[j]];
            for (const layout of ['one zone', 'one site', 'paired sites'] as const) {
                const lines = ['plan "mix"', 'zone za 10.1.0.0/16', 'zone zb 10.2.0.0/16'];
                if (layout === 'one site') lines.push('site s zones za, zb');
                if (layout === 'paired sites') lines.push('site sa zones za', 'site sb zones zb', 'pair sa <-> sb');
                let n = 0;
                for (const [vendor, zone] of [[x, 'za'], [y, layout === 'one zone' ? 'za' : 'zb']] as const) {
                    for (const type of typesOf(vendor)) {
                        n++;
                        const net = zone === 'za' ? '10.1' : '10.2';
                        lines.push(`i${n} : ${type.id} in ${zone} at ${net}.${Math.floor(n / 200)}.${(n % 200) + 1}`);
                    }
                }
                // Shared infrastructure the vendors' documents talk to, next to both products.
                for (const type of ['vmware.VCenter', 'vmware.EsxiHost', 'microsoft.DomainController', 'infra.DnsServer', 'infra.NfsShare', 'infra.SmbShare']) {
                    if (!catalog.types.has(type)) continue;
                    n++;
                    lines.push(`i${n} : ${type} in za at 10.1.${Math.floor(n / 200)}.${(n % 200) + 1}`);
                }
                const document = await buildPlan(services, lines.join('\n') + '\n');
                for (const r of services.analysis.PlanAnalyzer.analysis(document).flows) {
                    const { source, destination } = r.flow;
                    const sv = catalog.types.get(source.typeId)?.vendorId, dv = catalog.types.get(destination.typeId)?.vendorId;
                    if (sv === dv) continue;
                    crossVendorFlows++;
                    for (const cf of r.flow.catalogFlows) {
                        for (const [end, instance, vendor] of [[cf.from, source, sv], [cf.to, destination, dv]] as const) {
                            if (vendor === cf.vendorId) continue;
                            if (catalog.types.get(end.typeId)?.vendorId !== vendor) {
                                wrong.push(`${x}+${y}, ${layout}: ${source.typeId} -> ${destination.typeId} ${r.flow.portText} from the ${cf.vendorId} flow ${cf.from.typeId} -> ${cf.to.typeId}, which names ${end.typeId}, not a ${vendor} type (${instance.name})`);
                            }
                        }
                    }
                }
            }
        }
        assert.deepEqual(wrong.slice(0, 20), [], `${wrong.length} flows cross a vendor boundary`);
        // Flows to the shared infrastructure (a backup server to vCenter) cross vendors legitimately: the property is not vacuous.
        assert.ok(crossVendorFlows > 0, 'no flow between vendors at all: the property is vacuous');
    });
});
