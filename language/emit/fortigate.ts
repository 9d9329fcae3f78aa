import { cleanName, cleanText, type CleanOptions } from './escape.js';
import {
    deviceZoneNames, concreteSide, noteLines, ruleNotes, ruleSummary, shortPurpose, skipNote, titleLines,
    type EmitOptions, type EmitResult, type Emitter
} from './emitter.js';
import { AddressObjects, v4Mask } from './objects.js';
import { ANY_ZONE, type RuleSet } from './rule-set.js';

/**
 * Fortinet FortiGate CLI: `config firewall address` / `address6` (prefixes and FQDNs), `service
 * custom`, one-time schedules for temporary rules, and `config firewall policy` with interfaces
 * named as the plan's zones. Policies use fixed ids (1000 + rule number), so re-running the
 * script overwrites them instead of adding copies.
 */

// Values are double-quoted; the allow-list keeps out `"`, `\`, `$` and anything else.
const CLEAN: CleanOptions = { extra: /[']/ };
export const FORTIGATE_POLICY_BASE = 1000;

function q(text: string): string {
    return `"${text}"`;
}

function emit(this: Emitter, ruleSet: RuleSet, options?: EmitOptions): EmitResult {
    const warnings: string[] = [];
    const objects = new AddressObjects('SP_', 79);
    const services: string[] = [], schedules = new Map<string, string[]>(), policies: string[] = [];
    // FortiGate interface or zone names (35 characters for a zone), used as the plan writes them or --map gives them.
    const zoneName = deviceZoneNames(ruleSet, 'FortiGate', 35, warnings, options);
    const zoneOf = (zone: string) => (zone === ANY_ZONE || ruleSet.internetZones.includes(zone) ? 'any' : zoneName(zone));
    for (const rule of ruleSet.rules) {
        const where = `r${rule.number}`;
        const sources = concreteSide(rule.sources, true, warnings, where);
        const destinations = concreteSide(rule.destinations, true, warnings, where);
        const notes = [`# ${cleanText(ruleSummary(rule), CLEAN)}`, ...ruleNotes(rule, CLEAN).map(l => `#   ${l}`)];
        const members = (list: typeof sources, family: 'v4' | 'v6'): string[] => {
            if (list.some(e => e.any)) return ['all'];
            return [...new Set(list.flatMap(e => {
                const o = objects.of(e);
                // FQDN objects resolve to IPv4 addresses on FortiGate.
                return family === 'v4' ? [...o.v4, ...o.fqdn].map(x => x.name) : o.v6.map(x => x.name);
            }))];
        };
        if (!zoneOf(rule.sourceZone) || !zoneOf(rule.destinationZone)) {
            warnings.push(skipNote(rule, 'its zone has no name FortiGate can take (see above)'));
            policies.push(...notes.map(l => `    ${l}`), '    # NOT EMITTED: its zone has no name FortiGate can take');
            continue;
        }
        const v4 = { s: members(sources, 'v4'), d: members(destinations, 'v4') };
        const v6 = { s: members(sources, 'v6'), d: members(destinations, 'v6') };
        const hasV4 = v4.s.length > 0 && v4.d.length > 0, hasV6 = v6.s.length > 0 && v6.d.length > 0;
        if (!hasV4 && !hasV6) {
            const why = sources.length === 0 || destinations.length === 0
                ? 'no source or destination with an address left' : 'sources and destinations share no address family';
            warnings.push(skipNote(rule, why));
            policies.push(...notes.map(l => `    ${l}`), `    # NOT EMITTED: ${why}`);
            continue;
        }
        let service = 'ALL';
        if (rule.protocol !== 'any') {
            service = cleanName(`SP_r${rule.number}_${rule.protocol}`, 79);
            const range = rule.ports.map(p => p.from === p.to ? String(p.from) : `${p.from}-${p.to}`).join(' ');
            services.push(`    edit ${q(service)}`, `        set ${rule.protocol}-portrange ${range}`, '    next');
        }
        let schedule = 'always';
        if (rule.until) {
            schedule = cleanName(`SP_until_${rule.until}`, 31);
            const [y, m, d] = rule.until.split('-');
            schedules.set(schedule, [`    edit ${q(schedule)}`, `        set start "00:00 2000/01/01"`, `        set end "23:59 ${y}/${m}/${d}"`, '    next']);
        }
        const list = (names: string[]) => names.map(q).join(' ');
        policies.push(
            ...notes.map(l => `    ${l}`),
            `    edit ${FORTIGATE_POLICY_BASE + rule.number}`,
            `        set name ${q(`SP_r${rule.number}`)}`,
            `        set srcintf ${q(zoneOf(rule.sourceZone)!)}`,
            `        set dstintf ${q(zoneOf(rule.destinationZone)!)}`,
            ...(hasV4 ? [`        set srcaddr ${list(v4.s)}`, `        set dstaddr ${list(v4.d)}`] : []),
            ...(hasV6 ? [`        set srcaddr6 ${list(v6.s)}`, `        set dstaddr6 ${list(v6.d)}`] : []),
            '        set action accept',
            `        set schedule ${q(schedule)}`,
            `        set service ${q(service)}`,
            `        set comments ${q(cleanText(shortPurpose(rule), { ...CLEAN, max: 1000 }))}`,
            '    next'
        );
    }
    const v4Objects = objects.all().filter(o => o.kind !== 'v6');
    const v6Objects = objects.all().filter(o => o.kind === 'v6');
    const block = (header: string, lines: string[]) => lines.length ? [header, ...lines, 'end'] : [];
    const text = [
        ...titleLines(ruleSet, this, CLEAN, options).map(l => `# ${l}`),
        ...noteLines(ruleSet, warnings, CLEAN).map(l => `# ${l}`),
        '# Interfaces (or zones) named as the plan\'s zones must exist on the FortiGate.',
        ...block('config firewall address', v4Objects.flatMap(o => o.kind === 'fqdn'
            ? [`    edit ${q(o.name)}`, '        set type fqdn', `        set fqdn ${q(o.value)}`, `        set comment ${q(cleanText(`SegPlan ${o.endpoint}`, CLEAN))}`, '    next']
            : [`    edit ${q(o.name)}`, `        set subnet ${v4Mask(o.value).join(' ')}`, `        set comment ${q(cleanText(`SegPlan ${o.endpoint}`, CLEAN))}`, '    next'])),
        ...block('config firewall address6', v6Objects.flatMap(o =>
            [`    edit ${q(o.name)}`, `        set ip6 ${o.value}`, `        set comment ${q(cleanText(`SegPlan ${o.endpoint}`, CLEAN))}`, '    next'])),
        ...block('config firewall service custom', services),
        ...block('config firewall schedule onetime', [...schedules.values()].flat()),
        ...block('config firewall policy', policies),
        ''
    ].join('\n');
    return { text, warnings: [...ruleSet.notes, ...warnings] };
}

export const fortigateEmitter: Emitter = {
    id: 'fortigate',
    label: 'Fortinet FortiGate',
    detail: 'CLI: config firewall address/address6, service custom, schedule onetime, policy',
    languageId: 'plaintext',
    fileSuffix: 'fortigate.txt',
    emit
};
