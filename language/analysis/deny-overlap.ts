import type { Protocol } from '../generated/ast.js';
import type { AddressSet } from '../model/addresses.js';
import { intersectPorts, type PortSet } from '../model/ports.js';
import type { PlanDeny, PlanTraffic } from '../plan/plan-model.js';

/**
 * What of some traffic (an allow rule, a required flow) a deny forbids: from which addresses, to
 * which, over which protocols and ports. `sources` and `destinations` are the common addresses;
 * when the deny leaves addresses out of a side (a guardrail's `any except …`), the overlap is
 * those addresses without `sourceExceptions` / `destinationExceptions`.
 */
export interface DeniedOverlap {
    readonly sources: AddressSet;
    readonly sourceExceptions: AddressSet;
    readonly destinations: AddressSet;
    readonly destinationExceptions: AddressSet;
    /** The transport protocols both carry (`tcp`, `udp`), each with the ports both name. */
    readonly transports: readonly { readonly protocol: 'tcp' | 'udp'; readonly ports: PortSet }[];
    /** Both are `any` protocol with all ports: protocols without ports (ICMP, ESP, …) too. */
    readonly otherProtocols: boolean;
}

/** The transport protocols a rule's protocol word carries. */
export function transportsOf(protocol: Protocol): readonly ('tcp' | 'udp')[] {
    return protocol === 'tcp' ? ['tcp'] : protocol === 'udp' ? ['udp'] : ['tcp', 'udp'];
}

/** Whether a rule also carries protocols that have no ports: `any` with no ports named. */
export function carriesOtherProtocols(traffic: Pick<PlanTraffic, 'protocol' | 'allPorts'>): boolean {
    return traffic.protocol === 'any' && traffic.allPorts;
}

/**
 * The part of `traffic` that `deny` forbids, or undefined when they share nothing. An unread deny
 * (its own error says why) forbids nothing here.
 */
export function deniedOverlap(traffic: PlanTraffic, deny: PlanDeny): DeniedOverlap | undefined {
    if (!deny.resolved) return undefined;
    const sources = traffic.sourceAddresses.intersect(deny.sourceAddresses);
    if (sources.isEmpty || deny.sourceExceptions.contains(sources)) return undefined;
    const destinations = traffic.destinationAddresses.intersect(deny.destinationAddresses);
    if (destinations.isEmpty || deny.destinationExceptions.contains(destinations)) return undefined;
    const denied = transportsOf(deny.protocol);
    const transports = transportsOf(traffic.protocol)
        .filter(protocol => denied.includes(protocol))
        .map(protocol => ({ protocol, ports: intersectPorts(traffic.ports, deny.ports) }))
        .filter(t => t.ports.length > 0);
    const otherProtocols = carriesOtherProtocols(traffic) && carriesOtherProtocols(deny);
    if (transports.length === 0 && !otherProtocols) return undefined;
    return {
        sources, sourceExceptions: deny.sourceExceptions, destinations, destinationExceptions: deny.destinationExceptions,
        transports, otherProtocols
    };
}
