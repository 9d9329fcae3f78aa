import type { FlowResult, PlanAnalysis } from '../analysis/analyze-plan.js';
import type { DenyMeeting } from '../analysis/deny-conflicts.js';
import { planLineOf, type PlanLine } from '../analysis/plan-line.js';
import { addressesLeft, formatOverlapTraffic, overlapOf, type TrafficOverlap, type TrafficShape } from '../analysis/traffic-overlap.js';
import type { Catalog } from '../catalog/catalog-model.js';
import type { AddressSet } from '../network/addresses.js';
import { formatAddresses } from '../network/outside-zones.js';
import { formatPorts } from '../network/ports.js';
import type { PlanZone } from '../plan/plan-model.js';
import type { GraphFlow } from './plan-graph.js';

/**
 * The zone matrix, the view a security review asks for: for each pair of zones (source row,
 * destination column) what the allow rules open, what the deny statements forbid, what the
 * vendors require and whether it is let through, and where these collide (an allow rule that
 * opens denied traffic, a requirement that falls inside a deny). Computed here once; the CLI's
 * formats and the diagram view only draw it. Flows inside one zone are on the diagonal.
 */

/** An allow rule or a deny as a cell lists it: its traffic and its plan line. */
export interface MatrixStatement {
    readonly where: PlanLine;
    /** `tcp 443, 8443`, `tcp/udp all ports`, `any protocol`. */
    readonly traffic: string;
    /** Allow rules: the `until` day that has passed; the rule lets nothing through any more. */
    readonly expired?: string;
    /** Denies from a built-in guardrail: its name (the plan line is the `use guardrail`). */
    readonly guardrail?: string;
}

export type MatrixFlow = GraphFlow & {
    readonly from: string;
    readonly to: string;
    /** The deny whose traffic the flow needs (a conflict the engineer must settle). */
    readonly deniedBy?: PlanLine;
    /** A deny SegPlan could not read whole that may forbid the flow: whether it passes cannot be told. */
    readonly cannotTell?: PlanLine;
};

/** A deny that was not read whole and may reach a zone pair: what passes there cannot be told. */
export interface MatrixUnreadDeny {
    readonly where: PlanLine;
    readonly why: string;
}

/**
 * `allow-overlaps-deny`: an allow rule lets traffic through that a deny forbids; `requirement-denied`:
 * a required flow (a vendor's or the plan's own `require`) falls inside a deny.
 */
export interface MatrixConflict {
    readonly kind: 'allow-overlaps-deny' | 'requirement-denied';
    readonly deny: PlanLine;
    readonly allow?: PlanLine;
    /** The required flow, for `requirement-denied`: `vbr -> repo tcp 22 (purpose)`. */
    readonly flow?: string;
    /** The traffic both name: protocol and ports, sources, destinations. */
    readonly traffic: string;
    readonly sources: string;
    readonly destinations: string;
}

export interface ZoneMatrixCell {
    readonly source: string;
    readonly destination: string;
    readonly required: number;
    readonly allowed: number;
    readonly partial: number;
    readonly missing: number;
    /** Flows inside one zone: no network rule, only the host firewalls. */
    readonly sameZone: number;
    readonly flows: readonly MatrixFlow[];
    readonly allows: readonly MatrixStatement[];
    readonly denies: readonly MatrixStatement[];
    /** Denies not read whole that may reach the pair, where it has allow rules or required flows. */
    readonly unread: readonly MatrixUnreadDeny[];
    readonly conflicts: readonly MatrixConflict[];
}

export interface ZoneMatrix {
    readonly plan: string;
    readonly zones: readonly string[];
    /** Only the pairs with a flow, an allow rule or a deny, ordered by source then destination zone name. */
    readonly cells: readonly ZoneMatrixCell[];
}

interface CellDraft {
    source: string; destination: string; required: number; allowed: number; partial: number; missing: number; sameZone: number;
    flows: MatrixFlow[]; allows: MatrixStatement[]; denies: MatrixStatement[]; unread: MatrixUnreadDeny[]; conflicts: MatrixConflict[];
}

/** The addresses a zone stands for: an internet zone is every address outside the plan's other zones. */
function zoneSpaces(zones: readonly PlanZone[]): Map<string, AddressSet> {
    // The plan model gives an internet zone those addresses (outsideOf), with the hosts placed in it.
    return new Map(zones.map(z => [z.name, z.members]));
}

/** The zones a set of addresses reaches into. */
function zonesOf(addresses: AddressSet, spaces: ReadonlyMap<string, AddressSet>): string[] {
    return [...spaces].filter(([, space]) => space.intersects(addresses)).map(([name]) => name);
}

function statementTraffic(shape: TrafficShape): string {
    if (shape.protocol === 'any' && shape.allPorts) return 'any protocol';
    return `${shape.protocol} ${shape.allPorts ? 'all ports' : formatPorts(shape.ports)}`;
}

/** The overlap's addresses on each side, its exceptions taken out: what a cell shows and where it goes. */
function overlapSides(o: TrafficOverlap) {
    return { sources: addressesLeft(o.sources, o.sourceExceptions), destinations: addressesLeft(o.destinations, o.destinationExceptions) };
}

/** `outside`: what the plan's internet zones stand for, said in words rather than as its many prefixes. */
function overlapTraffic(o: TrafficOverlap, outside: AddressSet | undefined, sides = overlapSides(o)) {
    return { traffic: formatOverlapTraffic(o, formatPorts), sources: formatAddresses(sides.sources, outside), destinations: formatAddresses(sides.destinations, outside) };
}

function flowShape(r: FlowResult): TrafficShape {
    const flow = r.flow;
    return {
        sourceAddresses: flow.source.addresses, destinationAddresses: flow.destination.addresses,
        protocol: flow.protocols.length === 2 ? 'tcp/udp' : flow.protocols[0], ports: flow.ports, allPorts: false
    };
}

function flowText(r: FlowResult): string {
    const flow = r.flow;
    return `${flow.source.name} -> ${flow.destination.name} ${flow.protocols.join('/')} ${flow.portText} (${flow.purpose})`;
}

const byPair = (a: { source: string; destination: string }, b: { source: string; destination: string }) =>
    (a.source < b.source ? -1 : a.source > b.source ? 1 : a.destination < b.destination ? -1 : a.destination > b.destination ? 1 : 0);

export function buildZoneMatrix(analysis: PlanAnalysis, catalog: Catalog, today = new Date().toISOString().slice(0, 10)): ZoneMatrix {
    const plan = analysis.plan;
    const zones = [...plan.facts.zones.keys()].sort();
    const spaces = zoneSpaces([...plan.facts.zones.values()]);
    const outside = [...plan.facts.zones.values()].find(z => z.internet)?.networks;
    const cells = new Map<string, CellDraft>();
    const cell = (source: string, destination: string): CellDraft => {
        const key = `${source}\u0000${destination}`;
        let draft = cells.get(key);
        if (!draft) cells.set(key, draft = { source, destination, required: 0, allowed: 0, partial: 0, missing: 0, sameZone: 0, flows: [], allows: [], denies: [], unread: [], conflicts: [] });
        return draft;
    };
    const eachPair = (sources: AddressSet, destinations: AddressSet, add: (c: CellDraft) => void) => {
        const to = zonesOf(destinations, spaces);
        for (const s of zonesOf(sources, spaces)) for (const d of to) add(cell(s, d));
    };
    const denied = analysis.denies.denied;
    const unread = analysis.denies.unread;
    for (const d of denied) {
        const statement: MatrixStatement = { where: planLineOf(d.deny.node), traffic: statementTraffic(d), ...(d.deny.guardrail ? { guardrail: d.deny.guardrail.name } : {}) };
        eachPair(d.sourceAddresses, d.destinationAddresses, c => c.denies.push(statement));
    }
    for (const rule of plan.policy.rules) {
        if (!rule.resolved) continue;
        const expired = rule.until !== undefined && rule.until < today ? rule.until : undefined;
        const where = planLineOf(rule.node);
        eachPair(rule.sourceAddresses, rule.destinationAddresses, c => c.allows.push({ where, traffic: statementTraffic(rule), ...(expired ? { expired } : {}) }));
        if (!expired) for (const meeting of analysis.denies.rules.get(rule) ?? []) addAllowConflict(where, meeting, spaces, outside, cell);
    }
    for (const r of analysis.flows) {
        if (r.status === 'not-required') continue;
        const c = cell(r.flow.source.zone.name, r.flow.destination.zone.name);
        c.required++;
        if (r.status === 'covered') c.allowed++;
        else if (r.status === 'same-zone') c.sameZone++;
        else if (r.status === 'partial') c.partial++;
        else c.missing++;
        let deniedBy: PlanLine | undefined;
        for (const { deny, overlap } of analysis.denies.meeting(flowShape(r))) {
            deniedBy ??= planLineOf(deny.node);
            c.conflicts.push({ kind: 'requirement-denied', deny: planLineOf(deny.node), flow: flowText(r), ...overlapTraffic(overlap, outside) });
        }
        // Only what passes can be forbidden: a missing flow stays missing whatever the deny says.
        const undecided = r.status === 'missing' ? undefined : unread.find(u => overlapOf(flowShape(r), u));
        c.flows.push({
            from: r.flow.source.name, to: r.flow.destination.name, protocol: r.flow.protocols.join('/'), ports: r.flow.portText,
            purpose: r.flow.purpose, status: r.status as GraphFlow['status'], installOnly: r.flow.installOnly,
            ...(deniedBy ? { deniedBy } : {}), ...(undecided ? { cannotTell: planLineOf(undecided.node) } : {})
        });
    }
    // Where something is allowed or required, a deny not read whole may decide: the cell says it cannot tell.
    for (const c of cells.values()) {
        if (!c.allows.some(a => !a.expired) && !c.flows.some(f => f.status !== 'missing')) continue;
        const source = spaces.get(c.source)!, destination = spaces.get(c.destination)!;
        for (const u of unread) {
            if (u.sourceAddresses.intersects(source) && u.destinationAddresses.intersects(destination)) c.unread.push({ where: planLineOf(u.node), why: u.why });
        }
    }
    return { plan: plan.name, zones, cells: [...cells.values()].sort(byPair) };
}

/** An allow rule's overlap with a deny, in each zone pair it reaches. */
function addAllowConflict(allow: PlanLine, { deny: d, overlap }: DenyMeeting, spaces: ReadonlyMap<string, AddressSet>, outside: AddressSet | undefined, cell: (s: string, d: string) => CellDraft): void {
    const deny = planLineOf(d.node);
    const sides = overlapSides(overlap);
    const destinations = zonesOf(sides.destinations, spaces);
    for (const s of zonesOf(sides.sources, spaces)) {
        for (const t of destinations) {
            // The part of the overlap inside this pair of zones, so each cell says what concerns it.
            const part = { sources: sides.sources.intersect(spaces.get(s)!), destinations: sides.destinations.intersect(spaces.get(t)!) };
            cell(s, t).conflicts.push({ kind: 'allow-overlaps-deny', deny, allow, ...overlapTraffic(overlap, outside, part) });
        }
    }
}
