import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api.js';
import { componentWidth, CONTAINER_TITLE, COMPONENT_HEIGHT, shortLabel, textWidth, TEXT, zoneSummary } from './graph-metrics.js';
import type { GraphEdge, GraphZone, PlanGraph } from './plan-graph.js';

/**
 * Lays a plan graph out with ELK's layered algorithm (the engine Langium's own diagram stack uses):
 * sites and zones are nested containers, flows run left to right between components. The layout
 * depends only on the graph's structure — ids, sizes and edges, all in name order — so an edit that
 * changes no structure gives the same coordinates. It runs where the model is built (the language
 * server, or the CLI), never in the webview.
 */

export interface Box { readonly x: number; readonly y: number; readonly width: number; readonly height: number }

export interface LaidOutContainer extends Box {
    readonly id: string;
    readonly kind: 'site' | 'zone' | 'internet';
}

export interface LaidOutNode extends Box { readonly id: string }

export interface LaidOutEdge {
    readonly id: string;
    /** Absolute points from the source's border to the target's border. */
    readonly points: readonly { readonly x: number; readonly y: number }[];
    readonly label?: Box;
}

export interface GraphLayout {
    readonly width: number;
    readonly height: number;
    /**
     * False when the arrows are too many to route around the boxes (more than MAX_ROUTED_EDGES):
     * they are then straight lines from box to box, and the picture says so.
     */
    readonly routed: boolean;
    readonly containers: readonly LaidOutContainer[];
    readonly nodes: readonly LaidOutNode[];
    readonly edges: readonly LaidOutEdge[];
}

function zoneTitle(z: GraphZone): string {
    return z.internet ? `${z.name} (internet)` : z.name;
}

function edgeLabel(e: GraphEdge) {
    const text = shortLabel(e.label);
    return { id: `${e.id}#label`, text, width: textWidth(text, true) + 8, height: TEXT.lineHeight };
}

const ROOT_OPTIONS: Record<string, string> = {
    'elk.algorithm': 'layered',
    'elk.direction': 'RIGHT',
    'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
    'elk.edgeRouting': 'ORTHOGONAL',
    'elk.layered.spacing.nodeNodeBetweenLayers': '50',
    'elk.spacing.nodeNode': '24',
    'elk.spacing.edgeNode': '14',
    'elk.spacing.edgeEdge': '8',
    'elk.spacing.edgeLabel': '4',
    'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
    'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
    'elk.randomSeed': '1',
    'elk.partitioning.activate': 'true'
};

const CONTAINER_OPTIONS: Record<string, string> = {
    'elk.padding': `[top=${CONTAINER_TITLE + 8},left=12,bottom=12,right=12]`,
    'elk.spacing.nodeNode': '20'
};

function zoneNode(z: GraphZone, graph: PlanGraph): ElkNode {
    const children: ElkNode[] = graph.components.filter(c => c.zone === z.id).map(c => ({
        id: c.id, width: componentWidth(c), height: COMPONENT_HEIGHT
    }));
    const title = Math.max(textWidth(zoneTitle(z)) + 24, graph.level === 'zone' ? textWidth(zoneSummary(z), true) + 24 : 0);
    if (children.length === 0) {
        // A zone without components shown (zone level, or an empty zone) is a plain box.
        return { id: z.id, width: Math.max(140, title), height: graph.level === 'zone' ? 62 : CONTAINER_TITLE + 20, layoutOptions: { 'elk.partitioning.partition': z.internet ? '0' : '1' } };
    }
    return {
        id: z.id, children,
        layoutOptions: {
            ...CONTAINER_OPTIONS,
            'elk.nodeSize.constraints': 'MINIMUM_SIZE',
            'elk.nodeSize.minimum': `(${title},${CONTAINER_TITLE + 20})`,
            'elk.partitioning.partition': z.internet ? '0' : '1'
        }
    };
}

/**
 * Above this many arrows ELK's layered routing runs for minutes (a plan of 50 sites whose Veeam ONE
 * servers each watch every backup server has thousands of zone-to-zone arrows): the boxes are then
 * laid out alone and the arrows drawn straight.
 */
export const MAX_ROUTED_EDGES = 800;

/** The arrows a layout draws: between two different boxes. */
function drawnEdges(graph: PlanGraph) {
    return graph.edges.filter(e => e.source !== e.target);
}

/** The ELK graph for a plan graph: sites hold their zones, zones their components; no arrows when they are too many to route. */
export function elkGraphOf(graph: PlanGraph): ElkNode {
    const zoneNodes = new Map(graph.zones.map(z => [z.id, zoneNode(z, graph)]));
    const children: ElkNode[] = [];
    for (const site of graph.sites) {
        const zones = site.zones.map(id => zoneNodes.get(id)!).filter(Boolean);
        children.push({
            id: site.id, children: zones,
            layoutOptions: {
                ...CONTAINER_OPTIONS, 'elk.partitioning.partition': '1',
                'elk.nodeSize.constraints': 'MINIMUM_SIZE', 'elk.nodeSize.minimum': `(${textWidth(site.name) + 40},${CONTAINER_TITLE + 20})`
            }
        });
    }
    for (const z of graph.zones) if (!z.site) children.push(zoneNodes.get(z.id)!);
    const drawn = drawnEdges(graph);
    const edges: ElkExtendedEdge[] = drawn.length > MAX_ROUTED_EDGES ? []
        : drawn.map(e => ({ id: e.id, sources: [e.source], targets: [e.target], labels: e.label ? [edgeLabel(e)] : [] }));
    return { id: 'root', layoutOptions: ROOT_OPTIONS, children, edges };
}

let elk: ELK | undefined;

/**
 * The layout engine, loaded on the first layout: elkjs is large, and a `segplan check` must not
 * pay for loading it. elkjs is CommonJS: its module object is the constructor (or holds it as
 * `default`, once or twice over, depending on who loads it).
 */
async function elkEngine(): Promise<ELK> {
    if (!elk) {
        let module: unknown = await import('elkjs/lib/elk.bundled.js');
        while (typeof module !== 'function' && (module as { default?: unknown })?.default) module = (module as { default: unknown }).default;
        elk = new (module as new () => ELK)();
    }
    return elk;
}

/**
 * Layouts of the last few structures: an edit that changes no structure (a description, a moved
 * line, a port number) gets the layout it had, without running ELK again.
 */
const recentLayouts = new Map<string, GraphLayout>();
const RECENT_LAYOUTS = 16;

/** Lays the graph out; the same graph always gives the same layout. `reuse: false` runs ELK even for a known structure. */
export async function layoutPlanGraph(graph: PlanGraph, options: { reuse?: boolean } = {}): Promise<GraphLayout> {
    const input = elkGraphOf(graph);
    const key = JSON.stringify(input);
    const known = options.reuse === false ? undefined : recentLayouts.get(key);
    if (known) {
        recentLayouts.delete(key);
        recentLayouts.set(key, known);
        return known;
    }
    const layout = await runElk(graph, input);
    recentLayouts.set(key, layout);
    if (recentLayouts.size > RECENT_LAYOUTS) recentLayouts.delete(recentLayouts.keys().next().value!);
    return layout;
}

async function runElk(graph: PlanGraph, input: ElkNode): Promise<GraphLayout> {
    const engine = await elkEngine();
    const laid = await engine.layout(input);
    const kinds = new Map<string, LaidOutContainer['kind']>([
        ...graph.sites.map(s => [s.id, 'site'] as const),
        ...graph.zones.map(z => [z.id, z.internet ? 'internet' : 'zone'] as const)
    ]);
    const containers: LaidOutContainer[] = [];
    const nodes: LaidOutNode[] = [];
    const absolute = new Map<string, { x: number; y: number }>();
    const visit = (node: ElkNode, dx: number, dy: number) => {
        for (const child of node.children ?? []) {
            const x = dx + (child.x ?? 0), y = dy + (child.y ?? 0);
            absolute.set(child.id, { x, y });
            const box = { x, y, width: child.width ?? 0, height: child.height ?? 0 };
            const kind = kinds.get(child.id);
            if (kind) containers.push({ id: child.id, kind, ...box });
            else nodes.push({ id: child.id, ...box });
            visit(child, x, y);
        }
    };
    visit(laid, 0, 0);
    const edges: LaidOutEdge[] = [];
    const collect = (node: ElkNode, offset: { x: number; y: number }) => {
        for (const edge of (node.edges ?? []) as ElkExtendedEdge[]) {
            // ELK gives an edge's coordinates relative to the node that contains it.
            const container = (edge as { container?: string }).container;
            const base = container && container !== 'root' ? absolute.get(container) ?? offset : offset;
            const points = (edge.sections ?? []).flatMap(s => [s.startPoint, ...(s.bendPoints ?? []), s.endPoint])
                .map(p => ({ x: base.x + p.x, y: base.y + p.y }));
            const l = edge.labels?.[0];
            edges.push({
                id: edge.id, points,
                label: l ? { x: base.x + (l.x ?? 0), y: base.y + (l.y ?? 0), width: l.width ?? 0, height: l.height ?? 0 } : undefined
            });
        }
        for (const child of node.children ?? []) collect(child, absolute.get(child.id) ?? offset);
    };
    collect(laid, { x: 0, y: 0 });
    const drawn = drawnEdges(graph);
    const routed = drawn.length <= MAX_ROUTED_EDGES;
    if (!routed) {
        const boxes = new Map<string, Box>([...containers, ...nodes].map(b => [b.id, b]));
        for (const e of drawn) {
            const [from, to] = [boxes.get(e.source), boxes.get(e.target)];
            if (from && to) edges.push({ id: e.id, points: straightLine(from, to) });
        }
    }
    edges.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    return { width: Math.ceil(laid.width ?? 0), height: Math.ceil(laid.height ?? 0), routed, containers, nodes, edges };
}

/** A straight arrow from the border of one box to the border of another, on the line between their centres. */
function straightLine(from: Box, to: Box): { x: number; y: number }[] {
    const centre = (b: Box) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });
    const [a, b] = [centre(from), centre(to)];
    const border = (box: Box, c: { x: number; y: number }, toward: { x: number; y: number }) => {
        const dx = toward.x - c.x, dy = toward.y - c.y;
        if (dx === 0 && dy === 0) return c;
        const scale = Math.min(dx === 0 ? Infinity : box.width / 2 / Math.abs(dx), dy === 0 ? Infinity : box.height / 2 / Math.abs(dy), 1);
        return { x: c.x + dx * scale, y: c.y + dy * scale };
    };
    return [border(from, a, b), border(to, b, a)];
}
