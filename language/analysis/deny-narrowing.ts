import type { AddressSet } from '../network/addresses.js';
import { formatPorts, subtractPorts, unionPorts, type PortSet } from '../network/ports.js';
import type { PlanRuleEndpoint, PlanTraffic } from '../plan/plan-model.js';
import { carriesOtherProtocols, transportsOf } from './traffic-overlap.js';

/** Traffic to take out of a rule: a deny (out of an allow rule), or a required flow (out of a deny). */
export interface CutTraffic extends Pick<PlanTraffic, 'sourceAddresses' | 'destinationAddresses' | 'protocol' | 'ports' | 'allPorts'> {
    /** Addresses left out of a side (`any except …`). */
    readonly sourceExceptions: AddressSet;
    readonly destinationExceptions: AddressSet;
}

/**
 * One statement of what is left of a statement once some traffic is taken out: the endpoints of
 * each side it keeps (their places in the statement as written), and its protocol and ports
 * (`ports` undefined: the ports as written). The editor writes it (lsp/narrowed-statement.ts),
 * with the statement's keyword, endpoints, reason and `until` as written.
 */
export interface LeftStatement {
    readonly sources: readonly number[];
    readonly destinations: readonly number[];
    readonly protocol: string;
    readonly ports?: string;
}

/**
 * A statement without some traffic: the statements that replace it (none: remove it), or why no
 * statement of the language can say exactly what is left.
 */
export type Narrowing = { readonly left: readonly LeftStatement[] } | { readonly cannot: string };

/**
 * What is left of an allow rule (or a deny) once `cut` is taken out of it, never wider than the
 * original and sharing nothing with `cut`; only where that can be said exactly:
 * - both of the rule's sides lie wholly in the cut's: the same rule with fewer ports (one rule
 *   per protocol when the cut takes different ports of TCP and UDP), or none;
 * - its protocols and ports lie wholly in the cut's and one side does: the other side without the
 *   endpoints that lie in the cut (each must lie wholly in it or wholly out of it), or none.
 * Otherwise `cannot` says why (part of a component or zone would be left, which no endpoint names).
 */
export function narrowingOf(traffic: PlanTraffic, cut: CutTraffic): Narrowing {
    const inSources = (e: PlanRuleEndpoint) => lies(e.addresses, cut.sourceAddresses, cut.sourceExceptions);
    const inDestinations = (e: PlanRuleEndpoint) => lies(e.addresses, cut.destinationAddresses, cut.destinationExceptions);
    const allSources = traffic.sources.every(e => inSources(e) === 'in');
    const allDestinations = traffic.destinations.every(e => inDestinations(e) === 'in');
    if (allSources && allDestinations) return narrowedPorts(traffic, cut);
    if (!trafficInside(traffic, cut)) {
        return { cannot: 'the denied part is only some of the addresses and only some of the ports this rule opens: no single list of endpoints and ports says what is left' };
    }
    const every = (endpoints: readonly PlanRuleEndpoint[]) => endpoints.map((_, i) => i);
    for (const [side, other, where] of [['sources', allDestinations, inSources], ['destinations', allSources, inDestinations]] as const) {
        if (!other) continue;
        const places = traffic[side].map(where);
        if (places.some(p => p === 'part')) continue;
        const kept = places.flatMap((p, i) => (p === 'out' ? [i] : []));
        return {
            left: kept.length === 0 ? [] : [{
                sources: side === 'sources' ? kept : every(traffic.sources),
                destinations: side === 'destinations' ? kept : every(traffic.destinations),
                protocol: traffic.protocol
            }]
        };
    }
    return { cannot: 'the denied part is only some of the addresses of an endpoint this rule names (a zone, a range or `any`): no endpoint of the plan names what is left' };
}

/** Whether a side's addresses lie wholly in a cut's side (`in`), wholly out of it (`out`), or partly (`part`). */
function lies(addresses: AddressSet, side: AddressSet, exceptions: AddressSet): 'in' | 'out' | 'part' {
    if (!side.intersects(addresses) || exceptions.contains(addresses)) return 'out';
    if (side.contains(addresses) && !exceptions.intersects(addresses)) return 'in';
    return 'part';
}

/** Whether every protocol and port of the traffic is one the cut takes. */
function trafficInside(traffic: PlanTraffic, cut: CutTraffic): boolean {
    if (carriesOtherProtocols(traffic) && !carriesOtherProtocols(cut)) return false;
    const cutTransports = transportsOf(cut.protocol);
    return transportsOf(traffic.protocol).every(t => cutTransports.includes(t)) && subtractPorts(traffic.ports, cut.ports).length === 0;
}

/** Both sides lie in the cut: the ports it does not take, per protocol. */
function narrowedPorts(traffic: PlanTraffic, cut: CutTraffic): Narrowing {
    if (carriesOtherProtocols(traffic)) {
        if (carriesOtherProtocols(cut)) return { left: [] };
        return { cannot: 'this rule opens every protocol (`any`): the language has no way to write every protocol but some TCP or UDP ports' };
    }
    const cutTransports = transportsOf(cut.protocol);
    const left = transportsOf(traffic.protocol).map(protocol => ({
        protocol, ports: cutTransports.includes(protocol) ? subtractPorts(traffic.ports, cut.ports) : traffic.ports
    })).filter(t => t.ports.length > 0);
    if (left.length === 0) return { left: [] };
    const sources = traffic.sources.map((_, i) => i), destinations = traffic.destinations.map((_, i) => i);
    const statement = (protocol: string, ports: PortSet): LeftStatement => ({ sources, destinations, protocol, ports: formatPorts(ports) });
    if (left.length === 2 && samePorts(left[0].ports, left[1].ports)) return { left: [statement(traffic.protocol, left[0].ports)] };
    return { left: left.map(t => statement(t.protocol, t.ports)) };
}

function samePorts(a: PortSet, b: PortSet): boolean {
    return formatPorts(unionPorts(a, b)) === formatPorts(a) && formatPorts(a) === formatPorts(b);
}
