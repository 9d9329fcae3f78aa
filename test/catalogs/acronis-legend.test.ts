import * as assert from 'node:assert/strict';
import type { Catalog, CatalogFlow } from '../../language/catalog/catalog-model.js';
import { createTestServices } from '../helpers/services.js';
import { readSeed } from '../helpers/seeds.js';

const SCS_SEED = '001_582cfc70e5366b67.txt';
const CP_SEED = '003_30ceb773e13066f3.txt';
const APPENDIX = 'APPENDIX A – COMPLETE NETWORK DIAGRAM AND PORTS';

type Protocol = 'tcp' | 'udp';

interface LegendPart {
    /** The words before the colon of a sub-item (`SMB`, `Register Agent`), or the item's own. */
    readonly label: string;
    readonly ports: readonly { protocol: Protocol; port: number }[];
}

/** Appendix A's legend: two tab-separated columns of `N. text`, read straight from the seed. */
function legendItems(seed: string): Map<number, string> {
    const start = seed.indexOf('\nLegend');
    const end = seed.indexOf('Backup data', start);
    assert.ok(start >= 0 && end > start, 'the seed has an Appendix A legend');
    const items = new Map<number, string>();
    for (const line of seed.slice(start, end).split(/\r?\n/)) {
        for (const cell of line.split('\t')) {
            const m = /^\s*(\d+)\.\s*(.*?)\s*$/.exec(cell);
            if (m && m[2]) items.set(Number(m[1]), m[2]);
        }
    }
    return items;
}

/**
 * The ports of one legend item. "All ports are TCP unless otherwise specified"; `UDP 137` or
 * `TCP, UDP 111 and 2049` set the protocol of the numbers that follow, until the next protocol word.
 * Sub-items (`- SMB: … - SFTP: …`) start over at TCP.
 */
function legendParts(text: string): LegendPart[] {
    const parts: LegendPart[] = [];
    for (const raw of text.replace(/\(default, can vary\)/g, '').split(/(?:^|\s)-\s+/)) {
        if (!raw.trim()) continue;
        const colon = raw.indexOf(':');
        const label = colon >= 0 ? raw.slice(0, colon).trim() : '';
        let protocols: Protocol[] = ['tcp'];
        let afterProtocol = false;
        const ports: { protocol: Protocol; port: number }[] = [];
        for (const token of raw.match(/[A-Za-z][\w.+]*|\d+/g) ?? []) {
            if (/^(TCP|UDP)$/.test(token)) {
                const p = token.toLowerCase() as Protocol;
                protocols = afterProtocol ? [...protocols, p] : [p];
                afterProtocol = true;
                continue;
            }
            afterProtocol = false;
            if (/^\d+$/.test(token)) for (const protocol of protocols) ports.push({ protocol, port: Number(token) });
        }
        parts.push({ label, ports });
    }
    return parts;
}

/** How the legend's words map to catalog types; `only` picks the ports of a part that go to `to`. */
interface Arrow {
    readonly part?: RegExp;
    readonly from: string;
    readonly to: string;
    readonly only?: readonly number[];
    readonly conditions?: readonly string[];
}

const MS = 'acronis.ManagementServer', AGENT = 'acronis.Agent', ADMIN = 'infra.AdminWorkstation', CLI = 'acronis.CommandLine';
const SN = 'acronis.StorageNode', CATALOG = 'acronis.Catalog', VMWARE_AGENT = 'acronis.AgentForVmware';

const LEGEND: Record<number, readonly Arrow[]> = {
    1: [{ from: MS, to: 'acronis.DownloadServer', conditions: ['internet-facing'] }],          // "to dl.acronis.com"
    2: [{ from: MS, to: 'acronis.AccountServer', conditions: ['internet-facing'] }],           // "to account.acronis.com"
    3: [{ from: ADMIN, to: MS, conditions: ['default-changeable'] }],                          // "Manage Environment"
    4: [{ from: CLI, to: MS }],                                                                // "remote CL" (to the server)
    5: [
        { part: /Register Agent|Sync licenses/, from: AGENT, to: MS, conditions: ['default-changeable'] },
        { part: /Manage Agent/, from: AGENT, to: MS }
    ],
    6: [
        { part: /U2\+/, from: MS, to: AGENT, conditions: ['install-only'] },
        { part: /U1 and earlier/, from: MS, to: AGENT, conditions: ['install-only', 'legacy'] }
    ],
    7: [{ from: CLI, to: AGENT }],                                                             // "remote CL" (to an agent)
    8: [{ from: AGENT, to: 'acronis.CloudStorage', conditions: ['internet-facing'] }],
    9: [{ from: ADMIN, to: MS, conditions: ['default-changeable'] }],                          // "Browse and search backups"
    10: [{ from: CATALOG, to: SN }],                                                           // "Index backups"
    11: [{ from: MS, to: CATALOG }],                                                           // "Receive catalog metadata"
    12: [
        { part: /Manage ASN/, from: SN, to: MS },
        { part: /Register ASN/, from: SN, to: MS, conditions: ['default-changeable'] }
    ],
    13: [{ from: AGENT, to: SN }],                                                             // "Backup to managed location"
    14: [
        { part: /SMB/, from: AGENT, to: 'acronis.SmbArchive' },
        { part: /SFTP/, from: AGENT, to: 'acronis.SftpArchive', conditions: ['default-changeable'] }
    ],
    15: [
        { from: VMWARE_AGENT, to: 'vmware.VCenter', only: [443] },
        { from: VMWARE_AGENT, to: 'vmware.EsxiHost' }
    ],
    16: [{ from: AGENT, to: 'acronis.NfsArchive' }],
    17: [{ from: MS, to: 'infra.SmtpServer', conditions: ['default-changeable'] }],            // "Send reports and emails"
    18: [
        { from: MS, to: 'vmware.VCenter', only: [443] },
        { from: MS, to: 'vmware.EsxiHost' }
    ],
    19: [
        { part: /SMB/, from: SN, to: 'acronis.SmbArchive' },
        { part: /SFTP/, from: SN, to: 'acronis.SftpArchive', conditions: ['default-changeable'] }
    ]
};

/** Item 6 lists two versions in one sentence: split it so each version is a part of its own. */
function partsOf(item: number, text: string): LegendPart[] {
    if (item !== 6) return legendParts(text);
    const [older, newer] = text.replace(/^Remote installation:\s*/, '').split('U2+:');
    return [{ label: 'U1 and earlier', ports: legendParts(older).flatMap(p => p.ports) }, { label: 'U2+', ports: legendParts(newer).flatMap(p => p.ports) }];
}

const TRACKED_CONDITIONS = ['install-only', 'legacy', 'internet-facing', 'default-changeable'];

/** One line per (flow end points, protocol, port, conditions that matter here). */
function tuples(flow: CatalogFlow, catalog: Catalog): string[] {
    const conditions = TRACKED_CONDITIONS.filter(c => flow.conditions.has(c as never)).join(',');
    const protocols = flow.protocol === 'tcp/udp' ? ['tcp', 'udp'] : [flow.protocol];
    return flow.ports.flatMap(p => {
        const ports: number[] = [];
        if (p.kind === 'setting') ports.push(catalog.portSettings.get(p.settingId)!.defaultPort);
        else for (let n = p.range.from; n <= p.range.to; n++) ports.push(n);
        return protocols.flatMap(protocol => ports.map(port => `${flow.from.typeId} -> ${flow.to.typeId} ${protocol} ${port} [${conditions}]`));
    });
}

function expectedTuples(arrow: Arrow, parts: readonly LegendPart[], item: number): string[] {
    const chosen = parts.filter(p => !arrow.part || arrow.part.test(p.label));
    assert.ok(chosen.length > 0, `legend item ${item}: no part matches ${arrow.part}`);
    const ports = chosen.flatMap(p => p.ports);
    if (arrow.only) for (const n of arrow.only) assert.ok(ports.some(p => p.port === n), `legend item ${item} lists ${n}`);
    const conditions = TRACKED_CONDITIONS.filter(c => arrow.conditions?.includes(c)).join(',');
    return ports.filter(p => !arrow.only || arrow.only.includes(p.port))
        .map(p => `${arrow.from} -> ${arrow.to} ${p.protocol} ${p.port} [${conditions}]`);
}

describe('Acronis SCS 12.5 catalog against Appendix A of the seed', () => {
    let catalog: Catalog;
    const seed = readSeed(SCS_SEED);
    const items = legendItems(seed);

    before(async () => {
        const services = await createTestServices();
        catalog = services.analysis.PlanAnalyzer.catalog();
    });

    const legendFlows = (row: number) => catalog.flows.filter(f => f.vendorId === 'acronis'
        && f.sources.some(s => s.file === SCS_SEED && s.section === APPENDIX && s.row === row));

    it('reads all 19 legend items from the seed', () => {
        assert.deepEqual([...items.keys()].sort((a, b) => a - b), Array.from({ length: 19 }, (_, i) => i + 1));
        assert.deepEqual(legendParts(items.get(14)!)[0].ports.map(p => `${p.protocol} ${p.port}`), ['udp 137', 'udp 138', 'tcp 139', 'tcp 445']);
        assert.deepEqual(legendParts(items.get(16)!)[0].ports.map(p => `${p.protocol} ${p.port}`), ['tcp 111', 'udp 111', 'tcp 2049', 'udp 2049']);
    });

    for (let item = 1; item <= 19; item++) {
        it(`legend item ${item}: ports, protocol and direction`, () => {
            const text = items.get(item);
            assert.ok(text, `legend item ${item} is in the seed`);
            const parts = partsOf(item, text);
            const flows = legendFlows(item);
            assert.ok(flows.length > 0, `a flow cites legend item ${item} ("${text}")`);
            const actual = [...new Set(flows.flatMap(f => tuples(f, catalog)))].sort();
            if (item === 17) {
                // "SMTP (25, 465, 587, etc)": one port, whichever the mail server uses. The catalog holds a
                // setting that defaults to the first and names the others.
                const listed = parts.flatMap(p => p.ports.map(x => x.port));
                assert.deepEqual(actual, [`${MS} -> infra.SmtpServer tcp ${listed[0]} [default-changeable]`]);
                const setting = flows[0].ports[0];
                assert.equal(setting.kind, 'setting');
                const name = catalog.portSettings.get((setting as { settingId: string }).settingId)!.displayName;
                for (const port of listed.slice(1)) assert.match(name, new RegExp(`\\b${port}\\b`));
                return;
            }
            const expected = [...new Set(LEGEND[item].flatMap(a => expectedTuples(a, parts, item)))].sort();
            assert.deepEqual(actual, expected);
        });
    }

    it('cites only legend rows that exist', () => {
        const rows = catalog.flows.filter(f => f.vendorId === 'acronis')
            .flatMap(f => f.sources.filter(s => s.section === APPENDIX).map(s => s.row));
        assert.ok(rows.every(r => r !== undefined && items.has(r)), `rows: ${rows.join(', ')}`);
    });

    it('cites sections that exist in the seed', () => {
        for (const flow of catalog.flows.filter(f => f.vendorId === 'acronis')) {
            for (const s of flow.sources) {
                assert.equal(s.file, SCS_SEED);
                assert.ok(seed.includes(s.section), `"${s.section}" is a heading of ${SCS_SEED}`);
            }
        }
    });

    it('makes the web console port a setting that defaults to 9877 and can be changed at install time', () => {
        assert.equal(catalog.portSettings.get('acronis.ConsolePort')?.defaultPort, 9877);
        assert.match(seed, /port used to access your web management console can be changed/);
        const users = catalog.flows.filter(f => f.ports.some(p => p.kind === 'setting' && p.settingId === 'acronis.ConsolePort'));
        assert.ok(users.length >= 3);
        assert.ok(users.every(f => f.conditions.has('default-changeable')));
    });

    it('follows the scenarios\' firewall rule requirements', () => {
        const has = (from: string, to: string, port: number, test: (f: CatalogFlow) => boolean = () => true) =>
            catalog.flows.some(f => f.vendorId === 'acronis' && f.from.typeId === from && f.to.typeId === to && test(f)
                && tuples(f, catalog).some(t => t.includes(` tcp ${port} `)));
        // Scenario 2: "inbound port 7780 from all agents and … 9877 from any computer where the admin(s) uses a browser".
        assert.match(seed, /inbound port 7780 from all agents[\s\S]*inbound port 9877 from any computer/);
        assert.ok(has(AGENT, MS, 7780) && has(ADMIN, MS, 9877));
        // Scenario 3: push ports 445, 25001, 43234, closed after installation.
        const push = /agents' inbound ports (\d+), (\d+), and (\d+)/.exec(seed)!;
        for (const port of push.slice(1).map(Number)) assert.ok(has(MS, AGENT, port, f => f.conditions.has('install-only') && !f.conditions.has('legacy')));
        // Scenario 4: "outbound port 22 to the off-site SFTP server".
        assert.match(seed, /outbound port 22 to the off-site SFTP server/);
        assert.ok(has(AGENT, 'acronis.SftpArchive', 22));
    });
});

/** The paragraph of the Cyber Protect note that starts with the given words. */
function paragraph(note: string, start: string): string {
    const found = note.split(/\r?\n/).find(line => line.startsWith(start));
    assert.ok(found, `the note has a paragraph starting "${start}"`);
    return found;
}

function numbersIn(text: string): number[] {
    return [...new Set((text.match(/\b\d{2,5}\b/g) ?? []).map(Number))].sort((a, b) => a - b);
}

describe('Acronis Cyber Protect catalog against the network connection note', () => {
    let catalog: Catalog;
    const note = readSeed(CP_SEED);

    before(async () => {
        const services = await createTestServices();
        catalog = services.analysis.PlanAnalyzer.catalog();
    });

    const cp = () => catalog.flows.filter(f => f.vendorId === 'cyberprotect' && !f.featureIds.includes('cyberprotect.DynamicInboundPorts'));
    /** Ports of the flows into a type (or its subtypes), as numbers. */
    const portsInto = (typeId: string) => [...new Set(cp()
        .filter(f => catalog.ancestorsOf(f.to.typeId).has(typeId))
        .flatMap(f => f.ports.flatMap(p => p.kind === 'fixed' ? [p.range.from] : [p.defaultPort])))].sort((a, b) => a - b);
    const flow = (from: string, to: string, port: number) => cp().find(f => f.from.typeId === from && f.to.typeId === to
        && f.ports.some(p => p.kind === 'fixed' && p.range.from === port));

    it('management server: exactly the two TCP ports it exposes, 7780 from agents and storage node, 9877 for UI and REST API', () => {
        const text = paragraph(note, 'Management server is');
        const exposed = /exposes two TCP ports: (\d+) and (\d+)/.exec(text)!.slice(1).map(Number).sort((a, b) => a - b);
        assert.deepEqual(portsInto('cyberprotect.ManagementServer'), exposed);
        const zmq = Number(/Port (\d+) implements the ZeroMQ/.exec(text)![1]);
        const tls = Number(/Port (\d+), protected with TLS/.exec(text)![1]);
        assert.match(text, new RegExp(`Port ${zmq} is used by the agents and storage node`));
        assert.ok(flow('cyberprotect.Agent', 'cyberprotect.ManagementServer', zmq)?.protocol === 'tcp');
        assert.ok(flow('cyberprotect.StorageNode', 'cyberprotect.ManagementServer', zmq));
        assert.ok(flow('infra.AdminWorkstation', 'cyberprotect.ManagementServer', tls), 'web UI');
        assert.ok(flow('infra.ApiClient', 'cyberprotect.ManagementServer', tls), 'REST API');
        // "to download updates over standard HTTP and HTTPS ports".
        assert.match(text, /cloud services to download updates over standard HTTP and HTTPS ports/);
        const updates = cp().find(f => f.from.typeId === 'cyberprotect.ManagementServer' && f.to.typeId === 'cyberprotect.CloudServices');
        assert.deepEqual(updates?.ports.map(p => p.kind === 'fixed' ? p.range.from : 0), [80, 443]);
        assert.ok(updates?.conditions.has('internet-facing'));
    });

    it('storage node: 9876 for backup data', () => {
        const ports = numbersIn(paragraph(note, 'Storage node is'));
        assert.deepEqual(portsInto('cyberprotect.StorageNode'), ports);
        assert.ok(flow('cyberprotect.Agent', 'cyberprotect.StorageNode', ports[0]));
    });

    it('catalog: reads the storage node on 9876, exposes the index on 9200', () => {
        const text = paragraph(note, 'Catalog is');
        const reads = Number(/accessing it on port (\d+)/.exec(text)![1]);
        const exposes = Number(/exposes the index on port (\d+)/.exec(text)![1]);
        assert.ok(flow('cyberprotect.Catalog', 'cyberprotect.StorageNode', reads));
        assert.deepEqual(portsInto('cyberprotect.Catalog'), [exposes]);
    });

    it('backup gateway: 44445 for data, 8888 for the optional HTTPS management service', () => {
        const text = paragraph(note, 'Backup gateway implements');
        const data = Number(/TCP port (\d+), registered at IANA/.exec(text)![1]);
        const management = Number(/may use port (\d+) for the HTTPS-based management/.exec(text)![1]);
        assert.deepEqual(portsInto('cyberprotect.BackupGateway'), [data, management].sort((a, b) => a - b));
        assert.ok(flow('cyberprotect.Agent', 'cyberprotect.BackupGateway', data));
        assert.ok(flow('cyberprotect.Agent', 'cyberprotect.CloudBackupGateway', data)?.conditions.has('internet-facing'));
        const optional = cp().filter(f => f.ports.some(p => p.kind === 'fixed' && p.range.from === management));
        assert.ok(optional.length > 0 && optional.every(f => f.featureIds.length > 0), `${management} only with a feature ("may use")`);
    });

    it('dynamic ports: the Windows default range, inbound, only when asked for', () => {
        const m = /dynamic port range in Windows is (\d+)\s*[–-]\s*(\d+)/.exec(note)!;
        const [from, to] = [Number(m[1]), Number(m[2])];
        const dynamic = catalog.flows.filter(f => f.vendorId === 'cyberprotect' && f.ports.some(p => p.kind === 'fixed' && p.range.from === from && p.range.to === to));
        assert.equal(dynamic.length, 1);
        assert.equal(dynamic[0].to.os, 'windows');
        // Acronis's own cloud gateway is not one of the customer's hosts.
        assert.deepEqual([dynamic[0].from.excludedTypeIds, dynamic[0].to.excludedTypeIds], [['cyberprotect.CloudBackupGateway'], ['cyberprotect.CloudBackupGateway']]);
        assert.deepEqual(dynamic[0].featureIds, ['cyberprotect.DynamicInboundPorts']);
    });

    it('every flow cites the note (and, for numbers the note leaves out, the SCS 12.5 legend)', () => {
        const flows = catalog.flows.filter(f => f.vendorId === 'cyberprotect');
        for (const f of flows) {
            for (const s of f.sources) {
                const text = s.file === CP_SEED ? note : readSeed(s.file);
                assert.ok(text.includes(s.section), `"${s.section}" is in ${s.file}`);
            }
            // Flows that only the older legend supports are the NetBIOS ports, kept as legacy.
            if (!f.sources.some(s => s.file === CP_SEED)) assert.ok(f.conditions.has('legacy'), f.purpose);
        }
    });
});
