// Editor latency, in a process of its own (`npm run bench` runs it; prints one JSON line): how long
// the language server needs to re-validate after a one-line edit — in one 10,000-instance file, in
// the same plan split per site, in a workspace of 2,000 small plans — and how fast completion and
// hover answer (p50 and p95) on the 10,000-instance file.
import { pathToFileURL } from 'node:url';
import { DocumentState, EmptyFileSystem, URI, type LangiumDocument } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createSegplanServices, type SegplanServices } from '../language/segplan-module.js';
import { generateBenchPlan, generateBenchWorkspace, generateSmallPlans } from './plan-generator.js';

const INSTANCES = 10_000;
const SAMPLES = 40;
/**
 * One-line edits timed per layout. With 20, the "p95" was the slowest edit, which is the first
 * after opening (code run for the first time); 60 give a p95 of the distribution, and the first
 * edit is reported on its own.
 */
const EDITS = 60;
const SMALL_PLANS = 2_000;
const GOALS = { completionP95Ms: 30, hoverP95Ms: 30 };

export interface Timing { p50: number; p95: number }

function percentiles(samples: number[]): Timing {
    const sorted = [...samples].sort((a, b) => a - b);
    const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    return { p50: at(0.5), p95: at(0.95) };
}

async function timed<T>(action: () => Promise<T> | T): Promise<[number, T]> {
    const start = performance.now();
    const result = await action();
    return [performance.now() - start, result];
}

/** Replaces the open document's text as an editor would (full sync) and rebuilds like the LS does. */
async function edit(services: SegplanServices, document: LangiumDocument, text: string, version: number): Promise<void> {
    const textDocument = TextDocument.create(document.uri.toString(), 'segplan', version, text);
    services.shared.workspace.TextDocuments.set(textDocument);
    await services.shared.workspace.DocumentBuilder.update([document.uri], []);
}

export interface Revalidation { lines: number; diagnostics: number; initialMs: number; timing: Timing; firstEditMs: number; phases: Map<string, number[]> }

/**
 * Loads a workspace (file name → text), validates it, then times the re-validation after a
 * one-line edit in `editFile`: a description added to, then removed from, a component in it.
 */
async function measureRevalidation(services: SegplanServices, files: ReadonlyMap<string, string>, editFile: string): Promise<Revalidation> {
    const workspace = services.shared.workspace;
    const documents: LangiumDocument[] = [];
    for (const [name, text] of files) {
        const uri = URI.parse(`file:///bench/${name}`);
        const document = workspace.LangiumDocumentFactory.fromString(text, uri);
        workspace.LangiumDocuments.addDocument(document);
        workspace.TextDocuments.set(TextDocument.create(uri.toString(), 'segplan', 0, text));
        documents.push(document);
    }
    const [initialMs] = await timed(() => workspace.DocumentBuilder.build(documents, { validation: true }));
    const diagnostics = documents.reduce((n, d) => n + (d.diagnostics?.length ?? 0), 0);
    const document = workspace.LangiumDocuments.getDocument(URI.parse(`file:///bench/${editFile}`))!;
    const lines = files.get(editFile)!.split('\n');
    const target = lines.findIndex((l, i) => i > lines.length / 2 && / : /.test(l));
    const revalidations: number[] = [];
    // Where the time of a re-validation goes, phase by phase (Langium's build phases).
    const phases = new Map<string, number[]>();
    let phaseStart = 0;
    const builder = workspace.DocumentBuilder;
    const listeners = [builder.onUpdate(() => { phaseStart = performance.now(); })];
    for (const [state, name] of [[DocumentState.Parsed, 'parse'], [DocumentState.IndexedContent, 'index'], [DocumentState.ComputedScopes, 'scopes'],
        [DocumentState.Linked, 'link'], [DocumentState.IndexedReferences, 'references'], [DocumentState.Validated, 'validate + analysis']] as const) {
        listeners.push(builder.onBuildPhase(state, () => {
            const now = performance.now();
            phases.set(name, [...phases.get(name) ?? [], now - phaseStart]);
            phaseStart = now;
        }));
    }
    for (let i = 0; i < EDITS; i++) {
        const edited = [...lines];
        if (i % 2 === 0) edited[target] = `${lines[target]} "edited ${i}"`;
        const [ms] = await timed(() => edit(services, document, edited.join('\n'), i + 1));
        revalidations.push(ms);
    }
    listeners.forEach(l => l.dispose());
    const total = [...files.values()].reduce((n, t) => n + t.split('\n').length, 0);
    return { lines: total, diagnostics, initialMs, timing: percentiles(revalidations), firstEditMs: revalidations[0], phases };
}

/** What one layout's process prints: its edits, and for the single file the requests too. */
export interface LayoutFigures {
    edits: Revalidation;
    requests?: Array<{ name: string; timing: Timing; goalP95Ms: number }>;
}

async function freshServices(): Promise<SegplanServices> {
    const services = createSegplanServices(EmptyFileSystem).Segplan;
    await services.shared.workspace.WorkspaceManager.initializeWorkspace([]);
    return services;
}

/**
 * One layout per process, as a language server holding that workspace only: measured one after
 * another in one process, the per-site and small-plan edits ran beside the single file's 10,000
 * components (kept for the requests), and paid for collecting them.
 */
export async function measureLayout(layout: 'single' | 'site' | 'small'): Promise<LayoutFigures> {
    if (layout === 'site') {
        // The same plan as a team keeps it: a plan file importing one file per site; the edit is in one site.
        const workspace = generateBenchWorkspace(INSTANCES);
        const sites = [...workspace.files.keys()].filter(f => f.startsWith('sites/'));
        return { edits: await measureRevalidation(await freshServices(), workspace.files, sites[Math.floor(sites.length / 2)]) };
    }
    if (layout === 'small') {
        // A workspace of many small plans: an edit in one of them.
        const small = generateSmallPlans(SMALL_PLANS);
        return { edits: await measureRevalidation(await freshServices(), small, [...small.keys()][Math.floor(SMALL_PLANS / 2)]) };
    }
    const text = generateBenchPlan(INSTANCES).text;
    const uri = URI.parse('file:///bench/plan.segplan');
    const services = await freshServices();
    const singleFile = await measureRevalidation(services, new Map([['plan.segplan', text]]), 'plan.segplan');
    const lsp = services.lsp;
    const textDocument = { uri: uri.toString() };
    const current = () => services.shared.workspace.LangiumDocuments.getDocument(uri)!;
    // The last match: near the end of the file, where reading from the top costs the most.
    const positionOf = (needle: RegExp, delta: (m: RegExpExecArray) => number) => {
        const doc = current();
        const all = new RegExp(needle.source, 'g');
        let m: RegExpExecArray | null, last: RegExpExecArray | undefined;
        while ((m = all.exec(doc.textDocument.getText()))) last = m;
        if (!last) throw new Error(`bench plan has no ${needle}`);
        return doc.textDocument.positionAt(last.index + delta(last));
    };
    // Where an engineer asks for help: a component type, a zone after `in`, the ports of an allow rule.
    const completions: Record<string, () => Promise<unknown>> = {};
    const typeAt = positionOf(/\n(\w+) : (veeam\.Agent)/, m => m[0].indexOf('veeam.Agent') + 'veeam.Ag'.length);
    completions['component type'] = () => Promise.resolve(lsp.CompletionProvider!.getCompletion(current(), { textDocument, position: typeAt }));
    const zoneAt = positionOf(/ in (\w+prod) at/, m => m[0].indexOf(m[1]) + 2);
    completions['zone after in'] = () => Promise.resolve(lsp.CompletionProvider!.getCompletion(current(), { textDocument, position: zoneAt }));
    // After `tcp `, where the ports still required are offered (right after a finished port nothing is: it would be glued to it).
    const portsAt = positionOf(/allow \w+vbr -> \w+mount tcp /, m => m[0].length);
    completions['allow rule ports'] = () => Promise.resolve(lsp.CompletionProvider!.getCompletion(current(), { textDocument, position: portsAt }));
    const hovers: Record<string, () => Promise<unknown>> = {};
    const portHover = positionOf(/allow \w+prod -> \w+vbr tcp 6162/, m => m[0].length - 2);
    hovers['allow rule port'] = () => Promise.resolve(lsp.HoverProvider!.getHoverContent(current(), { textDocument, position: portHover }));
    const instanceHover = positionOf(/\n\w+vbr : /, () => 2);
    hovers['component instance'] = () => Promise.resolve(lsp.HoverProvider!.getHoverContent(current(), { textDocument, position: instanceHover }));
    const zoneHover = positionOf(/\nzone \w+prod /, () => 7);
    hovers['zone'] = () => Promise.resolve(lsp.HoverProvider!.getHoverContent(current(), { textDocument, position: zoneHover }));
    const measure = async (action: () => Promise<unknown>) => {
        const samples: number[] = [];
        for (let i = 0; i < SAMPLES; i++) {
            const [ms, result] = await timed(action);
            const items = (result as { items?: unknown[] } | undefined)?.items;
            if (!result || (items && items.length === 0)) throw new Error('a bench request answered nothing');
            samples.push(ms);
        }
        return percentiles(samples);
    };
    const requests: NonNullable<LayoutFigures['requests']> = [];
    for (const [name, action] of Object.entries(completions)) requests.push({ name: `completion, ${name}`, timing: await measure(action), goalP95Ms: GOALS.completionP95Ms });
    for (const [name, action] of Object.entries(hovers)) requests.push({ name: `hover, ${name}`, timing: await measure(action), goalP95Ms: GOALS.hoverP95Ms });
    return { edits: singleFile, requests };
}

// Run by `npm run bench` in a process of its own per layout (single, site, small); prints its figures as one JSON line.
if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
    const layout = process.argv[2];
    if (layout !== 'single' && layout !== 'site' && layout !== 'small') throw new Error('usage: measure-editor.js single|site|small');
    const figures = await measureLayout(layout);
    const edits = figures.edits;
    console.log(JSON.stringify({ ...figures, edits: { ...edits, phases: Object.fromEntries([...edits.phases].map(([name, ms]) => [name, percentiles(ms).p50])) } }));
}
