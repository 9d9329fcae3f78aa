import type { Catalog, CatalogFlowEndpoint } from '../catalog/catalog-model.js';
import type { PlanInstance } from '../plan/plan-model.js';
import type { ComponentGroup } from '../plan/component-groups.js';

/** A component, or a group of components the catalog cannot tell apart. */
type Endpoint = PlanInstance | ComponentGroup;

/**
 * A component of one vendor's product is reached by another vendor's flow only where that flow
 * names the product's own type. Shared types (an admin browser, an NFS share) stand for shared
 * infrastructure, not for another product built on them: an Acronis archive is an NFS share, but
 * Zerto's retention flow to "an NFS share" is not a flow to it; an Acronis web console is an admin
 * browser, but it does not manage Veeam.
 */
function crossesVendors(instance: Endpoint, endpoint: CatalogFlowEndpoint, flowVendor: string, catalog: Catalog): boolean {
    const instanceVendor = catalog.types.get(instance.typeId)?.vendorId;
    if (!instanceVendor || instanceVendor === flowVendor) return false;
    return catalog.types.get(endpoint.typeId)?.vendorId !== instanceVendor;
}

/** Why an instance is not what a flow's endpoint means, or undefined when it is. Also `segplan explain`'s words. */
export function endpointMismatch(instance: Endpoint, endpoint: CatalogFlowEndpoint, catalog: Catalog, flowVendor?: string): string | undefined {
    if (!catalog.ancestorsOf(instance.typeId).has(endpoint.typeId)) return `${instance.typeId} is not a ${endpoint.typeId}`;
    if (flowVendor !== undefined && crossesVendors(instance, endpoint, flowVendor, catalog)) {
        return `${instance.typeId} belongs to another vendor's product; this ${flowVendor} flow names only ${endpoint.typeId}`;
    }
    if (endpoint.excludedTypeIds.length > 0) {
        const ancestors = catalog.ancestorsOf(instance.typeId);
        const excluded = endpoint.excludedTypeIds.find(id => ancestors.has(id));
        if (excluded) return `the flow leaves out ${excluded} (a more specific flow covers it)`;
    }
    if (endpoint.os) {
        const os = instance.os ?? catalog.osOf(instance.typeId);
        // An instance whose OS the plan leaves open needs the flows of either OS.
        if (os && os !== endpoint.os) return `the flow is for ${endpoint.os} and ${instance.name} runs ${os}`;
    }
    if (endpoint.platforms.length > 0 && instance.platform && !endpoint.platforms.includes(instance.platform)) {
        return `the flow is for ${endpoint.platforms.join(', ')} and ${instance.name} is on ${instance.platform}`;
    }
    return undefined;
}
