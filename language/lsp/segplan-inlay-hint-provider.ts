import { AstUtils, type AstNode, type ConfigurationProvider, type LangiumDocument } from 'langium';
import { AbstractInlayHintProvider, type InlayHintAcceptor } from 'langium/lsp';
import { InlayHintKind, type InlayHint, type InlayHintParams, type Position } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { isAllowRule, isInstance, type AllowRule, type Instance } from '../generated/ast.js';
import type { PlanAnalyzer } from '../analysis/plan-analyzer.js';
import { componentCoverage } from '../analysis/coverage-summary.js';
import { parsePortText } from '../network/ports.js';
import type { SegplanServices } from '../segplan-module.js';
import { analysisFor, drawableAnalysis, flowsServedBy, planRuleOf } from './plan-facts.js';
import type { AnalysisViews } from './analysis-views.js';

/** `segplan.inlayHints.ports` and `segplan.inlayHints.coverage`: each kind can be switched off. */
interface InlayHintSettings { readonly ports: boolean; readonly coverage: boolean }

/**
 * Inlay hints: after each port of an allow rule, what it is for (`6162 ‹Veeam Data Mover›`);
 * after a component, how many of its required flows the rules allow (`‹7/9 flows allowed›`).
 */
export class SegplanInlayHintProvider extends AbstractInlayHintProvider {
    private readonly analyzer: PlanAnalyzer;
    private readonly configuration: ConfigurationProvider;
    private readonly views: AnalysisViews;
    private settings: InlayHintSettings = { ports: true, coverage: true };

    constructor(services: SegplanServices) {
        super();
        this.analyzer = services.analysis.PlanAnalyzer;
        this.configuration = services.shared.workspace.ConfigurationProvider;
        this.views = services.lsp.AnalysisViews;
    }

    override async getInlayHints(document: LangiumDocument, params: InlayHintParams, cancelToken?: Parameters<AbstractInlayHintProvider['getInlayHints']>[2]): Promise<InlayHint[] | undefined> {
        const configured = await this.configuration.getConfiguration('segplan', 'inlayHints') as Partial<InlayHintSettings> | undefined;
        this.settings = { ports: configured?.ports !== false, coverage: configured?.coverage !== false };
        if (!this.settings.ports && !this.settings.coverage) return [];
        // Before drawing: an analysis replaced while the hints are drawn makes them stale, and they are drawn again.
        this.views.drew('inlayHints', document, drawableAnalysis(this.analyzer, document));
        return super.getInlayHints(document, params, cancelToken);
    }

    computeInlayHint(node: AstNode, acceptor: InlayHintAcceptor): void {
        if (this.settings.ports && isAllowRule(node)) this.portHints(node, acceptor);
        else if (this.settings.coverage && isInstance(node)) this.coverageHint(node, acceptor);
    }

    /**
     * After each port of a rule, what it is for — unless the rule's own description says it
     * already — while the rule's hints stay within a line's worth (RULE_HINT_BUDGET characters):
     * the ports after that get none (hovering a port says what it is for).
     */
    private portHints(rule: AllowRule, acceptor: InlayHintAcceptor): void {
        const analysis = analysisFor(this.analyzer, AstUtils.getDocument(rule));
        const planRule = analysis && planRuleOf(analysis, rule);
        if (!analysis || !planRule) return;
        const description = (rule.description ?? '').toLowerCase();
        const text = AstUtils.getDocument(rule).textDocument;
        let budget = RULE_HINT_BUDGET;
        for (const port of rule.ports) {
            const end = port.$cstNode?.range.end;
            if (!end || port.value === undefined) continue;
            const parsed = parsePortText(String(port.value));
            if (!('range' in parsed)) continue;
            const purposes = [...new Set(flowsServedBy(analysis, planRule, [parsed.range]).map(f => f.flow.purpose))]
                .filter(p => !repeats(description, p));
            if (purposes.length === 0) continue;
            const more = purposes.length > 1 ? ` +${purposes.length - 1}` : '';
            // Behind a trailing comment the hint no longer stands by its port: it says which one it is.
            const position = clearOfComments(text, end);
            const label = position === end ? ` ‹${short(purposes[0])}${more}›` : ` ‹${port.value}: ${short(purposes[0])}${more}›`;
            if (label.length > budget) return;
            budget -= label.length;
            acceptor({ position, label, kind: InlayHintKind.Type, tooltip: purposes.join('\n'), paddingLeft: position !== end });
        }
    }

    private coverageHint(node: Instance, acceptor: InlayHintAcceptor): void {
        const end = node.$cstNode?.range.end;
        const analysis = analysisFor(this.analyzer, AstUtils.getDocument(node));
        const instance = analysis?.plan.facts.instances.get(node.name);
        if (!end || !analysis || !instance || instance.node !== node) return;
        // From the group flows: the pair list of a plan without sites is too long to filter per line.
        const { allowed, required } = componentCoverage(analysis, instance);
        if (required === 0) return;
        const position = clearOfComments(AstUtils.getDocument(node).textDocument, end);
        acceptor({ position, label: ` ‹${allowed}/${required} flows allowed›`, kind: InlayHintKind.Parameter, paddingLeft: true });
    }
}

/**
 * Where a hint meant for `end` stands without moving what the user wrote after it: there, unless
 * a comment follows on the line (people line their trailing comments up in a column, and a hint
 * drawn before one pushes it out of that column); then at the end of the line, behind the comment.
 */
function clearOfComments(text: TextDocument, end: Position): Position {
    const line = text.getText({ start: { line: end.line, character: 0 }, end: { line: end.line + 1, character: 0 } }).replace(/\r?\n$/, '');
    const rest = line.slice(end.character);
    if (!/^[^"]*?(\/\/|\/\*)/.test(rest)) return end;
    return { line: end.line, character: line.length };
}

/**
 * Whether a rule's description (lower case) already says what a purpose says: every word of the
 * purpose's first clause is in it, in any order ("Veeam Installer Service and Data Mover" says
 * "Veeam Data Mover"), or the description is part of the purpose.
 */
function repeats(description: string, purpose: string): boolean {
    if (!description) return false;
    const said = new Set(words(description));
    return words(firstClause(purpose)).every(w => said.has(w)) || (description.length >= 4 && purpose.toLowerCase().includes(description));
}

function words(text: string): string[] {
    return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/** The most a port's hint shows of its purpose, in characters. */
const PURPOSE_LENGTH = 28;
/**
 * The most all the port hints of one rule take, in characters: what VS Code shows of a line's
 * hints (`editor.inlayHints.maximumLength`, 43 by default) before it cuts the rest mid-word.
 */
const RULE_HINT_BUDGET = 43;

/** A purpose's first clause: "RPC, NetBIOS, SMB (ADMIN$ share)" is "RPC". */
function firstClause(purpose: string): string {
    return purpose.split(/ \(|;|, /)[0];
}

/** A purpose short enough to sit in the line: its first clause, cut to PURPOSE_LENGTH. */
function short(purpose: string): string {
    const first = firstClause(purpose);
    return first.length > PURPOSE_LENGTH ? `${first.slice(0, PURPOSE_LENGTH - 1).trimEnd()}…` : first;
}
