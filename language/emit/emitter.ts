import { formatPorts } from '../model/ports.js';
import { cleanText, type CleanOptions } from './escape.js';
import type { RuleSet, RuleSetEndpoint, RuleSetRule } from './rule-set.js';

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
     * or the file `-o` overwrites): PAN-OS and FortiGate output then deletes what that version
     * created and this one does not.
     */
    readonly previous?: string;
}

export interface EmitResult {
    readonly text: string;
    /** What this target left out and why (host names it cannot match, address-less instances …). */
    readonly warnings: readonly string[];
}

/** One firewall platform or change-request format. One file per target implements it. */
export interface Emitter {
    /** The `--target` name. */
    readonly id: string;
    /** What the quick pick and `--list-targets` show. */
    readonly label: string;
    readonly detail: string;
    /** VS Code language id for the opened document. */
    readonly languageId: string;
    /** File name suffix when the result is saved beside the plan: `<plan>.<suffix>`. */
    readonly fileSuffix: string;
    emit(ruleSet: RuleSet, options?: EmitOptions): EmitResult;
}

/** The generator line every output starts with: no date, so the same plan gives the same bytes. */
export function titleLines(ruleSet: RuleSet, emitter: Emitter, clean: CleanOptions, options: EmitOptions = {}): string[] {
    const lines = [
        `SegPlan ${cleanText(emitter.label, clean)} for plan '${cleanText(ruleSet.planName, clean) || 'unnamed'}' (${cleanText(ruleSet.planFile, clean)})`,
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

export function endpointList(endpoints: readonly RuleSetEndpoint[]): string {
    return endpoints.map(e => e.name).join(', ');
}

export function protocolPorts(rule: RuleSetRule): string {
    if (rule.protocol === 'any') return 'any protocol';
    return `${rule.protocol} ${formatPorts(rule.ports)}`;
}

/** `r3 zone mgmt to prod: vbr to proxy tcp 2500-3300, 6160` */
export function ruleSummary(rule: RuleSetRule, prefix = 'r'): string {
    return `${prefix}${rule.number} zone ${rule.sourceZone} to ${rule.destinationZone}: ${endpointList(rule.sources)} to ${endpointList(rule.destinations)} ${protocolPorts(rule)}`;
}

/** What a rule is for, as comment lines: purpose, vendor, citation, the plan's words, expiry, origin. */
/** The plan's own descriptions of a rule, without those that repeat a catalog purpose (a quick-fixed rule's description is that purpose). */
export function planDescriptions(rule: RuleSetRule): string[] {
    // Nothing to filter (no description, or no purpose it could repeat): no set to build.
    if (rule.descriptions.length === 0 || rule.purposes.length === 0) return [...rule.descriptions];
    const purposes = new Set(rule.purposes.map(p => p.trim().toLowerCase()));
    // "Allow all" joins the purposes of the flows it allows with "; ".
    return rule.descriptions.filter(d => !d.split(';').every(part => purposes.has(part.trim().toLowerCase())));
}

export function ruleNotes(rule: RuleSetRule, clean: CleanOptions): string[] {
    const c = (text: string) => cleanText(text, clean);
    const lines: string[] = [];
    lines.push(`Purpose: ${rule.purposes.length ? rule.purposes.map(c).join('; ') : 'no required flow of the plan uses this rule'}`);
    if (rule.vendors.length) lines.push(`Vendor: ${rule.vendors.map(c).join(', ')}`);
    for (const citation of rule.citations) lines.push(`Citation: ${c(citation)}`);
    for (const d of planDescriptions(rule)) lines.push(`Plan: ${c(d)}`);
    if (rule.until) lines.push(`TEMPORARY: allowed until ${rule.until} (through the end of that day, UTC), then expires`);
    if (rule.sameZone) lines.push('Same-zone flow: no network firewall sees it, only the host firewall');
    if (rule.origins.length) lines.push(`From ${rule.origins.map(o => `${c(o.file)} line ${o.line}`).join(', ')}`);
    return lines;
}

/**
 * One-line purpose for fields with a length limit (descriptions, remarks), not yet cleaned: the
 * caller cleans it for its target. The expiry goes first so a length limit never cuts it off.
 */
export function shortPurpose(rule: RuleSetRule): string {
    const what = rule.purposes.length ? rule.purposes.join(' / ') : rule.descriptions.join(' / ') || 'no required flow uses this rule';
    const vendor = rule.vendors.length ? ` [${rule.vendors.join(', ')}]` : '';
    const until = rule.until ? `TEMPORARY until ${rule.until}: ` : '';
    const cite = rule.citations.length ? ` (${rule.citations[0]}${rule.citations.length > 1 ? ' ...' : ''})` : '';
    return `${until}${what}${vendor}${cite}`;
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

/**
 * For targets that cannot expire a rule by themselves (cloud security groups): a rule whose date
 * has passed is left out (true, with a warning); a rule that will expire gets a warning that the
 * platform will not remove it.
 */
export function leaveOutExpired(rule: RuleSetRule, platform: string, warnings: string[], options: EmitOptions = {}): boolean {
    if (!rule.until) return false;
    if (hasExpired(rule.until, options.now)) {
        warnings.push(skipNote(rule, `it was temporary until ${rule.until} (end of that day, UTC), which has passed`));
        return true;
    }
    warnings.push(`r${rule.number} (zone ${rule.sourceZone} to ${rule.destinationZone}, ${protocolPorts(rule)}) is temporary until ${rule.until} (end of that day, UTC). ${platform} will not remove it by itself: delete it then, or generate the rules again after that day`);
    return false;
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

/** The endpoints of one side of a rule that a target can express; warns when none is left. */
export function concreteSide(endpoints: readonly RuleSetEndpoint[], fqdn: boolean, warnings: string[], where: string): ConcreteEndpoint[] {
    const side: ConcreteEndpoint[] = [];
    for (let i = 0; i < endpoints.length; i++) {
        warnHostNames(endpoints[i], fqdn, warnings, where);
        const c = concreteOf(endpoints[i], fqdn);
        if (c) side.push(c);
    }
    return side;
}

export function skipNote(rule: RuleSetRule, why: string, prefix = 'r'): string {
    return `${prefix}${rule.number} (zone ${rule.sourceZone} to ${rule.destinationZone}, ${protocolPorts(rule)}) not emitted: ${why}`;
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
