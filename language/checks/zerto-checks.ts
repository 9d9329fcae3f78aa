import { formatCitation, formatCitations, type Finding } from '../analysis/finding.js';
import { OVERBROAD_RULE, UNUSED_RULE } from '../analysis/rule-findings.js';
import type { PlanInstance, PlanRule, PlanZone } from '../plan/plan-model.js';
import { formatPorts, intersectPorts, subtractPorts, unionPorts, type PortSet } from '../network/ports.js';
import type { VendorCheck, VendorCheckContext } from '../analysis/vendor-check.js';
import type { RequirementEndpoint } from '../analysis/required-flows.js';

/** Zerto's hardening advice, from seed 000 ("Security and Hardening With Zerto"). */
const SEED = '000_ee1b8ff8b669d591.txt';
const VENDOR = 'zerto';

export const ZERTO_BEHIND_NAT = 'zerto-behind-nat';
export const ZERTO_NOT_SEGREGATED = 'zerto-not-segregated';
export const ZERTO_UNDOCUMENTED_PORT = 'zerto-undocumented-port';
export const ZERTO_DHCP_PORTS = 'zerto-dhcp-ports';
export const ZERTO_VRA_WITHOUT_ZVM = 'zerto-vra-without-zvm';

function isZerto(context: VendorCheckContext, instance: PlanInstance): boolean {
    return context.catalog.types.get(instance.typeId)?.vendorId === VENDOR;
}

function isA(context: VendorCheckContext, instance: PlanInstance, typeId: string): boolean {
    return context.catalog.ancestorsOf(instance.typeId).has(typeId);
}

/**
 * "Zerto does not support NAT (Network Address Translation) firewalls", said of the VRA and of the
 * Cloud Connector: both must be reachable at their own addresses.
 */
function checkNat(context: VendorCheckContext): Finding[] {
    const findings: Finding[] = [];
    for (const instance of context.plan.facts.instances.values()) {
        const vra = isA(context, instance, 'zerto.Vra');
        if (!instance.nat || !(vra || isA(context, instance, 'zerto.CloudConnector'))) continue;
        const own = instance.node.nat.length > 0;
        const section = vra ? 'Virtual Replication Appliance' : 'Cloud Connector';
        findings.push({
            code: ZERTO_BEHIND_NAT, severity: 'error', node: instance.node, property: own ? 'nat' : 'name',
            message: `${instance.name} is ${own ? 'declared' : `in zone ${instance.zone.name}, which is`} behind NAT, but Zerto does not support NAT firewalls (${formatCitation(context.catalog.cite(SEED, section))}). Give the ${vra ? 'VRA' : 'Cloud Connector'} an address its peers reach without translation, e.g. over a VPN or a routed link.`,
            related: own ? undefined : [{ node: instance.zone.node, message: `zone ${instance.zone.name} is behind NAT` }]
        });
    }
    return findings;
}

/** Components Zerto's segment may share: Zerto's own, and the hypervisor management it talks to. */
const ZERTO_SEGMENT_VENDORS = new Set([VENDOR, 'vmware', 'vcloud', 'cloud']);
const ZERTO_SEGMENT_TYPES = new Set(['microsoft.HyperVHost', 'microsoft.Scvmm']);

function belongsWithZerto(context: VendorCheckContext, instance: PlanInstance): boolean {
    const type = context.catalog.types.get(instance.typeId);
    if (!type) return true; // an unknown type is reported elsewhere
    return ZERTO_SEGMENT_VENDORS.has(type.vendorId) || [...context.catalog.ancestorsOf(type.id)].some(id => ZERTO_SEGMENT_TYPES.has(id));
}

function list(names: string[]): string {
    return names.length <= 4 ? names.join(', ') : `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`;
}

/**
 * "Network traffic between Zerto components should be as segregated from the rest of the network as
 * possible. For example, a separate VLAN." A zone that holds Zerto components and other workloads,
 * or a plan that is one flat zone, does not segregate anything.
 */
function checkSegregation(context: VendorCheckContext): Finding[] {
    const findings: Finding[] = [];
    const byZone = new Map<PlanZone, PlanInstance[]>();
    for (const instance of context.plan.facts.instances.values()) {
        const members = byZone.get(instance.zone) ?? [];
        members.push(instance);
        byZone.set(instance.zone, members);
    }
    const innerZones = [...context.plan.facts.zones.values()].filter(z => !z.internet);
    const advice = `Zerto recommends segregating management and replication traffic from the rest of the network, for example in a separate VLAN (${formatCitation(context.catalog.cite(SEED, 'Hardening Recommendations'))} item 6; "Network Encryption").`;
    for (const [zone, members] of byZone) {
        const zerto = members.filter(i => isZerto(context, i));
        if (zerto.length === 0 || zone.internet) continue;
        const others = members.filter(i => !belongsWithZerto(context, i));
        if (others.length > 0) {
            findings.push({
                code: ZERTO_NOT_SEGREGATED, severity: 'warning', node: zone.node, property: 'name',
                message: `Zone ${zone.name} holds Zerto components (${list(zerto.map(i => i.name))}) together with other workloads (${list(others.map(i => i.name))}). ${advice} Give the Zerto components a zone of their own.`
            });
        } else if (innerZones.length === 1) {
            findings.push({
                code: ZERTO_NOT_SEGREGATED, severity: 'warning', node: zone.node, property: 'name',
                message: `Zone ${zone.name} is the plan's only network: Zerto's management and replication traffic (${list(zerto.map(i => i.name))}) shares it with everything else. ${advice} Describe the production network as a zone of its own.`
            });
        }
    }
    return findings;
}

function protocolsOfRule(rule: PlanRule): ('tcp' | 'udp')[] {
    return rule.protocol === 'tcp' ? ['tcp'] : rule.protocol === 'udp' ? ['udp'] : ['tcp', 'udp'];
}

/**
 * "Network traffic to Zerto components should be restricted to the ports and endpoints described in
 * this document", and SMB and other services on the management server blocked. A rule that reaches
 * a Zerto component with ports that only its other destinations need opens undocumented ports to it.
 * Ports no flow of the rule needs at all are the generic overbroad-rule finding, not repeated here.
 * A port another component on the same address needs (the VBA on the ZVM's machine) is fine.
 */
function checkUndocumentedPorts(context: VendorCheckContext): Finding[] {
    const findings: Finding[] = [];
    const zerto = [...context.plan.facts.instances.values()].filter(i => isZerto(context, i));
    if (zerto.length === 0) return findings;
    for (const rule of context.plan.policy.rules) {
        const served = context.ruleUsage.get(rule)?.served ?? [];
        if (served.length === 0) continue;
        const opened: string[] = [];
        for (const instance of zerto) {
            if (!rule.destinationAddresses.intersects(instance.addresses)) continue;
            for (const protocol of protocolsOfRule(rule)) {
                let needed: PortSet = [];
                for (const result of context.flows) {
                    // Instances that share an address are one machine (the VBA runs on the ZVM's).
                    const destination = result.flow.destination;
                    if (destination !== instance && !destination.addresses.intersects(instance.addresses)) continue;
                    if (!result.flow.protocols.includes(protocol) || !result.rules.includes(rule)) continue;
                    needed = unionPorts(needed, intersectPorts(result.flow.ports, rule.ports));
                }
                const extra = intersectPorts(subtractPorts(rule.ports, needed), served);
                if (extra.length > 0) opened.push(`${protocol} ${formatPorts(extra)} to ${instance.name}`);
            }
        }
        if (opened.length === 0) continue;
        findings.push({
            code: ZERTO_UNDOCUMENTED_PORT, severity: 'warning', node: rule.node, property: 'destinations',
            message: `This rule also opens ${opened.join('; ')}, which no Zerto flow needs. Zerto asks that traffic to its components be restricted to the documented ports and endpoints (${formatCitation(context.catalog.cite(SEED, 'Hardening Recommendations'))} items 2 and 5). Split the rule so each Zerto component gets only its own ports.`
        });
    }
    return findings;
}

/**
 * A rule that opens ports the Zerto catalog marks `not-required` (the UDP 444xx range for DHCP,
 * "not required and can therefore be blocked" in the vSphere and Hyper-V tables) to or from a
 * Zerto component of those platforms opens what Zerto says to block.
 */
function checkNotRequiredPorts(context: VendorCheckContext): Finding[] {
    const findings: Finding[] = [];
    for (const entry of context.catalog.notRequiredPorts.filter(e => e.vendorId === VENDOR)) {
        const platformOf = (i: PlanInstance) => i.platform ?? context.platforms.platformOf(i);
        const zerto = [...context.plan.facts.instances.values()].filter(i => { const p = platformOf(i); return isZerto(context, i) && (!p || entry.platforms.length === 0 || entry.platforms.includes(p)); });
        if (zerto.length === 0) continue;
        const sections = formatCitations(entry.sources);
        for (const rule of context.plan.policy.rules) {
            if (!rule.resolved || !protocolsOfRule(rule).some(p => entry.protocol === p || entry.protocol === 'tcp/udp' || entry.protocol === 'any')) continue;
            const opened = intersectPorts(rule.ports, entry.ports);
            if (opened.length === 0) continue;
            const touched = zerto.filter(i => rule.destinationAddresses.intersects(i.addresses) || rule.sourceAddresses.intersects(i.addresses));
            if (touched.length === 0) continue;
            findings.push({
                code: ZERTO_DHCP_PORTS, severity: 'warning', node: rule.node, property: 'ports',
                message: `This rule opens ${entry.protocol} ${formatPorts(opened)} for ${list(touched.map(i => i.name))}, which Zerto says are not required (${entry.purpose}; ${sections}). Leave them out of the rule.`,
                related: [{ node: entry.node, message: `not required by the catalog: ${entry.purpose}` }]
            });
        }
    }
    return findings;
}

/**
 * Every port table has the ZVM talk to "local site VRAs" (4005, 4006, 4009), and only a plan that
 * says one ZVM manages both sites (the `**` note: one vCenter Server or SCVMM, Zerto installed on
 * one site only) has it reach a paired site's VRAs. A VRA no ZVM reaches gets none of these flows:
 * say why, instead of a shorter list that looks complete.
 */
function checkVraWithoutZvm(context: VendorCheckContext): Finding[] {
    const members = (endpoint: RequirementEndpoint): readonly PlanInstance[] => ('members' in endpoint ? endpoint.members : [endpoint]);
    const managed = new Set<PlanInstance>();
    for (const { flow } of context.flows) {
        if (isA(context, members(flow.source)[0], 'zerto.Zvm')) for (const member of members(flow.destination)) managed.add(member);
    }
    // A VRA whose platform the plan leaves open has its own warning (platform-missing): no flow is required for it.
    const platforms = context.platforms;
    const vras = [...context.plan.facts.instances.values()].filter(i => isA(context, i, 'zerto.Vra') && !managed.has(i) && !platforms.undecided(i));
    const cite = formatCitations([
        context.catalog.cite(SEED, 'Firewall Considerations in VMware vSphere Environments'),
        context.catalog.cite(SEED, 'Firewall Considerations in Microsoft Hyper-V Environments')
    ]);
    return vras.map(instance => ({
        code: ZERTO_VRA_WITHOUT_ZVM, severity: 'warning' as const, node: instance.node, property: 'name',
        message: `${instance.name} is reached by no Zerto Virtual Manager: the ZVM talks to its own site's VRAs (4005, 4006, 4009; ${cite}) `
            + `and site ${instance.zone.site || '(none)'} has no ZVM of its platform, so SegPlan requires none of these flows to it. `
            + 'Place the site\'s ZVM, or, where one vCenter Server or SCVMM manages both sites and Zerto is installed on one site only, '
            + '`use zerto.SingleVCenterOrScvmm` and pair the sites both ways.'
    }));
}

export const ZERTO_CHECKS: readonly VendorCheck[] = [
    { vendorId: VENDOR, code: ZERTO_VRA_WITHOUT_ZVM, run: checkVraWithoutZvm },
    { vendorId: VENDOR, code: ZERTO_DHCP_PORTS, run: checkNotRequiredPorts, supersedes: [UNUSED_RULE, OVERBROAD_RULE] },
    { vendorId: VENDOR, code: ZERTO_BEHIND_NAT, run: checkNat },
    { vendorId: VENDOR, code: ZERTO_NOT_SEGREGATED, run: checkSegregation },
    { vendorId: VENDOR, code: ZERTO_UNDOCUMENTED_PORT, run: checkUndocumentedPorts }
];
