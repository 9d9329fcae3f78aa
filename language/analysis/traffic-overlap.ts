import { AddressSet, EVERY_ADDRESS } from '../network/addresses.js';
import { intersectPorts, isAllPorts, type PortSet } from '../network/ports.js';

/**
 * The traffic two rule-shaped statements (an allow rule, a deny statement, a required flow, a
 * query) both describe: the protocols, ports and addresses they share. A guardrail conflict is
 * such an overlap between something that opens and something that must stay shut. The one place
 * that says when an allow rule, a requirement or a question meets a deny: the check's findings,
 * the quick fixes' gate, the matrix, the query and the emitters all ask here.
 */

/** `other`: a protocol without ports (ICMP, ESP …), which only `any` without ports names. */
export type OverlapProtocol = 'tcp' | 'udp' | 'other';

/** What the plan's allow rules, deny statements, requirements and questions all have: the traffic they name. */
export interface TrafficShape {
    readonly sourceAddresses: AddressSet;
    readonly destinationAddresses: AddressSet;
    /** `tcp`, `udp`, `tcp/udp` or `any`. */
    readonly protocol: string;
    /** Explicit ports, or all ports. */
    readonly ports: PortSet;
    readonly allPorts: boolean;
    /**
     * Addresses left out of a side (a guardrail's `any except veeam.BackupServer`): the statement
     * names its side's addresses without these. None when absent.
     */
    readonly sourceExceptions?: AddressSet;
    readonly destinationExceptions?: AddressSet;
}

export interface TrafficOverlap {
    readonly protocols: readonly OverlapProtocol[];
    /** The shared ports (meaningless for `other` alone). */
    readonly ports: PortSet;
    /**
     * The addresses both sides name, before the exceptions either statement makes: the overlap is
     * these without `sourceExceptions` / `destinationExceptions` (see addressesLeft).
     */
    readonly sources: AddressSet;
    readonly destinations: AddressSet;
    readonly sourceExceptions: AddressSet;
    readonly destinationExceptions: AddressSet;
}

/** The transport protocols a statement's protocol word carries. */
export function transportsOf(protocol: string): readonly ('tcp' | 'udp')[] {
    return protocol === 'tcp' ? ['tcp'] : protocol === 'udp' ? ['udp'] : ['tcp', 'udp'];
}

/** Whether a statement also carries protocols that have no ports: `any` with no ports named. */
export function carriesOtherProtocols(shape: Pick<TrafficShape, 'protocol' | 'allPorts'>): boolean {
    return shape.protocol === 'any' && shape.allPorts;
}

/** The protocols a statement names: `any` with ports can only mean TCP and UDP. */
export function protocolsOfShape(shape: Pick<TrafficShape, 'protocol' | 'allPorts'>): readonly OverlapProtocol[] {
    return carriesOtherProtocols(shape) ? [...transportsOf(shape.protocol), 'other'] : transportsOf(shape.protocol);
}

/**
 * A side's addresses without its exceptions. `any` less some addresses is every IP address less
 * them: host names that `any` holds cannot be listed, so use this where addresses are written or
 * shown, and the overlap itself (which keeps them) to tell whether two statements meet.
 */
export function addressesLeft(side: AddressSet, exceptions: AddressSet = AddressSet.EMPTY): AddressSet {
    if (exceptions.isEmpty) return side;
    return (side.any ? EVERY_ADDRESS : side).subtract(exceptions);
}

/** The traffic both statements name, or undefined when they share none. */
export function overlapOf(a: TrafficShape, b: TrafficShape): TrafficOverlap | undefined {
    const sourceExceptions = exceptionsOf(a.sourceExceptions, b.sourceExceptions);
    const sources = a.sourceAddresses.intersect(b.sourceAddresses);
    if (sources.isEmpty || sourceExceptions.contains(sources)) return undefined;
    const destinationExceptions = exceptionsOf(a.destinationExceptions, b.destinationExceptions);
    const destinations = a.destinationAddresses.intersect(b.destinationAddresses);
    if (destinations.isEmpty || destinationExceptions.contains(destinations)) return undefined;
    const theirs = protocolsOfShape(b);
    const protocols = protocolsOfShape(a).filter(p => theirs.includes(p));
    if (protocols.length === 0) return undefined;
    const ports = intersectPorts(a.ports, b.ports);
    // Protocols without ports share all of them or none.
    if (ports.length === 0 && !protocols.includes('other')) return undefined;
    return {
        protocols: ports.length === 0 ? protocols.filter(p => p === 'other') : protocols, ports,
        sources, destinations, sourceExceptions, destinationExceptions
    };
}

function exceptionsOf(a: AddressSet | undefined, b: AddressSet | undefined): AddressSet {
    if (!a || a.isEmpty) return b ?? AddressSet.EMPTY;
    return !b || b.isEmpty ? a : a.union(b);
}

/** `tcp 22`, `tcp/udp 53`, `any protocol`: an overlap as an engineer reads it. */
export function formatOverlapTraffic(o: Pick<TrafficOverlap, 'protocols' | 'ports'>, formatPorts: (p: PortSet) => string): string {
    if (o.protocols.includes('other')) return 'any protocol';
    const name = o.protocols.length === 2 ? 'tcp/udp' : o.protocols[0];
    return isAllPorts(o.ports) ? `${name} all ports` : `${name} ${formatPorts(o.ports)}`;
}
