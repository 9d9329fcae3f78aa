import { AddressSet, EVERY_ADDRESS } from '../network/addresses.js';
import { ALL_PORTS, intersectPorts, portsContain, portsOverlap, subtractPorts, unionPorts, type PortSet } from '../network/ports.js';

/**
 * Sets of connections as boxes: a transport protocol, source and destination addresses, source
 * and destination ports. A firewall rule's match is a box too (what it leaves open is "any"), so
 * first-match evaluation splits a box into the part a rule matches and the parts it does not.
 */

export type Transport = 'tcp' | 'udp';

export { EVERY_ADDRESS, EVERY_IPV4, EVERY_IPV6 } from '../network/addresses.js';

/** A plan's address set in concrete terms: `any` becomes every address, names are dropped. */
export function concreteAddresses(set: AddressSet): AddressSet {
    if (set.any) return EVERY_ADDRESS;
    // Most sets name nothing: they are concrete as they are.
    if (set.names.size === 0) return set;
    return AddressSet.of([
        ...set.v4.map(interval => ({ kind: 'ipv4' as const, interval })),
        ...set.v6.map(interval => ({ kind: 'ipv6' as const, interval }))
    ]);
}

export interface TrafficBox {
    readonly protocol: Transport;
    readonly sources: AddressSet;
    readonly destinations: AddressSet;
    readonly sourcePorts: PortSet;
    readonly destinationPorts: PortSet;
}

/** What a rule matches; a field left out matches everything. */
export interface TrafficMatch {
    readonly protocols?: ReadonlySet<Transport>;
    readonly sources?: AddressSet;
    readonly destinations?: AddressSet;
    readonly sourcePorts?: PortSet;
    readonly destinationPorts?: PortSet;
}

export function isEmptyBox(b: TrafficBox): boolean {
    return b.sources.isEmpty || b.destinations.isEmpty || b.sourcePorts.length === 0 || b.destinationPorts.length === 0;
}

/**
 * Splits a box by a match: the part inside it, and the rest as disjoint boxes (at most one per
 * field the match restricts).
 */
export function splitBox(box: TrafficBox, match: TrafficMatch): { inside?: TrafficBox; outside: TrafficBox[] } {
    if (match.protocols && !match.protocols.has(box.protocol)) return { outside: [box] };
    // Most rules of a large rule base miss a given box: tell that before cutting anything.
    if ((match.destinationPorts && !portsOverlap(box.destinationPorts, match.destinationPorts))
        || (match.sourcePorts && !portsOverlap(box.sourcePorts, match.sourcePorts))
        || (match.sources && !box.sources.intersects(match.sources))
        || (match.destinations && !box.destinations.intersects(match.destinations))) return { outside: [box] };
    const outside: TrafficBox[] = [];
    let rest = box;
    const cut = (inside: TrafficBox, out: TrafficBox) => {
        if (!isEmptyBox(out)) outside.push(out);
        rest = inside;
        return !isEmptyBox(inside);
    };
    // A field the match holds whole is not cut (most rules a part of the traffic meets hold it whole).
    if (match.sources && !match.sources.contains(rest.sources) && !cut({ ...rest, sources: rest.sources.intersect(match.sources) }, { ...rest, sources: rest.sources.subtract(match.sources) })) return { outside: [box] };
    if (match.destinations && !match.destinations.contains(rest.destinations) && !cut({ ...rest, destinations: rest.destinations.intersect(match.destinations) }, { ...rest, destinations: rest.destinations.subtract(match.destinations) })) return { outside: [box] };
    if (match.sourcePorts && !portsContain(match.sourcePorts, rest.sourcePorts) && !cut({ ...rest, sourcePorts: intersectPorts(rest.sourcePorts, match.sourcePorts) }, { ...rest, sourcePorts: subtractPorts(rest.sourcePorts, match.sourcePorts) })) return { outside: [box] };
    if (match.destinationPorts && !portsContain(match.destinationPorts, rest.destinationPorts) && !cut({ ...rest, destinationPorts: intersectPorts(rest.destinationPorts, match.destinationPorts) }, { ...rest, destinationPorts: subtractPorts(rest.destinationPorts, match.destinationPorts) })) return { outside: [box] };
    return { inside: rest, outside };
}

/** The parts of `box` outside all of `holes`. */
export function subtractBoxes(box: TrafficBox, holes: readonly TrafficMatch[]): TrafficBox[] {
    let pieces = [box];
    for (const hole of holes) {
        pieces = pieces.flatMap(p => splitBox(p, hole).outside);
        if (pieces.length === 0) break;
    }
    return pieces;
}

export function boxOf(protocol: Transport, sources: AddressSet, destinations: AddressSet, destinationPorts: PortSet = ALL_PORTS, sourcePorts: PortSet = ALL_PORTS): TrafficBox {
    return { protocol, sources, destinations, sourcePorts, destinationPorts };
}

/** The same connections seen from the other side: the replies. */
export function replyBox(box: TrafficBox): TrafficBox {
    return { protocol: box.protocol, sources: box.destinations, destinations: box.sources, sourcePorts: box.destinationPorts, destinationPorts: box.sourcePorts };
}

/** A box as the match of exactly its connections. */
export function matchOf(box: TrafficBox): TrafficMatch {
    return { protocols: new Set([box.protocol]), sources: box.sources, destinations: box.destinations, sourcePorts: box.sourcePorts, destinationPorts: box.destinationPorts };
}

/** The smallest box holding all the boxes (of one protocol, at least one box). */
export function enclosing(boxes: readonly TrafficBox[]): TrafficBox {
    return {
        protocol: boxes[0].protocol,
        sources: AddressSet.unionOf(boxes.map(b => b.sources)), destinations: AddressSet.unionOf(boxes.map(b => b.destinations)),
        sourcePorts: boxes.reduce<PortSet>((s, b) => unionPorts(s, b.sourcePorts), []),
        destinationPorts: boxes.reduce<PortSet>((s, b) => unionPorts(s, b.destinationPorts), [])
    };
}
