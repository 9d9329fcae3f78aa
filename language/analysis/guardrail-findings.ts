import { AstUtils, type AstNode } from 'langium';
import type { Catalog } from '../catalog/catalog-model.js';
import { AddressSet } from '../network/addresses.js';
import { formatPorts } from '../network/ports.js';
import { startLineOf } from '../parser/node-position.js';
import type { PlanDeny, PlanRule, PlanTraffic } from '../plan/plan-model.js';
import { flowTraffic, type DenyConflicts } from './deny-conflicts.js';
import { narrowingOf, type Narrowing } from './deny-narrowing.js';
import { formatCitations, withMessage, type Finding } from './finding.js';
import { PLAN_VENDOR, vendorDisplayName } from './plan-requirements.js';
import type { TrafficOverlap } from './traffic-overlap.js';

/** An allow rule lets through traffic a deny (the plan's or a guardrail's) forbids. */
export const GUARDRAIL_VIOLATED = 'guardrail-violated';
/** A required flow (a vendor's, or the plan's own `require`) falls inside a deny. */
export const REQUIRED_FLOW_DENIED = 'required-flow-denied';

/**
 * The findings of a plan's denies (where they meet the allow rules and the required flows, as the
 * second pass worked out: deny-conflicts.ts): on each allow rule that lets any denied traffic
 * through (with the overlap, and what is left of the rule without it where that can be written
 * exactly), and on each deny that forbids a required flow (citing the flow's source; the engineer
 * chooses).
 */
export function guardrailFindings(catalog: Catalog, conflicts: DenyConflicts): Finding[] {
    const findings: Finding[] = [];
    for (const [rule, meetings] of conflicts.rules) for (const { deny, overlap } of meetings) findings.push(violation(rule, deny, overlap));
    for (const [flow, meetings] of conflicts.flows) {
        for (const { deny, overlap } of meetings) {
            const required = `${flow.source.name} → ${flow.destination.name} ${describeTransports(overlap)} (${flow.purpose})`;
            const vendor = flow.catalogFlows.map(f => f.vendorId).find(v => v !== PLAN_VENDOR) ? vendorDisplayName(catalog, flow.catalogFlows[0].vendorId) : 'this plan';
            findings.push(withMessage(
                { code: REQUIRED_FLOW_DENIED, severity: 'error', node: deny.node, installOnly: flow.installOnly },
                () => `${capitalized(denyName(deny))} forbids what ${vendor} requires: ${required}, ${formatCitations(flow.sources)}. `
                    + `Either accept that it stays blocked (with a reason), or narrow the deny so that it leaves this flow out.`,
                () => [
                    ...flow.catalogFlows.map(f => ({ node: f.node as AstNode, message: `required by ${f.vendorId === PLAN_VENDOR ? 'the plan' : vendorDisplayName(catalog, f.vendorId)}: ${f.purpose}` })),
                    { node: flow.source.node, message: `${flow.source.name}, where the flow starts` }
                ],
                () => narrowData(deny.guardrail ? undefined : narrowedDeny(deny, flowTraffic(flow)))
            ));
        }
    }
    return findings;
}

function violation(rule: PlanRule, deny: PlanDeny, overlap: TrafficOverlap): Finding {
    let narrowed: Narrowing | undefined;
    const narrow = () => narrowed ??= narrowingOf(rule, deny);
    return withMessage(
        { code: GUARDRAIL_VIOLATED, severity: 'error', node: rule.node },
        () => {
            const side = (endpoints: PlanRule['sources'], addresses: AddressSet, exceptions: AddressSet) => {
                const labels = endpoints.filter(e => e.addresses.intersects(addresses)).map(e => e.label).join(', ');
                const text = sideText(addresses, exceptions);
                return labels === text ? labels : `${labels} (${text})`;
            };
            const result = narrow();
            const how = 'cannot' in result ? ` SegPlan cannot narrow this rule exactly (${result.cannot}): change the rule or the deny by hand.` : '';
            return `This allow rule lets through what ${denyName(deny)} forbids: ${describeTransports(overlap)} `
                + `from ${side(rule.sources, overlap.sources, overlap.sourceExceptions)} to ${side(rule.destinations, overlap.destinations, overlap.destinationExceptions)}.${how}`;
        },
        () => [{ node: deny.node, message: denyName(deny) }],
        () => narrowData(narrow())
    );
}

/** What a quick fix reads: what is left of the statement (the editor writes it: lsp/narrowed-statement.ts), or why nothing exact is. */
function narrowData(narrowed: Narrowing | undefined): Record<string, unknown> {
    if (!narrowed) return { cannot: 'a built-in guardrail is not narrowed: switch it off (remove its `use guardrail` line) or accept the conflict' };
    return 'left' in narrowed ? { left: narrowed.left } : { cannot: narrowed.cannot };
}

/** The deny statement without the required flow, where that can be written exactly. */
function narrowedDeny(deny: PlanDeny, flow: PlanTraffic): Narrowing | undefined {
    if (deny.node.$type !== 'DenyRule') return undefined;
    return narrowingOf(deny, { ...flow, sourceExceptions: AddressSet.EMPTY, destinationExceptions: AddressSet.EMPTY });
}

/** `the deny on line 12 ("no SSH from production")`, or `guardrail veeam.HardenedRepositorySsh ("…")`. */
export function denyName(deny: PlanDeny): string {
    if (deny.guardrail) return `guardrail ${deny.guardrail.id} ("${deny.guardrail.name}")`;
    const file = AstUtils.getDocument(deny.node).uri.path.split('/').pop() ?? '';
    const reason = deny.description ? ` ("${deny.description}")` : '';
    return `the deny on line ${startLineOf(deny.node) + 1} of ${file}${reason}`;
}

/** `tcp 22, udp 53`, or `every protocol` when both are `any` with all ports. */
export function describeTransports(overlap: Pick<TrafficOverlap, 'protocols' | 'ports'>): string {
    return overlap.protocols.map(p => (p === 'other' ? 'protocols without ports (ICMP, …)' : `${p} ${formatPorts(overlap.ports)}`)).join(', ');
}

function capitalized(text: string): string {
    return text.charAt(0).toUpperCase() + text.slice(1);
}

function sideText(addresses: PlanTraffic['sourceAddresses'], exceptions: PlanTraffic['sourceAddresses']): string {
    return exceptions.isEmpty ? addresses.format() : `${addresses.format()} except ${exceptions.format()}`;
}
