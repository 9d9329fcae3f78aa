import { URI } from 'langium';
import type { LangiumSharedServices } from 'langium/lsp';
import { planDiagram, type PlanDiagram } from '../diagram/plan-diagram.js';
import type { SegplanServices } from '../segplan-module.js';
import { readValidatedPlan } from './read-validated-plan.js';

/** The server command the diagram view calls: the plan's graph, laid out, and its zone matrix. */
export const PLAN_DIAGRAM_COMMAND = 'segplan.server.planDiagram';

export interface PlanDiagramParams {
    readonly uri: string;
    /** Open one zone of a large plan (its components and the other ends of its flows). */
    readonly zone?: string;
    readonly level?: 'zone' | 'component';
}

export type PlanDiagramOutcome =
    | ({ readonly kind: 'diagram'; readonly version?: number } & PlanDiagram)
    | { readonly kind: 'not-a-plan'; readonly message: string };

/**
 * Builds and lays out the picture on the server, from the analysis the diagnostics come from,
 * after the plan has been validated: the view never computes a layout on its own thread.
 */
export async function planDiagramCommand(shared: LangiumSharedServices, params: PlanDiagramParams | undefined, token?: Parameters<LangiumSharedServices['workspace']['DocumentBuilder']['waitUntil']>[2]): Promise<PlanDiagramOutcome> {
    if (!params || typeof params.uri !== 'string') return { kind: 'not-a-plan', message: 'The diagram needs a plan file.' };
    const uri = URI.parse(params.uri);
    const services = shared.ServiceRegistry.getServices(uri) as SegplanServices;
    const analyzer = services.analysis.PlanAnalyzer;
    const loaded = await readValidatedPlan(shared, uri, token, document => ({ analysis: analyzer.analysis(document), version: document.textDocument.version }));
    if (!('read' in loaded)) return { kind: 'not-a-plan', message: loaded.message };
    const { analysis, version } = loaded.read;
    const zone = params.zone !== undefined && analysis.plan.facts.zones.has(params.zone) ? params.zone : undefined;
    const diagram = await planDiagram(analysis, analyzer.catalog(), { zone, level: params.level });
    return { kind: 'diagram', version, ...diagram };
}
