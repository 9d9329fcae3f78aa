import { AstUtils, type AstNode, type LangiumDocument, type MaybePromise } from 'langium';
import type { CodeLensProvider } from 'langium/lsp';
import type { CodeLens, CodeLensParams, Location } from 'vscode-languageserver';
import { isAllowRule, isInstance, isZone, type SegplanDocument } from '../generated/ast.js';
import type { GroupFlowResult, PlanAnalysis } from '../analysis/analyze-plan.js';
import type { PlanAnalyzer } from '../analysis/plan-analyzer.js';
import { componentFlows, coverageSummary, type ComponentFlow, type CoverageSummary } from '../analysis/coverage-summary.js';
import { ALL_PORTS } from '../network/ports.js';
import type { SegplanServices } from '../segplan-module.js';
import { drawableAnalysis, planRuleOf, flowsServedBy } from './plan-facts.js';
import type { AnalysisViews } from './analysis-views.js';

/** The client command a lens runs: it lists the flows (VS Code: a quick pick that opens the other end). */
export const SHOW_FLOWS_COMMAND = 'segplan.showFlows';

/** One line of the list a lens opens. */
export interface FlowListItem {
    readonly label: string;
    readonly detail?: string;
    /** Where choosing the line goes: the component at the other end, or the rule. */
    readonly location?: Location;
}

export interface FlowList {
    readonly title: string;
    readonly items: readonly FlowListItem[];
}

/** The lines listed per lens: the count in the title is exact, the list says how many it leaves out. */
const LISTED = 200;

function locationOf(node: AstNode | undefined): Location | undefined {
    const range = node?.$cstNode?.range;
    return node && range ? { uri: AstUtils.getDocument(node).uri.toString(), range } : undefined;
}

/** ✓ all allowed, ◐ partly (some of the pairs, or some of the ports or addresses), ✗ nothing. */
function mark(allowed: number, of: number, partly = false): string {
    return allowed === of ? '✓' : allowed === 0 && !partly ? '✗' : '◐';
}

function names(instances: readonly { name: string }[]): string {
    return instances.length <= 3 ? instances.map(i => i.name).join(', ') : `${instances[0].name}, ${instances[1].name} … (${instances.length} components)`;
}

function flowLine(flow: ComponentFlow, arrow: '→' | '←'): FlowListItem {
    const f = flow.result.flow;
    // A flow the rules let through in part (some ports, some addresses) is partly allowed, not blocked.
    const partly = flow.result.status === 'partial' && flow.allowed < flow.others.length;
    const state = flow.allowed > 0 && flow.allowed < flow.others.length ? ` (${flow.allowed} of ${flow.others.length} allowed)` : partly ? ' (partly allowed)' : '';
    return {
        label: `${mark(flow.allowed, flow.others.length, partly)} ${arrow} ${names(flow.others)} ${f.protocols.join('/')} ${f.portText}`,
        detail: `${f.purpose}${state}`,
        location: locationOf(flow.others[0].node)
    };
}

/** "5 flows out, 3 allowed", "1 flow in, all allowed", "0 flows in". */
function counted(n: number, allowed: number, where: string): string {
    return `${n} flow${n === 1 ? '' : 's'}${where ? ` ${where}` : ''}${n === 0 ? '' : allowed === n ? ', all allowed' : `, ${allowed} allowed`}`;
}

function capped(items: FlowListItem[]): FlowListItem[] {
    return items.length <= LISTED ? items : [...items.slice(0, LISTED), { label: `… and ${items.length - LISTED} more (segplan flows lists them all)` }];
}

/**
 * Code lenses: above each component, its flows out and in and how many the allow rules let
 * through; above each zone, the flows crossing its boundary; above each allow rule, how many
 * required flows it serves. Choosing one lists the flows (`segplan.showFlows`).
 */
export class SegplanCodeLensProvider implements CodeLensProvider {
    private readonly analyzer: PlanAnalyzer;
    private readonly views: AnalysisViews;

    constructor(services: SegplanServices) {
        this.analyzer = services.analysis.PlanAnalyzer;
        this.views = services.lsp.AnalysisViews;
    }

    provideCodeLens(document: LangiumDocument, _params: CodeLensParams): MaybePromise<CodeLens[]> {
        const analysis = drawableAnalysis(this.analyzer, document);
        this.views.drew('codeLenses', document, analysis);
        if (!analysis) return [];
        const lenses: CodeLens[] = [];
        // The zone pairs' counts, once for every zone's lens.
        let summary: CoverageSummary | undefined;
        const root = document.parseResult.value as SegplanDocument;
        for (const element of root.elements ?? []) {
            const range = element.$cstNode?.range;
            if (!range) continue;
            const at = { start: range.start, end: range.start };
            const list = isInstance(element) ? this.componentList(analysis, element.name, element)
                : isZone(element) ? this.zoneList(analysis, summary ??= coverageSummary(analysis), element.name, element)
                    : isAllowRule(element) ? this.ruleList(analysis, element)
                        : undefined;
            if (list) lenses.push({ range: at, command: { title: list.title, command: SHOW_FLOWS_COMMAND, arguments: [list.list] } });
        }
        return lenses;
    }

    private componentList(analysis: PlanAnalysis, name: string, node: AstNode): { title: string; list: FlowList } | undefined {
        const instance = analysis.plan.facts.instances.get(name);
        if (!instance || instance.node !== node) return undefined;
        const flows = componentFlows(analysis, instance);
        const title = flows.out.required + flows.in.required === 0 ? 'no flow to or from another zone'
            : `${counted(flows.out.required, flows.out.allowed, 'out')} · ${counted(flows.in.required, flows.in.allowed, 'in')}`;
        const items = [...flows.out.flows.map(f => flowLine(f, '→')), ...flows.in.flows.map(f => flowLine(f, '←'))];
        return { title, list: { title: `${name}: flows to and from other zones`, items: capped(items) } };
    }

    private zoneList(analysis: PlanAnalysis, summary: CoverageSummary, name: string, node: AstNode): { title: string; list: FlowList } | undefined {
        const zone = analysis.plan.facts.zones.get(name);
        if (!zone || zone.node !== node) return undefined;
        const byPair = new Map<string, { total: number; allowed: number; other?: AstNode }>();
        for (const pair of summary.zonePairs) {
            if (pair.from !== name && pair.to !== name) continue;
            const outgoing = pair.from === name;
            const key = outgoing ? `→ ${pair.to}` : `← ${pair.from}`;
            const e = byPair.get(key) ?? { total: 0, allowed: 0, other: analysis.plan.facts.zones.get(outgoing ? pair.to : pair.from)?.node };
            e.total += pair.required;
            e.allowed += pair.allowed;
            byPair.set(key, e);
        }
        const total = [...byPair.values()].reduce((n, e) => n + e.total, 0);
        const allowed = [...byPair.values()].reduce((n, e) => n + e.allowed, 0);
        // A zone with no component yet (every zone of a new plan) has nothing to say.
        if (total === 0 && ![...analysis.plan.facts.instances.values()].some(i => i.zone === zone)) return undefined;
        const title = total === 0 ? 'no flow crosses this zone' : counted(total, allowed, 'across the zone boundary');
        const items = [...byPair].map(([key, e]) => ({ label: `${mark(e.allowed, e.total)} ${key}: ${counted(e.total, e.allowed, '')}`, location: locationOf(e.other) }));
        return { title, list: { title: `zone ${name}: flows across its boundary`, items: capped(items) } };
    }

    private ruleList(analysis: PlanAnalysis, node: Parameters<typeof planRuleOf>[1]): { title: string; list: FlowList } | undefined {
        const rule = planRuleOf(analysis, node);
        if (!rule || !rule.resolved) return undefined;
        const served = flowsServedBy(analysis, rule, rule.allPorts ? ALL_PORTS : rule.ports).filter(f => f.flow.required);
        const count = served.reduce((n, f) => n + f.pairs, 0);
        const title = count === 0 ? 'serves no required flow' : `serves ${count} required flow${count === 1 ? '' : 's'}`;
        const items = served.map((f: GroupFlowResult) => ({
            label: `${f.flow.source.name} → ${f.flow.destination.name} ${f.flow.protocols.join('/')} ${f.flow.portText}`,
            detail: f.flow.purpose,
            location: locationOf(f.flow.destination.node)
        }));
        return { title, list: { title: 'flows this allow rule serves', items: capped(items) } };
    }
}
