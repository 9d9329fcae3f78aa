import { cleanName, cleanText, NameAllocator, type CleanOptions } from './escape.js';
import {
    concreteSide, noteLines, ruleNotes, ruleSummary, shortPurpose, skipNote, titleLines,
    type ConcreteEndpoint, type EmitOptions, type EmitResult, type Emitter
} from './emitter.js';
import { AddressObjects, MONTHS, v4Mask } from './objects.js';
import { ANY_ZONE, type RuleSet } from './rule-set.js';

/**
 * Cisco ASA: network objects and object-groups per zone or component, a service object-group per
 * rule, and one extended access list per source zone (applied inbound on that zone's interface).
 * Temporary rules get a `time-range` with an absolute end.
 */

// Remarks and descriptions run to the end of the line; only a newline could end them, and the
// allow-list keeps out every character the ASA parser treats specially.
const CLEAN: CleanOptions = { extra: /[']/ };

interface Built {
    objects: string[];
    groups: string[];
    services: string[];
    timeRanges: string[];
    acl: Map<string, string[]>;
}

function groupFor(e: ConcreteEndpoint, objects: AddressObjects, groups: Map<string, string[]>, names: NameAllocator): string {
    const name = names.name(e.endpoint.key, `SP_${e.endpoint.name}`);
    if (!groups.has(name)) {
        const o = objects.of(e);
        groups.set(name, [
            `object-group network ${name}`,
            ` description ${cleanText(`SegPlan ${e.endpoint.kind} ${e.endpoint.name}`, { ...CLEAN, max: 200 })}`,
            ...o.v4.map(x => { const [a, m] = v4Mask(x.value); return m === '255.255.255.255' ? ` network-object host ${a}` : ` network-object ${a} ${m}`; }),
            ...o.v6.map(x => x.value.endsWith('/128') ? ` network-object host ${x.value.slice(0, -4)}` : ` network-object ${x.value}`),
            ...o.fqdn.map(x => ` network-object object ${x.name}`)
        ]);
    }
    return name;
}

function side(list: ConcreteEndpoint[], objects: AddressObjects, groups: Map<string, string[]>, names: NameAllocator): string[] {
    if (list.some(e => e.any)) return ['any'];
    return list.map(e => `object-group ${groupFor(e, objects, groups, names)}`);
}

function build(ruleSet: RuleSet, warnings: string[]): Built {
    const objects = new AddressObjects('SP_', 64);
    const names = new NameAllocator(64);
    const groups = new Map<string, string[]>();
    const built: Built = { objects: [], groups: [], services: [], timeRanges: [], acl: new Map() };
    const timeRanges = new Map<string, string>();
    for (const rule of ruleSet.rules) {
        const where = `r${rule.number}`;
        const sources = concreteSide(rule.sources, true, warnings, where);
        const destinations = concreteSide(rule.destinations, true, warnings, where);
        const aclName = rule.sourceZone === ANY_ZONE ? 'SP_global' : cleanName(`SP_${rule.sourceZone}_in`, 64);
        const lines = built.acl.get(aclName) ?? [];
        built.acl.set(aclName, lines);
        lines.push(`access-list ${aclName} remark ${cleanText(ruleSummary(rule), { ...CLEAN, max: 100 })}`);
        lines.push(`access-list ${aclName} remark ${cleanText(shortPurpose(rule), { ...CLEAN, max: 100 })}`);
        if (sources.length === 0 || destinations.length === 0) {
            warnings.push(skipNote(rule, 'no source or destination with an address left'));
            lines.push(`access-list ${aclName} remark NOT EMITTED: no source or destination with an address left`);
            continue;
        }
        let service = '';
        if (rule.protocol !== 'any' && !rule.allPorts) {
            const name = cleanName(`SP_SVC_r${rule.number}`, 64);
            built.services.push(`object-group service ${name} ${rule.protocol}`,
                ...rule.ports.map(p => p.from === p.to ? ` port-object eq ${p.from}` : ` port-object range ${p.from} ${p.to}`));
            service = ` object-group ${name}`;
        }
        let timeRange = '';
        if (rule.until) {
            const name = cleanName(`SP_UNTIL_${rule.until}`, 64);
            if (!timeRanges.has(name)) {
                const [y, m, d] = rule.until.split('-').map(Number);
                timeRanges.set(name, name);
                built.timeRanges.push(`time-range ${name}`, ` absolute end 23:59 ${d} ${MONTHS[m - 1]} ${y}`);
            }
            timeRange = ` time-range ${name}`;
        }
        const protocol = rule.protocol === 'any' ? 'ip' : rule.protocol;
        for (const s of side(sources, objects, groups, names)) {
            for (const d of side(destinations, objects, groups, names)) {
                lines.push(`access-list ${aclName} extended permit ${protocol} ${s} ${d}${service}${timeRange}`);
            }
        }
    }
    for (const o of objects.all().filter(x => x.kind === 'fqdn')) built.objects.push(`object network ${o.name}`, ` fqdn ${o.value}`);
    for (const lines of groups.values()) built.groups.push(...lines);
    return built;
}

function emit(this: Emitter, ruleSet: RuleSet, options?: EmitOptions): EmitResult {
    const warnings: string[] = [];
    const built = build(ruleSet, warnings);
    const aclNames = [...built.acl.keys()];
    const ruleNoteLines = ruleSet.rules.flatMap(rule => [`r${rule.number}: ${ruleSummary(rule)}`, ...ruleNotes(rule, CLEAN).map(l => `  ${l}`)]);
    const text = [
        ...titleLines(ruleSet, this, CLEAN, options).map(l => `! ${l}`),
        ...noteLines(ruleSet, warnings, CLEAN).map(l => `! ${l}`),
        '! Apply each access list inbound on its zone\'s interface (nameif = zone name), for example:',
        ...aclNames.map(n => n === 'SP_global' ? '!   access-group SP_global global' : `!   access-group ${n} in interface ${n.slice(3, -3)}`),
        '!',
        ...ruleNoteLines.map(l => `! ${cleanText(l, CLEAN)}`),
        '!',
        '! Safe to re-run: the SegPlan access lists are cleared before they are written again.',
        ...aclNames.map(n => `clear configure access-list ${n}`),
        ...built.timeRanges,
        ...built.objects,
        ...built.groups,
        ...built.services,
        ...aclNames.flatMap(n => built.acl.get(n)!),
        ''
    ].join('\n');
    return { text, warnings: [...ruleSet.notes, ...warnings] };
}

export const ciscoAsaEmitter: Emitter = {
    id: 'cisco-asa',
    label: 'Cisco ASA',
    detail: 'network and service object-groups, extended access lists per source zone, time-range for temporary rules',
    languageId: 'plaintext',
    fileSuffix: 'asa.txt',
    emit
};
