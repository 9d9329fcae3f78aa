import type { Catalog } from '../catalog/catalog-model.js';
import type { Plan, PlanRule } from '../plan/plan-model.js';
import type { FlowResultOf } from './cover-requirements.js';
import type { RequirementEndpoint } from './required-flows.js';
import type { RuleUsage } from './rule-findings.js';
import type { Finding } from './finding.js';

/** What a vendor check sees: the plan, the catalog and the core analysis. */
export interface VendorCheckContext {
    readonly plan: Plan;
    readonly catalog: Catalog;
    /** The requirements, by group of components the catalog cannot tell apart (a group's addresses are all its members'). */
    readonly flows: readonly FlowResultOf<RequirementEndpoint>[];
    readonly ruleUsage: ReadonlyMap<PlanRule, RuleUsage>;
}

/**
 * A vendor's own hardening advice, checked against a plan. Each lives beside its vendor's catalog
 * (`language/checks/<vendor>-checks.ts`), cites the vendor document in its messages, and runs only
 * when the plan uses that vendor.
 */
export interface VendorCheck {
    readonly vendorId: string;
    readonly code: string;
    readonly run: (context: VendorCheckContext) => Finding[];
    /**
     * Core finding codes this check says better, with the vendor's citation: where the check
     * reports a plan element, the core's findings of these codes on that element are dropped.
     */
    readonly supersedes?: readonly string[];
}

/** The vendors each plan places, read once per plan and catalog: every vendor's checks ask. */
const vendorsOfPlan = new WeakMap<Plan, { catalog: Catalog; vendors: Set<string> }>();

/** Whether the plan places any component of the vendor. */
export function planUsesVendor(context: VendorCheckContext, vendorId: string): boolean {
    let known = vendorsOfPlan.get(context.plan);
    if (!known || known.catalog !== context.catalog) {
        const vendors = new Set<string>();
        for (const instance of context.plan.instances.values()) {
            const vendor = context.catalog.types.get(instance.typeId)?.vendorId;
            if (vendor !== undefined) vendors.add(vendor);
        }
        vendorsOfPlan.set(context.plan, known = { catalog: context.catalog, vendors });
    }
    return known.vendors.has(vendorId);
}
