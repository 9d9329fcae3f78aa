import * as assert from 'node:assert/strict';
import type { AstNode } from 'langium';
import { generateBenchPlan } from '../../bench/plan-generator.js';
import type { PlanAnalysis } from '../../language/analysis/analyze-plan.js';
import { createTestServices } from '../helpers/services.js';
import { apply, assertLikeScratch, openWorkspace, planAnalysisFromScratch, planAnalysisOf as analysisOf, type Workspace } from '../helpers/review-workspace.js';

/**
 * The third pass keeps, as the first two do, the work of the sites an edit did not reach: the
 * findings of a site whose coverage the edit kept are the very objects made before, while each
 * would be made the same (its flows have the same findings of their own, and each stands on the
 * same allow rule, at the same syntax node). After an edit the findings are those of a build from
 * scratch, in the same order, and those the CLI makes in one pass over the plan.
 */

/**
 * The findings as a build from scratch of the same documents makes them: code, place and words, in
 * order. `forNextAnalysis` false: as the CLI makes them, in one pass over the plan's requirements
 * rather than site by site.
 */
function fromScratch(ws: Workspace, forNextAnalysis = true): string[] {
    return said(planAnalysisFromScratch(ws, forNextAnalysis));
}

function said(analysis: PlanAnalysis): string[] {
    return analysis.findings.map(f => `${f.code} ${f.node.$cstNode?.range.start.line}:${f.node.$cstNode?.range.start.character} ${f.message}`);
}

describe('findings of the sites an edit did not reach', function () {
    this.timeout(120_000);

    it('are kept, the same objects, while the edited site\'s are made again (counted)', async () => {
        const text = generateBenchPlan(2_000).text;
        const ws = await openWorkspace(await createTestServices(), { 'plan.segplan': text });
        const before = analysisOf(ws);
        const sites = before.state.covered.sites.size;
        assert.ok(sites >= 5, `${sites} sites`);
        const lines = text.split('\n');
        const at = lines.findIndex((l, i) => i > lines.length / 2 && / : /.test(l));
        lines[at] += ' "described"';
        await apply(ws, { 'plan.segplan': lines.join('\n') });
        const after = analysisOf(ws);
        assert.ok(after !== before, 'the plan was analysed again');
        const { made, kept } = after.state.reported.work;
        assert.equal(made + kept, sites);
        // The edited component's statement is parsed again (a new syntax node): its site's findings are made again.
        assert.ok(made >= 1 && made <= 2, `findings made again for ${made} of ${sites} sites`);
        const previous = new Set(before.findings);
        const same = after.findings.filter(f => previous.has(f)).length;
        assert.ok(same > after.findings.length / 2, `${same} of ${after.findings.length} findings kept`);
        const scratch = fromScratch(ws);
        assert.deepEqual(said(after), scratch);
        assert.deepEqual(fromScratch(ws, false), scratch, 'one pass over the plan gives the findings site by site gives');
    });

    it('follow the allow rule they stand on to its new syntax node when an edit parses it again', async () => {
        const rule = 'allow vbr -> vc tcp 80';
        // Other statements between the components and the rule: an edit of the rule's line parses
        // it again, not the components' (their flows keep their findings of their own).
        const others = Array.from({ length: 8 }, (_, i) => `vm${i} : infra.VmGuest in prod at 10.1.0.${20 + i} os linux`);
        const plan = [
            'plan "p"', 'zone mgmt 10.0.0.0/24', 'zone prod 10.1.0.0/24',
            'vbr : veeam.BackupServer in mgmt at 10.0.0.5', 'vc : vmware.VCenter in prod at 10.1.0.5',
            ...others, rule, 'vm9 : infra.VmGuest in prod at 10.1.0.40 os linux'
        ].join('\n') + '\n';
        const ws = await openWorkspace(await createTestServices(), { 'plan.segplan': plan });
        const onRule = (analysis: PlanAnalysis) => analysis.findings.filter(f => /This allow rule runs between vbr and vc/.test(f.message));
        const ruleNode = (analysis: PlanAnalysis): AstNode => analysis.plan.policy.rules.find(r => r.node.$cstNode?.text.startsWith(rule))!.node;
        const before = analysisOf(ws);
        const vbr = before.plan.facts.instances.get('vbr')!.node;
        assert.equal(onRule(before).length, 1, 'the blocked flow vbr → vc stands on the rule between them');
        // Taken now: a rule an edit keeps is pointed at its new node.
        const nodeBefore = ruleNode(before);
        // A comment after it: the rule's line is parsed again, the same rule at a new node.
        await apply(ws, { 'plan.segplan': plan.replace(rule, `${rule} // the vCenter's web port`) });
        const after = analysisOf(ws);
        assert.ok(ruleNode(after) !== nodeBefore, 'the rule was parsed again');
        assert.ok(after.plan.facts.instances.get('vbr')!.node === vbr, 'vbr was not');
        assert.ok(after.plan.policy.rules.some(r => r.node === ruleNode(after) && before.plan.policy.rules.includes(r)), 'the rule itself is kept');
        assert.equal(onRule(after).length, 1);
        assert.ok(onRule(after)[0].node === ruleNode(after), 'the finding stands on the rule as it is now');
        await assertLikeScratch(ws, 'the statement after the near rule changed');
    });
});
