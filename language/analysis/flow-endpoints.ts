import type { Catalog, CatalogFlowEndpoint } from '../catalog/catalog-model.js';
import type { PlanInstance } from '../plan/plan-model.js';
import type { ComponentGroup } from '../plan/component-groups.js';
import type { PlanPlatforms } from './component-platforms.js';

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

/**
 * Why an instance is not what a flow's endpoint means, or undefined when it is. Also `segplan
 * explain`'s words. With the plan's platforms, a component written without `on` is on the
 * platform the plan's other components name, or, where they do not tell, matches no endpoint
 * that names platforms (component-platforms.ts).
 */
export function endpointMismatch(instance: Endpoint, endpoint: CatalogFlowEndpoint, catalog: Catalog, flowVendor?: string, platforms?: PlanPlatforms): string | undefined {
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
    if (endpoint.platforms.length > 0) {
        const platform = instance.platform ?? platforms?.platformOf(instance);
        if (platform && !endpoint.platforms.includes(platform)) {
            return `the flow is for ${endpoint.platforms.join(', ')} and ${instance.name} is on ${platform}${instance.platform ? '' : ' (the platform the plan\'s other components name)'}`;
        }
        if (!platform && platforms?.undecided(instance)) return `the flow is for ${endpoint.platforms.join(', ')} and the plan does not say what ${instance.name} runs on (write \`on …\`)`;
    }
    return undefined;
}
