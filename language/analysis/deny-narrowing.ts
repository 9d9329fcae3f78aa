import type { AllowRule, DenyRule, PortItem, RuleEndpoint } from '../generated/ast.js';
import { AddressSet } from '../network/addresses.js';
import { formatPorts, subtractPorts, unionPorts, type PortSet } from '../network/ports.js';
import type { PlanRuleEndpoint, PlanTraffic } from '../plan/plan-model.js';
import { carriesOtherProtocols, transportsOf } from './traffic-overlap.js';

/** Traffic to take out of a rule: a deny (out of an allow rule), or a required flow (out of a deny). */
export interface CutTraffic extends Pick<PlanTraffic, 'sourceAddresses' | 'destinationAddresses' | 'protocol' | 'ports' | 'allPorts'> {
    /** Addresses left out of a side (`any except …`). */
    readonly sourceExceptions: AddressSet;
    readonly destinationExceptions: AddressSet;
}

/**
 * A statement rewritten without some traffic: the lines that replace it (none: remove it), or why
 * no statement of the language can say exactly what is left.
 */
export type Narrowed = { readonly lines: readonly string[] } | { readonly cannot: string };

/** A statement's parts as written, to write it again with fewer endpoints or ports. */
interface Written {
    readonly node: AllowRule | DenyRule;
    readonly traffic: PlanTraffic;
    /**
     * What `any` may be written as instead: every zone of the plan, when together they hold every
     * address (the plan has an internet zone, which is every address outside the others). Then
     * `any` less the internet is the plan's other zones, which a statement can name.
     */
    readonly anyAs?: readonly Pick<PlanRuleEndpoint, 'label' | 'addresses'>[];
}

/** One endpoint of a side as the narrowed statement would write it. */
interface SideItem {
    readonly text: string;
    readonly addresses: AddressSet;
}

/**
 * What is left of an allow rule (or a deny) once `cut` is taken out of it, written as statements,
 * never wider than the original and sharing nothing with `cut`; only where that can be said
 * exactly:
 * - both of the rule's sides lie wholly in the cut's: the same rule with fewer ports (one rule
 *   per protocol when the cut takes different ports of TCP and UDP), or none;
 * - its protocols and ports lie wholly in the cut's and one side does: the other side without the
 *   endpoints that lie in the cut (each must lie wholly in it or wholly out of it), or none.
 * Otherwise `cannot` says why (part of a component or zone would be left, which no endpoint names).
 */
export function narrowedWithout(written: Written, cut: CutTraffic): Narrowed {
    const { traffic } = written;
    const inSources = (e: Pick<PlanRuleEndpoint, 'addresses'>) => lies(e.addresses, cut.sourceAddresses, cut.sourceExceptions);
    const inDestinations = (e: Pick<PlanRuleEndpoint, 'addresses'>) => lies(e.addresses, cut.destinationAddresses, cut.destinationExceptions);
    const allSources = traffic.sources.every(e => inSources(e) === 'in');
    const allDestinations = traffic.destinations.every(e => inDestinations(e) === 'in');
    if (allSources && allDestinations) return narrowedPorts(written, cut);
    if (!trafficInside(traffic, cut)) {
        return { cannot: 'the denied part is only some of the addresses and only some of the ports this rule opens: no single list of endpoints and ports says what is left' };
    }
    for (const [side, other, where] of [['sources', allDestinations, inSources], ['destinations', allSources, inDestinations]] as const) {
        if (!other) continue;
        const items = sideItems(written, side, where);
        const places = items.map(where);
        if (places.some(p => p === 'part')) continue;
        const kept = items.filter((_, i) => places[i] === 'out').map(i => i.text);
        const texts = (s: 'sources' | 'destinations') => s === side ? kept : written.node[s].map(endpointText);
        return { lines: kept.length === 0 ? [] : [statementText(written.node, texts('sources'), texts('destinations'), written.node.ports.length === 0 ? undefined : portsText(written.node.ports), written.node.protocol)] };
    }
    return { cannot: 'the denied part is only some of the addresses of an endpoint this rule names (a zone, a range or `any`): no endpoint of the plan names what is left' };
}

/**
 * A side's endpoints as written, with `any` written as every zone of the plan where the cut
 * takes only part of it and the zones together hold every address (`anyAs`).
 */
function sideItems(written: Written, side: 'sources' | 'destinations', where: (e: Pick<PlanRuleEndpoint, 'addresses'>) => 'in' | 'out' | 'part'): SideItem[] {
    const nodes = written.node[side], resolved = written.traffic[side];
    // Only a side read whole lines up endpoint by endpoint with what was written.
    if (nodes.length !== resolved.length) return nodes.map((n, i) => ({ text: endpointText(n), addresses: resolved[i]?.addresses ?? AddressSet.ANY }));
    return nodes.flatMap((node, i): SideItem[] => {
        const endpoint = resolved[i];
        if (node.any && written.anyAs && where(endpoint) === 'part') return written.anyAs.map(z => ({ text: z.label, addresses: z.addresses }));
        return [{ text: endpointText(node), addresses: endpoint.addresses }];
    });
}

/** Whether a side's addresses lie wholly in a cut's side (`in`), wholly out of it (`out`), or partly (`part`). */
function lies(addresses: AddressSet, side: AddressSet, exceptions: AddressSet): 'in' | 'out' | 'part' {
    if (!side.intersects(addresses) || exceptions.contains(addresses)) return 'out';
    if (side.contains(addresses) && !exceptions.intersects(addresses)) return 'in';
    return 'part';
}

/** Whether every protocol and port of the traffic is one the cut takes. */
function trafficInside(traffic: PlanTraffic, cut: CutTraffic): boolean {
    if (carriesOtherProtocols(traffic) && !carriesOtherProtocols(cut)) return false;
    const cutTransports = transportsOf(cut.protocol);
    return transportsOf(traffic.protocol).every(t => cutTransports.includes(t)) && subtractPorts(traffic.ports, cut.ports).length === 0;
}

/** Both sides lie in the cut: the ports it does not take, per protocol. */
function narrowedPorts(written: Written, cut: CutTraffic): Narrowed {
    const { traffic, node } = written;
    if (carriesOtherProtocols(traffic)) {
        if (carriesOtherProtocols(cut)) return { lines: [] };
        return { cannot: 'this rule opens every protocol (`any`): the language has no way to write every protocol but some TCP or UDP ports' };
    }
    const cutTransports = transportsOf(cut.protocol);
    const left = transportsOf(traffic.protocol).map(protocol => ({
        protocol, ports: cutTransports.includes(protocol) ? subtractPorts(traffic.ports, cut.ports) : traffic.ports
    })).filter(t => t.ports.length > 0);
    if (left.length === 0) return { lines: [] };
    const write = (protocol: string, ports: PortSet) => statementText(node, node.sources.map(endpointText), node.destinations.map(endpointText), formatPorts(ports), protocol);
    if (left.length === 2 && samePorts(left[0].ports, left[1].ports)) return { lines: [write(node.protocol, left[0].ports)] };
    return { lines: left.map(t => write(t.protocol, t.ports)) };
}

function samePorts(a: PortSet, b: PortSet): boolean {
    return formatPorts(unionPorts(a, b)) === formatPorts(a) && formatPorts(a) === formatPorts(b);
}

function portsText(ports: readonly PortItem[]): string {
    return ports.map(p => p.$cstNode?.text ?? String(p.value ?? '')).join(', ');
}

function endpointText(endpoint: RuleEndpoint): string {
    return endpoint.$cstNode?.text ?? (endpoint.any ? 'any' : endpoint.address?.value ?? endpoint.target?.$refText ?? '');
}

/** The statement written again with these endpoints and ports; its keyword, reason and `until` as they were. */
function statementText(node: AllowRule | DenyRule, sources: readonly string[], destinations: readonly string[], ports: string | undefined, protocol: string): string {
    const keyword = node.$type === 'DenyRule' ? 'deny' : 'allow';
    const description = node.description === undefined ? '' : ` ${descriptionText(node)}`;
    const until = node.$type === 'AllowRule' && node.until ? ` until ${node.until}` : '';
    const portList = ports ? ` ${ports}` : '';
    return `${keyword} ${sources.join(', ')} -> ${destinations.join(', ')} ${protocol}${portList}${description}${until}`;
}

/** The reason as written (its quotes and escapes), from the text. */
function descriptionText(node: AllowRule | DenyRule): string {
    const text = node.$cstNode?.text ?? '';
    const match = /"(?:\\.|[^"\\])*"\s*(?:until\s+\S+\s*)?$/.exec(text);
    return match ? match[0].replace(/\s*until\s+\S+\s*$/, '').trim() : `"${(node.description ?? '').replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}
