import { INTERNET_EXPOSURE, OVERBROAD_RULE } from '../analysis/rule-findings.js';
import type { PlanInstance, PlanRule, PlanRuleEndpoint, PlanZone } from '../plan/plan-model.js';
import { formatCitation, type Finding } from '../analysis/finding.js';
import { formatPorts, intersectPorts, isAllPorts, subtractPorts, type PortSet } from '../network/ports.js';
import type { VendorCheck, VendorCheckContext } from '../analysis/vendor-check.js';

// Veeam's own hardening advice (seed 004). Each check complements a generic core finding rather
// than repeating it: where the core already reports a rule (internet-exposure, install-only-permanent),
// the Veeam check stays silent and speaks only about the cases the core cannot see.

const VENDOR = 'veeam';
const SEED = '004_94fc2878536ea295.txt';
const BACKUP_SERVER = 'veeam.BackupServer';
const HARDENED_REPOSITORY = 'veeam.HardenedRepository';
const SUREBACKUP_LAB = 'veeam.SureBackupLab';
const SSH: PortSet = [{ from: 22, to: 22 }];
/** §13 Zone 2: "vCenter, ESXi hosts, Hyper-V hosts, and VM guest networks". */
const PRODUCTION_TYPES = ['vmware.VCenter', 'vmware.EsxiHost', 'microsoft.HyperVHost', 'infra.VmGuest'];

export const VEEAM_INTERNET_PORT = 'veeam-internet-port';
export const VEEAM_HARDENED_SSH = 'veeam-hardened-ssh';
export const VEEAM_ALL_TRAFFIC = 'veeam-all-traffic';
export const VEEAM_LAB_ISOLATION = 'veeam-lab-isolation';
export const VEEAM_TENANT_WITHOUT_SITE = 'veeam-tenant-without-site';

function cite(context: VendorCheckContext, section: string): string {
    return formatCitation(context.catalog.cite(SEED, section));
}

function isA(context: VendorCheckContext, instance: PlanInstance, typeId: string): boolean {
    return context.catalog.ancestorsOf(instance.typeId).has(typeId);
}

function instancesOf(context: VendorCheckContext, typeId: string): readonly PlanInstance[] {
    return context.instancesOf(typeId);
}

function isVeeam(context: VendorCheckContext, instance: PlanInstance): boolean {
    return context.catalog.types.get(instance.typeId)?.vendorId === VENDOR;
}

/** Rules whose endpoints all resolved; the core gives the others no rule findings either. */
function resolvedRules(context: VendorCheckContext): PlanRule[] {
    return context.plan.policy.rules.filter(r => (r as { resolved?: boolean }).resolved !== false);
}

function carriesTcp(rule: PlanRule): boolean {
    return rule.protocol === 'tcp' || rule.protocol === 'tcp/udp' || rule.protocol === 'any';
}

/** Where in the rule its ports are written: `ports`, or `protocol` when it names none. */
function portsProperty(rule: PlanRule): string {
    return rule.allPorts ? 'protocol' : 'ports';
}

/** The Veeam components an endpoint stands for: the instance it names, or those in the zone it names. */
function veeamComponentsAt(context: VendorCheckContext, endpoint: PlanRuleEndpoint): PlanInstance[] {
    if (endpoint.instance) return isVeeam(context, endpoint.instance) ? [endpoint.instance] : [];
    if (!endpoint.zone) return [];
    return [...context.plan.facts.instances.values()].filter(i => i.zone === endpoint.zone && isVeeam(context, i));
}

// ---------------------------------------------------------------- §9: only 6180 faces the internet

/** Mirrors the core's internet-exposure finding, which covers rules from `any` or a whole internet zone. */
function coreReportsExposure(rule: PlanRule, exposed: PortSet): boolean {
    return rule.sources.some(s => s.addresses.any || s.internet) && !rule.destinations.every(d => d.addresses.any) && exposed.length > 0;
}

/**
 * A single host placed in an internet zone (a tenant's backup server, a remote site) that reaches
 * a Veeam component on any port but the Cloud Connect port. The core reports every exposure as
 * `internet-exposure`; for these this check says more (which port Veeam allows, with the citation)
 * and takes the core's place, so one mistake gives one finding.
 */
const internetPort: VendorCheck = {
    vendorId: VENDOR, code: VEEAM_INTERNET_PORT,
    supersedes: [INTERNET_EXPOSURE],
    run: context => {
        const findings: Finding[] = [];
        for (const rule of resolvedRules(context)) {
            const exposed = subtractPorts(rule.ports, context.ruleUsage.get(rule)?.internetFacing ?? []);
            if (exposed.length === 0 || coreReportsExposure(rule, exposed)) continue;
            const remote = rule.sources.filter(s => s.instance?.zone.internet);
            if (remote.length === 0) continue;
            const targets = rule.destinations.flatMap(d => veeamComponentsAt(context, d));
            if (targets.length === 0) continue;
            findings.push({
                code: VEEAM_INTERNET_PORT, severity: 'error', node: rule.node, property: portsProperty(rule),
                message: `${remote.map(s => s.label).join(', ')} ${remote.length > 1 ? 'are' : 'is'} on the internet (zone ${remote[0].instance!.zone.name}), and this rule opens ${rule.protocol} ${isAllPorts(exposed) ? 'all ports' : formatPorts(exposed)} to ${[...new Set(targets.map(t => t.name))].join(', ')}. The Cloud Connect port (6180 by default, to the Cloud Connect gateway) is the only Veeam port that may face the internet; do not expose any other (${cite(context, '9. Cloud Connect Gateway')}).`,
                data: { ports: formatPorts(exposed) }
            });
        }
        return findings;
    }
};

// ---------------------------------------------------------------- §4: SSH to a hardened repository

/**
 * The core reports a permanent rule whose port 22 only install-only flows use. This check reports
 * what it cannot: port 22 reaching a hardened repository for good because the same rule also serves
 * a permanent flow (a Linux proxy in the same zone), or because no Veeam flow asked for it at all
 * (an administrator's SSH).
 */
const hardenedSsh: VendorCheck = {
    vendorId: VENDOR, code: VEEAM_HARDENED_SSH,
    run: context => {
        const repositories = instancesOf(context, HARDENED_REPOSITORY);
        if (repositories.length === 0) return [];
        const findings: Finding[] = [];
        for (const rule of resolvedRules(context)) {
            if (rule.until || !carriesTcp(rule) || intersectPorts(rule.ports, SSH).length === 0) continue;
            if (intersectPorts(context.ruleUsage.get(rule)?.installOnly ?? [], SSH).length > 0) continue;
            const reached = repositories.filter(r => rule.destinationAddresses.intersects(r.addresses)
                && !rule.sources.every(s => s.instance === r));
            if (reached.length === 0) continue;
            findings.push({
                code: VEEAM_HARDENED_SSH, severity: 'warning', node: rule.node, property: portsProperty(rule),
                message: `This rule allows SSH (tcp 22) to hardened repository ${reached.map(r => r.name).join(', ')} permanently. A hardened repository needs SSH only during initial setup and component upgrades; disable it afterwards (${cite(context, '4. Backup Repository (Windows, Linux, Hardened)')}). Take port 22 to the repository out of this rule, or allow it in a separate rule with \`until <date>\`.`
            });
        }
        return findings;
    }
};

// ---------------------------------------------------------------- "The Most Common Mistake"

/** The endpoints of a rule that stand for a backup server: the instance itself or its zone. */
function backupServerEndpoints(context: VendorCheckContext, endpoints: readonly PlanRuleEndpoint[]): { index: number; servers: PlanInstance[] }[] {
    const result: { index: number; servers: PlanInstance[] }[] = [];
    endpoints.forEach((endpoint, index) => {
        const servers = endpoint.instance ? (isA(context, endpoint.instance, BACKUP_SERVER) ? [endpoint.instance] : [])
            : endpoint.zone ? instancesOf(context, BACKUP_SERVER).filter(i => i.zone === endpoint.zone) : [];
        if (servers.length > 0) result.push({ index, servers });
    });
    return result;
}

/**
 * All traffic between the backup server and everything else. The core's overbroad-rule says the
 * rule is broad; this says why it matters for Veeam, at the backup server the rule names.
 */
const allTraffic: VendorCheck = {
    vendorId: VENDOR, code: VEEAM_ALL_TRAFFIC,
    // Says what the generic over-broad finding says, for the backup server, with the vendor's words.
    supersedes: [OVERBROAD_RULE],
    run: context => {
        const findings: Finding[] = [];
        for (const rule of resolvedRules(context)) {
            const how: string[] = [];
            if (rule.protocol === 'any') how.push('every protocol');
            if (isAllPorts(rule.ports)) how.push('all ports');
            const asSource = backupServerEndpoints(context, rule.sources);
            const asDestination = backupServerEndpoints(context, rule.destinations);
            if (asSource.length > 0 && rule.destinations.some(d => d.label === 'any')) how.push('any destination');
            // `any` reaching the backup server from the internet is the core's internet-exposure error already.
            const exposed = subtractPorts(rule.ports, context.ruleUsage.get(rule)?.internetFacing ?? []);
            if (asDestination.length > 0 && rule.sources.some(s => s.label === 'any') && !coreReportsExposure(rule, exposed)) how.push('any source');
            const anchor = asSource.length > 0 ? { property: 'sources', ...asSource[0] } : asDestination.length > 0 ? { property: 'destinations', ...asDestination[0] } : undefined;
            if (!anchor || how.length === 0) continue;
            const served = context.ruleUsage.get(rule)?.served ?? [];
            const needed = served.length > 0 ? `: here ${rule.protocol} ${formatPorts(served)}` : '';
            findings.push({
                code: VEEAM_ALL_TRAFFIC, severity: 'warning', node: rule.node, property: anchor.property, index: anchor.index,
                message: `This rule opens ${how.join(', ')} ${anchor.property === 'sources' ? 'from' : 'to'} backup server ${anchor.servers.map(s => s.name).join(', ')}. Opening all traffic between the backup server and everything else because the port list is long defeats segmentation: build rules per component and per direction, with the ports the components need${needed} (${cite(context, 'The Most Common Mistake')}).`,
                data: { served: formatPorts(served) }
            });
        }
        return findings;
    }
};

// ---------------------------------------------------------------- §13 Zone 4: isolated recovery labs

function zonesHolding(context: VendorCheckContext, typeIds: readonly string[]): Set<PlanZone> {
    return new Set([...context.plan.facts.instances.values()].filter(i => typeIds.some(t => isA(context, i, t))).map(i => i.zone));
}

/**
 * A zone holding a veeam.SureBackupLab is a lab; a zone holding vCenter, ESXi, Hyper-V hosts or VM
 * guests is production. No rule may join them, in either direction, and `any` joins everything.
 */
const labIsolation: VendorCheck = {
    vendorId: VENDOR, code: VEEAM_LAB_ISOLATION,
    run: context => {
        const labs = instancesOf(context, SUREBACKUP_LAB);
        if (labs.length === 0) return [];
        const labZones = zonesHolding(context, [SUREBACKUP_LAB]);
        const productionZones = zonesHolding(context, PRODUCTION_TYPES);
        const findings: Finding[] = [];
        const section = cite(context, '13. Putting It Together: A Segmented Network Design');
        for (const lab of labs) {
            if (!productionZones.has(lab.zone)) continue;
            findings.push({
                code: VEEAM_LAB_ISOLATION, severity: 'error', node: lab.node, property: 'zone',
                message: `SureBackup lab ${lab.name} shares zone ${lab.zone.name} with production components, so nothing separates them. SureBackup labs must be completely isolated from production with no routing (${section}, Zone 4). Give the lab its own zone.`
            });
        }
        const isLab = (e: PlanRuleEndpoint) => !!e.zone && labZones.has(e.zone);
        const isProduction = (e: PlanRuleEndpoint) => e.label === 'any' || (!!e.zone && productionZones.has(e.zone) && !labZones.has(e.zone));
        for (const rule of resolvedRules(context)) {
            const labToProduction = rule.sources.some(isLab) && rule.destinations.some(isProduction);
            const productionToLab = rule.sources.some(isProduction) && rule.destinations.some(isLab);
            const anyToAny = rule.sources.some(s => s.label === 'any') && rule.destinations.some(d => d.label === 'any');
            if (!labToProduction && !productionToLab && !anyToAny) continue;
            const labEnd = [...rule.sources, ...rule.destinations].find(isLab);
            const where = labEnd ? `lab zone ${labEnd.zone!.name}` : `the lab (through any → any)`;
            findings.push({
                code: VEEAM_LAB_ISOLATION, severity: 'error', node: rule.node,
                message: `This rule routes between ${where} and production. SureBackup labs must be completely isolated from production with no routing, so recovery tests cannot touch production (${section}, Zone 4). Remove the rule.`
            });
        }
        return findings;
    }
};

// ---------------------------------------------------------------- §9: a Cloud Connect tenant

/**
 * A backup server (or agent) on the internet next to a Cloud Connect gateway is a tenant. SegPlan
 * reads it as one only in a site paired with the provider's (the tenant reaches the gateway on
 * 6180 and nothing else): without that the plan can never be right, so this says the two lines.
 */
const tenantWithoutSite: VendorCheck = {
    vendorId: VENDOR, code: VEEAM_TENANT_WITHOUT_SITE,
    run: context => {
        const gateways = instancesOf(context, 'veeam.CloudGateway');
        if (gateways.length === 0) return [];
        const providerSite = gateways.find(g => g.zone.site)?.zone.site;
        const findings: Finding[] = [];
        for (const tenant of [...instancesOf(context, 'veeam.BackupServer'), ...instancesOf(context, 'veeam.Agent')]) {
            if (!tenant.zone.internet || tenant.zone.site) continue;
            const provider = providerSite ?? 'provider';
            const lan = [...new Set([...context.plan.facts.zones.values()].filter(z => !z.internet).map(z => z.name))];
            const lines = [
                ...(providerSite ? [] : [`site provider zones ${lan.join(', ')}`]),
                `site tenants zones ${tenant.zone.name}`,
                `pair tenants -> ${provider}`
            ];
            findings.push({
                code: VEEAM_TENANT_WITHOUT_SITE, severity: 'error', node: tenant.node, property: 'name',
                message: `${tenant.name} is a backup server on the internet (zone ${tenant.zone.name}) in a plan with a Cloud Connect gateway: a Cloud Connect tenant. SegPlan requires its flows only when the tenant's zone is in a site paired with the provider's; add:\n${lines.map(l => `  ${l}`).join('\n')}\n(${cite(context, '9. Cloud Connect Gateway')}).`,
                data: { lines }
            });
        }
        return findings;
    }
};

export const VEEAM_CHECKS: readonly VendorCheck[] = [internetPort, hardenedSsh, allTraffic, labIsolation, tenantWithoutSite];
