import { EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { createSegplanServices, type SegplanServices } from '../../language/segplan-module.js';

let counter = 0;

/** Fresh services with the built-in catalogs loaded, as the language server has them. */
export async function createTestServices(): Promise<SegplanServices> {
    const services = createSegplanServices(EmptyFileSystem).Segplan;
    await services.shared.workspace.WorkspaceManager.initializeWorkspace([]);
    return services;
}

/**
 * Parses, links and validates in-memory documents as one workspace. Each entry is a file name and
 * its text; the first one is returned. Imports between them resolve by file name.
 */
export async function buildDocuments(services: SegplanServices, files: Record<string, string>): Promise<LangiumDocument[]> {
    const folder = `file:///test-${++counter}`;
    const factory = services.shared.workspace.LangiumDocumentFactory;
    const documents = services.shared.workspace.LangiumDocuments;
    const created = Object.entries(files).map(([name, text]) => {
        const document = factory.fromString(text, URI.parse(`${folder}/${name}`));
        documents.addDocument(document);
        return document;
    });
    await services.shared.workspace.DocumentBuilder.build(created, { validation: true });
    return created;
}

export async function buildPlan(services: SegplanServices, text: string): Promise<LangiumDocument> {
    return (await buildDocuments(services, { 'plan.segplan': text }))[0];
}

/** Diagnostics as `line:severity:code` strings (1-based lines), hints left out. */
export function diagnosticSummary(document: LangiumDocument, withHints = false): string[] {
    const names = ['', 'error', 'warning', 'info', 'hint'];
    return (document.diagnostics ?? [])
        .filter(d => withHints || d.severity !== 4)
        .map(d => `${d.range.start.line + 1}:${names[d.severity ?? 1]}:${d.code}`)
        .sort();
}
