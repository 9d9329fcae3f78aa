import { intersectPorts, unionPorts, type PortSet } from '../network/ports.js';
import type { AddressSet } from '../network/addresses.js';
import type { FirewallPolicy } from './firewall-policy.js';
import type { Transport, TrafficMatch } from './traffic-space.js';

/**
 * The traffic that can reach each chain of a policy: a base chain sees everything, a user chain
 * only what the jumps into it let in (an ASA interface's access list sees the traffic entering
 * that interface). A rule can act only on traffic that reaches its chain, so the index of rules
 * files each rule under its match narrowed by its chain's reach: the `deny ip any any` closing
 * each of 200 access lists then meets one interface's traffic, not all of it.
 *
 * A bound, not the exact set: each field is the union over every jump (a rule is filed too
 * widely at worst, which costs time, never a wrong verdict).
 */

type Reach = TrafficMatch;

function sameSet<T>(a: ReadonlySet<T> | undefined, b: ReadonlySet<T> | undefined): boolean {
    return a === b || (a !== undefined && b !== undefined && a.size === b.size && [...a].every(x => b.has(x)));
}

function samePorts(a: PortSet | undefined, b: PortSet | undefined): boolean {
    return a === b || (a !== undefined && b !== undefined && a.length === b.length && a.every((r, i) => r.from === b[i].from && r.to === b[i].to));
}

function sameAddresses(a: AddressSet | undefined, b: AddressSet | undefined): boolean {
    return a === b || (a !== undefined && b !== undefined && a.equals(b));
}

function same(a: Reach, b: Reach): boolean {
    return sameSet(a.protocols, b.protocols) && sameAddresses(a.sources, b.sources) && sameAddresses(a.destinations, b.destinations)
        && samePorts(a.sourcePorts, b.sourcePorts) && samePorts(a.destinationPorts, b.destinationPorts);
}

/** The traffic both let through, field by field; undefined when a field has nothing in common. */
export function narrowed(a: TrafficMatch, b: Reach): TrafficMatch | undefined {
    const both = <T>(x: T | undefined, y: T | undefined, meet: (x: T, y: T) => T) => x === undefined ? y : y === undefined ? x : meet(x, y);
    const out: TrafficMatch = {
        protocols: both(a.protocols, b.protocols, (x, y) => new Set([...x].filter(p => y.has(p)))),
        sources: both(a.sources, b.sources, (x, y) => x.intersect(y)),
        destinations: both(a.destinations, b.destinations, (x, y) => x.intersect(y)),
        sourcePorts: both(a.sourcePorts, b.sourcePorts, intersectPorts),
        destinationPorts: both(a.destinationPorts, b.destinationPorts, intersectPorts)
    };
    const empty = out.protocols?.size === 0 || out.sources?.isEmpty || out.destinations?.isEmpty || out.sourcePorts?.length === 0 || out.destinationPorts?.length === 0;
    return empty ? undefined : out;
}

/** Traffic either lets through, field by field (a field either leaves open stays open). */
function joined(a: Reach, b: Reach): Reach {
    const either = <T>(x: T | undefined, y: T | undefined, join: (x: T, y: T) => T) => x === undefined || y === undefined ? undefined : join(x, y);
    return {
        protocols: either(a.protocols, b.protocols, (x, y) => new Set<Transport>([...x, ...y])),
        sources: either(a.sources, b.sources, (x, y) => x.union(y)),
        destinations: either(a.destinations, b.destinations, (x, y) => x.union(y)),
        sourcePorts: either(a.sourcePorts, b.sourcePorts, unionPorts),
        destinationPorts: either(a.destinationPorts, b.destinationPorts, unionPorts)
    };
}

/**
 * Each chain's reach; a chain no base chain leads to is absent. Jumps that loop are followed
 * until nothing grows; past a bound every chain is taken to see everything.
 */
export function chainReach(policy: FirewallPolicy): Map<string, Reach> {
    const reach = new Map<string, Reach>();
    const todo: string[] = [];
    for (const name of policy.entry) { reach.set(name, {}); todo.push(name); }
    let rounds = 0;
    while (todo.length > 0) {
        if (++rounds > 64 * (policy.chains.size + 1)) return new Map([...policy.chains.keys()].map(name => [name, {}]));
        const name = todo.shift()!;
        const from = reach.get(name)!;
        for (const rule of policy.chains.get(name)?.rules ?? []) {
            if (rule.action.kind !== 'jump' && rule.action.kind !== 'goto') continue;
            const entering = narrowed(rule.match, from);
            if (!entering) continue;
            const target = rule.action.chain;
            const before = reach.get(target);
            const after = before ? joined(before, entering) : entering;
            if (before && same(before, after)) continue;
            reach.set(target, after);
            if (!todo.includes(target)) todo.push(target);
        }
    }
    return reach;
}
