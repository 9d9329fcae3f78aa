import { AddressSet } from '../network/addresses.js';
import { intersectPorts, isAllPorts, type PortSet } from '../network/ports.js';

/**
 * The traffic two rule-shaped statements (an allow rule, a deny statement, a required flow) both
 * describe: the protocols, ports and addresses they share. A guardrail conflict is such an
 * overlap between something that opens and something that must stay shut.
 */

/** `other`: a protocol without ports (ICMP, ESP …), which only `any` without ports names. */
export type OverlapProtocol = 'tcp' | 'udp' | 'other';

/** What the plan's allow rules, deny statements and requirements all have: the traffic they name. */
export interface TrafficShape {
    readonly sourceAddresses: AddressSet;
    readonly destinationAddresses: AddressSet;
    /** `tcp`, `udp`, `tcp/udp` or `any`. */
    readonly protocol: string;
    /** Explicit ports, or all ports. */
    readonly ports: PortSet;
    readonly allPorts: boolean;
}

export interface TrafficOverlap {
    readonly protocols: readonly OverlapProtocol[];
    /** The shared ports (meaningless for `other` alone). */
    readonly ports: PortSet;
    readonly sources: AddressSet;
    readonly destinations: AddressSet;
}

/** The protocols a statement names: `any` with ports can only mean TCP and UDP. */
export function protocolsOfShape(shape: Pick<TrafficShape, 'protocol' | 'allPorts'>): readonly OverlapProtocol[] {
    switch (shape.protocol) {
        case 'tcp': return ['tcp'];
        case 'udp': return ['udp'];
        case 'any': return shape.allPorts ? ['tcp', 'udp', 'other'] : ['tcp', 'udp'];
        default: return ['tcp', 'udp'];
    }
}

/** The traffic both statements name, or undefined when they share none. */
export function overlapOf(a: TrafficShape, b: TrafficShape): TrafficOverlap | undefined {
    const theirs = protocolsOfShape(b);
    const protocols = protocolsOfShape(a).filter(p => theirs.includes(p));
    if (protocols.length === 0) return undefined;
    const ports = intersectPorts(a.ports, b.ports);
    // Protocols without ports share all of them or none.
    if (ports.length === 0 && !protocols.includes('other')) return undefined;
    const sources = a.sourceAddresses.intersect(b.sourceAddresses);
    const destinations = a.destinationAddresses.intersect(b.destinationAddresses);
    if (sources.isEmpty || destinations.isEmpty) return undefined;
    return { protocols: ports.length === 0 ? protocols.filter(p => p === 'other') : protocols, ports, sources, destinations };
}

/** `tcp 22`, `tcp/udp 53`, `any protocol`: an overlap as an engineer reads it. */
export function formatOverlapTraffic(o: Pick<TrafficOverlap, 'protocols' | 'ports'>, formatPorts: (p: PortSet) => string): string {
    if (o.protocols.includes('other')) return 'any protocol';
    const name = o.protocols.length === 2 ? 'tcp/udp' : o.protocols[0];
    return isAllPorts(o.ports) ? `${name} all ports` : `${name} ${formatPorts(o.ports)}`;
}
