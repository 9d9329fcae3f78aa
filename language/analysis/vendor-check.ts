import type { Catalog } from '../catalog/catalog-model.js';
import type { Plan, PlanInstance, PlanRule } from '../plan/plan-model.js';
import type { FlowResultOf } from './cover-requirements.js';
import type { RequirementEndpoint } from './required-flows.js';
import type { RuleUsage } from './rule-findings.js';
import type { Finding } from './finding.js';

/** What a vendor check sees: the plan, the catalog and the core analysis. */import type { PlanPlatforms } from './component-platforms.js';

export interface VendorCheckContext {
    readonly plan: Plan;
    readonly catalog: Catalog;
    /** The requirements, by group of components the catalog cannot tell apart (a group's addresses are all its members'). */
    readonly flows: readonly FlowResultOf<RequirementEndpoint>[];
    readonly ruleUsage: ReadonlyMap<PlanRule, RuleUsage>;
    /** What each component runs on where the plan leaves it open, as the first pass worked it out. */
    readonly platforms: PlanPlatforms;
    /** The plan's components of a type (or a subtype of it), in plan order: worked out once by the first pass. */
    instancesOf(typeId: string): readonly PlanInstance[];
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

/** The vendors whose components a plan places. */
export function vendorsOf(plan: Plan, catalog: Catalog): Set<string> {
    const vendors = new Set<string>();
    for (const instance of plan.facts.instances.values()) {
        const vendor = catalog.types.get(instance.typeId)?.vendorId;
        if (vendor !== undefined) vendors.add(vendor);
    }
    return vendors;
}
