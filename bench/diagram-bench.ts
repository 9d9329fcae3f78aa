// The plan diagram's figures: time from the command to the first complete picture (graph built
// from the analysis, laid out by ELK) for plans of 100, 1,000 and 10,000 components, and the time
// to update after a one-line edit. Plans above the component limit start at zone level, as the
// view does. Runs after the plan is checked (the view opens on a validated plan).
//   node --import ./scripts/node20-polyfills.mjs out/bench/diagram-bench.js [sizes…]
import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { planDiagram } from '../language/diagram/plan-diagram.js';
import { createSegplanServices, type SegplanServices } from '../language/segplan-module.js';
import { generateBenchPlan } from './plan-generator.js';

async function open(services: SegplanServices, text: string, name: string): Promise<LangiumDocument> {
    const document = services.shared.workspace.LangiumDocumentFactory.fromString(text, URI.parse(`file:///bench/${name}.segplan`));
    services.shared.workspace.LangiumDocuments.addDocument(document);
    await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
    return document;
}

async function picture(services: SegplanServices, document: LangiumDocument) {
    const analyzer = services.analysis.PlanAnalyzer;
    const started = performance.now();
    const diagram = await planDiagram(analyzer.analysis(document), analyzer.catalog());
    return { ms: performance.now() - started, diagram };
}

export interface DiagramFigures {
    readonly instances: number;
    readonly level: string;
    readonly nodes: number;
    readonly edges: number;
    readonly firstPictureMs: number;
    readonly updateAfterEditMs: number;
}

export async function measureDiagram(size: number): Promise<DiagramFigures> {
    const services = createSegplanServices(EmptyFileSystem).Segplan;
    await services.shared.workspace.WorkspaceManager.initializeWorkspace([]);
    await picture(services, await open(services, generateBenchPlan(60).text, 'warmup'));
    const plan = generateBenchPlan(size);
    const document = await open(services, plan.text, `plan-${size}`);
    const first = await picture(services, document);
    // A one-line edit (a component's description) as the editor sends it: re-validated, then redrawn.
    const text = document.textDocument.getText();
    const line = text.split('\n').findIndex(l => / : veeam\.Proxy /.test(l));
    const edited = text.split('\n').map((l, i) => (i === line ? `${l} "edited"` : l)).join('\n');
    const builder = services.shared.workspace.DocumentBuilder;
    const started = performance.now();
    const factory = services.shared.workspace.LangiumDocumentFactory;
    const updated = factory.fromString(edited, document.uri);
    services.shared.workspace.LangiumDocuments.deleteDocument(document.uri);
    services.shared.workspace.LangiumDocuments.addDocument(updated);
    await builder.build([updated], { validation: true });
    const again = await picture(services, updated);
    const updateMs = performance.now() - started;
    return {
        instances: plan.instances, level: first.diagram.graph.level,
        nodes: first.diagram.graph.components.length + first.diagram.graph.zones.length, edges: first.diagram.graph.edges.length,
        firstPictureMs: first.ms, updateAfterEditMs: updateMs + 0 * again.ms
    };
}

const sizes = process.argv.slice(2).map(Number).filter(n => n > 0);
if (sizes.length > 0 || process.argv[1]?.endsWith('diagram-bench.js')) {
    for (const size of sizes.length ? sizes : [100, 1000, 10000]) console.log(JSON.stringify(await measureDiagram(size)));
}
