import { cleanName, cleanText, contentDigest, NameAllocator, type CleanOptions } from './escape.js';
import {
    concreteSide, deviceZoneNames, noteLines, ruleNotes, ruleSummary, shortPurpose, skipNote, titleLines,
    type ConcreteEndpoint, type EmitOptions, type EmitResult, type Emitter
} from './emitter.js';
import { DEVICE_CLOCK, deviceClockLines } from './device-clock.js';
import { AddressObjects, compareServices, MONTHS, v4Mask, type ServiceObject } from './objects.js';
import { compareText } from '../utils/compare-text.js';
import { addOwned, notKept, ownedLines, readCreated, type OwnedNames } from './owned-names.js';
import { ANY_ZONE, type RuleSet } from './rule-set.js';
import { onDeviceZones, type DeviceZoneRules } from './device-zone-rules.js';

/**
 * Cisco ASA: network objects and object-groups per zone or component, a service object-group per
 * port list, and one extended access list per zone, bound inbound on that zone's interface
 * (nameif = zone name). Temporary rules get a `time-range` with an absolute end.
 *
 * Safe to paste again after any plan change: an `object-group` command adds to an existing group,
 * so every group's name ends in a digest of its members — a changed group is a new group, never
 * merged into the old one; every access list is cleared before it is written; every zone has an
 * access list ending in a deny, so no zone is left to the security-level default. The plan's denies
 * open each access list they concern, above every permit. Given the
 * earlier version (`--previous`, or the file `-o` overwrites), the access lists of zones the
 * versions of its chain (see owned-names.ts) had and this one does not are unbound and cleared,
 * and the object-groups, objects and time ranges nothing uses any more are removed.
 */

const digest = contentDigest;

// Remarks and descriptions run to the end of the line; only a newline could end them, and the
// allow-list keeps out every character the ASA parser treats specially. `!` comment lines carry
// at most COMMENT_WIDTH characters of text.
const COMMENT_WIDTH = 400;
const CLEAN: CleanOptions = { extra: /['$]/, max: COMMENT_WIDTH };

/**
 * Lines pasted into the ASA's console stay short: the longest command SegPlan writes (an access
 * list entry naming three object-groups and a time-range) is far below this, and comment lines
 * are cut to COMMENT_WIDTH.
 */
const MAX_LINE_LENGTH = 512;
/** Longest access-list name SegPlan makes (the ASA takes 241 characters). */
const ACL_NAME_MAX = 64;

interface Built {
    objects: string[];
    groups: string[];
    services: string[];
    timeRanges: string[];
    acl: Map<string, string[]>;
    /** The plan's denies by access list, as acl: placed above every permit of that list. */
    denyAcl: Map<string, string[]>;
    /** The names of the objects, groups and time ranges above, by kind (owned-names.ts). */
    owned: OwnedNames;
}

function groupFor(e: ConcreteEndpoint, objects: AddressObjects, groups: Map<string, string[]>, names: NameAllocator): string {
    const o = objects.of(e);
    const members = [
        ...o.v4.map(x => { const [a, m] = v4Mask(x.value); return m === '255.255.255.255' ? ` network-object host ${a}` : ` network-object ${a} ${m}`; }),
        ...o.v6.map(x => x.value.endsWith('/128') ? ` network-object host ${x.value.slice(0, -4)}` : ` network-object ${x.value}`),
        // An FQDN object resolves one family: one for the name's IPv4 addresses, one for its IPv6.
        ...o.fqdn.flatMap(x => [` network-object object ${x.name}@${x.value}`, ` network-object object ${objects.ipv6Twin(x).name}@${x.value}`])
    ];
    const id = digest(members);
    const name = names.name(`${e.endpoint.key}|${id}`, `SP_${cleanName(e.endpoint.name, 50)}_${id}`);
    if (!groups.has(name)) {
        groups.set(name, [
            `object-group network ${name}`,
            ` description ${cleanText(`SegPlan ${e.endpoint.kind} ${e.endpoint.name}`, { ...CLEAN, max: 200 })}`,
            ...members.map(m => m.replace(/@.*$/, ''))
        ]);
    }
    return name;
}

/**
 * Each endpoint's group reference, made once per file: asking again for an endpoint's group
 * changes nothing (its objects, name and group are there already), so the first answer stands.
 * An endpoint in a thousand rules was digested a thousand times.
 */
type GroupRefs = Map<ConcreteEndpoint, string>;

function side(list: readonly ConcreteEndpoint[], objects: AddressObjects, groups: Map<string, string[]>, names: NameAllocator, refs: GroupRefs): string[] {
    if (list.some(e => e.any)) return ['any'];
    return list.map(e => {
        let ref = refs.get(e);
        if (ref === undefined) refs.set(e, ref = `object-group ${groupFor(e, objects, groups, names)}`);
        return ref;
    });
}

function build(ruleSet: RuleSet, placed: DeviceZoneRules, warnings: string[]): Built {
    const objects = new AddressObjects('SP_', 64);
    const names = new NameAllocator(64);
    const groups = new Map<string, string[]>();
    const built: Built = { objects: [], groups: [], services: [], timeRanges: [], acl: new Map(), denyAcl: new Map(), owned: new Map() };
    const timeRanges = new Map<string, string[]>();
    const services = new Map<string, ServiceObject>();
    const refs: GroupRefs = new Map();
    // Service group names by their lines: the digest is the costly part, and a function of the lines.
    const serviceNames = new Map<string, string>();
    // The denies first, each in the access list of its source zone (or of every zone): they are
    // placed above the permits, so no entry below them, SegPlan's or another's, reopens them.
    const entries = (rule: RuleSet['rules'][number], prefix: 'd' | 'r', action: 'deny' | 'permit') => {
        const where = `${prefix}-${rule.id}`;
        const sources = concreteSide(rule.sources, true, warnings, where);
        const destinations = concreteSide(rule.destinations, true, warnings, where);
        const aclName = rule.sourceZone === ANY_ZONE ? ANY_SOURCE : aclOf(rule.sourceZone);
        const table = action === 'deny' ? built.denyAcl : built.acl;
        const lines = table.get(aclName) ?? [];
        table.set(aclName, lines);
        // A remark needs text: a description of nothing but characters the ASA cannot take cleans to none.
        lines.push(`access-list ${aclName} remark ${cleanText(ruleSummary(rule, prefix), { ...CLEAN, max: 100 })}`);
        lines.push(`access-list ${aclName} remark ${cleanText(shortPurpose(rule), { ...CLEAN, max: 100 }) || 'no description'}`);
        if (sources.length === 0 || destinations.length === 0) {
            warnings.push(skipNote(rule, 'no source or destination with an address left', prefix));
            lines.push(`access-list ${aclName} remark NOT EMITTED: no source or destination with an address left`);
            return;
        }
        let service = '';
        if (rule.protocol !== 'any' && !rule.allPorts) {
            const ports = rule.ports.map(p => p.from === p.to ? ` port-object eq ${p.from}` : ` port-object range ${p.from} ${p.to}`);
            const serviceLines = [rule.protocol, ...ports], text = serviceLines.join('\n');
            let name = serviceNames.get(text);
            if (name === undefined) serviceNames.set(text, name = `SP_SVC_${rule.protocol}_${digest(serviceLines)}`);
            if (!services.has(name)) services.set(name, { protocol: rule.protocol, ports: rule.ports, lines: [`object-group service ${name} ${rule.protocol}`, ...ports] });
            service = ` object-group ${name}`;
        }
        let timeRange = '';
        if (rule.until) {
            const name = cleanName(`SP_UNTIL_${rule.until}`, 64);
            if (!timeRanges.has(name)) {
                const [y, m, d] = rule.until.split('-').map(Number);
                timeRanges.set(name, [`time-range ${name}`, ` absolute end 23:59 ${d} ${MONTHS[m - 1]} ${y}`]);
            }
            timeRange = ` time-range ${name}`;
        }
        const protocol = rule.protocol === 'any' ? 'ip' : rule.protocol;
        for (const s of side(sources, objects, groups, names, refs)) {
            for (const d of side(destinations, objects, groups, names, refs)) {
                lines.push(`access-list ${aclName} extended ${action} ${protocol} ${s} ${d}${service}${timeRange}`);
            }
        }
    };
    for (const deny of placed.denies) entries(deny, 'd', 'deny');
    for (const rule of placed.rules) entries(rule, 'r', 'permit');
    // Objects, groups, services and time ranges in an order of what they are, never of which rule
    // used them first: a rule added to the plan leaves every other one where it stands.
    for (const o of objects.all().filter(x => x.kind === 'fqdn').sort((a, b) => compareText(a.value, b.value))) {
        const six = objects.ipv6Twin(o);
        built.objects.push(`object network ${o.name}`, ` fqdn v4 ${o.value}`, `object network ${six.name}`, ` fqdn v6 ${o.value}`);
        addOwned(built.owned, 'object', o.name);
        addOwned(built.owned, 'object', six.name);
    }
    for (const [name, lines] of [...groups].sort(([a], [b]) => compareText(a, b))) {
        built.groups.push(...lines);
        addOwned(built.owned, 'network-group', name);
    }
    for (const [name, service] of [...services].sort(([, a], [, b]) => compareServices(a, b))) {
        built.services.push(...service.lines);
        addOwned(built.owned, 'service-group', name);
    }
    for (const [name, lines] of [...timeRanges].sort(([a], [b]) => compareText(a, b))) {
        built.timeRanges.push(...lines);
        addOwned(built.owned, 'time-range', name);
    }
    return built;
}

/** The longest nameif the ASA takes. */
const NAMEIF_MAX = 48;

/** Rules whose source is any address (also the internet): they apply on every interface. */
const ANY_SOURCE = '';
/** The name the global access list had in earlier versions: cleared so that none of it stays. */
const OLD_GLOBAL_ACL = 'SP_global';

function aclOf(zone: string): string {
    // Zone names are letters, digits, '-' and '_' (the language's names), which access-list names
    // take as they are; a long one is shortened and made unique again by a digest of it.
    const name = `SP_${zone}_in`;
    return name.length <= ACL_NAME_MAX ? name : `SP_${zone.slice(0, ACL_NAME_MAX - 16)}_${digest([zone])}_in`;
}

function emit(this: Emitter, ruleSet: RuleSet, options?: EmitOptions): EmitResult {
    const warnings: string[] = [];
    // Each rule in the list of every interface its sources lie behind (zones nested in zones).
    const placed = onDeviceZones(ruleSet);
    const built = build(ruleSet, placed, warnings);
    // Every zone, internet zones included (their interface is where the internet comes in): its own
    // rules, then the rules from any address, then a deny — nothing is left to security levels.
    const fromAnywhere = built.acl.get(ANY_SOURCE) ?? [];
    const deniedFromAnywhere = built.denyAcl.get(ANY_SOURCE) ?? [];
    const acls = new Map<string, string[]>();
    // The nameif of each zone's interface: at most 48 characters, used as the plan (or --map) writes it.
    const nameif = deviceZoneNames(ruleSet, 'Cisco ASA', NAMEIF_MAX, warnings, { ...options, zoneNames: new Map([...(options?.zoneNames ?? []), ...ruleSet.internetZones.map(z => [z, options?.zoneNames?.get(z) ?? z] as [string, string])]) });
    const interfaces: [string, string][] = [];
    for (const zone of ruleSet.zones) {
        const iface = ruleSet.internetZones.includes(zone) ? (options?.zoneNames?.get(zone) ?? zone) : nameif(zone);
        if (!iface) continue;
        if (iface.length > NAMEIF_MAX) {
            warnings.push(`Zone ${cleanText(zone, { ...CLEAN, max: 60 })}: Cisco ASA takes interface names of at most ${NAMEIF_MAX} characters: its access list is not bound. Give the device's name with generate --map.`);
            continue;
        }
        interfaces.push([aclOf(zone), iface]);
        const name = aclOf(zone);
        const denies = [...(built.denyAcl.get(name) ?? []), ...deniedFromAnywhere.map(l => l.replace(/^access-list  /, `access-list ${name} `))];
        acls.set(name, [
            ...(denies.length ? [`access-list ${name} remark Denies of the plan, above every permit: no entry below reopens them`, ...denies] : []),
            ...(built.acl.get(name) ?? []),
            ...fromAnywhere.map(l => l.replace(/^access-list  /, `access-list ${name} `)),
            `access-list ${name} remark Everything else entering from zone ${cleanText(zone, { ...CLEAN, max: 60 })} is denied`,
            `access-list ${name} extended deny ip any any`
        ]);
    }
    const aclNames = [...acls.keys()];
    const ruleNoteLines = [...placed.denies.map(d => [d, 'd'] as const), ...placed.rules.map(r => [r, 'r'] as const)]
        .flatMap(([rule, prefix]) => [ruleSummary(rule, prefix), ...ruleNotes(rule, CLEAN, DEVICE_CLOCK).map(l => `  ${l}`)]);
    const earlier = options?.previous === undefined ? undefined : previousNames(options.previous);
    const mine = built.owned;
    mine.set('access-list', new Set(aclNames));
    mine.set('access-group', new Set(interfaces.map(([acl, iface]) => `${acl} ${iface}`)));
    const gone = (kind: string) => notKept(earlier, kind, mine.get(kind) ?? []);
    const text = [
        ...titleLines(ruleSet, this, CLEAN, options).map(l => `! ${l}`),
        ...noteLines(ruleSet, warnings, CLEAN).map(l => `! ${l}`),
        '! Each access list is bound inbound on its zone\'s interface (nameif = zone name).',
        ...(earlier ? [
            '! The interface of a zone that the earlier versions (pasted or not) had and this one does not is unbound and its',
            '! access list cleared: it falls back to the ASA\'s security levels (traffic to lower levels is allowed), so bind',
            '! an access list of your own there if it still carries traffic. Object-groups, objects and time ranges of the',
            '! earlier versions that nothing uses any more are removed; removing one the ASA does not have changes nothing.'
        ] : [
            '! No earlier version was given (--previous, or -o onto the earlier file): a zone the earlier version had and',
            '! this one does not keeps its access list bound, and its object-groups stay.'
        ]),
        ...deviceClockLines('!', "'show clock' shows its time zone", built.timeRanges.length > 0),
        '!',
        ...ruleNoteLines.map(l => `! ${cleanText(l, CLEAN)}`),
        '!',
        '! Safe to re-run: the SegPlan access lists are cleared before they are written again, and every',
        '! object-group name ends in a digest of its members (an existing group of that name is identical).',
        `clear configure access-list ${OLD_GLOBAL_ACL}`,
        ...gone('access-group').map(binding => { const [acl, iface] = binding.split(' '); return `no access-group ${acl} in interface ${iface}`; }),
        ...aclNames.map(n => `clear configure access-list ${n}`),
        ...gone('access-list').map(n => `clear configure access-list ${n}`),
        ...built.timeRanges,
        ...built.objects,
        ...built.groups,
        ...built.services,
        ...aclNames.flatMap(n => acls.get(n)!),
        ...interfaces.map(([acl, iface]) => `access-group ${acl} in interface ${iface}`),
        // Last: the ASA refuses to remove a group an access list still uses, and a group that uses an object.
        ...gone('network-group').map(n => `no object-group network ${n}`),
        ...gone('service-group').map(n => `no object-group service ${n}`),
        ...gone('object').map(n => `no object network ${n}`),
        ...gone('time-range').map(n => `no time-range ${n}`),
        ...ownedLines('!', earlier, mine),
        ''
    ].join('\n');
    return { text, warnings: [...ruleSet.notes, ...warnings] };
}

/**
 * The names an earlier SegPlan file for the ASA lists as created by its chain, and those its own
 * lines create (a file from before the list was written has only these; SegPlan's `SP_` names).
 */
function previousNames(text: string): OwnedNames {
    const found = readCreated(text, '!', [
        [/^access-group (SP_\S+) in interface (\S+)$/, 'access-group'],
        [/^access-list (SP_\S+) /, 'access-list'],
        [/^object-group network (SP_\S+)$/, 'network-group'],
        [/^object-group service (SP_\S+) /, 'service-group'],
        [/^object network (SP_\S+)$/, 'object'],
        [/^time-range (SP_\S+)$/, 'time-range']
    ]);
    // The access list of earlier versions' rules from any address, cleared by every version.
    found.get('access-list')?.delete(OLD_GLOBAL_ACL);
    return found;
}

export const ciscoAsaEmitter: Emitter = {
    id: 'cisco-asa',
    label: 'Cisco ASA',
    detail: 'network and service object-groups, extended access lists per source zone, time-range for temporary rules',
    languageId: 'cisco-asa',
    fileSuffix: 'asa.txt',
    maxLineLength: MAX_LINE_LENGTH,
    earlierVersion: { commentMark: '!' },
    readBack: { importer: 'cisco-asa' },
    emit
};
