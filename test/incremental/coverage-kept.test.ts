import * as assert from 'node:assert/strict';
import { generateBenchPlan } from '../../bench/plan-generator.js';
import type { PlanAnalysis } from '../../language/analysis/analyze-plan.js';
import { formatPorts } from '../../language/network/ports.js';
import { createTestServices } from '../helpers/services.js';
import { apply, openWorkspace, planAnalysisFromScratch as fromScratch, planAnalysisOf as analysisOf } from '../helpers/review-workspace.js';

/**
 * The second pass keeps what an edit did not reach: the coverage of each site whose requirements
 * are the ones it had; the allow rules' index while the rules are the same objects; and, when
 * both hold for every site and the requirements are the same list, the requirements' results in
 * plan order and every rule's usage. Counted, never timed; after each edit the coverage is what a
 * build from scratch gives.
 */

/**
 * Each requirement's coverage, in plan order, per group and per pair of components; each allow
 * rule's usage; the denies each rule and required flow meets; all by line.
 */
function coverage(analysis: PlanAnalysis): string[] {
    const line = (node: { $cstNode?: { range: { start: { line: number } } } }) => node.$cstNode?.range.start.line;
    const flows = analysis.groupFlows.map(r => `${r.flow.source.name} -> ${r.flow.destination.name} ${r.flow.portText}: ${r.status} `
        + `${r.allowedPairs}/${r.pairs} by ${r.rules.map(rule => line(rule.node)).join(',')}`);
    const pairs = analysis.flows.map(r => `${r.flow.id} ${r.flow.source.name} -> ${r.flow.destination.name} ${r.flow.portText}: ${r.status} `
        + `by ${r.rules.map(rule => line(rule.node)).join(',')}`);
    const usage = [...analysis.ruleUsage].map(([rule, u]) => `line ${line(rule.node)}: ${formatPorts(u.served)} | ${formatPorts(u.installOnly)} `
        + `| ${formatPorts(u.internetFacing)} | ${formatPorts(u.requiredOverInternet)}`);
    const meetings = (list: readonly { deny: { node: Parameters<typeof line>[0] } }[]) => list.map(m => line(m.deny.node)).join(',');
    const denies = [
        ...[...analysis.denies.rules].map(([rule, met]) => `rule at ${line(rule.node)} meets ${meetings(met)}`),
        ...[...analysis.denies.flows].map(([flow, met]) => `${flow.source.name} -> ${flow.destination.name} ${flow.portText} meets ${meetings(met)}`)
    ];
    return [...flows, ...pairs, ...usage, ...denies];
}

describe('coverage an edit did not reach', function () {
    this.timeout(120_000);
    // A deny the plan's rules and required flows meet: the denies are read again at every edit.
    const lines = generateBenchPlan(2_000).text.split('\n');
    lines.splice(lines.findIndex(l => /^allow /.test(l)), 0, 'deny s1prod -> s1vbr tcp 6162 "no agent management in s1"');
    const text = lines.join('\n');

    it('is kept whole when the edit changes no requirement and no allow rule; an allow rule edited covers its sites again', async () => {
        const ws = await openWorkspace(await createTestServices(), { 'plan.segplan': text });
        const before = analysisOf(ws);
        const sites = before.state.covered.sites.size;
        assert.ok(sites >= 5, `${sites} sites`);
        const rules = before.plan.policy.rules.length;
        assert.deepEqual(before.state.covered.work, { rulesIndexed: rules, sitesCovered: sites }, 'the first analysis covers every site');
        assert.ok(before.denies.rules.size > 0 && before.denies.flows.size > 0, 'the deny meets rules and required flows');

        // A component described: no requirement and no rule changes.
        const described = [...lines];
        const at = described.findIndex((l, i) => i > described.length / 2 && / : /.test(l));
        described[at] += ' "described"';
        await apply(ws, { 'plan.segplan': described.join('\n') });
        const afterDescription = analysisOf(ws);
        assert.notEqual(afterDescription, before, 'the plan was analysed again');
        assert.deepEqual(afterDescription.state.covered.work, { rulesIndexed: 0, sitesCovered: 0 });
        assert.equal(afterDescription.groupFlows, before.groupFlows, 'the results in plan order are the ones made before');
        assert.equal(afterDescription.ruleUsage, before.ruleUsage, 'the rules\' usage is the one worked out before');
        assert.deepEqual(coverage(afterDescription), coverage(fromScratch(ws)));

        // An allow rule's ports edited: the rules are indexed again, and the sites whose candidates changed covered again.
        const ruleAt = described.findIndex((l, i) => i > described.length / 2 && /^allow \S+ -> \S+ tcp \d+/.test(l));
        const edited = [...described];
        edited[ruleAt] = edited[ruleAt].replace(/tcp (\d+)/, 'tcp $1, 65001');
        await apply(ws, { 'plan.segplan': edited.join('\n') });
        const afterRule = analysisOf(ws);
        const work = afterRule.state.covered.work;
        assert.equal(work.rulesIndexed, rules);
        assert.ok(work.sitesCovered >= 1 && work.sitesCovered < sites, `${work.sitesCovered} of ${sites} sites covered again`);
        assert.deepEqual(coverage(afterRule), coverage(fromScratch(ws)));

        // Back to the rule as it was, then a virtual machine no rule names moved to another
        // address of its zone (10.N.4.x to 10.N.5.x, inside the site's /22): the rules are kept and
        // indexed as before, its site is covered again, and the rest of the coverage is put together anew.
        await apply(ws, { 'plan.segplan': described.join('\n') });
        const moved = [...described];
        const vm = moved.findIndex(l => /^s1vm\d+ : infra\.VmGuest in s1prod at 10\.1\.4\.\d+ /.test(l));
        assert.ok(vm >= 0, 'a virtual machine of site s1');
        const name = moved[vm].split(' ')[0];
        assert.ok(!moved.some(l => l.startsWith('allow ') && l.split(/[\s,]+/).includes(name)), `no rule names ${name}`);
        moved[vm] = moved[vm].replace(/at 10\.1\.4\./, 'at 10.1.5.');
        await apply(ws, { 'plan.segplan': moved.join('\n') });
        const afterMove = analysisOf(ws);
        assert.equal(afterMove.plan.facts.instances.get(name)?.addresses.format().startsWith('10.1.5.'), true, afterMove.findings.slice(0, 3).map(f => f.message).join('\n'));
        assert.equal(afterMove.state.covered.work.rulesIndexed, 0);
        assert.ok(afterMove.state.covered.work.sitesCovered >= 1, 'the moved machine\'s site is covered again');
        assert.notEqual(afterMove.groupFlows, before.groupFlows);
        assert.deepEqual(coverage(afterMove), coverage(fromScratch(ws)));
    });
});
