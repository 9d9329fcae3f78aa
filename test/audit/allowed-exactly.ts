import { evaluate, type FirewallPolicy } from '../../language/audit/firewall-policy.js';
import { boxOf, concreteAddresses, EVERY_ADDRESS, EVERY_IPV4, EVERY_IPV6, subtractBoxes, type Transport, type TrafficMatch } from '../../language/audit/traffic-space.js';
import { hasExpired } from '../../language/emit/emitter.js';
import type { RuleSetRule } from '../../language/emit/rule-set.js';
import { AddressSet } from '../../language/network/addresses.js';
import { ALL_PORTS } from '../../language/network/ports.js';

/**
 * Whether a policy read back from a target's output allows exactly what rule-set rules allow, for
 * new TCP and UDP connections: each rule's connections must all be accepted (as the iptables
 * comparison of bench/same-allowed-set.ts asks of each accept rule), and every connection the
 * policy accepts must lie inside some rule; what the policy leaves unknown is reported apart.
 */

export interface AllowedDifference {
    /** Allowed by the rules, not accepted by the policy. */
    readonly missing: string[];
    /** Accepted by the policy, allowed by no rule. */
    readonly extra: string[];
    /** Connections the policy cannot decide, with why. */
    readonly unknown: string[];
}

/** What rule-set rules allow at `now`, as matches (one per transport); `keep` leaves out destinations a target cannot hold. */
export function ruleMatches(rules: readonly RuleSetRule[], now: Date, keep: (rule: RuleSetRule) => AddressSet = r => unionOf(r.destinations)): TrafficMatch[] {
    return rules.filter(r => !r.until || !hasExpired(r.until, now)).flatMap(rule => {
        const transports: Transport[] = rule.protocol === 'any' ? ['tcp', 'udp'] : [rule.protocol];
        const destinationPorts = rule.protocol === 'any' || rule.allPorts ? ALL_PORTS : rule.ports;
        return transports.map(t => ({ protocols: new Set([t]), sources: unionOf(rule.sources), destinations: keep(rule), destinationPorts }));
    });
}

export function unionOf(endpoints: readonly { readonly addresses: AddressSet }[]): AddressSet {
    return endpoints.reduce((u, e) => u.union(concreteAddresses(e.addresses)), AddressSet.EMPTY);
}

/**
 * `universe`: the connections the policy is responsible for (a cloud file guards only the hosts
 * behind its groups); every connection by default.
 */
export function compareWithRules(policy: FirewallPolicy, expected: readonly TrafficMatch[], universe: { sources?: AddressSet; destinations?: AddressSet } = {}, limit = 5): AllowedDifference {
    const missing: string[] = [], extra: string[] = [], unknown: string[] = [];
    const show = (b: ReturnType<typeof boxOf>) => `${b.protocol} ${b.sources.format()} -> ${b.destinations.format()} ports ${b.destinationPorts.map(r => `${r.from}-${r.to}`).join(',')}`;
    for (const m of expected) {
        for (const protocol of m.protocols!) {
            // One family at a time: an IPv6 source never reaches an IPv4 destination.
            for (const family of [EVERY_IPV4, EVERY_IPV6]) {
                const sources = m.sources!.intersect(family), destinations = m.destinations!.intersect(family);
                if (sources.isEmpty || destinations.isEmpty) continue;
                for (const piece of evaluate(policy, boxOf(protocol, sources, destinations, m.destinationPorts), 'new')) {
                    if (piece.verdict === 'drop' && missing.length < limit) missing.push(`${show(piece.box)} (line ${piece.decidedBy.line})`);
                }
            }
        }
    }
    for (const protocol of ['tcp', 'udp'] as const) {
        for (const piece of evaluate(policy, boxOf(protocol, universe.sources ?? EVERY_ADDRESS, universe.destinations ?? EVERY_ADDRESS), 'new')) {
            if (piece.verdict === 'unknown') {
                if (unknown.length < limit) unknown.push(`${show(piece.box)}: ${piece.why} (line ${piece.decidedBy.line})`);
            } else if (piece.verdict === 'accept') {
                for (const outside of subtractBoxes(piece.box, expected)) if (extra.length < limit) extra.push(`${show(outside)} (line ${piece.decidedBy.line})`);
            }
        }
    }
    return { missing, extra, unknown };
}
