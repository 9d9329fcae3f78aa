import { AstUtils } from 'langium';
import type { Catalog, CatalogFlow } from '../catalog/catalog-model.js';
import type { Flow } from '../generated/ast.js';
import type { PlanRequirement } from '../plan/plan-model.js';
import { formatPorts } from '../network/ports.js';
import { startLineOf } from '../parser/node-position.js';

/** The vendor id of the flows a plan states itself: findings and hovers say "this plan". */
export const PLAN_VENDOR = 'plan';
export const PLAN_VENDOR_NAME = 'this plan';

/** A vendor's name as findings and hovers give it; the plan's own requirements are "this plan". */
export function vendorDisplayName(catalog: Catalog, vendorId: string): string {
    return vendorId === PLAN_VENDOR ? PLAN_VENDOR_NAME : catalog.vendors.find(v => v.id === vendorId)?.name ?? vendorId;
}

/**
 * A plan's own requirement in the shape of a catalog flow, so that coverage, findings, rule usage,
 * hovers and rule-set annotations treat it as they treat the vendors' flows. It cites the line of
 * the plan that states it, and goes to it. The first pass makes one per requirement and keeps it
 * while the requirement is kept (Derivation.requirementFlows).
 */
export function requirementFlow(requirement: PlanRequirement): CatalogFlow {
    const node = requirement.node;
    // No node:path here: the diagram view, which runs in a browser, compiles the analysis too.
    const file = AstUtils.getDocument(node).uri.path.split('/').pop() ?? '';
    const line = startLineOf(node) + 1;
    const endpoint = { typeId: '', platforms: [], excludedTypeIds: [] };
    return {
        vendorId: PLAN_VENDOR, from: endpoint, to: endpoint, protocol: requirement.protocol,
        ports: requirement.ports.map(range => ({ kind: 'fixed' as const, range, openEnded: false, text: formatPorts([range]) })),
        purpose: requirement.purpose, featureIds: [],
        conditions: new Set(requirement.installOnly ? ['install-only' as const] : []),
        scope: 'any',
        sources: [{ file, section: `line ${line}`, document: { id: PLAN_VENDOR, title: `the plan's own requirement in ${file}` } }],
        // Where "required by" goes: the plan's `require` line, not a catalog row.
        node: node as unknown as Flow
    };
}
