import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import { auditPlan, type AuditReport } from '../../language/audit/audit-plan.js';
import { ConfigError } from '../../language/audit/importers/importer.js';
import { detectImporter, findImporter, IMPORTERS } from '../../language/audit/importers/registry.js';
import { AddressSet } from '../../language/model/addresses.js';
import { EVERY_ADDRESS } from '../../language/audit/traffic-space.js';
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
}

/** The deployed configuration may be large; above this it is refused with a message, never read into memory. */
const MAX_CONFIG_BYTES = 64 * 1024 * 1024;
const INCOMPLETE_PLAN_CODES = new Set(['lexing-error', 'parsing-error', 'linking-error', 'unknown-component-type', 'unknown-name', 'invalid-address']);
const FAIL_ON = ['blocked', 'partial', 'over-permit', 'expired', 'unknown'] as const;

/**
 * `segplan audit <plan> --config <file> [--config-format nftables|iptables|cisco-asa] [--format text|json|sarif|markdown]
 * [--map zone=interface …] [--host component] [--fail-on blocked,partial,over-permit,expired|none] [--now ISO-time]`.
 * Exit 0 when nothing the --fail-on list names was found, 1 when something was, 2 for usage, I/O or
 * configuration errors.
 */
async function readConfig(file: string, format: string | undefined) {
    let size: number;
    try {
        size = (await stat(file)).size;
    } catch (error) {
        throw new UsageError(`Cannot read '${file}': ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}.`);
    }
    if (size > MAX_CONFIG_BYTES) throw new UsageError(`'${file}' is ${Math.round(size / 1048576)} MB; the audit reads configurations up to ${MAX_CONFIG_BYTES / 1048576} MB.`);
    const text = await readFile(file, 'utf8');
    const importer = format ? findImporter(format) : detectImporter(text);
    if (!importer) {
        throw new UsageError(format
            ? `Unknown --config-format '${format}'. Formats: ${IMPORTERS.map(i => i.id).join(', ')}.`
            : `Cannot tell what kind of configuration '${file}' is. Give --config-format (${IMPORTERS.map(i => `${i.id}: ${i.label}`).join('; ')}).`);
    }
    const relative = path.relative(process.cwd(), path.resolve(file));
    return { text, importer, shown: relative.startsWith('..') ? path.resolve(file) : relative };
}

export async function auditCommand(targets: string[], options: AuditCommandOptions): Promise<number> {
    if (targets.length !== 1) throw new UsageError('segplan audit needs exactly one plan file.');
    if (options.configs.length === 0) throw new UsageError('segplan audit needs --config <file>: the deployed configuration to audit.');
    const format = options.format ?? 'text';
    if (!['text', 'json', 'sarif', 'markdown'].includes(format)) throw new UsageError(`--format must be text, json, sarif or markdown, not '${format}'.`);
    const failOn = new Set((options.failOn ?? 'blocked,partial,over-permit,expired').split(',').map(s => s.trim()).filter(s => s && s !== 'none'));
    for (const f of failOn) if (!(FAIL_ON as readonly string[]).includes(f)) throw new UsageError(`--fail-on takes ${FAIL_ON.join(', ')} or none, not '${f}'.`);
    const now = options.now ? new Date(options.now) : new Date();
    if (Number.isNaN(now.getTime())) throw new UsageError(`--now must be an ISO date and time, not '${options.now}'.`);

    const configs = await Promise.all(options.configs.map(file => readConfig(file, options.configFormat)));
    const { services, documents } = await loadWorkspace(targets);
    const document = documents[0];
    const analyzer = services.analysis.PlanAnalyzer;
    if (!document || !analyzer.isPlan(document)) throw new UsageError(`${targets[0]} is not a plan: a plan file starts with plan "<name>".`);
    // A plan the parser could not read whole, or that names what does not exist, has incomplete
    // requirements; findings about coverage (missing flows …) are what the audit is for.
    const errors = planErrors(services, document, INCOMPLETE_PLAN_CODES);
    if (errors.length > 0) {
        process.stderr.write(`segplan: ${displayPath(document)} has ${errors.length} error(s) that leave the plan incomplete; fix them before auditing:\n`);
        for (const e of errors.slice(0, 20)) process.stderr.write(`  ${e}\n`);
        return 1;
    }
    const analysis = analyzer.analysis(document);
    const interfaces = new Map<string, AddressSet>();
    for (const map of options.maps) {
        const [zone, name] = map.split('=');
        const z = analysis.plan.zones.get(zone ?? '');
        if (!z || !name) throw new UsageError(`--map takes <zone>=<interface> with a zone of the plan, not '${map}'.`);
        interfaces.set(name, (interfaces.get(name) ?? AddressSet.EMPTY).union(z.internet ? EVERY_ADDRESS : z.networks));
    }
    // A zone no --map names is its own interface name, as `segplan generate` writes it (ASA nameif,
    // PAN-OS and FortiGate zones).
    const mapped = new Set(options.maps.map(m => m.split('=')[0]));
    for (const z of analysis.plan.zones.values()) {
        if (!mapped.has(z.name) && !interfaces.has(z.name)) interfaces.set(z.name, z.internet ? EVERY_ADDRESS : z.networks);
    }
    const host = options.host !== undefined ? analysis.plan.instances.get(options.host) : undefined;
    if (options.host !== undefined && !host) throw new UsageError(`The plan has no component '${options.host}'.`);
    const hook = host ? 'input' : 'forward';
    let report: AuditReport;
    try {
        const policies = [];
        for (const c of configs) policies.push(await c.importer.import(c.text, { file: c.shown, interfaces, hook, now }));
        report = auditPlan(analysis, policies, { now, hook, host });
    } catch (error) {
        if (error instanceof ConfigError) throw new UsageError(error.message);
        throw error;
    }
    const planFile = displayPath(document);
    const configFile = configs.map(c => c.shown).join(', ');
    const out = format === 'json' ? auditJson(report) : format === 'sarif' ? auditSarif(report, planFile, configFile)
        : format === 'markdown' ? auditMarkdown(report, analysis.plan.name, configFile) : auditText(report, configFile);
    process.stdout.write(out);
    const found = {
        blocked: report.flows.some(f => f.counts && f.verdict === 'blocked'),
        partial: report.flows.some(f => f.counts && f.verdict === 'partial'),
        'over-permit': report.overPermit.length > 0,
        expired: report.expired.length > 0,
        unknown: report.flows.some(f => f.counts && f.verdict === 'unknown')
    };
    return [...failOn].some(f => found[f as keyof typeof found]) ? 1 : 0;
}
