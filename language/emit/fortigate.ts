import { cleanName, cleanText, contentDigest, type CleanOptions } from './escape.js';
import {
    COMMENT_TEXT_MAX, deviceZoneNames, concreteSide, noteLines, ruleNotes, ruleSummary, shortPurpose, skipNote, titleLines,
    type EmitOptions, type EmitResult, type Emitter
} from './emitter.js';
import { piecesOf } from './line-bounds.js';
import { DEVICE_CLOCK, deviceClockLines } from './device-clock.js';
import { AddressObjects, compareServices, v4Mask, type AddressObject, type ServiceObject } from './objects.js';
import { compareText } from '../utils/compare-text.js';
import { addOwned, notKept, ownedLines, readOwned, type OwnedNames } from './owned-names.js';
import { ANY_ZONE, indexDenies, reopensADeny, type RuleSet } from './rule-set.js';
import { onDeviceZones } from './device-zone-rules.js';
import { anchorPolicyLines, DENY_ANCHOR_ID, DENY_ANCHOR_NAME, firstDevicePolicy, placementHeader, placementMoves } from './fortigate-deny-placement.js';

/**
 * Fortinet FortiGate CLI: `config firewall address` / `address6` (prefixes and FQDNs), `service
 * custom`, one-time schedules for temporary rules, and `config firewall policy` with interfaces
 * named as the plan's zones.
 *
 * Safe to paste over an earlier version. `edit <id>` on an existing policy keeps every attribute
 * the commands do not set, so each policy sets or unsets everything SegPlan ever writes; its name
 * ends in a digest of what it allows, and service objects are named by their ports. Policy ids
 * come from a block SegPlan owns (from FORTIGATE_POLICY_BASE, far above the ids FortiOS gives
 * policies made by hand, which count up from 1). Given the earlier version (`--previous`, or the
 * file `-o` overwrites), a policy that is unchanged keeps its id, the policies of that version's
 * chain (see owned-names.ts) this version no longer has are deleted first, and objects nothing
 * uses any more are deleted last. The plan's denies are deny policies, moved after a disabled
 * policy of SegPlan's that the user keeps first in the list (fortigate-deny-placement.ts).
 */

// Values are double-quoted; the allow-list keeps out `"`, `\`, `$` and anything else.
const CLEAN: CleanOptions = { extra: /[']/, max: COMMENT_TEXT_MAX };

/**
 * Lines pasted into the CLI stay short: a list of addresses or port ranges longer than LIST_WIDTH
 * characters is set in pieces, the first with `set` and the others with `append`, which adds to
 * the list.
 */
const MAX_LINE_LENGTH = 4096;
const LIST_WIDTH = 1500;

/** `set key values` for a list of values (joined by spaces), in pieces of LIST_WIDTH characters. */
function setList(indent: string, key: string, values: readonly string[]): string[] {
    return piecesOf(values, ' ', LIST_WIDTH).map((piece, i) => `${indent}${i === 0 ? 'set' : 'append'} ${key} ${piece}`);
}
/** SegPlan's block of policy ids: the anchor the denies follow at its base, its other policies from the next id up. */
export const FORTIGATE_POLICY_BASE = DENY_ANCHOR_ID;
/** The tables of SegPlan's objects, by the kind their names are listed under (owned-names.ts). */
const TABLES: Readonly<Record<string, string>> = {
    address: 'firewall address', address6: 'firewall address6', service: 'firewall service custom', schedule: 'firewall schedule onetime'
};

function q(text: string): string {
    return `"${text}"`;
}

function emit(this: Emitter, ruleSet: RuleSet, options?: EmitOptions): EmitResult {
    const warnings: string[] = [];
    const objects = new AddressObjects('SP_', 79);
    const fqdn6Objects = new Map<string, AddressObject>();
    const fqdn6 = (o: AddressObject): AddressObject => {
        const twin = objects.ipv6Twin(o);
        fqdn6Objects.set(twin.name, twin);
        return twin;
    };
    const services = new Map<string, ServiceObject>(), schedules = new Map<string, string[]>(), policies: string[] = [];
    const earlier = options?.previous === undefined ? undefined : previousObjects(options.previous);
    const ids = new PolicyIds(earlier);
    // FortiGate interface or zone names (35 characters for a zone), used as the plan writes them or --map gives them.
    const zoneName = deviceZoneNames(ruleSet, 'FortiGate', 35, warnings, options);
    const zoneOf = (zone: string) => (zone === ANY_ZONE || ruleSet.internetZones.includes(zone) ? 'any' : zoneName(zone));
    // Service names by the text their digest is of: thousands of rules share a few port lists, and the digest is the costly part.
    const serviceNames = new Map<string, string>();
    // The denies first, as deny policies; after the block each is moved after SegPlan's anchor
    // policy, and an accept that overlaps one after them (see fortigate-deny-placement.ts).
    const denyIds: number[] = [], reopening: number[] = [];
    const anchored = ruleSet.denies.length > 0 || ids.had(DENY_ANCHOR_ID);
    if (anchored) ids.reserve(DENY_ANCHOR_ID, DENY_ANCHOR_NAME);
    // Each rule for every zone its addresses lie in on the device (zones nested in zones).
    const placed = onDeviceZones(ruleSet);
    const numbered = [...placed.denies.map(r => [r, 'd'] as const), ...placed.rules.map(r => [r, 'r'] as const)];
    const denies = indexDenies(placed.denies);
    for (const [rule, prefix] of numbered) {
        const where = `${prefix}-${rule.id}`;
        const sources = concreteSide(rule.sources, true, warnings, where);
        const destinations = concreteSide(rule.destinations, true, warnings, where);
        const notes = [`# ${cleanText(ruleSummary(rule, prefix), CLEAN)}`, ...ruleNotes(rule, CLEAN, DEVICE_CLOCK).map(l => `#   ${l}`)];
        const members = (list: typeof sources, family: 'v4' | 'v6'): string[] => {
            if (list.some(e => e.any)) return ['all'];
            return [...new Set(list.flatMap(e => {
                const o = objects.of(e);
                // An FQDN address resolves to IPv4 addresses only; its IPv6 addresses take an FQDN address6.
                return family === 'v4' ? [...o.v4, ...o.fqdn].map(x => x.name) : [...o.v6.map(x => x.name), ...o.fqdn.map(x => fqdn6(x).name)];
            }))];
        };
        if (!zoneOf(rule.sourceZone) || !zoneOf(rule.destinationZone)) {
            warnings.push(skipNote(rule, 'its zone has no name FortiGate can take (see above)', prefix));
            policies.push(...notes.map(l => `    ${l}`), '    # NOT EMITTED: its zone has no name FortiGate can take');
            continue;
        }
        const v4 = { s: members(sources, 'v4'), d: members(destinations, 'v4') };
        const v6 = { s: members(sources, 'v6'), d: members(destinations, 'v6') };
        const hasV4 = v4.s.length > 0 && v4.d.length > 0, hasV6 = v6.s.length > 0 && v6.d.length > 0;
        if (!hasV4 && !hasV6) {
            const why = sources.length === 0 || destinations.length === 0
                ? 'no source or destination with an address left' : 'sources and destinations share no address family';
            warnings.push(skipNote(rule, why, prefix));
            policies.push(...notes.map(l => `    ${l}`), `    # NOT EMITTED: ${why}`);
            continue;
        }
        let service = 'ALL';
        if (rule.protocol !== 'any') {
            const range = rule.ports.map(p => p.from === p.to ? String(p.from) : `${p.from}-${p.to}`).join(' ');
            const digested = `${rule.protocol}\n${range}`;
            let name = serviceNames.get(digested);
            if (name === undefined) serviceNames.set(digested, name = `SP_${rule.protocol}_${contentDigest([rule.protocol, range])}`);
            service = name;
            services.set(service, { protocol: rule.protocol, ports: rule.ports, lines: [`    edit ${q(service)}`, ...setList('        ', `${rule.protocol}-portrange`, rule.ports.map(p => p.from === p.to ? String(p.from) : `${p.from}-${p.to}`)), '    next'] });
        }
        let schedule = 'always';
        if (rule.until) {
            schedule = cleanName(`SP_until_${rule.until}`, 31);
            const [y, m, d] = rule.until.split('-');
            schedules.set(schedule, [`    edit ${q(schedule)}`, `        set start "00:00 2000/01/01"`, `        set end "23:59 ${y}/${m}/${d}"`, '    next']);
        }
        const list = (names: string[]) => names.map(q).join(' ');
        const unset = (keys: string[]) => keys.map(k => `        unset ${k}`);
        const interfaces = [`        set srcintf ${q(zoneOf(rule.sourceZone)!)}`, `        set dstintf ${q(zoneOf(rule.destinationZone)!)}`];
        const rest = [`        set action ${rule.denied ? 'deny' : 'accept'}`, '        set status enable', `        set schedule ${q(schedule)}`, `        set service ${q(service)}`];
        const allows = [
            ...interfaces,
            ...(hasV4 ? [`        set srcaddr ${list(v4.s)}`, `        set dstaddr ${list(v4.d)}`] : unset(['srcaddr', 'dstaddr'])),
            ...(hasV6 ? [`        set srcaddr6 ${list(v6.s)}`, `        set dstaddr6 ${list(v6.d)}`] : unset(['srcaddr6', 'dstaddr6'])),
            ...rest
        ];
        // The addresses the objects stand for are part of what the policy allows.
        const values = [...v4.s, ...v4.d, ...v6.s, ...v6.d].map(n => objects.valueOf(n) ?? n);
        const name = `SP_${prefix}-${rule.id}_${contentDigest([...allows, ...values])}`;
        const id = ids.of(name);
        if (rule.denied) denyIds.push(id);
        else if (reopensADeny(rule, denies)) reopening.push(id);
        // The same settings as `allows` (whose digest names the policy), long lists in pieces.
        const listLines = (key: string, names: string[]) => setList('        ', key, names.map(q));
        policies.push(
            ...notes.map(l => `    ${l}`),
            `    edit ${id}`,
            `        set name ${q(name)}`,
            ...interfaces,
            ...(hasV4 ? [...listLines('srcaddr', v4.s), ...listLines('dstaddr', v4.d)] : unset(['srcaddr', 'dstaddr'])),
            ...(hasV6 ? [...listLines('srcaddr6', v6.s), ...listLines('dstaddr6', v6.d)] : unset(['srcaddr6', 'dstaddr6'])),
            ...rest,
            `        set comments ${q(cleanText(shortPurpose(rule), { ...CLEAN, max: 1000 }))}`,
            '    next'
        );
    }
    const v4Objects = objects.all().filter(o => o.kind !== 'v6');
    const v6Objects = [...objects.all().filter(o => o.kind === 'v6'), ...[...fqdn6Objects.values()].sort((a, b) => compareText(a.value, b.value))];
    const block = (header: string, lines: string[]) => lines.length ? [header, ...lines, 'end'] : [];
    const mine: OwnedNames = new Map([
        ['policy', new Set(ids.created())], ['service', new Set(services.keys())], ['schedule', new Set(schedules.keys())],
        ['address', new Set(v4Objects.map(o => o.name))], ['address6', new Set(v6Objects.map(o => o.name))]
    ]);
    const first = firstDevicePolicy(options?.devicePolicies, ids.unused());
    const deletions = (kind: string) => block(`config ${TABLES[kind]}`, notKept(earlier, kind, mine.get(kind)!).map(n => `    delete ${q(n)}`));
    const text = [
        ...titleLines(ruleSet, this, CLEAN, options).map(l => `# ${l}`),
        ...noteLines(ruleSet, warnings, CLEAN).map(l => `# ${l}`),
        '# Interfaces (or zones) named as the plan\'s zones must exist on the FortiGate.',
        `# Safe to paste over an earlier version: SegPlan's policies use ids from ${FORTIGATE_POLICY_BASE} up (keep that block for them),`,
        '# each sets or unsets every attribute SegPlan writes, and policy and service names end in a digest of what they allow.',
        earlier
            ? '# Policies and objects that the earlier versions (pasted or not) created and this one does not are deleted (policies first, objects last).'
            : '# No earlier version was given (--previous, or -o onto the earlier file): policies it had and this one does not are NOT deleted.',
        ...(earlier ? ['# Deleting one the FortiGate does not have changes nothing (it may say so; the lines after it still apply).'] : []),
        ...(ruleSet.denies.length ? placementHeader(options?.devicePolicies, first, CLEAN) : []),
        ...deviceClockLines('#', "'get system global' shows its timezone", schedules.size > 0),
        ...block('config firewall policy', ids.unused().map(id => `    delete ${id}`)),
        ...block('config firewall address', v4Objects.flatMap(o => o.kind === 'fqdn'
            ? [`    edit ${q(o.name)}`, '        set type fqdn', `        set fqdn ${q(o.value)}`, `        set comment ${q(cleanText(`SegPlan ${o.endpoint}`, CLEAN))}`, '    next']
            : [`    edit ${q(o.name)}`, `        set subnet ${v4Mask(o.value).join(' ')}`, `        set comment ${q(cleanText(`SegPlan ${o.endpoint}`, CLEAN))}`, '    next'])),
        ...block('config firewall address6', v6Objects.flatMap(o => o.kind === 'fqdn'
            ? [`    edit ${q(o.name)}`, '        set type fqdn', `        set fqdn ${q(o.value)}`, `        set comment ${q(cleanText(`SegPlan ${o.endpoint}`, CLEAN))}`, '    next']
            : [`    edit ${q(o.name)}`, `        set ip6 ${o.value}`, `        set comment ${q(cleanText(`SegPlan ${o.endpoint}`, CLEAN))}`, '    next'])),
        // Objects in an order of what they are, never of which rule used them first.
        ...block('config firewall service custom', [...services.values()].sort(compareServices).flatMap(s => s.lines)),
        ...block('config firewall schedule onetime', [...schedules].sort(([a], [b]) => compareText(a, b)).flatMap(([, lines]) => lines)),
        ...block('config firewall policy', [
            ...(anchored ? anchorPolicyLines() : []),
            ...policies,
            // FortiOS checks policies in their order in the list, not by id; a policy created by a later paste goes last.
            ...(anchored ? placementMoves(first, denyIds, reopening) : [])
        ]),
        ...deletions('service'),
        ...deletions('schedule'),
        ...deletions('address'),
        ...deletions('address6'),
        ...ownedLines('#', earlier, mine),
        ''
    ].join('\n');
    return { text, warnings: [...ruleSet.notes, ...warnings] };
}

/**
 * What an earlier SegPlan file for FortiGate lists as created by its chain, and what its own lines
 * create (a file from before the list was written has only these): policies as `<id> <name>`,
 * objects by kind (SegPlan's `SP_` names only).
 */
function previousObjects(text: string): OwnedNames {
    const found = readOwned(text, '#');
    const kinds = new Map(Object.entries(TABLES).map(([kind, table]) => [table, kind]));
    let table = '', entry = '';
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        let m: RegExpMatchArray | null;
        if ((m = /^config (.+)$/.exec(line))) table = m[1];
        else if (line === 'end') table = '';
        else if ((m = /^edit "?([^"]*)"?$/.exec(line))) {
            entry = m[1];
            const kind = kinds.get(table);
            if (kind && entry.startsWith('SP_')) addOwned(found, kind, entry);
        } else if (table === 'firewall policy' && (m = /^set name "(SP_[^"]*)"$/.exec(line))) addOwned(found, 'policy', `${entry} ${m[1]}`);
    }
    return found;
}

/**
 * Policy ids: an unchanged policy keeps the id it had; a new one takes the next id of SegPlan's
 * block that no policy of the earlier versions held (one of them may still be on the device).
 */
class PolicyIds {
    private readonly used = new Map<number, string>();
    private readonly earlier = new Map<string, number>();
    private readonly taken = new Set<number>();
    private next = FORTIGATE_POLICY_BASE + 1;

    constructor(earlier: OwnedNames | undefined) {
        for (const policy of earlier?.get('policy') ?? []) {
            const space = policy.indexOf(' '), id = Number(policy.slice(0, space)), name = policy.slice(space + 1);
            if (!Number.isSafeInteger(id)) continue;
            this.taken.add(id);
            if (!this.earlier.has(name)) this.earlier.set(name, id);
        }
    }

    /** Whether an earlier version of the chain created the policy `id`. */
    had(id: number): boolean {
        return this.taken.has(id);
    }

    /** A policy SegPlan keeps at a fixed id (outside the block `of` takes from). */
    reserve(id: number, name: string): void {
        this.used.set(id, name);
    }

    of(name: string): number {
        const kept = this.earlier.get(name);
        if (kept !== undefined && !this.used.has(kept)) { this.used.set(kept, name); return kept; }
        while (this.used.has(this.next) || this.taken.has(this.next)) this.next++;
        this.used.set(this.next, name);
        return this.next;
    }

    /** The policies of this version as `<id> <name>`. Call after every `of`. */
    created(): string[] {
        return [...this.used].map(([id, name]) => `${id} ${name}`);
    }

    /** The earlier versions' policy ids this version does not use: to delete, in order. Call after every `of`. */
    unused(): number[] {
        return [...this.taken].filter(id => !this.used.has(id)).sort((a, b) => a - b);
    }
}

export const fortigateEmitter: Emitter = {
    id: 'fortigate',
    label: 'Fortinet FortiGate',
    detail: 'CLI: config firewall address/address6, service custom, schedule onetime, policy',
    languageId: 'fortigate',
    fileSuffix: 'fortigate.txt',
    maxLineLength: MAX_LINE_LENGTH,
    earlierVersion: { commentMark: '#' },
    placedAmongDevicePolicies: true,
    readBack: { importer: 'fortigate' },
    emit
};
