import type { AddressSet } from '../network/addresses.js';
import { ANY_ZONE, endpointOf, type RuleSet, type RuleSetEndpoint, type RuleSetRule } from './rule-set.js';

/**
 * The rule set's rules and denies as a firewall that places them by zone sees them (PAN-OS and
 * FortiGate zone pairs, the ASA's access list per interface, Azure's NSG per zone): a firewall
 * puts each address in the most specific zone that holds it, so a rule whose addresses lie partly
 * in a zone nested in its own (`allow a -> c` with `zone c5` inside `c`) is written once more for
 * each such zone pair, with the addresses that lie there (nested-zones.ts). A rule whose
 * addresses lie in no nested zone is as the rule set has it; a plan without nested zones gives
 * the rule set's own lists.
 */
export interface DeviceZoneRules {
    readonly rules: readonly RuleSetRule[];
    readonly denies: readonly RuleSetRule[];
}

export function onDeviceZones(ruleSet: RuleSet): DeviceZoneRules {
    const nested = ruleSet.nestedZones;
    if (!nested?.any) return { rules: ruleSet.rules, denies: ruleSet.denies };
    const parts = new Map<string, RuleSetEndpoint>();
    /** A part of an endpoint that lies in a nested zone: an endpoint of its own, named for where it lies. */
    const partOf = (e: RuleSetEndpoint, zone: string, addresses: AddressSet): RuleSetEndpoint => {
        const key = `${e.key}@${zone}`;
        let part = parts.get(key);
        if (!part) parts.set(key, part = endpointOf(key, `${e.name}-in-${zone}`, e.kind, zone, addresses));
        return part;
    };
    /** One side, by the zone each of its addresses lies in on the device. */
    const sideByZone = (zone: string, endpoints: readonly RuleSetEndpoint[]): Array<{ zone: string; endpoints: readonly RuleSetEndpoint[] }> => {
        if (zone === ANY_ZONE) return [{ zone, endpoints }];
        const own: RuleSetEndpoint[] = [], others = new Map<string, RuleSetEndpoint[]>();
        for (const e of endpoints) {
            const found = nested.partsOf(e.addresses, e.zone === ANY_ZONE ? zone : e.zone);
            // What stays in its own zone is written as the endpoint itself (the whole of it: a
            // firewall never sees the nested zones' addresses in its own zone).
            if (found.parts.size === 0 || !found.rest.isEmpty) own.push(e);
            for (const [other, addresses] of found.parts) {
                const list = others.get(other) ?? [];
                list.push(partOf(e, other, addresses));
                others.set(other, list);
            }
        }
        if (others.size === 0) return [{ zone, endpoints }];
        return [...(own.length ? [{ zone, endpoints: own }] : []), ...[...others].map(([z, list]) => ({ zone: z, endpoints: list }))];
    };
    const each = (list: readonly RuleSetRule[]): readonly RuleSetRule[] => {
        let changed = false;
        const out: RuleSetRule[] = [];
        for (const rule of list) {
            const sources = sideByZone(rule.sourceZone, rule.sources), destinations = sideByZone(rule.destinationZone, rule.destinations);
            if (sources.length === 1 && destinations.length === 1 && sources[0].endpoints === rule.sources && destinations[0].endpoints === rule.destinations) {
                out.push(rule);
                continue;
            }
            changed = true;
            for (const s of sources) {
                for (const d of destinations) {
                    out.push({ ...rule, sourceZone: s.zone, destinationZone: d.zone, sources: s.endpoints, destinations: d.endpoints });
                }
            }
        }
        return changed ? out : list;
    };
    return { rules: each(ruleSet.rules), denies: each(ruleSet.denies) };
}
