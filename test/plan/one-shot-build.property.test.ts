import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { createTestServices, buildPlan as buildPlanDocument } from '../helpers/services.js';
import { buildPlan, type Plan, type PlanRule } from '../../language/plan/plan-model.js';
import { analyzePlan } from '../../language/analysis/analyze-plan.js';
import type { SegplanServices } from '../../language/segplan-module.js';

// A plan built once (the CLI: forNextBuild false) shares what its allow rules read alike — the
// terms of rules whose ports are written alike, the list of a side that names one zone or
// component — where a build the next one starts from (the editor) makes them per rule. The two
// must say the same of every rule, and the analyses of both the same findings.
describe('a plan built once says what the editor\'s build says', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    const PORTS = ['443', '22', '80', '443', '2500-3300', '0', '70000', '3300-2500', '9082+', 'veeam.CloudConnectPort', 'nosuch.Port', '443, 80', '80, 443', '6160, 6162', '6160,6162', '1-65535'];
    const ENDPOINTS = ['z0', 'z1', 'z2', 'c0', 'c1', 'c2', 'c3', 'any', '10.0.0.0/24', '10.9.9.0/24', 'nosuch', 'c0, c1', 'z1, c2'];
    const rule = fc.record({
        from: fc.constantFrom(...ENDPOINTS), to: fc.constantFrom(...ENDPOINTS),
        protocol: fc.constantFrom('tcp', 'udp', 'tcp/udp', 'any'), ports: fc.option(fc.constantFrom(...PORTS), { nil: undefined }),
        description: fc.option(fc.constantFrom('"web"', '"backup"'), { nil: undefined })
    });
    const planText = (rules: Array<{ from: string; to: string; protocol: string; ports?: string; description?: string }>) => [
        'plan "p"',
        'zone z0 10.0.0.0/24', 'zone z1 10.0.1.0/24', 'zone z2 10.0.2.0/24',
        'c0 : veeam.BackupServer in z0 at 10.0.0.5', 'c1 : veeam.Proxy in z1 at 10.0.1.5 os windows',
        'c2 : veeam.Repository in z2 at 10.0.2.5', 'c3 : infra.VmGuest in z2',
        ...rules.map(r => `allow ${r.from} -> ${r.to} ${r.protocol}${r.ports ? ` ${r.ports}` : ''}${r.description ? ` ${r.description}` : ''}`)
    ].join('\n');
    const ruleFacts = (r: PlanRule) => ({
        sources: r.sources.map(e => e.label), destinations: r.destinations.map(e => e.label), protocol: r.protocol,
        ports: r.ports.map(p => `${p.from}-${p.to}`), allPorts: r.allPorts, resolved: r.resolved,
        sourceAddresses: r.sourceAddresses.format(), destinationAddresses: r.destinationAddresses.format()
    });
    const findings = (plan: Plan) => analyzePlan(plan, services.analysis.PlanAnalyzer.catalog(), services.analysis.VendorChecks).findings
        .map(f => `${f.code}|${f.severity}|${f.node.$cstNode?.range.start.line}|${f.property ?? ''}|${f.index ?? ''}|${f.message}`);

    it('the same rules and findings for random allow rules (seed 7311)', async () => {
        await fc.assert(fc.asyncProperty(fc.array(rule, { minLength: 1, maxLength: 12 }), async rules => {
            const document = await buildPlanDocument(services, planText(rules));
            const once = buildPlan([document], undefined, { forNextBuild: false });
            const kept = buildPlan([document], undefined, { forNextBuild: true });
            assert.deepEqual(once.policy.rules.map(ruleFacts), kept.policy.rules.map(ruleFacts));
            assert.deepEqual(findings(once), findings(kept));
        }), { seed: 7311, numRuns: 150 });
    });

    it('rules that read alike share their ports and one-endpoint sides; others do not', async () => {
        const document = await buildPlanDocument(services, planText([
            { from: 'c0', to: 'c1', protocol: 'tcp', ports: '443' }, { from: 'c0', to: 'c2', protocol: 'tcp', ports: '443' },
            { from: 'c1', to: 'c2', protocol: 'tcp', ports: '22' }, { from: '10.0.0.0/24', to: 'c2', protocol: 'tcp', ports: '22' },
            { from: '10.0.0.0/24', to: 'c1', protocol: 'tcp', ports: '22' }
        ]));
        const [a, b, c, d, e] = buildPlan([document], undefined, { forNextBuild: false }).policy.rules;
        assert.equal(a.ports, b.ports);
        assert.notEqual(a.ports, c.ports);
        assert.equal(a.sources, b.sources, 'c0 as the one source: one list');
        assert.notEqual(a.destinations, b.destinations);
        assert.equal(b.destinations, d.destinations, 'c2 as the one destination: one list');
        assert.notEqual(d.sources, e.sources, 'a bare address is its own rule\'s');
    });
});
