// The plan diagram's webview: draws the laid-out graph the language server sends (it computes no
// layout of its own), with filters, search, zoom and pan, and the zone matrix. Clicks go back to
// the extension, which reveals the line in the editor.
import type { PlanDiagram } from '../../language/diagram/plan-diagram.js';
import type { GraphEdge, SourceLocation } from '../../language/diagram/plan-graph.js';
import { EDGE_STATUSES, markerDefs, renderGraphBody, STATUS_TEXT } from '../../language/diagram/render-svg.js';
import type { DiagramSnapshot, FromView, ToView } from './messages.js';
import { PanZoom } from './pan-zoom.js';
import { renderZoneMatrix } from './zone-matrix-view.js';

declare function acquireVsCodeApi(): { postMessage(message: FromView): void; getState(): unknown; setState(state: unknown): void };

const vscode = acquireVsCodeApi();
const $ = <T extends Element>(selector: string) => document.querySelector(selector) as T;
const svg = $<SVGSVGElement>('#diagram');
const matrixHost = $<HTMLElement>('#matrix');
const statusLine = $<HTMLElement>('.status-line');
const vendorBox = $<HTMLElement>('#vendors');
const statusBox = $<HTMLElement>('#statuses');
const zoneSelect = $<HTMLSelectElement>('#zone');
const search = $<HTMLInputElement>('#search');
const panZoom = new PanZoom(svg);

let diagram: PlanDiagram | undefined;
let view: 'diagram' | 'matrix' = 'diagram';
const hiddenVendors = new Set<string>();
const hiddenStatuses = new Set<string>();
/** Element id → where it is written, for clicks and for following the editor's cursor. */
let locations = new Map<string, SourceLocation>();

function post(message: FromView): void {
    vscode.postMessage(message);
}

function checkbox(host: HTMLElement, value: string, text: string, hidden: Set<string>, className = ''): void {
    const label = document.createElement('label');
    const input = Object.assign(document.createElement('input'), { type: 'checkbox', checked: !hidden.has(value), value });
    input.addEventListener('change', () => {
        if (input.checked) hidden.delete(value); else hidden.add(value);
        applyFilters();
    });
    const span = Object.assign(document.createElement('span'), { textContent: text, className });
    label.append(input, span);
    host.append(label);
}

function buildToolbar(d: PlanDiagram, zone: string | undefined): void {
    vendorBox.querySelectorAll('label').forEach(l => l.remove());
    for (const v of d.graph.vendors) {
        checkbox(vendorBox, v.id, v.id, hiddenVendors);
        vendorBox.lastElementChild?.setAttribute('title', v.name);
    }
    if (statusBox.querySelectorAll('label').length === 0) {
        for (const s of EDGE_STATUSES) checkbox(statusBox, s, STATUS_TEXT[s], hiddenStatuses, `l-${s}`);
    }
    const zones = d.matrix.zones;
    zoneSelect.replaceChildren(new Option(d.graph.level === 'zone' && !zone ? 'all zones (zone level)' : 'all zones', ''), ...zones.map(z => new Option(z, z)));
    zoneSelect.value = zone ?? '';
}

function render(d: PlanDiagram, zone: string | undefined): void {
    diagram = d;
    locations = new Map<string, SourceLocation>();
    for (const x of [...d.graph.zones, ...d.graph.components, ...d.graph.edges]) if (x.location) locations.set(x.id, x.location);
    buildToolbar(d, zone);
    svg.innerHTML = `${markerDefs()}<g id="viewport">${renderGraphBody(d.graph, d.layout)}</g>`;
    panZoom.setContent(d.layout.width, d.layout.height);
    renderZoneMatrix(matrixHost, d.matrix);
    const edges = d.graph.edges.filter(e => e.status !== 'unused-rule');
    const required = edges.reduce((n, e) => n + e.required, 0), allowed = edges.reduce((n, e) => n + e.allowed, 0);
    statusLine.textContent = `${d.graph.plan || 'plan'}: ${d.graph.level === 'zone' ? `${d.graph.zones.length} zones (zone level: choose a zone to open it)` : `${d.graph.components.length} components`}, `
        + `${allowed}/${required} required flows allowed${zone ? `, zone ${zone}` : ''}`
        + (d.layout.routed ? '' : `; ${d.layout.edges.length} arrows drawn straight, too many to route: choose a zone to see its own`);
    applyFilters();
    vscode.setState({ zone });
}

function elementsOf(selector: string): SVGGElement[] {
    return [...svg.querySelectorAll<SVGGElement>(selector)];
}

function applyFilters(): void {
    if (!diagram) return;
    const edges = new Map<string, GraphEdge>(diagram.graph.edges.map(e => [e.id, e]));
    for (const g of elementsOf('.component')) g.classList.toggle('filtered', hiddenVendors.has(g.dataset.vendor ?? ''));
    for (const g of elementsOf('.edge[data-id]')) {
        const e = edges.get(g.dataset.id ?? '');
        if (!e) continue;
        const vendorHidden = e.vendors.length > 0 && e.vendors.every(v => hiddenVendors.has(v));
        const endHidden = [e.source, e.target].some(id => svg.querySelector(`.component[data-id="${CSS.escape(id)}"].filtered`));
        g.classList.toggle('filtered', hiddenStatuses.has(e.status) || vendorHidden || endHidden);
    }
    applySearch();
}

function applySearch(): void {
    const text = search.value.trim().toLowerCase();
    const nodes = elementsOf('.component, .container');
    for (const g of nodes) g.classList.remove('match', 'dimmed');
    for (const g of elementsOf('.edge[data-id]')) g.classList.remove('dimmed');
    if (!text) return;
    const matches = nodes.filter(g => (g.dataset.id ?? '').replace(/^\w+:/, '').toLowerCase().includes(text));
    for (const g of matches) g.classList.add('match');
    for (const g of elementsOf('.component')) if (!matches.includes(g)) g.classList.add('dimmed');
    const ids = new Set(matches.map(g => g.dataset.id));
    for (const g of elementsOf('.edge[data-id]')) if (!ids.has(g.dataset.source) && !ids.has(g.dataset.target)) g.classList.add('dimmed');
}

function focusFirstMatch(): void {
    const first = svg.querySelector<SVGGElement>('.match');
    if (!first) return;
    const box = first.getBBox();
    panZoom.center(box.x + box.width / 2, box.y + box.height / 2);
    first.focus();
}

/** A click (or Enter) on an element: open a zone of a zone-level picture, else reveal its line. */
function activate(target: SVGGElement): void {
    const id = target.dataset.id ?? '';
    if (target.classList.contains('expandable') && id.startsWith('zone:')) {
        post({ type: 'open-zone', zone: id.slice('zone:'.length) });
        return;
    }
    const location = locations.get(id);
    if (location) post({ type: 'reveal', location });
    select([id]);
}

function select(ids: readonly string[]): void {
    for (const g of elementsOf('.selected')) g.classList.remove('selected');
    for (const id of ids) svg.querySelector(`[data-id="${CSS.escape(id)}"]`)?.classList.add('selected');
}

/** Highlights what the editor's cursor is on: the innermost element written on that line. */
function followCursor(uri: string, line: number): void {
    const hits = [...locations.entries()].filter(([, l]) => l.uri === uri && l.line <= line && line <= l.endLine);
    // Components and rules (edges) before zones: the zone's line holds only the zone itself.
    const rank = (id: string) => (id.startsWith('component:') ? 0 : id.startsWith('flow:') || id.startsWith('rule:') ? 1 : 2);
    hits.sort(([a], [b]) => rank(a) - rank(b));
    const best = hits.length ? rank(hits[0][0]) : -1;
    select(hits.filter(([id]) => rank(id) === best).map(([id]) => id));
}

function snapshot(request: number): void {
    const d = diagram;
    const snap: DiagramSnapshot = {
        view, level: d?.graph.level ?? 'component',
        zones: elementsOf('.container.zone, .container.internet').map(g => g.dataset.id!.slice('zone:'.length)),
        components: elementsOf('.component').map(g => g.dataset.id!.slice('component:'.length)),
        edges: elementsOf('.edge[data-id]').map(g => ({
            id: g.dataset.id!, status: [...g.classList].find(c => c.startsWith('status-'))?.slice('status-'.length) ?? '',
            stroke: getComputedStyle(g.querySelector('.line')!).stroke, visible: !g.classList.contains('filtered')
        })),
        selected: elementsOf('.selected').map(g => g.dataset.id!),
        matrixCells: matrixHost.querySelectorAll('td button').length,
        theme: document.body.className
    };
    post({ type: 'snapshot', request, snapshot: snap });
}

function show(which: 'diagram' | 'matrix'): void {
    view = which;
    svg.toggleAttribute('hidden', which !== 'diagram');
    matrixHost.toggleAttribute('hidden', which !== 'matrix');
    $('#show-diagram').setAttribute('aria-pressed', String(which === 'diagram'));
    $('#show-matrix').setAttribute('aria-pressed', String(which === 'matrix'));
}

svg.addEventListener('click', event => {
    const target = (event.target as Element).closest<SVGGElement>('.component, .edge[data-id], .container');
    if (target) activate(target);
});
svg.addEventListener('keydown', event => {
    const target = (event.target as Element).closest<SVGGElement>('.component, .edge[data-id], .container');
    if (target && (event.key === 'Enter' || event.key === ' ')) { event.preventDefault(); activate(target); }
    if (event.key === '+' || event.key === '=') panZoom.zoom(1 / 1.25);
    if (event.key === '-') panZoom.zoom(1.25);
    if (event.key === '0') panZoom.fit();
});
$('#zoom-in').addEventListener('click', () => panZoom.zoom(1 / 1.25));
$('#zoom-out').addEventListener('click', () => panZoom.zoom(1.25));
$('#fit').addEventListener('click', () => panZoom.fit());
$('#show-diagram').addEventListener('click', () => show('diagram'));
$('#show-matrix').addEventListener('click', () => show('matrix'));
search.addEventListener('input', applySearch);
search.addEventListener('keydown', event => { if (event.key === 'Enter') focusFirstMatch(); });
zoneSelect.addEventListener('change', () => post({ type: 'open-zone', zone: zoneSelect.value || undefined }));
// Fitted whenever the panel gets its size: the first picture may arrive before the panel is laid
// out (it was then fitted to no size at all), and again on every resize; never below a readable
// scale (a wide picture beside the editor was a thumbnail): Fit shows it whole.
new ResizeObserver(() => panZoom.fitReadable()).observe(svg);

window.addEventListener('message', (event: MessageEvent<ToView>) => {
    const message = event.data;
    switch (message.type) {
        case 'diagram':
            $('.message').toggleAttribute('hidden', true);
            render(message.diagram, message.zone);
            break;
        case 'error':
            $('.message').textContent = message.message;
            $('.message').toggleAttribute('hidden', false);
            break;
        case 'cursor':
            followCursor(message.uri, message.line);
            break;
        case 'snapshot':
            snapshot(message.request);
            break;
        case 'click': {
            const target = svg.querySelector<SVGGElement>(`[data-id="${CSS.escape(message.id)}"]`);
            target?.dispatchEvent(new MouseEvent('click', { bubbles: true }));
            break;
        }
        case 'show':
            show(message.view);
            break;
    }
});

show('diagram');
post({ type: 'ready' });
