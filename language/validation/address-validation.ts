import type { ValidationAcceptor } from 'langium';
import { isZone, type Address, type Instance, type RuleAddress, type Zone } from '../generated/ast.js';
import { AddressSet, nonInternetSpace, type AddressProblem } from '../network/addresses.js';
import { parsedAddressOf } from '../parser/address-of-node.js';
import { parsedBlocks } from '../plan/plan-model.js';
import { ObjectSlot } from '../utils/object-slot.js';

export const INVALID_ADDRESS = 'invalid-address';
export const ADDRESS_OUTSIDE_ZONE = 'address-outside-zone';
export const HOST_NAME_IN_ZONE = 'host-name-in-zone';
/** `backup . corp`: the parser would join the labels, but what was meant is not sure (address-of-node.ts). */
export const HOST_NAME_WITH_SPACES = 'host-name-with-spaces';
/** `::ffff:10.0.0.1`: IPv4 traffic written as IPv6; the firewall sees the IPv4 address. */
export const IPV4_MAPPED_ADDRESS = 'ipv4-mapped-address';
/** `fe80::1%eth0`: an interface index means something on one host only. */
export const ADDRESS_WITH_INTERFACE = 'address-with-interface';
/** `010.0.0.1`: decimal to some tools, octal to others. */
export const AMBIGUOUS_IPV4 = 'ambiguous-ipv4';
/** A private, loopback or link-local address given to a host in an `internet` zone. */
export const PRIVATE_ADDRESS_ON_INTERNET = 'private-address-on-internet';

const CODE_OF_PROBLEM: Record<AddressProblem, string> = {
    'ipv4-mapped': IPV4_MAPPED_ADDRESS,
    'interface-index': ADDRESS_WITH_INTERFACE,
    'leading-zero': AMBIGUOUS_IPV4,
    'spaced-host-name': HOST_NAME_WITH_SPACES
};

/** An address of a zone or component, or a bare address in an allow rule. */
export function checkAddress(address: Address | RuleAddress, accept: ValidationAcceptor): void {
    if (address.value === undefined) return; // a syntax error, reported by the parser
    const parsed = parsedAddressOf(address);
    if ('error' in parsed) {
        const code = parsed.problem ? CODE_OF_PROBLEM[parsed.problem] : INVALID_ADDRESS;
        accept('error', parsed.error, { node: address, property: 'value', code, data: { code } });
    } else if (parsed.block.kind === 'host' && isZone(address.$container)) {
        accept('error', `A zone is a network: give it CIDRs or address ranges, not the host name '${address.value}'.`,
            { node: address, property: 'value', code: HOST_NAME_IN_ZONE, data: { code: HOST_NAME_IN_ZONE } });
    }
}

/** A zone's networks, parsed once per parse of its file rather than once per instance placed in it. */
// On the zone node itself (see ObjectSlot): a plan may have 20,000 zones.
const zoneNetworks = new ObjectSlot<Zone, AddressSet>('zone networks');

/** Every IP address of a component instance must lie inside its zone's networks. */
export function checkInstanceInsideZone(instance: Instance, accept: ValidationAcceptor): void {
    const zone: Zone | undefined = instance.zone?.ref;
    if (zone?.internet) return checkInstanceOnInternet(instance, zone, accept);
    if (!zone || zone.addresses.length === 0) return;
    let networks = zoneNetworks.get(zone);
    if (!networks) zoneNetworks.set(zone, networks = AddressSet.of(parsedBlocks(zone.addresses)));
    instance.addresses.forEach((address, index) => {
        if (address.value === undefined) return;
        const parsed = parsedAddressOf(address);
        if (!('block' in parsed) || parsed.block.kind === 'host' || networks.containsBlock(parsed.block)) return;
        const outside = AddressSet.of([parsed.block]).subtract(networks).format();
        accept('error', `${address.value} is outside zone ${zone.name} (${networks.format()})${outside !== address.value ? `: ${outside} lies outside` : ''}. Move the instance to the zone that holds this address, or fix the address.`,
            { node: instance, property: 'addresses', index, code: ADDRESS_OUTSIDE_ZONE, data: { code: ADDRESS_OUTSIDE_ZONE } });
    });
}

/**
 * A host in an `internet` zone is reached over the internet: a private, loopback or link-local
 * address cannot be its address there, and a rule to it would open the firewall to an inside range.
 */
function checkInstanceOnInternet(instance: Instance, zone: Zone, accept: ValidationAcceptor): void {
    instance.addresses.forEach((address, index) => {
        if (address.value === undefined) return;
        const parsed = parsedAddressOf(address);
        const space = 'block' in parsed ? nonInternetSpace(parsed.block) : undefined;
        if (space) {
            accept('error', `${address.value} is a ${space.name} address (${space.cidr}), but ${instance.name} is in the internet zone ${zone.name}: `
                + `write the public address it is reached at, or put ${instance.name} in an internal zone.`,
            { node: instance, property: 'addresses', index, code: PRIVATE_ADDRESS_ON_INTERNET, data: { code: PRIVATE_ADDRESS_ON_INTERNET } });
        }
    });
}
