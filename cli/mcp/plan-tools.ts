import { explainFlows, explainText } from '../../language/analysis/explain-flows.js';
import { MATRIX_FORMATS, renderZoneMatrix, type MatrixFormat } from '../../language/diagram/render-zone-matrix.js';
import { buildZoneMatrix } from '../../language/diagram/zone-matrix.js';
import { planErrors } from '../../language/emit/generate.js';
import { findingDocumentationUrl } from '../../language/validation/finding-documentation.js';
import { checkReport, checkText } from '../commands/check.js';
import { explainJson, planComponent } from '../commands/explain.js';
import { answerTrafficQuestion } from '../commands/query.js';
import { fullDiagnostic } from '../diagnostics.js';
import { printable } from '../terminal-text.js';
import { citationsJson, MessageCitations } from './citations.js';
import type { McpServer } from './mcp-sdk.js';
import { z } from './mcp-sdk.js';
import { loadPlan, planInputShape } from './plan-input.js';
import { toolAnswer, ToolInputError } from './tool-result.js';
import type { ToolContext } from './tool-context.js';

/** How many findings check_plan lists unless asked for more: a model reads every line it is given. */
const DEFAULT_FINDINGS = 200;

/** A warning in front of an answer about a plan with errors: it holds for the plan as far as it was read. */
function errorsNote(file: string, errors: readonly string[], what: string): string {
    return errors.length === 0 ? '' : `warning: ${printable(file)} has ${errors.length} error(s); ${what} the plan as far as it could be read (check_plan lists them).\n\n`;
}

export function registerPlanTools(server: McpServer, context: ToolContext): void {
    server.registerTool('check_plan', {
        title: 'Check a segmentation plan',
        description: 'Checks a SegPlan plan as `segplan check` does: every finding (file, line, severity, code, message, the vendor documents it cites, '
            + 'a link to the finding\'s documentation) and the coverage summary (required flows between zones the allow rules let through, per zone pair). '
            + `Lists the first ${DEFAULT_FINDINGS} findings, errors first, unless \`limit\` asks for more.`,
        inputSchema: z.object({
            ...planInputShape,
            hints: z.boolean().optional().describe('Also list hints (flows inside one zone, which need no network rule).'),
            limit: z.number().int().min(1).optional().describe(`How many findings to list (default ${DEFAULT_FINDINGS}); the counts are always of all.`)
        }),
        annotations: context.readOnly
    }, input => context.answer(async () => {
        const plan = await loadPlan(input);
        const report = checkReport(plan, input.hints === true);
        const citations = new MessageCitations(plan.services.analysis.PlanAnalyzer.catalog());
        const limit = input.limit ?? DEFAULT_FINDINGS;
        // The most severe first when not all are listed; in file order, as the CLI prints them, within a severity.
        const rank = { error: 0, warning: 1, info: 2, hint: 3 };
        const listed = report.diagnostics.length <= limit ? report.diagnostics : [...report.diagnostics].sort((a, b) => rank[a.severity] - rank[b.severity]).slice(0, limit);
        const findings = listed.map(d => ({ ...fullDiagnostic(d), citations: citations.in(d.message), documentation: findingDocumentationUrl(d.code) }));
        const lines = [...checkText({ ...report, diagnostics: listed })];
        if (listed.length < report.diagnostics.length) lines.splice(listed.length, 0, `… and ${report.diagnostics.length - listed.length} more findings (ask with a larger limit to list them)`);
        for (const d of report.notChecked) lines.push(`${printable(d.file)} was not fully checked: ${printable(d.message)}`);
        return toolAnswer(lines.join('\n') + '\n', {
            plan: plan.services.analysis.PlanAnalyzer.analysis(plan.document).plan.name,
            file: plan.file,
            // A file SegPlan could not check has no verdict: neither clean nor a list of findings.
            checked: report.notChecked.length === 0,
            summary: report.summary,
            coverage: report.coverage,
            findings,
            listed: findings.length,
            total: report.diagnostics.length,
            suppressed: report.suppressed.map(fullDiagnostic),
            notChecked: report.notChecked
        });
    }));

    server.registerTool('explain_flows', {
        title: 'Explain the flows between two components',
        description: 'As `segplan explain`: which catalog flows apply between two components of the plan and why (type, OS, platform, scope, feature, relation), '
            + 'and which were considered and are not required and why, each with the vendor documents it cites. For when a requirement looks wrong.',
        inputSchema: z.object({
            ...planInputShape,
            from: z.string().describe('A component of the plan, by name.'),
            to: z.string().describe('Another component of the plan (or the same), by name.')
        }),
        annotations: context.readOnly
    }, input => context.answer(async () => {
        const plan = await loadPlan(input);
        const analyzer = plan.services.analysis.PlanAnalyzer;
        const analysis = analyzer.analysis(plan.document);
        const model = analysis.plan;
        const explained = explainFlows(analysis, analyzer.catalog(), planComponent(model, input.from), planComponent(model, input.to));
        const json = explainJson(explained);
        return toolAnswer(explainText(explained), {
            from: input.from, to: input.to,
            flows: json.map((f, i) => ({ ...f, sources: citationsJson(explained[i].flow.sources) }))
        });
    }));

    server.registerTool('query_traffic', {
        title: 'May this traffic pass?',
        description: 'As `segplan query`: may traffic from one end to the other on a protocol and port pass the plan? The verdict (allowed, partly-allowed, cannot-tell, '
            + 'not-allowed, denied), the allow rules that let it through, the denies that forbid it and the required flows that need it, each with its plan line.',
        inputSchema: z.object({
            ...planInputShape,
            from: z.string().describe('A zone, component or address (an address, range or CIDR), or `any`.'),
            to: z.string().describe('A zone, component or address, or `any`.'),
            protocol: z.string().describe('tcp or udp.'),
            port: z.union([z.number(), z.string()]).describe('A port, 1 to 65535.')
        }),
        annotations: context.readOnly
    }, input => context.answer(async () => {
        const plan = await loadPlan(input);
        const result = answerTrafficQuestion(plan.services, plan.document, { from: input.from, to: input.to, protocol: input.protocol, port: String(input.port) });
        return toolAnswer(errorsNote(plan.file, result.errors, 'the answer holds for') + result.text, { ...result.json, planErrors: result.errors.length });
    }));

    server.registerTool('matrix', {
        title: 'Zone matrix',
        description: 'As `segplan matrix`: for each pair of zones, what the allow rules open, what the denies forbid, what the vendors require and where they conflict, '
            + 'with plan lines. The text in the format asked for (text, markdown or csv); the structured content is the matrix as `--format json` writes it.',
        inputSchema: z.object({
            ...planInputShape,
            format: z.string().optional().describe('text (default), markdown or csv.')
        }),
        annotations: context.readOnly
    }, input => context.answer(async () => {
        const format = input.format ?? 'text';
        if (format === 'json' || !(MATRIX_FORMATS as readonly string[]).includes(format)) {
            throw new ToolInputError(`format must be ${MATRIX_FORMATS.filter(f => f !== 'json').join(', ')}, not '${format}' (the structured content is the JSON).`);
        }
        const plan = await loadPlan(input);
        const analyzer = plan.services.analysis.PlanAnalyzer;
        const matrix = buildZoneMatrix(analyzer.analysis(plan.document), analyzer.catalog());
        const errors = planErrors(plan.services, plan.document);
        return toolAnswer(errorsNote(plan.file, errors, 'the matrix shows') + renderZoneMatrix(matrix, format as MatrixFormat),
            { ...JSON.parse(renderZoneMatrix(matrix, 'json')) as Record<string, unknown>, planErrors: errors.length });
    }));
}
