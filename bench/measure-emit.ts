// One measurement in a process of its own (`npm run bench` runs it): emission for the 10,000-instance plan.
import { performance } from 'node:perf_hooks';
import { EMITTERS } from '../language/emit/registry.js';
import { buildRuleSet } from '../language/emit/rule-set.js';
import { loadBenchPlan } from './loaded-bench-plan.js';

const SIZE = 10_000;
const RUNS = 3;

function best(run: () => void): number {
    let fastest = Number.POSITIVE_INFINITY;
    for (let i = 0; i < RUNS; i++) {
        const start = performance.now();
        run();
        fastest = Math.min(fastest, performance.now() - start);
    }
    return fastest;
}

/** Rule-set emission for the 10,000-instance plan: the neutral rule set, then each target. One JSON line. */
const { bench, services, analysis } = await loadBenchPlan(SIZE);
const analyzer = services.analysis.PlanAnalyzer;
let ruleSet = buildRuleSet(analysis, analyzer.catalog());
const ruleSetMs = best(() => { ruleSet = buildRuleSet(analysis, analyzer.catalog()); });
const targets: Record<string, number> = {};
for (const emitter of EMITTERS) targets[emitter.id] = best(() => { emitter.emit(ruleSet); });
console.log(JSON.stringify({ instances: bench.instances, rules: ruleSet.rules.length, hosts: ruleSet.hosts.length, ruleSetMs, targets }));
