import type { LangiumDocument } from 'langium';
import type { Diagnostic, Position, TextEdit } from 'vscode-languageserver-types';
import { isAllowRule, isInstance, type AllowRule, type SegplanDocument } from '../generated/ast.js';
import { MISSING_FLOW, PARTIAL_FLOW } from '../analysis/flow-findings.js';
import type { PlanAnalyzer } from '../analysis/plan-analyzer.js';
import { formatPorts, parsePortText, portSetOf, subtractPorts, type PortRange, type PortSet } from '../network/ports.js';
import { denyAgainst, partsOutsideDenies } from './deny-gate.js';
import { lineEnd, quoted } from './plan-edits.js';

// The allow rules that let missing and partly allowed flows through, as edits of the plan: what
// the editor's quick fixes and "fix all" write, and what an agent is shown (segplan mcp). Every
// edit is minimal: a line inserted next to the rules a reader would look at, or ports added to the
// rule already between the two components; nothing else in the file moves.

/** What a missing-flow or partial-flow diagnostic carries for its quick fixes (see flow-findings.ts). */
export interface FlowFacts {
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
export function flowsOf(facts: FlowFacts): FlowFacts[] {
    return facts.flows?.length ? [...facts.flows] : [facts];
}

/** Flows between the same endpoints joined into one rule each per protocol and lifetime: their ports merged, purposes listed. */
export function joinFlows(flows: readonly FlowFacts[]): FlowFacts[] {
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
    return [...groups.values()].map(g => ({ source: g.source, destination: g.destination, protocol: g.protocol, installOnly: g.installOnly, ports: formatPorts(g.set), purpose: shortPurpose([...g.purposes]) }));
}

/**
 * One short purpose for a rule that serves several flows: the first, and how many more. A plan
 * is a document people review; the purpose of each port is on its hover (and in `segplan explain`).
 */
function shortPurpose(purposes: readonly string[]): string {
    // A requirement that stands for several catalog rows lists their purposes with `; ` (required-flows.ts).
    const each = [...new Set(purposes.flatMap(p => p.split('; ')))];
    return each.length === 1 ? each[0] : `${each[0]} and ${each.length - 1} more`;
}

/** How long a temporary (install-only) rule stays open when a quick fix writes `until`. */
const TEMPORARY_DAYS = 30;

export function temporaryUntil(today = new Date()): string {
    const date = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate() + TEMPORARY_DAYS));
    return date.toISOString().slice(0, 10);
}

export function parsePortList(text: string): PortSet {
    const ranges: PortRange[] = [];
    for (const part of text.split(',').map(p => p.trim()).filter(Boolean)) {
        const parsed = parsePortText(part);
        if ('range' in parsed) ranges.push(parsed.range);
    }
    return portSetOf(ranges);
}

function rules(document: LangiumDocument): AllowRule[] {
    return ((document.parseResult.value as SegplanDocument).elements ?? []).filter(isAllowRule);
}

export function ruleText(facts: FlowFacts): string {
    const until = facts.installOnly ? ` until ${temporaryUntil()}` : '';
    return `allow ${facts.source} -> ${facts.destination} ${facts.protocol} ${facts.ports} ${quoted(facts.purpose)}${until}`;
}

/** An allow rule naming exactly these two endpoints and protocol, with explicit ports to extend. */
export function sameEndpointsRule(document: LangiumDocument, facts: FlowFacts): AllowRule | undefined {
    return rules(document).find(r => r.sources.length === 1 && r.destinations.length === 1
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
export function extendableRule(document: LangiumDocument, facts: FlowFacts): AllowRule | undefined {
    const sources = facts.source.split(', '), destinations = facts.destination.split(', ');
    const ports = parsePortList(facts.ports);
    if (ports.length === 0) return undefined;
    const candidates = rules(document).filter(r => r.protocol === facts.protocol && r.ports.length > 0 && !r.until === !facts.installOnly
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

export function addPortsEdit(document: LangiumDocument, rule: AllowRule, ports: string): TextEdit {
    const last = rule.ports[rule.ports.length - 1].$cstNode!;
    const position = document.textDocument.positionAt(last.end);
    return { range: { start: position, end: position }, newText: `, ${ports}` };
}

export interface InsertionPoint {
    readonly position: Position;
    readonly indent: string;
    readonly atEnd: boolean;
}

/**
 * A new rule goes on its own line after the last rule from the same source (where a reader
 * looks for it), else after the last rule, else at the end of the file.
 */
export function insertionPoint(document: LangiumDocument, source: string): InsertionPoint {
    const all = rules(document);
    const anchor = [...all].reverse().find(r => r.sources.some(s => s.target?.$refText === source)) ?? all[all.length - 1];
    const text = document.textDocument.getText();
    if (anchor?.$cstNode) {
        const lineStart = document.textDocument.offsetAt({ line: anchor.$cstNode.range.start.line, character: 0 });
        const indent = /^[ \t]*/.exec(text.slice(lineStart))![0];
        return { position: lineEnd(document, anchor.$cstNode.range.end.line), indent, atEnd: false };
    }
    return { position: document.textDocument.positionAt(text.length), indent: '', atEnd: true };
}

/** The edit that inserts rule lines at an insertion point. */
export function insertLines(document: LangiumDocument, point: InsertionPoint, lines: string[]): TextEdit {
    const range = { start: point.position, end: point.position };
    const body = lines.map(l => `${point.indent}${l}`).join('\n');
    if (!point.atEnd) return { range, newText: `\n${body}` };
    const text = document.textDocument.getText();
    const newline = text.length === 0 || text.endsWith('\n') ? '' : '\n';
    return { range, newText: `${newline}\n${body}\n` };
}

/** The missing-flow and partial-flow diagnostics of a file. */
export function missingDiagnostics(document: LangiumDocument): Diagnostic[] {
    return (document.diagnostics ?? []).filter(d => {
        const code = (d.data as { code?: string } | undefined)?.code ?? d.code;
        return code === MISSING_FLOW || code === PARTIAL_FLOW;
    });
}

/** The rules "allow all missing flows" writes in one file, and what it leaves out. */
export interface AllowAllMissing {
    /** `Allow all 7 missing flows (4 rules)`: what the editor's action is called. */
    readonly title: string;
    /** The edits, before they are written (see asWritten: line endings, lined-up columns). */
    readonly edits: TextEdit[];
    /** The missing and partly allowed flows the file's findings stand for. */
    readonly flows: number;
    /**
     * Per endpoint pair, protocol and lifetime: ports added to the rule already between the
     * endpoints (`extends`), or a new rule inserted at `at`.
     */
    readonly rules: readonly (FlowFacts & { readonly text: string; readonly extends?: AllowRule; readonly at?: InsertionPoint })[];
    /**
     * Flows a deny of the plan takes wholly (`whole`) or some ports of: what the deny forbids is
     * never written; `text` is the rule the flow alone would need.
     */
    readonly leftOut: readonly (FlowFacts & { readonly text: string; readonly deny: string; readonly whole: boolean })[];
}

/**
 * What of each flow no deny forbids, as flows to write (see deny-gate.ts: per pair of components
 * and protocol, the ports no deny takes), and the flows a deny takes wholly (`whole`) or some
 * ports of (`partial`), each with the deny that takes it.
 */
export function flowsOutsideDenies(analyzer: PlanAnalyzer | undefined, document: LangiumDocument, flows: readonly FlowFacts[]) {
    const allowed: FlowFacts[] = [];
    const leftOut: (FlowFacts & { text: string; deny: string; whole: boolean })[] = [];
    for (const f of flows) {
        const { parts, cut } = partsOutsideDenies(analyzer, document, f);
        for (const part of parts) allowed.push({ ...part, purpose: f.purpose, installOnly: f.installOnly });
        if (!cut) continue;
        const deny = denyAgainst(analyzer, document, f) ?? 'a deny';
        leftOut.push({ ...f, flows: undefined, text: ruleText(f), deny, whole: parts.length === 0 });
    }
    return { allowed, leftOut, whole: leftOut.filter(l => l.whole).length, partial: leftOut.filter(l => !l.whole).length };
}

/**
 * One edit for every missing or partly allowed flow of the file: a rule per endpoint pair, with
 * exactly the ports no deny forbids. What a deny forbids is never written: the title counts the
 * flows a deny takes wholly or in part, and each has its required-flow-denied finding on the
 * deny. Undefined when there is nothing to write.
 */
export function allowAllMissing(document: LangiumDocument, analyzer: PlanAnalyzer | undefined): AllowAllMissing | undefined {
    const { allowed, leftOut, whole, partial } = flowsOutsideDenies(analyzer, document, missingDiagnostics(document).flatMap(d => flowsOf(d.data as FlowFacts)));
    const joined = joinFlows(allowed);
    if (joined.length === 0) return undefined;
    // Rules inserted at the same place are joined into one edit so they land in a stable order.
    const inserts = new Map<string, { point: InsertionPoint; lines: string[] }>();
    const extensions: TextEdit[] = [];
    const written: (FlowFacts & { text: string; extends?: AllowRule; at?: InsertionPoint })[] = [];
    for (const facts of joined) {
        const existing = sameEndpointsRule(document, facts);
        if (existing) {
            extensions.push(addPortsEdit(document, existing, facts.ports));
            written.push({ ...facts, text: ruleText(facts), extends: existing });
            continue;
        }
        const point = insertionPoint(document, facts.source);
        const key = `${point.position.line}:${point.position.character}`;
        const entry = inserts.get(key) ?? { point, lines: [] };
        entry.lines.push(ruleText(facts));
        inserts.set(key, entry);
        written.push({ ...facts, text: entry.lines[entry.lines.length - 1], at: point });
    }
    const edits = [...extensions, ...[...inserts.values()].map(e => insertLines(document, e.point, e.lines))];
    const flows = missingDiagnostics(document).reduce((n, d) => n + flowsOf(d.data as FlowFacts).length, 0);
    const count = joined.length;
    const denied = whole + partial === 0 ? ''
        : whole === 0 ? `; ${partial} allowed in part: a deny forbids the rest`
            : `; ${whole} left out${partial ? ` and ${partial} allowed in part` : ''}: a deny forbids ${whole + partial === 1 ? 'it' : partial ? 'the rest' : 'them'}`;
    return {
        title: `Allow all ${flows} missing flow${flows === 1 ? '' : 's'} (${count} rule${count === 1 ? '' : 's'}${denied})`,
        edits, flows, rules: written, leftOut
    };
}
