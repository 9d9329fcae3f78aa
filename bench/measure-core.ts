// One benchmark measurement in a process of its own, so peak memory belongs to one plan:
//   node --import ./scripts/node20-polyfills.mjs out/bench/measure-core.js <shape> <size>
// shape: sites (the Veeam plan in sites of four zones), nosites (the same without sites), zones
// (that many zones). Prints one JSON line.
import { EmptyFileSystem, URI } from 'langium';
import { createSegplanServices } from '../language/segplan-module.js';
import { generateBenchPlan, generateZonesPlan } from './plan-generator.js';

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

const [shape, sizeText] = process.argv.slice(2);
const size = Number(sizeText);
const plan = shape === 'zones' ? { text: generateZonesPlan(size), instances: Math.ceil(size / 10), zones: size, sites: 0 }
    : generateBenchPlan(size, { sites: shape !== 'nosites', maxSites: size > 10_000 ? 100 : undefined });
await checkOnce(generateBenchPlan(100).text, 'warmup');
const { services, document, checkMs } = await checkOnce(plan.text, 'plan');
const errors = (document.diagnostics ?? []).filter(d => d.severity === 1).length;
// A plan beyond the analysis budget is checked to a plan-too-large error instead of an analysis.
const tooLarge = (document.diagnostics ?? []).some(d => d.code === 'plan-too-large');
const analysis = tooLarge ? undefined : services.analysis.PlanAnalyzer.analysis(document);
console.log(JSON.stringify({
    instances: plan.instances, zones: plan.zones, sites: plan.sites, rules: analysis?.plan.policy.rules.length,
    // Counted from the group requirements: listing every pair is what a plan without sites cannot afford.
    flows: analysis?.groupFlows.reduce((n, g) => n + g.pairs, 0), groupFlows: analysis?.groupFlows.length, findings: analysis?.findings.length, errors, tooLarge,
    checkMs, peakRssMb: process.resourceUsage().maxRSS / 1024
}));
