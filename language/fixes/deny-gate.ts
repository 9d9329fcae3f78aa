import type { LangiumDocument } from 'langium';
import { denyName } from '../analysis/guardrail-findings.js';
import type { PlanAnalyzer } from '../analysis/plan-analyzer.js';
import { AddressSet } from '../network/addresses.js';
import { ALL_PORTS, formatPorts, parsePortText, portSetOf, subtractPorts, type PortRange, type PortSet } from '../network/ports.js';
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

/**
 * What of an allow rule a quick fix is about to write no deny forbids, as rules naming the same
 * components: the rule itself when no deny meets it; else, for each source and destination
 * component and protocol, the ports no deny meeting that pair takes. Whether a deny takes a pair
 * whole or only some of its addresses, its ports are taken from that pair: no component names the
 * rest, and a fix never writes what a deny forbids. `cut` says whether anything was taken.
 */
export function partsOutsideDenies(analyzer: PlanAnalyzer | undefined, document: LangiumDocument, rule: RuleToWrite): { parts: RuleToWrite[]; cut: boolean } {
    if (denyAgainst(analyzer, document, rule) === undefined) return { parts: [rule], cut: false };
    const sources = rule.source.split(',').map(n => n.trim()), destinations = rule.destination.split(',').map(n => n.trim());
    const ranges = rule.ports.split(',').map(p => parsePortText(p.trim())).filter((p): p is { range: PortRange } & typeof p => 'range' in p).map(p => p.range);
    const transports = rule.protocol === 'tcp/udp' ? ['tcp', 'udp'] as const : rule.protocol === 'tcp' || rule.protocol === 'udp' ? [rule.protocol] : [];
    // What the gate cannot read it does not let through (denyAgainst said so).
    if (!analyzer || ranges.length === 0 || transports.length === 0) return { parts: [], cut: true };
    const analyses = analyzer.plansIncluding(document).map(d => analyzer.analysis(d));
    const parts: RuleToWrite[] = [];
    for (const source of sources) for (const destination of destinations) {
        const left = new Map<string, PortSet>();
        for (const transport of transports) {
            let ports: PortSet = portSetOf(ranges);
            for (const { plan, denies } of analyses) {
                const s = plan.facts.instances.get(source)?.addresses, d = plan.facts.instances.get(destination)?.addresses;
                if (!s || !d) { ports = []; break; }
                if (ports.length === 0) continue;
                // The denies the whole of these ports meet: taking one's ports out never makes another meet.
                const traffic: PlanTraffic = { sources: [], destinations: [], sourceAddresses: s, destinationAddresses: d, protocol: transport as PlanTraffic['protocol'], ports, allPorts: false };
                for (const { deny } of denies.meeting(traffic)) ports = subtractPorts(ports, deny.allPorts ? ALL_PORTS : deny.ports);
            }
            if (ports.length > 0) left.set(transport, ports);
        }
        const tcp = left.get('tcp'), udp = left.get('udp');
        if (tcp && udp && formatPorts(tcp) === formatPorts(udp)) parts.push({ source, destination, protocol: 'tcp/udp', ports: formatPorts(tcp) });
        else for (const [protocol, ports] of left) parts.push({ source, destination, protocol, ports: formatPorts(ports) });
    }
    // Each part is checked again at the gate: a fix writes nothing the gate would stop.
    return { parts: parts.filter(p => denyAgainst(analyzer, document, p) === undefined), cut: true };
}
