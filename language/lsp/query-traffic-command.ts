import { URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { renderQueryAnswer } from '../analysis/render-query.js';
import { queryTraffic, resolveQueryEndpoint, type QueryAnswer } from '../analysis/traffic-query.js';
import type { PlanAnalysis } from '../analysis/analyze-plan.js';
import type { Catalog } from '../catalog/catalog-model.js';
import type { SegplanServices } from '../segplan-module.js';
import { readValidatedPlan } from './read-validated-plan.js';

/** The server commands "SegPlan: Query Traffic…" calls: the plan's ends to pick from, and the answer. */
export const QUERY_TRAFFIC_COMMAND = 'segplan.server.queryTraffic';
export const QUERY_ENDS_COMMAND = 'segplan.server.queryEnds';

export interface QueryTrafficParams {
    readonly uri: string;
    readonly from: string;
    readonly to: string;
    readonly protocol: string;
    readonly port: number;
}

export type QueryTrafficOutcome =
    | { readonly kind: 'answer'; readonly text: string; readonly answer: QueryAnswer }
    | { readonly kind: 'error'; readonly message: string };

type Token = Parameters<LangiumSharedServices['workspace']['DocumentBuilder']['waitUntil']>[2];

async function analysisOf(shared: LangiumSharedServices, uriText: unknown, token?: Token): Promise<{ analysis: PlanAnalysis; catalog: Catalog } | { message: string }> {
    if (typeof uriText !== 'string') return { message: 'The query needs a plan file.' };
    const uri = URI.parse(uriText);
    const analyzer = (shared.ServiceRegistry.getServices(uri) as SegplanServices).analysis.PlanAnalyzer;
    const loaded = await readValidatedPlan(shared, uri, token, document => analyzer.analysis(document));
    if (!('read' in loaded)) return { message: loaded.message };
    return { analysis: loaded.read, catalog: analyzer.catalog() };
}

/** The zones and components of the plan, for the pickers (an address is typed). */
export async function queryEndsCommand(shared: LangiumSharedServices, params: { uri?: unknown } | undefined, token?: Token) {
    const loaded = await analysisOf(shared, params?.uri, token);
    if (!('analysis' in loaded)) return { kind: 'error' as const, message: loaded.message };
    const plan = loaded.analysis.plan;
    return {
        kind: 'ends' as const,
        zones: [...plan.facts.zones.keys()].sort(),
        components: [...plan.facts.instances.values()].map(i => ({ name: i.name, zone: i.zone.name, type: i.typeId })).sort((a, b) => (a.name < b.name ? -1 : 1))
    };
}

/** The answer, computed as `segplan query` computes it. */
export async function queryTrafficCommand(shared: LangiumSharedServices, params: QueryTrafficParams | undefined, token?: Token): Promise<QueryTrafficOutcome> {
    const loaded = await analysisOf(shared, params?.uri, token);
    if (!('analysis' in loaded)) return { kind: 'error', message: loaded.message };
    const { protocol, port } = params!;
    if (protocol !== 'tcp' && protocol !== 'udp') return { kind: 'error', message: `The protocol must be tcp or udp, not '${String(protocol)}'.` };
    if (!Number.isInteger(port) || port < 1 || port > 65535) return { kind: 'error', message: `The port must be a number from 1 to 65535, not '${String(port)}'.` };
    const from = resolveQueryEndpoint(loaded.analysis.plan, String(params!.from)), to = resolveQueryEndpoint(loaded.analysis.plan, String(params!.to));
    if ('problem' in from) return { kind: 'error', message: `${from.problem}.` };
    if ('problem' in to) return { kind: 'error', message: `${to.problem}.` };
    const answer = queryTraffic(loaded.analysis, loaded.catalog, { from, to, protocol, port, today: new Date().toISOString().slice(0, 10) });
    return { kind: 'answer', text: renderQueryAnswer({ from, to, protocol, port }, answer), answer };
}
