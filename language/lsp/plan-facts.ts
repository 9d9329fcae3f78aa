import type { LangiumDocument } from 'langium';
import type { AllowRule } from '../generated/ast.js';
import type { Catalog, CatalogCitation, CatalogFlow, CatalogType } from '../catalog/catalog-model.js';
import { catalogPortText } from '../catalog/catalog-model.js';
import type { PlanAnalysis, FlowResult, GroupFlowResult } from '../analysis/analyze-plan.js';
import type { PlanAnalyzer } from '../analysis/plan-analyzer.js';
import { PlanTooLargeError } from '../analysis/analysis-budget.js';
import { RuleIndex, coverFlow } from '../analysis/coverage.js';
import { formatCitation } from '../analysis/finding.js';
import { vendorDisplayName } from '../analysis/plan-requirements.js';
import { isDocumentUrl } from '../catalog/document-url.js';
import type { PlanInstance, PlanRule, PlanRuleEndpoint } from '../plan/plan-model.js';
import { portSetOf, portsOverlap, subtractPorts, type PortSet } from '../network/ports.js';

// Facts about a plan that several editor features share: which analysis a file belongs to, which
// requirements an allow rule reaches, how catalog things read in a tooltip.

/** The analysis that covers a file: its own when it is a plan, else the first plan importing it. */
export function analysisFor(analyzer: PlanAnalyzer, document: LangiumDocument): PlanAnalysis | undefined {
    const plan = planOf(analyzer, document);
    return plan ? analyzer.analysis(plan) : undefined;
}

/** The plan whose analysis covers a file: the file itself when it is a plan, else the first plan importing it. */
export function planOf(analyzer: PlanAnalyzer, document: LangiumDocument): LangiumDocument | undefined {
    return analyzer.isPlan(document) ? document : analyzer.plansIncluding(document)[0];
}

/** analysisFor, or none for a plan beyond the analysis budget (its error stands on its first line; no hint or lens then). */
export function drawableAnalysis(analyzer: PlanAnalyzer, document: LangiumDocument): PlanAnalysis | undefined {
    try {
        return analysisFor(analyzer, document);
    } catch (error) {
        if (error instanceof PlanTooLargeError) return undefined;
        throw error;
    }
}

export function planRuleOf(analysis: PlanAnalysis, node: AllowRule): PlanRule | undefined {
    return analysis.plan.policy.rules.find(r => r.node === node);
}

/** Whether an allow rule endpoint stands for (or contains) a component instance. */
export function endpointReaches(endpoint: PlanRuleEndpoint, instance: PlanInstance): boolean {
    return endpoint.instance === instance || endpoint.addresses.contains(instance.addresses);
}

export function ruleCarriesProtocol(ruleProtocol: string, flowProtocols: readonly string[]): boolean {
    return ruleProtocol === 'any' || ruleProtocol === 'tcp/udp' || flowProtocols.includes(ruleProtocol);
}

/**
 * Required, zone-crossing flows between a rule's endpoints that its protocol could carry, in the
 * analysis' order. Completing the ports of an allow rule asks this at every keystroke: the flows
 * are looked up by source component (the rule's endpoints are tested once per component, not once
 * per flow — a 10,000-component plan has some 50,000 flows).
 */
export function flowsBetween(analysis: PlanAnalysis, rule: PlanRule): FlowResult[] {
    const flows = analysis.flows;
    const bySource = analysis.views.flowsBySource;
    const found: number[] = [];
    const reached = new Map<PlanInstance, boolean>();
    for (const [source, places] of bySource) {
        if (!rule.sources.some(s => endpointReaches(s, source))) continue;
        for (const i of places) {
            const flow = flows[i].flow;
            if (!flow.required || !flow.crossesZones || !ruleCarriesProtocol(rule.protocol, flow.protocols)) continue;
            let reaches = reached.get(flow.destination);
            if (reaches === undefined) reached.set(flow.destination, reaches = rule.destinations.some(d => endpointReaches(d, flow.destination)));
            if (reaches) found.push(i);
        }
    }
    return found.sort((a, b) => a - b).map(i => flows[i]);
}

export interface MissingPorts {
    readonly flow: FlowResult;
    readonly ports: PortSet;
}

/**
 * What the other allow rules leave blocked between a rule's endpoints, minus the ports the rule
 * already names: the ports worth proposing while the rule is being written. The rule itself is left
 * out of the coverage because a rule without ports allows every port.
 */
export function portsStillNeeded(analysis: PlanAnalysis, rule: PlanRule): MissingPorts[] {
    const others = new RuleIndex(analysis.plan.policy.rules.filter(r => r !== rule));
    const own = rule.allPorts ? [] : rule.ports;
    const result: MissingPorts[] = [];
    for (const f of flowsBetween(analysis, rule)) {
        const coverage = coverFlow(f.flow, others);
        const gaps = coverage.gaps.filter(g => rule.protocol === 'any' || rule.protocol === 'tcp/udp' || g.protocol === rule.protocol);
        const blocked = subtractPorts(portSetOf(gaps.flatMap(g => [...g.ports])), own);
        if (blocked.length > 0) result.push({ flow: f, ports: blocked });
    }
    return result;
}

/**
 * Requirements a port range of a rule lets through, by component group (each stands for `pairs`
 * flows): from the group flows each rule contributes to (indexed once per analysis, not per rule or port asked).
 */
export function flowsServedBy(analysis: PlanAnalysis, rule: PlanRule, ports: PortSet): GroupFlowResult[] {
    return (analysis.views.groupFlowsByRule.get(rule) ?? []).filter(f => portsOverlap(f.flow.ports, ports) && ruleCarriesProtocol(rule.protocol, f.flow.protocols));
}

export function conditionsOf(flow: CatalogFlow): string[] {
    const conditions: string[] = [...flow.conditions];
    if (flow.featureIds.length) conditions.push(`when ${flow.featureIds.join(', ')}`);
    return conditions;
}

/** `BackupServer → Proxy tcp 6160`, with the types' display names. */
export function catalogFlowLine(catalog: Catalog, flow: CatalogFlow): string {
    const name = (id: string) => catalog.types.get(id)?.displayName ?? id;
    return `${name(flow.from.typeId)} → ${name(flow.to.typeId)} ${flow.protocol} ${flow.ports.map(catalogPortText).join(', ')}`;
}

/** A flow's citations as Markdown: the document's title (a link where the document is public), publisher and edition, section, row. */
export function citationsOf(flow: CatalogFlow): string {
    return [...new Set(flow.sources.map(citationMarkdown))].join('; ');
}

/** Markdown text: the characters that would start markup are escaped. */
function md(text: string): string {
    return text.replace(/[\\`*_{}[\]()#+!|<>]/g, m => `\\${m}`);
}

export function citationMarkdown(c: CatalogCitation): string {
    const d = c.document;
    if (!d) return md(formatCitation(c));
    const by = [d.publisher, d.edition].filter(Boolean).join(', ');
    // Only a checked http(s) address becomes a link (project validation: document-url).
    const linked = d.url && isDocumentUrl(d.url) ? `[${md(d.title)}](${d.url})` : `_${md(d.title)}_`;
    return `${linked}${by ? ` (${md(by)})` : ''}, ${md(`"${c.section}"${c.row !== undefined ? ` row ${c.row}` : ''}`)}`;
}

/** Markdown documentation of a component type: description and its flows in and out. */
export function typeDocumentation(catalog: Catalog, type: CatalogType): string {
    const ancestors = catalog.ancestorsOf(type.id);
    const flows = catalog.flowsTouching(type.id);
    const out = flows.filter(f => ancestors.has(f.from.typeId));
    const into = flows.filter(f => ancestors.has(f.to.typeId));
    const name = (id: string) => catalog.types.get(id)?.displayName ?? id;
    const line = (f: CatalogFlow, other: string) =>
        `- ${other} ${f.protocol} ${f.ports.map(catalogPortText).join(', ')}: ${f.purpose}${conditionsOf(f).length ? ` _(${conditionsOf(f).join(', ')})_` : ''}`;
    const parts = [`**${type.displayName}** (\`${type.id}\`, ${vendorDisplayName(catalog, type.vendorId)})`];
    if (type.abstract) parts.push('_A role that concrete components play; not placeable itself._');
    if (type.description) parts.push(type.description);
    if (type.aliases.length) parts.push(`Also known as: ${type.aliases.join(', ')}`);
    if (out.length) parts.push(`Flows out:\n${out.map(f => line(f, `→ ${name(f.to.typeId)}`)).join('\n')}`);
    if (into.length) parts.push(`Flows in:\n${into.map(f => line(f, `← ${name(f.from.typeId)}`)).join('\n')}`);
    return parts.join('\n\n');
}
