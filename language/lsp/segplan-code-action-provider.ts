import { DocumentValidator, GrammarUtils, type LangiumDocument, type MaybePromise } from 'langium';
import type { CodeActionProvider } from 'langium/lsp';
import {
    CodeActionKind, type CodeAction, type CodeActionParams, type Command, type Diagnostic, type Position, type Range, type TextEdit
} from 'vscode-languageserver';
import { isAllowRule, isInstance, type AllowRule, type Instance, type SegplanDocument } from '../generated/ast.js';
import { MISSING_FLOW, PARTIAL_FLOW } from '../analysis/flow-findings.js';
import { INSTALL_ONLY_PERMANENT, OVERBROAD_RULE, UNUSED_RULE } from '../analysis/rule-findings.js';
import { VEEAM_ALL_TRAFFIC } from '../checks/veeam-checks.js';
import { PLATFORM_MISSING } from '../analysis/component-platforms.js';
import { EXPIRED_RULE } from '../validation/rule-validation.js';
import { RELATION_UNDECIDED } from '../analysis/relations.js';
import { GUARDRAIL_VIOLATED, REQUIRED_FLOW_DENIED } from '../analysis/guardrail-findings.js';
import { denyAgainst } from './deny-gate.js';
import { acceptDenial, replaceStatement } from './guardrail-actions.js';
import { UNKNOWN_COMPONENT_TYPE, UNKNOWN_NAME } from '../validation/segplan-document-validator.js';
import { formatPorts, parsePortText, portSetOf, subtractPorts, type PortRange, type PortSet } from '../network/ports.js';
import { quoted } from './plan-facts.js';
import { keepColumns } from './keep-columns.js';
import { acceptWithReason, declareRequirement } from './accept-rule-actions.js';
import { renameOfReservedComponent } from './reserved-name-actions.js';
import type { SegplanLanguageServer } from './segplan-language-server.js';
import type { SegplanServices } from '../segplan-module.js';

/** What a missing-flow or partial-flow diagnostic carries for its quick fixes (see flow-findings.ts). */
interface FlowFacts {
    readonly source: string;
    readonly destination: string;
    readonly protocol: string;
    readonly ports: string;
    readonly purpose: string;
    readonly installOnly: boolean;
    /** Set when one diagnostic stands for several flows between the same two components (see pair-findings.ts). */
    readonly flows?: readonly FlowFacts[];
}

/** The flows one missing-flow or partial-flow diagnostic stands for. */
function flowsOf(facts: FlowFacts): FlowFacts[] {
    return facts.flows?.length ? [...facts.flows] : [facts];
}

/** Flows between the same endpoints joined into one rule each per protocol and lifetime: their ports merged, purposes listed. */
function joinFlows(flows: readonly FlowFacts[]): FlowFacts[] {
    const groups = new Map<string, FlowFacts & { set: PortSet; purposes: Set<string> }>();
    for (const f of flows) {
        if (!f.source || !f.destination || !f.ports || f.ports === 'all ports') continue;
        const key = `${f.source}|${f.destination}|${f.protocol}|${f.installOnly}`;
        const g = groups.get(key);
        if (g) {
            g.set = portSetOf([...g.set, ...parsePortList(f.ports)]);
            g.purposes.add(f.purpose);
        } else {
            groups.set(key, { ...f, set: parsePortList(f.ports), purposes: new Set([f.purpose]) });
        }
    }
    return [...groups.values()].map(g => ({ source: g.source, destination: g.destination, protocol: g.protocol, installOnly: g.installOnly, ports: formatPorts(g.set), purpose: [...g.purposes].join('; ') }));
}

/** How long a temporary (install-only) rule stays open when a quick fix writes `until`. */
const TEMPORARY_DAYS = 30;

export function temporaryUntil(today = new Date()): string {
    const date = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + TEMPORARY_DAYS));
    return date.toISOString().slice(0, 10);
}

function parsePortList(text: string): PortSet {
    const ranges: PortRange[] = [];
    for (const part of text.split(',').map(p => p.trim()).filter(Boolean)) {
        const parsed = parsePortText(part);
        if ('range' in parsed) ranges.push(parsed.range);
    }
    return portSetOf(ranges);
}

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
            const fixAll = this.allowAllMissing(document, CodeActionKind.SourceFixAll);
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
        // Every fix writes the file's own line endings: a CRLF file gets no bare LF.
        const crlf = document.textDocument.getText().includes('\r\n');
        // A fix that lengthens a line keeps its lined-up columns (a trailing comment) where they were.
        const aligned = edits.map(e => keepColumns(document.textDocument, e));
        const written = crlf ? aligned.map(e => ({ ...e, newText: e.newText.replace(/\r?\n/g, '\r\n') })) : aligned;
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
        const joined = joinFlows(flowsOf(facts)).filter(f => !this.denied(document, f));
        if (joined.length === 0) return [];
        const actions: CodeAction[] = [];
        const onRule = this.ruleAt(document, diagnostic.range);
        const extensions = joined.map(f => ({ f, existing: this.extendableRule(document, f) }));
        const extendsRuleHere = !!onRule && extensions.some(e => e.existing === onRule);
        const title = joined.map(f => `${f.protocol} ${f.ports}`).join(', ');
        const point = this.insertionPoint(document, joined[0].source);
        actions.push(this.action(document, `Allow ${joined[0].source} → ${joined[0].destination} ${title}`,
            [this.insertLines(document, point, joined.map(f => this.ruleText(f)))], diagnostic, !extendsRuleHere));
        for (const { f, existing } of extensions) {
            if (!existing) continue;
            actions.push(this.action(document, `Add ${f.ports} to the allow rule ${ruleEndpoints(existing.sources)} → ${ruleEndpoints(existing.destinations)} ${existing.protocol}`,
                [this.addPortsEdit(document, existing, f.ports)], diagnostic, existing === onRule));
        }
        return actions;
    }

    /** "Allow all N missing flows", once per request however many of its diagnostics are missing flows. */
    private allowAllOnce(document: LangiumDocument, diagnostics: readonly Diagnostic[]): CodeAction | undefined {
        const missing = diagnostics.filter(d => [MISSING_FLOW, PARTIAL_FLOW].includes(String((d.data as { code?: string } | undefined)?.code ?? d.code)));
        if (missing.length === 0 || missingDiagnostics(document).length < 2) return undefined;
        const all = this.allowAllMissing(document, CodeActionKind.QuickFix);
        if (!all || (all.edit?.changes?.[document.textDocument.uri]?.length ?? 0) === 0) return undefined;
        return { ...all, diagnostics: missing };
    }

    private ruleText(facts: FlowFacts): string {
        const until = facts.installOnly ? ` until ${temporaryUntil()}` : '';
        return `allow ${facts.source} -> ${facts.destination} ${facts.protocol} ${facts.ports} ${quoted(facts.purpose)}${until}`;
    }

    /** An allow rule naming exactly these two endpoints and protocol, with explicit ports to extend. */
    private sameEndpointsRule(document: LangiumDocument, facts: FlowFacts): AllowRule | undefined {
        return this.rules(document).find(r => r.sources.length === 1 && r.destinations.length === 1
            && r.sources[0].target?.$refText === facts.source && r.destinations[0].target?.$refText === facts.destination
            && r.protocol === facts.protocol && r.ports.length > 0 && !r.until === !facts.installOnly);
    }

    /**
     * An allow rule the missing ports can be added to without opening them anywhere else: one between
     * the flow's components (every member of a group) with their protocol, explicit ports and
     * lifetime, whose every other source and destination lacks the same ports
     * (`allow vbr -> proxy1, proxy2 tcp 6162` for ports both proxies need). Prefers the rule naming
     * exactly the flow's components.
     */
    private extendableRule(document: LangiumDocument, facts: FlowFacts): AllowRule | undefined {
        const sources = facts.source.split(', '), destinations = facts.destination.split(', ');
        const ports = parsePortList(facts.ports);
        if (ports.length === 0) return undefined;
        const candidates = this.rules(document).filter(r => r.protocol === facts.protocol && r.ports.length > 0 && !r.until === !facts.installOnly
            && [...r.sources, ...r.destinations].every(e => e.target?.ref && isInstance(e.target.ref))
            && sources.every(n => r.sources.some(e => e.target?.$refText === n)) && destinations.every(n => r.destinations.some(e => e.target?.$refText === n)));
        if (candidates.length === 0) return undefined;
        const exact = candidates.find(r => r.sources.length === sources.length && r.destinations.length === destinations.length);
        if (exact) return exact;
        // What each pair of components still lacks, from every missing-flow finding of the file.
        const lacking = new Map<string, PortSet>();
        for (const f of missingDiagnostics(document).flatMap(d => flowsOf(d.data as FlowFacts))) {
            if (f.protocol !== facts.protocol || f.installOnly !== facts.installOnly) continue;
            for (const s of f.source.split(', ')) for (const d of f.destination.split(', ')) {
                const key = `${s}\u0000${d}`;
                lacking.set(key, portSetOf([...lacking.get(key) ?? [], ...parsePortList(f.ports)]));
            }
        }
        return candidates.find(r => r.sources.every(s => r.destinations.every(d =>
            subtractPorts(ports, lacking.get(`${s.target!.$refText}\u0000${d.target!.$refText}`) ?? []).length === 0)));
    }

    private addPortsEdit(document: LangiumDocument, rule: AllowRule, ports: string): TextEdit {
        const last = rule.ports[rule.ports.length - 1].$cstNode!;
        const position = document.textDocument.positionAt(last.end);
        return { range: { start: position, end: position }, newText: `, ${ports}` };
    }

    /**
     * A new rule goes on its own line after the last rule from the same source (where a reader
     * looks for it), else after the last rule, else at the end of the file.
     */
    private insertionPoint(document: LangiumDocument, source: string): { position: Position; indent: string; atEnd: boolean } {
        const rules = this.rules(document);
        const anchor = [...rules].reverse().find(r => r.sources.some(s => s.target?.$refText === source)) ?? rules[rules.length - 1];
        const text = document.textDocument.getText();
        if (anchor?.$cstNode) {
            const lineStart = document.textDocument.offsetAt({ line: anchor.$cstNode.range.start.line, character: 0 });
            const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
            return { position: this.lineEnd(document, anchor.$cstNode.range.end.line), indent, atEnd: false };
        }
        return { position: document.textDocument.positionAt(text.length), indent: '', atEnd: true };
    }

    /** The edit that inserts rule lines at an insertion point. */
    private insertLines(document: LangiumDocument, point: { position: Position; indent: string; atEnd: boolean }, lines: string[]): TextEdit {
        const range = { start: point.position, end: point.position };
        const body = lines.map(l => `${point.indent}${l}`).join('\n');
        if (!point.atEnd) return { range, newText: `\n${body}` };
        const text = document.textDocument.getText();
        const newline = text.length === 0 || text.endsWith('\n') ? '' : '\n';
        return { range, newText: `${newline}\n${body}\n` };
    }

    private lineEnd(document: LangiumDocument, line: number): Position {
        const text = document.textDocument.getText();
        const start = document.textDocument.offsetAt({ line, character: 0 });
        let end = text.indexOf('\n', start);
        if (end < 0) end = text.length;
        if (end > start && text[end - 1] === '\r') end--;
        return document.textDocument.positionAt(end);
    }

    /** The deny a rule for these facts would let traffic through (see deny-gate.ts). */
    private denied(document: LangiumDocument, facts: FlowFacts): string | undefined {
        return denyAgainst(this.services?.analysis.PlanAnalyzer, document, facts);
    }

    /**
     * One edit for every missing or partly allowed flow of the file: a rule per endpoint pair. A
     * rule a deny forbids is never written: the title counts what is left out, and each such flow
     * has its required-flow-denied finding on the deny.
     */
    private allowAllMissing(document: LangiumDocument, kind: string): CodeAction | undefined {
        const all = joinFlows(missingDiagnostics(document).flatMap(d => flowsOf(d.data as FlowFacts)));
        const joined = all.filter(f => !this.denied(document, f));
        const leftOut = all.length - joined.length;
        if (joined.length === 0) return undefined;
        // Rules inserted at the same place are joined into one edit so they land in a stable order.
        const inserts = new Map<string, { point: ReturnType<SegplanCodeActionProvider['insertionPoint']>; lines: string[] }>();
        const extensions: TextEdit[] = [];
        let count = 0;
        for (const facts of joined) {
            count++;
            const existing = this.sameEndpointsRule(document, facts);
            if (existing) {
                extensions.push(this.addPortsEdit(document, existing, facts.ports));
                continue;
            }
            const point = this.insertionPoint(document, facts.source);
            const key = `${point.position.line}:${point.position.character}`;
            const entry = inserts.get(key) ?? { point, lines: [] };
            entry.lines.push(this.ruleText(facts));
            inserts.set(key, entry);
        }
        const edits = [...extensions, ...[...inserts.values()].map(e => this.insertLines(document, e.point, e.lines))];
        const flows = missingDiagnostics(document).reduce((n, d) => n + flowsOf(d.data as FlowFacts).length, 0);
        const denied = leftOut === 0 ? '' : `; ${leftOut} left out: a deny forbids ${leftOut === 1 ? 'it' : 'them'}`;
        return this.action(document, `Allow all ${flows} missing flow${flows === 1 ? '' : 's'} (${count} rule${count === 1 ? '' : 's'}${denied})`,
            edits, undefined, false, kind);
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
        const lineEnd = this.lineEnd(document, rule.$cstNode.range.end.line);
        return [this.action(document, `Move ${formatPorts(installOnly)} into a temporary rule (until ${until})`, [
            { range: portsRange, newText: this.keepComments(document, portsRange, formatPorts(remaining)) },
            { range: { start: lineEnd, end: lineEnd }, newText: `\n${indent}${copy}` }
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

function missingDiagnostics(document: LangiumDocument): Diagnostic[] {
    return (document.diagnostics ?? []).filter(d => {
        const code = (d.data as { code?: string } | undefined)?.code ?? d.code;
        return code === MISSING_FLOW || code === PARTIAL_FLOW;
    });
}
