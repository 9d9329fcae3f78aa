import * as assert from 'node:assert/strict';
import type { Catalog, CatalogFlow, CatalogFlowEndpoint } from '../../language/catalog/catalog-model.js';
import { catalogPortText } from '../../language/catalog/catalog-model.js';
import { readSeed } from '../helpers/seeds.js';
import { createTestServices } from '../helpers/services.js';

// The Zero Networks catalog against the deployment guide itself: the port tables of 2.2.1 and 2.2.2
// and the numbered list of 2.2 are read out of the seed text here, so a changed or mistyped port on
// either side fails the test.

const SEED = '002_59336f7bd4cd78d6.txt';
const PROSE_SECTION = '2.2. Network access requirements';
const TABLE_SECTIONS = ['2.2.1 External network access requirements', '2.2.2 Internal network access requirements'];
const TABLE_HEADER = 'Protocol\tTransport\tPort\tFrom\tTo\tDirection\tDescription';

interface Endpoint { readonly typeId: string; readonly os?: string }

interface TableRow {
    readonly section: string;
    readonly row: number;
    readonly service: string;
    readonly protocol: string;
    readonly ports: string[];
    readonly from: Endpoint;
    readonly to: Endpoint;
    readonly direction: string;
}

/** How the guide names the two ends of a flow, and the catalog type each name stands for. */
function endpointOf(text: string): Endpoint {
    const name = text.trim();
    if (name === 'Segment Server') return { typeId: 'zeronetworks.SegmentServer' };
    if (name.startsWith('*.zeronetworks.com')) return { typeId: 'zeronetworks.SegmentCloud' };
    if (name.startsWith('monitor.zeronetworks.com')) return { typeId: 'zeronetworks.MonitorEndpoint' };
    if (name === 'All Windows assets') return { typeId: 'zeronetworks.ManagedAsset', os: 'windows' };
    if (name === 'All Linux assets') return { typeId: 'zeronetworks.ManagedAsset', os: 'linux' };
    if (name === 'All assets') return { typeId: 'zeronetworks.Asset' };
    if (name === 'Domain controllers') return { typeId: 'microsoft.DomainController' };
    if (name === 'DNS Servers') return { typeId: 'infra.DnsServer' };
    throw new Error(`The test does not know the guide's endpoint '${name}'.`);
}

function protocolOf(transport: string): string {
    const t = transport.trim().toLowerCase().replace(/\s*(and|&)\s*/, '/');
    if (t !== 'tcp' && t !== 'udp' && t !== 'tcp/udp') throw new Error(`Unknown transport '${transport}'.`);
    return t;
}

function portsOf(text: string): string[] {
    return text.split(/\s*(?:,|\/|\band\b)\s*/).map(p => p.trim()).filter(Boolean).sort();
}

/** The rows of the table under a heading; the blank line inside the 2.2.2 table does not end it. */
function tableRows(lines: string[], section: string): TableRow[] {
    const heading = lines.findIndex(l => l.trim() === section);
    assert.ok(heading >= 0, `heading '${section}' not found in the seed`);
    const header = lines.findIndex((l, i) => i > heading && l.trim() === TABLE_HEADER);
    assert.ok(header > heading, `no port table under '${section}'`);
    const rows: TableRow[] = [];
    for (let i = header + 1; i < lines.length; i++) {
        const line = lines[i];
        if (line.trim() === '') continue;
        const cells = line.split('\t');
        if (cells.length < 6) break;
        rows.push({
            section, row: rows.length + 1, service: cells[0].trim(), protocol: protocolOf(cells[1]), ports: portsOf(cells[2]),
            from: endpointOf(cells[3]), to: endpointOf(cells[4]), direction: cells[5].trim()
        });
    }
    return rows;
}

interface ProsePort {
    readonly item: number;
    readonly direction: string;
    readonly group: string;
    readonly service: string;
    readonly port: string;
    readonly protocol?: string;
}

/** The numbered list of 2.2: `- 1 Outbound connectivity to …:` followed by ` - LDAP – 389` lines. */
function prosePorts(lines: string[]): ProsePort[] {
    const heading = lines.findIndex(l => l.trim() === PROSE_SECTION);
    assert.ok(heading >= 0, `heading '${PROSE_SECTION}' not found in the seed`);
    const result: ProsePort[] = [];
    let current: { item: number; direction: string; group: string } | undefined;
    for (let i = heading + 1; i < lines.length && !lines[i].startsWith('2.2.1'); i++) {
        const item = /^- (\d) (Outbound|Inbound) connectivity (?:to|from) (.+?):?$/.exec(lines[i].trim());
        if (item) { current = { item: Number(item[1]), direction: item[2], group: item[3] }; continue; }
        const entry = /^ - (.+?) [–-] (?:(TCP & UDP|TCP|UDP) )?([\d ,/]+)$/.exec(lines[i]);
        if (!entry || !current) continue;
        for (const port of portsOf(entry[3])) {
            result.push({ ...current, service: entry[1].trim(), port, protocol: entry[2] ? protocolOf(entry[2]) : undefined });
        }
    }
    return result;
}

function portTexts(flow: CatalogFlow): string[] {
    return flow.ports.map(catalogPortText).sort();
}

function sameEndpoint(actual: CatalogFlowEndpoint, expected: Endpoint): boolean {
    return actual.typeId === expected.typeId && actual.os === expected.os && actual.excludedTypeIds.length === 0 && actual.platforms.length === 0;
}

describe('Zero Networks catalog against the deployment guide (seed 002)', () => {
    let catalog: Catalog;
    let flows: CatalogFlow[];
    let lines: string[];

    before(async () => {
        const services = await createTestServices();
        catalog = services.analysis.PlanAnalyzer.catalog();
        flows = catalog.flows.filter(f => f.vendorId === 'zeronetworks');
        lines = readSeed(SEED).split(/\r?\n/);
    });

    it('reads every row of both port tables out of the guide', () => {
        const rows = TABLE_SECTIONS.flatMap(s => tableRows(lines, s));
        // 2 external rows, 9 internal ones (the LDAP…DNS block continues the same table).
        assert.deepEqual(TABLE_SECTIONS.map(s => rows.filter(r => r.section === s).length), [2, 9]);
    });

    for (const section of TABLE_SECTIONS) {
        it(`has exactly one flow per row of "${section}", with the row's ends, transport and ports`, () => {
            const rows = tableRows(lines, section);
            for (const row of rows) {
                const cited = flows.filter(f => f.sources.some(s => s.file === SEED && s.section === section && s.row === row.row));
                assert.equal(cited.length, 1, `row ${row.row} (${row.service}) should be cited by exactly one flow, found ${cited.length}`);
                const flow = cited[0];
                const where = `${section} row ${row.row} (${row.service})`;
                // The guide's Direction column is relative to the Segment Server.
                const server = row.direction === 'Outbound' ? row.from : row.to;
                assert.equal(server.typeId, 'zeronetworks.SegmentServer', `${where}: ${row.direction} rows start or end at the Segment Server`);
                assert.ok(sameEndpoint(flow.from, row.from), `${where}: from ${JSON.stringify(flow.from)}, expected ${JSON.stringify(row.from)}`);
                assert.ok(sameEndpoint(flow.to, row.to), `${where}: to ${JSON.stringify(flow.to)}, expected ${JSON.stringify(row.to)}`);
                assert.equal(flow.protocol, row.protocol, `${where}: protocol`);
                assert.deepEqual(portTexts(flow), row.ports, `${where}: ports`);
                assert.ok(flow.featureIds.length === 0 && !flow.conditions.has('install-only') && !flow.conditions.has('not-required'),
                    `${where}: the guide makes this flow unconditional`);
                // External rows cross the internet to the vendor cloud; internal ones do not.
                assert.equal(flow.conditions.has('internet-facing'), section.startsWith('2.2.1'), `${where}: internet-facing`);
            }
            const rowCitations = flows.flatMap(f => f.sources).filter(s => s.section === section);
            assert.ok(rowCitations.every(s => s.row !== undefined && s.row >= 1 && s.row <= rows.length),
                `every citation of ${section} names one of its ${rows.length} rows`);
        });
    }

    it('carries every port of the numbered list in 2.2, in its direction and transport', () => {
        const prose = prosePorts(lines);
        assert.deepEqual([...new Set(prose.map(p => p.item))], [1, 2, 3, 4], 'the list has four items');
        assert.deepEqual(prose.map(p => p.port).sort(), ['135', '22', '3268', '30022', '389', '443', '443', '445', '53', '5985', '636', '88'].sort());
        const proseFlows = flows.filter(f => f.sources.some(s => s.file === SEED && s.section === PROSE_SECTION && s.row === undefined));
        for (const p of prose) {
            const what = `item ${p.item} (${p.group}): ${p.service} ${p.port}`;
            const candidates = proseFlows.filter(f => f.ports.some(port => catalogPortText(port) === p.port)
                && (p.protocol === undefined || f.protocol === p.protocol)
                && (p.direction === 'Outbound' ? f.from.typeId === 'zeronetworks.SegmentServer' : f.to.typeId === 'zeronetworks.SegmentServer'));
            // The far end each item names: item 2's cloud service has two addresses (two types).
            const farEnds = p.item === 1 ? [p.service === 'DNS' ? 'infra.DnsServer' : 'microsoft.DomainController']
                : p.item === 2 ? ['zeronetworks.SegmentCloud', 'zeronetworks.MonitorEndpoint']
                    : p.item === 3 ? [p.service === 'WinRM' ? 'zeronetworks.WindowsAsset' : 'zeronetworks.LinuxAsset']
                        : ['zeronetworks.Asset'];
            for (const farEnd of farEnds) {
                const ancestors = catalog.ancestorsOf(farEnd);
                const reaching = candidates.filter(f => ancestors.has(p.direction === 'Outbound' ? f.to.typeId : f.from.typeId));
                assert.ok(reaching.length > 0, `${what}: no flow citing "${PROSE_SECTION}" carries it to ${farEnd}`);
            }
        }
    });

    it('cites only headings that exist in the guide, and every flow cites the guide', () => {
        const headings = new Set(lines.map(l => l.trim()));
        for (const flow of flows) {
            assert.ok(flow.sources.length > 0, `flow ${flow.purpose} cites nothing`);
            for (const source of flow.sources) {
                assert.equal(source.file, SEED);
                assert.ok(headings.has(source.section), `"${source.section}" is not a heading of ${SEED}`);
            }
        }
    });

    it('names no port that neither the tables nor the list give', () => {
        const documented = new Set([...TABLE_SECTIONS.flatMap(s => tableRows(lines, s)).flatMap(r => r.ports), ...prosePorts(lines).map(p => p.port)]);
        const used = new Set(flows.flatMap(f => f.ports.map(catalogPortText)));
        assert.deepEqual([...used].filter(p => !documented.has(p)), []);
        assert.deepEqual([...documented].filter(p => !used.has(p)), []);
    });
});
