import * as assert from 'node:assert/strict';
import type { Catalog, CatalogFlow } from '../../language/catalog/catalog-model.js';
import { createTestServices } from '../helpers/services.js';
import { readSeed } from '../helpers/seeds.js';

const SEED = '000_ee1b8ff8b669d591.txt';

interface SeedRow {
    readonly section: string;
    readonly row: number;
    readonly port: number;
    /** `9082 and up` */
    readonly andUp: boolean;
    /** Marked `*`: a default the installer may change. */
    readonly changeable: boolean;
    readonly description: string;
}

/** The port-table sections, each with the platform its flows are filtered to. */
const TABLE_SECTIONS: Record<string, string> = {
    'Firewall Considerations in VMware vSphere Environments': 'vsphere',
    'Firewall Considerations in Microsoft Hyper-V Environments': 'hyperv',
    'Firewall Considerations in Microsoft Azure Environments': 'azure',
    'Firewall Considerations in AWS Environments': 'aws',
    'MSP Environments': 'msp'
};

const HEADER = /^Port\s+(Purpose|Description|#\s+Description)$/;
const PAGE_FOOTER = /^Port Usage \d+$/;
const ROW_START = /^(\d{1,5})(\*{0,2})(?:\s+(.*))?$/;
const REFS_ONLY = /^[\d,\s]+$/;

/**
 * Reads the port tables out of the PDF-extracted guide. A table starts at its `Port Purpose` /
 * `Port Description` / `Port # Description` header and runs until the `*` footnote or a page footer
 * that no header follows. A row starts with its port (`9071*`, or `9082` + `and` + `up`); in the MSP
 * table the diagram references (`2, 6, 8,` + `19`, or `-`) come next. Bullets and further
 * paragraphs belong to the row; `Note:` paragraphs do not.
 */
function seedTables(text: string): SeedRow[] {
    const lines = text.split(/\r?\n/).map(l => l.trim());
    const rows: SeedRow[] = [];
    let section: string | undefined;
    let inTable = false;
    let inNote = false;
    let afterFooter = false;
    let current: { port: number; stars: string; andUp: boolean; refsOpen: boolean; started: boolean; parts: string[] } | undefined;
    let count = 0;
    const flush = () => {
        if (current && section) {
            rows.push({
                section, row: ++count, port: current.port, andUp: current.andUp, changeable: current.stars.startsWith('*'),
                description: current.parts.join(' ').replace(/\s+/g, ' ').trim()
            });
        }
        current = undefined;
    };
    for (const line of lines) {
        if (line === '') continue;
        if (line in TABLE_SECTIONS) {
            flush();
            section = line; inTable = false; count = 0;
            continue;
        }
        if (!section) continue;
        if (/^(Access Control|Environments with Zerto Cloud Manager)$/.test(line)) { flush(); section = undefined; continue; }
        if (HEADER.test(line)) { inTable = true; afterFooter = false; continue; }
        if (!inTable) continue;
        if (PAGE_FOOTER.test(line)) { afterFooter = true; continue; }
        if (afterFooter) { flush(); inTable = false; afterFooter = false; continue; } // prose after the table
        if (line.startsWith('*')) { flush(); inTable = false; continue; }
        const msp = TABLE_SECTIONS[section] === 'msp';
        if (current && !current.started) {
            // The rest of the port cell (`and`, `up`) and of the MSP reference cell.
            if (line === 'and' || line === 'up') { current.andUp = true; continue; }
            if (msp && REFS_ONLY.test(line) && (current.refsOpen || current.andUp)) { current.refsOpen = line.endsWith(','); continue; }
        }
        const start = ROW_START.exec(line);
        if (start && Number(start[1]) <= 65535 && !(current && current.refsOpen)) {
            flush();
            inNote = false;
            let rest = start[3] ?? '';
            let refsOpen = false;
            if (msp) {
                const refs = /^(-|(?:\d+,\s*)*\d+,?)(?:\s+|$)/.exec(rest);
                if (refs) { refsOpen = refs[1].endsWith(','); rest = rest.slice(refs[0].length); }
            }
            current = { port: Number(start[1]), stars: start[2], andUp: false, refsOpen, started: rest !== '', parts: rest ? [rest] : [] };
            continue;
        }
        if (line.startsWith('Note:')) { inNote = true; continue; }
        if (inNote || !current) continue;
        current.parts.push(line);
        current.started = true;
    }
    flush();
    return rows;
}

/** How the guide names components, in catalog terms. */
const TYPES: Record<string, string> = {
    ZVM: 'zerto.Zvm', VRA: 'zerto.Vra', VBA: 'zerto.Vba', ZCM: 'zerto.Zcm', ZSSP: 'zerto.Zssp', ZASA: 'zerto.Zasa',
    'Cloud Connector': 'zerto.CloudConnector', 'LTR service': 'zerto.Dss',
    'ESXi host': 'vmware.EsxiHost', 'vCenter Server': 'vmware.VCenter', 'vCloud Director': 'vcloud.CloudDirector',
    SCVMM: 'microsoft.Scvmm', 'Hyper-V host': 'microsoft.HyperVHost',
    'SMB share': 'zerto.RetentionSmbShare', 'NFS share': 'zerto.RetentionNfsShare',
    'user interface': 'infra.AdminWorkstation', 'REST APIs and cmdlets': 'infra.ApiClient',
    Azure: 'cloud.AzureServices', AWS: 'cloud.AwsServices'
};

/**
 * Which component talks to which, by what the row's description says. Every phrase that matches
 * adds its pairs; a row's catalog flows must connect exactly these. Directions the guide leaves
 * open are decided as the catalog's header comment explains (the client of the port comes first).
 */
const PHRASES: readonly { readonly phrase: RegExp; readonly pairs: readonly (readonly [string, string])[] }[] = [
    { phrase: /ESXi host and the ZVM ?during installation/, pairs: [['ZVM', 'ESXi host']] },
    { phrase: /ZVM ?and the vCenter Server/, pairs: [['ZVM', 'vCenter Server']] },
    { phrase: /LTR service and a network shared repository on top of SMB/, pairs: [['LTR service', 'SMB share']] },
    { phrase: /LTR service and a network shared repository on top of NFS/, pairs: [['LTR service', 'NFS share']] },
    { phrase: /^Log collection between the (ZVM ?and site VRAs|Zerto Virtual Manager and Virtual Replication Appliances)/, pairs: [['ZVM', 'VRA']] },
    { phrase: /ZVM ?and local site VRAs and the site VBA/, pairs: [['ZVM', 'VRA'], ['ZVM', 'VBA']] },
    { phrase: /Zerto Virtual Manager and Virtual Replication Appliances on the same site\.$/, pairs: [['ZVM', 'VRA']] },
    { phrase: /(local site VRAs|site Virtual Replication Appliances) to handle checkpoints/, pairs: [['ZVM', 'VRA']] },
    { phrase: /between protecting and (peer|recovering) VRAs/, pairs: [['VRA', 'VRA']] },
    { phrase: /between VRAs to pass data from protected virtual machines/, pairs: [['VRA', 'VRA']] },
    { phrase: /between a Zerto Cloud Connector and VRAs/, pairs: [['Cloud Connector', 'VRA']] },
    { phrase: /ZVM ?and vCloud Director for access to AMQP/, pairs: [['ZVM', 'vCloud Director']] },
    { phrase: /^Internal port, used only on the ZVM ?VM/, pairs: [['ZVM', 'ZVM']] },
    { phrase: /between paired ZVMs/, pairs: [['ZVM', 'ZVM']] },
    { phrase: /between the ZVM, Zerto Powershell Cmdlets, and Zerto Diagnostic tool/, pairs: [['REST APIs and cmdlets', 'ZVM']] },
    { phrase: /between the ZVM ?and the VBA/, pairs: [['ZVM', 'VBA']] },
    { phrase: /between ZVM ?and ZVM ?GUI and ZVM ?REST APIs, and the ZCM/, pairs: [['user interface', 'ZVM'], ['REST APIs and cmdlets', 'ZVM'], ['ZCM', 'ZVM']] },
    { phrase: /every Hyper-V host and the Zerto Virtual Manager/, pairs: [['Hyper-V host', 'ZVM']] },
    { phrase: /between ZCM, and ZCM ?GUI and ZCM ?REST APIs/, pairs: [['user interface', 'ZCM'], ['REST APIs and cmdlets', 'ZCM']] },
    { phrase: /between the ZVM ?and the SCVMM|Zerto Virtual Manager and the System ?Center Virtual ?Machine ?Manager/, pairs: [['ZVM', 'SCVMM']] },
    { phrase: /between ZVM ?and ZSSP|Self-Service Portal for in-cloud \(ICDR\) customers and a ZVM/, pairs: [['ZSSP', 'ZVM']] },
    { phrase: /ZVM ?and the Azure Cloud environment|Azure REST Service and the ZVM|ZVM ?and Azure Scale Set and ?Queues/, pairs: [['ZVM', 'Azure']] },
    { phrase: /between the VRA and ZVM\. Required for metadata promotion/, pairs: [['VRA', 'ZVM']] },
    { phrase: /ZVM ?and the AWS Cloud environment/, pairs: [['ZVM', 'AWS']] },
    { phrase: /between ZVM ?Service and ZASA/, pairs: [['ZVM', 'ZASA']] },
    { phrase: /Zerto Virtual Manager \(ZVM\) and the ESXi hosts/, pairs: [['ZVM', 'ESXi host']] },
    { phrase: /ZVM in the cloud site – but not the customer site – and a Zerto Cloud Connector/, pairs: [['ZVM', 'Cloud Connector']] },
    { phrase: /ZVM ?and the ESX\/ESXi hosts IPs/, pairs: [['ZVM', 'ESXi host']] },
    { phrase: /ZVM ?and vCenter Server and vCloud Director/, pairs: [['ZVM', 'vCenter Server'], ['ZVM', 'vCloud Director']] },
    { phrase: /ZVM ?and Zerto internal APIs, a Zerto Cloud ?Manager \(ZCM\), cmdlets/, pairs: [['REST APIs and cmdlets', 'ZVM'], ['ZCM', 'ZVM']] },
    { phrase: /ZVM ?and Zerto Cloud ?Manager \(ZCM\)/, pairs: [['ZCM', 'ZVM']] },
    { phrase: /TCP communication between Zerto Virtual Managers and/, pairs: [['ZVM', 'ZVM']] },
    { phrase: /customer Zerto Virtual Manager and a Zerto Cloud Connector/, pairs: [['ZVM', 'Cloud Connector']] },
    { phrase: /Two ports for each VRA .* accessed via the Zerto Cloud Connector/, pairs: [['VRA', 'Cloud Connector']] },
    { phrase: /between the VBA and VRA/, pairs: [['VRA', 'VBA']] },
    { phrase: /Machines running Zerto User Interface and Zerto Virtual Manager/, pairs: [['user interface', 'ZVM']] },
    { phrase: /Zerto Virtual Manager and Zerto REST APIs/, pairs: [['REST APIs and cmdlets', 'ZVM']] },
    { phrase: /between the browser and the Zerto Cloud ?Manager/, pairs: [['user interface', 'ZCM']] }
];

function expectedPairs(row: SeedRow): Set<string> {
    const pairs = new Set<string>();
    for (const { phrase, pairs: found } of PHRASES) {
        if (phrase.test(row.description)) for (const [from, to] of found) pairs.add(`${TYPES[from]} -> ${TYPES[to]}`);
    }
    return pairs;
}

function citing(catalog: Catalog, row: SeedRow): CatalogFlow[] {
    return catalog.flows.filter(f => f.sources.some(s => s.file === SEED && s.section === row.section && s.row === row.row));
}

function label(row: SeedRow): string {
    return `${row.section} row ${row.row} (${row.port}${row.andUp ? ' and up' : ''}${row.changeable ? '*' : ''})`;
}

describe('Zerto catalog against the port tables of the hardening guide', () => {
    const rows = seedTables(readSeed(SEED));
    let catalog: Catalog;
    before(async () => { catalog = (await createTestServices()).analysis.PlanAnalyzer.catalog(); });

    it('reads every table of the guide, row by row', () => {
        const counts = Object.fromEntries(Object.keys(TABLE_SECTIONS).map(s => [s, rows.filter(r => r.section === s).length]));
        assert.deepEqual(counts, {
            'Firewall Considerations in VMware vSphere Environments': 18,
            'Firewall Considerations in Microsoft Hyper-V Environments': 16,
            'Firewall Considerations in Microsoft Azure Environments': 15,
            'Firewall Considerations in AWS Environments': 15,
            'MSP Environments': 18
        });
        // Spot checks of the layouts the parser has to get right.
        const msp = rows.filter(r => r.section === 'MSP Environments');
        assert.deepEqual(msp.map(r => r.port), [22, 443, 4005, 4006, 4007, 4008, 4009, 5672, 7073, 8100, 9071, 9080, 9081, 9082, 9180, 9669, 9779, 9989]);
        assert.ok(msp[13].andUp && msp[13].description.startsWith('Two ports for each VRA'));
        assert.ok(msp[1].description.startsWith('During VRA installation'), msp[1].description);
        const hyperv9669 = rows.find(r => r.section.includes('Hyper-V') && r.port === 9669)!;
        assert.match(hyperv9669.description, /every Hyper-V host/);
        assert.ok(!rows.some(r => /Enable Support notification|When a single SCVMM/.test(r.description)), 'notes are not part of a row');
    });

    it('maps every row of the guide to the components it names', () => {
        const unmapped = rows.filter(r => expectedPairs(r).size === 0).map(label);
        assert.deepEqual(unmapped, []);
    });

    for (const section of Object.keys(TABLE_SECTIONS)) {
        it(`has every row of "${section}" with exactly its port, TCP and direction`, () => {
            const problems: string[] = [];
            for (const row of rows.filter(r => r.section === section)) {
                const flows = citing(catalog, row);
                if (flows.length === 0) { problems.push(`${label(row)}: no flow cites it`); continue; }
                const pairs = new Set(flows.map(f => `${f.from.typeId} -> ${f.to.typeId}`));
                const expected = expectedPairs(row);
                if ([...pairs].sort().join('; ') !== [...expected].sort().join('; ')) {
                    problems.push(`${label(row)}: flows ${[...pairs].sort().join('; ')}, the guide says ${[...expected].sort().join('; ')}`);
                }
                for (const flow of flows) {
                    const where = `${label(row)} ${flow.from.typeId} -> ${flow.to.typeId}`;
                    if (flow.protocol !== 'tcp') problems.push(`${where}: protocol ${flow.protocol}`);
                    if (flow.ports.length !== 1) { problems.push(`${where}: ${flow.ports.length} ports`); continue; }
                    const port = flow.ports[0];
                    if (row.changeable) {
                        if (port.kind !== 'setting' || port.defaultPort !== row.port) problems.push(`${where}: not a setting defaulting to ${row.port}`);
                        if (!flow.conditions.has('default-changeable')) problems.push(`${where}: not marked default-changeable`);
                    } else if (port.kind !== 'fixed' || port.range.from !== row.port) {
                        problems.push(`${where}: port is not ${row.port}`);
                    } else if (row.andUp ? port.per?.count !== 2 || port.per.typeId !== 'zerto.Vra' : port.range.to !== row.port) {
                        problems.push(`${where}: ${row.andUp ? 'not two ports per VRA' : `range ${port.range.from}-${port.range.to}`}`);
                    }
                    const platforms = [...flow.from.platforms, ...flow.to.platforms];
                    // The MSP table's SCVMM row is the Hyper-V flow "in a customer site running ... Hyper-V".
                    const platform = row.section === 'MSP Environments' && row.port === 8100 ? 'hyperv' : TABLE_SECTIONS[section];
                    if (!platforms.includes(platform)) problems.push(`${where}: not filtered to ${platform}`);
                    // Kept for backward compatibility, so needing no rule — except on Hyper-V, whose note says
                    // "recovery to a different SCVMM uses port 9081 between the ZVMs in each site".
                    const usedOnHyperV = section === 'Firewall Considerations in Microsoft Hyper-V Environments';
                    if (/backward compatibility/.test(row.description) && flow.conditions.has('legacy') === usedOnHyperV) problems.push(`${where}: ${usedOnHyperV ? 'legacy, but the Hyper-V note says it is used' : 'not legacy'}`);
                    if (/^Internal port/.test(row.description) !== flow.conditions.has('host-internal')) problems.push(`${where}: host-internal wrong`);
                }
                const installOnly = flows.some(f => f.conditions.has('install-only'));
                if (/during .{0,40}installation|installation of a VRA/i.test(row.description) !== installOnly) {
                    problems.push(`${label(row)}: install-only ${installOnly}, the guide ${installOnly ? 'never says' : 'says'} "during installation"`);
                }
            }
            assert.deepEqual(problems, []);
        });
    }

    it('cites no row the guide does not have', () => {
        const known = new Set(rows.map(r => `${r.section}#${r.row}`));
        const phantom = catalog.flows.flatMap(f => f.sources)
            .filter(s => s.file === SEED && s.row !== undefined && !known.has(`${s.section}#${s.row}`))
            .map(s => `${s.section} row ${s.row}`);
        assert.deepEqual(phantom, []);
    });

    it('cites only sections the guide has', () => {
        const seed = readSeed(SEED).split(/\r?\n/).map(l => l.trim());
        const sections = new Set(catalog.flows.flatMap(f => f.sources).filter(s => s.file === SEED).map(s => s.section));
        assert.deepEqual([...sections].filter(s => !seed.includes(s)), []);
    });
});
