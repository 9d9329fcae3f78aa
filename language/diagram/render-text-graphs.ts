import type { EdgeStatus, GraphEdge, PlanGraph } from './plan-graph.js';
import { LIGHT } from './render-svg.js';

/**
 * The plan graph as text for documentation pipelines: Mermaid (renders in GitHub, GitLab and most
 * wikis) and Graphviz DOT. Both come from the same model as the picture, in the same order, so the
 * same plan always gives the same text.
 */

const STATUS_COLOUR: Record<EdgeStatus, string> = LIGHT.status;

/** Mermaid labels sit in double quotes; entity codes keep quotes, angle brackets and `#` literal. */
function mermaidText(text: string): string {
    return text.replace(/[\r\n\t]+/g, ' ').replace(/[#"<>&]/g, c => `#${c.charCodeAt(0)};`);
}

/** Several lines of a Mermaid label, each escaped. */
function mermaidLines(...parts: string[]): string {
    return parts.map(mermaidText).join('<br/>');
}

function edgeText(e: GraphEdge): string {
    return `${e.label}${e.installOnly ? ' (install only)' : ''}`;
}

/** Stable short ids (`n1`, `n2`, …) in model order: plan names may hold anything Mermaid reads as syntax. */
function shortIds(graph: PlanGraph): Map<string, string> {
    const ids = new Map<string, string>();
    for (const x of [...graph.sites, ...graph.zones, ...graph.components]) ids.set(x.id, `n${ids.size + 1}`);
    return ids;
}

export function renderMermaid(graph: PlanGraph): string {
    const ids = shortIds(graph);
    const lines = ['flowchart LR'];
    const zone = (z: PlanGraph['zones'][number], indent: string) => {
        const title = z.internet ? `${z.name} (internet)` : z.name;
        const members = graph.components.filter(c => c.zone === z.id);
        if (graph.level === 'zone' || members.length === 0) {
            lines.push(`${indent}${ids.get(z.id)}["${mermaidText(`${title}: ${z.components} component(s)`)}"]`);
            return;
        }
        lines.push(`${indent}subgraph ${ids.get(z.id)}["${mermaidText(title)}"]`);
        for (const c of members) lines.push(`${indent}  ${ids.get(c.id)}["${mermaidLines(c.name, c.typeName)}"]`);
        lines.push(`${indent}end`);
    };
    for (const s of graph.sites) {
        lines.push(`  subgraph ${ids.get(s.id)}["${mermaidText(`site ${s.name}`)}"]`);
        for (const z of graph.zones.filter(x => x.site === s.id)) zone(z, '    ');
        lines.push('  end');
    }
    for (const z of graph.zones.filter(x => !x.site)) zone(z, '  ');
    const styles: string[] = [];
    graph.edges.forEach((e, i) => {
        const arrow = e.installOnly || e.status === 'same-zone' ? '-.->' : '-->';
        lines.push(`  ${ids.get(e.source)} ${arrow}|"${mermaidText(edgeText(e))}"| ${ids.get(e.target)}`);
        styles.push(`  linkStyle ${i} stroke:${STATUS_COLOUR[e.status]},color:${STATUS_COLOUR[e.status]}`);
    });
    lines.push(...styles);
    if (graph.zones.some(z => z.internet)) {
        lines.push(`  classDef internet fill:${LIGHT.internet}`);
        lines.push(`  class ${graph.zones.filter(z => z.internet).map(z => ids.get(z.id)).join(',')} internet`);
    }
    return lines.join('\n') + '\n';
}

/** Several lines of a DOT label, each escaped. */
function dotLines(...parts: string[]): string {
    return `"${parts.map(p => dotText(p).slice(1, -1)).join('\\n')}"`;
}

/** DOT strings are quoted; backslashes and quotes are escaped, line breaks become spaces. */
function dotText(text: string): string {
    return `"${text.replace(/[\r\n\t]+/g, ' ').replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

export function renderDot(graph: PlanGraph): string {
    const lines = [`digraph ${dotText(`segplan ${graph.plan}`)} {`, '  rankdir=LR;', '  compound=true;',
        '  node [shape=box, style="rounded,filled", fillcolor="#ffffff", fontname="Helvetica", fontsize=11];',
        '  edge [fontname="Helvetica", fontsize=10];'];
    const zone = (z: PlanGraph['zones'][number], indent: string) => {
        const title = z.internet ? `${z.name} (internet)` : z.name;
        const members = graph.components.filter(c => c.zone === z.id);
        if (graph.level === 'zone' || members.length === 0) {
            lines.push(`${indent}${dotText(z.id)} [label=${dotLines(title, `${z.components} component(s)`)}${z.internet ? `, fillcolor="${LIGHT.internet}"` : ''}];`);
            return;
        }
        lines.push(`${indent}subgraph ${dotText(`cluster_${z.id}`)} {`);
        lines.push(`${indent}  label=${dotText(title)}; style="rounded,filled"; fillcolor="${z.internet ? LIGHT.internet : LIGHT.zone}";`);
        for (const c of members) lines.push(`${indent}  ${dotText(c.id)} [label=${dotLines(c.name, c.typeName)}, tooltip=${dotText(c.addresses)}];`);
        lines.push(`${indent}}`);
    };
    for (const s of graph.sites) {
        lines.push(`  subgraph ${dotText(`cluster_${s.id}`)} {`, `    label=${dotText(`site ${s.name}`)}; style=dashed;`);
        for (const z of graph.zones.filter(x => x.site === s.id)) zone(z, '    ');
        lines.push('  }');
    }
    for (const z of graph.zones.filter(x => !x.site)) zone(z, '  ');
    for (const e of graph.edges) {
        const style = e.installOnly ? 'dashed' : e.status === 'same-zone' ? 'dotted' : 'solid';
        lines.push(`  ${dotText(e.source)} -> ${dotText(e.target)} [label=${dotText(edgeText(e))}, color="${STATUS_COLOUR[e.status]}", fontcolor="${STATUS_COLOUR[e.status]}", style=${style}];`);
    }
    lines.push('}');
    return lines.join('\n') + '\n';
}
