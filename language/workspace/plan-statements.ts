import { AllowRule, DenyRule, Instance, PortOverride, Requirement, Site, SitePair, UseFeature, UseGuardrail, Zone } from '../generated/ast.js';

/**
 * The statements of a plan (every top-level statement but vendors and platforms): each defines at
 * most its own name (zones, sites, components), and no node below one has a name (the grammar's
 * Address, RuleEndpoint, RuleAddress and PortItem). None of these types has a subtype, so a
 * node's `$type` tells whether it is one (a test holds the grammar to both).
 */
export const PLAN_STATEMENTS: ReadonlySet<string> = new Set([
    Zone.$type, Site.$type, Instance.$type, AllowRule.$type, Requirement.$type, PortOverride.$type, UseFeature.$type, SitePair.$type,
    DenyRule.$type, UseGuardrail.$type
]);
