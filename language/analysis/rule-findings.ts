import type { PlanRule } from '../plan/plan-model.js';
import { formatPorts, isAllPorts, subtractPorts, type PortSet } from '../model/ports.js';
import type { Finding } from './finding.js';

export const UNUSED_RULE = 'unused-rule';
export const OVERBROAD_RULE = 'overbroad-rule';
export const INSTALL_ONLY_PERMANENT = 'install-only-permanent';
export const INTERNET_EXPOSURE = 'internet-exposure';

/** What the requirements made of an allow rule, gathered while checking coverage. */
export interface RuleUsage {
    /** Ports of the rule that some required flow uses. */
    served: PortSet;
    /** Ports that only install-only flows use. */
    installOnly: PortSet;
    /** Ports used by flows the vendor marks internet-facing. */
    internetFacing: PortSet;
}

/** The rule's protocol and ports as an engineer reads them: `any` with ports is TCP and UDP on those ports. */
export function protocolAndPorts(rule: PlanRule, ports = rule.ports): string {
    if (rule.protocol === 'any') return rule.allPorts ? 'every protocol' : `tcp/udp ${formatPorts(ports)}`;
    return `${rule.protocol} ${isAllPorts(ports) ? 'all ports' : formatPorts(ports)}`;
}

function endpointLabels(rule: PlanRule): string {
    return `${rule.sources.map(s => s.label).join(', ')} → ${rule.destinations.map(d => d.label).join(', ')}`;
}

/** A source that is, or lies in, the internet: `any`, an `internet` zone, or a component or bare address placed in one. */
function opensToInternet(rule: PlanRule): boolean {
    return rule.sources.some(s => s.addresses.any || s.instance?.zone.internet || (s.bare && s.zone?.internet));
}

export const ADDRESS_IN_NO_ZONE = 'address-in-no-zone';

/**
 * A bare address in an allow rule that no zone of the plan holds: a zone firewall cannot tell on
 * which side it lies, so the rule is not read (and emits nothing) until a zone holds it.
 */
export function unplacedAddressFindings(rule: PlanRule): Finding[] {
    const findings: Finding[] = [];
    for (const property of ['sources', 'destinations'] as const) {
        rule.node[property].forEach((endpoint, index) => {
            const value = endpoint.address?.value;
            const resolved = rule[property].find(e => e.bare && e.label === value);
            if (value === undefined || !resolved?.bare || resolved.bare.placed) return;
            findings.push({
                code: ADDRESS_IN_NO_ZONE, severity: 'error', node: rule.node, property, index,
                message: `${value} lies in no zone of the plan, so SegPlan cannot tell which side of a firewall it is on; the rule lets nothing through until it does. Declare a zone that holds it (\`zone … internet\` for addresses on the internet), or name a zone or component instead.`
            });
        });
    }
    return findings;
}

/** Every address to every address: `allow any -> any …`, or an internet zone to `any`. */
function everythingToEverything(rule: PlanRule): boolean {
    return rule.sources.some(s => s.addresses.any) && rule.destinations.some(d => d.addresses.any);
}

/** The findings about one allow rule, from the requirements it serves. */
export function ruleFindings(rule: PlanRule, usage: RuleUsage | undefined): Finding[] {
    const findings: Finding[] = [];
    const node = rule.node;
    const served = usage?.served ?? [];
    const what = `${endpointLabels(rule)} ${protocolAndPorts(rule)}`;
    // `allow vbr -> vbr`: the rule-to-itself warning says what is wrong; "serves nothing" would be a second finding for it.
    const toItselfOnly = rule.sources.every(s => rule.destinations.every(d => d.label === s.label));
    if (served.length === 0 && !toItselfOnly) {
        findings.push({
            code: UNUSED_RULE, severity: 'warning', unnecessary: true, node,
            message: `This allow rule (${what}) serves no required flow: no component in the plan needs it. Remove it, or check its endpoints and ports.`
        });
    }
    if (rule.allPorts || rule.protocol === 'any') {
        findings.push({
            code: OVERBROAD_RULE, severity: 'warning', node, property: rule.allPorts ? 'protocol' : 'protocol',
            message: `${endpointLabels(rule)} allows ${rule.protocol === 'any' ? 'every protocol' : rule.protocol} on all ports. Open only the ports the components need${served.length ? `: ${formatPorts(served)}` : ''}.`,
            data: { served: formatPorts(served) }
        });
    } else if (served.length > 0) {
        const unneeded = subtractPorts(rule.ports, served);
        if (unneeded.length > 0) {
            findings.push({
                code: OVERBROAD_RULE, severity: 'warning', node, property: 'ports',
                message: `${endpointLabels(rule)} ${rule.protocol} allows ${formatPorts(unneeded)}, which no required flow between these endpoints uses. Narrow it to ${formatPorts(served)}.`,
                data: { served: formatPorts(served), unneeded: formatPorts(unneeded) }
            });
        }
    }
    rule.sources.forEach((s, index) => {
        if (s.label === 'any') findings.push({
            code: OVERBROAD_RULE, severity: 'warning', node, property: 'sources', index,
            message: `'any' as the source lets every address in, the internet included. Name the components or zones that need ${formatPorts(served.length ? served : rule.ports)}.`
        });
    });
    rule.destinations.forEach((d, index) => {
        if (d.label === 'any') findings.push({
            code: OVERBROAD_RULE, severity: 'warning', node, property: 'destinations', index,
            message: `'any' as the destination reaches every address. Name the components or zones the flows go to.`
        });
    });
    if (usage && !rule.until && usage.installOnly.length > 0) {
        findings.push({
            code: INSTALL_ONLY_PERMANENT, severity: 'warning', node,
            message: `${endpointLabels(rule)} ${protocolAndPorts(rule, usage.installOnly)} is needed only while installing or upgrading, but this rule allows it permanently. Add \`until <date>\` or split those ports into a temporary rule.`,
            data: { ports: formatPorts(usage.installOnly) }
        });
    }
    if (everythingToEverything(rule)) {
        // Never a warning: every address reaches every component, whatever the ports.
        findings.push({
            code: INTERNET_EXPOSURE, severity: 'error', node,
            message: `${endpointLabels(rule)} lets every address, the internet included, reach every address on ${rule.protocol === 'any' ? 'every protocol and port' : `${rule.protocol} ${isAllPorts(rule.ports) ? 'all ports' : formatPorts(rule.ports)}`}: it opens everything to everything. Name the components or zones on both sides.`,
            data: { ports: formatPorts(rule.ports) }
        });
    } else if (opensToInternet(rule)) {
        const exposed = subtractPorts(rule.ports, usage?.internetFacing ?? []);
        if (exposed.length > 0) {
            findings.push({
                code: INTERNET_EXPOSURE, severity: 'error', node,
                message: `${endpointLabels(rule)} exposes ${protocolAndPorts(rule, exposed)} to the internet, but the vendors mark no such flow internet-facing. Only ports such as Veeam Cloud Connect's 6180 should face the internet.`,
                data: { ports: formatPorts(exposed) }
            });
        }
    }
    // One mistake, one finding: a rule that exposes components to the internet is that error,
    // not also "serves nothing" or "'any' as the source".
    if (findings.some(f => f.code === INTERNET_EXPOSURE)) return findings.filter(f => f.code === INTERNET_EXPOSURE || f.code === INSTALL_ONLY_PERMANENT);
    return findings;
}
