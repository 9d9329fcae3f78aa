import type { PlanInstance, PlanRule } from '../plan/plan-model.js';
import { formatCitation, type Finding } from '../analysis/finding.js';
import type { VendorCheck, VendorCheckContext } from '../analysis/vendor-check.js';

// Advice from the Zero Networks Segment deployment guide that a plan can express. Sizing (2.1) is
// not among it: a plan says how many addresses a zone spans, not how many machines one Segment
// Server protects.

const VENDOR = 'zeronetworks';
const SEED = '002_59336f7bd4cd78d6.txt';
const SEGMENT_SERVER = 'zeronetworks.SegmentServer';
const CLOUD_SERVICE = 'zeronetworks.CloudService';

export const ZN_BEHIND_NAT = 'zn-segment-server-nat';
export const ZN_SERVER_OS = 'zn-segment-server-os';
export const ZN_SERVER_ADDRESS = 'zn-segment-server-address';
export const ZN_MISSING_COUNTERPART = 'zn-missing-counterpart';
export const ZN_CLOUD_ZONE = 'zn-cloud-zone';
export const ZN_CLOUD_ADDRESS = 'zn-cloud-address';
export const ZN_CLOUD_WHOLE_INTERNET = 'zn-cloud-whole-internet';

function cite(context: VendorCheckContext, ...sections: string[]): string {
    return sections.map(section => formatCitation(context.catalog.cite(SEED, section))).join('; ');
}

function instancesOf(context: VendorCheckContext, typeId: string): PlanInstance[] {
    return [...context.instancesOf(typeId)];
}

/** Assets reach the Segment Server directly for MFA and it reaches them: NAT breaks both ways. */
const behindNat: VendorCheck = {
    vendorId: VENDOR, code: ZN_BEHIND_NAT,
    run: context => instancesOf(context, SEGMENT_SERVER).filter(i => i.nat).map((server): Finding => {
        const where = server.node.nat.length > 0 ? `Segment Server ${server.name} is behind NAT` : `Segment Server ${server.name} sits in zone ${server.zone.name}, which is behind NAT`;
        return {
            code: ZN_BEHIND_NAT, severity: 'error', node: server.node, property: server.node.nat.length > 0 ? 'nat' : 'zone',
            message: `${where}. Zero Networks requires the Segment Server's network adapter to be bridged, not NAT: every asset must reach it on 443 for MFA, and it must reach every asset over WinRM or SSH (${cite(context, '2.1. Segment Server sizing', '3.1. Create a Windows virtual machine')}).`
        };
    })
};

const serverOs: VendorCheck = {
    vendorId: VENDOR, code: ZN_SERVER_OS,
    run: context => instancesOf(context, SEGMENT_SERVER).filter(i => i.os === 'linux' && i.node.os.includes('linux')).map((server): Finding => ({
        code: ZN_SERVER_OS, severity: 'error', node: server.node, property: 'os',
        message: `Segment Server ${server.name} is marked os linux, but the Segment Server is a Windows Server 2019 or 2022 virtual machine (${cite(context, '3.1. Create a Windows virtual machine')}). Remove \`os linux\`.`
    }))
};

const serverAddress: VendorCheck = {
    vendorId: VENDOR, code: ZN_SERVER_ADDRESS,
    run: context => instancesOf(context, SEGMENT_SERVER)
        .filter(i => i.addresses.v4.length === 0 && i.addresses.v6.length === 0)
        .map((server): Finding => ({
            code: ZN_SERVER_ADDRESS, severity: 'warning', node: server.node, property: 'name',
            message: `Segment Server ${server.name} has no IP address in the plan. It needs a static IP address (${cite(context, '3.1. Create a Windows virtual machine')}), and the rules that let assets reach its MFA wall must name it: add \`at <address>\`.`
        }))
};

/** What a Segment Server must reach; without them in the plan, their flows cannot be checked. */
const COUNTERPARTS: readonly { typeId: string; what: string; section: string }[] = [
    { typeId: 'microsoft.DomainController', what: 'a domain controller (microsoft.DomainController)', section: '2.2.2 Internal network access requirements' },
    { typeId: 'infra.DnsServer', what: 'a DNS server (infra.DnsServer)', section: '2.2.2 Internal network access requirements' },
    { typeId: 'zeronetworks.SegmentCloud', what: 'the Zero Networks cloud (zeronetworks.SegmentCloud)', section: '2.2.1 External network access requirements' },
    { typeId: 'zeronetworks.MonitorEndpoint', what: 'the monitoring endpoint (zeronetworks.MonitorEndpoint)', section: '2.2.1 External network access requirements' },
    { typeId: 'zeronetworks.ManagedAsset', what: 'any monitored asset (zeronetworks.WindowsAsset, zeronetworks.LinuxAsset)', section: '2.2.2 Internal network access requirements' }
];

const missingCounterparts: VendorCheck = {
    vendorId: VENDOR, code: ZN_MISSING_COUNTERPART,
    run: context => {
        const servers = instancesOf(context, SEGMENT_SERVER);
        if (servers.length === 0) return [];
        const missing = COUNTERPARTS.filter(c => instancesOf(context, c.typeId).length === 0);
        if (missing.length === 0) return [];
        const sections = [...new Set(missing.map(m => m.section))];
        return servers.map((server): Finding => ({
            code: ZN_MISSING_COUNTERPART, severity: 'warning', node: server.node, property: 'type',
            message: `The plan places none of these: ${missing.map(m => m.what).join('; ')}. Segment Server ${server.name} must reach them (${cite(context, ...sections)}); place them so SegPlan can check those flows.`,
            data: { missing: missing.map(m => m.typeId) }
        }));
    }
};

/** The cloud is on the public internet and reached by the names and addresses the guide lists. */
const cloudZone: VendorCheck = {
    vendorId: VENDOR, code: ZN_CLOUD_ZONE,
    run: context => instancesOf(context, CLOUD_SERVICE).filter(i => !i.zone.internet).map((cloud): Finding => ({
        code: ZN_CLOUD_ZONE, severity: 'warning', node: cloud.node, property: 'zone',
        message: `${cloud.name} is the Zero Networks cloud, which is on the public internet (${cite(context, '2.2.1 External network access requirements')}), but zone ${cloud.zone.name} is not an \`internet\` zone. Place it in a zone declared \`internet\`.`
    }))
};

const cloudAddress: VendorCheck = {
    vendorId: VENDOR, code: ZN_CLOUD_ADDRESS,
    run: context => instancesOf(context, CLOUD_SERVICE).filter(i => i.node.addresses.length === 0).map((cloud): Finding => ({
        code: ZN_CLOUD_ADDRESS, severity: 'warning', node: cloud.node, property: 'name',
        message: `${cloud.name} has no host names or addresses, so a rule to it cannot say where the Segment Server may go. Give it the Zero Networks host names and IP addresses the guide lists (${cite(context, '2.2.1 External network access requirements')}, Note¹).`
    }))
};

/** Rules whose endpoints all resolved; the core gives the others no rule findings either. */
function resolvedRules(context: VendorCheckContext): PlanRule[] {
    return context.plan.policy.rules.filter(r => (r as { resolved?: boolean }).resolved !== false);
}

function isWholeInternetZone(context: VendorCheckContext, endpoint: PlanRule['destinations'][number]): boolean {
    return endpoint.label !== 'any' && !endpoint.instance && context.plan.facts.zones.get(endpoint.label)?.internet === true;
}

/**
 * A rule that lets the Segment Server reach the cloud by opening the whole internet zone. `any` as a
 * destination is left to the core's overbroad-rule finding.
 */
const cloudWholeInternet: VendorCheck = {
    vendorId: VENDOR, code: ZN_CLOUD_WHOLE_INTERNET,
    run: context => {
        const rules = new Set<PlanRule>();
        for (const result of context.flows) {
            const { source, destination } = result.flow;
            if (!context.catalog.ancestorsOf(source.typeId).has(SEGMENT_SERVER)) continue;
            if (!context.catalog.ancestorsOf(destination.typeId).has(CLOUD_SERVICE)) continue;
            for (const rule of result.rules) rules.add(rule);
        }
        const findings: Finding[] = [];
        for (const rule of resolvedRules(context)) {
            if (!rules.has(rule)) continue;
            rule.destinations.forEach((d, index) => {
                if (!isWholeInternetZone(context, d)) return;
                findings.push({
                    code: ZN_CLOUD_WHOLE_INTERNET, severity: 'warning', node: rule.node, property: 'destinations', index,
                    message: `This rule lets the Segment Server reach the whole internet (zone ${d.label}) to talk to the Zero Networks cloud. Allow only the cloud: name the zeronetworks.SegmentCloud and zeronetworks.MonitorEndpoint instances, placed at the host names and addresses the guide lists (${cite(context, '2.2.1 External network access requirements')}, Note¹).`
                });
            });
        }
        return findings;
    }
};

export const ZERO_NETWORKS_CHECKS: readonly VendorCheck[] = [
    behindNat, serverOs, serverAddress, missingCounterparts, cloudZone, cloudAddress, cloudWholeInternet
];
