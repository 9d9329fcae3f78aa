import { AstUtils, CstUtils, type AstNode, type DocumentationProvider, type LangiumDocument } from 'langium';
import { AstNodeHoverProvider } from 'langium/lsp';
import type { Hover, HoverParams } from 'vscode-languageserver';
import {
    isAddress, isAllowRule, isDenyRule, isUseGuardrail, isComponentType, isFlow, isInstance, isPortItem, isRuleAddress, isSite, isZone,
    type Address, type AllowRule, type ComponentType, type Instance, type PortItem, type RuleAddress, type Site, type Zone
} from '../generated/ast.js';
import { isHostName } from '../parser/address-of-node.js';
import type { PlanAnalyzer } from '../analysis/plan-analyzer.js';
import { vendorDisplayName } from '../analysis/plan-requirements.js';
import type { FlowResult, PlanAnalysis } from '../analysis/analyze-plan.js';
import { bindingWords, explainFlows } from '../analysis/explain-flows.js';
import { qualifiedName } from '../scoping/qualified-names.js';
import { formatPorts, parsePortText, portSetOf, type PortSet } from '../network/ports.js';
import type { SegplanServices } from '../segplan-module.js';
import type { PlanRule } from '../plan/plan-model.js';
import { whyNotRead } from '../plan/rule-not-read.js';
import { denyHover, guardrailHover } from './guardrail-hover.js';
import {
    analysisFor, catalogFlowLine, citationsOf, conditionsOf, flowsServedBy, planRuleOf, typeDocumentation
} from './plan-facts.js';

/**
 * Hovers that answer "why": what a port of an allow rule is for, what a component needs, what a
 * zone holds and which flows cross it, and which requirements a rule covers.
 */
export class SegplanHoverProvider extends AstNodeHoverProvider {
    private readonly analyzer: PlanAnalyzer;
    private readonly documentation: DocumentationProvider;

    constructor(services: SegplanServices) {
        super(services);
        this.analyzer = services.analysis.PlanAnalyzer;
        this.documentation = services.documentation.DocumentationProvider;
    }

    override async getHoverContent(document: LangiumDocument, params: HoverParams): Promise<Hover | undefined> {
        const root = document.parseResult.value.$cstNode;
        if (!root) return undefined;
        const offset = document.textDocument.offsetAt(params.position);
        const leaf = CstUtils.findLeafNodeAtOffset(root, offset);
        if (!leaf) return undefined;
        const portItem = AstUtils.getContainerOfType(leaf.astNode, isPortItem);
        if (portItem && portItem.value !== undefined) {
            const value = this.portHover(document, portItem);
            if (value) return { contents: { kind: 'markdown', value }, range: portItem.$cstNode?.range };
        }
        const declared = await super.getHoverContent(document, params);
        if (declared) return declared;
        const address = AstUtils.getContainerOfType(leaf.astNode, isAddress);
        if (address && !leaf.hidden && isInstance(address.$container) && isHostName(address)) {
            return { contents: { kind: 'markdown', value: hostNameHover(address, address.$container) }, range: address.$cstNode?.range };
        }
        const guardrail = AstUtils.getContainerOfType(leaf.astNode, isUseGuardrail) ?? AstUtils.getContainerOfType(leaf.astNode, isDenyRule);
        if (guardrail && !leaf.hidden) {
            const analysis = analysisFor(this.analyzer, document);
            const catalog = this.analyzer.catalog();
            const value = isUseGuardrail(guardrail) ? guardrailHover(analysis, catalog, guardrail) : analysis && denyHover(analysis, catalog, guardrail);
            if (value) return { contents: { kind: 'markdown', value }, range: leaf.range };
        }
        // Anywhere else on an allow rule (the `allow` keyword, the protocol): what it covers.
        const rule = AstUtils.getContainerOfType(leaf.astNode, isAllowRule);
        if (rule?.until && !leaf.hidden && /^\d{4}-\d{2}-\d{2}$/.test(leaf.text)) {
            return { contents: { kind: 'markdown', value: untilHover(rule.until) }, range: leaf.range };
        }
        const bare = AstUtils.getContainerOfType(leaf.astNode, isRuleAddress);
        if (rule && bare && !leaf.hidden) {
            const value = this.bareAddressHover(document, rule, bare);
            if (value) return { contents: { kind: 'markdown', value }, range: bare.$cstNode?.range ?? leaf.range };
        }
        if (rule && !leaf.hidden) {
            const value = this.ruleHover(document, rule);
            if (value) return { contents: { kind: 'markdown', value }, range: leaf.range };
        }
        return undefined;
    }

    protected override getAstNodeHoverContent(node: AstNode): string | undefined {
        // What the author wrote in a `/** … */` comment above the element comes first.
        const written = this.documentation.getDocumentation(node);
        let facts: string | undefined;
        try {
            if (isComponentType(node)) facts = this.typeHover(node);
            else if (isInstance(node)) facts = this.instanceHover(node);
            else if (isZone(node)) facts = this.zoneHover(node);
            else if (isSite(node)) facts = this.siteHover(node);
        } catch {
            // A half-typed document can leave the analysis without an answer; no facts then.
        }
        return written && facts ? `${written}\n\n---\n\n${facts}` : facts ?? written;
    }

    private analysisOf(node: AstNode): PlanAnalysis | undefined {
        return analysisFor(this.analyzer, AstUtils.getDocument(node));
    }

    private portHover(document: LangiumDocument, item: PortItem): string | undefined {
        const parsed = parsePortText(String(item.value));
        if (!('range' in parsed)) return undefined;
        const catalog = this.analyzer.catalog();
        if (isFlow(item.$container)) {
            const flow = catalog.flows.find(f => f.node === item.$container);
            if (!flow) return undefined;
            return [
                `**${item.value}** — ${flow.purpose}`,
                `${catalogFlowLine(catalog, flow)} (${vendorDisplayName(catalog, flow.vendorId)})`,
                conditionsOf(flow).length ? `Conditions: ${conditionsOf(flow).join(', ')}` : '',
                `Source: ${citationsOf(flow)}`
            ].filter(Boolean).join('\n\n');
        }
        if (!isAllowRule(item.$container)) return undefined;
        const analysis = analysisFor(this.analyzer, document);
        const rule = analysis && planRuleOf(analysis, item.$container);
        if (!analysis || !rule) return undefined;
        if (!rule.resolved) return notReadHover(rule);
        const ports: PortSet = [parsed.range];
        const served = flowsServedBy(analysis, rule, ports);
        if (served.length === 0) {
            return `⚠ **${item.value}** serves no required flow between ${endpoints(item.$container)}: no component in the plan needs it there.`;
        }
        const lines = served.slice(0, 12).map(f => {
            const cf = f.flow.catalogFlows[0];
            const conditions = [...new Set(f.flow.catalogFlows.flatMap(conditionsOf))];
            return `- ${f.flow.source.name} → ${f.flow.destination.name} ${f.flow.protocols.join('/')} ${f.flow.portText}: **${f.flow.purpose}** `
                + `(${vendorDisplayName(catalog, cf.vendorId)}${conditions.length ? `; ${conditions.join(', ')}` : ''}; ${f.flow.catalogFlows.map(citationsOf).join('; ')})`;
        });
        const more = served.length > 12 ? `\n- … and ${served.length - 12} more` : '';
        // Counted per component pair; listed per group of components the catalog cannot tell apart.
        const count = served.reduce((n, f) => n + f.pairs, 0);
        return `**${item.value}** serves ${count} required flow${count === 1 ? '' : 's'}:\n\n${lines.join('\n')}${more}`;
    }

    /** A bare address in an allow rule: the zone it is placed in, and the components it reaches. */
    private bareAddressHover(document: LangiumDocument, node: AllowRule, address: RuleAddress): string | undefined {
        const analysis = analysisFor(this.analyzer, document);
        const rule = analysis && planRuleOf(analysis, node);
        const endpoint = rule && [...rule.sources, ...rule.destinations].find(e => e.bare && e.label === address.value);
        if (!analysis || !endpoint?.bare) return undefined;
        if (!endpoint.zone) return `**${address.value}** lies in no zone of the plan: this rule lets nothing through until a zone holds it.`;
        const inside = [...analysis.plan.facts.instances.values()].filter(i => i.addresses.v4.length + i.addresses.v6.length > 0 && endpoint.addresses.contains(i.addresses));
        const zone = endpoint.zone.internet ? `the internet (zone ${endpoint.zone.name}): checked as the internet` : `zone **${endpoint.zone.name}** (${endpoint.zone.networks.format()})`;
        const names = inside.length === 0 ? 'no component of the plan' : inside.length <= 8 ? inside.map(i => i.name).join(', ') : `${inside.slice(0, 8).map(i => i.name).join(', ')} and ${inside.length - 8} more`;
        return `**${address.value}** — a bare address in ${zone}; it holds ${names}.`;
    }

    private ruleHover(document: LangiumDocument, node: AllowRule): string | undefined {
        const analysis = analysisFor(this.analyzer, document);
        const rule = analysis && planRuleOf(analysis, node);
        if (!analysis || !rule) return undefined;
        if (!rule.resolved) return notReadHover(rule);
        const served = analysis.flows.filter(f => f.rules.includes(rule));
        const usage = analysis.ruleUsage.get(rule);
        const head = `**allow ${endpoints(node)} ${rule.protocol} ${formatPorts(rule.ports)}**`;
        if (served.length === 0) return `${head}\n\n⚠ Serves no required flow.`;
        const byPurpose = new Map<string, { count: number; ports: PortSet }>();
        for (const f of served) {
            const entry = byPurpose.get(f.flow.purpose) ?? { count: 0, ports: [] };
            entry.count++;
            entry.ports = portSetOf([...entry.ports, ...f.flow.ports]);
            byPurpose.set(f.flow.purpose, entry);
        }
        const lines = [...byPurpose].map(([purpose, e]) => `- ${formatPorts(e.ports)}: ${purpose} (${e.count} flow${e.count === 1 ? '' : 's'})`);
        const fully = served.filter(f => f.status === 'covered').length;
        return `${head}\n\nLets through ${served.length} required flow${served.length === 1 ? '' : 's'} (${fully} fully allowed), using ${formatPorts(usage?.served ?? [])}:\n\n${lines.join('\n')}`;
    }

    private typeHover(node: ComponentType): string | undefined {
        const catalog = this.analyzer.catalog();
        const type = catalog.types.get(qualifiedName(node) ?? '');
        return type ? typeDocumentation(catalog, type) : undefined;
    }

    private instanceHover(node: Instance): string {
        const catalog = this.analyzer.catalog();
        const type = catalog.types.get(node.type?.ref ? qualifiedName(node.type.ref) ?? '' : node.type?.$refText ?? '');
        const head = `**${node.name}** : ${type ? `${type.displayName} (\`${type.id}\`, ${vendorDisplayName(catalog, type.vendorId)})` : node.type?.$refText ?? '?'}`;
        const where = `Zone **${node.zone?.$refText ?? '?'}**${node.addresses.length ? `, at ${node.addresses.map(a => a.value).join(', ')}` : ', no address yet'}`;
        const analysis = this.analysisOf(node);
        const instance = analysis?.plan.facts.instances.get(node.name);
        if (!analysis || !instance || instance.node !== node) return `${head}\n\n${where}`;
        const flows = analysis.requiredFlowsOf(instance);
        const summary = (list: typeof flows.out, label: string) => {
            if (list.length === 0) return `${label}: none`;
            const covered = list.filter(f => f.status === 'covered').length;
            const items = list.slice(0, 10).map(f => `- ${f.status === 'covered' ? '✓' : f.status === 'partial' ? '◐' : '✗'} `
                + `${label === 'Flows out' ? `→ ${f.flow.destination.name}` : `← ${f.flow.source.name}`} ${f.flow.protocols.join('/')} ${f.flow.portText}: ${f.flow.purpose}`);
            return `${label}: ${covered} of ${list.length} allowed\n${items.join('\n')}${list.length > 10 ? `\n- … and ${list.length - 10} more` : ''}`;
        };
        // What `segplan explain` says for the flows still blocked: which catalog flow requires each, and why it applies.
        const blocked = flows.out.filter(f => f.status !== 'covered').slice(0, 5);
        const why = blocked.map(f => {
            const explained = explainFlows(analysis, catalog, f.flow.source, f.flow.destination)
                .filter(e => e.applies && e.from === f.flow.source.name && f.flow.catalogFlows.includes(e.flow));
            return `- → ${f.flow.destination.name} ${f.flow.protocols.join('/')} ${f.flow.portText}: ${explained.map(e => `${e.why} (${e.citations})`).join('; ') || f.flow.purpose}`;
        });
        return [head, where,
            ...relationLines(flows.out, flows.in),
            summary(flows.out, 'Flows out'),
            summary(flows.in, 'Flows in'),
            ...(why.length ? [`Why the blocked flows are required (\`segplan explain <plan> ${instance.name} <other>\` says more):\n${why.join('\n')}`] : [])].join('\n\n');
    }

    private zoneHover(node: Zone): string {
        const head = `**zone ${node.name}** ${node.internet ? '(the internet: every address outside the plan\'s other zones)' : node.addresses.map(a => a.value).join(', ')}${node.nat ? ', behind NAT' : ''}`;
        const analysis = this.analysisOf(node);
        const zone = analysis?.plan.facts.zones.get(node.name);
        if (!analysis || !zone || zone.node !== node) return head;
        const members = [...analysis.plan.facts.instances.values()].filter(i => i.zone === zone);
        const catalog = this.analyzer.catalog();
        const byType = new Map<string, number>();
        for (const m of members) byType.set(m.typeId, (byType.get(m.typeId) ?? 0) + 1);
        const holds = [...byType].map(([id, n]) => `${n} × ${catalog.types.get(id)?.displayName ?? id}`).join(', ');
        // Counted per component pair from the group flows (a zone of a plan without sites has very many pairs).
        const crossing = analysis.groupFlows.filter(f => f.flow.required && f.flow.crossesZones
            && (f.flow.source.zone === zone || f.flow.destination.zone === zone));
        const byPair = new Map<string, { total: number; open: number }>();
        for (const f of crossing) {
            const key = f.flow.source.zone === zone ? `out → ${f.flow.destination.zone.name}` : `in ← ${f.flow.source.zone.name}`;
            const e = byPair.get(key) ?? { total: 0, open: 0 };
            e.total += f.pairs;
            e.open += f.pairs - f.allowedPairs;
            byPair.set(key, e);
        }
        const lines = [...byPair].map(([k, e]) => `- ${k}: ${e.total} flow${e.total === 1 ? '' : 's'}${e.open ? `, ${e.open} not allowed` : ', all allowed'}`);
        return [head, `Holds ${members.length} component${members.length === 1 ? '' : 's'}${holds ? `: ${holds}` : ''}`,
            crossing.length ? `Flows crossing the zone boundary:\n${lines.join('\n')}` : 'No required flow crosses this zone’s boundary.'].join('\n\n');
    }

    private siteHover(node: Site): string {
        return `**site ${node.name}**${node.description ? ` — ${node.description}` : ''}\n\nZones: ${(node.zones ?? []).map(z => z.$refText).join(', ')}`;
    }
}

/** An allow rule that was not read whole: what it lets through is not known, so it is counted as nothing. */
function notReadHover(rule: PlanRule): string {
    return `⚠ This allow rule ${whyNotRead(rule)}: it lets nothing through — no required flow counts it and no generated rule set has it — until its error is fixed.`;
}

function endpoints(rule: AllowRule): string {
    const label = (e: AllowRule['sources'][number]) => e.any ? 'any' : e.target?.$refText ?? '?';
    return `${(rule.sources ?? []).map(label).join(', ')} → ${(rule.destinations ?? []).map(label).join(', ')}`;
}

/** What a temporary rule's date means: when it stops, as one instant, and how long that is from now. */
function untilHover(until: string): string {
    const [y, m, d] = until.split('-').map(Number);
    const end = Date.UTC(y, m - 1, d + 1);
    const days = Math.ceil((end - Date.now()) / 86_400_000);
    const when = days <= 0 ? `**it has expired** (${-days + 1} day${-days + 1 === 1 ? '' : 's'} ago): remove the rule or give it a new date`
        : `it expires in ${days} day${days === 1 ? '' : 's'}`;
    return `**until ${until}**: the rule allows traffic through the end of ${until} and stops at ${new Date(end).toISOString().replace('.000Z', 'Z')} (00:00 UTC of the next day) on every target; ${when}. Firewalls with their own schedules expire it by themselves; on AWS and Azure SegPlan leaves it out once the date has passed.`;
}

/** Which relations bound this component's flows, and whether the plan says so or SegPlan inferred it. */
function relationLines(out: readonly FlowResult[], into: readonly FlowResult[]): string[] {
    const how = (f: FlowResult) => bindingWords(f.flow.catalogFlows.find(c => c.relation)!, f.flow.relation!.how);
    const lines = new Set<string>();
    for (const f of out) if (f.flow.relation) lines.add(`- → ${f.flow.destination.name}: ${f.flow.relation.name} (${how(f)})`);
    for (const f of into) if (f.flow.relation) lines.add(`- ← ${f.flow.source.name}: ${f.flow.relation.name} (${how(f)})`);
    return lines.size ? [`Works with:\n${[...lines].join('\n')}`] : [];
}

/** A component's host name, whatever words its labels spell: what SegPlan does with it. */
function hostNameHover(address: Address, instance: Instance): string {
    return `**${address.value}** — a host name of **${instance.name}**, as written. SegPlan does not resolve it: `
        + 'a target with address objects for host names (FQDN) matches it, the others leave it out and say so.';
}
