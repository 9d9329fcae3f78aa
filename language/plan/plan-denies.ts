import type { Catalog, CatalogGuardrail, CatalogGuardrailDeny, CatalogGuardrailEndpoint } from '../catalog/catalog-model.js';
import type { UseGuardrail } from '../generated/ast.js';
import { AddressSet } from '../network/addresses.js';
import { ALL_PORTS } from '../network/ports.js';
import { referencedName } from '../scoping/qualified-names.js';
import type { PlanDeny, PlanInstance, PlanPolicy, PlanRuleEndpoint } from './plan-model.js';
import { EVERYTHING, type UnreadReach } from './unread-reach.js';

/**
 * Every deny of a plan, in one shape: its own deny statements (in file order, read or not), then
 * the denies of each built-in guardrail it switches on with `use guardrail` (in the order of the
 * `use` lines, each guardrail once), resolved against the plan's components.
 *
 * A guardrail's side of component types stands for each component of those types (or subtypes)
 * the plan places, one endpoint per component, without those of its `except` types; `any` is any
 * address, without the addresses of the components of its `except` types (`sourceExceptions`,
 * `destinationExceptions`). A `<->` deny gives two denies, one each way. A guardrail deny whose
 * side names types the plan has no component of denies nothing and is left out.
 *
 * Worked out once per analysis, by its second pass (deny-conflicts.ts), which every reader asks.
 */
export function planDenies(policy: PlanPolicy, catalog: Catalog, byType: ByType): readonly PlanDeny[] {
    const result: PlanDeny[] = [...policy.denies];
    const seen = new Set<string>();
    for (const use of policy.guardrailUses) {
        const guardrail = guardrailOf(use, catalog);
        // A line that names no guardrail could stand for any: it forbids nothing, and may have been written to forbid anything.
        if (!guardrail) { result.push(unknownGuardrail(use)); continue; }
        if (seen.has(guardrail.id)) continue;
        seen.add(guardrail.id);
        result.push(...guardrailDenies(byType, guardrail, use));
    }
    return result;
}

/** The guardrail a `use guardrail` line names, when it resolves (otherwise a linking error says so). */
export function guardrailOf(use: UseGuardrail, catalog: Catalog): CatalogGuardrail | undefined {
    if (!use.guardrail?.ref) return undefined;
    return catalog.guardrails.get(referencedName(use.guardrail));
}

/** The plan's components by every type they are. */
type ByType = ReadonlyMap<string, readonly PlanInstance[]>;

/** The denies one guardrail makes in a plan. */
function guardrailDenies(byType: ByType, guardrail: CatalogGuardrail, use: UseGuardrail): PlanDeny[] {
    const result: PlanDeny[] = [];
    guardrail.denies.forEach((deny, index) => {
        const ways: Array<[CatalogGuardrailEndpoint, CatalogGuardrailEndpoint, boolean]> = [[deny.from, deny.to, false]];
        if (deny.bidirectional) ways.push([deny.to, deny.from, true]);
        for (const [from, to, reversed] of ways) {
            const made = denyOf(byType, guardrail, deny, use, from, to, index, reversed);
            if (made) result.push(made);
        }
    });
    return result;
}

function denyOf(
    byType: ByType, guardrail: CatalogGuardrail, deny: CatalogGuardrailDeny, use: UseGuardrail,
    from: CatalogGuardrailEndpoint, to: CatalogGuardrailEndpoint, index: number, reversed: boolean
): PlanDeny | undefined {
    const source = sideOf(byType, from), destination = sideOf(byType, to);
    const sourceAddresses = AddressSet.unionOf(source.endpoints.map(e => e.addresses));
    const destinationAddresses = AddressSet.unionOf(destination.endpoints.map(e => e.addresses));
    // A part of the guardrail that was not read (a type that does not resolve, a port that is not
    // a number, a syntax error): what it could forbid is that part taken as everything.
    const whole = guardrail.readWhole;
    const reach: UnreadReach | undefined = !whole ? EVERYTHING
        : from.read && to.read && deny.portsRead ? undefined
            : {
                sourceAddresses: from.read && !from.any ? sourceAddresses : AddressSet.ANY,
                destinationAddresses: to.read && !to.any ? destinationAddresses : AddressSet.ANY,
                protocol: deny.protocol ?? 'any', ports: deny.portsRead ? deny.ports : ALL_PORTS, allPorts: deny.portsRead ? deny.allPorts : true
            };
    // Something of each side and of its ports read: that part is surely forbidden (a port list of settings alone names no port).
    const forbids = whole && source.endpoints.length > 0 && destination.endpoints.length > 0 && (deny.allPorts || deny.ports.length > 0);
    if (!forbids && !reach) return undefined;
    return {
        node: use,
        sources: source.endpoints, destinations: destination.endpoints,
        sourceAddresses, destinationAddresses,
        sourceExceptions: source.exceptions, destinationExceptions: destination.exceptions,
        protocol: deny.protocol, ports: deny.ports, allPorts: deny.allPorts,
        description: guardrail.displayName,
        guardrail: { id: guardrail.id, name: guardrail.displayName, index, reversed },
        resolved: forbids, notRead: forbids ? undefined : 'guardrail', reach
    };
}

/** A `use guardrail` line that names no guardrail of the catalogs: a deny of nothing known, which could forbid anything. */
function unknownGuardrail(use: UseGuardrail): PlanDeny {
    return {
        node: use, sources: [], destinations: [], sourceAddresses: AddressSet.EMPTY, destinationAddresses: AddressSet.EMPTY,
        sourceExceptions: AddressSet.EMPTY, destinationExceptions: AddressSet.EMPTY,
        protocol: 'any', ports: ALL_PORTS, allPorts: true, description: use.guardrail?.$refText,
        resolved: false, notRead: 'guardrail', reach: EVERYTHING
    };
}

const ANY_ENDPOINT: PlanRuleEndpoint = { label: 'any', addresses: AddressSet.ANY };

function sideOf(byType: ByType, endpoint: CatalogGuardrailEndpoint): { endpoints: PlanRuleEndpoint[]; exceptions: AddressSet } {
    const excluded = new Set<PlanInstance>(endpoint.excludedTypeIds.flatMap(typeId => byType.get(typeId) ?? []));
    if (endpoint.any) {
        return { endpoints: [ANY_ENDPOINT], exceptions: AddressSet.unionOf([...excluded].map(i => i.addresses)) };
    }
    const instances = new Set<PlanInstance>();
    for (const typeId of endpoint.typeIds) for (const instance of byType.get(typeId) ?? []) if (!excluded.has(instance)) instances.add(instance);
    const endpoints = [...instances].map((instance): PlanRuleEndpoint => ({
        label: instance.name, addresses: instance.addresses, zone: instance.zone, instance
    }));
    return { endpoints, exceptions: AddressSet.EMPTY };
}
