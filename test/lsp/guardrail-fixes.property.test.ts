import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CodeAction } from 'vscode-languageserver';
import type { LangiumDocument } from 'langium';
import { createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { buildPlan, type Plan, type PlanTraffic } from '../../language/plan/plan-model.js';
import { planDenies } from '../../language/plan/plan-denies.js';
import { instancesByType } from '../../language/plan/instances-by-type.js';
import { overlapOf, transportsOf } from '../../language/analysis/traffic-overlap.js';
import { AddressSet, parseAddress } from '../../language/network/addresses.js';
import { applyEdits, change, codeOf, editsFor, open } from './lsp-test-kit.js';

// After any sequence of the guardrail quick fixes, no allow rule overlaps a deny, but where the
// finding says that no rule can be written exactly; and each fix takes out exactly what its deny
// forbids: never wider than the rule was, nothing denied left, nothing else lost (checked on
// sample packets).

const ZONES = ['zone a 10.1.0.0/24', 'zone b 10.2.0.0/24', 'zone c 10.3.0.0/24'];
const COMPONENTS = ['x : infra.AdminWorkstation in a at 10.1.0.5', 'y : vmware.VCenter in b at 10.2.0.5', 'z : infra.DnsServer in c at 10.3.0.200'];
const ENDPOINTS = ['a', 'b', 'c', 'x', 'y', 'z', 'any', '10.1.0.0/25', '10.3.0.128/25'];
const PROTOCOLS = ['tcp', 'udp', 'tcp/udp'];
const PORTS = ['', ' 22', ' 443', ' 1-1024', ' 22, 443', ' 6162'];

const side = fc.uniqueArray(fc.constantFrom(...ENDPOINTS), { minLength: 1, maxLength: 2 }).map(list => list.join(', '));
const statement = (keyword: string) => fc.tuple(side, side, fc.constantFrom(...PROTOCOLS), fc.constantFrom(...PORTS))
    .map(([s, d, p, ports]) => `${keyword} ${s} -> ${d} ${p}${ports} "${keyword}"`);
const planText = fc.tuple(fc.array(statement('allow'), { minLength: 1, maxLength: 3 }), fc.array(statement('deny'), { minLength: 1, maxLength: 2 }))
    .map(([allows, denies]) => ['plan "p"', ...ZONES, ...COMPONENTS, ...denies, ...allows, ''].join('\n'));

const ADDRESSES = ['10.1.0.1', '10.1.0.5', '10.1.0.200', '10.2.0.5', '10.2.0.77', '10.3.0.3', '10.3.0.200', '192.0.2.1']
    .map(a => AddressSet.of([(parseAddress(a) as { block: never }).block]));
const SAMPLE_PORTS = [21, 22, 23, 442, 443, 1024, 1025, 6162];

function passes(rule: PlanTraffic, source: AddressSet, destination: AddressSet, protocol: 'tcp' | 'udp', port: number): boolean {
    return rule.sourceAddresses.contains(source) && rule.destinationAddresses.contains(destination)
        && transportsOf(rule.protocol).includes(protocol) && rule.ports.some(r => r.from <= port && port <= r.to);
}

function* packets() {
    for (const s of ADDRESSES) for (const d of ADDRESSES) for (const protocol of ['tcp', 'udp'] as const) for (const port of SAMPLE_PORTS) yield { s, d, protocol, port };
}

describe('guardrail quick fixes (property)', function () {
    this.timeout(300_000);
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    const planOf = (document: LangiumDocument): Plan => buildPlan([document]);
    const denyingOf = (plan: Plan) => {
        const catalog = services.analysis.PlanAnalyzer.catalog();
        return planDenies(plan.policy, catalog, instancesByType(plan.facts, catalog));
    };
    const ruleTexts = (plan: Plan) => plan.policy.rules.map(r => r.node.$cstNode!.text);

    it('leave no allow rule through a deny, and take out exactly the denied part (fast-check, seed 4040)', async () => {
        let fixes = 0, removals = 0;
        await fc.assert(fc.asyncProperty(planText, async text => {
            let document = await open(services, text);
            for (let step = 0; step < 6; step++) {
                const violations = (document.diagnostics ?? []).filter(d => codeOf(d) === 'guardrail-violated');
                let fix: CodeAction | undefined;
                for (const diagnostic of violations) {
                    const actions = ((await services.lsp.CodeActionProvider!.getCodeActions(document, {
                        textDocument: { uri: document.uri.toString() }, range: diagnostic.range, context: { diagnostics: [diagnostic] }
                    })) ?? []) as CodeAction[];
                    fix = actions.find(a => a.title.startsWith('Narrow this rule'));
                    if (fix) break;
                    assert.match(String(diagnostic.message), /SegPlan cannot narrow this rule exactly/, 'a violation without a fix says why');
                }
                if (!fix) break;
                fixes++;
                if (/nothing is left/.test(fix.title)) removals++;
                const before = planOf(document);
                const beforeTexts = ruleTexts(before);
                const denies = denyingOf(before);
                const newText = applyEdits(document.textDocument.getText(), editsFor(fix.edit, document.uri.toString()));
                document = await change(services, document, newText);
                const after = planOf(document);
                // The rule the fix replaced, and what it wrote instead.
                const remaining = [...ruleTexts(after)];
                const replaced = before.policy.rules.filter((_, k) => { const i = remaining.indexOf(beforeTexts[k]); if (i >= 0) { remaining.splice(i, 1); return false; } return true; });
                assert.equal(replaced.length, 1, `one rule replaced in ${JSON.stringify(newText)}`);
                const written = after.policy.rules.filter(r => !beforeTexts.includes(r.node.$cstNode!.text));
                const replacedText = beforeTexts[before.policy.rules.indexOf(replaced[0])];
                const exactFor = denies.filter(deny => {
                    for (const { s, d, protocol, port } of packets()) {
                        const was = passes(replaced[0], s, d, protocol, port);
                        const now = written.some(w => passes(w, s, d, protocol, port));
                        const denied = deny.resolved && passes(deny, s, d, protocol, port);
                        if (now !== (was && !denied)) return false;
                    }
                    return true;
                });
                assert.ok(exactFor.length > 0, `the fix of ${replacedText} wrote ${JSON.stringify(written.map(w => w.node.$cstNode!.text))}: not exactly the rule without a deny`);
            }
            // Every rule still through a deny has its error, which says that no exact rule exists.
            const plan = planOf(document);
            const denies = denyingOf(plan);
            for (const rule of plan.policy.rules) {
                if (!rule.resolved || !denies.some(d => d.resolved && overlapOf(rule, d))) continue;
                const line = rule.node.$cstNode!.range.start.line;
                const errors = (document.diagnostics ?? []).filter(d => codeOf(d) === 'guardrail-violated' && d.range.start.line === line);
                assert.ok(errors.length > 0 && errors.every(e => /cannot narrow this rule exactly/.test(String(e.message))), `${rule.node.$cstNode!.text} overlaps a deny`);
            }
        }), { seed: 4040, numRuns: 80 });
        // The generated plans make the fixes do their work (rules narrowed or removed).
        assert.ok(fixes >= 5, `${fixes} fixes (${removals} removed a rule)`);
    });
});
