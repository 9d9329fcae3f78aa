import { CONTAINER_TITLE, shortLabel, TEXT, zoneSummary } from './graph-metrics.js';
import type { GraphLayout } from './layout-graph.js';
import type { EdgeStatus, GraphEdge, PlanGraph } from './plan-graph.js';

/**
 * Draws a laid-out plan graph as SVG. The same markup serves the standalone export (with its own
 * stylesheet, light or dark) and the VS Code view (styled from the editor theme's colours); every
 * element carries `data-id` and classes the view's filters and clicks work with.
 */

export function escapeXml(text: string): string {
    return text.replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]!))
    // Control characters are not allowed in XML 1.0 at all.

        .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g, '\uFFFD');
}

export const STATUS_TEXT: Record<EdgeStatus, string> = {
    allowed: 'allowed',
    partial: 'partly allowed',
    missing: 'missing',
    'same-zone': 'same zone (host firewall only)',
    'unused-rule': 'allow rule that serves no requirement'
};

/** Short marks for the vendors' components; the vendor's name is in the tooltip. */
export function vendorMark(vendorId: string): string {
    const marks: Record<string, string> = { veeam: 'V', zerto: 'Z', acronis: 'A', cyberprotect: 'CP', zeronetworks: 'ZN', infra: 'IT' };
    return marks[vendorId] ?? (vendorId.slice(0, 2).toUpperCase() || '?');
}

/** CSS class of a name: letters, digits and hyphens only. */
export function cssName(text: string): string {
    return text.replace(/[^A-Za-z0-9-]/g, '_');
}

const n = (v: number) => (Math.round(v * 10) / 10).toString();

function edgeTooltip(edge: GraphEdge, graph: PlanGraph): string {
    const name = (id: string) => graph.components.find(c => c.id === id)?.name ?? graph.zones.find(z => z.id === id)?.name ?? id;
    const head = `${name(edge.source)} → ${name(edge.target)}: ${STATUS_TEXT[edge.status]}${edge.installOnly ? ' (install/upgrade only)' : ''}`;
    if (edge.status === 'unused-rule') return `${head}\n${edge.label}`;
    const lines = edge.flows.slice(0, 20).map(f => `${f.status === 'covered' ? '✓' : f.status === 'same-zone' ? '·' : '✗'} ${f.protocol} ${f.ports} — ${f.purpose}${f.relation ? ` [${f.relation}]` : ''}`);
    if (edge.flows.length > 20) lines.push(`… and ${edge.flows.length - 20} more`);
    return [head, `${edge.allowed}/${edge.required} required flows allowed`, ...lines].join('\n');
}

/** The markup of the picture, without the outer `<svg>` element. */
export function renderGraphBody(graph: PlanGraph, layout: GraphLayout): string {
    const out: string[] = [];
    const zones = new Map(graph.zones.map(z => [z.id, z]));
    const sites = new Map(graph.sites.map(s => [s.id, s]));
    for (const c of layout.containers) {
        const zone = zones.get(c.id), site = sites.get(c.id);
        const name = zone?.name ?? site?.name ?? c.id;
        const title = zone?.internet ? `${name} (internet)` : name;
        const tip = zone ? `zone ${name}: ${zone.addresses}` : `site ${name}`;
        const empty = zone && !graph.components.some(x => x.zone === zone.id);
        out.push(`<g class="container ${c.kind}${empty && graph.level === 'zone' ? ' expandable' : ''}" data-id="${escapeXml(c.id)}" tabindex="0" role="group" aria-label="${escapeXml(tip)}">`
            + `<title>${escapeXml(tip)}</title>`
            + `<rect x="${n(c.x)}" y="${n(c.y)}" width="${n(c.width)}" height="${n(c.height)}" rx="6"/>`
            + `<text class="title" x="${n(c.x + 10)}" y="${n(c.y + 18)}">${escapeXml(title)}</text>`
            + (zone && graph.level === 'zone' ? `<text class="subtitle" x="${n(c.x + 10)}" y="${n(c.y + CONTAINER_TITLE + 14)}">${escapeXml(zoneSummary(zone))}</text>` : '')
            + '</g>');
    }
    const boxes = new Map(layout.nodes.map(b => [b.id, b]));
    for (const c of graph.components) {
        const b = boxes.get(c.id);
        if (!b) continue;
        const tip = `${c.name}: ${c.vendorName} ${c.typeName} (${c.typeId})\n${c.addresses || 'no address in the plan'}`;
        out.push(`<g class="component vendor-${cssName(c.vendorId)}" data-id="${escapeXml(c.id)}" data-vendor="${escapeXml(c.vendorId)}" tabindex="0" role="button" aria-label="${escapeXml(`${c.name}, ${c.typeName}`)}">`
            + `<title>${escapeXml(tip)}</title>`
            + `<rect x="${n(b.x)}" y="${n(b.y)}" width="${n(b.width)}" height="${n(b.height)}" rx="4"/>`
            + `<rect class="mark" x="${n(b.x)}" y="${n(b.y)}" width="28" height="${n(b.height)}" rx="4"/>`
            + `<text class="mark-text" x="${n(b.x + 14)}" y="${n(b.y + b.height / 2 + 4)}" text-anchor="middle">${escapeXml(vendorMark(c.vendorId))}</text>`
            + `<text class="name" x="${n(b.x + 36)}" y="${n(b.y + 19)}">${escapeXml(c.name)}</text>`
            + `<text class="type" x="${n(b.x + 36)}" y="${n(b.y + 35)}">${escapeXml(c.typeName)}</text>`
            + '</g>');
    }
    const paths = new Map(layout.edges.map(e => [e.id, e]));
    for (const e of graph.edges) {
        const laid = paths.get(e.id);
        if (!laid || laid.points.length < 2) continue;
        const d = laid.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${n(p.x)} ${n(p.y)}`).join(' ');
        const label = laid.label && e.label
            ? `<rect class="label-bg" x="${n(laid.label.x)}" y="${n(laid.label.y)}" width="${n(laid.label.width)}" height="${n(laid.label.height)}" rx="2"/>`
            + `<text class="label" x="${n(laid.label.x + 4)}" y="${n(laid.label.y + laid.label.height - 4)}">${escapeXml(shortLabel(e.label))}</text>`
            : '';
        out.push(`<g class="edge status-${e.status}${e.installOnly ? ' install-only' : ''}" data-id="${escapeXml(e.id)}" data-source="${escapeXml(e.source)}" data-target="${escapeXml(e.target)}" data-vendors="${escapeXml(e.vendors.join(' '))}" tabindex="0" role="button" aria-label="${escapeXml(edgeTooltip(e, graph).split('\n')[0])}">`
            + `<title>${escapeXml(edgeTooltip(e, graph))}</title>`
            + `<path class="hit" d="${d}"/><path class="line" d="${d}" marker-end="url(#arrow-${e.status})"/>${label}</g>`);
    }
    return out.join('\n');
}

export const EDGE_STATUSES: readonly EdgeStatus[] = ['allowed', 'partial', 'missing', 'same-zone', 'unused-rule'];

/** Arrowheads, one per status, coloured like their edges. */
export function markerDefs(): string {
    return '<defs>' + EDGE_STATUSES.map(s =>
        `<marker id="arrow-${s}" class="arrow status-${s}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0L10 5L0 10z"/></marker>`
    ).join('') + '</defs>';
}

export interface SvgTheme {
    readonly background: string;
    readonly text: string;
    readonly muted: string;
    readonly zone: string;
    readonly zoneBorder: string;
    readonly site: string;
    readonly internet: string;
    readonly component: string;
    readonly componentBorder: string;
    readonly status: Record<EdgeStatus, string>;
}

export const LIGHT: SvgTheme = {
    background: '#ffffff', text: '#1f2328', muted: '#59636e', zone: '#f3f6fa', zoneBorder: '#8c959f', site: '#fbfbfb',
    internet: '#fff4e5', component: '#ffffff', componentBorder: '#57606a',
    status: { allowed: '#1a7f37', partial: '#b35900', missing: '#cf222e', 'same-zone': '#6e7781', 'unused-rule': '#8250df' }
};

export const DARK: SvgTheme = {
    background: '#1e1e1e', text: '#e6edf3', muted: '#9198a1', zone: '#262c36', zoneBorder: '#6e7681', site: '#1b1f24',
    internet: '#3a2a14', component: '#161b22', componentBorder: '#8b949e',
    status: { allowed: '#3fb950', partial: '#d29922', missing: '#f85149', 'same-zone': '#8b949e', 'unused-rule': '#bc8cff' }
};

const VENDOR_COLOURS: Record<string, string> = {
    veeam: '#00b336', zerto: '#e4572e', acronis: '#2668c5', cyberprotect: '#1f4e9c', zeronetworks: '#6f42c1', infra: '#6e7781'
};

/** The stylesheet of the standalone picture. The VS Code view has its own, from the theme. */
export function svgStyle(theme: SvgTheme): string {
    const statusRules = EDGE_STATUSES.map(s =>
        `.status-${s} .line{stroke:${theme.status[s]}}.arrow.status-${s} path{fill:${theme.status[s]}}.status-${s} .label{fill:${theme.status[s]}}`).join('');
    const vendorRules = Object.entries(VENDOR_COLOURS).map(([v, c]) => `.vendor-${v} .mark{fill:${c}}`).join('');
    return `text{font:${TEXT.font};fill:${theme.text}}`
        + `.container rect{fill:${theme.zone};stroke:${theme.zoneBorder};stroke-width:1}`
        + `.container.site>rect{fill:${theme.site};stroke-dasharray:6 3}`
        + `.container.internet>rect{fill:${theme.internet}}`
        + `.container .title{font-weight:600}.container .subtitle,.component .type{fill:${theme.muted};font-size:11px}`
        + `.component>rect{fill:${theme.component};stroke:${theme.componentBorder}}.component .mark{stroke:none;fill:${theme.muted}}`
        + `.component .mark-text{fill:#ffffff;font-weight:700;font-size:11px}.component .name{font-weight:600}`
        + `.edge .line{fill:none;stroke-width:1.6}.edge .hit{fill:none;stroke:transparent;stroke-width:10}`
        + `.edge.install-only .line{stroke-dasharray:6 4}.edge.status-same-zone .line{stroke-dasharray:2 3}`
        + `.edge .label-bg{fill:${theme.background};opacity:.85}.edge .label{font-size:11px}`
        + statusRules + vendorRules;
}

/** The legend: what each edge colour and style means. */
export function legendBody(x: number, y: number): string {
    const items: string[] = [];
    const entries: [string, string][] = [...EDGE_STATUSES.map(s => [`status-${s}`, STATUS_TEXT[s]] as [string, string]), ['status-missing install-only', 'needed only while installing (dashed)']];
    entries.forEach(([cls, text], i) => {
        const ly = y + i * 18;
        items.push(`<g class="edge ${cls}"><path class="line" d="M${x} ${ly} L${x + 34} ${ly}"/><text x="${x + 42}" y="${ly + 4}">${escapeXml(text)}</text></g>`);
    });
    return `<g class="legend">${items.join('')}</g>`;
}

/** A standalone SVG document: readable pasted into a wiki or a change request. */
export function renderSvg(graph: PlanGraph, layout: GraphLayout, theme: SvgTheme = LIGHT): string {
    const margin = 16, legendHeight = 6 * 18 + 30;
    const width = Math.max(layout.width, 360) + 2 * margin;
    const height = layout.height + 2 * margin + legendHeight + 24;
    const straight = layout.routed ? '' : `, ${layout.edges.length} arrows drawn straight: too many to route (draw one zone with --zone)`;
    const title = `SegPlan: plan '${graph.plan || 'unnamed'}'${graph.level === 'zone' ? ' (zones)' : ''}${straight}`;
    return `<?xml version="1.0" encoding="UTF-8"?>\n`
        + `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${escapeXml(title)}">\n`
        + `<title>${escapeXml(title)}</title>\n<style>${svgStyle(theme)}</style>\n${markerDefs()}\n`
        + `<rect width="100%" height="100%" fill="${theme.background}"/>\n`
        + `<text x="${margin}" y="${margin + 4}" style="font-weight:600">${escapeXml(title)}</text>\n`
        + `<g transform="translate(${margin},${margin + 16})">\n${renderGraphBody(graph, layout)}\n</g>\n`
        + legendBody(margin, margin + 16 + layout.height + 28) + '\n'
        + '</svg>\n';
}
