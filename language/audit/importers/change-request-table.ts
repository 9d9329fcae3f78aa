import { AddressSet, parseAddress } from '../../network/addresses.js';
import { ALL_PORTS, parsePortTextInFull, portSetOf, type PortSet } from '../../network/ports.js';
import { type FirewallPolicy, type PolicyRule, repliesPass } from '../firewall-policy.js';
import { EVERY_ADDRESS, type Transport } from '../traffic-space.js';
import { ConfigError, knownHostNames, windowOfRule, type ImportOptions } from './importer.js';
import { boundAround, wallClockTime } from './time-window.js';

/**
 * A change-request table (SegPlan's CSV and Markdown output, or one edited by hand) read as what
 * it asks for: each row allows its sources to reach its destinations on its protocol and ports,
 * until the end of its "Temporary until" day (UTC, as SegPlan's other targets expire it), and
 * nothing else is allowed. A host name the plan places in a zone is read as exactly that name
 * (verify proves it for every address it may resolve to); any other host name is unknown at its
 * row: the table does not say which addresses it has. Nothing is guessed.
 */

/** The columns the table is read by (SegPlan writes more, for the people who review it). */
const COLUMNS = { rule: 'Rule', sources: 'Source addresses', destinations: 'Destination addresses', protocol: 'Protocol', ports: 'Ports', until: 'Temporary until' } as const;
const REQUIRED = [COLUMNS.sources, COLUMNS.destinations, COLUMNS.protocol, COLUMNS.ports];

/** A table row as read: each cell's text by its column's heading, and the row's line in the file. */
export interface TableRow {
    readonly cells: ReadonlyMap<string, string>;
    readonly line: number;
}

/** The heading row's cells checked: every column the table is read by is there, once. */
export function checkHeadings(headings: readonly string[], line: number, file: string): void {
    for (const name of REQUIRED) {
        const count = headings.filter(h => h === name).length;
        if (count !== 1) throw new ConfigError(`${file} line ${line}: ${count ? `the column "${name}" is there ${count} times` : `no "${name}" column`}: is it a change request written by segplan generate?`, line);
    }
}

interface Side { readonly known: AddressSet; readonly unknown?: string }

/**
 * A cell of addresses: `any`, addresses, ranges, CIDR blocks and host names separated by spaces.
 * A host name in `hostNames` is that name; any other is unknown.
 */
function sideOf(text: string, line: number, file: string, column: string, hostNames: ReadonlySet<string>): Side {
    // "(name has no address)": an instance the plan gives no address, so the row allows nothing for it.
    const words = text.replace(/\([^()]*? has no address\)/g, ' ').split(/\s+/).filter(Boolean);
    let known = AddressSet.EMPTY;
    const names: string[] = [];
    for (const word of words) {
        // Every address, and every host name the plan places (each resolves to some address).
        if (word === 'any') { known = known.union(EVERY_ADDRESS).union(AddressSet.of([], hostNames)); continue; }
        const parsed = parseAddress(word);
        if ('error' in parsed) throw new ConfigError(`${file} line ${line}: ${column}: '${word}' is not an address, range, CIDR block, host name or any`, line);
        if (parsed.block.kind === 'host' && !hostNames.has(parsed.block.name)) names.push(parsed.block.name);
        else known = known.union(AddressSet.of([parsed.block]));
    }
    return { known, unknown: names.length ? `host name${names.length > 1 ? 's' : ''} ${names.join(', ')}: the table does not say which addresses ${names.length > 1 ? 'they have' : 'it has'}` : undefined };
}

function protocolsOf(text: string, line: number, file: string): Transport[] {
    switch (text.trim().toLowerCase()) {
        case 'tcp': return ['tcp'];
        case 'udp': return ['udp'];
        case 'any': case 'tcp/udp': return ['tcp', 'udp'];
    }
    throw new ConfigError(`${file} line ${line}: protocol '${text}' is not tcp, udp or any`, line);
}

function portsOf(text: string, protocol: string, line: number, file: string): PortSet {
    const t = text.trim().toLowerCase();
    if (t === 'all' || t === 'all ports' || protocol.trim().toLowerCase() === 'any' && t === '') return ALL_PORTS;
    const ranges = t.split(',').map(p => p.trim()).map(p => {
        const parsed = parsePortTextInFull(p);
        if ('error' in parsed || parsed.openEnded) throw new ConfigError(`${file} line ${line}: ports: '${p}' is not a port or a port range (1-65535)`, line);
        return parsed.range;
    });
    if (ranges.length === 0) throw new ConfigError(`${file} line ${line}: no ports`, line);
    return portSetOf(ranges);
}

/** Whether a row with this "Temporary until" day is still asked for at the instant read: through the end of that day, UTC. */
function untilHolds(text: string, options: ImportOptions, line: number): boolean {
    const t = text.trim();
    if (t === '') return true;
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(t);
    const day = m ? wallClockTime(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0) : undefined;
    if (day === undefined) throw new ConfigError(`${options.file} line ${line}: temporary until '${t}' is not a date (YYYY-MM-DD)`, line);
    return windowOfRule(options, undefined, boundAround(day + 86_400_000, 0)) === 'active';
}

/** The policy a change request asks for: its rows' allows, and nothing else. */
export function tablePolicy(kind: string, rows: readonly TableRow[], options: ImportOptions): FirewallPolicy {
    const rules: PolicyRule[] = [];
    const unknowns: PolicyRule[] = [];
    const hostNames = knownHostNames(options);
    for (const row of rows) {
        const cell = (name: string) => row.cells.get(name) ?? '';
        if (!untilHolds(cell(COLUMNS.until), options, row.line)) continue;
        const protocol = cell(COLUMNS.protocol);
        const protocols = new Set(protocolsOf(protocol, row.line, options.file));
        const destinationPorts = portsOf(cell(COLUMNS.ports), protocol, row.line, options.file);
        const sources = sideOf(cell(COLUMNS.sources), row.line, options.file, COLUMNS.sources, hostNames);
        const destinations = sideOf(cell(COLUMNS.destinations), row.line, options.file, COLUMNS.destinations, hostNames);
        const location = { file: options.file, line: row.line, text: `${cell(COLUMNS.rule) || 'row'}: ${protocol} ${cell(COLUMNS.ports)} from ${cell(COLUMNS.sources)} to ${cell(COLUMNS.destinations)}`.slice(0, 300) };
        rules.push({ match: { protocols, destinationPorts, sources: sources.known, destinations: destinations.known }, action: { kind: 'accept' }, location });
        const why = sources.unknown ?? destinations.unknown;
        // Allows add up: what the row might allow through a name comes after every row's known part.
        if (why) unknowns.push({ match: { protocols, destinationPorts, sources: sources.unknown ? EVERY_ADDRESS : sources.known, destinations: destinations.unknown ? EVERY_ADDRESS : destinations.known }, action: { kind: 'accept' }, unknown: why, location });
    }
    // A row asks for connections: their replies are part of them, whatever platform the rows are entered on.
    const replies = repliesPass(options.file, 'a change request asks for connections: their replies come back');
    const chain = { name: 'requested', rules: [replies, ...rules, ...unknowns], policy: { verdict: 'drop' as const, location: { file: options.file, line: 0, text: 'a change request allows only what its rows ask for' } } };
    return { kind, chains: new Map([[chain.name, chain]]), entry: [chain.name], families: new Set(['ipv4', 'ipv6']), unevaluated: [] };
}
