import type { PlanAnalysis } from '../analysis/analyze-plan.js';
import type { Catalog } from '../catalog/catalog-model.js';
import { AddressSet } from '../network/addresses.js';
import type { PlanInstance } from '../plan/plan-model.js';
import { auditPlan, type AuditReport } from './audit-plan.js';
import type { FirewallPolicy } from './firewall-policy.js';
import type { ConfigImporter, ImportOptions } from './importers/importer.js';
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
    /** The catalogs the plan's built-in guardrails come from: the audit checks every deny against the configuration. */
    readonly catalog: Catalog;
    /** How the user names the format in messages (`--config-format` on the command line). */
    readonly formatOption?: string;
    /** `--device-group`: the Panorama device group audited. */
    readonly deviceGroup?: string;
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
 * Several plan zones may be mapped onto one device name; a zone not mapped elsewhere keeps its own
 * name's binding beside them (`--map partners=outside` adds partners to the plan zone outside).
 */
/**
 * What lies behind a zone's interface: its addresses (an internet zone: every address) and the
 * host names of the components placed in it when asked, which resolve there (verify reads FQDN
 * objects as those names).
 */
function zoneSpace(z: PlanAnalysis['plan']['facts']['zones'] extends ReadonlyMap<string, infer Z> ? Z : never, hostNames: boolean): AddressSet {
    const names = hostNames ? [...z.members.names].filter(n => !n.startsWith('<')) : [];
    const addresses = z.internet ? EVERY_ADDRESS : z.networks;
    return names.length ? addresses.union(AddressSet.of([], names)) : addresses;
}

/** `hostNames` (verify): each zone's host names too. */
export function interfacesOf(analysis: PlanAnalysis, maps: readonly string[], hostNames = false): Map<string, AddressSet> {
    const interfaces = new Map<string, AddressSet>();
    const mapped = new Set<string>();
    for (const map of maps) {
        const [zone, name] = map.split('=');
        const z = analysis.plan.facts.zones.get(zone ?? '');
        if (!z || !name) throw new AuditInputError(`--map takes <zone>=<interface> with a zone of the plan, not '${map}'.`);
        mapped.add(z.name);
        interfaces.set(name, (interfaces.get(name) ?? AddressSet.EMPTY).union(zoneSpace(z, hostNames)));
    }
    for (const z of analysis.plan.facts.zones.values()) {
        if (!mapped.has(z.name)) interfaces.set(z.name, (interfaces.get(z.name) ?? AddressSet.EMPTY).union(zoneSpace(z, hostNames)));
    }
    return interfaces;
}

/** Formats whose rules a kernel runs side by side: iptables-save files and an nftables ruleset of one host all filter. */
export const KERNEL_FORMATS: ReadonlySet<string> = new Set(['iptables', 'ip6tables', 'nftables']);

/**
 * The audit of a plan against deployed configurations: each read by its importer (given or
 * detected), combined as the platform combines them, then evaluated. A combination no platform
 * makes (two rule sets for one family of a kernel, two devices' exports) is refused, never
 * evaluated as if one file stood for the other.
 */
export async function runAudit(analysis: PlanAnalysis, configs: readonly ConfigInput[], options: RunAuditOptions): Promise<AuditReport> {
    const interfaces = interfacesOf(analysis, options.maps);
    const hook = options.host ? 'input' : 'forward';
    const importOptions = (file: string): ImportOptions => ({ file, interfaces, hook, now: options.now, formatGiven: options.format !== undefined, host: options.host?.name, deviceGroup: options.deviceGroup });
    const byImporter = new Map<ConfigImporter, ConfigInput[]>();
    for (const config of configs) {
        const importer = options.format ? findImporter(options.format) : detectImporter(config.text);
        if (!importer) {
            throw new AuditInputError(options.format
                ? `Unknown ${options.formatOption ?? 'configuration format'} '${options.format}'. Formats: ${IMPORTERS.map(i => i.id).join(', ')}.`
                : `Cannot tell what kind of configuration '${config.file}' is. Give ${options.formatOption ?? 'its format'} (${IMPORTERS.map(i => `${i.id}: ${i.label}, ${i.detail}`).join('; ')}).`);
        }
        byImporter.set(importer, [...(byImporter.get(importer) ?? []), config]);
    }
    const kinds = [...byImporter.keys()];
    if (kinds.length > 1 && !kinds.every(k => KERNEL_FORMATS.has(k.id))) {
        throw new AuditInputError(`${configs.map(c => c.file).join(', ')} are configurations of different platforms (${kinds.map(k => k.label).join(', ')}): audit each device on its own.`);
    }
    const read: { policy: FirewallPolicy; file: string; importer: ConfigImporter }[] = [];
    for (const [importer, given] of byImporter) {
        if (given.length > 1 && importer.combine) {
            read.push({ policy: importer.combine(given, importOptions(given[0].file)), file: given.map(c => c.file).join(', '), importer });
            continue;
        }
        for (const config of given) read.push({ policy: await importer.import(config.text, importOptions(config.file)), file: config.file, importer });
    }
    for (const [i, { policy, file, importer }] of read.entries()) {
        const other = read.slice(0, i).find(r => r.policy.kind === policy.kind && [...r.policy.families].some(f => policy.families.has(f)));
        if (!other) continue;
        const family = [...policy.families].find(f => other.policy.families.has(f)) === 'ipv6' ? 'IPv6' : 'IPv4';
        // A device's export and SegPlan's output for it are what `verify` reads, applied in order.
        const inOrder = KERNEL_FORMATS.has(importer.id) ? ''
            : ' To check what the device holds after pasting one onto the other, give both to `segplan verify` in that order: it applies them one after the other.';
        throw new AuditInputError(`${other.file} and ${file} are both ${policy.kind} configurations for ${family}: a firewall runs one, so the audit cannot tell which decides. Audit each on its own.${inOrder}`);
    }
    return auditPlan(analysis, read.map(r => r.policy), { now: options.now, hook, host: options.host, denied: analysis.denies.denied });
}
