// One benchmark measurement in a process of its own, so peak memory belongs to one plan size:
//   node --import ./scripts/node20-polyfills.mjs out/bench/measure-core.js <instances>
// Prints one JSON line.
import { EmptyFileSystem, URI } from 'langium';
import { createSegplanServices } from '../language/segplan-module.js';
import { buildPlan } from '../language/plan/plan-model.js';
import { analyzePlan } from '../language/analysis/analyze-plan.js';
import { importClosure } from '../language/workspace/plan-imports.js';
import { generateBenchPlan } from './plan-generator.js';

async function checkOnce(text: string, name: string) {
    const services = createSegplanServices(EmptyFileSystem).Segplan;
    await services.shared.workspace.WorkspaceManager.initializeWorkspace([]);
    const document = services.shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(`file:///bench/${name}.segplan`));
    services.shared.workspace.LangiumDocuments.addDocument(document);
    const started = performance.now();
    await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
    const checkMs = performance.now() - started;
    return { services, document, checkMs };
}

const size = Number(process.argv[2]);
const plan = generateBenchPlan(size);
await checkOnce(generateBenchPlan(100).text, 'warmup');
const { services, document, checkMs } = await checkOnce(plan.text, 'plan');
const catalog = services.analysis.PlanAnalyzer.catalog();
const documents = importClosure(document, services.shared.workspace.LangiumDocuments);
const analysisStarted = performance.now();
const analysis = analyzePlan(buildPlan(documents), catalog);
const analysisMs = performance.now() - analysisStarted;
const errors = (document.diagnostics ?? []).filter(d => d.severity === 1).length;
console.log(JSON.stringify({
    instances: plan.instances, zones: plan.zones, sites: plan.sites, rules: analysis.plan.rules.length,
    flows: analysis.flows.length, findings: analysis.findings.length, errors,
    checkMs, analysisMs, peakRssMb: process.resourceUsage().maxRSS / 1024
}));
