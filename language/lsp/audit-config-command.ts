import { AstUtils, URI, type AstNode } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { DiagnosticSeverity, type CancellationToken, type Diagnostic } from 'vscode-languageserver';
import type { AuditReport } from '../audit/audit-plan.js';
import type { PlanAnalysis } from '../analysis/analyze-plan.js';
import { auditMarkdown, auditSummary, flowLine, guardrailLine } from '../audit/audit-report-markdown.js';
import { withCodeDescription } from '../validation/finding-documentation.js';
import { ConfigError } from '../audit/importers/importer.js';
import { IMPORTERS } from '../audit/importers/registry.js';
import { AuditInputError, PLAN_ERRORS_THAT_STOP_AN_AUDIT, runAudit } from '../audit/run-audit.js';
import { planErrors } from '../emit/generate.js';
import type { SegplanServices } from '../segplan-module.js';
import { readValidatedPlan } from './read-validated-plan.js';

/** The server command "SegPlan: Audit Firewall Config…" calls. */
export const AUDIT_CONFIG_COMMAND = 'segplan.server.auditConfig';
/** The formats the audit reads, for the command's format picker: the client bundles no importer. */
export const LIST_AUDIT_FORMATS_COMMAND = 'segplan.server.listAuditFormats';

export function auditFormats(): { id: string; label: string; detail: string }[] {
    return IMPORTERS.map(i => ({ id: i.id, label: i.label, detail: i.detail }));
}

export interface AuditConfigParams {
    /** The plan. */
    readonly uri: string;
    /** The configuration file: its URI (for diagnostics), the name shown, and its text. */
    readonly config: { readonly uri: string; readonly name: string; readonly text: string };
    /** A format id; undefined: detected from the content. */
    readonly format?: string;
    readonly maps?: readonly string[];
}

export type AuditConfigOutcome =
    | {
        readonly kind: 'audited';
        readonly summary: string;
        readonly markdown: string;
        /** Diagnostics by document URI: the plan (and the files it imports) and the configuration. */
        readonly diagnostics: Record<string, Diagnostic[]>;
    }
    | { readonly kind: 'error'; readonly message: string };

const SOURCE = 'SegPlan audit';

function rangeOf(node: AstNode) {
    return node.$cstNode?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
}

function lineRange(text: string, line: number) {
    const lines = text.split(/\r?\n/);
    const index = Math.min(Math.max(line - 1, 0), Math.max(lines.length - 1, 0));
    return { start: { line: index, character: 0 }, end: { line: index, character: (lines[index] ?? '').length } };
}

/** The report as diagnostics: flows the firewall does not let through on the plan, what decides them on the configuration. */
function diagnosticsOf(report: AuditReport, config: AuditConfigParams['config']): Record<string, Diagnostic[]> {
    const out: Record<string, Diagnostic[]> = { [config.uri]: [] };
    const add = (uri: string, d: Diagnostic) => (out[uri] ??= []).push(withCodeDescription({ ...d, source: SOURCE }));
    const at = (line: number) => lineRange(config.text, line);
    for (const f of report.flows) {
        if (!f.counts || f.verdict === 'allowed') continue;
        const node = f.result.flow.source.node;
        const place = f.decidedBy && f.decidedBy.line > 0 ? ` (${config.name}:${f.decidedBy.line})` : '';
        const verb = f.verdict === 'blocked' ? 'blocks' : f.verdict === 'partial' ? 'lets only part of' : 'cannot tell whether it allows';
        add(AstUtils.getDocument(node).uri.toString(), {
            range: rangeOf(node), severity: f.verdict === 'unknown' ? DiagnosticSeverity.Warning : DiagnosticSeverity.Error, code: `audit-${f.verdict}`,
            message: `The deployed firewall${place} ${verb} ${flowLine(f)}: ${f.result.flow.purpose}${f.why ? ` (${f.why})` : ''}.`
        });
        if (f.decidedBy && f.decidedBy.line > 0) {
            add(config.uri, { range: at(f.decidedBy.line), severity: DiagnosticSeverity.Error, code: `audit-${f.verdict}`, message: `Decides that ${flowLine(f)} (${f.result.flow.purpose}) is ${f.verdict}: the plan requires it.` });
        }
    }
    for (const o of report.overPermit) {
        add(config.uri, {
            range: at(o.decidedBy.line), severity: DiagnosticSeverity.Warning, code: 'audit-over-permit',
            message: `Allows zone ${o.sourceZone} → zone ${o.destinationZone} ${o.protocol} ${o.ports}${o.broad ? ' (no port or address limit)' : ''} beyond the plan's allow rules.`
        });
    }
    for (const g of report.guardrails) {
        const message = `${guardrailLine(g)}.`;
        add(config.uri, { range: at(g.decidedBy.line), severity: DiagnosticSeverity.Error, code: 'guardrail-violated', message });
        add(AstUtils.getDocument(g.deny.node).uri.toString(), { range: rangeOf(g.deny.node), severity: DiagnosticSeverity.Error, code: 'guardrail-violated', message: `${message} (${config.name}:${g.decidedBy.line})` });
    }
    for (const e of report.expired) {
        add(AstUtils.getDocument(e.rule.node).uri.toString(), {
            range: rangeOf(e.rule.node), severity: DiagnosticSeverity.Warning, code: 'audit-expired',
            message: `The deployed firewall (${config.name}:${e.decidedBy.line}) still lets this rule through after ${e.until}.`
        });
    }
    for (const u of report.unevaluated) {
        add(config.uri, { range: at(u.line), severity: DiagnosticSeverity.Information, code: 'audit-unevaluated', message: `Not evaluated: ${u.why}.` });
    }
    for (const w of report.warnings) {
        add(config.uri, { range: at(w.line), severity: DiagnosticSeverity.Warning, code: 'audit-read-as-masked', message: `${w.why}.` });
    }
    return out;
}

/**
 * Audits a deployed configuration against a plan with the analysis the diagnostics come from and
 * the code path `segplan audit` uses; the client shows the diagnostics and the Markdown report.
 */
export async function auditConfigCommand(shared: LangiumSharedServices, params: AuditConfigParams | undefined, token: CancellationToken): Promise<AuditConfigOutcome> {
    if (!params || typeof params.uri !== 'string' || typeof params.config?.text !== 'string' || typeof params.config.uri !== 'string') {
        return { kind: 'error', message: 'Auditing needs the plan and a configuration file.' };
    }
    const uri = URI.parse(params.uri);
    const services = shared.ServiceRegistry.getServices(uri) as SegplanServices;
    const analyzer = services.analysis.PlanAnalyzer;
    const loaded = await readValidatedPlan(shared, uri, token, (document): { errors: string[] } | { analysis: PlanAnalysis } => {
        const errors = planErrors(services, document, PLAN_ERRORS_THAT_STOP_AN_AUDIT);
        return errors.length > 0 ? { errors } : { analysis: analyzer.analysis(document) };
    });
    if (!('read' in loaded)) return { kind: 'error', message: loaded.message };
    const read = loaded.read;
    if ('errors' in read) return { kind: 'error', message: `The plan has ${read.errors.length} error(s) that leave it incomplete; fix them before auditing: ${read.errors.slice(0, 3).join('; ')}` };
    const analysis = read.analysis;
    try {
        const report = await runAudit(analysis, [{ text: params.config.text, file: params.config.name }], {
            format: params.format || undefined, maps: params.maps ?? [], now: new Date(), catalog: services.analysis.PlanAnalyzer.catalog()
        });
        return {
            kind: 'audited',
            summary: `${params.config.name} (${report.policyKind}): ${auditSummary(report)}.`,
            markdown: auditMarkdown(report, analysis.plan.name, params.config.name),
            diagnostics: diagnosticsOf(report, params.config)
        };
    } catch (error) {
        if (error instanceof ConfigError || error instanceof AuditInputError) return { kind: 'error', message: error.message };
        throw error;
    }
}
