import { AstUtils, type AstNode } from 'langium';
import type { Catalog } from '../catalog/catalog-model.js';
import { AddressSet } from '../network/addresses.js';
import { formatAddresses } from '../network/outside-zones.js';
import { formatPorts } from '../network/ports.js';
import { startLineOf } from '../parser/node-position.js';
import type { Plan, PlanDeny, PlanRule, PlanRuleEndpoint, PlanTraffic } from '../plan/plan-model.js';
import { flowTraffic, type DenyConflicts } from './deny-conflicts.js';
import { narrowedWithout, type Narrowed } from './deny-narrowing.js';
import { formatCitations, type Finding } from './finding.js';
import { withMessage } from './finding-written-when-read.js';
import { PLAN_VENDOR, vendorDisplayName } from './plan-requirements.js';
import type { TrafficOverlap } from './traffic-overlap.js';

/** An allow rule lets through traffic a deny (the plan's or a guardrail's) forbids. */
export const GUARDRAIL_VIOLATED = 'guardrail-violated';
/** A required flow (a vendor's, or the plan's own `require`) falls inside a deny. */
export const REQUIRED_FLOW_DENIED = 'required-flow-denied';

/**
 * The findings of a plan's denies (where they meet, as the cover pass worked out: deny-conflicts.ts): on each allow rule that lets any denied traffic through (with
 * the overlap, and the rule rewritten without it where that can be written exactly), and on each
 * deny that forbids a required flow (citing the flow's source; the engineer chooses).
 */
export function guardrailFindings(plan: Plan, catalog: Catalog, conflicts: DenyConflicts): Finding[] {
    if (conflicts.rules.size === 0 && conflicts.flows.size === 0) return [];
    const findings: Finding[] = [];
    const zones = zonesForAny(plan);
    const outside = [...plan.facts.zones.values()].find(z => z.internet)?.networks;
    for (const [rule, meetings] of conflicts.rules) for (const { deny, overlap } of meetings) findings.push(violation(rule, deny, overlap, zones, outside));
    for (const [flow, meetings] of conflicts.flows) {
        const traffic = flowTraffic(flow);
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
                () => narrowData(deny.guardrail ? undefined : narrowedDeny(deny, traffic, zones))
            ));
        }
    }
    return findings;
}

/**
 * The plan's zones as what `any` may be narrowed to, when they hold every address between them:
 * with an internet zone (every address outside the others), `any` less the internet is the plan's
 * other zones. Without one, `any` also holds addresses no zone names.
 */
function zonesForAny(plan: Plan): readonly Pick<PlanRuleEndpoint, 'label' | 'addresses'>[] | undefined {
    const zones = [...plan.facts.zones.values()];
    if (!zones.some(z => z.internet)) return undefined;
    return zones.map(z => ({ label: z.name, addresses: z.members }));
}

function violation(rule: PlanRule, deny: PlanDeny, overlap: TrafficOverlap, zones: ReturnType<typeof zonesForAny>, outside: AddressSet | undefined): Finding {
    let narrowed: Narrowed | undefined;
    const narrow = () => narrowed ??= narrowedWithout({ node: rule.node, traffic: rule, anyAs: zones }, deny);
    return withMessage(
        { code: GUARDRAIL_VIOLATED, severity: 'error', node: rule.node },
        () => {
            const side = (endpoints: PlanRule['sources'], addresses: AddressSet, exceptions: AddressSet) => {
                const labels = endpoints.filter(e => e.addresses.intersects(addresses)).map(e => e.label).join(', ');
                const text = sideText(addresses, exceptions, outside);
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

/** What a quick fix reads: the replacing lines, or why there are none. */
function narrowData(narrowed: Narrowed | undefined): Record<string, unknown> {
    if (!narrowed) return { cannot: 'a built-in guardrail is not narrowed: switch it off (remove its `use guardrail` line) or accept the conflict' };
    return 'lines' in narrowed ? { lines: narrowed.lines } : { cannot: narrowed.cannot };
}

/** The deny statement without the required flow, where that can be written exactly. */
function narrowedDeny(deny: PlanDeny, flow: PlanTraffic, zones: ReturnType<typeof zonesForAny>): Narrowed | undefined {
    if (deny.node.$type !== 'DenyRule') return undefined;
    return narrowedWithout({ node: deny.node, traffic: deny, anyAs: zones }, { ...flow, sourceExceptions: AddressSet.EMPTY, destinationExceptions: AddressSet.EMPTY });
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

function sideText(addresses: AddressSet, exceptions: AddressSet, outside: AddressSet | undefined): string {
    const text = formatAddresses(addresses, outside);
    return exceptions.isEmpty ? text : `${text} except ${exceptions.format()}`;
}
