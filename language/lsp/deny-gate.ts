import type { LangiumDocument } from 'langium';
import { denyName } from '../analysis/guardrail-findings.js';
import type { PlanAnalyzer } from '../analysis/plan-analyzer.js';
import { AddressSet } from '../network/addresses.js';
import { parsePortText, portSetOf, type PortRange } from '../network/ports.js';
import type { PlanTraffic } from '../plan/plan-model.js';

/** An allow rule a quick fix is about to write: between two components by name. */
export interface RuleToWrite {
    readonly source: string;
    readonly destination: string;
    readonly protocol: string;
    readonly ports: string;
}

/**
 * The one gate every quick fix that writes an allow rule goes through: the deny (of the plan, or
 * of a guardrail it uses, in any plan that includes the file) the rule would let traffic through,
 * or undefined when none. A fix never writes such a rule; the required-flow-denied finding on the
 * deny says what to choose.
 */
export function denyAgainst(analyzer: PlanAnalyzer | undefined, document: LangiumDocument, rule: RuleToWrite): string | undefined {
    if (!analyzer) return undefined;
    for (const planDocument of analyzer.plansIncluding(document)) {
        const analysis = analyzer.analysis(planDocument);
        const plan = analysis.plan;
        // A group of components is written by all its members (`esx1, esx2`).
        const addressesOf = (names: string) => {
            const instances = names.split(',').map(n => plan.facts.instances.get(n.trim()));
            return instances.every(i => !!i) ? AddressSet.unionOf(instances.map(i => i!.addresses)) : undefined;
        };
        const source = addressesOf(rule.source), destination = addressesOf(rule.destination);
        const ranges = rule.ports.split(',').map(p => parsePortText(p.trim())).filter((p): p is { range: PortRange } & typeof p => 'range' in p).map(p => p.range);
        // What the gate cannot read it does not let through.
        if (!source || !destination || ranges.length === 0 || !['tcp', 'udp', 'tcp/udp'].includes(rule.protocol)) return 'a rule SegPlan cannot check against the plan\'s denies';
        const traffic: PlanTraffic = {
            sources: [], destinations: [], sourceAddresses: source, destinationAddresses: destination,
            protocol: rule.protocol as PlanTraffic['protocol'], ports: portSetOf(ranges), allPorts: false
        };
        const [first] = analysis.denies.meeting(traffic);
        if (first) return denyName(first.deny);
    }
    return undefined;
}
