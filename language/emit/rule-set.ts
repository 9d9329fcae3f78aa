import { AstUtils, UriUtils, type AstNode } from 'langium';
import type { PlanAnalysis, GroupFlowResult } from '../analysis/analyze-plan.js';
import type { Catalog, CatalogCitation } from '../catalog/catalog-model.js';
import { citedName } from '../analysis/finding.js';
import { AddressSet, toCidrs } from '../network/addresses.js';
import { ALL_PORTS, intersectPorts, isAllPorts, type PortSet } from '../network/ports.js';
import type { PlanDeny, PlanInstance, PlanRule, PlanRuleEndpoint } from '../plan/plan-model.js';
import { isUseGuardrail } from '../generated/ast.js';
import { whyNotRead } from '../plan/rule-not-read.js';
import type { DeniedTraffic } from '../analysis/deny-conflicts.js';
import { overlapOf, type TrafficShape } from '../analysis/traffic-overlap.js';
import { inZonePairOrder, mergeDrafts, type Draft } from './draft-merge.js';
import { DestinationIndex } from './destination-index.js';
import { NestedZones } from './nested-zones.js';
import { compareText } from '../utils/compare-text.js';
import { startLineOf } from '../parser/node-position.js';
import { sha256Hex } from '../utils/sha256.node.js';

/**
 * The platform-neutral rule set: the plan's allow rules resolved to addresses, split per zone
 * pair, merged where they share endpoints, protocol and expiry, and annotated with what they are
 * for. Every target emitter reads only this, so all targets agree on what is allowed.
 */

export type EmitProtocol = 'tcp' | 'udp' | 'any';

/** The zone pair key for endpoints outside every zone (`any`, and an internet zone: every address outside the others). */
export const ANY_ZONE = 'any';

export interface RuleSetEndpoint {
    /** `zone:mgmt`, `instance:vbr` or `any`: unique per endpoint, stable across runs. */
    readonly key: string;
    /** The endpoint as the plan names it. */
    readonly name: string;
    /** `address`: a bare address, range or CIDR the plan names in an allow rule. */
    readonly kind: 'zone' | 'instance' | 'address' | 'any';
    /** The zone it lies in (the zone itself for a zone), or `any`. */
    readonly zone: string;
    /** Every address (`any` in the plan). */
    readonly any: boolean;
    /**
     * An `internet` zone: its prefixes are every address outside the plan's other zones
     * (outsideOf), written out so that no target reads it as every address.
     */
    readonly internet?: boolean;
    /** IPv4 and IPv6 prefixes, compacted. */
    readonly v4: readonly string[];
    readonly v6: readonly string[];
    /** Host names the plan gives instead of addresses: only platforms with FQDN objects can use them. */
    readonly hostNames: readonly string[];
    /** Instances the plan places without an address: no target can match them, they are left out. */
    readonly unaddressed: readonly string[];
    /** The endpoint's addresses as the analysis sees them (for intersecting). */
    readonly addresses: AddressSet;
}

export interface RuleOrigin {
    /** The plan file's name (no folder, so output does not depend on where the plan lies). */
    readonly file: string;
    readonly line: number;
    /**
     * The allow rule it is: the change request shows it as the plan states it (`allow vbr -> repo
     * tcp 22`, rule-text.ts), which stays the same when lines above it are added or removed. Only
     * the change request writes that text, so it is made there.
     */
    readonly allowRule?: PlanRule;
}

export interface RuleSetRule {
    /**
     * What the rule is, as a short name (`a3f09c1e`): a digest of its zones, endpoints and their
     * addresses, protocol, ports, lifetime and whether it denies — not of where it stands, so a
     * rule added above leaves every other rule's name, comment and object as they were. A second
     * rule alike in the same list gets `-2`. Targets name and comment rules by it.
     */
    readonly id: string;
    readonly sourceZone: string;
    readonly destinationZone: string;
    readonly sources: readonly RuleSetEndpoint[];
    readonly destinations: readonly RuleSetEndpoint[];
    readonly protocol: EmitProtocol;
    /** Ports; ALL_PORTS when the plan names none or the protocol is `any`. */
    readonly ports: PortSet;
    readonly allPorts: boolean;
    /** What the rule is for: the purposes of the required flows it lets through. */
    readonly purposes: readonly string[];
    readonly vendors: readonly string[];
    readonly citations: readonly string[];
    /** The plan's own descriptions of the allow rules merged here. */
    readonly descriptions: readonly string[];
    /** `YYYY-MM-DD`: the rule is temporary and allowed through the end of that day. */
    readonly until?: string;
    readonly origins: readonly RuleOrigin[];
    /** Host rules only: a flow inside one zone that no network firewall sees. */
    readonly sameZone: boolean;
    /**
     * A deny of the plan (a deny statement, or a built-in guardrail the plan switches on): targets
     * place these before every allow rule, with the platform's drop, so nothing reopens them.
     */
    readonly denied?: { readonly guardrail?: string };
}

export interface HostRules {
    readonly host: string;
    readonly zone: string;
    readonly os?: 'windows' | 'linux' | 'esxi' | 'appliance';
    readonly local: RuleSetEndpoint;
    readonly rules: readonly RuleSetRule[];
    /** What the host would also let in, left out because a deny not read whole could forbid it (see RuleSet.withheld). */
    readonly withheld?: readonly RuleSetRule[];
    /**
     * The plan's denies as they reach this host (numbered d1, d2 … per host, `denied` set): each
     * zone deny whose destinations hold an address of the host, with only those addresses as its
     * destination. Host targets place them before every allow rule of every host.
     */
    readonly denies: readonly RuleSetRule[];
}

export interface RuleSet {
    readonly planName: string;
    readonly planFile: string;
    /** Zones in plan order. */
    readonly zones: readonly string[];
    /** The zones that stand for the internet (no firewall object of their own). */
    readonly internetZones: readonly string[];
    /** The other zones as endpoints (their networks), in plan order: for targets that give every zone an object, named by a rule or not. */
    readonly zoneEndpoints: readonly RuleSetEndpoint[];
    readonly rules: readonly RuleSetRule[];
    /**
     * The plan's denies (numbered d1, d2 …), each with `denied` set: emitted before `rules`. A deny
     * statement not read whole is here with what of it was read (the names of its lists that name
     * something, its ports that are numbers), when something of each side and of its ports was.
     */
    readonly denies: readonly RuleSetRule[];
    /**
     * Allow rules read whole that a deny not read whole could forbid part of (numbered w1, w2 …):
     * left out (only `generate --force` writes such a plan), so that nothing the deny was written
     * to stop is let through. Not emitted; the proof knows them as the plan's.
     */
    readonly withheld?: readonly RuleSetRule[];
    /** What the plan says but SegPlan could not read: the traffic whose verdict the plan leaves open. */
    readonly undecided?: readonly Undecided[];
    readonly hosts: readonly HostRules[];
    /** What the rule set leaves out and why, for every target. */
    readonly notes: readonly string[];
    /** Zones nested in zones, for the targets that place rules by zone (device-zone-rules.ts). */
    readonly nestedZones?: NestedZones;
}

/**
 * An allow rule or a deny not read whole, with its reach (unread-reach.ts): whether the plan as
 * written lets through the traffic there, where no statement read whole decides, cannot be told.
 */
export interface Undecided {
    readonly kind: 'allow' | 'deny';
    readonly origin: RuleOrigin;
    readonly reach: TrafficShape;
    /** `the deny at plan.segplan line 6`, `the guardrail … (plan.segplan line 3)` */
    readonly what: string;
    /** Why it was not read whole, after "it": `has a syntax error, …` */
    readonly why: string;
}

function cidrs(set: AddressSet, family: 'v4' | 'v6'): string[] {
    const kind = family === 'v4' ? 'ipv4' : 'ipv6', intervals = set[family];
    if (set.any || intervals.length === 0) return [];
    // One run (most components): its prefixes, with no callback and no list to flatten.
    return intervals.length === 1 ? toCidrs(kind, intervals[0]) : intervals.flatMap(r => toCidrs(kind, r));
}

export function endpointOf(key: string, name: string, kind: RuleSetEndpoint['kind'], zone: string, addresses: AddressSet, internet?: boolean): RuleSetEndpoint {
    // Most endpoints name no host and no address-less component: nothing to sort and filter.
    const names = addresses.names.size === 0 ? undefined : [...addresses.names].sort();
    return {
        key, name, kind, zone, any: addresses.any, internet: internet === true,
        v4: cidrs(addresses, 'v4'),
        v6: cidrs(addresses, 'v6'),
        hostNames: names ? names.filter(n => !n.startsWith('<')) : [],
        unaddressed: names ? names.filter(n => n.startsWith('<')).map(n => n.slice(1, -1)) : [],
        addresses
    };
}

/**
 * The endpoints of one rule set, each made once: a component or zone that thousands of rules name
 * is turned into prefixes once. An endpoint's key and name say what it is (a part of a component
 * has its addresses in its key), so equal keys and names are equal endpoints.
 */
class Endpoints {
    private readonly made = new Map<string, RuleSetEndpoint>();
    /** Whole components and zones by what the plan made them from: most rules name one, and a lookup by object needs no key text. */
    private readonly wholeInstances = new Map<PlanInstance, RuleSetEndpoint>();
    private readonly zones = new Map<string, RuleSetEndpoint>();
    /** Each endpoint as a one-endpoint side, shared by every rule that names only it. */
    private readonly alone = new Map<RuleSetEndpoint, readonly ZoneSide[]>();
    /** Each component's addresses as text, for telling a part of it from the whole. */
    private readonly formats = new Map<PlanInstance, string>();
    /** Whether an endpoint made so far has components without an address (most plans have none: no rule to look through for them). */
    unaddressed = false;

    of(key: string, name: string, kind: RuleSetEndpoint['kind'], zone: string, addresses: AddressSet, internet?: boolean): RuleSetEndpoint {
        const id = `${key}\u0000${name}`;
        let endpoint = this.made.get(id);
        if (!endpoint) {
            this.made.set(id, endpoint = endpointOf(key, name, kind, zone, addresses, internet));
            this.unaddressed ||= endpoint.unaddressed.length > 0;
        }
        return endpoint;
    }

    /** A rule endpoint as the targets see it. A zone stands for its networks; its members lie inside them. */
    resolve(endpoint: PlanRuleEndpoint, analysis: PlanAnalysis): RuleSetEndpoint {
        if (endpoint.bare && endpoint.zone) {
            // Named for targets' object names by its text with every non-alphanumeric as `-`: `net-10-50-0-0-24`.
            return this.of(`address:${endpoint.addresses.format()}`, `net-${endpoint.label.replace(/[^0-9A-Za-z]+/g, '-')}`, 'address',
                endpoint.zone.name, endpoint.addresses);
        }
        if (endpoint.instance) return this.instance(endpoint.instance);
        let made = this.zones.get(endpoint.label);
        if (made) return made;
        const zone = analysis.plan.facts.zones.get(endpoint.label);
        made = zone && endpoint.label !== 'any'
            ? this.of(`zone:${zone.name}`, zone.name, 'zone', zone.internet ? ANY_ZONE : zone.name, zone.networks, zone.internet)
            : this.of('any', 'any', 'any', ANY_ZONE, AddressSet.ANY);
        this.zones.set(endpoint.label, made);
        return made;
    }

    /** The side of a rule that names only `endpoint`, made once per endpoint: nobody changes a side once made. */
    side(endpoint: RuleSetEndpoint): readonly ZoneSide[] {
        let side = this.alone.get(endpoint);
        if (!side) this.alone.set(endpoint, side = [{ zone: endpoint.zone, endpoints: [endpoint] }]);
        return side;
    }

    /**
     * A component as an endpoint, or the part of its addresses a rule reaches (a component inside
     * another one's range): the part gets a key of its own, so it is never merged with, or matched
     * as, the whole component.
     */
    instance(instance: PlanInstance, addresses: AddressSet = instance.addresses): RuleSetEndpoint {
        // Equal sets format equally: the part a host rule reaches is mostly the whole component,
        // and then neither needs formatting.
        if (!addresses.equals(instance.addresses)) {
            let wholeText = this.formats.get(instance);
            if (wholeText === undefined) this.formats.set(instance, wholeText = instance.addresses.format());
            const text = addresses.format();
            if (text !== wholeText) return this.of(`instance:${instance.name}@${text}`, instance.name, 'instance', instance.zone.name, addresses);
        }
        // The whole component: what `of` gives for its key, remembered by object (the first one made wins, as in `of`).
        let whole = this.wholeInstances.get(instance);
        if (!whole) this.wholeInstances.set(instance, whole = this.of(`instance:${instance.name}`, instance.name, 'instance', instance.zone.name, addresses));
        return whole;
    }
}

/** Plan file names by document: thousands of rules lie in one file. */
const fileNames = new WeakMap<object, string>();

function originOf(rule: { readonly node: AstNode }, allowRule?: PlanRule): RuleOrigin {
    const document = AstUtils.getDocument(rule.node);
    let file = fileNames.get(document);
    if (file === undefined) fileNames.set(document, file = UriUtils.basename(document.uri));
    return allowRule === undefined ? { file, line: startLineOf(rule.node) + 1 } : { file, line: startLineOf(rule.node) + 1, allowRule };
}

/** Each catalog citation's text, made once: a host's rules cite the same rows again and again. */
const citationTexts = new WeakMap<CatalogCitation, string>();

export function formatRuleCitation(c: CatalogCitation): string {
    let text = citationTexts.get(c);
    if (text === undefined) citationTexts.set(c, text = `${citedName(c)}, section ${c.section}${c.row !== undefined ? ` row ${c.row}` : ''}`);
    return text;
}

/**
 * Empty lists shared by the drafts and rules that have nothing in them: nobody changes a rule's
 * lists, and merging copies a draft's lists before it adds to them. Frozen, so that a change
 * would fail loudly rather than reach every rule.
 */
const NONE: readonly string[] = Object.freeze([]);
const NO_FLOWS: readonly GroupFlowResult[] = Object.freeze([]);

const TCP: readonly EmitProtocol[] = ['tcp'], UDP: readonly EmitProtocol[] = ['udp'], ANY: readonly EmitProtocol[] = ['any'];
const TCP_AND_UDP: readonly EmitProtocol[] = ['tcp', 'udp'];

function protocolsOf(rule: Pick<PlanRule, 'protocol' | 'allPorts'>): readonly EmitProtocol[] {
    if (rule.protocol === 'tcp') return TCP;
    if (rule.protocol === 'udp') return UDP;
    // `any` with ports can only mean TCP and UDP: other protocols have no ports.
    if (rule.protocol === 'any' && rule.allPorts) return ANY;
    return TCP_AND_UDP;
}

/** The endpoints of one side of a rule that lie in one zone, each key once, sorted by key. */
interface ZoneSide {
    readonly zone: string;
    readonly endpoints: RuleSetEndpoint[];
}

/** One side of an allow rule, resolved and split by zone in the order the zones first appear. */
function sidesByZone(sides: readonly PlanRuleEndpoint[], made: Endpoints, analysis: PlanAnalysis): readonly ZoneSide[] {
    // Most rules name one endpoint per side: the shared side of it.
    if (sides.length === 1) return made.side(made.resolve(sides[0], analysis));
    const groups = new Map<string, RuleSetEndpoint[]>();
    for (const side of sides) {
        const e = made.resolve(side, analysis);
        const list = groups.get(e.zone) ?? [];
        if (!list.some(x => x.key === e.key)) list.push(e);
        groups.set(e.zone, list);
    }
    return [...groups].map(([zone, endpoints]) => ({ zone, endpoints: endpoints.sort((a, b) => compareText(a.key, b.key)) }));
}

/** Unions by side: a zone rule's sides are shared by the host rules made from it, and never changed. */
const unions = new WeakMap<readonly RuleSetEndpoint[], AddressSet>();

/** All of the endpoints' addresses; one endpoint's own set, without a copy, when there is one. */
function unionOf(endpoints: readonly RuleSetEndpoint[]): AddressSet {
    if (endpoints.length === 1) return endpoints[0].addresses;
    let union = unions.get(endpoints);
    if (!union) unions.set(endpoints, union = AddressSet.unionOf(endpoints.map(e => e.addresses)));
    return union;
}

/**
 * A rule set's denies by their destinations: made once per emit (or per rule set), so that each
 * rule or host asks only the denies that reach its addresses, not every deny.
 */
export type DenyIndex = DestinationIndex<RuleSetRule>;

export function indexDenies(denies: readonly RuleSetRule[]): DenyIndex {
    return new DestinationIndex(denies, d => unionOf(d.destinations));
}

/**
 * The denies that forbid part of what an allow rule lets through. A plan with such an allow rule
 * has an error (guardrail-violated); only `generate --force` writes its rules, and a target that
 * cannot write a deny (AWS security groups) must then leave the allow rule out.
 */
export function deniesBrokenBy(rule: RuleSetRule, denies: DenyIndex): RuleSetRule[] {
    return denies.meeting(unionOf(rule.destinations)).filter(d => (d.protocol === 'any' || rule.protocol === 'any' || d.protocol === rule.protocol)
        && intersectPorts(rule.ports, d.ports).length > 0
        && unionOf(rule.sources).intersects(unionOf(d.sources)) && unionOf(rule.destinations).intersects(unionOf(d.destinations)));
}

function flowCarries(result: GroupFlowResult, protocol: EmitProtocol): boolean {
    return protocol === 'any' || result.flow.protocols.includes(protocol);
}

/** What a rule that no required flow uses is for: nothing, shared by all such rules (nobody changes a rule's lists). */
const NO_ANNOTATIONS: Pick<RuleSetRule, 'purposes' | 'vendors' | 'citations'> = Object.freeze({ purposes: NONE, vendors: NONE, citations: NONE });

/** Purposes, vendors and citations of the required flows a draft lets through. */
function annotate(draft: Draft, flows: readonly GroupFlowResult[]): Pick<RuleSetRule, 'purposes' | 'vendors' | 'citations'> {
    // A rule no required flow uses (most of a hand-written rule set) needs no address union.
    if (flows.length === 0) return NO_ANNOTATIONS;
    const sources = unionOf(draft.sources), destinations = unionOf(draft.destinations);
    const purposes = new Set<string>(), vendors = new Set<string>(), citations = new Set<string>();
    // In the order the analysis lists the flows, however the candidates were gathered.
    for (const result of [...flows].sort((a, b) => a.flow.id - b.flow.id)) {
        const flow = result.flow;
        if (!flowCarries(result, draft.protocol) || intersectPorts(flow.ports, draft.ports).length === 0) continue;
        if (!sources.intersects(flow.source.addresses) || !destinations.intersects(flow.destination.addresses)) continue;
        for (const purpose of flow.purpose.split('; ')) purposes.add(purpose);
        for (const f of flow.catalogFlows) vendors.add(f.vendorId);
        for (const c of flow.sources) citations.add(formatRuleCitation(c));
    }
    return { purposes: [...purposes], vendors: [...vendors].sort(), citations: [...citations] };
}

/** A rule's side as its identity reads it: each endpoint's key and exact addresses. */
function sideIdentity(side: readonly RuleSetEndpoint[]): string {
    let text = '';
    for (let i = 0; i < side.length; i++) text += `${side[i].key}=${side[i].v4.join(',')};${side[i].v6.join(',')};${side[i].hostNames.join(',')}|`;
    return text;
}

/** What makes a rule the rule it is (RuleSetRule.id), as text. */
function identityOf(rule: Omit<RuleSetRule, 'id'>): string {
    return [
        rule.denied ? `deny:${rule.denied.guardrail ?? ''}` : 'allow', rule.sourceZone, rule.destinationZone,
        sideIdentity(rule.sources), sideIdentity(rule.destinations), rule.protocol,
        rule.allPorts ? 'all' : rule.ports.map(r => `${r.from}-${r.to}`).join(','), rule.until ?? '', rule.sameZone ? 'same-zone' : ''
    ].join('\u0000');
}

/** A rule being made: its id is given last (withIds), once the rules of its list are known. */
type UnnamedRule = Omit<RuleSetRule, 'id'> & { id: string };

/** Not an id: what a rule has until withIds gives it one. */
const NO_ID = '';

/**
 * Gives each rule its id (RuleSetRule.id), in order, in place: a rule alike an earlier one of the
 * list gets `-2`, `-3`, …. No copy of the rules: a rule set holds thousands.
 */
function withIds(rules: UnnamedRule[]): RuleSetRule[] {
    const seen = new Map<string, number>();
    for (let i = 0; i < rules.length; i++) {
        const digest = sha256Hex(identityOf(rules[i])).slice(0, 8);
        const count = (seen.get(digest) ?? 0) + 1;
        seen.set(digest, count);
        rules[i].id = count === 1 ? digest : `${digest}-${count}`;
    }
    return rules;
}

function finish(drafts: readonly Draft[], flowsFor: (d: Draft) => readonly GroupFlowResult[]): RuleSetRule[] {
    // Indexed, each rule written out whole (no spread): once per rule, in code run for the first time.
    const rules: UnnamedRule[] = new Array(drafts.length);
    for (let i = 0; i < drafts.length; i++) {
        const d = drafts[i];
        const { purposes, vendors, citations } = annotate(d, flowsFor(d));
        rules[i] = {
            sourceZone: d.sourceZone, destinationZone: d.destinationZone,
            sources: d.sources, destinations: d.destinations,
            protocol: d.protocol,
            ports: d.protocol === 'any' ? ALL_PORTS : d.ports,
            allPorts: d.protocol === 'any' || isAllPorts(d.ports),
            purposes, vendors, citations,
            descriptions: d.descriptions, until: d.until, origins: d.origins, sameZone: d.sameZone, id: NO_ID
        };
    }
    return withIds(rules);
}

/** What the "Left out" notes say of an allow rule that was not read whole (its error in the plan says more). */
function notReadNote(rule: PlanRule): string {
    const origin = originOf(rule);
    const why = whyNotRead(rule) ?? 'has no port that resolves';
    return `The allow rule at ${origin.file} line ${origin.line} ${why}: left out (never emitted wider than written).`;
}

/**
 * The plan's allow rules and denies not read whole, each with its reach, in plan order: a deny's
 * reach is what it could forbid, an allow rule's what it could allow.
 */
function undecidedOf(analysis: PlanAnalysis, catalog: Catalog | undefined): Undecided[] {
    const undecided: Undecided[] = [];
    for (const rule of analysis.plan.policy.rules) {
        if (!rule.reach) continue;
        const origin = originOf(rule);
        undecided.push({ kind: 'allow', origin, reach: rule.reach, what: `the allow rule at ${origin.file} line ${origin.line}`, why: whyNotRead(rule)! });
    }
    for (const deny of catalog ? analysis.denies.denies : analysis.plan.policy.denies) {
        if (!deny.reach) continue;
        const origin = originOf(deny);
        const what = deny.guardrail ? `the guardrail ${deny.guardrail.name} (${origin.file} line ${origin.line})` : `the deny at ${origin.file} line ${origin.line}`;
        const why = whyNotRead(deny) ?? 'names a type or a port that SegPlan could not read';
        undecided.push({ kind: 'deny', origin, reach: deny.reach, what, why });
    }
    return undecided;
}

/** The denies not read whole, by the addresses they reach. */
type UnreadDenies = DestinationIndex<Undecided>;

function indexUnreadDenies(undecided: readonly Undecided[]): UnreadDenies {
    return new DestinationIndex(undecided.filter(u => u.kind === 'deny'), u => u.reach.destinationAddresses);
}

/** The first deny not read whole that could forbid part of what `traffic` lets through. */
function forbiddenMaybe(traffic: TrafficShape, unread: UnreadDenies): Undecided | undefined {
    return unread.meeting(traffic.destinationAddresses).find(u => overlapOf(traffic, u.reach) !== undefined);
}

/**
 * The zone rules: one draft per allow rule, zone pair and protocol, then merged. `withheld` gets
 * the drafts of allow rules that a deny not read whole could forbid part of: left out.
 */
function zoneDrafts(analysis: PlanAnalysis, endpoints: Endpoints, notes: string[], unread: UnreadDenies, withheld: Draft[]): Draft[] {
    const drafts: Draft[] = [];
    const anyDenyUnread = unread.size > 0;
    // Indexed loops: this runs once per plan, before the code is optimised, and a for-of step
    // there allocates an iterator result, a good part of what building a large rule set allocates.
    const rules = analysis.plan.policy.rules;
    for (let r = 0; r < rules.length; r++) {
        const rule = rules[r];
        // The one gate for `--force`: a rule not read whole is left out, never emitted with what
        // recovery or a fallback made of it (an unplaced address as `any`, a port setting of 0 as
        // its default, a rolled-over date).
        if (!rule.resolved || (!rule.allPorts && rule.ports.length === 0)) {
            notes.push(notReadNote(rule));
            continue;
        }
        // A deny not read whole may have been written to stop what this rule lets through:
        // left out, so that --force never lets through what the deny was written to stop.
        const maybe = anyDenyUnread ? forbiddenMaybe(rule, unread) : undefined;
        if (maybe) {
            const origin = originOf(rule);
            notes.push(`The allow rule at ${origin.file} line ${origin.line}: left out, because ${maybe.what} could forbid what it allows and was not read whole (it ${maybe.why}).`);
        }
        const into = maybe ? withheld : drafts;
        const sources = sidesByZone(rule.sources, endpoints, analysis);
        const destinations = sidesByZone(rule.destinations, endpoints, analysis);
        const protocols = protocolsOf(rule);
        // One set of lists for all drafts of the rule: merging copies a draft's lists before it adds to them.
        const descriptions = rule.description ? [rule.description] : NONE, origins = [originOf(rule, rule)], ruleList = [rule];
        for (let i = 0; i < sources.length; i++) {
            for (let j = 0; j < destinations.length; j++) {
                for (let k = 0; k < protocols.length; k++) {
                    into.push({
                        sourceZone: sources[i].zone, destinationZone: destinations[j].zone,
                        sources: sources[i].endpoints, destinations: destinations[j].endpoints, protocol: protocols[k],
                        ports: rule.ports, until: rule.until,
                        descriptions, origins, rules: ruleList, sameZone: false, flows: NO_FLOWS
                    });
                }
            }
        }
    }
    // Grouped by zone pair in plan order; inside a pair, in the order the plan writes the rules.
    return inZonePairOrder(mergeDrafts(drafts), [...analysis.plan.facts.zones.keys()]);
}

/** A draft as traffic, to ask whether a deny not read whole could forbid part of it. */
function draftTraffic(d: Draft): TrafficShape {
    return { sourceAddresses: unionOf(d.sources), destinationAddresses: unionOf(d.destinations), protocol: d.protocol, ports: d.ports, allPorts: d.protocol === 'any' || isAllPorts(d.ports) };
}

/**
 * Flows by the allow rules that let them through, so each rule finds its flows without a scan.
 * Flows between component groups: a rule's annotations need only which requirements it carries,
 * and a group's addresses are all its members' (every member pair needs the flow).
 */
function flowsByRule(analysis: PlanAnalysis): Map<PlanRule, GroupFlowResult[]> {
    const index = new Map<PlanRule, GroupFlowResult[]>();
    for (const result of analysis.groupFlows) {
        for (const rule of result.rules) {
            let list = index.get(rule);
            if (!list) index.set(rule, list = []);
            list.push(result);
        }
    }
    return index;
}

function covering(index: Map<PlanRule, GroupFlowResult[]>, rules: readonly PlanRule[]): readonly GroupFlowResult[] {
    // A rule no flow uses (most of a hand-written rule set) shares the one empty list.
    if (rules.length === 1) return index.get(rules[0]) ?? NO_FLOWS;
    return [...new Set(rules.flatMap(r => index.get(r) ?? []))];
}

/** An instance's IP addresses, without its host names and symbolic atom: what a host firewall can match. */
function concreteAddresses(instance: PlanInstance): AddressSet {
    return AddressSet.of([
        ...instance.addresses.v4.map(interval => ({ kind: 'ipv4' as const, interval })),
        ...instance.addresses.v6.map(interval => ({ kind: 'ipv6' as const, interval }))
    ]);
}

/** Same-zone flows by their destination instances: no network firewall sees them, only the host's own. */
function sameZoneFlowsByDestination(analysis: PlanAnalysis): Map<PlanInstance, GroupFlowResult[]> {
    const sameZone = new Map<PlanInstance, GroupFlowResult[]>();
    for (const result of analysis.groupFlows) {
        if (result.status !== 'same-zone') continue;
        for (const destination of result.flow.destination.members) {
            const same = sameZone.get(destination) ?? [];
            same.push(result);
            sameZone.set(destination, same);
        }
    }
    return sameZone;
}

/** One draft per same-zone flow into the instance, source member and protocol. */
function sameZoneDrafts(instance: PlanInstance, concrete: AddressSet, flows: readonly GroupFlowResult[], endpoints: Endpoints): Draft[] {
    const drafts: Draft[] = [];
    for (const result of flows) {
        const flow = result.flow;
        for (const source of flow.source.members) {
            if (source === instance) continue;
            for (const protocol of flow.protocols) {
                drafts.push({
                    sourceZone: flow.source.zone.name, destinationZone: instance.zone.name,
                    sources: [endpoints.instance(source)], destinations: [endpoints.instance(instance, concrete)],
                    protocol, ports: flow.ports, descriptions: [], origins: [], rules: [], sameZone: true, flows: [result]
                });
            }
        }
    }
    return drafts;
}

/**
 * The notes for instances that would get host rules but have no IP address. Worked out with the
 * zone rules, not with the host rules: every target lists them, and only host targets need the
 * host rules. An instance without an IP address is reached by no zone rule, only by same-zone flows.
 */
function addresslessHostNotes(analysis: PlanAnalysis, sameZone: ReadonlyMap<PlanInstance, GroupFlowResult[]>, endpoints: Endpoints, notes: string[]): void {
    for (const instance of analysis.plan.facts.instances.values()) {
        // An instance with an IP address has a concrete address: no need to make the set to know.
        if (instance.addresses.v4.length > 0 || instance.addresses.v6.length > 0) continue;
        const concrete = concreteAddresses(instance);
        if (!concrete.isEmpty || sameZoneDrafts(instance, concrete, sameZone.get(instance) ?? [], endpoints).length === 0) continue;
        notes.push(`Host ${instance.name} has no IP address in the plan: no host rules for it (give it one with \`at <address>\`).`);
    }
}

/**
 * Host rules: every zone rule as it reaches one instance, plus flows between instances of one zone.
 * Instances without an IP address get none (see addresslessHostNotes).
 */
function hostRules(
    analysis: PlanAnalysis, catalog: Catalog | undefined, zoneRules: readonly Draft[], byRule: Map<PlanRule, GroupFlowResult[]>,
    sameZone: ReadonlyMap<PlanInstance, GroupFlowResult[]>, endpoints: Endpoints, denies: DenyIndex,
    unread: UnreadDenies, withheldZoneRules: readonly Draft[]
): HostRules[] {
    const anyDenyUnread = unread.size > 0;
    const hosts: HostRules[] = [];
    // Each zone rule's destinations once, indexed: a host asks only the rules that reach one of its
    // addresses, so the host rules are made in time linear in what they hold (a host that tried
    // every rule of its zone made them in time quadratic in the plan).
    const targets = new DestinationIndex(zoneRules.map(z => ({ z, destinations: unionOf(z.destinations) })), t => t.destinations);
    const withheldTargets = new DestinationIndex(withheldZoneRules, z => unionOf(z.destinations));
    const inbound = new Map<PlanInstance, GroupFlowResult[]>();
    for (const result of analysis.groupFlows) {
        for (const destination of result.flow.destination.members) {
            const list = inbound.get(destination) ?? [];
            list.push(result);
            inbound.set(destination, list);
        }
    }
    for (const instance of analysis.plan.facts.instances.values()) {
        const concrete = concreteAddresses(instance);
        if (concrete.isEmpty) continue;
        const drafts: Draft[] = [], withheld: Draft[] = [];
        for (const { z, destinations } of targets.meeting(concrete)) {
            const reach = destinations.intersect(concrete);
            if (reach.isEmpty) continue;
            drafts.push({ ...z, destinations: [endpoints.instance(instance, reach)], destinationZone: instance.zone.name });
        }
        for (const z of withheldTargets.meeting(concrete)) {
            const reach = unionOf(z.destinations).intersect(concrete);
            if (!reach.isEmpty) withheld.push({ ...z, destinations: [endpoints.instance(instance, reach)], destinationZone: instance.zone.name });
        }
        for (const d of sameZoneDrafts(instance, concrete, sameZone.get(instance) ?? [], endpoints)) {
            // A same-zone flow a deny not read whole could forbid: left out, as the allow rules are.
            (anyDenyUnread && forbiddenMaybe(draftTraffic(d), unread) ? withheld : drafts).push(d);
        }
        const hostDenies = deniesReaching(instance, concrete, denies, endpoints);
        if (drafts.length === 0 && hostDenies.length === 0 && withheld.length === 0) continue;
        const os = instance.os ?? catalog?.osOf(instance.typeId);
        hosts.push({
            host: instance.name, zone: instance.zone.name, os,
            local: endpoints.instance(instance, concrete),
            // Only flows into this host can be what its host rules are for.
            rules: finish(mergeDrafts(drafts), d => d.sameZone ? d.flows
                : (inbound.get(instance) ?? []).filter(f => f.rules.some(r => d.rules.includes(r)))),
            withheld: finish(mergeDrafts(withheld), d => d.flows),
            denies: hostDenies
        });
    }
    return hosts;
}

/**
 * The zone denies that forbid traffic to the host, each narrowed to the host's addresses it
 * covers: a host firewall sees only traffic to its own host. Same-zone traffic included, which
 * no zone firewall sees.
 */
function deniesReaching(instance: PlanInstance, concrete: AddressSet, denies: DenyIndex, endpoints: Endpoints): RuleSetRule[] {
    const reaching: UnnamedRule[] = [];
    for (const deny of denies.meeting(concrete)) {
        const reach = unionOf(deny.destinations).intersect(concrete);
        if (reach.isEmpty) continue;
        reaching.push({ ...deny, destinationZone: instance.zone.name, destinations: [endpoints.instance(instance, reach)], id: NO_ID });
    }
    return withIds(reaching);
}

/** A note for each instance without an address that rules name. Indexed: once per plan, unoptimised, per endpoint of every rule. */
function unaddressedNotes(rules: readonly RuleSetRule[], notes: string[]): void {
    for (let r = 0; r < rules.length; r++) {
        unaddressedNotesOfSide(rules[r].sources, notes);
        unaddressedNotesOfSide(rules[r].destinations, notes);
    }
}

function unaddressedNotesOfSide(side: readonly RuleSetEndpoint[], notes: string[]): void {
    for (let i = 0; i < side.length; i++) {
        const unaddressed = side[i].unaddressed;
        for (let n = 0; n < unaddressed.length; n++) {
            const note = `Instance ${unaddressed[n]} has no address in the plan: rules naming it are emitted without it (give it one with \`at <address>\`).`;
            if (!notes.includes(note)) notes.push(note);
        }
    }
}

/** One side of a deny as endpoints: its own endpoints, or (a guardrail's `any except …`) the addresses left. */
function denySide(sides: readonly PlanRuleEndpoint[], effective: AddressSet, exceptions: AddressSet, name: string, made: Endpoints, analysis: PlanAnalysis): { zone: string; endpoints: readonly RuleSetEndpoint[] } {
    if (!exceptions.isEmpty) return { zone: ANY_ZONE, endpoints: [made.of(`address:${effective.format()}`, name, 'address', ANY_ZONE, effective)] };
    const byZone = sidesByZone(sides, made, analysis);
    return { zone: byZone.length === 1 ? byZone[0].zone : ANY_ZONE, endpoints: byZone.flatMap(z => z.endpoints) };
}

/** The plan's denies as rules, numbered in plan order, one per protocol they name. */
function denyRules(analysis: PlanAnalysis, catalog: Catalog | undefined, made: Endpoints, notes: string[]): RuleSetRule[] {
    if (!catalog) {
        if (analysis.plan.policy.denies.length) notes.push('The denies were not emitted: the rule set was built without the vendor catalogs.');
        return [];
    }
    const rules: UnnamedRule[] = [];
    const traffic: (DeniedTraffic | undefined)[] = [];
    // In plan order: the deny statements, read whole or not, then the guardrails.
    const whole = new Map(analysis.denies.denied.map(d => [d.deny, d]));
    for (const deny of analysis.denies.denies) {
        if (deny.resolved) { traffic.push(whole.get(deny)); continue; }
        if (deny.guardrail || isUseGuardrail(deny.node)) continue;
        const read = readPartOf(deny);
        const origin = originOf(deny);
        notes.push(read
            ? `The deny at ${origin.file} line ${origin.line} ${whyNotRead(deny)}: only what of it was read is emitted (${read.deny.sources.map(e => e.label).join(', ')} to ${read.deny.destinations.map(e => e.label).join(', ')}), and every allow rule it could forbid part of is left out.`
            : `The deny at ${origin.file} line ${origin.line} ${whyNotRead(deny)}: not emitted, and every allow rule it could forbid part of is left out.`);
        traffic.push(read);
    }
    for (const [index, d] of traffic.entries()) {
        if (!d) continue;
        const sources = denySide(d.deny.sources, d.sourceAddresses, d.deny.sourceExceptions, `deny-${index + 1}-sources`, made, analysis);
        const destinations = denySide(d.deny.destinations, d.destinationAddresses, d.deny.destinationExceptions, `deny-${index + 1}-destinations`, made, analysis);
        for (const protocol of protocolsOf(d.deny)) {
            rules.push({
                sourceZone: sources.zone, destinationZone: destinations.zone,
                sources: sources.endpoints, destinations: destinations.endpoints, protocol,
                ports: protocol === 'any' ? ALL_PORTS : d.ports, allPorts: protocol === 'any' || isAllPorts(d.ports),
                purposes: NONE, vendors: NONE, citations: NONE, descriptions: d.deny.description ? [d.deny.description] : NONE,
                origins: [originOf(d.deny)], sameZone: false, denied: d.deny.guardrail ? { guardrail: d.deny.guardrail.name } : {}, id: NO_ID
            });
        }
    }
    return withIds(rules);
}

/**
 * What a deny statement not read whole surely forbids: the names of its lists that name a zone,
 * component or an address in a zone, over the ports of its list that are port numbers. Nothing
 * when it has a syntax error (what the parser made of it may not be what was written), or when
 * nothing of a side or of its ports was read.
 */
function readPartOf(deny: PlanDeny): DeniedTraffic | undefined {
    if (deny.notRead === 'syntax-error' || deny.protocol === undefined) return undefined;
    const sources = deny.sources.filter(e => !e.bare || e.bare.placed), destinations = deny.destinations.filter(e => !e.bare || e.bare.placed);
    if (sources.length === 0 || destinations.length === 0 || (!deny.allPorts && deny.ports.length === 0)) return undefined;
    const sourceAddresses = AddressSet.unionOf(sources.map(e => e.addresses)), destinationAddresses = AddressSet.unionOf(destinations.map(e => e.addresses));
    return {
        deny: { ...deny, sources, destinations, sourceAddresses, destinationAddresses },
        protocol: deny.protocol, ports: deny.ports, allPorts: deny.allPorts, sourceAddresses, destinationAddresses
    };
}

/**
 * Whether an allow rule lets through traffic one of the denies forbids: only a plan generated with
 * --force has such a rule (its `guardrail-violated` error says so), and a target that orders its
 * rules must put it below the denies.
 */
export function reopensADeny(rule: RuleSetRule, denies: DenyIndex): boolean {
    const traffic = (r: RuleSetRule): TrafficShape => ({ sourceAddresses: unionOf(r.sources), destinationAddresses: unionOf(r.destinations), protocol: r.protocol, ports: r.ports, allPorts: r.allPorts });
    return denies.meeting(unionOf(rule.destinations)).some(d => overlapOf(traffic(rule), traffic(d)) !== undefined);
}

/**
 * Builds the rule set of a plan. `catalog` gives component types' operating systems (for the
 * Windows and Linux host targets); without it only the OS the plan states counts.
 */
export function buildRuleSet(analysis: PlanAnalysis, catalog?: Catalog): RuleSet {
    const notes: string[] = [];
    const endpoints = new Endpoints();
    const undecided = undecidedOf(analysis, catalog);
    const unread = indexUnreadDenies(undecided);
    const withheldDrafts: Draft[] = [];
    const drafts = zoneDrafts(analysis, endpoints, notes, unread, withheldDrafts);
    const byRule = flowsByRule(analysis);
    const rules = finish(drafts, d => covering(byRule, d.rules));
    const withheld = finish(inZonePairOrder(mergeDrafts(withheldDrafts), [...analysis.plan.facts.zones.keys()]), d => covering(byRule, d.rules));
    if (endpoints.unaddressed) unaddressedNotes(rules, notes);
    const sameZone = sameZoneFlowsByDestination(analysis);
    addresslessHostNotes(analysis, sameZone, endpoints, notes);
    const document = analysis.plan.documents[0];
    const denies = denyRules(analysis, catalog, endpoints, notes);
    // The host rules cost as much as the zone rules: made when a host target first asks.
    let hosts: HostRules[] | undefined;
    return {
        planName: analysis.plan.name,
        planFile: document ? UriUtils.basename(document.uri) : '',
        zones: [...analysis.plan.facts.zones.keys()],
        internetZones: [...analysis.plan.facts.zones.values()].filter(z => z.internet).map(z => z.name),
        zoneEndpoints: [...analysis.plan.facts.zones.values()].filter(z => !z.internet).map(z => endpoints.of(`zone:${z.name}`, z.name, 'zone', z.name, z.networks)),
        rules,
        denies,
        withheld,
        undecided,
        get hosts() { return hosts ??= hostRules(analysis, catalog, drafts, byRule, sameZone, endpoints, indexDenies(denies), unread, withheldDrafts); },
        notes,
        nestedZones: new NestedZones(analysis.plan.facts.zones.values())
    };
}
