import type { ValidationAcceptor } from 'langium';
import { isZone, type Address, type Instance, type Zone } from '../generated/ast.js';
import { AddressSet, parseAddress } from '../model/addresses.js';
import { parsedBlocks } from '../plan/plan-model.js';

export const INVALID_ADDRESS = 'invalid-address';
export const ADDRESS_OUTSIDE_ZONE = 'address-outside-zone';
export const HOST_NAME_IN_ZONE = 'host-name-in-zone';

export function checkAddress(address: Address, accept: ValidationAcceptor): void {
    if (address.value === undefined) return; // a syntax error, reported by the parser
    const parsed = parseAddress(address.value);
    if ('error' in parsed) {
        accept('error', parsed.error, { node: address, property: 'value', code: INVALID_ADDRESS, data: { code: INVALID_ADDRESS } });
    } else if (parsed.block.kind === 'host' && isZone(address.$container)) {
        accept('error', `A zone is a network: give it CIDRs or address ranges, not the host name '${address.value}'.`,
            { node: address, property: 'value', code: HOST_NAME_IN_ZONE, data: { code: HOST_NAME_IN_ZONE } });
    }
}

/** Every IP address of a component instance must lie inside its zone's networks. */
/** A zone's networks, parsed once per parse of its file rather than once per instance placed in it. */
const zoneNetworks = new WeakMap<Zone, AddressSet>();

export function checkInstanceInsideZone(instance: Instance, accept: ValidationAcceptor): void {
    const zone: Zone | undefined = instance.zone?.ref;
    if (!zone || zone.internet || zone.addresses.length === 0) return;
    let networks = zoneNetworks.get(zone);
    if (!networks) zoneNetworks.set(zone, networks = AddressSet.of(parsedBlocks(zone.addresses)));
    instance.addresses.forEach((address, index) => {
        if (address.value === undefined) return;
        const parsed = parseAddress(address.value);
        if (!('block' in parsed) || parsed.block.kind === 'host') return;
        const own = AddressSet.of([parsed.block]);
        if (!networks.contains(own)) {
            const outside = own.subtract(networks).format();
            accept('error', `${address.value} is outside zone ${zone.name} (${networks.format()})${outside !== address.value ? `: ${outside} lies outside` : ''}. Move the instance to the zone that holds this address, or fix the address.`,
                { node: instance, property: 'addresses', index, code: ADDRESS_OUTSIDE_ZONE, data: { code: ADDRESS_OUTSIDE_ZONE } });
        }
    });
}
