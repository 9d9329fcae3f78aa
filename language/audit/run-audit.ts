import type { PlanAnalysis } from '../analysis/analyze-plan.js';
import { AddressSet } from '../model/addresses.js';
import type { PlanInstance } from '../plan/plan-model.js';
import { auditPlan, type AuditReport } from './audit-plan.js';
import type { FirewallPolicy } from './firewall-policy.js';
import { detectImporter, findImporter, IMPORTERS } from './importers/registry.js';
import { EVERY_ADDRESS } from './traffic-space.js';

/** A deployed configuration as read: its text and the name it is shown by. */
export interface ConfigInput {
    readonly text: string;
    readonly file: string;
}

export interface RunAuditOptions {
    /** `--config-format`: one format for every configuration; undefined: detected from each one's content. */
    readonly format?: string;
    /** `zone=interface`, as `--map` takes them. */
    readonly maps: readonly string[];
    readonly now: Date;
    /** Host mode: the component whose host firewall the configurations are. */
    readonly host?: PlanInstance;
    /** How the user names the format in messages (`--config-format` on the command line). */
    readonly formatOption?: string;
}

/**
 * Errors that leave a plan's requirements incomplete: a plan with one of them is not audited
 * (findings about coverage, such as missing flows, are what the audit is for).
 */
export const PLAN_ERRORS_THAT_STOP_AN_AUDIT: ReadonlySet<string> = new Set(['lexing-error', 'parsing-error', 'linking-error', 'unknown-component-type', 'unknown-name', 'invalid-address']);

/** What the user gave that the audit cannot work with: the CLI exits 2 with it, the editor shows it. */
export class AuditInputError extends Error {}

/**
 * The interface names the importers resolve: each `zone=interface` of `--map`, and every other
 * zone under its own name, as `segplan generate` writes it (ASA nameif, PAN-OS and FortiGate zones).
 */
export function interfacesOf(analysis: PlanAnalysis, maps: readonly string[]): Map<string, AddressSet> {
    const interfaces = new Map<string, AddressSet>();
    const mapped = new Set<string>();
    for (const map of maps) {
        const [zone, name] = map.split('=');
        const z = analysis.plan.zones.get(zone ?? '');
        if (!z || !name) throw new AuditInputError(`--map takes <zone>=<interface> with a zone of the plan, not '${map}'.`);
        mapped.add(z.name);
        interfaces.set(name, (interfaces.get(name) ?? AddressSet.EMPTY).union(z.internet ? EVERY_ADDRESS : z.networks));
    }
    for (const z of analysis.plan.zones.values()) {
        if (!mapped.has(z.name) && !interfaces.has(z.name)) interfaces.set(z.name, z.internet ? EVERY_ADDRESS : z.networks);
    }
    return interfaces;
}

/** The audit of a plan against deployed configurations: each read by its importer (given or detected), then evaluated. */
export async function runAudit(analysis: PlanAnalysis, configs: readonly ConfigInput[], options: RunAuditOptions): Promise<AuditReport> {
    const interfaces = interfacesOf(analysis, options.maps);
    const hook = options.host ? 'input' : 'forward';
    const policies: FirewallPolicy[] = [];
    for (const config of configs) {
        const importer = options.format ? findImporter(options.format) : detectImporter(config.text);
        if (!importer) {
            throw new AuditInputError(options.format
                ? `Unknown ${options.formatOption ?? 'configuration format'} '${options.format}'. Formats: ${IMPORTERS.map(i => i.id).join(', ')}.`
                : `Cannot tell what kind of configuration '${config.file}' is. Give ${options.formatOption ?? 'its format'} (${IMPORTERS.map(i => `${i.id}: ${i.label}, ${i.detail}`).join('; ')}).`);
        }
        policies.push(await importer.import(config.text, { file: config.file, interfaces, hook, now: options.now }));
    }
    return auditPlan(analysis, policies, { now: options.now, hook, host: options.host });
}
