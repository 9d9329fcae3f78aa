import type { PlanAnalysis } from '../analysis/analyze-plan.js';
import type { GraphFlow } from './plan-graph.js';

/**
 * The zone matrix: for each pair of zones (source row, destination column) how many required flows
 * there are and how many the allow rules let through whole; each cell keeps its flows so a view can
 * list them. Flows inside one zone are on the diagonal.
 */
export interface ZoneMatrixCell {
    readonly source: string;
    readonly destination: string;
    readonly required: number;
    readonly allowed: number;
    readonly partial: number;
    readonly missing: number;
    /** Flows inside one zone: no network rule, only the host firewalls. */
    readonly sameZone: number;
    readonly flows: readonly (GraphFlow & { readonly from: string; readonly to: string })[];
}

export interface ZoneMatrix {
    readonly zones: readonly string[];
    /** Only the pairs that have flows, ordered by source then destination zone name. */
    readonly cells: readonly ZoneMatrixCell[];
}

export function buildZoneMatrix(analysis: PlanAnalysis): ZoneMatrix {
    const zones = [...analysis.plan.zones.keys()].sort();
    const cells = new Map<string, { source: string; destination: string; required: number; allowed: number; partial: number; missing: number; sameZone: number; flows: ZoneMatrixCell['flows'][number][] }>();
    for (const r of analysis.flows) {
        if (r.status === 'not-required') continue;
        const source = r.flow.source.zone.name, destination = r.flow.destination.zone.name;
        const key = `${source}\u0000${destination}`;
        let cell = cells.get(key);
        if (!cell) cells.set(key, cell = { source, destination, required: 0, allowed: 0, partial: 0, missing: 0, sameZone: 0, flows: [] });
        cell.required++;
        if (r.status === 'covered') cell.allowed++;
        else if (r.status === 'same-zone') cell.sameZone++;
        else if (r.status === 'partial') cell.partial++;
        else cell.missing++;
        cell.flows.push({
            from: r.flow.source.name, to: r.flow.destination.name, protocol: r.flow.protocols.join('/'), ports: r.flow.portText,
            purpose: r.flow.purpose, status: r.status as GraphFlow['status'], installOnly: r.flow.installOnly
        });
    }
    const ordered = [...cells.values()].sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : a.destination < b.destination ? -1 : a.destination > b.destination ? 1 : 0));
    return { zones, cells: ordered };
}
