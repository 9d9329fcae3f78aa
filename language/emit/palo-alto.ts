import { formatPortRange } from '../model/ports.js';
import { cleanName, cleanText, type CleanOptions } from './escape.js';
import {
    deviceZoneNames, concreteSide, noteLines, ruleNotes, ruleSummary, shortPurpose, skipNote, titleLines,
    type EmitOptions, type EmitResult, type Emitter
} from './emitter.js';
import { AddressObjects } from './objects.js';
import { ANY_ZONE, type RuleSet } from './rule-set.js';

/**
 * Palo Alto PAN-OS: `set` commands for configure mode: address objects (prefixes and FQDNs),
 * service objects, one-off schedules for temporary rules, and security rules with from/to zones
 * named as in the plan. Lines starting with `#` are comments to strip before pasting.
 */

// Descriptions are double-quoted; the allow-list keeps out `"`, `\`, `;` and anything else.
const CLEAN: CleanOptions = { extra: /[']/ };

function bracket(names: readonly string[]): string {
    return names.length === 1 ? names[0] : `[ ${names.join(' ')} ]`;
}

function emit(this: Emitter, ruleSet: RuleSet, options?: EmitOptions): EmitResult {
    const warnings: string[] = [];
    const objects = new AddressObjects('SP-', 63);
    const services: string[] = [], schedules = new Map<string, string>(), rules: string[] = [];
    // PAN-OS zone names: at most 31 characters, used as the plan writes them (or as --map gives them).
    const zoneName = deviceZoneNames(ruleSet, 'PAN-OS', 31, warnings, options);
    const zoneOf = (zone: string) => (zone === ANY_ZONE || ruleSet.internetZones.includes(zone) ? 'any' : zoneName(zone));
    for (const rule of ruleSet.rules) {
        const where = `r${rule.number}`;
        const sources = concreteSide(rule.sources, true, warnings, where);
        const destinations = concreteSide(rule.destinations, true, warnings, where);
        rules.push(`# ${cleanText(ruleSummary(rule), CLEAN)}`, ...ruleNotes(rule, CLEAN).map(l => `#   ${l}`));
        const from = zoneOf(rule.sourceZone), to = zoneOf(rule.destinationZone);
        if (!from || !to) {
            warnings.push(skipNote(rule, 'its zone has no name PAN-OS can take (see above)'));
            rules.push('# NOT EMITTED: its zone has no name PAN-OS can take');
            continue;
        }
        if (sources.length === 0 || destinations.length === 0) {
            warnings.push(skipNote(rule, 'no source or destination with an address left'));
            rules.push('# NOT EMITTED: no source or destination with an address left');
            continue;
        }
        const names = (list: typeof sources) => list.some(e => e.any) ? ['any']
            : list.flatMap(e => { const o = objects.of(e); return [...o.v4, ...o.v6, ...o.fqdn].map(x => x.name); });
        let service = 'any';
        if (rule.protocol !== 'any') {
            service = cleanName(`SP-r${rule.number}-${rule.protocol}`, 63);
            services.push(`set service ${service} protocol ${rule.protocol} port ${rule.ports.map(formatPortRange).join(',')}`);
        }
        const name = `SP-r${rule.number}`;
        const parts = [
            `set rulebase security rules ${name}`,
            `from ${from}`,
            `to ${to}`,
            `source ${bracket([...new Set(names(sources))])}`,
            `destination ${bracket([...new Set(names(destinations))])}`,
            'application any',
            `service ${service}`,
            'action allow'
        ];
        if (rule.until) {
            const schedule = cleanName(`SP-until-${rule.until}`, 31);
            const [y, m, d] = rule.until.split('-');
            schedules.set(schedule, `set schedule ${schedule} schedule-type non-recurring 2000/01/01@00:00-${y}/${m}/${d}@23:59`);
            parts.push(`schedule ${schedule}`);
        }
        parts.push(`description "${cleanText(shortPurpose(rule), { ...CLEAN, max: 1000 })}"`);
        rules.push(parts.join(' '));
    }
    const addressLines = objects.all().map(o => o.kind === 'fqdn'
        ? `set address ${o.name} fqdn ${o.value}`
        : `set address ${o.name} ip-netmask ${o.value}`);
    const text = [
        ...titleLines(ruleSet, this, CLEAN, options).map(l => `# ${l}`),
        ...noteLines(ruleSet, warnings, CLEAN).map(l => `# ${l}`),
        '# Configure mode set commands; zones and interfaces named as the plan\'s zones must exist. Strip # lines before pasting.',
        ...addressLines,
        ...services,
        ...schedules.values(),
        ...rules,
        ''
    ].join('\n');
    return { text, warnings: [...ruleSet.notes, ...warnings] };
}

export const paloAltoEmitter: Emitter = {
    id: 'panos',
    label: 'Palo Alto PAN-OS',
    detail: 'set commands: address and service objects, security rules with from/to zones, schedules for temporary rules',
    languageId: 'plaintext',
    fileSuffix: 'panos.txt',
    emit
};
