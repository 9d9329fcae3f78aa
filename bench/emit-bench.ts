import { EmptyFileSystem, URI } from 'langium';
import { performance } from 'node:perf_hooks';
import { EMITTERS } from '../language/emit/registry.js';
import { buildRuleSet } from '../language/emit/rule-set.js';
import { createSegplanServices } from '../language/segplan-module.js';
import { generateBenchPlan } from './plan-generator.js';

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

/** Rule-set emission for the 10,000-instance plan: the neutral rule set, then each target. */
export default async function emitBench(): Promise<void> {
    const services = createSegplanServices(EmptyFileSystem).Segplan;
    await services.shared.workspace.WorkspaceManager.initializeWorkspace([]);
    const bench = generateBenchPlan(SIZE);
    const document = services.shared.workspace.LangiumDocumentFactory.fromString(bench.text, URI.parse('file:///bench/plan.segplan'));
    services.shared.workspace.LangiumDocuments.addDocument(document);
    await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
    const analyzer = services.analysis.PlanAnalyzer;
    const analysis = analyzer.analysis(document);
    let ruleSet = buildRuleSet(analysis, analyzer.catalog());
    const ruleSetMs = best(() => { ruleSet = buildRuleSet(analysis, analyzer.catalog()); });
    console.log(`Rule sets: ${bench.instances} instances, ${bench.zones} zones, ${analysis.plan.rules.length} allow rules -> ${ruleSet.rules.length} zone rules, ${ruleSet.hosts.length} hosts with host rules`);
    console.log(`  rule set (from the analysis)  ${ruleSetMs.toFixed(0).padStart(6)} ms`);
    console.log('  target              emit ms      output KB');
    for (const emitter of EMITTERS) {
        let size = 0;
        const ms = best(() => { size = emitter.emit(ruleSet).text.length; });
        console.log(`  ${emitter.id.padEnd(18)} ${ms.toFixed(0).padStart(8)}  ${(size / 1024).toFixed(0).padStart(12)}`);
    }
    console.log('Goal: every target under 1 s for 10,000 instances (best of 3 runs, after the analysis).\n');
}
