import type { FirewallPolicy, PolicyChain, PolicyRule } from '../audit/firewall-policy.js';
import type { AddressSet } from '../network/addresses.js';

/**
 * Adjacent rules that differ only in the host names one side matches, one rule per host name
 * (nftables and iptables match a host name by a set of its own: host-name-sets.ts), read as one
 * rule matching them all. That is exact: a packet either rule matches meets the same verdict, one
 * neither matches goes on. It keeps the proof's host names used alike, so they share a flag
 * (host-name-space.ts) instead of one flag each.
 */
export function joinHostNameRules(policy: FirewallPolicy): FirewallPolicy {
    let changed = false;
    const chains = new Map<string, PolicyChain>();
    for (const [name, chain] of policy.chains) {
        const rules: PolicyRule[] = [];
        for (const rule of chain.rules) {
            const last = rules[rules.length - 1];
            const joined = last ? joined2(last, rule) : undefined;
            if (joined) { rules[rules.length - 1] = joined; changed = true; } else rules.push(rule);
        }
        chains.set(name, rules.length === chain.rules.length ? chain : { ...chain, rules });
    }
    return changed ? { ...policy, chains } : policy;
}

/** Names only: no address, not every address. */
function namesOnly(set: AddressSet | undefined): set is AddressSet {
    return set !== undefined && !set.any && set.v4.length === 0 && set.v6.length === 0 && set.names.size > 0;
}

const sameSet = (a: AddressSet | undefined, b: AddressSet | undefined) => a === b || (a !== undefined && b !== undefined && a.equals(b));
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const sameStates = (a: ReadonlySet<string> | undefined, b: ReadonlySet<string> | undefined) =>
    a === b || (a !== undefined && b !== undefined && a.size === b.size && [...a].every(s => b.has(s)));

function joined2(a: PolicyRule, b: PolicyRule): PolicyRule | undefined {
    const m = a.match, n = b.match;
    // Most adjacent rules match no host name: told first, from their address sets alone, before
    // anything else about the two rules is read.
    if (!(namesOnly(m.destinations) && namesOnly(n.destinations)) && !(namesOnly(m.sources) && namesOnly(n.sources))) return undefined;
    if (a.unknown || b.unknown || a.condition || b.condition || a.uncertain || b.uncertain) return undefined;
    if (!sameJson(a.action, b.action) || !sameStates(a.states, b.states)) return undefined;
    if (!sameJson([...(m.protocols ?? ['*'])].sort(), [...(n.protocols ?? ['*'])].sort()) || !sameJson(m.sourcePorts, n.sourcePorts) || !sameJson(m.destinationPorts, n.destinationPorts)) return undefined;
    if (sameSet(m.sources, n.sources) && namesOnly(m.destinations) && namesOnly(n.destinations)) {
        return { ...a, match: { ...m, destinations: m.destinations.union(n.destinations) } };
    }
    if (sameSet(m.destinations, n.destinations) && namesOnly(m.sources) && namesOnly(n.sources)) {
        return { ...a, match: { ...m, sources: m.sources.union(n.sources) } };
    }
    return undefined;
}
