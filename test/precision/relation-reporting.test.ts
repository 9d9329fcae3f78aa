import * as assert from 'node:assert/strict';
import { explainFlows } from '../../language/analysis/explain-flows.js';
import { exportDiagram } from '../../language/diagram/plan-diagram.js';
import { buildPlanGraph } from '../../language/diagram/plan-graph.js';
import { buildPlan, createTestServices } from '../helpers/services.js';

// Which relation bound each pair, and whether the plan said it or SegPlan inferred it, is what
// `segplan explain`, the diagram's flows and their tooltips show (flows --json and the hover have
// their own tests in relations.test.ts and relations-editor.test.ts).
const PLAN = `plan "declared and inferred"
zone mgmt 10.10.0.0/24
zone br   10.20.0.0/24
site hq zones mgmt
site branch zones br
vbr1  : veeam.BackupServer in mgmt at 10.10.0.10 os windows
vbr2  : veeam.BackupServer in mgmt at 10.10.0.11 os windows
con   : veeam.Console      in mgmt at 10.10.0.50 os windows
proxy : veeam.Proxy        in br   at 10.20.0.11 os linux managed by vbr2
`;

describe('which relation bound a pair, declared or inferred', function () {
    this.timeout(120000);

    it('explain says it for each flow that follows a relation', async () => {
        const services = await createTestServices();
        const analysis = services.analysis.PlanAnalyzer.analysis(await buildPlan(services, PLAN));
        const catalog = services.analysis.PlanAnalyzer.catalog();
        const instance = (name: string) => analysis.plan.facts.instances.get(name)!;
        const managing = explainFlows(analysis, catalog, instance('vbr2'), instance('proxy')).filter(e => e.applies && e.from === 'vbr2');
        assert.ok(managing.length > 0 && managing.every(e => /proxy is `managed by vbr2` \(as the plan says\)/.test(e.why)), JSON.stringify(managing.map(e => e.why)));
        const notManaging = explainFlows(analysis, catalog, instance('vbr1'), instance('proxy')).filter(e => e.from === 'vbr1' && e.flow.relation);
        assert.ok(notManaging.every(e => !e.applies), JSON.stringify(notManaging.map(e => e.why)));
        assert.ok(notManaging.some(e => /proxy is not `managed by vbr1`/.test(e.why)), JSON.stringify(notManaging.map(e => e.why)));
        const web = explainFlows(analysis, catalog, instance('con'), instance('vbr1')).filter(e => e.applies && e.from === 'con');
        assert.ok(web.length > 0 && web.every(e => /con is `administers vbr1` \(inferred/.test(e.why)), JSON.stringify(web.map(e => e.why)));
    });

    it('the diagram\'s flows carry it, and the SVG shows it in the edge\'s tooltip', async () => {
        const services = await createTestServices();
        const analysis = services.analysis.PlanAnalyzer.analysis(await buildPlan(services, PLAN));
        const catalog = services.analysis.PlanAnalyzer.catalog();
        const graph = buildPlanGraph(analysis, catalog, { level: 'component' });
        const relationsOf = (from: string, to: string) => new Set(graph.edges.filter(e => e.source === `component:${from}` && e.target === `component:${to}`).flatMap(e => e.flows.map(f => f.relation)));
        assert.deepEqual(relationsOf('vbr2', 'proxy'), new Set(['manages (declared)']));
        assert.deepEqual(relationsOf('con', 'vbr1'), new Set(['administers (inferred)']));
        assert.equal(relationsOf('vbr1', 'proxy').size, 0);
        const svg = await exportDiagram(analysis, catalog, 'svg', { level: 'component' });
        assert.match(svg, /\[manages \(declared\)\]/);
        assert.match(svg, /\[administers \(inferred\)\]/);
    });
});
