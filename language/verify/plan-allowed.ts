import { expiryInstant } from '../emit/emitter.js';
import type { RuleSetEndpoint, RuleSetRule, Undecided } from '../emit/rule-set.js';
import { concreteAddresses } from '../audit/traffic-space.js';
import type { Transport, TrafficMatch } from '../audit/traffic-space.js';
import { AddressSet } from '../network/addresses.js';
import { ALL_PORTS } from '../network/ports.js';

/**
 * What the plan's allow rules let through, as the emitters get them (the rule set): each rule as
 * matches over TCP and UDP connections, with the instant it stops, less what the plan's denies
 * forbid. The proof compares these with what a configuration accepts.
 */

export interface PlanMatch {
    readonly rule: RuleSetRule;
    /** The rule's name in the output (`r3`, `vbr.h2`): how a reader finds it in the generated file. */
    readonly name: string;
    readonly match: TrafficMatch & { readonly protocols: ReadonlySet<Transport> };
    /** Milliseconds since 1970 (UTC) from which the rule no longer holds; undefined: it never stops. */
    readonly ends?: number;
    /**
     * An allow rule of the plan that the rule set leaves out because a deny not read whole could
     * forbid part of it (`generate --force`, RuleSet.withheld): what it allows is still the plan's.
     */
    readonly leftOut?: boolean;
}

/**
 * Traffic whose verdict the plan leaves open (RuleSet.undecided): the reach of a deny not read whole
 * (`forbids`: it may forbid what an allow rule allows there) or of an allow rule not read whole
 * (`allows`: it may allow what nothing else does). `why` says which statement, in words.
 */
export interface UndecidedMatch {
    readonly kind: 'forbids' | 'allows';
    readonly match: TrafficMatch;
    readonly why: string;
}

/** An endpoint the plan gives by host name, in a comparison with a configuration that names no host name. */
export interface NamedOnly {
    readonly rule: string;
    readonly endpoint: string;
    readonly hostNames: readonly string[];
}

const TCP = new Set<Transport>(['tcp']), UDP = new Set<Transport>(['udp']), BOTH = new Set<Transport>(['tcp', 'udp']);

/**
 * A set's addresses and host names (not the atoms of address-less components, which match no
 * address): the proof gives a host name exactly its own addresses (host-name-space.ts).
 */
function withHostNames(set: AddressSet): AddressSet {
    const concrete = concreteAddresses(set);
    const names = [...set.names].filter(n => !n.startsWith('<'));
    return names.length === 0 || set.any ? concrete : concrete.union(AddressSet.of([], names));
}

function sideAddresses(side: readonly RuleSetEndpoint[]): AddressSet {
    const sets = side.map(endpoint => endpoint.hostNames.length ? concreteAddresses(endpoint.addresses).union(AddressSet.of([], endpoint.hostNames)) : concreteAddresses(endpoint.addresses));
    return sets.length === 1 ? sets[0] : AddressSet.unionOf(sets);
}

/**
 * The matches of rules; `latest` (the platform cannot express a later instant) ends a rule earlier,
 * as its emitter writes it (iptables' xt_time stops in 2038).
 */
export function planMatches(rules: readonly RuleSetRule[], prefix: string, latest?: number, leftOut?: boolean): PlanMatch[] {
    return rules.map(rule => {
        const until = rule.until === undefined ? undefined : expiryInstant(rule.until) * 1000;
        return {
            rule, name: `${prefix}-${rule.id}`,
            match: {
                protocols: rule.protocol === 'tcp' ? TCP : rule.protocol === 'udp' ? UDP : BOTH,
                sources: sideAddresses(rule.sources), destinations: sideAddresses(rule.destinations),
                destinationPorts: rule.allPorts ? ALL_PORTS : rule.ports
            },
            ends: until !== undefined && latest !== undefined ? Math.min(until, latest) : until,
            leftOut
        };
    });
}

/** The traffic a rule set's statements not read whole leave open, as matches (TCP and UDP, whatever their protocol says). */
export function undecidedMatches(undecided: readonly Undecided[]): UndecidedMatch[] {
    return undecided.map(u => ({
        kind: u.kind === 'deny' ? 'forbids' : 'allows',
        match: {
            protocols: u.reach.protocol === 'tcp' ? TCP : u.reach.protocol === 'udp' ? UDP : BOTH,
            sources: withHostNames(u.reach.sourceAddresses), destinations: withHostNames(u.reach.destinationAddresses),
            destinationPorts: u.reach.allPorts ? ALL_PORTS : u.reach.ports
        },
        why: u.kind === 'deny'
            ? `${u.what} ${u.why}: whether the plan forbids this cannot be told (generate --force leaves out every allow rule it could forbid part of)`
            : `${u.what} ${u.why}: whether the plan allows this cannot be told (generate --force leaves it out)`
    }));
}

/** The traffic the plan's denies forbid (zone or host denies of the rule set), which no allow rule lets through. */
export function deniedMatches(denies: readonly RuleSetRule[]): TrafficMatch[] {
    return planMatches(denies, 'd').map(m => m.match);
}

/** The matches in force at `now`. */
export function inForceAt(matches: readonly PlanMatch[], now: number): PlanMatch[] {
    return matches.filter(m => m.ends === undefined || now < m.ends);
}

/** Endpoints of the rules given by host name. */
export function namedOnlyEndpoints(matches: readonly PlanMatch[]): NamedOnly[] {
    const out: NamedOnly[] = [];
    for (const m of matches) {
        for (const endpoint of [...m.rule.sources, ...m.rule.destinations]) {
            if (endpoint.hostNames.length > 0 && !out.some(o => o.rule === m.name && o.endpoint === endpoint.name)) {
                out.push({ rule: m.name, endpoint: endpoint.name, hostNames: endpoint.hostNames });
            }
        }
    }
    return out;
}

/** Whether a rule allows other IP protocols besides TCP and UDP (`any`): the proof covers TCP and UDP only. */
export function allowsOtherProtocols(rule: RuleSetRule): boolean {
    return rule.protocol === 'any';
}
