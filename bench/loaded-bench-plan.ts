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
}

export async function loadBenchPlan(size: number): Promise<LoadedBenchPlan> {
    const services = createSegplanServices(EmptyFileSystem).Segplan;
    await services.shared.workspace.WorkspaceManager.initializeWorkspace([]);
    const bench = generateBenchPlan(size);
    const document = services.shared.workspace.LangiumDocumentFactory.fromString(bench.text, URI.parse('file:///bench/plan.segplan'));
    services.shared.workspace.LangiumDocuments.addDocument(document);
    await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
    return { bench, services, document, analysis: services.analysis.PlanAnalyzer.analysis(document) };
}
