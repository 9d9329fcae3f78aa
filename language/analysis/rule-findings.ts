import { isDenyRule, isUseGuardrail, type AllowRule } from '../generated/ast.js';
import type { PlanDeny, PlanRule, PlanRuleEndpoint } from '../plan/plan-model.js';
import { formatPorts, isAllPorts, subtractPorts, type PortSet } from '../network/ports.js';
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
    /** Ports used by required flows to or from a component in an internet zone (a roaming agent). */
    requiredOverInternet: PortSet;
}

/** The rule's protocol and ports as an engineer reads them: `any` with ports is TCP and UDP on those ports. */
export function protocolAndPorts(rule: PlanRule, ports = rule.ports): string {
    if (rule.protocol === 'any') return rule.allPorts ? 'every protocol' : `tcp/udp ${formatPorts(ports)}`;
    return `${rule.protocol} ${isAllPorts(ports) ? 'all ports' : formatPorts(ports)}`;
}

/** The labels of one side, `a, b`: a side of one endpoint (most rules) is its label, with no list to join. */
function sideLabels(side: readonly PlanRuleEndpoint[]): string {
    if (side.length === 1) return side[0].label;
    let text = '';
    for (let i = 0; i < side.length; i++) text += (i === 0 ? '' : ', ') + side[i].label;
    return text;
}

function endpointLabels(rule: PlanRule): string {
    return `${sideLabels(rule.sources)} → ${sideLabels(rule.destinations)}`;
}

/** A source that is, or lies in, the internet: `any`, an `internet` zone, or a component or bare address placed in one. */
function opensToInternet(rule: PlanRule): boolean {
    // Indexed, without a callback: once per allow rule, in code run for the first time.
    for (let i = 0; i < rule.sources.length; i++) {
        const s = rule.sources[i];
        if (s.addresses.any || s.internet || s.instance?.zone.internet || (s.bare && s.zone?.internet)) return true;
    }
    return false;
}

export const ADDRESS_IN_NO_ZONE = 'address-in-no-zone';

/** Whether a side names a bare address that no zone holds. */
function namesUnplacedAddress(side: readonly PlanRuleEndpoint[]): boolean {
    for (let i = 0; i < side.length; i++) if (side[i].bare && !side[i].bare!.placed) return true;
    return false;
}

/**
 * A bare address in an allow rule that no zone of the plan holds: a zone firewall cannot tell on
 * which side it lies, so the rule is not read (and emits nothing) until a zone holds it. Added to
 * `findings`: asked of every allow rule, and almost every one has none.
 */
export function unplacedAddressFindings(rule: PlanRule | PlanDeny, findings: Finding[]): void {
    if (!namesUnplacedAddress(rule.sources) && !namesUnplacedAddress(rule.destinations)) return;
    if (isUseGuardrail(rule.node)) return;
    const node = rule.node;
    // A deny of such an address is not read either (which zone pair it stands between is not known): an error too, never a deny that silently forbids nothing.
    const effect = isDenyRule(node) ? 'the deny forbids nothing until it does' : 'the rule lets nothing through until it does';
    for (const property of ['sources', 'destinations'] as const) {
        node[property].forEach((endpoint, index) => {
            const value = endpoint.address?.value;
            const resolved = rule[property].find(e => e.bare && e.label === value);
            if (value === undefined || !resolved?.bare || resolved.bare.placed) return;
            findings.push({
                code: ADDRESS_IN_NO_ZONE, severity: 'error', node, property, index,
                message: `${value} lies in no zone of the plan, so SegPlan cannot tell which side of a firewall it is on; ${effect}. Declare a zone that holds it (\`zone … internet\` for addresses on the internet), or name a zone or component instead.`
            });
        });
    }
}

/** Every address to every address: `allow any -> any …`, or an internet zone to `any`. */
function everythingToEverything(rule: PlanRule): boolean {
    return someAny(rule.sources, true) && someAny(rule.destinations, false);
}

/** Whether a side names `any` (or, with `internet`, an internet zone: every address the plan's zones do not hold). */
function someAny(side: readonly PlanRuleEndpoint[], internet: boolean): boolean {
    for (let i = 0; i < side.length; i++) if (side[i].addresses.any || (internet && side[i].internet)) return true;
    return false;
}

/** `allow vbr -> vbr`: every destination has the label of every source. */
function toItselfOnly(rule: PlanRule): boolean {
    for (let i = 0; i < rule.sources.length; i++) {
        for (let j = 0; j < rule.destinations.length; j++) if (rule.destinations[j].label !== rule.sources[i].label) return false;
    }
    return true;
}

/**
 * The findings about one allow rule, from the requirements it serves, added to `findings`.
 * Called for each of a plan's allow rules in code run for the first time: the endpoint labels are
 * written only for a finding that says them (most rules get none, or the unused-rule finding,
 * which writes its message when read), and no callback or list is made for what a rule does not have.
 */
export function ruleFindings(rule: PlanRule, usage: RuleUsage | undefined, findings: Finding[]): void {
    const installOnly = installOnlyFinding(rule, usage);
    // One mistake, one finding: a rule that exposes components to the internet is that error,
    // not also "serves nothing" or "'any' as the source".
    const exposure = internetExposureFinding(rule, usage);
    if (exposure) {
        if (installOnly) findings.push(installOnly);
        findings.push(exposure);
        return;
    }
    const node = rule.node;
    const served = usage?.served ?? [];
    // `allow vbr -> vbr`: the rule-to-itself warning says what is wrong; "serves nothing" would be a second finding for it.
    if (served.length === 0 && !toItselfOnly(rule)) findings.push(new UnusedRuleFinding(rule));
    if (rule.allPorts || rule.protocol === 'any') {
        const labels = endpointLabels(rule);
        findings.push({
            code: OVERBROAD_RULE, severity: 'warning', node, property: 'protocol',
            message: `${labels} allows ${rule.protocol === 'any' ? 'every protocol' : rule.protocol} on all ports. Open only the ports the components need${served.length ? `: ${formatPorts(served)}` : ''}.`,
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
    for (let index = 0; index < rule.sources.length; index++) {
        if (rule.sources[index].label === 'any') findings.push({
            code: OVERBROAD_RULE, severity: 'warning', node, property: 'sources', index,
            message: `'any' as the source lets every address in, the internet included. Name the components or zones that need ${formatPorts(served.length ? served : rule.ports)}.`
        });
    }
    for (let index = 0; index < rule.destinations.length; index++) {
        if (rule.destinations[index].label === 'any') findings.push({
            code: OVERBROAD_RULE, severity: 'warning', node, property: 'destinations', index,
            message: `'any' as the destination reaches every address. Name the components or zones the flows go to.`
        });
    }
    if (installOnly) findings.push(installOnly);
}

/**
 * "Serves no required flow", written when read: the finding most rules of a large plan get, of
 * which the editor shows the first 2,000 and `generate` none. Written at once, the 5,000 messages
 * of a 5,000-rule plan were some 35,000 of the objects its check keeps (strings made of pieces).
 */
class UnusedRuleFinding implements Finding {
    readonly code = UNUSED_RULE;
    readonly severity = 'warning';
    readonly unnecessary = true;
    readonly node: AllowRule;
    readonly #rule: PlanRule;

    constructor(rule: PlanRule) {
        this.node = rule.node;
        this.#rule = rule;
    }

    get message(): string {
        return `This allow rule (${endpointLabels(this.#rule)} ${protocolAndPorts(this.#rule)}) serves no required flow: no component in the plan needs it. Remove it, or check its endpoints and ports.`;
    }
}

/** A permanent rule for ports only installing or upgrading needs. */
function installOnlyFinding(rule: PlanRule, usage: RuleUsage | undefined): Finding | undefined {
    if (!usage || rule.until || usage.installOnly.length === 0) return undefined;
    return {
        code: INSTALL_ONLY_PERMANENT, severity: 'warning', node: rule.node,
        message: `${endpointLabels(rule)} ${protocolAndPorts(rule, usage.installOnly)} is needed only while installing or upgrading, but this rule allows it permanently. Add \`until <date>\` or split those ports into a temporary rule.`,
        data: { ports: formatPorts(usage.installOnly) }
    };
}

/** A rule that opens everything to everything, or ports no vendor marks internet-facing to the internet. */
function internetExposureFinding(rule: PlanRule, usage: RuleUsage | undefined): Finding | undefined {
    if (everythingToEverything(rule)) {
        // Never a warning: every address reaches every component, whatever the ports.
        return {
            code: INTERNET_EXPOSURE, severity: 'error', node: rule.node,
            message: `${endpointLabels(rule)} lets every address, the internet included, reach every address on ${rule.protocol === 'any' ? 'every protocol and port' : `${rule.protocol} ${isAllPorts(rule.ports) ? 'all ports' : formatPorts(rule.ports)}`}: it opens everything to everything. Name the components or zones on both sides.`,
            data: { ports: formatPorts(rule.ports) }
        };
    }
    if (!opensToInternet(rule)) return undefined;
    const exposed = subtractPorts(rule.ports, usage?.internetFacing ?? []);
    if (exposed.length === 0) return undefined;
    // Ports a required flow uses (an agent on the internet reporting to its management server):
    // SegPlan asked for them, so allowing them is no error; the vendor is silent on facing the
    // internet, and that is the engineer's decision.
    const unrequired = subtractPorts(exposed, usage?.requiredOverInternet ?? []);
    if (unrequired.length === 0) {
        return {
            code: INTERNET_EXPOSURE, severity: 'warning', node: rule.node,
            message: `${endpointLabels(rule)} opens ${protocolAndPorts(rule, exposed)} between the internet and the plan's zones for flows SegPlan requires, but the vendors do not say these ports may face the internet. `
                + `Decide whether these components should be reached over the internet (or through a VPN), and suppress this warning once decided.`,
            data: { ports: formatPorts(exposed) }
        };
    }
    return {
        code: INTERNET_EXPOSURE, severity: 'error', node: rule.node,
        message: `${endpointLabels(rule)} exposes ${protocolAndPorts(rule, unrequired)} to the internet, but the vendors mark no such flow internet-facing. Only ports such as Veeam Cloud Connect's 6180 should face the internet.`,
        data: { ports: formatPorts(unrequired) }
    };
}
