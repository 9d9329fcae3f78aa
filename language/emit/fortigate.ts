import { cleanName, cleanText, contentDigest, type CleanOptions } from './escape.js';
import {
    COMMENT_TEXT_MAX, deviceZoneNames, concreteSide, noteLines, ruleNotes, ruleSummary, shortPurpose, skipNote, titleLines,
    type EmitOptions, type EmitResult, type Emitter
} from './emitter.js';
import { piecesOf } from './line-bounds.js';
import { AddressObjects, v4Mask } from './objects.js';
import { ANY_ZONE, type RuleSet } from './rule-set.js';

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
 * file `-o` overwrites), a policy that is unchanged keeps its id, the earlier policies this
 * version no longer has are deleted first, and objects nothing uses any more are deleted last.
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
export const FORTIGATE_POLICY_BASE = 1_000_000_000;

function q(text: string): string {
    return `"${text}"`;
}

function emit(this: Emitter, ruleSet: RuleSet, options?: EmitOptions): EmitResult {
    const warnings: string[] = [];
    const objects = new AddressObjects('SP_', 79);
    const services = new Map<string, string[]>(), schedules = new Map<string, string[]>(), policies: string[] = [];
    const earlier = options?.previous === undefined ? undefined : previousObjects(options.previous);
    const ids = new PolicyIds(earlier);
    // FortiGate interface or zone names (35 characters for a zone), used as the plan writes them or --map gives them.
    const zoneName = deviceZoneNames(ruleSet, 'FortiGate', 35, warnings, options);
    const zoneOf = (zone: string) => (zone === ANY_ZONE || ruleSet.internetZones.includes(zone) ? 'any' : zoneName(zone));
    // Service names by the text their digest is of: thousands of rules share a few port lists, and the digest is the costly part.
    const serviceNames = new Map<string, string>();
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
            const range = rule.ports.map(p => p.from === p.to ? String(p.from) : `${p.from}-${p.to}`).join(' ');
            const digested = `${rule.protocol}\n${range}`;
            let name = serviceNames.get(digested);
            if (name === undefined) serviceNames.set(digested, name = `SP_${rule.protocol}_${contentDigest([rule.protocol, range])}`);
            service = name;
            services.set(service, [`    edit ${q(service)}`, ...setList('        ', `${rule.protocol}-portrange`, rule.ports.map(p => p.from === p.to ? String(p.from) : `${p.from}-${p.to}`)), '    next']);
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
        const rest = ['        set action accept', '        set status enable', `        set schedule ${q(schedule)}`, `        set service ${q(service)}`];
        const allows = [
            ...interfaces,
            ...(hasV4 ? [`        set srcaddr ${list(v4.s)}`, `        set dstaddr ${list(v4.d)}`] : unset(['srcaddr', 'dstaddr'])),
            ...(hasV6 ? [`        set srcaddr6 ${list(v6.s)}`, `        set dstaddr6 ${list(v6.d)}`] : unset(['srcaddr6', 'dstaddr6'])),
            ...rest
        ];
        // The addresses the objects stand for are part of what the policy allows.
        const values = [...v4.s, ...v4.d, ...v6.s, ...v6.d].map(n => objects.valueOf(n) ?? n);
        const name = `SP_r${rule.number}_${contentDigest([...allows, ...values])}`;
        // The same settings as `allows` (whose digest names the policy), long lists in pieces.
        const listLines = (key: string, names: string[]) => setList('        ', key, names.map(q));
        policies.push(
            ...notes.map(l => `    ${l}`),
            `    edit ${ids.of(name)}`,
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
    const v6Objects = objects.all().filter(o => o.kind === 'v6');
    const block = (header: string, lines: string[]) => lines.length ? [header, ...lines, 'end'] : [];
    const gone = (names: ReadonlySet<string> | undefined, keep: Iterable<string>) => { const k = new Set(keep); return [...names ?? []].filter(n => !k.has(n)); };
    const deletions = (header: string, names: string[]) => block(header, names.map(n => `    delete ${q(n)}`));
    const text = [
        ...titleLines(ruleSet, this, CLEAN, options).map(l => `# ${l}`),
        ...noteLines(ruleSet, warnings, CLEAN).map(l => `# ${l}`),
        '# Interfaces (or zones) named as the plan\'s zones must exist on the FortiGate.',
        `# Safe to paste over an earlier version: SegPlan's policies use ids from ${FORTIGATE_POLICY_BASE + 1} up (keep that block for them),`,
        '# each sets or unsets every attribute SegPlan writes, and policy and service names end in a digest of what they allow.',
        earlier
            ? '# Policies and objects of the earlier version that this one no longer has are deleted (policies first, objects last).'
            : '# No earlier version was given (--previous, or -o onto the earlier file): policies it had and this one does not are NOT deleted.',
        ...block('config firewall policy', ids.unused().map(id => `    delete ${id}`)),
        ...block('config firewall address', v4Objects.flatMap(o => o.kind === 'fqdn'
            ? [`    edit ${q(o.name)}`, '        set type fqdn', `        set fqdn ${q(o.value)}`, `        set comment ${q(cleanText(`SegPlan ${o.endpoint}`, CLEAN))}`, '    next']
            : [`    edit ${q(o.name)}`, `        set subnet ${v4Mask(o.value).join(' ')}`, `        set comment ${q(cleanText(`SegPlan ${o.endpoint}`, CLEAN))}`, '    next'])),
        ...block('config firewall address6', v6Objects.flatMap(o =>
            [`    edit ${q(o.name)}`, `        set ip6 ${o.value}`, `        set comment ${q(cleanText(`SegPlan ${o.endpoint}`, CLEAN))}`, '    next'])),
        ...block('config firewall service custom', [...services.values()].flat()),
        ...block('config firewall schedule onetime', [...schedules.values()].flat()),
        ...block('config firewall policy', policies),
        ...deletions('config firewall service custom', gone(earlier?.tables.get('firewall service custom'), services.keys())),
        ...deletions('config firewall schedule onetime', gone(earlier?.tables.get('firewall schedule onetime'), schedules.keys())),
        ...deletions('config firewall address', gone(earlier?.tables.get('firewall address'), v4Objects.map(o => o.name))),
        ...deletions('config firewall address6', gone(earlier?.tables.get('firewall address6'), v6Objects.map(o => o.name))),
        ''
    ].join('\n');
    return { text, warnings: [...ruleSet.notes, ...warnings] };
}

/** What an earlier SegPlan file for FortiGate created: policy ids by name, and object names per table (SegPlan's `SP_` names only). */
interface PreviousObjects { readonly policies: Map<string, number>; readonly tables: Map<string, Set<string>> }

function previousObjects(text: string): PreviousObjects {
    const policies = new Map<string, number>(), tables = new Map<string, Set<string>>();
    let table = '', entry = '';
    for (const raw of text.split(/\r?\n/)) {
        const line = raw.trim();
        let m: RegExpMatchArray | null;
        if ((m = /^config (.+)$/.exec(line))) table = m[1];
        else if (line === 'end') table = '';
        else if ((m = /^edit "?([^"]*)"?$/.exec(line))) {
            entry = m[1];
            if (table !== 'firewall policy' && entry.startsWith('SP_')) tables.set(table, (tables.get(table) ?? new Set()).add(entry));
        } else if (table === 'firewall policy' && (m = /^set name "(SP_[^"]*)"$/.exec(line))) policies.set(m[1], Number(entry));
    }
    return { policies, tables };
}

/** Policy ids: an unchanged policy keeps the id it had; a new one takes the next id of SegPlan's block that no earlier policy holds. */
class PolicyIds {
    private readonly used = new Set<number>();
    private next = FORTIGATE_POLICY_BASE + 1;

    constructor(private readonly earlier: PreviousObjects | undefined) {}

    of(name: string): number {
        const kept = this.earlier?.policies.get(name);
        if (kept !== undefined && !this.used.has(kept)) { this.used.add(kept); return kept; }
        const taken = new Set(this.earlier?.policies.values() ?? []);
        while (this.used.has(this.next) || taken.has(this.next)) this.next++;
        this.used.add(this.next);
        return this.next;
    }

    /** The earlier version's policy ids this version does not use: to delete. Call after every `of`. */
    unused(): number[] {
        return [...this.earlier?.policies.values() ?? []].filter(id => !this.used.has(id));
    }
}

export const fortigateEmitter: Emitter = {
    id: 'fortigate',
    label: 'Fortinet FortiGate',
    detail: 'CLI: config firewall address/address6, service custom, schedule onetime, policy',
    languageId: 'plaintext',
    fileSuffix: 'fortigate.txt',
    maxLineLength: MAX_LINE_LENGTH,
    emit
};
