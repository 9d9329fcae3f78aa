import * as assert from 'node:assert/strict';
import { EmptyFileSystem, URI } from 'langium';
import { auditPlan } from '../../language/audit/audit-plan.js';
import { iptablesSaveImporter } from '../../language/audit/importers/iptables-save.js';
import { createSegplanServices } from '../../language/segplan-module.js';
import { generateBenchPlan } from '../../bench/plan-generator.js';

/**
 * The audit evaluates each requirement between component groups once and picks every pair's part
 * out of it; the verdicts must be the ones a pair-by-pair evaluation gives, for rule bases that
 * cut groups apart (a rule for one ESXi host of many, denies among accepts).
 */
describe('audit: one evaluation per component group gives every pair its own verdict', function () {
    this.timeout(300000);

    it('equals the pair-by-pair evaluation on generated rule bases (seeds 1-4)', async () => {
        const services = createSegplanServices(EmptyFileSystem).Segplan;
        await services.shared.workspace.WorkspaceManager.initializeWorkspace([]);
        const bench = generateBenchPlan(300);
        const document = services.shared.workspace.LangiumDocumentFactory.fromString(bench.text, URI.parse('file:///grouped/plan.segplan'));
        services.shared.workspace.LangiumDocuments.addDocument(document);
        await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
        const analysis = services.analysis.PlanAnalyzer.analysis(document);
        assert.ok(analysis.groupFlows.some(g => g.flow.source.members.length > 1 || g.flow.destination.members.length > 1), 'the plan has groups');
        const zones = [...analysis.plan.facts.zones.values()].filter(z => !z.internet).map(z => z.networks.format().split(', ')[0]);
        const hosts = [...analysis.plan.facts.instances.values()].flatMap(i => i.addresses.v4.length ? [i.addresses.format().split(', ')[0]] : []);
        const seen = new Set<string>();
        for (const seed of [1, 2, 3, 4]) {
            let state = seed;
            const next = (n: number) => { state = (state * 1103515245 + 12345) % 2147483648; return state % n; };
            const lines = ['*filter', ':FORWARD DROP [0:0]', '-A FORWARD -m conntrack --ctstate RELATED,ESTABLISHED -j ACCEPT'];
            for (let i = 0; i < 150; i++) {
                // Single hosts cut groups apart; zones cover them whole.
                const from = next(3) === 0 ? hosts[next(hosts.length)] : zones[next(zones.length)];
                const to = next(2) === 0 ? hosts[next(hosts.length)] : zones[next(zones.length)];
                const port = [443, 445, 6160, 6162, 902, 22, 2500][next(7)];
                lines.push(`-A FORWARD -s ${from} -d ${to} -p tcp -m tcp --dport ${port === 2500 ? '2500:3300' : port} -j ${next(5) === 0 ? 'DROP' : 'ACCEPT'}`);
            }
            lines.push('COMMIT', '');
            const policy = await iptablesSaveImporter.import(lines.join('\n'), { file: 'fw.rules', interfaces: new Map(), hook: 'forward', now: new Date() });
            const now = new Date('2026-01-01T00:00:00Z');
            const grouped = auditPlan(analysis, [policy], { now, hook: 'forward' }).flows;
            const reference = auditPlan(analysis, [policy], { now, hook: 'forward', pairByPair: true }).flows;
            assert.equal(grouped.length, reference.length);
            const differ = grouped.filter((f, i) => f.verdict !== reference[i].verdict || f.why !== reference[i].why);
            assert.deepEqual(differ.map(f => `${f.result.flow.source.name} -> ${f.result.flow.destination.name} ${f.result.flow.portText}: ${f.verdict}`), [], `seed ${seed}`);
            grouped.forEach(f => seen.add(f.verdict));
        }
        // The rule bases decide both ways, so the comparison is not between two "all blocked".
        assert.ok(seen.has('allowed') && (seen.has('blocked') || seen.has('partial')), [...seen].join(', '));
    });
});
