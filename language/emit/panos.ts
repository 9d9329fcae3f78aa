import { formatPortRange } from '../network/ports.js';
import { cleanName, cleanText, contentDigest, type CleanOptions } from './escape.js';
import {
    COMMENT_TEXT_MAX, deviceZoneNames, concreteSide, noteLines, ruleNotes, ruleSummary, shortPurpose, skipNote, titleLines,
    type EmitOptions, type EmitResult, type Emitter
} from './emitter.js';
import { piecesOf } from './line-bounds.js';
import { DEVICE_CLOCK, deviceClockLines } from './device-clock.js';
import { AddressObjects, compareServices, type ServiceObject } from './objects.js';
import { compareText } from '../utils/compare-text.js';
import { notKept, ownedLines, readCreated, type OwnedNames } from './owned-names.js';
import { ANY_ZONE, type RuleSet } from './rule-set.js';
import { onDeviceZones } from './device-zone-rules.js';

/**
 * Palo Alto PAN-OS: `set` commands for configure mode: address objects (prefixes and FQDNs),
 * service objects, one-off schedules for temporary rules, and security rules with from/to zones
 * named as in the plan. Lines starting with `#` are comments to strip before pasting.
 *
 * Safe to paste over an earlier version. On PAN-OS `set … source [ … ]` on an existing rule adds
 * members, so a rule's name ends in a digest of everything it allows (zones, addresses, service,
 * schedule): a changed rule is a new rule and never merges into the old one, an unchanged rule is
 * set to what it already is. Service objects are named by their ports the same way. Given the
 * The plan's denies are deny rules moved to the top of the rulebase, above every allow rule,
 * SegPlan's or another's. Given the
 * earlier version (`--previous`, or the file `-o` overwrites), the file first deletes the rules
 * of that version's chain (see owned-names.ts) it no longer has and, last, the objects nothing
 * uses any more.
 */

// Descriptions are double-quoted; the allow-list keeps out `"`, `\`, `;` and anything else.
const CLEAN: CleanOptions = { extra: /['$]/, max: COMMENT_TEXT_MAX };

/**
 * Lines pasted into the CLI stay short. A rule's source and destination members go onto its
 * first command up to MEMBER_WIDTH characters each; the rest follow in further `set … source [ … ]`
 * commands of the same rule, which add members (never replace them).
 */
const MAX_LINE_LENGTH = 4096;
const MEMBER_WIDTH = 1500;
/** A service object's port list is at most 1023 characters on PAN-OS. */
const PORTS_WIDTH = 1000;

function bracket(names: readonly string[]): string {
    return names.length === 1 ? names[0] : `[ ${names.join(' ')} ]`;
}

/** A piece of member names (joined by spaces) as PAN-OS takes it: one name bare, more in brackets. */
function memberList(piece: string): string {
    return piece.includes(' ') ? `[ ${piece} ]` : piece;
}

function emit(this: Emitter, ruleSet: RuleSet, options?: EmitOptions): EmitResult {
    const warnings: string[] = [];
    const objects = new AddressObjects('SP-', 63);
    const services = new Map<string, ServiceObject>(), schedules = new Map<string, string>(), rules: string[] = [], ruleNames: string[] = [];
    // PAN-OS zone names: at most 31 characters, used as the plan writes them (or as --map gives them).
    const zoneName = deviceZoneNames(ruleSet, 'PAN-OS', 31, warnings, options);
    const zoneOf = (zone: string) => (zone === ANY_ZONE || ruleSet.internetZones.includes(zone) ? 'any' : zoneName(zone));
    // The denies first: each is a deny rule moved to the top of the rulebase (the last moved first,
    // so they stand in plan order above every rule, SegPlan's or another's); nothing below reopens them.
    const denyNames: string[] = [];
    // Each rule for every zone its addresses lie in on the device (zones nested in zones).
    const placed = onDeviceZones(ruleSet);
    const numbered = [...placed.denies.map(r => [r, 'd'] as const), ...placed.rules.map(r => [r, 'r'] as const)];
    for (const [rule, prefix] of numbered) {
        const where = `${prefix}-${rule.id}`;
        const sources = concreteSide(rule.sources, true, warnings, where);
        const destinations = concreteSide(rule.destinations, true, warnings, where);
        rules.push(`# ${cleanText(ruleSummary(rule, prefix), CLEAN)}`, ...ruleNotes(rule, CLEAN, DEVICE_CLOCK).map(l => `#   ${l}`));
        const from = zoneOf(rule.sourceZone), to = zoneOf(rule.destinationZone);
        if (!from || !to) {
            warnings.push(skipNote(rule, 'its zone has no name PAN-OS can take (see above)', prefix));
            rules.push('# NOT EMITTED: its zone has no name PAN-OS can take');
            continue;
        }
        if (sources.length === 0 || destinations.length === 0) {
            warnings.push(skipNote(rule, 'no source or destination with an address left', prefix));
            rules.push('# NOT EMITTED: no source or destination with an address left');
            continue;
        }
        const names = (list: typeof sources) => list.some(e => e.any) ? ['any']
            : list.flatMap(e => { const o = objects.of(e); return [...o.v4, ...o.v6, ...o.fqdn].map(x => x.name); });
        let service = 'any';
        if (rule.protocol !== 'any') {
            const ports = rule.ports.map(formatPortRange).join(',');
            service = `SP-${rule.protocol}-${contentDigest([rule.protocol, ports])}`;
            // A service's port field takes PORTS_WIDTH characters at most: a longer list is several
            // services, all members of the rule.
            const pieces = piecesOf(rule.ports.map(formatPortRange), ',', PORTS_WIDTH);
            if (pieces.length === 1) services.set(service, { protocol: rule.protocol, ports: rule.ports, lines: [`set service ${service} protocol ${rule.protocol} port ${ports}`] });
            else {
                const parts = pieces.map((piece, i) => {
                    const part = `${service}-${i + 1}`;
                    services.set(part, { protocol: rule.protocol, ports: rule.ports, lines: [`set service ${part} protocol ${rule.protocol} port ${piece}`] });
                    return part;
                });
                service = `[ ${parts.join(' ')} ]`;
            }
        }
        const allows = [
            `from ${from}`,
            `to ${to}`,
            `source ${bracket([...new Set(names(sources))])}`,
            `destination ${bracket([...new Set(names(destinations))])}`,
            'application any',
            `service ${service}`,
            rule.denied ? 'action deny' : 'action allow'
        ];
        if (rule.until) {
            const schedule = cleanName(`SP-until-${rule.until}`, 31);
            const [y, m, d] = rule.until.split('-');
            schedules.set(schedule, `set schedule ${schedule} schedule-type non-recurring 2000/01/01@00:00-${y}/${m}/${d}@23:59`);
            allows.push(`schedule ${schedule}`);
        }
        // The address objects' values are part of what the rule allows: a moved address is a new rule too.
        const addressValues = [...new Set(names(sources).concat(names(destinations)))].map(n => objects.valueOf(n) ?? n);
        const name = `SP-${prefix}-${rule.id}-${contentDigest([...allows, ...addressValues])}`;
        ruleNames.push(name);
        if (rule.denied) denyNames.push(name);
        const sourcePieces = piecesOf([...new Set(names(sources))], ' ', MEMBER_WIDTH), destinationPieces = piecesOf([...new Set(names(destinations))], ' ', MEMBER_WIDTH);
        if (sourcePieces.length > 1 || destinationPieces.length > 1) {
            allows[2] = `source ${memberList(sourcePieces[0])}`;
            allows[3] = `destination ${memberList(destinationPieces[0])}`;
        }
        rules.push([`set rulebase security rules ${name}`, ...allows, `description "${cleanText(shortPurpose(rule), { ...CLEAN, max: 1000 })}"`].join(' '));
        for (const [side, pieces] of [['source', sourcePieces], ['destination', destinationPieces]] as const) {
            for (let i = 1; i < pieces.length; i++) rules.push(`set rulebase security rules ${name} ${side} ${memberList(pieces[i])}`);
        }
    }
    const addressLines = objects.all().map(o => o.kind === 'fqdn'
        ? `set address ${o.name} fqdn ${o.value}`
        : `set address ${o.name} ip-netmask ${o.value}`);
    const earlier = options?.previous === undefined ? undefined : previousNames(options.previous);
    const mine: OwnedNames = new Map([
        ['rule', new Set(ruleNames)], ['service', new Set(services.keys())], ['schedule', new Set(schedules.keys())],
        ['address', new Set(objects.all().map(o => o.name))]
    ]);
    const gone = (kind: string) => notKept(earlier, kind, mine.get(kind)!);
    const text = [
        ...titleLines(ruleSet, this, CLEAN, options).map(l => `# ${l}`),
        ...noteLines(ruleSet, warnings, CLEAN).map(l => `# ${l}`),
        '# Configure mode set commands; zones and interfaces named as the plan\'s zones must exist. Strip # lines before pasting.',
        '# Safe to paste over an earlier version: rule and service names end in a digest of what they allow, so nothing merges.',
        earlier
            ? '# Rules and objects that the earlier versions (pasted or not) created and this one does not are deleted (rules first, objects last).'
            : '# No earlier version was given (--previous, or -o onto the earlier file): rules it had and this one does not are NOT deleted.',
        ...(earlier ? ['# Deleting one the firewall does not have changes nothing.'] : []),
        ...(denyNames.length ? ['# The plan\'s denies are deny rules moved to the top of the rulebase: no rule below them reopens what they deny.'] : []),
        ...deviceClockLines('#', "'show clock' shows its time zone", schedules.size > 0),
        ...gone('rule').map(n => `delete rulebase security rules ${n}`),
        // Objects in an order of what they are, never of which rule used them first: a rule added
        // to the plan leaves every other object where it stands.
        ...addressLines,
        ...[...services].sort(([a, x], [b, y]) => compareServices(x, y) || compareText(a, b)).flatMap(([, s]) => s.lines),
        ...[...schedules].sort(([a], [b]) => compareText(a, b)).map(([, line]) => line),
        ...rules,
        ...[...denyNames].reverse().map(n => `move rulebase security rules ${n} top`),
        ...gone('service').map(n => `delete service ${n}`),
        ...gone('schedule').map(n => `delete schedule ${n}`),
        ...gone('address').map(n => `delete address ${n}`),
        ...ownedLines('#', earlier, mine),
        ''
    ].join('\n');
    return { text, warnings: [...ruleSet.notes, ...warnings] };
}

/**
 * The names an earlier SegPlan file for PAN-OS lists as created by its chain, and those its `set`
 * lines create (a file from before the list was written has only these; SegPlan's `SP-` names only).
 */
function previousNames(text: string): OwnedNames {
    return readCreated(text, '#', [
        [/^set rulebase security rules (SP[-_]\S+) /, 'rule'],
        [/^set service (SP[-_]\S+) /, 'service'],
        [/^set schedule (SP[-_]\S+) /, 'schedule'],
        [/^set address (SP[-_]\S+) /, 'address']
    ]);
}

export const panosEmitter: Emitter = {
    id: 'panos',
    label: 'Palo Alto PAN-OS',
    detail: 'set commands: address and service objects, security rules with from/to zones, schedules for temporary rules',
    languageId: 'panos',
    fileSuffix: 'panos.txt',
    maxLineLength: MAX_LINE_LENGTH,
    earlierVersion: { commentMark: '#' },
    readBack: { importer: 'panos' },
    emit
};
