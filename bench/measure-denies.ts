// One measurement in a process of its own (`npm run bench -- emit` runs it): generating a plan
// with many denies — the rule set, then every target — at two sizes, to show how it grows.
import { performance } from 'node:perf_hooks';
import { EMITTERS } from '../language/emit/registry.js';
import { buildRuleSet } from '../language/emit/rule-set.js';
import { generateDenyHeavyPlan } from './deny-heavy-plan.js';
import { loadPlanText } from './loaded-bench-plan.js';

const denies = Number(process.argv[2]);
// Checking (checkMs): the plan read, linked and analysed, its denies met with its rules and flows.
const { services, analysis, checkMs } = await loadPlanText(generateDenyHeavyPlan(denies), 'denies.segplan');
const catalog = services.analysis.PlanAnalyzer.catalog();
let started = performance.now();
const ruleSet = buildRuleSet(analysis, catalog);
// The host rules are made when a host target first asks: counted with the rule set.
void ruleSet.hosts.length;
const ruleSetMs = performance.now() - started;
const targets: Record<string, number> = {};
for (const emitter of EMITTERS) {
    started = performance.now();
    emitter.emit(ruleSet);
    targets[emitter.id] = performance.now() - started;
}
console.log(JSON.stringify({ denies: ruleSet.denies.length, checkMs, ruleSetMs, targets }));
