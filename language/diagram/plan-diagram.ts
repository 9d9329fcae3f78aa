import type { PlanAnalysis } from '../analysis/analyze-plan.js';
import type { Catalog } from '../catalog/catalog-model.js';
import { layoutPlanGraph, type GraphLayout } from './layout-graph.js';
import { buildPlanGraph, type PlanGraph, type PlanGraphOptions } from './plan-graph.js';
import { renderDot, renderMermaid } from './render-text-graphs.js';
import { DARK, LIGHT, renderSvg } from './render-svg.js';
import { buildZoneMatrix, type ZoneMatrix } from './zone-matrix.js';

/** What the VS Code view receives: the model, its layout, and the zone matrix. */
export interface PlanDiagram {
    readonly graph: PlanGraph;
    readonly layout: GraphLayout;
    readonly matrix: ZoneMatrix;
}

export async function planDiagram(analysis: PlanAnalysis, catalog: Catalog, options: PlanGraphOptions = {}): Promise<PlanDiagram> {
    const graph = buildPlanGraph(analysis, catalog, options);
    return { graph, layout: await layoutPlanGraph(graph), matrix: buildZoneMatrix(analysis, catalog) };
}

export const DIAGRAM_FORMATS = ['svg', 'mermaid', 'dot'] as const;
export type DiagramFormat = typeof DIAGRAM_FORMATS[number];

/** The picture of a plan as text in one of the export formats (`segplan diagram`). */
export async function exportDiagram(analysis: PlanAnalysis, catalog: Catalog, format: DiagramFormat, options: PlanGraphOptions & { theme?: 'light' | 'dark' } = {}): Promise<string> {
    const graph = buildPlanGraph(analysis, catalog, options);
    if (format === 'mermaid') return renderMermaid(graph);
    if (format === 'dot') return renderDot(graph);
    return renderSvg(graph, await layoutPlanGraph(graph), options.theme === 'dark' ? DARK : LIGHT);
}
