import { DocumentValidator, GrammarUtils, type LangiumDocument, type MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import {
    CodeActionKind, type CodeAction, type CodeActionParams, type Command, type Diagnostic, type Range, type TextEdit
} from 'vscode-languageserver';
import { isAllowRule, isInstance, type AllowRule, type Instance, type SegplanDocument } from '../generated/ast.js';
import { MISSING_FLOW, PARTIAL_FLOW } from '../analysis/flow-findings.js';
import { INSTALL_ONLY_PERMANENT, OVERBROAD_RULE, UNUSED_RULE } from '../analysis/rule-findings.js';
import { VEEAM_ALL_TRAFFIC } from '../checks/veeam-checks.js';
import { PLATFORM_MISSING } from '../analysis/component-platforms.js';
import { EXPIRED_RULE } from '../validation/rule-validation.js';
import { RELATION_UNDECIDED } from '../analysis/relations.js';
import { GUARDRAIL_VIOLATED, REQUIRED_FLOW_DENIED } from '../analysis/guardrail-findings.js';
import { acceptDenial, replaceStatement } from './guardrail-actions.js';
import { UNKNOWN_COMPONENT_TYPE, UNKNOWN_NAME } from '../validation/segplan-document-validator.js';
import { formatPorts, subtractPorts } from '../network/ports.js';
import {
    addPortsEdit, allowAllMissing, extendableRule, flowsOf, flowsOutsideDenies, insertionPoint, insertLines, joinFlows, missingDiagnostics, parsePortList, ruleText,
    temporaryUntil, type FlowFacts
} from '../fixes/allow-missing-flows.js';
import { asWritten, lineEnd } from '../fixes/plan-edits.js';
import { acceptWithReason, declareRequirement } from './accept-rule-actions.js';
import { renameOfReservedComponent } from './reserved-name-actions.js';
import type { SegplanLanguageServer } from './segplan-language-server.js';
import type { SegplanServices } from '../segplan-module.js';

export { temporaryUntil };

/**
 * Quick fixes for the analysis findings. Every edit is minimal: a line inserted next to the rules a
 * reader would look at, a port list replaced, a rule removed; nothing else in the file moves.
 */
export class SegplanCodeActionProvider implements CodeActionProvider {
    constructor(private readonly services?: SegplanServices) {}

    /** Whether the editor takes snippet edits (the cursor then lands on the reason to write). */
    private snippets(): boolean {
        const server = this.services?.shared.lsp.LanguageServer as SegplanLanguageServer | undefined;
        return server?.snippetEdits === true;
    }

    getCodeActions(document: LangiumDocument, params: CodeActionParams): MaybePromise<Array<Command | CodeAction> | undefined> {
        const only = params.context.only;
        const actions: CodeAction[] = [];
        if (only?.some(kind => kind === CodeActionKind.SourceFixAll || kind === CodeActionKind.Source)) {
            const fixAll = this.allowAllAction(document, CodeActionKind.SourceFixAll);
            return fixAll ? [fixAll] : [];
        }
        for (const diagnostic of params.context.diagnostics) {
            const data = (diagnostic.data ?? {}) as Record<string, unknown>;
            switch (data.code ?? diagnostic.code) {
                case MISSING_FLOW:
                case PARTIAL_FLOW:
                    actions.push(...this.allowFlow(document, diagnostic, data as unknown as FlowFacts));
                    break;
                case INSTALL_ONLY_PERMANENT:
                    actions.push(...this.markTemporary(document, diagnostic, String(data.ports ?? '')));
                    break;
                case OVERBROAD_RULE:
                case VEEAM_ALL_TRAFFIC: // supersedes the over-broad finding on backup-server rules
                    actions.push(...this.narrow(document, diagnostic, data));
                    break;
                case UNUSED_RULE:
                    actions.push(...this.removeRule(document, diagnostic, 'it serves no required flow'));
                    break;
                case GUARDRAIL_VIOLATED:
                    actions.push(...replaceStatement(document, diagnostic, data, 'Narrow this rule to leave out what the deny forbids', (...a) => this.action(...a)));
                    break;
                case REQUIRED_FLOW_DENIED:
                    actions.push(...replaceStatement(document, diagnostic, data, 'Narrow the deny to leave this required flow out', (...a) => this.action(...a)),
                        ...acceptDenial(document, diagnostic, this.snippets()));
                    break;
                case EXPIRED_RULE:
                    actions.push(...this.removeRule(document, diagnostic, 'its until date has passed'));
                    break;
                case PLATFORM_MISSING:
                    actions.push(...this.addPlatform(document, diagnostic, (data.platforms as string[] | undefined) ?? []));
                    break;
                case RELATION_UNDECIDED:
                    actions.push(...this.addRelation(document, diagnostic, String(data.relation ?? ''), (data.candidates as string[] | undefined) ?? [], data.local === true));
                    break;
                case DocumentValidator.ParsingError: {
                    // A component named with a reserved word (`about : veeam.Proxy in mgmt`).
                    const rename = renameOfReservedComponent(document, diagnostic);
                    if (rename) {
                        const uses = rename.edits.length - 1;
                        const title = `Rename the component to '${rename.name}'${uses > 0 ? ` and its ${uses === 1 ? 'use' : `${uses} uses`} in this file` : ''}`;
                        actions.push(this.action(document, title, rename.edits, diagnostic, true));
                    }
                    break;
                }
                case UNKNOWN_COMPONENT_TYPE:
                case UNKNOWN_NAME:
                    for (const suggestion of (data.suggestions as string[] | undefined) ?? []) {
                        actions.push(this.action(document, `Change to '${suggestion}'`, [{ range: diagnostic.range, newText: suggestion }], diagnostic, actions.length === 0));
                    }
                    break;
            }
            // A rule that is what the engineer wants: state its need, or accept the finding with a reason.
            const code = String(data.code ?? diagnostic.code ?? '');
            const rule = this.ruleAt(document, diagnostic.range);
            actions.push(...declareRequirement(document, diagnostic, code, data, rule, this.snippets()), ...acceptWithReason(document, diagnostic, code, rule, this.snippets()));
        }
        const all = this.allowAllOnce(document, params.context.diagnostics);
        if (all) actions.push(all);
        return onePreferredPerPlace(actions);
    }

    private action(document: LangiumDocument, title: string, edits: TextEdit[], diagnostic?: Diagnostic, preferred = false, kind: string = CodeActionKind.QuickFix): CodeAction {
        const written = asWritten(document, edits);
        return {
            title, kind, isPreferred: preferred || undefined,
            diagnostics: diagnostic ? [diagnostic] : undefined,
            edit: { changes: { [document.textDocument.uri]: written } }
        };
    }

    private rules(document: LangiumDocument): AllowRule[] {
        return ((document.parseResult.value as SegplanDocument).elements ?? []).filter(isAllowRule);
    }

    /** `on <platform>` after the component's zone and addresses, one fix per platform (the first preferred). */
    private addPlatform(document: LangiumDocument, diagnostic: Diagnostic, platforms: readonly string[]): CodeAction[] {
        const instance = ((document.parseResult.value as SegplanDocument).elements ?? []).find(e => isInstance(e) && e.$cstNode
            && e.$cstNode.range.start.line === diagnostic.range.start.line) as Instance | undefined;
        if (!instance?.$cstNode) return [];
        const after = [...GrammarUtils.findNodesForProperty(instance.$cstNode, 'addresses'), GrammarUtils.findNodeForProperty(instance.$cstNode, 'zone')]
            .filter((n): n is NonNullable<typeof n> => !!n).sort((a, b) => b.end - a.end)[0];
        if (!after) return [];
        const at = document.textDocument.positionAt(after.end);
        return platforms.slice(0, 5).map((p, i) => this.action(document, `Add 'on ${p}'`, [{ range: { start: at, end: at }, newText: ` on ${p}` }], diagnostic, i === 0));
    }

    /**
     * `managed by vbr2`, one fix per candidate, written after the component's other clauses (before
     * its description); with `local`, also `local database` (the server keeps its database on itself).
     */
    private addRelation(document: LangiumDocument, diagnostic: Diagnostic, relation: string, candidates: readonly string[], local = false): CodeAction[] {
        const instance = ((document.parseResult.value as SegplanDocument).elements ?? []).find(e => isInstance(e) && e.$cstNode
            && e.$cstNode.range.start.line === diagnostic.range.start.line) as Instance | undefined;
        if (!instance?.$cstNode || !relation) return [];
        const after = ['zone', 'addresses', 'os', 'platform', 'nat', 'localDatabase', 'relations']
            .flatMap(property => GrammarUtils.findNodesForProperty(instance.$cstNode, property))
            .sort((a, b) => b.end - a.end)[0];
        if (!after) return [];
        // A keyword assignment's node is its first word: `local database` ends after the second.
        const tail = after.text === 'local' ? /^\s*database/.exec(document.textDocument.getText().slice(after.end, after.end + 200)) : null;
        const end = after.end + (tail?.[0].length ?? 0);
        const at = document.textDocument.positionAt(end);
        const choices = [...candidates.map(c => `${relation} ${c}`), ...(local ? ['local database'] : [])];
        return choices.map(c => this.action(document, `Say '${c}'`, [{ range: { start: at, end: at }, newText: ` ${c}` }], diagnostic, false));
    }

    // ------------------------------------------------------------------ missing flows

    /**
     * The fixes for one diagnostic, however many flows it stands for: new rules (one per protocol
     * and lifetime), and the ports added to the rule already between the two components. On a
     * diagnostic shown at that rule, adding to it is the preferred fix.
     */
    private allowFlow(document: LangiumDocument, diagnostic: Diagnostic, facts: FlowFacts): CodeAction[] {
        const joined = joinFlows(flowsOutsideDenies(this.services?.analysis.PlanAnalyzer, document, flowsOf(facts)).allowed);
        if (joined.length === 0) return [];
        const actions: CodeAction[] = [];
        const onRule = this.ruleAt(document, diagnostic.range);
        const extensions = joined.map(f => ({ f, existing: extendableRule(document, f) }));
        const extendsRuleHere = !!onRule && extensions.some(e => e.existing === onRule);
        const title = joined.map(f => `${f.protocol} ${f.ports}`).join(', ');
        const point = insertionPoint(document, joined[0].source);
        actions.push(this.action(document, `Allow ${joined[0].source} → ${joined[0].destination} ${title}`,
            [insertLines(document, point, joined.map(f => ruleText(f)))], diagnostic, !extendsRuleHere));
        for (const { f, existing } of extensions) {
            if (!existing) continue;
            actions.push(this.action(document, `Add ${f.ports} to the allow rule ${ruleEndpoints(existing.sources)} → ${ruleEndpoints(existing.destinations)} ${existing.protocol}`,
                [addPortsEdit(document, existing, f.ports)], diagnostic, existing === onRule));
        }
        return actions;
    }

    /** "Allow all N missing flows", once per request however many of its diagnostics are missing flows. */
    private allowAllOnce(document: LangiumDocument, diagnostics: readonly Diagnostic[]): CodeAction | undefined {
        const missing = diagnostics.filter(d => [MISSING_FLOW, PARTIAL_FLOW].includes(String((d.data as { code?: string } | undefined)?.code ?? d.code)));
        if (missing.length === 0 || missingDiagnostics(document).length < 2) return undefined;
        const all = this.allowAllAction(document, CodeActionKind.QuickFix);
        if (!all || (all.edit?.changes?.[document.textDocument.uri]?.length ?? 0) === 0) return undefined;
        return { ...all, diagnostics: missing };
    }

    /** "Allow all N missing flows" (see allow-missing-flows.ts): one edit for every missing or partly allowed flow of the file. */
    private allowAllAction(document: LangiumDocument, kind: string): CodeAction | undefined {
        const all = allowAllMissing(document, this.services?.analysis.PlanAnalyzer);
        return all && this.action(document, all.title, all.edits, undefined, false, kind);
    }

    // ------------------------------------------------------------------ rules

    private ruleAt(document: LangiumDocument, range: Range): AllowRule | undefined {
        const offset = document.textDocument.offsetAt(range.start);
        return this.rules(document).find(r => r.$cstNode && r.$cstNode.offset <= offset && offset <= r.$cstNode.end);
    }

    /** A port list rewritten keeps the comments that were inside it, after the new ports. */
    private keepComments(document: LangiumDocument, range: Range, ports: string): string {
        const comments = document.textDocument.getText(range).match(/\/\*[\s\S]*?\*\//g) ?? [];
        return comments.length ? `${ports} ${comments.join(' ')}` : ports;
    }

    private portListRange(document: LangiumDocument, rule: AllowRule): Range | undefined {
        const first = rule.ports[0]?.$cstNode, last = rule.ports[rule.ports.length - 1]?.$cstNode;
        if (!first || !last) return undefined;
        return { start: document.textDocument.positionAt(first.offset), end: document.textDocument.positionAt(last.end) };
    }

    private markTemporary(document: LangiumDocument, diagnostic: Diagnostic, portsText: string): CodeAction[] {
        const rule = this.ruleAt(document, diagnostic.range);
        const installOnly = parsePortList(portsText);
        if (!rule?.$cstNode || rule.until || installOnly.length === 0) return [];
        const until = temporaryUntil();
        const own = parsePortList(rule.ports.map(p => p.$cstNode?.text ?? '').join(','));
        const remaining = subtractPorts(own, installOnly);
        const end = document.textDocument.positionAt(rule.$cstNode.end);
        if (rule.ports.length === 0 || remaining.length === 0 || rule.ports.some(p => p.setting)) {
            return [this.action(document, `Make this rule temporary (until ${until})`, [{ range: { start: end, end }, newText: ` until ${until}` }], diagnostic, true)];
        }
        // Split: the rule keeps its permanent ports; the install-only ones move to a temporary copy.
        const source = rule.$cstNode.text;
        const portsRange = this.portListRange(document, rule)!;
        const startOffset = rule.$cstNode.offset;
        const before = source.slice(0, document.textDocument.offsetAt(portsRange.start) - startOffset);
        const after = source.slice(document.textDocument.offsetAt(portsRange.end) - startOffset);
        const copy = `${before}${formatPorts(installOnly)}${after} until ${until}`;
        const lineStart = document.textDocument.offsetAt({ line: rule.$cstNode.range.start.line, character: 0 });
        const indent = /^[ \t]*/.exec(document.textDocument.getText().slice(lineStart))![0];
        const afterRule = lineEnd(document, rule.$cstNode.range.end.line);
        return [this.action(document, `Move ${formatPorts(installOnly)} into a temporary rule (until ${until})`, [
            { range: portsRange, newText: this.keepComments(document, portsRange, formatPorts(remaining)) },
            { range: { start: afterRule, end: afterRule }, newText: `\n${indent}${copy}` }
        ], diagnostic, true)];
    }

    private narrow(document: LangiumDocument, diagnostic: Diagnostic, data: Record<string, unknown>): CodeAction[] {
        const served = typeof data.served === 'string' ? data.served : '';
        if (!served || served === 'all ports') return [];
        const rule = this.ruleAt(document, diagnostic.range);
        if (!rule?.$cstNode || rule.protocol === 'any') return [];
        const portsRange = this.portListRange(document, rule);
        if (portsRange) {
            if (!data.unneeded) return [];
            return [this.action(document, `Narrow to the required ports: ${served}`, [{ range: portsRange, newText: this.keepComments(document, portsRange, served) }], diagnostic, true)];
        }
        const protocol = GrammarUtils.findNodeForProperty(rule.$cstNode, 'protocol');
        if (!protocol) return [];
        const at = document.textDocument.positionAt(protocol.end);
        return [this.action(document, `Narrow to the required ports: ${served}`, [{ range: { start: at, end: at }, newText: ` ${served}` }], diagnostic, true)];
    }

    private removeRule(document: LangiumDocument, diagnostic: Diagnostic, why: string): CodeAction[] {
        const rule = this.ruleAt(document, diagnostic.range);
        if (!rule?.$cstNode) return [];
        const text = document.textDocument.getText();
        const start = rule.$cstNode.offset, end = rule.$cstNode.end;
        const lineStart = text.lastIndexOf('\n', start - 1) + 1;
        let lineEnd = text.indexOf('\n', end);
        if (lineEnd < 0) lineEnd = text.length;
        // A comment after the rule on its line is about the rule: it goes with it.
        const alone = /^[ \t]*$/.test(text.slice(lineStart, start)) && /^[ \t]*(?:\/\/.*|\/\*.*?\*\/[ \t]*)?\r?$/.test(text.slice(end, lineEnd));
        const range = alone
            ? { start: document.textDocument.positionAt(lineStart), end: document.textDocument.positionAt(Math.min(text.length, lineEnd + 1)) }
            : { start: document.textDocument.positionAt(start), end: document.textDocument.positionAt(end) };
        return [this.action(document, `${REMOVE_RULE} (${why})`, [{ range, newText: '' }], diagnostic, true)];
    }
}

/**
 * One preferred fix per place: a statement with two findings (a rule that serves nothing and lets
 * through what a deny forbids) would otherwise get one from each, and an editor applies the
 * preferred fix only when there is one. Removing a rule that serves nothing says the most: it wins;
 * otherwise the first finding's.
 */
function onePreferredPerPlace(actions: CodeAction[]): CodeAction[] {
    const byPlace = new Map<string, CodeAction[]>();
    for (const action of actions) {
        const range = action.isPreferred ? action.diagnostics?.[0]?.range : undefined;
        if (!range) continue;
        const key = `${range.start.line}:${range.start.character}`;
        const list = byPlace.get(key);
        if (list) list.push(action); else byPlace.set(key, [action]);
    }
    const demoted = new Set<CodeAction>();
    for (const list of byPlace.values()) {
        if (list.length < 2) continue;
        const kept = list.find(a => a.title.startsWith(REMOVE_RULE)) ?? list[0];
        for (const action of list) if (action !== kept) demoted.add(action);
    }
    return demoted.size === 0 ? actions : actions.map(a => (demoted.has(a) ? { ...a, isPreferred: undefined } : a));
}

const REMOVE_RULE = 'Remove this allow rule';

/** A rule's sources or destinations as written: `proxy1, proxy2`. */
function ruleEndpoints(endpoints: AllowRule['sources']): string {
    return endpoints.map(e => e.$cstNode?.text ?? '').join(', ');
}
