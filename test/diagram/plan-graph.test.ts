import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { LangiumDocument } from 'langium';
import { layoutPlanGraph, MAX_ROUTED_EDGES } from '../../language/diagram/layout-graph.js';
import { renderSvg } from '../../language/diagram/render-svg.js';
import { generateBenchPlan } from '../../bench/plan-generator.js';
import { buildPlanGraph, type PlanGraph } from '../../language/diagram/plan-graph.js';
import { buildZoneMatrix } from '../../language/diagram/zone-matrix.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { buildPlan, createTestServices } from '../helpers/services.js';

const example = (name: string) => readFileSync(path.join(PROJECT_ROOT, 'examples', name), 'utf8');

async function graphOf(services: SegplanServices, text: string, options: Parameters<typeof buildPlanGraph>[2] = {}): Promise<{ graph: PlanGraph; document: LangiumDocument }> {
    const document = await buildPlan(services, text);
    const analyzer = services.analysis.PlanAnalyzer;
    return { graph: buildPlanGraph(analyzer.analysis(document), analyzer.catalog(), options), document };
}

/** The graph without where things are written: what must not change when only positions change. */
function structure(graph: PlanGraph): unknown {
    return JSON.parse(JSON.stringify(graph, (key, value) => (key === 'location' ? undefined : value)));
}

describe('plan diagram: the graph model', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('draws every zone and component of the reference design, grouped by site, internet zones marked', async () => {
        const { graph, document } = await graphOf(services, example('veeam-reference.segplan'));
        const plan = services.analysis.PlanAnalyzer.analysis(document).plan;
        assert.deepEqual(graph.zones.map(z => z.name), [...plan.facts.zones.keys()].sort());
        assert.deepEqual(graph.components.map(c => c.name), [...plan.facts.instances.keys()].sort());
        assert.equal(graph.level, 'component');
        for (const z of graph.zones) {
            const zone = plan.facts.zones.get(z.name)!;
            assert.equal(z.internet, zone.internet);
            assert.equal(z.site, zone.site ? `site:${zone.site}` : undefined);
        }
        for (const s of graph.sites) for (const id of s.zones) assert.equal(graph.zones.find(z => z.id === id)?.site, s.id);
        const vbr = graph.components.find(c => c.name === 'vbr')!;
        assert.equal(vbr.vendorId, 'veeam');
        assert.equal(vbr.typeId, 'veeam.BackupServer');
        assert.match(vbr.addresses, /^10\./);
        assert.equal(vbr.location?.line, plan.facts.instances.get('vbr')!.node.$cstNode!.range.start.line);
    });

    it('merges the flows of one pair of components into one edge whose status and ports come from the analysis', async () => {
        const { graph, document } = await graphOf(services, example('veeam-mistakes.segplan'));
        const analysis = services.analysis.PlanAnalyzer.analysis(document);
        const required = analysis.flows.filter(r => r.status !== 'not-required');
        const pairs = new Set(required.map(r => `component:${r.flow.source.name}->component:${r.flow.destination.name}`));
        const flowEdges = graph.edges.filter(e => e.status !== 'unused-rule');
        assert.deepEqual(new Set(flowEdges.map(e => `${e.source}->${e.target}`)), pairs);
        for (const e of flowEdges) {
            const results = required.filter(r => `component:${r.flow.source.name}` === e.source && `component:${r.flow.destination.name}` === e.target);
            assert.equal(e.flows.length, results.length);
            const crossing = results.filter(r => r.status !== 'same-zone');
            assert.equal(e.required, crossing.length);
            assert.equal(e.allowed, crossing.filter(r => r.status === 'covered').length);
            const expected = crossing.length === 0 ? 'same-zone' : crossing.every(r => r.status === 'covered') ? 'allowed'
                : crossing.every(r => r.status === 'missing') ? 'missing' : 'partial';
            assert.equal(e.status, expected, e.id);
            assert.equal(e.installOnly, results.every(r => r.flow.installOnly), e.id);
        }
        // The plan's known mistakes: vbr → vcenter 443 is missing, proxy → esx lacks 902.
        assert.equal(graph.edges.find(e => e.id === 'flow:component:vbr->component:vcenter')?.status, 'missing');
        const proxyEsx = graph.edges.find(e => e.id === 'flow:component:proxy->component:esx')!;
        assert.equal(proxyEsx.status, 'partial');
        assert.match(proxyEsx.label, /tcp .*443.*902|tcp 443, 902/);
        // `allow proxy -> vcenter tcp 8080` serves nothing: its own colour.
        const unused = graph.edges.filter(e => e.status === 'unused-rule');
        assert.ok(unused.some(e => e.source === 'component:proxy' && e.target === 'component:vcenter' && e.label === 'tcp 8080'), JSON.stringify(unused));
        // An edge of a missing flow leads to the component that needs it; an allowed one to its rule.
        const vbrVcenter = graph.edges.find(e => e.id === 'flow:component:vbr->component:vcenter')!;
        assert.equal(vbrVcenter.location?.line, analysis.plan.facts.instances.get('vbr')!.node.$cstNode!.range.start.line);
    });

    it('aggregates edges per zone pair at zone level, with counts that add up to the flows', async () => {
        const text = example('veeam-reference.segplan');
        const { graph: full, document } = await graphOf(services, text);
        const { graph: zones } = await graphOf(services, text, { level: 'zone' });
        assert.equal(zones.level, 'zone');
        assert.equal(zones.components.length, 0);
        const analysis = services.analysis.PlanAnalyzer.analysis(document);
        const crossing = analysis.flows.filter(r => r.status !== 'not-required' && r.status !== 'same-zone');
        const flowEdges = zones.edges.filter(e => e.status !== 'unused-rule');
        assert.equal(flowEdges.reduce((n, e) => n + e.required, 0), crossing.length);
        assert.equal(flowEdges.reduce((n, e) => n + e.allowed, 0), crossing.filter(r => r.status === 'covered').length);
        for (const e of flowEdges) assert.ok(e.source.startsWith('zone:') && e.target.startsWith('zone:') && e.source !== e.target);
        for (const z of zones.zones) assert.equal(z.components, full.components.filter(c => c.zone === z.id).length);
        // Large plans start at zone level by themselves.
        const { graph: auto } = await graphOf(services, text, { componentLimit: 3 });
        assert.equal(auto.level, 'zone');
    });

    it('opens one zone: its components and the other ends of its flows, nothing else', async () => {
        const { graph } = await graphOf(services, example('veeam-reference.segplan'), { zone: 'backup' });
        const inZone = graph.components.filter(c => c.zone === 'zone:backup').map(c => c.id);
        assert.ok(inZone.length > 0);
        for (const e of graph.edges) {
            const ends = [e.source, e.target];
            assert.ok(ends.some(id => inZone.includes(id) || id === 'zone:backup'), `${e.id} does not touch the zone`);
        }
        await assert.rejects(async () => graphOf(services, example('veeam-reference.segplan'), { zone: 'nowhere' }), /no zone 'nowhere'/);
    });

    it('gives the same graph and the same layout when lines move or a description changes', async () => {
        const text = example('veeam-reference.segplan');
        const lines = text.split('\n');
        const i = lines.findIndex(l => /^\s*vbr\s*:/.test(l));
        const j = lines.findIndex((l, k) => k > i && /^\s*\w+\s*:\s*\w+\.\w+/.test(l));
        assert.ok(i >= 0 && j > i);
        const moved = [...lines];
        [moved[i], moved[j]] = [moved[j], moved[i]];
        const edited = ['// a comment moves every line down', ...moved].join('\n').replace(/^(zone \w+[^"\n]*?)(\s*(\/\/.*)?)$/m, '$1 "described now"$2');
        assert.notEqual(edited, text);
        const a = await graphOf(services, text);
        const b = await graphOf(services, edited);
        assert.deepEqual(structure(b.graph), structure(a.graph));
        // ELK itself is deterministic: no remembered layout involved.
        assert.deepEqual(await layoutPlanGraph(b.graph, { reuse: false }), await layoutPlanGraph(a.graph, { reuse: false }));
        assert.notEqual(b.graph.components[0].location?.line, undefined);
    });

    it('lays out every component inside its zone and every zone inside its site', async () => {
        const { graph } = await graphOf(services, example('mixed-vendors.segplan'));
        const layout = await layoutPlanGraph(graph);
        const boxes = new Map([...layout.containers, ...layout.nodes].map(b => [b.id, b]));
        const inside = (inner: string, outer: string) => {
            const a = boxes.get(inner)!, b = boxes.get(outer)!;
            assert.ok(a && b, `${inner} or ${outer} not laid out`);
            assert.ok(a.x >= b.x && a.y >= b.y && a.x + a.width <= b.x + b.width + 0.5 && a.y + a.height <= b.y + b.height + 0.5, `${inner} outside ${outer}`);
        };
        for (const c of graph.components) inside(c.id, c.zone);
        for (const z of graph.zones) if (z.site) inside(z.id, z.site);
        assert.equal(layout.edges.length, graph.edges.filter(e => e.source !== e.target).length);
    });

    // Fifty sites whose Veeam ONE servers each watch every backup server: thousands of zone-to-zone
    // arrows, which ELK's routing took minutes over (the diagram never came).
    it('draws arrows too many to route straight, from border to border, and says so', async () => {
        const { graph } = await graphOf(services, generateBenchPlan(1000).text);
        const drawn = graph.edges.filter(e => e.source !== e.target);
        assert.ok(drawn.length > MAX_ROUTED_EDGES, `${drawn.length} arrows: the plan no longer tests the fallback`);
        const layout = await layoutPlanGraph(graph, { reuse: false });
        assert.equal(layout.routed, false);
        assert.equal(layout.edges.length, drawn.length);
        const boxes = new Map([...layout.containers, ...layout.nodes].map(b => [b.id, b]));
        const onBorder = (p: { x: number; y: number }, id: string) => {
            const b = boxes.get(id)!;
            const inside = p.x >= b.x - 0.01 && p.x <= b.x + b.width + 0.01 && p.y >= b.y - 0.01 && p.y <= b.y + b.height + 0.01;
            const edge = [p.x - b.x, b.x + b.width - p.x, p.y - b.y, b.y + b.height - p.y].some(d => Math.abs(d) < 0.01);
            return inside && edge;
        };
        const byId = new Map(drawn.map(e => [e.id, e]));
        for (const laid of layout.edges) {
            const e = byId.get(laid.id)!;
            assert.equal(laid.points.length, 2, laid.id);
            assert.ok(onBorder(laid.points[0], e.source) && onBorder(laid.points[1], e.target), `${laid.id}: ${JSON.stringify(laid.points)}`);
        }
        assert.match(renderSvg(graph, layout), new RegExp(`${drawn.length} arrows drawn straight: too many to route`));
        // A plan of a few sites is still routed.
        const small = await graphOf(services, example('mixed-vendors.segplan'));
        assert.equal((await layoutPlanGraph(small.graph)).routed, true);
    });

    it('counts the zone matrix from the analysis', async () => {
        const document = await buildPlan(services, example('veeam-mistakes.segplan'));
        const analysis = services.analysis.PlanAnalyzer.analysis(document);
        const matrix = buildZoneMatrix(analysis, services.analysis.PlanAnalyzer.catalog());
        const required = analysis.flows.filter(r => r.status !== 'not-required');
        assert.equal(matrix.cells.reduce((n, c) => n + c.required, 0), required.length);
        for (const c of matrix.cells) {
            assert.equal(c.allowed + c.partial + c.missing + c.sameZone, c.required);
            assert.equal(c.sameZone > 0, c.source === c.destination && c.sameZone > 0);
            assert.equal(c.flows.length, c.required);
        }
        const mgmtProd = matrix.cells.find(c => c.source === 'mgmt' && c.destination === 'prod')!;
        assert.ok(mgmtProd.missing >= 1, 'vbr → vcenter 443 is missing');
    });
});
