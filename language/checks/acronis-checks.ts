import type { CatalogCitation } from '../catalog/catalog-model.js';
import { formatCitation, type Finding } from '../analysis/finding.js';
import type { PlanInstance, PlanRule } from '../plan/plan-model.js';
import { formatPorts, intersectPorts, parsePortText, portSetOf, subtractPorts, type PortSet } from '../network/ports.js';
import type { VendorCheck, VendorCheckContext } from '../analysis/vendor-check.js';

export const ACRONIS_VENDOR = 'acronis';
export const ACRONIS_PUSH_PORTS_OPEN = 'acronis-push-ports-open';
export const ACRONIS_ARCHIVE_REACHABLE = 'acronis-archive-reachable';

/** The feature by which a plan says it follows scenario 3 or 4 (sensitive-data segmentation). */
export const SENSITIVE_DATA_FEATURE = 'acronis.SensitiveDataSegment';
const REMOTE_INSTALLATION_FEATURE = 'acronis.RemoteInstallation';

const SEED = '001_582cfc70e5366b67.txt';
const SCENARIO_3: CatalogCitation = { file: SEED, section: 'SCENARIO 3 – SENSITIVE DATA SEGMENTATION (PCI/HIPAA/CUI)' };
const LEGEND_REMOTE_INSTALL: CatalogCitation = { file: SEED, section: 'APPENDIX A – COMPLETE NETWORK DIAGRAM AND PORTS', row: 6 };

/** The agents' inbound push-installation ports (Update 2 and later): 445, 25001, 43234. */
const PUSH_PORTS: PortSet = portSetOf([445, 25001, 43234].map(p => ({ from: p, to: p })));
/** 445 is also plain SMB: it is the push path only when it comes from a management server. */
const INSTALLER_ONLY_PORTS: PortSet = portSetOf([25001, 43234].map(p => ({ from: p, to: p })));

const AGENT = 'acronis.Agent';
const MANAGEMENT_SERVER = 'acronis.ManagementServer';
const ADMIN_WORKSTATION = 'infra.AdminWorkstation';
/** Where backups live: archive folders (SMB, NFS, SFTP) and storage nodes (managed locations). */
const ARCHIVE_TYPES = ['acronis.ArchiveStorage', 'acronis.StorageNode'];

function instancesOf(context: VendorCheckContext, typeIds: readonly string[]): PlanInstance[] {
    return [...context.plan.facts.instances.values()].filter(i => {
        const ancestors = context.catalog.ancestorsOf(i.typeId);
        return typeIds.some(t => ancestors.has(t));
    });
}

function carriesTcp(rule: PlanRule): boolean {
    return rule.protocol === 'tcp' || rule.protocol === 'tcp/udp' || rule.protocol === 'any';
}

/** The rule's first port item that opens one of the given ports, for a precise squiggle. */
function portItemIndex(rule: PlanRule, ports: PortSet): number | undefined {
    const index = rule.node.ports.findIndex(item => {
        if (item.value === undefined) return false;
        const parsed = parsePortText(String(item.value));
        return 'range' in parsed && intersectPorts([parsed.range], ports).length > 0;
    });
    return index >= 0 ? index : undefined;
}

function names(instances: readonly PlanInstance[]): string {
    return instances.map(i => i.name).join(', ');
}

/**
 * Scenario 3: the push-installation ports are opened temporarily and closed "once the software is
 * installed and registered". This check and the core split the work so that no port is reported
 * twice: when the plan still push-installs (`use acronis.RemoteInstallation`), the core's
 * install-only-permanent finding already asks for `until`, and this check stays silent. What the core
 * cannot know is that a port nothing needs any more is an Acronis push port left open after the
 * rollout: for those (permanent rule, push port to an agent, no required flow uses it) this check
 * says so, with the guide's reason. SMB's 445 counts only on rules from a management server, the push
 * path; 25001 and 43234 belong to the Acronis installer alone and count from any source.
 */
export function checkPushPortsClosed(context: VendorCheckContext): Finding[] {
    const agents = instancesOf(context, [AGENT]);
    if (agents.length === 0) return [];
    const findings: Finding[] = [];
    const pushFlow = context.catalog.flows.find(f => f.vendorId === ACRONIS_VENDOR && f.to.typeId === AGENT
        && f.conditions.has('install-only') && !f.conditions.has('legacy'));
    const servers = instancesOf(context, [MANAGEMENT_SERVER]);
    for (const rule of context.plan.policy.rules) {
        if (rule.until || !carriesTcp(rule)) continue;
        const fromServer = servers.some(s => rule.sourceAddresses.intersects(s.addresses));
        const open = intersectPorts(rule.ports, fromServer ? PUSH_PORTS : INSTALLER_ONLY_PORTS);
        if (open.length === 0) continue;
        const reached = agents.filter(a => rule.destinationAddresses.intersects(a.addresses));
        if (reached.length === 0) continue;
        // Ports a required flow uses are either needed for good or reported by the core.
        const leftOpen = subtractPorts(open, context.ruleUsage.get(rule)?.served ?? []);
        if (leftOpen.length === 0) continue;
        const stillInstalling = context.plan.facts.features.has(REMOTE_INSTALLATION_FEATURE);
        const advice = stillInstalling && !fromServer
            ? 'Only the management server pushes the agents: allow it alone, in a rule with `until <date>`.'
            : stillInstalling
                ? 'No push installation in this plan needs it (are these agents in the management server\'s site?): close it, or give it `until <date>`.'
                : `Delete the rule once the agents are registered; while still push-installing, add \`use ${REMOTE_INSTALLATION_FEATURE}\` and give the rule \`until <date>\`.`;
        const index = portItemIndex(rule, leftOpen);
        findings.push({
            code: ACRONIS_PUSH_PORTS_OPEN, severity: 'warning', node: rule.node,
            property: rule.allPorts ? 'protocol' : 'ports', index: rule.allPorts ? undefined : index,
            message: `This permanent rule leaves tcp ${formatPorts(leftOpen)} open to Acronis agents (${names(reached)}): `
                + `these are the agents' push-installation ports, which Acronis says to close once the software is installed and registered `
                + `(${formatCitation(context.catalog.cite(SCENARIO_3.file, SCENARIO_3.section, SCENARIO_3.row))}; ${formatCitation(context.catalog.cite(LEGEND_REMOTE_INSTALL.file, LEGEND_REMOTE_INSTALL.section, LEGEND_REMOTE_INSTALL.row))}). ${advice}`,
            related: pushFlow ? [{ node: pushFlow.node, message: 'the push-installation flow in the Acronis catalog' }] : undefined,
            data: { ports: formatPorts(leftOpen) }
        });
    }
    return findings;
}

/**
 * Scenario 3 (and 4): "the management server and the admin user(s) never need network access" to
 * archive storage; only agents do. In a plan that declares the sensitive-data layout, any allow rule
 * that gives the management server or an admin workstation a path to archive storage widens the
 * protected scope for nothing.
 */
export function checkArchiveIsolation(context: VendorCheckContext): Finding[] {
    if (!context.plan.facts.features.has(SENSITIVE_DATA_FEATURE)) return [];
    const archives = instancesOf(context, ARCHIVE_TYPES);
    const privileged = instancesOf(context, [MANAGEMENT_SERVER, ADMIN_WORKSTATION]);
    if (archives.length === 0 || privileged.length === 0) return [];
    const findings: Finding[] = [];
    for (const rule of context.plan.policy.rules) {
        const reached = archives.filter(a => rule.destinationAddresses.intersects(a.addresses));
        if (reached.length === 0) continue;
        const sourceIndex = rule.sources.findIndex(s => privileged.some(p => s.addresses.intersects(p.addresses)));
        if (sourceIndex < 0) continue;
        const from = privileged.filter(p => rule.sourceAddresses.intersects(p.addresses) && !reached.includes(p));
        if (from.length === 0) continue;
        findings.push({
            code: ACRONIS_ARCHIVE_REACHABLE, severity: 'warning', node: rule.node, property: 'sources', index: sourceIndex,
            message: `The plan uses the Acronis sensitive-data layout (${SENSITIVE_DATA_FEATURE}), yet this rule lets ${names(from)} reach archive storage (${names(reached)}). `
                + `Only agents need access to archive storage; the management server and admins never need network access to it (${formatCitation(context.catalog.cite(SCENARIO_3.file, SCENARIO_3.section, SCENARIO_3.row))}). `
                + `Remove the rule or narrow its sources to the agents.`,
            data: { sources: from.map(i => i.name), archives: reached.map(i => i.name) }
        });
    }
    return findings;
}

export const ACRONIS_CHECKS: readonly VendorCheck[] = [
    { vendorId: ACRONIS_VENDOR, code: ACRONIS_PUSH_PORTS_OPEN, run: checkPushPortsClosed },
    { vendorId: ACRONIS_VENDOR, code: ACRONIS_ARCHIVE_REACHABLE, run: checkArchiveIsolation }
];
