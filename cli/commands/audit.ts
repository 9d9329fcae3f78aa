import { NotReadableError, readRegularText } from '../../language/workspace/node/regular-file.js';
import * as path from 'node:path';
import type { AuditReport } from '../../language/audit/audit-plan.js';
import { ConfigError } from '../../language/audit/importers/importer.js';
import { AuditInputError, PLAN_ERRORS_THAT_STOP_AN_AUDIT, runAudit } from '../../language/audit/run-audit.js';
import { planErrors } from '../../language/emit/generate.js';
import { auditJson, auditMarkdown, auditSarif, auditText } from '../audit-output.js';
import { displayPath, loadWorkspace } from '../plan-workspace.js';
import { UsageError } from '../usage-error.js';

export interface AuditCommandOptions {
    readonly configs: readonly string[];
    readonly configFormat?: string;
    readonly format?: string;
    readonly maps: readonly string[];
    readonly host?: string;
    readonly failOn?: string;
    readonly now?: string;
    readonly deviceGroup?: string;
}

/** The deployed configuration may be large; above this it is refused with a message, never read into memory. */
const MAX_CONFIG_BYTES = 64 * 1024 * 1024;
const FAIL_ON = ['blocked', 'partial', 'over-permit', 'expired', 'guardrail', 'unknown'] as const;

/**
 * `segplan audit <plan> --config <file> [--config-format <importer id>] [--format text|json|sarif|markdown]
 * [--map zone=interface …] [--host component] [--fail-on blocked,partial,over-permit,expired,guardrail|none] [--now ISO-time]`.
 * Exit 0 when nothing the --fail-on list names was found, 1 when something was, 2 for usage, I/O or
 * configuration errors and when every required flow is unknown or none passes this firewall (nothing was audited).
 */
export function readConfig(file: string) {
    let text: string;
    try {
        text = readRegularText(file, MAX_CONFIG_BYTES);
    } catch (error) {
        if (error instanceof NotReadableError) {
            // The size limit is the audit's own: say so, with the file's size.
            const size = error.code === 'EFBIG' ? /^is ([\d.]+) MB/.exec(error.reason)?.[1] : undefined;
            throw new UsageError(size
                ? `Cannot read '${file}': it is ${size} MB; the audit reads configurations up to ${MAX_CONFIG_BYTES / 1048576} MB.`
                : `Cannot read '${file}': it ${error.reason}.`);
        }
        throw new UsageError(`Cannot read '${file}': ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
    }
    const relative = path.relative(process.cwd(), path.resolve(file));
    return { text, file: relative.startsWith('..') ? path.resolve(file) : relative };
}

/** `--now`: when rules with a time condition are judged (default: the time of the run). */
export function timeOfJudging(now: string | undefined): Date {
    const at = now ? new Date(now) : new Date();
    if (Number.isNaN(at.getTime())) throw new UsageError(`--now must be an ISO date and time, not '${now}'.`);
    return at;
}

/** The configuration files and the one plan they are judged against (audit, verify). */
export async function loadPlanAndConfigs(targets: string[], configFiles: readonly string[]) {
    const configs = configFiles.map(file => readConfig(file));
    const { services, documents } = await loadWorkspace(targets);
    const document = documents[0];
    const analyzer = services.analysis.PlanAnalyzer;
    if (!document || !analyzer.isPlan(document)) throw new UsageError(`${targets[0]} is not a plan: a plan file starts with plan "<name>".`);
    return { configs, services, document, analyzer };
}

export async function auditCommand(targets: string[], options: AuditCommandOptions): Promise<number> {
    if (targets.length !== 1) throw new UsageError('segplan audit needs exactly one plan file.');
    if (options.configs.length === 0) throw new UsageError('segplan audit needs --config <file>: the deployed configuration to audit.');
    const format = options.format ?? 'text';
    if (!['text', 'json', 'sarif', 'markdown'].includes(format)) throw new UsageError(`--format must be text, json, sarif or markdown, not '${format}'.`);
    const failOn = new Set((options.failOn ?? 'blocked,partial,over-permit,expired,guardrail').split(',').map(s => s.trim()).filter(s => s && s !== 'none'));
    for (const f of failOn) if (!(FAIL_ON as readonly string[]).includes(f)) throw new UsageError(`--fail-on takes ${FAIL_ON.join(', ')} or none, not '${f}'.`);
    const now = timeOfJudging(options.now);

    const { configs, services, document, analyzer } = await loadPlanAndConfigs(targets, options.configs);
    // A plan the parser could not read whole, or that names what does not exist, has incomplete
    // requirements; findings about coverage (missing flows …) are what the audit is for.
    const errors = planErrors(services, document, PLAN_ERRORS_THAT_STOP_AN_AUDIT);
    if (errors.length > 0) {
        process.stderr.write(`segplan: ${displayPath(document)} has ${errors.length} error(s) that leave the plan incomplete; fix them before auditing:\n`);
        for (const e of errors.slice(0, 20)) process.stderr.write(`  ${e}\n`);
        return 1;
    }
    const analysis = analyzer.analysis(document);
    const host = options.host !== undefined ? analysis.plan.facts.instances.get(options.host) : undefined;
    if (options.host !== undefined && !host) throw new UsageError(`The plan has no component '${options.host}'.`);
    let report: AuditReport;
    try {
        report = await runAudit(analysis, configs, { format: options.configFormat, formatOption: '--config-format', maps: options.maps, now, host, catalog: analyzer.catalog(), deviceGroup: options.deviceGroup });
    } catch (error) {
        if (error instanceof ConfigError || error instanceof AuditInputError) throw new UsageError(error.message);
        throw error;
    }
    const planFile = displayPath(document);
    const configFile = configs.map(c => c.file).join(', ');
    const out = format === 'json' ? auditJson(report) : format === 'sarif' ? auditSarif(report, planFile, configFile)
        : format === 'markdown' ? auditMarkdown(report, analysis.plan.name, configFile) : auditText(report, configFile);
    process.stdout.write(out);
    // A configuration that decides none of the flows it was asked about was not audited: never a clean exit.
    const counted = report.flows.filter(f => f.counts);
    if (counted.length > 0 && counted.every(f => f.verdict === 'unknown')) {
        process.stderr.write(`segplan: nothing was audited: the configuration decides none of the ${counted.length} required flow(s) (each is unknown; see why above).\n`);
        return 2;
    }
    // A plan none of whose required flows pass this firewall (all inside their zones) has nothing here to audit.
    const notSeen = report.flows.filter(f => f.verdict === 'not-seen' && f.result.status !== 'not-required');
    if (counted.length === 0 && notSeen.length > 0) {
        process.stderr.write(`segplan: nothing was audited: none of the plan's ${notSeen.length} required flow(s) passes this firewall (${notSeen[0].why}).\n`);
        return 2;
    }
    const found = {
        blocked: report.flows.some(f => f.counts && f.verdict === 'blocked'),
        partial: report.flows.some(f => f.counts && f.verdict === 'partial'),
        'over-permit': report.overPermit.length > 0,
        expired: report.expired.length > 0,
        guardrail: report.guardrails.length > 0,
        unknown: report.flows.some(f => f.counts && f.verdict === 'unknown')
    };
    return [...failOn].some(f => found[f as keyof typeof found]) ? 1 : 0;
}
