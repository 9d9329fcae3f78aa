import { AstUtils, type AstNode, type ConfigurationProvider, type LangiumDocument } from 'langium';
import { AbstractInlayHintProvider, type InlayHintAcceptor } from 'langium/lsp';
import { InlayHintKind, type InlayHint, type InlayHintParams } from 'vscode-languageserver';
import { isAllowRule, isInstance, isPortItem, type Instance, type PortItem } from '../generated/ast.js';
import type { PlanAnalyzer } from '../analysis/plan-analyzer.js';
import { componentCoverage } from '../analysis/coverage-summary.js';
import { parsePortText } from '../model/ports.js';
import type { SegplanServices } from '../segplan-module.js';
import { analysisFor, flowsServedBy, planRuleOf } from './plan-facts.js';

/** `segplan.inlayHints.ports` and `segplan.inlayHints.coverage`: each kind can be switched off. */
interface InlayHintSettings { readonly ports: boolean; readonly coverage: boolean }

/**
 * Inlay hints: after each port of an allow rule, what it is for (`6162 ‹Veeam Data Mover›`);
 * after a component, how many of its required flows the rules allow (`‹7/9 flows allowed›`).
 */
export class SegplanInlayHintProvider extends AbstractInlayHintProvider {
    private readonly analyzer: PlanAnalyzer;
    private readonly configuration: ConfigurationProvider;
    private settings: InlayHintSettings = { ports: true, coverage: true };

    constructor(services: SegplanServices) {
        super();
        this.analyzer = services.analysis.PlanAnalyzer;
        this.configuration = services.shared.workspace.ConfigurationProvider;
    }

    override async getInlayHints(document: LangiumDocument, params: InlayHintParams, cancelToken?: Parameters<AbstractInlayHintProvider['getInlayHints']>[2]): Promise<InlayHint[] | undefined> {
        const configured = await this.configuration.getConfiguration('segplan', 'inlayHints') as Partial<InlayHintSettings> | undefined;
        this.settings = { ports: configured?.ports !== false, coverage: configured?.coverage !== false };
        if (!this.settings.ports && !this.settings.coverage) return [];
        return super.getInlayHints(document, params, cancelToken);
    }

    computeInlayHint(node: AstNode, acceptor: InlayHintAcceptor): void {
        if (this.settings.ports && isPortItem(node) && isAllowRule(node.$container)) this.portHint(node, acceptor);
        else if (this.settings.coverage && isInstance(node)) this.coverageHint(node, acceptor);
    }

    private portHint(node: PortItem, acceptor: InlayHintAcceptor): void {
        const end = node.$cstNode?.range.end;
        if (!end || node.value === undefined) return;
        const parsed = parsePortText(String(node.value));
        const analysis = analysisFor(this.analyzer, AstUtils.getDocument(node));
        const rule = analysis && isAllowRule(node.$container) ? planRuleOf(analysis, node.$container) : undefined;
        if (!analysis || !rule || !('range' in parsed)) return;
        const purposes = [...new Set(flowsServedBy(analysis, rule, [parsed.range]).map(f => f.flow.purpose))];
        if (purposes.length === 0) return;
        const more = purposes.length > 1 ? ` +${purposes.length - 1}` : '';
        acceptor({ position: end, label: ` ‹${short(purposes[0])}${more}›`, kind: InlayHintKind.Type, tooltip: purposes.join('\n'), paddingLeft: false });
    }

    private coverageHint(node: Instance, acceptor: InlayHintAcceptor): void {
        const end = node.$cstNode?.range.end;
        const analysis = analysisFor(this.analyzer, AstUtils.getDocument(node));
        const instance = analysis?.plan.instances.get(node.name);
        if (!end || !analysis || !instance || instance.node !== node) return;
        // From the group flows: the pair list of a plan without sites is too long to filter per line.
        const { allowed, required } = componentCoverage(analysis, instance);
        if (required === 0) return;
        acceptor({ position: end, label: ` ‹${allowed}/${required} flows allowed›`, kind: InlayHintKind.Parameter, paddingLeft: true });
    }
}

/** A purpose short enough to sit in the line: its first clause. */
function short(purpose: string): string {
    const first = purpose.split(/ \(|;|, /)[0];
    return first.length > 40 ? `${first.slice(0, 39)}…` : first;
}
