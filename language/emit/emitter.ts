import { formatPortRange, isAllPorts } from '../network/ports.js';
import { cleanText, cutToLength, isPlainText, type CleanOptions } from './escape.js';
import type { HostRules, RuleOrigin, RuleSet, RuleSetEndpoint, RuleSetRule } from './rule-set.js';
import type { DevicePolicies } from './fortigate-deny-placement.js';

/** What a caller may add to any target's output. */
export interface EmitOptions {
    /**
     * Errors the plan still has, when the user asked for rules anyway: each target puts them in a
     * warning at the top of its output.
     */
    readonly planErrors?: readonly string[];
    /** The instant temporary rules are judged at (tests set it; default: now). */
    readonly now?: Date;
    /** Zone → the name of its zone or interface on the device (`generate --map zone=name`). */
    readonly zoneNames?: ReadonlyMap<string, string>;
    /**
     * The earlier version of this target's file, as applied to the device (`generate --previous`,
     * or the file `-o` overwrites): ASA, PAN-OS and FortiGate output then deletes what that version
     * and the ones before it created and this one does not (see owned-names.ts).
     */
    readonly previous?: string;
    /**
     * FortiGate: the device's firewall policies as its configuration lists them (`generate
     * --device-config`): the plan's denies are then placed above every one of them.
     */
    readonly devicePolicies?: DevicePolicies;
}

export interface EmitResult {
    readonly text: string;
    /**
     * The text in pieces, joined by '\n' into `text`: a large output (the iptables file of a large plan
     * runs to megabytes) is written piece by piece, never made into one string nor encoded whole. Absent when
     * the target makes its text in one piece.
     */
    readonly chunks?: readonly string[];
    /** What this target left out and why (host names it cannot match, address-less instances …). */
    readonly warnings: readonly string[];
}

/** A result whose text is `chunks` joined by '\n', joined only if someone reads it. */
export function chunkedResult(chunks: readonly string[], warnings: readonly string[]): EmitResult {
    let text: string | undefined;
    return { chunks, warnings, get text() { return text ??= chunks.join('\n'); } };
}

/**
 * How `generate --verify` reads a target's output back and proves it (verify/verify-generated.ts):
 * what is true of the target, kept with it.
 */
export interface ReadBack {
    /** The audit importer (its id) that reads the output as the device would. */
    readonly importer: string;
    /**
     * The platform's own reader, which must load the output before it is called verified (it runs
     * in a network namespace of its own: verify/platform-reader.node.ts).
     */
    readonly platformReader?: 'iptables-restore' | 'ip6tables-restore' | 'nft';
    /** A host target: the hosts its file holds rules for, proven one by one. */
    readonly hosts?: (ruleSet: RuleSet) => readonly HostRules[];
    /** A target that writes one address family: the target that writes the other. */
    readonly otherFamily?: string;
    /** The last instant the platform can express, in ms: a later expiry ends there, as the target writes it. */
    readonly latestExpiry?: number;
    /** Why generate verifies the output only when told `--verify`, whatever its size. */
    readonly notByDefault?: string;
    /** The most rules (a host target: host rules) generate verifies unless told `--verify`, where the proof grows faster with the plan than the default allows for (verify-generated.ts). */
    readonly maxRulesByDefault?: number;
}

/** One firewall platform or change-request format. One file per target implements it. */
export interface Emitter {
    /** The `--target` name. */
    readonly id: string;
    /** What the quick pick and `--list-targets` show. */
    readonly label: string;
    readonly detail: string;
    /**
     * VS Code language id for the opened document: one VS Code has or the extension declares
     * (package.json), never plain text, which VS Code may re-guess as another language.
     */
    readonly languageId: string;
    /** File name suffix when the result is saved beside the plan: `<plan>.<suffix>`. */
    readonly fileSuffix: string;
    /**
     * The longest line this target writes, in characters, below what the platform's reader takes
     * in one line (each target says which reader sets it). generate refuses an output with a
     * longer line (see line-bounds.ts).
     */
    readonly maxLineLength: number;
    /**
     * Set on targets whose output deletes the earlier version's leftovers (EmitOptions.previous):
     * the comment mark its first line, the title, starts with.
     */
    readonly earlierVersion?: { readonly commentMark: string };
    /** Set on targets that write no rule for the plan's denies (a change request lists allow rules only). */
    readonly noDenyRules?: true;
    /**
     * Set on targets whose output places its policies among the device's own, by the ids of its
     * configuration as exported (`generate --device-config`: EmitOptions.devicePolicies).
     */
    readonly placedAmongDevicePolicies?: true;
    /** How its output is read back and proven; absent: SegPlan cannot read it back, and never calls it verified. */
    readonly readBack?: ReadBack;
    emit(ruleSet: RuleSet, options?: EmitOptions): EmitResult;
}

/**
 * The longest plan or catalog text on one comment line, unless a target's clean options say
 * less: longer text is cut and ends with `...` (the plan keeps it whole).
 */
export const COMMENT_TEXT_MAX = 1000;

/** `text` cut to the comment width of `clean` (see COMMENT_TEXT_MAX). */
function commentText(text: string, clean: CleanOptions): string {
    return cutToLength(text, clean.max ?? COMMENT_TEXT_MAX);
}

/** The generator line every output starts with: no date, so the same plan gives the same bytes. */
export function titleLines(ruleSet: RuleSet, emitter: Emitter, clean: CleanOptions, options: EmitOptions = {}): string[] {
    const lines = [
        commentText(`SegPlan ${cleanText(emitter.label, clean)} for plan '${cleanText(ruleSet.planName, clean) || 'unnamed'}' (${cleanText(ruleSet.planFile, clean)})`, clean),
        'Generated from the allow rules of the plan: regenerate instead of editing by hand.'
    ];
    if (options.planErrors?.length) {
        lines.push(`WARNING: the plan has ${options.planErrors.length} error(s); these rules were generated anyway on request and may be incomplete or wrong:`);
        for (const e of options.planErrors) lines.push(`  - ${cleanText(e, { ...clean, max: 200 })}`);
    }
    return lines;
}

/** The notes every target shares plus its own, as comment text. */
export function noteLines(ruleSet: RuleSet, own: readonly string[], clean: CleanOptions): string[] {
    const all = [...ruleSet.notes, ...own];
    if (all.length === 0) return [];
    return ['Left out:', ...all.map(n => `  - ${cleanText(n.replace(/`/g, ''), { ...clean, max: 300 })}`)];
}

/**
 * `items.map(item => text(item, clean)).join(separator)`, joined by hand: these lists (a rule
 * side's endpoints, its ports, purposes, vendors, origins) mostly hold one item, which then needs
 * no array and no join, and this runs for every rule, mostly before the code is optimised. `text`
 * is a function of the module, not a closure, for the same reason.
 */
function joinTexts<T>(items: readonly T[], separator: string, text: (item: T, clean: CleanOptions) => string, clean: CleanOptions = NO_OPTIONS): string {
    let list = '';
    for (let i = 0; i < items.length; i++) list = i === 0 ? text(items[i], clean) : `${list}${separator}${text(items[i], clean)}`;
    return list;
}

/** For lists whose texts are not cleaned: one object, where a default `{}` would be a new one per call. */
const NO_OPTIONS: CleanOptions = {};
const asIs = (text: string) => text;
const nameOf = (endpoint: RuleSetEndpoint) => endpoint.name;
const fileText = (file: string, clean: CleanOptions) => cleanText(file, clean);

/**
 * The plan files a rule comes from, each once: not their line numbers, which every rule added
 * above would change (and with them every rule's comment in `segplan diff --target`).
 */
function originFiles(origins: readonly RuleOrigin[]): readonly string[] {
    if (origins.length === 1) return [origins[0].file];
    return [...new Set(origins.map(o => o.file))];
}

export function endpointList(endpoints: readonly RuleSetEndpoint[]): string {
    return joinTexts(endpoints, ', ', nameOf);
}

/** `tcp 443, 8443`: the ports as formatPorts writes them. */
export function protocolPorts(rule: RuleSetRule): string {
    if (rule.protocol === 'any') return 'any protocol';
    return `${rule.protocol} ${isAllPorts(rule.ports) ? 'all ports' : joinTexts(rule.ports, ', ', formatPortRange)}`;
}

/** `r-3fa09c1e zone mgmt to prod: vbr to proxy tcp 2500-3300, 6160` */
export function ruleSummary(rule: RuleSetRule, prefix = 'r'): string {
    return `${prefix}-${rule.id} zone ${rule.sourceZone} to ${rule.destinationZone}: ${endpointList(rule.sources)} to ${endpointList(rule.destinations)} ${protocolPorts(rule)}`;
}

/**
 * A piece of a text that cleanText would leave as it is: not empty (an empty piece leaves two
 * spaces in a row) and plain (see isPlainText).
 */
function isPlainWord(text: string): boolean {
    return text !== '' && isPlainText(text);
}

function allPlainWords(texts: readonly string[]): boolean {
    for (let i = 0; i < texts.length; i++) if (!isPlainWord(texts[i])) return false;
    return true;
}

function plainNames(endpoints: readonly RuleSetEndpoint[]): boolean {
    if (endpoints.length === 0) return false;
    for (let i = 0; i < endpoints.length; i++) if (!isPlainWord(endpoints[i].name)) return false;
    return true;
}

/**
 * `cleanText(ruleSummary(rule, prefix), clean)`. The summary of nearly every rule is made of
 * plain names (zones, components) joined by plain words, so it is already clean: testing the
 * names spares reading (and first copying into one piece) every summary. The protocol and ports
 * are plain as formatted.
 */
export function cleanRuleSummary(rule: RuleSetRule, prefix: string, clean: CleanOptions): string {
    const summary = ruleSummary(rule, prefix);
    const plain = isPlainWord(prefix) && isPlainWord(rule.sourceZone) && isPlainWord(rule.destinationZone)
        && plainNames(rule.sources) && plainNames(rule.destinations);
    return plain ? cutToLength(summary, clean.max) : cleanText(summary, clean);
}

/** The plan's own descriptions of a rule, without those that repeat a catalog purpose (a quick-fixed rule's description is that purpose). */
export function planDescriptions(rule: RuleSetRule): readonly string[] {
    // Nothing to filter (no description, or no purpose it could repeat): no set to build, nothing to copy.
    if (rule.descriptions.length === 0 || rule.purposes.length === 0) return rule.descriptions;
    const purposes = new Set(rule.purposes.map(p => p.trim().toLowerCase()));
    // "Allow all" joins the purposes of the flows it allows with "; ".
    return rule.descriptions.filter(d => !d.split(';').every(part => purposes.has(part.trim().toLowerCase())));
}

/**
 * What a rule is for, as comment lines: purpose, vendor, citation, the plan's words, expiry, origin.
 * `clock`: the clock the target ends a temporary rule by (see device-clock.ts).
 */
export function ruleNotes(rule: RuleSetRule, clean: CleanOptions, clock = 'UTC'): string[] {
    const lines: string[] = [];
    appendRuleNotes(rule, clean, '', lines, clock);
    return lines;
}

/**
 * ruleNotes, each line after `lead` (the target's comment mark), appended to `out`: a target
 * that writes a file as one list of lines needs no list per rule. Indexed loops and lists joined
 * by hand: this runs for every rule, mostly before the code is optimised.
 */
export function appendRuleNotes(rule: RuleSetRule, clean: CleanOptions, lead: string, out: { push(line: string): unknown }, clock = 'UTC'): void {
    // Each line is cut as a whole: a rule may join many purposes, vendors and origins.
    if (rule.denied) out.push(`${lead}DENIED by the plan${rule.denied.guardrail ? ` (guardrail ${cleanText(rule.denied.guardrail, clean)})` : ''}: placed before every allow rule, so no rule below reopens it`);
    else out.push(rule.purposes.length ? `${lead}${commentText(`Purpose: ${joinTexts(rule.purposes, '; ', cleanText, clean)}`, clean)}` : `${lead}Purpose: no required flow of the plan uses this rule`);
    if (rule.vendors.length) out.push(`${lead}${commentText(`Vendor: ${joinTexts(rule.vendors, ', ', cleanText, clean)}`, clean)}`);
    for (let i = 0; i < rule.citations.length; i++) out.push(`${lead}${commentText(`Citation: ${cleanText(rule.citations[i], clean)}`, clean)}`);
    const descriptions = planDescriptions(rule);
    for (let i = 0; i < descriptions.length; i++) out.push(`${lead}${commentText(`Plan: ${cleanText(descriptions[i], clean)}`, clean)}`);
    if (rule.until) out.push(`${lead}TEMPORARY: allowed until ${rule.until} (through the end of that day, ${clock}), then expires`);
    if (rule.sameZone) out.push(`${lead}Same-zone flow: no network firewall sees it, only the host firewall`);
    if (rule.origins.length) out.push(`${lead}${commentText(`From ${joinTexts(originFiles(rule.origins), ', ', fileText, clean)}`, clean)}`);
}

/**
 * One-line purpose for fields with a length limit (descriptions, remarks), not yet cleaned: the
 * caller cleans it for its target. The expiry goes first so a length limit never cuts it off.
 */
export function shortPurpose(rule: RuleSetRule): string {
    const what = rule.denied ? `DENY ${joinTexts(rule.descriptions, ' / ', asIs) || rule.denied.guardrail || 'forbidden by the plan'}`
        : rule.purposes.length ? joinTexts(rule.purposes, ' / ', asIs) : joinTexts(rule.descriptions, ' / ', asIs) || 'no required flow uses this rule';
    const vendor = rule.vendors.length ? ` [${joinTexts(rule.vendors, ', ', asIs)}]` : '';
    const until = rule.until ? `TEMPORARY until ${rule.until}: ` : '';
    const cite = rule.citations.length ? ` (${rule.citations[0]}${rule.citations.length > 1 ? ' ...' : ''})` : '';
    return `${until}${what}${vendor}${cite}`;
}

/**
 * `cleanText(shortPurpose(rule), clean)`, or of `${where} ${shortPurpose(rule)}` when `where` (the
 * rule's number as the target shows it) is given. Like cleanRuleSummary, it tests the pieces
 * rather than the text they make: purposes, descriptions, vendors and citations are nearly always
 * plain.
 */
export function cleanShortPurpose(rule: RuleSetRule, clean: CleanOptions, where?: string): string {
    const purpose = shortPurpose(rule);
    const text = where === undefined ? purpose : `${where} ${purpose}`;
    const plain = (where === undefined || isPlainWord(where)) && (!rule.until || isPlainWord(rule.until))
        && allPlainWords(rule.purposes.length ? rule.purposes : rule.descriptions) && allPlainWords(rule.vendors)
        && (rule.citations.length === 0 || isPlainWord(rule.citations[0]));
    return plain ? cutToLength(text, clean.max) : cleanText(text, clean);
}

/**
 * When a temporary rule stops, as one instant for every target: 00:00:00 UTC of the day after
 * `until` (the rule applies through the end of its `until` day, UTC). Seconds since 1970.
 */
export function expiryInstant(until: string): number {
    const [y, m, d] = expiryDay(until);
    return Date.UTC(y, m - 1, d) / 1000;
}

/** Whether a temporary rule has stopped at `now` (its expiry instant has passed). */
export function hasExpired(until: string, now: Date = new Date()): boolean {
    return now.getTime() / 1000 >= expiryInstant(until);
}

/** The day after `until`, when a temporary rule stops: `[year, month, day]`. */
export function expiryDay(until: string): [number, number, number] {
    const [y, m, d] = until.split('-').map(Number);
    const next = new Date(Date.UTC(y, m - 1, d + 1));
    return [next.getUTCFullYear(), next.getUTCMonth() + 1, next.getUTCDate()];
}

export function pad2(n: number): string {
    return String(n).padStart(2, '0');
}

/** Endpoint pieces a target can express, and what it had to leave out. */
export interface ConcreteEndpoint {
    readonly endpoint: RuleSetEndpoint;
    readonly v4: readonly string[];
    readonly v6: readonly string[];
    readonly hostNames: readonly string[];
    readonly any: boolean;
}

/**
 * The parts of an endpoint a target can match. Host names survive only where the platform has
 * FQDN objects; the rest is reported in `warnings`, never replaced by something broader.
 */
export function concrete(endpoint: RuleSetEndpoint, fqdn: boolean, warnings: string[], where: string): ConcreteEndpoint | undefined {
    warnHostNames(endpoint, fqdn, warnings, where);
    return concreteOf(endpoint, fqdn);
}

function warnHostNames(endpoint: RuleSetEndpoint, fqdn: boolean, warnings: string[], where: string): void {
    if (!fqdn && endpoint.hostNames.length > 0) {
        const note = `${where}: ${endpoint.name} is given by host name (${endpoint.hostNames.join(', ')}), which this target cannot match; left out.`;
        if (!warnings.includes(note)) warnings.push(note);
    }
}

/**
 * What a target can express of an endpoint depends only on the endpoint and whether the target
 * has FQDN objects, so it is made once per endpoint (an endpoint is in many rules; the objects are
 * never changed). Null: nothing is left.
 */
const concreteMade = [new WeakMap<RuleSetEndpoint, ConcreteEndpoint | null>(), new WeakMap<RuleSetEndpoint, ConcreteEndpoint | null>()];

function concreteOf(endpoint: RuleSetEndpoint, fqdn: boolean): ConcreteEndpoint | undefined {
    const made = concreteMade[fqdn ? 1 : 0];
    let result = made.get(endpoint);
    if (result === undefined) {
        const c: ConcreteEndpoint = { endpoint, v4: endpoint.v4, v6: endpoint.v6, hostNames: fqdn ? endpoint.hostNames : [], any: endpoint.any };
        result = !c.any && c.v4.length === 0 && c.v6.length === 0 && c.hostNames.length === 0 ? null : c;
        made.set(endpoint, result);
    }
    return result ?? undefined;
}

/**
 * Each rule side's concrete endpoints, made once per side and FQDN support: a rule set's sides
 * are never changed, and a side of one endpoint is shared by every rule that names only it.
 */
const sidesMade = [new WeakMap<readonly RuleSetEndpoint[], readonly ConcreteEndpoint[]>(), new WeakMap<readonly RuleSetEndpoint[], readonly ConcreteEndpoint[]>()];

/** The endpoints of one side of a rule that a target can express; warns (per rule) of what it leaves out. */
export function concreteSide(endpoints: readonly RuleSetEndpoint[], fqdn: boolean, warnings: string[], where: string): readonly ConcreteEndpoint[] {
    for (let i = 0; i < endpoints.length; i++) warnHostNames(endpoints[i], fqdn, warnings, where);
    const made = sidesMade[fqdn ? 1 : 0];
    let side = made.get(endpoints);
    if (!side) {
        let list: ConcreteEndpoint[];
        if (endpoints.length === 1) {
            // Most sides name one endpoint: a list of it alone, not an empty list grown with room for more.
            const c = concreteOf(endpoints[0], fqdn);
            list = c ? [c] : [];
        } else {
            list = [];
            for (let i = 0; i < endpoints.length; i++) {
                const c = concreteOf(endpoints[i], fqdn);
                if (c) list.push(c);
            }
        }
        made.set(endpoints, side = list);
    }
    return side;
}

export function skipNote(rule: RuleSetRule, why: string, prefix = 'r'): string {
    return `${prefix}-${rule.id} (zone ${rule.sourceZone} to ${rule.destinationZone}, ${protocolPorts(rule)}) not emitted: ${why}`;
}

/**
 * The device's name for each zone of the plan: the zone's own name, or the one `--map` gives, used
 * unchanged. A name the platform cannot take (too long for it, or given twice) is never cut or
 * rewritten — two zones would become one — so its rules are left out with a warning that says so.
 */
export function deviceZoneNames(ruleSet: RuleSet, platform: string, max: number, warnings: string[], options: EmitOptions = {}): (zone: string) => string | undefined {
    const names = new Map<string, string | undefined>();
    const taken = new Map<string, string>();
    for (const zone of ruleSet.zones) {
        if (ruleSet.internetZones.includes(zone)) continue;
        const name = options.zoneNames?.get(zone) ?? zone;
        if (!/^[A-Za-z0-9_][\w.-]*$/.test(name) || name.length > max) {
            warnings.push(`Zone ${zone}: ${platform} takes zone and interface names of at most ${max} letters, digits, '-', '_' and '.', and '${name}' is not one: its rules are left out. Give the device's name with generate --map ${zone}=<name>.`);
            names.set(zone, undefined);
            continue;
        }
        const other = taken.get(name);
        if (other !== undefined) {
            warnings.push(`Zones ${other} and ${zone} would both be ${platform} zone '${name}': their rules are left out. Map them to different names with --map.`);
            names.set(zone, undefined);
            names.set(other, undefined);
            continue;
        }
        taken.set(name, zone);
        names.set(zone, name);
    }
    return zone => names.get(zone);
}
