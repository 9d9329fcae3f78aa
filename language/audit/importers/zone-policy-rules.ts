import type { AddressSet } from '../../network/addresses.js';
import type { PortSet } from '../../network/ports.js';
import type { ConfigLocation, PolicyRule } from '../firewall-policy.js';
import type { Transport } from '../traffic-space.js';

/**
 * The addresses a policy's list of objects stands for; `unknown` when some object's addresses are
 * not known, and then `maybe`, the addresses that only may match besides `set` (undefined: any).
 */
export interface ResolvedAddresses { readonly set: AddressSet; readonly unknown?: string; readonly maybe?: AddressSet }

/** Where a zone-based policy applies: from the addresses behind some zones to those behind others; `why` when it only may. */
export interface PolicyRegion { readonly from: AddressSet; readonly to: AddressSet; readonly why?: string }

/** One service of a policy: its protocols and ports; `unknown` when which of them it matches is not known. */
export interface PolicyPart {
    readonly protocols: readonly Transport[];
    readonly destinationPorts: PortSet;
    readonly sourcePorts: PortSet;
    readonly unknown?: string;
}

/**
 * The rules one zone-based policy (a FortiGate policy, a PAN-OS security rule) stands for: each
 * service over each region its zones or interfaces cover. The addresses known to match decide;
 * where an address object is not known, the rule may also match its `maybe` addresses, or
 * anything of `everyAddress` (a host name, an object defined elsewhere), after them. `unknown`: what the policy does is not
 * known at all; `uncertain`: whether it matches is not (its action is known).
 */
export function zonePolicyRules(policy: {
    readonly parts: readonly PolicyPart[];
    readonly regions: readonly PolicyRegion[];
    readonly sources: ResolvedAddresses;
    readonly destinations: ResolvedAddresses;
    readonly everyAddress: AddressSet;
    readonly action: 'accept' | 'drop';
    readonly unknown?: string;
    readonly uncertain?: string;
    readonly location: ConfigLocation;
}): PolicyRule[] {
    const { sources, destinations, unknown, location } = policy;
    const rules: PolicyRule[] = [];
    const addressDoubt = sources.unknown ?? destinations.unknown;
    const widened = (r: ResolvedAddresses) => !r.unknown ? r.set : r.maybe ? r.set.union(r.maybe) : policy.everyAddress;
    const action = { kind: policy.action };
    for (const part of policy.parts) {
        for (const region of policy.regions) {
            if (region.from.isEmpty || region.to.isEmpty) continue;
            const add = (s: AddressSet, d: AddressSet, why: string | undefined) => {
                const match = {
                    protocols: new Set(part.protocols), sources: s.intersect(region.from), destinations: d.intersect(region.to),
                    destinationPorts: part.destinationPorts, sourcePorts: part.sourcePorts
                };
                if (unknown) rules.push({ match, action, unknown, location });
                else rules.push({ match, action, ...(why ? { uncertain: why } : {}), location });
            };
            const why = policy.uncertain ?? part.unknown ?? region.why;
            add(sources.set, destinations.set, why);
            if (addressDoubt) add(widened(sources), widened(destinations), why ?? addressDoubt);
        }
    }
    return rules;
}
