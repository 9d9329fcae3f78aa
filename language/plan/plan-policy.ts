import type { LangiumDocument } from 'langium';
import type { AllowRule, DenyRule, Protocol, UseGuardrail } from '../generated/ast.js';
import { referencedName } from '../scoping/qualified-names.js';
import { AddressSet, parseAddress, type AddressBlock } from '../network/addresses.js';
import { ALL_PORTS, formatPorts, isPortNumber, portRangeOf, portSetOf, type PortRange, type PortSet } from '../network/ports.js';
import { untilDateProblem } from '../network/until-date.js';
import type { FileStatements } from './file-statements.js';
import { incompletelyReadRules } from './incompletely-read-rules.js';
import { partsReadBefore, unreadReach, type UnreadReach } from './unread-reach.js';
import { parsedBlocks, type PlanFacts, type PlanInstance, type PlanPortOverride, type PlanZone } from './plan-facts.js';
import { builtFrom, moveTo, objectId, termsOfRule, type PlanBuild } from './plan-reuse.js';

/**
 * The policy of a plan: what the second pass of the analysis covers the required flows with, and
 * the products (rule sets, the audit, the diagram) enforce — its allow rules, its deny statements
 * and the built-in guardrails it switches on. Read against the facts (an endpoint names a zone or
 * a component), never read by the derive pass.
 */

export interface PlanRuleEndpoint {
    readonly label: string;
    readonly addresses: AddressSet;
    /** The zone the endpoint lies in; undefined for `any` and for the internet. */
    readonly zone?: PlanZone;
    /**
     * The endpoint names an `internet` zone: its addresses are every address outside the plan's
     * other zones (and the host names placed in it), never every address.
     */
    readonly internet?: boolean;
    readonly instance?: PlanInstance;
    /**
     * A bare address, range or CIDR the rule names: `zone` is the zone of the plan that holds it
     * (an `internet` zone only when no other does); without one it is not placed and the rule
     * is not resolved (address-in-no-zone).
     */
    readonly bare?: { readonly placed: boolean };
}

/** Traffic as an allow rule or a deny names it: who, to whom, which protocol and ports. */
export interface PlanTraffic {
    readonly sources: readonly PlanRuleEndpoint[];
    readonly destinations: readonly PlanRuleEndpoint[];
    /** The addresses of all sources (`AddressSet.ANY` when one is `any`). */
    readonly sourceAddresses: AddressSet;
    readonly destinationAddresses: AddressSet;
    readonly protocol: Protocol;
    /** Explicit ports, or all ports when the rule names none. */
    readonly ports: PortSet;
    readonly allPorts: boolean;
}

export interface PlanRule extends PlanTraffic {
    readonly node: AllowRule;
    readonly description?: string;
    readonly until?: string;
    /**
     * False when the rule was not read whole (`notRead` says why): such a rule lets nothing
     * through — no coverage, no rule findings, nothing emitted, `--force` or not — and its own
     * error says what is wrong.
     */
    readonly resolved: boolean;
    readonly notRead?: RuleNotRead;
    /** A rule not read whole: what it could allow, each part not read taken as everything (unread-reach.ts). */
    readonly reach?: UnreadReach;
}

/**
 * Why an allow rule was not read whole: a syntax error on it (parser recovery keeps a part of it,
 * wider than written), an endpoint that is not a zone, component or address, a bare address in no
 * zone, a port that is not a number or a known setting with a valid port, an `until` that is not a
 * date a rule can end on; for a deny of a `use guardrail` line, a guardrail that is not in the
 * catalogs or was not read whole.
 */
export type RuleNotRead = 'syntax-error' | 'endpoint' | 'address-in-no-zone' | 'port' | 'date' | 'guardrail';

/**
 * A deny statement of the plan (`deny prod -> repo tcp 22 "…"`): traffic that must never pass,
 * whatever the allow rules say. Built-in guardrails (`use guardrail …`) are denies too, resolved
 * against the catalog: see plan-denies.ts, which gives every deny of a plan in this one shape.
 */
export interface PlanDeny extends PlanTraffic {
    /** Where findings about it go: the deny statement, or the `use guardrail` line that switched it on. */
    readonly node: DenyRule | UseGuardrail;
    /** The plan's reason (a deny statement's string), or the guardrail's name. */
    readonly description?: string;
    /**
     * Addresses left out of a side (a guardrail's `any except veeam.BackupServer`): the denied
     * traffic is from `sourceAddresses` minus these, to `destinationAddresses` minus those.
     * `AddressSet.EMPTY` for a deny statement, which has no exceptions.
     */
    readonly sourceExceptions: AddressSet;
    readonly destinationExceptions: AddressSet;
    /** The built-in guardrail this deny comes from; undefined for the plan's own deny statement. */
    readonly guardrail?: PlanGuardrailSource;
    /**
     * False when the statement was not read whole (`notRead` says why, as for allow rules): it is
     * then not checked against the allow rules, and its own error says what is wrong.
     */
    readonly resolved: boolean;
    readonly notRead?: RuleNotRead;
    /**
     * What it could forbid, each part not read taken as everything (unread-reach.ts): set when a
     * part of it was not read (a deny statement not read whole, a guardrail's port that is not a
     * number), so that nothing it may have been written to stop is let through.
     */
    readonly reach?: UnreadReach;
}

/** The built-in guardrail a deny comes from, as the catalog states it. */
export interface PlanGuardrailSource {
    /** `veeam.HardenedRepositorySsh` */
    readonly id: string;
    /** Its display name. */
    readonly name: string;
    /** The index of the deny among the guardrail's own (`deny … ` lines), and for `<->` which way (0 as written, 1 reversed). */
    readonly index: number;
    readonly reversed: boolean;
}

/** The policy of a plan, as written: allow rules, deny statements and `use guardrail` lines, in file order. */
export interface PlanPolicy {
    readonly rules: readonly PlanRule[];
    /**
     * The plan's own deny statements, in file order, read or not (`resolved`). The built-in
     * guardrails it switches on are not here: the analysis's `denies` give both (plan-denies.ts).
     */
    readonly denies: readonly PlanDeny[];
    /** The `use guardrail` lines of the plan's files, in file order. */
    readonly guardrailUses: readonly UseGuardrail[];
}

/**
 * Reads the policy of a plan's files against its facts. Given the previous build's policy, allow
 * rules that say the same of the same endpoints keep their objects (pointed at the new nodes).
 */
export function readPolicy(documents: readonly LangiumDocument[], files: readonly FileStatements[], facts: PlanFacts, previous: PlanPolicy | undefined, build: PlanBuild): PlanPolicy {
    const { keep } = build;
    const { zones, instances } = facts;
    const portOverrides = facts.portOverrides;
    const previousRules = new Map<string, PlanRule[]>();
    for (const rule of previous?.rules ?? []) {
        const key = builtFrom.get(rule)!;
        const list = previousRules.get(key);
        if (list) list.push(rule); else previousRules.set(key, [rule]);
    }
    const ruleNodes: AllowRule[] = [];
    const denyNodes: DenyRule[] = [];
    const guardrailUses: UseGuardrail[] = [];
    for (const file of files) {
        // One at a time: a spread argument list of a 50,000-rule file would not fit on the stack.
        for (const element of file.rules) ruleNodes.push(element);
        for (const element of file.denies) denyNodes.push(element);
        for (const element of file.guardrails) guardrailUses.push(element);
    }
    const namedEndpoint = (name: string): PlanRuleEndpoint | undefined => {
        const instance = instances.get(name);
        if (instance) return { label: name, addresses: instance.addresses, zone: instance.zone, instance };
        const zone = zones.get(name);
        if (zone) return zone.internet ? { label: name, addresses: zone.members, internet: true } : { label: name, addresses: zone.members, zone };
        return undefined;
    };
    // A component or zone that many rules name is one endpoint, with one key part.
    const named = new Map<string, PlanRuleEndpoint | undefined>();
    const anyEndpoint: PlanRuleEndpoint = { label: 'any', addresses: AddressSet.ANY };
    const endpointOf = (endpoint: AllowRule['sources'][number]): PlanRuleEndpoint | undefined => {
        if (endpoint.any) return anyEndpoint;
        if (endpoint.address) return bareEndpoint(endpoint.address.value, zones);
        const name = endpoint.target?.$refText ?? '';
        if (!named.has(name)) named.set(name, namedEndpoint(name));
        return named.get(name);
    };
    const keyParts = new Map<PlanRuleEndpoint, string>();
    const keyPartOf = (e: PlanRuleEndpoint): string => {
        let part = keyParts.get(e);
        // A bare address is parsed anew on every build: its text says what its addresses are.
        if (part === undefined) keyParts.set(e, part = `${e.label}|${objectId(e.instance)}|${objectId(e.zone)}|${e.bare ? e.addresses.format() : objectId(e.addresses)}`);
        return part;
    };
    // A side of one named endpoint (most rules' sides) is one list per endpoint, shared by every
    // rule that names only it: sides are never changed, and a list per side was 10,000 of the
    // objects a 5,000-rule plan keeps. A bare address is an endpoint of its own rule.
    const sidesOfOne = new Map<PlanRuleEndpoint, readonly PlanRuleEndpoint[]>();
    const sideOfOne = (endpoint: PlanRuleEndpoint): readonly PlanRuleEndpoint[] => {
        if (endpoint.bare) return [endpoint];
        let side = sidesOfOne.get(endpoint);
        if (!side) sidesOfOne.set(endpoint, side = [endpoint]);
        return side;
    };
    // Plain loops: a 5,000-rule plan runs this once per check, in code met for the first time,
    // where each map, filter, spread and join of a rule's few endpoints cost more than the work.
    const endpointsOf = (list: AllowRule['sources']): readonly PlanRuleEndpoint[] => {
        if (list.length === 1) {
            const endpoint = endpointOf(list[0]);
            return endpoint ? sideOfOne(endpoint) : NO_ENDPOINTS;
        }
        const resolved: PlanRuleEndpoint[] = [];
        for (let i = 0; i < list.length; i++) {
            const endpoint = endpointOf(list[i]);
            if (endpoint) resolved.push(endpoint);
        }
        return resolved;
    };
    const isUnplaced = (endpoints: readonly PlanRuleEndpoint[]): boolean => {
        for (let i = 0; i < endpoints.length; i++) if (endpoints[i].bare && !endpoints[i].bare!.placed) return true;
        return false;
    };
    const rules: PlanRule[] = [];
    const portTerms: PortTermsCache = new Map();
    const incomplete = incompletelyReadRules(documents);
    for (const node of ruleNodes) {
        const sources = endpointsOf(node.sources), destinations = endpointsOf(node.destinations);
        const unplaced = isUnplaced(sources) || isUnplaced(destinations);
        const { ports, allPorts, unreadPorts, head } = ruleTerms(node, portOverrides, keep, portTerms);
        const errorAt = incomplete.size > 0 ? incomplete.get(node) : undefined;
        const syntaxError = errorAt !== undefined;
        const parts = syntaxError ? partsReadBefore(node, errorAt) : undefined;
        // What recovery made of a broken rule may say what an intact rule says: never the same
        // rule, nor one broken at another part (its reach differs).
        let key = parts ? `${head}\u0000!${+parts.sources}${+parts.destinations}${+parts.protocol}${+parts.ports}` : head;
        if (keep) {
            for (let i = 0; i < sources.length; i++) key += '\u0000' + keyPartOf(sources[i]);
            for (let i = 0; i < destinations.length; i++) key += '\u0000' + keyPartOf(destinations[i]);
            const kept = previousRules.size > 0 ? previousRules.get(key)?.shift() : undefined;
            if (kept) { rules.push(moveTo(kept, node)); continue; }
        }
        const notRead: RuleNotRead | undefined = syntaxError || node.protocol === undefined ? 'syntax-error'
            : sources.length === 0 || destinations.length === 0 || sources.length !== node.sources.length || destinations.length !== node.destinations.length ? 'endpoint'
                : unplaced ? 'address-in-no-zone'
                    : unreadPorts > 0 ? 'port'
                        : node.until !== undefined && untilDateProblem(node.until) !== undefined ? 'date'
                            : undefined;
        const sourceAddresses = addressesOf(sources), destinationAddresses = addressesOf(destinations);
        const rule: PlanRule = {
            node, sources, destinations, sourceAddresses, destinationAddresses,
            protocol: node.protocol, ports, allPorts,
            description: node.description, until: node.until,
            resolved: notRead === undefined, notRead,
            reach: notRead === undefined ? undefined : unreadReach(node, parts ?? partsReadBefore(node, undefined),
                { sources: sources.length, destinations: destinations.length, sourceAddresses, destinationAddresses, ports, allPorts }, unreadPorts)
        };
        if (keep) builtFrom.set(rule, key);
        rules.push(rule);
    }
    // Few, and never kept from a previous build: a deny is checked against every allow rule anyway.
    const denies = denyNodes.map((node): PlanDeny => {
        const sources = endpointsOf(node.sources), destinations = endpointsOf(node.destinations);
        const { ports, allPorts, unreadPorts } = readRuleTerms(node, portOverrides, false);
        const errorAt = incomplete.get(node);
        const notRead: RuleNotRead | undefined = errorAt !== undefined || node.protocol === undefined ? 'syntax-error'
            : sources.length === 0 || destinations.length === 0 || sources.length !== node.sources.length || destinations.length !== node.destinations.length ? 'endpoint'
                : isUnplaced(sources) || isUnplaced(destinations) ? 'address-in-no-zone'
                    : unreadPorts > 0 ? 'port'
                        : undefined;
        const sourceAddresses = addressesOf(sources), destinationAddresses = addressesOf(destinations);
        return {
            node, sources, destinations, sourceAddresses, destinationAddresses,
            protocol: node.protocol, ports, allPorts, description: node.description,
            sourceExceptions: AddressSet.EMPTY, destinationExceptions: AddressSet.EMPTY,
            resolved: notRead === undefined, notRead,
            reach: notRead === undefined ? undefined : unreadReach(node, partsReadBefore(node, errorAt),
                { sources: sources.length, destinations: destinations.length, sourceAddresses, destinationAddresses, ports, allPorts }, unreadPorts)
        };
    });
    return { rules, denies, guardrailUses };
}

const NO_ENDPOINTS: readonly PlanRuleEndpoint[] = Object.freeze([]);

/** All addresses of one side of an allow rule: the endpoint's own set when there is one (most rules). */
function addressesOf(endpoints: readonly PlanRuleEndpoint[]): AddressSet {
    return endpoints.length === 1 ? endpoints[0].addresses : AddressSet.unionOf(endpoints.map(e => e.addresses));
}

/** What an allow rule says apart from its endpoints, with the part of its key that says it. */
interface RuleTerms {
    /** Explicit ports, or all ports when the rule names none. */
    readonly ports: PortSet;
    readonly allPorts: boolean;
    /** Ports that are not numbers or known settings: their own error; the rule is not resolved. */
    readonly unreadPorts: number;
    readonly head: string;
}

/**
 * The terms of the allow rules of one build whose ports are the same numbers as written, by that
 * text (`443`, `80,443`): a 5,000-rule plan names a dozen port lists, and each rule's own set of
 * ranges was some 12,000 of the objects its check keeps. Port sets are never changed. Only for a
 * build that no next one starts from (its terms have no key head).
 */
type PortTermsCache = Map<string, RuleTerms>;

/** What the ports of a rule say as written when they are all numbers or ranges (`*` for none), or undefined when one is a port setting. */
function portListText(ports: AllowRule['ports']): string | undefined {
    if (ports.length === 0) return '*';
    if (ports.length === 1) return ports[0].value === undefined ? undefined : String(ports[0].value);
    let text = '';
    for (let i = 0; i < ports.length; i++) {
        if (ports[i].value === undefined) return undefined;
        text += (i === 0 ? '' : ',') + ports[i].value;
    }
    return text;
}

function ruleTerms(node: AllowRule, portOverrides: readonly PlanPortOverride[], keep: boolean, shared: PortTermsCache): RuleTerms {
    const kept = keep ? termsOfRule.get(node) as RuleTerms | undefined : undefined;
    if (kept) return kept;
    const text = keep ? undefined : portListText(node.ports);
    if (text !== undefined) {
        let terms = shared.get(text);
        if (!terms) shared.set(text, terms = readRuleTerms(node, portOverrides, false));
        return terms;
    }
    return readRuleTerms(node, portOverrides, keep);
}

function readRuleTerms(node: AllowRule | DenyRule, portOverrides: readonly PlanPortOverride[], keep: boolean): RuleTerms {
    // Mapped, not pushed to: a list of the rule's length (one or two ports for most), where one
    // grown by push keeps room for 16 more.
    const read = node.ports.map(item => portItemRange(item, portOverrides));
    let unreadPorts = 0, settings = false;
    for (let i = 0; i < node.ports.length; i++) {
        if (!read[i]) unreadPorts++;
        const item = node.ports[i];
        settings ||= item.value === undefined && item.setting !== undefined;
    }
    const ranges = unreadPorts === 0 ? read as PortRange[] : read.filter((r): r is PortRange => r !== undefined);
    const allPorts = node.ports.length === 0;
    const ports = allPorts ? ALL_PORTS : portSetOf(ranges);
    // The key's head only for a build that a next one starts from.
    const head = !keep ? '' : [node.protocol, allPorts ? '*' : formatPorts(ports), unreadPorts, node.description, (node as AllowRule).until, node.sources.length, node.destinations.length].join('\u0000');
    const terms: RuleTerms = { ports, allPorts, unreadPorts, head };
    if (!settings && keep) termsOfRule.set(node as AllowRule, terms);
    return terms;
}

/** The ports one item of an allow rule's port list stands for; undefined when it does not resolve (its own error says why). */
function portItemRange(item: AllowRule['ports'][number], portOverrides: readonly PlanPortOverride[]): PortRange | undefined {
    if (item.value !== undefined) return portRangeOf(String(item.value));
    if (!item.setting?.ref) return undefined;
    const settingId = referencedName(item.setting);
    // A number of the plan's that is not a port, for any component: the setting is not known, and
    // never falls back to the default.
    if (portOverrides.some(o => o.settingId === settingId && !isPortNumber(String(o.port)))) return undefined;
    const planWide = portOverrides.find(o => o.settingId === settingId && o.instances.size === 0);
    const port = planWide?.port ?? item.setting.ref.default;
    return isPortNumber(String(port)) ? { from: port, to: port } : undefined; // else an error at the number
}

/**
 * A bare address, range or CIDR in an allow rule, placed in the zone whose networks hold it: the
 * most specific such zone, an `internet` zone only when no other holds it. Undefined when the text
 * is not an address (address-validation says why).
 */
function bareEndpoint(value: string | undefined, zones: ReadonlyMap<string, PlanZone>): PlanRuleEndpoint | undefined {
    if (value === undefined) return undefined;
    const parsed = parseAddress(value);
    if (!('block' in parsed) || parsed.block.kind === 'host') return undefined;
    const addresses = AddressSet.of([parsed.block]);
    let zone: PlanZone | undefined, best: bigint | undefined;
    for (const candidate of zones.values()) {
        if (candidate.internet || !candidate.networks.contains(addresses)) continue;
        // Of two zones that both hold it, the one with the longest matching prefix of its family
        // (the smallest network around it): a zone's networks of the other family say nothing.
        const size = holdingSize(candidate, parsed.block);
        if (best === undefined || size < best) { zone = candidate; best = size; }
    }
    zone ??= [...zones.values()].find(z => z.internet);
    return { label: value, addresses, zone, bare: { placed: zone !== undefined } };
}

/**
 * How many addresses the smallest of a zone's networks that holds `block` spans (its networks
 * as written, of the block's family), or the run of them that does when no one network holds it all.
 */
function holdingSize(zone: PlanZone, block: Extract<AddressBlock, { kind: 'ipv4' | 'ipv6' }>): bigint {
    let size: bigint | undefined;
    for (const network of parsedBlocks(zone.node.addresses)) {
        if (network.kind !== block.kind || network.interval.from > block.interval.from || network.interval.to < block.interval.to) continue;
        const span = network.interval.to - network.interval.from;
        if (size === undefined || span < size) size = span;
    }
    if (size !== undefined) return size;
    const runs = block.kind === 'ipv4' ? zone.networks.v4 : zone.networks.v6;
    const run = runs.find(r => r.from <= block.interval.from && block.interval.to <= r.to)!;
    return run.to - run.from;
}
