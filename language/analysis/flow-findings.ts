import type { Catalog } from '../catalog/catalog-model.js';
import { formatPorts } from '../model/ports.js';
import type { FlowCoverage } from './coverage.js';
import { formatCitations, withMessage, type Finding } from './finding.js';
import { PLAN_VENDOR, PLAN_VENDOR_NAME, vendorDisplayName } from './plan-requirements.js';
import type { AnyRequirement, RequirementEndpoint } from './required-flows.js';

export const MISSING_FLOW = 'missing-flow';
export const PARTIAL_FLOW = 'partial-flow';
export const SAME_ZONE_FLOW = 'same-zone-flow';

function vendorName(flow: AnyRequirement, catalog: Catalog): string {
    const ids = [...new Set(flow.catalogFlows.map(f => f.vendorId))];
    return ids.map(id => vendorDisplayName(catalog, id)).join(', ');
}

/** `vbr → vcenter tcp 443` */
export function describeFlow(flow: AnyRequirement): string {
    return `${flow.source.name} → ${flow.destination.name} ${flow.protocols.join('/')} ${flow.portText}`;
}

function related(flow: AnyRequirement) {
    return flow.catalogFlows.map(f => ({ node: f.node, message: `required by ${f.vendorId === PLAN_VENDOR ? PLAN_VENDOR_NAME : 'the catalog'}: ${f.purpose}` }));
}

/** The endpoint as an allow rule names it: a group by all its members (`esx1, esx2, esx3`). */
export function endpointText(endpoint: RequirementEndpoint): string {
    if (!('members' in endpoint) || endpoint.members.length === 1) return endpoint.name;
    let text = endpointTexts.get(endpoint);
    if (text === undefined) endpointTexts.set(endpoint, text = endpoint.members.map(m => m.name).join(', '));
    return text;
}

const endpointTexts = new WeakMap<object, string>();

function flowData(flow: AnyRequirement, missingPorts: string, blocked: string) {
    // No flow id: ids number the whole plan's flows, and a finding must not change because a
    // flow was added elsewhere (the editor would re-check files the edit did not touch).
    return {
        source: endpointText(flow.source),
        destination: endpointText(flow.destination),
        protocol: flow.protocols.length === 2 ? 'tcp/udp' : flow.protocols[0],
        ports: missingPorts,
        purpose: flow.purpose,
        installOnly: flow.installOnly,
        /** What is still blocked, in words (`tcp 902`, `udp 135 from 10.0.0.5`). */
        blocked
    };
}

function zonesOf(flow: AnyRequirement): string {
    return `${flow.source.zone.name} → ${flow.destination.zone.name}`;
}

function whyNeeded(flow: AnyRequirement, catalog: Catalog): string {
    return `${flow.purpose} (${vendorName(flow, catalog)}; ${formatCitations(flow.sources)})`;
}

function installNoteOf(flow: AnyRequirement): string {
    return flow.installOnly ? ' It is needed only while installing or upgrading: allow it with `until <date>`.' : '';
}

/** The finding for a required flow that the allow rules do not fully let through, if any. */
export function flowFinding(flow: AnyRequirement, coverage: FlowCoverage, catalog: Catalog): Finding | undefined {
    if (coverage.status === 'covered') return undefined;
    // The message and related information are written when read: a plan without rules has some
    // 80,000 missing flows, of which the editor shows 2,000.
    if (coverage.status === 'missing') {
        return withMessage({
            code: MISSING_FLOW,
            severity: flow.installOnly ? 'warning' : 'error',
            node: flow.source.node, property: 'name',
            data: flowData(flow, formatPorts(flow.ports), `${flow.protocols.join('/')} ${flow.portText}`)
        }, () => `No allow rule lets ${describeFlow(flow)} through (${zonesOf(flow)}): ${whyNeeded(flow, catalog)}.${installNoteOf(flow)}`, () => related(flow));
    }
    const details = coverage.gaps.map(gap => {
        const addresses: string[] = [];
        if (!gap.sources.contains(flow.source.addresses)) addresses.push(`from ${gap.sources.format()}`);
        if (!gap.destinations.contains(flow.destination.addresses)) addresses.push(`to ${gap.destinations.format()}`);
        return `${gap.protocol} ${formatPorts(gap.ports)}${addresses.length ? ` ${addresses.join(' ')}` : ''}`;
    });
    const missingPorts = [...new Set(coverage.gaps.map(g => formatPorts(g.ports)))].join(', ');
    return withMessage({
        code: PARTIAL_FLOW,
        severity: flow.installOnly ? 'warning' : 'error',
        node: flow.source.node, property: 'name',
        data: flowData(flow, missingPorts, details.join('; '))
    }, () => `${describeFlow(flow)} (${zonesOf(flow)}) is only partly allowed; still blocked: ${details.join('; ')}. Needed for ${whyNeeded(flow, catalog)}.${installNoteOf(flow)}`, () => related(flow));
}

/** A requirement between two instances of one zone: no network rule, but host firewalls matter. */
export function sameZoneFinding(flow: AnyRequirement): Finding {
    return {
        code: SAME_ZONE_FLOW,
        severity: 'hint',
        message: `${describeFlow(flow)} stays inside zone ${flow.source.zone.name}: no network rule is needed, but host firewalls must allow it (${flow.purpose}).`,
        node: flow.source.node, property: 'name',
        related: related(flow)
    };
}
