import * as assert from 'node:assert/strict';
import { catalogPortText, type Catalog, type CatalogFlow } from '../../language/catalog/catalog-model.js';
import { createTestServices } from '../helpers/services.js';
import { readSeed } from '../helpers/seeds.js';

const SEED = '004_94fc2878536ea295.txt';

interface SeedRow { section: string; row: number; from: string; to: string; ports: string; protocol: string; purpose: string }

/** The port tables of the Veeam document, read from the document itself at test time. */
function seedTables(text: string): SeedRow[] {
    const rows: SeedRow[] = [];
    let section = '';
    let row = 0;
    for (const line of text.split('\n')) {
        if (/^\d+\. \S/.test(line)) { section = line.trim(); row = 0; continue; }
        if (!line.startsWith('|') || line.startsWith('| From') || line.startsWith('|---')) continue;
        const [from, to, ports, protocol, purpose] = line.split('|').slice(1, -1).map(c => c.trim());
        rows.push({ section, row: ++row, from, to, ports, protocol, purpose });
    }
    return rows;
}

type Endpoint = { type: string; os?: string; platform?: string };

/** How the document names components, in catalog terms. A cell may name alternatives ("VBR Server / Proxy"). */
const ENDPOINTS: Record<string, Endpoint[]> = {
    'VBR Server': [{ type: 'veeam.BackupServer' }],
    'SP VBR Server': [{ type: 'veeam.BackupServer' }],
    'Windows Managed Servers': [{ type: 'veeam.ManagedServer', os: 'windows' }],
    'All Managed Servers': [{ type: 'veeam.ManagedServer' }],
    'Linux Managed Servers': [{ type: 'veeam.ManagedServer', os: 'linux' }],
    'Console/Browser': [{ type: 'infra.AdminWorkstation' }],
    Browser: [{ type: 'infra.AdminWorkstation' }],
    PostgreSQL: [{ type: 'infra.PostgreSql' }],
    'PostgreSQL / SQL Server': [{ type: 'infra.PostgreSql' }, { type: 'microsoft.SqlServer' }],
    Proxy: [{ type: 'veeam.Proxy' }],
    'Proxy (VMware)': [{ type: 'veeam.Proxy', platform: 'vsphere' }],
    'Proxy (Hyper-V)': [{ type: 'veeam.Proxy', platform: 'hyperv' }],
    Repository: [{ type: 'veeam.Repository' }],
    'SP Repository': [{ type: 'veeam.Repository' }],
    'Windows Repository': [{ type: 'veeam.Repository', os: 'windows' }],
    'Linux Repository': [{ type: 'veeam.Repository', os: 'linux' }],
    'ESXi Hosts': [{ type: 'vmware.EsxiHost' }],
    'Hyper-V Host': [{ type: 'microsoft.HyperVHost' }],
    'Object Storage': [{ type: 'infra.ObjectStorage' }],
    'Mount Server': [{ type: 'veeam.MountServer' }],
    'Mount Server (vPower NFS)': [{ type: 'veeam.MountServer' }],
    'Target VM (FLR)': [{ type: 'infra.VmGuest' }],
    'vCenter Server': [{ type: 'vmware.VCenter' }],
    'VBR Server / Proxy': [{ type: 'veeam.BackupServer' }, { type: 'veeam.Proxy' }],
    'VBR Server / Mount Server': [{ type: 'veeam.BackupServer' }, { type: 'veeam.MountServer' }],
    'Windows VM Guest': [{ type: 'infra.VmGuest', os: 'windows' }],
    'Linux VM Guest': [{ type: 'infra.VmGuest', os: 'linux' }],
    'VM Guest': [{ type: 'infra.VmGuest' }],
    'Veeam ONE Server': [{ type: 'veeam.VeeamOneServer' }],
    'Veeam ONE Web UI': [{ type: 'veeam.VeeamOneServer' }],
    'Veeam ONE Agent': [{ type: 'veeam.VeeamOneAgent' }],
    'Tenant VBR / Agent': [{ type: 'veeam.BackupServer' }, { type: 'veeam.Agent' }],
    'Cloud Connect Gateway': [{ type: 'veeam.CloudGateway' }],
    'Enterprise Manager': [{ type: 'veeam.EnterpriseManager' }],
    'REST API Client': [{ type: 'infra.ApiClient' }],
    'Windows Agent': [{ type: 'veeam.Agent', os: 'windows' }],
    'Linux Agent': [{ type: 'veeam.Agent', os: 'linux' }],
    'Agent (Win/Lin)': [{ type: 'veeam.Agent' }],
    'Nutanix Prism Central': [{ type: 'nutanix.PrismCentral' }],
    'AHV Worker': [{ type: 'veeam.AhvWorker' }],
    'Proxmox Host': [{ type: 'proxmox.ProxmoxHost' }],
    'Proxmox Worker': [{ type: 'veeam.ProxmoxWorker' }]
};

/** Words whose meaning the section gives: in the vSphere section a "Proxy" is a VMware proxy. */
const IN_SECTION: Record<string, Record<string, Endpoint[]>> = {
    '6. VMware vSphere Infrastructure': { Proxy: [{ type: 'veeam.Proxy', platform: 'vsphere' }] },
    // The Installer Service (6160) is for Windows components (Key Takeaways; §2 row 2 says Windows
    // managed servers): the proxy table's 6160 row applies to Windows proxies. The table's other rows
    // name the proxy whatever its OS, so only that row maps to a Windows proxy (see ROW_WORDS).
    // §2's ADMIN$ note: only a Windows proxy can do application-aware processing on Windows VMs.
    '7. Guest Interaction (Application-Aware Processing, FLR)': {
        'VBR Server / Proxy': [{ type: 'veeam.BackupServer' }, { type: 'veeam.Proxy', os: 'windows' }]
    }
};

/** Words whose meaning one row gives (section|row|words). */
const ROW_WORDS: Record<string, Endpoint[]> = {
    '3. Backup Proxy (VMware, Hyper-V, General Purpose)|1|Proxy': [{ type: 'veeam.Proxy', os: 'windows' }]
};

function endpointsFor(section: string, words: string, row?: number): Endpoint[] | undefined {
    return ROW_WORDS[`${section}|${row}|${words}`] ?? IN_SECTION[section]?.[words] ?? ENDPOINTS[words];
}

function matches(endpoint: CatalogFlow['from'], expected: Endpoint): boolean {
    return endpoint.typeId === expected.type && endpoint.os === expected.os
        && (expected.platform ? endpoint.platforms.length === 1 && endpoint.platforms[0] === expected.platform : endpoint.platforms.length === 0);
}

function portsOf(flows: CatalogFlow[]): string[] {
    return [...new Set(flows.flatMap(f => f.ports.map(catalogPortText)))].sort();
}

describe('Veeam catalog against seed 004, row by row', () => {
    let catalog: Catalog;
    const rows = seedTables(readSeed(SEED));

    before(async () => {
        catalog = (await createTestServices()).analysis.PlanAnalyzer.catalog();
    });

    it('reads all eleven port tables of the document', () => {
        const sections = new Set(rows.map(r => r.section));
        assert.equal(sections.size, 11);
        assert.ok(rows.length >= 50, `only ${rows.length} rows read`);
    });

    for (const row of rows) {
        it(`${row.section} row ${row.row}: ${row.from} → ${row.to} ${row.ports} ${row.protocol}`, () => {
            const cited = catalog.flows.filter(f => f.sources.some(s => s.file === SEED && s.section === row.section && s.row === row.row));
            assert.ok(cited.length > 0, 'no catalog flow cites this row');
            const sources = endpointsFor(row.section, row.from, row.row), destinations = endpointsFor(row.section, row.to, row.row);
            assert.ok(sources && destinations, `the test has no mapping for '${row.from}' or '${row.to}'`);
            const rowPorts = row.ports.split(' / ');
            const protocol = row.protocol.toLowerCase();
            for (const source of sources) {
                destinations.forEach((destination, i) => {
                    const pair = cited.filter(f => matches(f.from, source) && matches(f.to, destination));
                    assert.ok(pair.length > 0, `no flow ${source.type} → ${destination.type} cites this row`);
                    // "5432 / 1433" pairs each port with its destination alternative.
                    const expected = (rowPorts.length === destinations.length ? rowPorts[i] : row.ports).split(',').map(p => p.trim()).sort();
                    assert.deepEqual(portsOf(pair), expected, 'ports differ');
                    for (const flow of pair) assert.equal(flow.protocol, protocol);
                });
            }
            // Nothing cites the row that the row does not say.
            for (const flow of cited) {
                assert.ok(sources!.some(s => matches(flow.from, s)) && destinations!.some(d => matches(flow.to, d)),
                    `${flow.from.typeId} → ${flow.to.typeId} cites this row but the row does not name it`);
            }
        });
    }

    it('every Veeam flow cites seed 004 at a section the document has', () => {
        const text = readSeed(SEED);
        const veeam = catalog.vendors.find(v => v.id === 'veeam')!;
        for (const flow of veeam.flows) {
            assert.ok(flow.sources.length > 0);
            for (const source of flow.sources) {
                assert.equal(source.file, SEED);
                assert.ok(text.includes(source.section), `section '${source.section}' is not in the document`);
                if (source.row !== undefined) assert.ok(rows.some(r => r.section === source.section && r.row === source.row), `${source.section} has no row ${source.row}`);
            }
        }
    });

    it('marks 6180 (Cloud Connect) as the only internet-facing Veeam port, changeable at install', () => {
        const veeam = catalog.vendors.find(v => v.id === 'veeam')!;
        const facing = veeam.flows.filter(f => f.conditions.has('internet-facing'));
        assert.ok(facing.length > 0);
        for (const flow of facing) {
            assert.deepEqual(flow.ports.map(catalogPortText), ['6180']);
            assert.ok(flow.conditions.has('default-changeable'));
        }
    });

    it('keeps the hardened repository\'s SSH install-only and vPower NFS behind its feature', () => {
        const ssh = catalog.flows.filter(f => f.to.typeId === 'veeam.Repository' && f.ports.some(p => catalogPortText(p) === '22'));
        assert.ok(ssh.length === 1 && ssh[0].conditions.has('install-only'));
        const nfs = catalog.flows.filter(f => f.sources.some(s => s.section === '5. Mount Server' && (s.row === 4 || s.row === 5)));
        assert.equal(nfs.length, 2);
        for (const flow of nfs) assert.deepEqual(flow.featureIds, ['veeam.InstantRecovery']);
    });
});

describe('Veeam Installer Service (6160) only to Windows components', () => {
    it('a Windows proxy needs 6160 from the backup server, a Linux proxy does not', async () => {
        const services = await createTestServices();
        const { buildPlan } = await import('../helpers/services.js');
        const plan = (os: string) => `plan "p"\nzone a 10.0.0.0/24\nzone b 10.0.1.0/24\nvbr : veeam.BackupServer in a at 10.0.0.10 os windows\npx : veeam.Proxy in b at 10.0.1.20 os ${os} on vsphere\n`;
        const ports = async (os: string) => {
            const document = await buildPlan(services, plan(os));
            return services.analysis.PlanAnalyzer.analysis(document).flows
                .filter(r => r.flow.source.name === 'vbr' && r.flow.destination.name === 'px').map(r => r.flow.portText);
        };
        assert.ok((await ports('windows')).includes('6160'));
        assert.ok(!(await ports('linux')).some(p => p.split(', ').includes('6160')), 'a Linux proxy is deployed over SSH: no Installer Service');
    });
});
