import type { Catalog, CatalogFlow } from '../catalog/catalog-model.js';
import { formatPorts } from '../network/ports.js';
import type { FlowCoverage } from './coverage.js';
import type { AstNode } from 'langium';
import { briefCitations, formatCitations, type Finding, type FindingSeverity } from './finding.js';
import { PLAN_VENDOR, PLAN_VENDOR_NAME, vendorDisplayName } from './plan-requirements.js';
import type { AnyRequirement, RequirementEndpoint } from './required-flows.js';
import { ObjectSlot } from '../utils/object-slot.js';
import { keptWhole } from '../utils/kept-whole.js';

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

/**
 * Where a flow's catalog rows require it: the same for every finding of the same rows (a plan's
 * sites share them), so one frozen list per list of rows, not one per finding.
 */
function related(flow: AnyRequirement): NonNullable<Finding['related']> {
    let list = relatedOfRows.get(flow.catalogFlows);
    if (!list) {
        list = Object.freeze(flow.catalogFlows.map(f => Object.freeze({ node: f.node, message: keptWhole(`required by ${f.vendorId === PLAN_VENDOR ? PLAN_VENDOR_NAME : 'the catalog'}: ${f.purpose}`) })));
        relatedOfRows.set(flow.catalogFlows, list);
    }
    return list;
}

const relatedOfRows = new ObjectSlot<readonly CatalogFlow[], NonNullable<Finding['related']>>('where the rows require the flow');

/** The endpoint as an allow rule names it: a group by all its members (`esx1, esx2, esx3`). */
export function endpointText(endpoint: RequirementEndpoint): string {
    if (!('members' in endpoint) || endpoint.members.length === 1) return endpoint.name;
    let text = endpointTexts.get(endpoint);
    if (text === undefined) endpointTexts.set(endpoint, text = endpoint.members.map(m => m.name).join(', '));
    return text;
}

const endpointTexts = new ObjectSlot<object, string>('endpoint text');

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

function whyNeeded(flow: AnyRequirement, catalog: Catalog, brief = false): string {
    return `${flow.purpose} (${vendorName(flow, catalog)}; ${brief ? briefCitations(flow.sources) : formatCitations(flow.sources)})`;
}

function installNoteOf(flow: AnyRequirement): string {
    return flow.installOnly ? ' It is needed only while installing or upgrading: allow it with `until <date>`.' : '';
}

/** The finding for a required flow that the allow rules do not fully let through, if any. */
export function flowFinding(flow: AnyRequirement, coverage: FlowCoverage, catalog: Catalog): Finding | undefined {
    return coverage.status === 'covered' ? undefined : new UnallowedFlowFinding(flow, coverage, catalog);
}

/**
 * A missing or partly allowed flow. It holds the flow, its coverage and the catalog, and writes
 * its message, related information and quick-fix data when first read: a plan without rules has
 * some 80,000 missing flows, of which the editor shows 2,000, and each kept finding with its texts,
 * data and two closures would make the garbage collector copy tens of megabytes more while the
 * analysis runs.
 */
class UnallowedFlowFinding implements Finding {
    // What a finding says of itself is read from the flow and its coverage (getters, not fields):
    // a plan without sites keeps one such finding per missing group requirement (135,000, merged
    // into 80,000 per component pair), and each field was another megabyte for the garbage
    // collector to copy.
    // The node is kept as it was: a re-parse gives the flow's source a new node, and the analysis
    // then makes the finding again (findingOf).
    readonly node: AstNode;
    #message: string | undefined;
    #related: Finding['related'] | undefined;
    #data: Record<string, unknown> | undefined;

    // Private to the class at run time too: a copy by spread must not carry them (see findingFacts).
    readonly #flow: AnyRequirement;
    readonly #coverage: FlowCoverage;
    readonly #catalog: Catalog;

    constructor(flow: AnyRequirement, coverage: FlowCoverage, catalog: Catalog) {
        this.#flow = flow;
        this.#coverage = coverage;
        this.#catalog = catalog;
        this.node = flow.source.node;
    }

    get code(): string {
        return this.#coverage.status === 'missing' ? MISSING_FLOW : PARTIAL_FLOW;
    }

    get severity(): FindingSeverity {
        return this.#flow.installOnly ? 'warning' : 'error';
    }

    get installOnly(): boolean {
        return this.#flow.installOnly;
    }

    get property(): string {
        return 'name';
    }

    get message(): string {
        return this.#message ??= keptWhole(this.write(false));
    }

    /** The message with the first citation only (briefCitations): what `segplan check` prints. */
    get brief(): string {
        return this.#flow.sources.length <= 1 ? this.message : this.write(true);
    }

    private write(brief: boolean): string {
        const flow = this.#flow;
        return this.#coverage.status === 'missing'
            ? `No allow rule lets ${describeFlow(flow)} through (${zonesOf(flow)}): ${whyNeeded(flow, this.#catalog, brief)}.${installNoteOf(flow)}`
            : `${describeFlow(flow)} (${zonesOf(flow)}) is only partly allowed; still blocked: ${this.details().join('; ')}. Needed for ${whyNeeded(flow, this.#catalog, brief)}.${installNoteOf(flow)}`;
    }

    get related(): Finding['related'] {
        return this.#related ??= related(this.#flow);
    }

    get data(): Record<string, unknown> {
        if (this.#data === undefined) {
            const flow = this.#flow;
            this.#data = this.#coverage.status === 'missing'
                ? flowData(flow, formatPorts(flow.ports), `${flow.protocols.join('/')} ${flow.portText}`)
                : flowData(flow, [...new Set(this.#coverage.gaps.map(g => formatPorts(g.ports)))].join(', '), this.details().join('; '));
            if (flow.sources.length > 1) this.#data.brief = keptWhole(this.brief);
        }
        return this.#data;
    }

    /** What is still blocked of a partly allowed flow, gap by gap (`tcp 902`, `udp 135 from 10.0.0.5`). */
    private details(): string[] {
        const flow = this.#flow;
        return this.#coverage.gaps.map(gap => {
            const addresses: string[] = [];
            if (!gap.sources.contains(flow.source.addresses)) addresses.push(`from ${gap.sources.format()}`);
            if (!gap.destinations.contains(flow.destination.addresses)) addresses.push(`to ${gap.destinations.format()}`);
            return `${gap.protocol} ${formatPorts(gap.ports)}${addresses.length ? ` ${addresses.join(' ')}` : ''}`;
        });
    }
}

/** A requirement between two instances of one zone: no network rule, but host firewalls matter. */
export function sameZoneFinding(flow: AnyRequirement): Finding {
    return {
        code: SAME_ZONE_FLOW,
        severity: 'hint',
        message: keptWhole(`${describeFlow(flow)} stays inside zone ${flow.source.zone.name}: no network rule is needed, but host firewalls must allow it (${flow.purpose}).`),
        node: flow.source.node, property: 'name',
        related: related(flow)
    };
}
