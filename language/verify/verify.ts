import type { PlanAnalysis } from '../analysis/analyze-plan.js';
import type { ConfigLocation, FirewallPolicy } from '../audit/firewall-policy.js';
import { KeptReading } from '../audit/importers/importer.js';
import { LOCAL_TIME_SLACK_MS } from '../audit/importers/time-window.js';
import { MatchIndex } from '../audit/match-index.js';
import { EVERY_ADDRESS, EVERY_IPV4, EVERY_IPV6, boxOf, concreteAddresses, type TrafficMatch } from '../audit/traffic-space.js';
import { linuxHosts } from '../emit/nftables.js';
import type { HostRules, RuleSet } from '../emit/rule-set.js';
import { AddressSet } from '../network/addresses.js';
import { acceptLists, type AcceptLists } from './equal-by-rules.js';
import { compareAt, type Comparison, type Difference, type Family, type Scope, type Unevaluable } from './compare-at.js';
import { HostNameSpace, MOST_HOST_NAME_FLAGS, type HostNameSpaceResult } from './host-name-space.js';
import { joinHostNameRules } from './host-name-rules.js';
import { deniedMatches, inForceAt, namedOnlyEndpoints, planMatches, undecidedMatches, type PlanMatch, type UndecidedMatch } from './plan-allowed.js';
import { readerLists, readWithPlatformReader, type LoadCheck, type PlatformReading } from './platform-reader.node.js';
import { answersAlike, importAt, locatedIn, type ReadableConfig, type WindowAsked } from './read-configs.js';

/**
 * `segplan verify`: proves that the TCP and UDP traffic a configuration allows is exactly the
 * traffic the plan's allow rules allow, at now and at every instant a temporary rule starts or
 * stops mattering; otherwise lists each difference both ways, or says what it cannot evaluate.
 */

export interface VerifyOptions {
    readonly now: Date;
    /** Interface or zone name on the device → the addresses behind it (the audit's `--map`). */
    readonly interfaces: ReadonlyMap<string, AddressSet>;
    /** A host firewall: the component whose firewall the configuration is. */
    readonly host?: string;
    /** Only these families are compared (a target that writes one family per file); default: both. */
    readonly families?: readonly Family[];
    /** The user named the format: what it says of the file is taken as given. */
    readonly formatGiven?: boolean;
    /**
     * Families the configuration holds no rules for are left to another file (iptables and ip6tables
     * targets write one family each): this says where, in a note. Without it such a family is
     * unknown when the plan allows traffic in it.
     */
    readonly otherFamilyIn?: (family: 'IPv4' | 'IPv6') => string;
    /** The last instant the platform can express (iptables' xt_time ends in 2038): later expiries end there. */
    readonly latestExpiry?: number;
    /** `--device-group`: the Panorama device group verified. */
    readonly deviceGroup?: string;
}

export interface DatedDifference extends Difference {
    /** The instant it was found at, when not now (a temporary rule that stops too early or too late). */
    readonly at?: Date;
}

export interface DatedUnevaluable extends Unevaluable {
    readonly at?: Date;
}

export interface VerifyResult {
    /** `equal`: proven; `different`: at least one difference is certain; `unknown`: no difference found but something could not be evaluated. */
    readonly verdict: 'equal' | 'different' | 'unknown';
    /** What was compared, in words: `zone firewall` or `host firewall of vbr`. */
    readonly scope: string;
    readonly families: readonly Family[];
    readonly differences: readonly DatedDifference[];
    readonly unknown: readonly DatedUnevaluable[];
    /** What the proof assumed or left out, said once each. */
    readonly notes: readonly string[];
    /** Every instant the proof was made at. */
    readonly instants: readonly Date[];
    /**
     * SegPlan's own output checked by its platform's reader (`iptables-restore --test`; nft, which loads it):
     * a file it refuses is `different` (the device would not load it), and a check that could not
     * run is said so, never taken as passed.
     */
    readonly loading?: readonly LoadCheck[];
}

/** The instant past every date a plan or device writes: a rule that stops at all has stopped by then. */
const FAR_FUTURE = Date.UTC(9999, 0, 1);
/** Around an expiry: past the second a platform rounds to (iptables stops at 23:59:59, the plan at midnight). */
const NEAR = 2_000;
/** Around an expiry a device reads in its own time zone: beyond the span the audit calls uncertain. */
const BEYOND_LOCAL_CLOCK = LOCAL_TIME_SLACK_MS + 60_000;

/** The addresses a zone stands for, as the audit sees them: an internet zone is what the plan's own zones are not. */
function zoneSpaces(analysis: PlanAnalysis): AddressSet[] {
    const zones = [...analysis.plan.facts.zones.values()];
    const own = zones.filter(z => !z.internet).reduce((s, z) => s.union(concreteAddresses(z.networks)), AddressSet.EMPTY);
    return zones.map(z => z.internet ? EVERY_ADDRESS.subtract(own) : concreteAddresses(z.networks)).filter(s => !s.isEmpty);
}

/**
 * A zone firewall's scope: every connection but those inside one zone. Without an internet zone
 * an address outside every zone is behind no interface the plan names (where it comes in depends
 * on how the device is wired, which the plan does not say): what the plan allows it (`any`) is
 * not owed there, but what the device lets through from or to it must still be in the plan, and
 * a connection between two such addresses is no business of the plan's zones.
 */
function zonesScope(analysis: PlanAnalysis): Scope & { kind: 'zones' } {
    const spaces = zoneSpaces(analysis);
    const within = spaces.reduce((u, s) => u.union(s), AddressSet.EMPTY);
    // Between two such addresses no interface of the plan lies on the path at all.
    const outside = EVERY_ADDRESS.subtract(within);
    return { kind: 'zones', within, zones: [...spaces, outside].filter(s => !s.isEmpty) };
}

/** The rule set's hosts as the proofs of one file look them up, made once for all of them. */
interface RuleSetHosts {
    /** Those with a Linux firewall: the same file is loaded on each. */
    readonly linux: ReadonlySet<HostRules>;
    /** Each host's entries, by its name. */
    readonly byName: ReadonlyMap<string, readonly HostRules[]>;
    /** Each entry's place in the rule set: the proof takes the rules of several in this order. */
    readonly place: ReadonlyMap<HostRules, number>;
}

function ruleSetHosts(ruleSet: RuleSet): RuleSetHosts {
    const byName = new Map<string, HostRules[]>();
    for (const h of ruleSet.hosts) (byName.get(h.host) ?? byName.set(h.host, []).get(h.host)!).push(h);
    return { linux: new Set(linuxHosts(ruleSet)), byName, place: new Map(ruleSet.hosts.map((h, i) => [h, i])) };
}

/**
 * The host rules a host's firewall holds, in order, and which are its own: its own where each
 * host runs only its part of the file; otherwise the rules of every Linux host, as the same file
 * is loaded on each and every rule matches its host's addresses: components that share addresses
 * (a database on the backup server's address) are one machine, whose firewall lets in what each
 * of them is allowed. Of another host, only the entries `reaching` finds (its rules that may
 * reach this host's addresses) are given: the others add nothing.
 */
function hostRulesOf(hosts: RuleSetHosts, host: string, configs: readonly ReadableConfig[], reaching: () => ReadonlyMap<HostRules, HostMatches>): readonly HostRules[] {
    const own = hosts.byName.get(host) ?? [];
    if (configs.every(c => c.importer.onePartPerHost)) return own;
    const others = [...reaching().keys()].filter(h => h.host !== host && hosts.linux.has(h));
    // A Linux host is one of them, in the rule set's order; another one's own rules come after theirs.
    if (own.some(h => hosts.linux.has(h))) return [...own.filter(h => hosts.linux.has(h)), ...others].sort((a, b) => hosts.place.get(a)! - hosts.place.get(b)!);
    return [...others, ...own];
}

/** A host's rules and denies as the proof matches them, made once for every host whose firewall holds them. */
function hostMatchesOf(h: HostRules, latest: number | undefined, shared: SharedReading): HostMatches {
    let made = shared.hostMatches.get(h);
    if (!made) {
        const all = [...planMatches(h.rules, `${h.host}.h`, latest), ...planMatches(h.withheld ?? [], `${h.host}.w`, latest, true)];
        shared.hostMatches.set(h, made = { matches: all, denied: deniedMatches(h.denies) });
    }
    return made;
}

/**
 * The rules and denies of every host of the rule set that may reach `destinations`, by host, in
 * their order: looked up in an index of their destinations (made once, for every host's proof),
 * never by trying each. A superset: the caller still checks each found one exactly.
 */
function reachingHost(ruleSet: RuleSet, latest: number | undefined, shared: SharedReading, destinations: AddressSet): Map<HostRules, HostMatches> {
    if (!shared.byDestination) {
        const owners: { readonly owner: HostRules; readonly match?: PlanMatch; readonly denied?: TrafficMatch }[] = [];
        for (const h of ruleSet.hosts) {
            const made = hostMatchesOf(h, latest, shared);
            for (const match of made.matches) owners.push({ owner: h, match });
            for (const denied of made.denied) owners.push({ owner: h, denied });
        }
        // Only the destinations are indexed: the other fields are left open, so every one that reaches them is found.
        shared.byDestination = { owners, index: new MatchIndex(owners.map(o => ({ destinations: (o.match?.match ?? o.denied)!.destinations }))) };
    }
    const { owners, index } = shared.byDestination;
    // The protocol is any of the box's: the index holds no protocol, so it does not choose.
    const found = index.meeting(boxOf('tcp', EVERY_ADDRESS, destinations));
    shared.hostRulesTried += index.lastTried;
    const byHost = new Map<HostRules, { matches: PlanMatch[]; denied: TrafficMatch[] }>();
    for (const i of found) {
        const { owner, match, denied } = owners[i];
        let of = byHost.get(owner);
        if (!of) byHost.set(owner, of = { matches: [], denied: [] });
        if (match) of.matches.push(match);
        if (denied) of.denied.push(denied);
    }
    return byHost;
}

/**
 * What the proof compares at: the scope, the plan's allow rules there and its denies there (what
 * the plan lets through is what its allow rules allow and no deny forbids).
 */
function scopeOf(
    analysis: PlanAnalysis, ruleSet: RuleSet, host: string | undefined, latest: number | undefined, configs: readonly ReadableConfig[], shared: SharedReading
): { scope: Scope; matches: PlanMatch[]; denied: TrafficMatch[]; undecided: UndecidedMatch[]; words: string } {
    // What the plan as written leaves open (statements not read whole): the same wherever it is compared.
    const undecided = undecidedMatches(ruleSet.undecided ?? []);
    if (host === undefined) {
        const matches = [...planMatches(ruleSet.rules, 'r', latest), ...planMatches(ruleSet.withheld ?? [], 'w', latest, true)];
        return { scope: zonesScope(analysis), matches, denied: deniedMatches(ruleSet.denies), undecided, words: 'zone firewall' };
    }
    // The host's IP addresses (its host names and an address-less placement match nothing).
    const own = analysis.plan.facts.instances.get(host)?.addresses;
    const destinations = own ? AddressSet.of([...own.v4.map(interval => ({ kind: 'ipv4' as const, interval })), ...own.v6.map(interval => ({ kind: 'ipv6' as const, interval }))]) : AddressSet.EMPTY;
    // Another host's rules and denies count where they reach this host's addresses.
    let reaching: ReadonlyMap<HostRules, HostMatches> | undefined;
    const reachingOf = () => reaching ??= reachingHost(ruleSet, latest, shared, destinations);
    const matches: PlanMatch[] = [], denied: TrafficMatch[] = [];
    for (const h of hostRulesOf(shared.hosts ??= ruleSetHosts(ruleSet), host, configs, reachingOf)) {
        if (h.host === host) {
            const made = hostMatchesOf(h, latest, shared);
            matches.push(...made.matches);
            denied.push(...made.denied);
            continue;
        }
        const found = reachingOf().get(h)!;
        shared.hostRulesTried += found.matches.length + found.denied.length;
        for (const m of found.matches) if (m.match.destinations!.intersects(destinations)) matches.push(m);
        for (const d of found.denied) if (d.destinations!.intersects(destinations)) denied.push(d);
    }
    return { scope: { kind: 'host', host, sources: EVERY_ADDRESS, destinations }, matches, denied, undecided, words: `host firewall of ${host}` };
}

/**
 * Where each host name of the plan resolves: within the zone the plan places its component in (an
 * internet zone: outside the plan's other zones). A name only the configuration uses is in none.
 */
function hostNameZones(analysis: PlanAnalysis): ReadonlyMap<string, AddressSet> {
    const zones = [...analysis.plan.facts.zones.values()];
    const own = zones.filter(z => !z.internet).reduce((s, z) => s.union(concreteAddresses(z.networks)), AddressSet.EMPTY);
    const zoneOf = new Map<string, AddressSet>();
    for (const z of zones) {
        const space = z.internet ? EVERY_ADDRESS.subtract(own) : concreteAddresses(z.networks);
        for (const name of z.members.names) zoneOf.set(name, (zoneOf.get(name) ?? AddressSet.EMPTY).union(space));
    }
    return zoneOf;
}

/** Whether a set names a host name (not only the atoms of address-less components, `<vbr>`). */
function namesAHostName(set: AddressSet | undefined): set is AddressSet {
    // Most sets name nothing: no iterator made for them (asked of every address set of the configuration).
    if (set && set.names.size > 0) for (const n of set.names) if (!n.startsWith('<')) return true;
    return false;
}

/**
 * The host names the proof meets, in the configuration (its address sets that name one, in order:
 * a set naming none adds no use of a name, so leaving it out groups the names alike) and the
 * plan's matches, each resolving where `zoneOf` says; a name it does not know, anywhere.
 */
function hostNameSpaceOf(zoneOf: ReadonlyMap<string, AddressSet>, named: readonly AddressSet[], matches: readonly PlanMatch[], denied: readonly TrafficMatch[], undecided: readonly UndecidedMatch[]): HostNameSpaceResult {
    const sets: AddressSet[] = [...named];
    const add = (m: TrafficMatch) => { if (m.sources) sets.push(m.sources); if (m.destinations) sets.push(m.destinations); };
    matches.forEach(m => add(m.match));
    denied.forEach(add);
    undecided.forEach(u => add(u.match));
    return HostNameSpace.of(sets, name => zoneOf.get(name));
}

/**
 * What the proof reads of the configurations as read, whatever the host and the instant: the
 * lines the importers left unread (a note each, or unknown unless a rule judges the traffic it
 * matches), the rules joined by host name, and the address sets of these that name a host name.
 */
interface PolicyReading {
    readonly notes: readonly string[];
    readonly unread: readonly Unevaluable[];
    readonly joined: readonly FirewallPolicy[];
    readonly named: readonly AddressSet[];
}

function readPolicies(policies: readonly FirewallPolicy[], configs: readonly ReadableConfig[], shared: SharedReading): PolicyReading {
    const notes: string[] = [], unread: Unevaluable[] = [];
    policies.forEach((p, i) => {
        for (const w of p.warnings ?? []) {
            const at = locatedIn(configs[i], { file: configs[i].file, line: w.line, text: w.text });
            notes.push(`${at.file} line ${at.line}: ${w.why}.`);
        }
        const judged = new Set<number>();
        for (const c of p.chains.values()) {
            shared.rulesLookedAt += c.rules.length;
            for (const r of c.rules) if (r.unknown || r.condition || r.uncertain) judged.add(r.location.line);
        }
        for (const u of p.unevaluated) {
            if (!judged.has(u.line)) unread.push({ config: locatedIn(configs[i], { file: configs[i].file, line: u.line, text: u.text }), why: u.why });
        }
    });
    const joined = policies.map(joinHostNameRules);
    const named: AddressSet[] = [];
    for (const p of joined) {
        for (const c of p.chains.values()) {
            for (const r of c.rules) {
                if (namesAHostName(r.match.sources)) named.push(r.match.sources);
                if (namesAHostName(r.match.destinations)) named.push(r.match.destinations);
            }
        }
    }
    return { notes, unread, joined, named };
}

/**
 * Whether a rule given by host name has traffic in the families compared: a host name resolves to
 * either family, the other side may hold one only (ip6tables compares IPv6 alone, where a rule
 * from IPv4 sources to a host name has none).
 */
function namedInFamilies(m: PlanMatch, families: readonly Family[]): boolean {
    const { sources, destinations } = m.match;
    const named = (s: AddressSet | undefined) => s !== undefined && [...s.names].some(n => !n.startsWith('<'));
    if (!named(sources) && !named(destinations)) return false;
    const reaches = (s: AddressSet | undefined) => s === undefined || s.any || named(s) || families.some(f => (f === 'ipv4' ? s.v4 : s.v6).length > 0);
    return reaches(sources) && reaches(destinations);
}

/** Whether a configuration's rules name a host name (an FQDN object read as its name). */
function namesHostNames(policy: FirewallPolicy): boolean {
    for (const c of policy.chains.values()) {
        for (const r of c.rules) if ([...(r.match.sources?.names ?? []), ...(r.match.destinations?.names ?? [])].some(n => !n.startsWith('<'))) return true;
    }
    return false;
}

/** For what is not on a line of the configuration (the plan names a host, the file lacks a family). */
const NOWHERE: ConfigLocation = { file: '', line: 0, text: '' };

function sameLocation(a: ConfigLocation, b: ConfigLocation): boolean {
    return a.file === b.file && a.line === b.line && a.text === b.text;
}

function differenceKey(d: Difference): string {
    return `${d.kind}|${d.protocol}|${d.sources.format()}|${d.destinations.format()}|${d.ports.map(p => `${p.from}-${p.to}`).join(',')}|${d.config.file}:${d.config.line}|${d.plan?.name ?? ''}`;
}

/** Each expiry still ahead, once, earliest first. */
function expiriesAhead(matches: readonly PlanMatch[], now: number): number[] {
    return [...new Set(matches.map(m => m.ends).filter((e): e is number => e !== undefined && e > now))].sort((a, b) => a - b);
}

/**
 * What the verifications of one file for several hosts share (a host target's file is proven host
 * by host): the configurations as read, when reading them asked neither the time nor the host (the
 * same for every host), what the proof reads of them, where the plan's host names resolve, and the
 * plan's matches of each host's rules.
 */
export interface SharedReading {
    policies?: FirewallPolicy[];
    /** What the proof reads of each reading of the configurations (readPolicies): once, whatever the host. */
    readonly read: WeakMap<readonly FirewallPolicy[], PolicyReading>;
    hostNameZones?: ReadonlyMap<string, AddressSet>;
    /** The platform readers' checks of the configurations that are SegPlan's own output (one per configuration, none for others), made once. */
    loading?: Promise<(PlatformReading | undefined)[]>;
    readonly hostMatches: Map<HostRules, HostMatches>;
    hosts?: RuleSetHosts;
    /** Every host's rules and denies, indexed by their destinations (reachingHost). */
    byDestination?: { readonly owners: readonly { readonly owner: HostRules; readonly match?: PlanMatch; readonly denied?: TrafficMatch }[]; readonly index: MatchIndex };
    /** The configurations' accept lists, for proofs rule by rule (equal-by-rules.ts): made once, whatever the host. */
    readonly acceptLists: AcceptLists;
    /** Rules checked and matches tried by the proofs made rule by rule, over every host: the work the tests count. */
    readonly byRules: { rules: number; tried: number };
    /** Rule lines the importers read afresh, at the instants of every host's proof (not kept from another instant): the work the tests count. */
    linesRead: number;
    /** Rules of the configurations looked through for what they leave unread and the host names they use: the work the tests count. */
    rulesLookedAt: number;
    /** Other hosts' rules and denies tried for whether they reach a host's addresses: the work the tests count. */
    hostRulesTried: number;
    /** Readings of the configurations, at every instant of every host's proof (none where an earlier one is taken): the work the tests count. */
    readings: number;
}

interface HostMatches {
    readonly matches: readonly PlanMatch[];
    readonly denied: readonly TrafficMatch[];
}

export function sharedReading(): SharedReading {
    return { read: new WeakMap(), hostMatches: new Map(), acceptLists: acceptLists(), byRules: { rules: 0, tried: 0 }, linesRead: 0, rulesLookedAt: 0, hostRulesTried: 0, readings: 0 };
}

export async function verifyConfigs(analysis: PlanAnalysis, ruleSet: RuleSet, configs: readonly ReadableConfig[], options: VerifyOptions, shared = sharedReading()): Promise<VerifyResult> {
    const { scope, matches, denied, undecided, words } = scopeOf(analysis, ruleSet, options.host, options.latestExpiry, configs, shared);
    const notes: string[] = configs.flatMap(c => c.notes);
    // The platform's reader checks the file in its own process while the proof goes on.
    const readersAsked = shared.loading ??= Promise.all(configs.map(c => c.ownOutput ? readWithPlatformReader(c.ownOutput.target, c.ownOutput.text) : undefined));
    const loadingAsked = readersAsked.then(readings => configs.flatMap((c, i) => {
        const check = readings[i]?.check;
        return check ? [check.line ? { ...check, detail: `${c.file} line ${check.line}: ${check.detail}` } : check] : [];
    }));
    // A file its platform refuses is not loaded at all: whatever it says, the device does not do it.
    const refused = (loading: LoadCheck[]): VerifyResult | undefined => loading.some(l => l.outcome === 'refused')
        ? { verdict: 'different', scope: words, families: [], differences: [], unknown: [], notes: configs.flatMap(c => c.notes), instants: [], loading } : undefined;
    // nft loads the file and lists what it loaded: the proof reads that listing (nft reads the file
    // once, not once more for the proof), so it waits for the reader.
    let read = configs;
    if (configs.some(c => c.ownOutput && readerLists(c.ownOutput.target))) {
        const readings = await readersAsked;
        const answer = refused(await loadingAsked);
        if (answer) return answer;
        read = configs.map((c, i) => readings[i]?.listing === undefined ? c : { ...c, listed: readings[i]!.listing });
    }
    let proven: VerifyResult;
    try {
        proven = await proveConfigs(analysis, read, options, shared, notes, { scope, matches, denied, undecided, words });
    } catch (error) {
        // What the reader refuses may not be readable either: the refusal is the answer.
        const answer = refused(await loadingAsked);
        if (answer) return answer;
        throw error;
    }
    const loading = await loadingAsked;
    return refused(loading) ?? (loading.length ? { ...proven, loading } : proven);
}

/** The proof itself, at every instant: what verifyConfigs gives when the platform's reader does not refuse the file. */
async function proveConfigs(
    analysis: PlanAnalysis, configs: readonly ReadableConfig[], options: VerifyOptions, shared: SharedReading, notes: string[],
    { scope, matches, denied, undecided, words }: ReturnType<typeof scopeOf>
): Promise<VerifyResult> {
    const hook = options.host === undefined ? 'forward' : 'input';
    const now = options.now.getTime();
    const differences: DatedDifference[] = [];
    const unknown: DatedUnevaluable[] = [];
    const seen = new Set<string>();
    const instants: Date[] = [];
    let families = options.families;

    if (scope.kind === 'zones' && ![...analysis.plan.facts.zones.values()].some(z => z.internet) && matches.some(m => [...m.rule.sources, ...m.rule.destinations].some(e => e.any))) {
        notes.push('Rules from or to any are owed only between the plan\'s zones: the plan has no internet zone, so no interface of the firewall stands for the addresses outside them (what the firewall lets through from or to them is still compared; give the plan an internet zone to owe them too).');
    }
    if (matches.some(m => m.rule.protocol === 'any')) {
        notes.push('Rules for any protocol are compared for TCP and UDP; other protocols (ICMP …) are not part of the proof.');
    }
    if (options.latestExpiry !== undefined && matches.some(m => m.ends === options.latestExpiry)) {
        notes.push(`Temporary rules ending after ${new Date(options.latestExpiry).toISOString()} are checked as ending then: the platform cannot express a later date, and its file says so.`);
    }

    const readingOf = (policies: FirewallPolicy[]): PolicyReading => {
        let read = shared.read.get(policies);
        if (!read) shared.read.set(policies, read = readPolicies(policies, configs, shared));
        return read;
    };
    /** The configurations as read once, when reading them did not ask the time: the same at every instant. */
    let timeless: FirewallPolicy[] | undefined;
    /** What reading the configurations at one instant keeps for the next (a rule with a date is read again). */
    const kept = configs.map(() => new KeptReading());
    /**
     * Each reading of the configurations, with the comparisons made of it by the plan's rules in
     * force: an instant that reads every configuration as an earlier one did (the same objects)
     * takes that reading and its comparisons.
     */
    const readings: { policies: FirewallPolicy[]; made: Map<string, Comparison> }[] = [];
    /** Readings that asked the time only whether rules with dates hold: each with its questions and their answers. */
    const dated: { readonly policies: FirewallPolicy[]; readonly windows: readonly WindowAsked[] }[] = [];
    const readingAt = async (at: number): Promise<(typeof readings)[number]> => {
        let policies = timeless ?? shared.policies;
        if (policies) timeless = policies;
        // Where every rule with a date holds as at an earlier instant, the configurations read as they did then.
        else policies = dated.find(d => answersAlike(d.windows, at))?.policies;
        if (!policies) {
            const read = await importAt(configs, options.interfaces, hook, new Date(at), options.formatGiven ?? false, options.host, options.deviceGroup, kept);
            shared.readings++;
            policies = read.policies;
            const timed = read.askedTime || read.windows.length > 0;
            if (!timed && !read.askedHost) shared.policies = policies;
            if (!timed) timeless = policies;
            else if (!read.askedTime) dated.push({ policies, windows: read.windows });
        }
        const these = policies;
        let reading = readings.find(r => r.policies.length === these.length && r.policies.every((p, i) => p === these[i]));
        if (!reading) readings.push(reading = { policies, made: new Map() });
        return reading;
    };
    /** The configurations as they stand at `at`, compared with the plan's rules in force then. */
    const compare = async (at: number): Promise<Comparison> => {
        const { policies, made } = await readingAt(at);
        families ??= familiesOf(policies);
        // A line the importer read but did not make a rule of may change anything: the proof cannot
        // hold past it. A rule it could not evaluate is judged where it matches (an ICMP-only rule
        // never meets TCP or UDP traffic).
        const read = readingOf(policies);
        notes.push(...read.notes);
        for (const u of read.unread) if (!unknown.some(x => sameLocation(x.config, u.config))) unknown.push(u);
        const inForce = inForceAt(matches, at);
        const key = inForce.map(m => m.name).join(',');
        let comparison = made.get(key);
        if (!comparison) made.set(key, comparison = compareNamed(policies, inForce));
        return comparison;
    };
    /** Host names, in the plan or the configuration, in the space where each is exactly its addresses (host-name-space.ts). */
    let named: { policies: readonly FirewallPolicy[]; joined: readonly FirewallPolicy[]; result: HostNameSpaceResult; encoded?: FirewallPolicy[] } | undefined;
    /** compareAt with what the proofs of this file share, counting the work of those made rule by rule. */
    const compared = (policies: readonly FirewallPolicy[], inForce: readonly PlanMatch[], at: Scope, deniedHere: readonly TrafficMatch[], undecidedHere: readonly UndecidedMatch[], spaces?: Record<Family, AddressSet>): Comparison => {
        const comparison = compareAt(policies, inForce, at, families!, deniedHere, undecidedHere, spaces, { acceptLists: shared.acceptLists });
        if (comparison.work?.rules !== undefined) {
            shared.byRules.rules += comparison.work.rules;
            shared.byRules.tried += comparison.work.tried;
        }
        return comparison;
    };
    const compareNamed = (policies: FirewallPolicy[], inForce: PlanMatch[]): Comparison => {
        if (named?.policies !== policies) {
            const { joined, named: sets } = readingOf(policies);
            named = { policies, joined, result: hostNameSpaceOf(shared.hostNameZones ??= hostNameZones(analysis), sets, matches, denied, undecided) };
        }
        const result = named.result;
        if (result.kind === 'none') return compared(policies, inForce, scope, denied, undecided);
        if (!policies.some(namesHostNames) && inForce.some(m => namedInFamilies(m, families!))) {
            // The configuration matches no host name (a target that leaves them out, and says so):
            // the rules for them cannot be in it, which the proof says it cannot tell, as generate
            // warned; the rest is compared by address.
            const comparison = compared(policies, inForce, scope, denied, undecided);
            const why = namedOnlyEndpoints(inForce).map(n => ({ config: NOWHERE, why: `${n.endpoint} (rule ${n.rule}) is given by host name (${n.hostNames.join(', ')}), and the configuration matches no host name` }));
            return { differences: comparison.differences, unknown: [...comparison.unknown, ...why] };
        }
        if (result.kind === 'too-many') {
            return { differences: [], unknown: [{ config: NOWHERE, why: `the plan and the configuration name ${result.names.length} host names used in more than ${MOST_HOST_NAME_FLAGS} different ways (${result.names.join(', ')}): too many to prove for every address they may resolve to` }] };
        }
        const space = result.space;
        const points = space.points();
        const spaces = { ipv4: space.encode(EVERY_IPV4).intersect(points), ipv6: space.encode(EVERY_IPV6).intersect(points) };
        const encodedScope: Scope = scope.kind === 'zones'
            ? { kind: 'zones', within: space.encode(scope.within), zones: scope.zones.map(z => space.encode(z)) }
            : { ...scope, sources: space.encode(scope.sources), destinations: space.encode(scope.destinations) };
        const comparison = compared(
            named.encoded ??= named.joined.map(p => space.encodePolicy(p)), inForce.map(m => ({ ...m, match: space.encodeMatch(m.match) })), encodedScope,
            denied.map(d => space.encodeMatch(d)), undecided.map(u => ({ ...u, match: space.encodeMatch(u.match) })), spaces
        );
        return { unknown: comparison.unknown, differences: comparison.differences.map(d => ({ ...d, sources: space.decode(d.sources), destinations: space.decode(d.destinations) })) };
    };
    const record = (at: number, result: Comparison) => {
        instants.push(new Date(at));
        const when = at === now ? undefined : new Date(at);
        // Files applied one after the other were read as one text: each line as the file it came from.
        const located = (l: ConfigLocation) => configs.length === 1 ? locatedIn(configs[0], l) : l;
        for (const found of result.differences) {
            const d = { ...found, config: located(found.config) };
            const key = differenceKey(d);
            if (seen.has(key)) continue;
            seen.add(key);
            differences.push({ ...d, at: when });
        }
        for (const found of result.unknown) {
            const u = { ...found, config: located(found.config) };
            if (!unknown.some(x => sameLocation(x.config, u.config) && x.why === u.why)) unknown.push({ ...u, at: when });
        }
    };
    /** The families the configurations filter; each other one is a note or unknown (see otherFamilyIn). */
    const familiesOf = (policies: readonly FirewallPolicy[]): Family[] => {
        const filtered = new Set(policies.flatMap(p => [...p.families]));
        for (const f of (['ipv4', 'ipv6'] as const).filter(f => !filtered.has(f))) {
            const space = f === 'ipv4' ? 'IPv4' : 'IPv6', key = f === 'ipv4' ? 'v4' : 'v6';
            const needs = matches.find(m => m.match.sources![key].length > 0 && m.match.destinations![key].length > 0);
            if (options.otherFamilyIn) notes.push(`${space} is not in this file: ${options.otherFamilyIn(space)}.`);
            else if (needs) unknown.push({ config: NOWHERE, why: `the plan allows ${space} traffic (rule ${needs.name}) but the configuration holds no ${space} rules: give its ${space} configuration too` });
            else notes.push(`${space} is not checked: the configuration holds no ${space} rules and the plan allows no ${space} traffic.`);
        }
        return (['ipv4', 'ipv6'] as const).filter(f => filtered.has(f));
    };

    record(now, await compare(now));
    for (const end of expiriesAhead(matches, now)) {
        // Just before and after: a device that reads dates in its own time zone is uncertain there,
        // so those are checked beyond its clock's span instead (and the note says how far).
        const near = [end - NEAR, end + NEAR].filter(at => at > now);
        // One after the other: the second takes the first's reading where the configuration reads alike.
        const results: Comparison[] = [];
        for (const at of near) results.push(await compare(at));
        if (!results.some(r => r.unknown.length > 0)) {
            near.forEach((at, i) => record(at, results[i]));
            continue;
        }
        notes.push(`The device reads the expiry of ${new Date(end).toISOString().slice(0, 10)} by its own clock: checked just over ${LOCAL_TIME_SLACK_MS / 3_600_000} hours either side, where every time zone agrees.`);
        for (const at of [end - BEYOND_LOCAL_CLOCK, end + BEYOND_LOCAL_CLOCK]) if (at > now) record(at, await compare(at));
    }
    if (FAR_FUTURE > now) record(FAR_FUTURE, await compare(FAR_FUTURE));

    shared.linesRead += kept.reduce((n, k) => n + k.linesRead, 0);
    const verdict = differences.length > 0 ? 'different' : unknown.length > 0 ? 'unknown' : 'equal';
    return { verdict, scope: words, families: families ?? [], differences, unknown, notes: [...new Set(notes)], instants };
}
