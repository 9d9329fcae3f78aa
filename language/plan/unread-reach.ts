import { GrammarUtils } from 'langium';
import type { AllowRule, DenyRule } from '../generated/ast.js';
import { AddressSet } from '../network/addresses.js';
import { ALL_PORTS, type PortSet } from '../network/ports.js';

/**
 * What an allow rule or a deny that was not read whole could stand for: each part of it that was
 * read as written, and everything in place of each part that was not. `deny lab, nosuch -> mgmt
 * tcp 22` could forbid anything to mgmt on tcp 22 (nosuch could be any address); `deny lab ->
 * mgmt tcp 22, 0` anything from lab to mgmt over TCP. Whatever the statement was meant to say
 * lies inside its reach, so a rule set that lets nothing in the reach of a broken deny through
 * cannot let through what that deny was written to stop, and a proof treats the reach of a broken
 * statement as what it cannot tell.
 */
export interface UnreadReach {
    readonly sourceAddresses: AddressSet;
    readonly destinationAddresses: AddressSet;
    /** `tcp`, `udp`, `tcp/udp`, or `any` (also when the protocol was not read). */
    readonly protocol: string;
    readonly ports: PortSet;
    readonly allPorts: boolean;
}

/** The reach of a statement that could be anything: every address, protocol and port. */
export const EVERYTHING: UnreadReach = { sourceAddresses: AddressSet.ANY, destinationAddresses: AddressSet.ANY, protocol: 'any', ports: ALL_PORTS, allPorts: true };

/** Which parts of a statement were read as written: those its first syntax error comes after. */
export interface PartsRead {
    readonly sources: boolean;
    readonly destinations: boolean;
    readonly protocol: boolean;
    /** The port list, which only the description (or the end of a statement without error) closes. */
    readonly ports: boolean;
}

const ALL_READ: PartsRead = { sources: true, destinations: true, protocol: true, ports: true };

/**
 * The parts of `node` read before `errorAt` (the offset of its first syntax error; undefined:
 * none). A list is read whole only when the token after it was: sources by `->`, destinations by
 * the protocol, the ports by the description. What the parser's recovery made of the text from
 * the error on may be more or less than was written (`tcp port 22` reads as all ports, a name
 * after a missing comma is dropped), so it counts as not read.
 */
export function partsReadBefore(node: AllowRule | DenyRule, errorAt: number | undefined): PartsRead {
    if (errorAt === undefined) return ALL_READ;
    const cst = node.$cstNode;
    const before = (offset: number | undefined) => offset !== undefined && offset < errorAt;
    const arrow = GrammarUtils.findNodeForKeyword(cst, '->')?.offset;
    const protocol = node.protocol === undefined ? undefined : GrammarUtils.findNodeForProperty(cst, 'protocol')?.offset;
    const description = node.description === undefined ? undefined : GrammarUtils.findNodeForProperty(cst, 'description')?.offset;
    return { sources: before(arrow), destinations: before(protocol), protocol: before(protocol), ports: before(description) };
}

/** One side's reach: its addresses when every endpoint it names was read, every address otherwise. */
function sideReach(read: boolean, resolved: number, written: number, addresses: AddressSet): AddressSet {
    return read && resolved > 0 && resolved === written ? addresses : AddressSet.ANY;
}

/**
 * The reach of a statement not read whole. `resolved` is the statement as the plan read it (its
 * endpoints that name something, its ports that are port numbers); `unreadPorts` how many items of
 * its port list did not; a bare address in no zone is an address all the same, and is kept.
 */
export function unreadReach(
    node: AllowRule | DenyRule, parts: PartsRead,
    resolved: { readonly sources: number; readonly destinations: number; readonly sourceAddresses: AddressSet; readonly destinationAddresses: AddressSet; readonly ports: PortSet; readonly allPorts: boolean },
    unreadPorts: number
): UnreadReach {
    const protocol = parts.protocol && node.protocol !== undefined ? node.protocol : 'any';
    const portsRead = parts.protocol && parts.ports && unreadPorts === 0;
    return {
        sourceAddresses: sideReach(parts.sources, resolved.sources, node.sources.length, resolved.sourceAddresses),
        destinationAddresses: sideReach(parts.destinations, resolved.destinations, node.destinations.length, resolved.destinationAddresses),
        protocol,
        ports: portsRead ? resolved.ports : ALL_PORTS,
        allPorts: portsRead ? resolved.allPorts : true
    };
}
