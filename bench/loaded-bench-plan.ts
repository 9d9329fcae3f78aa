import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import type { PlanAnalysis } from '../language/analysis/analyze-plan.js';
import { createSegplanServices, type SegplanServices } from '../language/segplan-module.js';
import { generateBenchPlan, type BenchPlan } from './plan-generator.js';

/** A generated benchmark plan, built and analysed as the language server would. */
export interface LoadedBenchPlan {
    readonly bench: BenchPlan;
    readonly services: SegplanServices;
    readonly document: LangiumDocument;
    readonly analysis: PlanAnalysis;
    /** Parsing, linking and validating the plan, its analysis included (the services made before). */
    readonly checkMs: number;
}

export async function loadBenchPlan(size: number): Promise<LoadedBenchPlan> {
    const bench = generateBenchPlan(size);
    return { bench, ...await loadPlanText(bench.text, 'plan.segplan') };
}

/** A plan's text, built and analysed as the language server would (as the file `name`). */
export async function loadPlanText(text: string, name: string): Promise<Omit<LoadedBenchPlan, 'bench'>> {
    const services = createSegplanServices(EmptyFileSystem).Segplan;
    await services.shared.workspace.WorkspaceManager.initializeWorkspace([]);
    const document = services.shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(`file:///bench/${name}`));
    services.shared.workspace.LangiumDocuments.addDocument(document);
    const started = performance.now();
    await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
    const analysis = services.analysis.PlanAnalyzer.analysis(document);
    return { services, document, analysis, checkMs: performance.now() - started };
}
