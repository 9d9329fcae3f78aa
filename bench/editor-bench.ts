// Editor latency on a big plan: how long the language server needs to re-validate after a one-line
// edit, and how fast completion and hover answer (p50 and p95), on the 10,000-instance plan.
import { pathToFileURL } from 'node:url';
import { DocumentState, URI, type LangiumDocument } from 'langium';
import { EmptyFileSystem } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createSegplanServices, type SegplanServices } from '../language/segplan-module.js';

const INSTANCES = 10_000;
const SAMPLES = 40;
const GOALS = { revalidateMs: 150, completionP95Ms: 30, hoverP95Ms: 30 };

type Generator = (instanceCount: number) => string;
type LeadGenerator = (instanceCount: number) => string | { text: string };

/** The lead's generator when it exists (bench/plan-generator.ts), otherwise the fallback below. */
async function planGenerator(): Promise<{ generate: Generator; source: string }> {
    try {
        const module = await import(new URL('./plan-generator.js', import.meta.url).href) as { generateBenchPlan?: LeadGenerator };
        const lead = module.generateBenchPlan;
        if (lead) {
            const generate = (count: number) => { const plan = lead(count); return typeof plan === 'string' ? plan : plan.text; };
            return { generate, source: 'bench/plan-generator.ts' };
        }
    } catch { /* not there yet */ }
    return { generate: fallbackPlan, source: 'editor-bench fallback generator' };
}

/**
 * A Veeam estate: one backup server, proxies and repositories per site, and agents spread over
 * zones of 100, with allow rules zone to zone as an engineer would write them.
 */
export function fallbackPlan(instanceCount: number): string {
    const lines = ['plan "bench"', '', 'zone mgmt 10.0.0.0/24', 'zone admins 10.0.1.0/24', 'zone infra 10.0.2.0/24'];
    lines.push('vbr : veeam.BackupServer in mgmt at 10.0.0.10', 'console : veeam.Console in admins at 10.0.1.10', 'vcenter : vmware.VCenter in infra at 10.0.2.10');
    let made = 3;
    const proxies = Math.max(1, Math.floor(instanceCount / 500));
    const repos = Math.max(1, Math.floor(instanceCount / 1000));
    lines.push('zone proxies 10.1.0.0/16', 'zone repos 10.2.0.0/16');
    for (let i = 0; i < proxies && made < instanceCount; i++, made++) lines.push(`proxy${i} : veeam.Proxy in proxies at 10.1.${Math.floor(i / 250)}.${(i % 250) + 1} on vsphere`);
    for (let i = 0; i < repos && made < instanceCount; i++, made++) lines.push(`repo${i} : veeam.Repository in repos at 10.2.${Math.floor(i / 250)}.${(i % 250) + 1} os linux`);
    let zone = -1;
    for (let i = 0; made < instanceCount; i++, made++) {
        if (i % 100 === 0) {
            zone++;
            lines.push(`zone agents${zone} 10.${100 + Math.floor(zone / 250)}.${zone % 250}.0/24`);
        }
        lines.push(`agent${i} : veeam.Agent in agents${zone} at 10.${100 + Math.floor(zone / 250)}.${zone % 250}.${(i % 100) + 1} os windows`);
    }
    lines.push('', 'allow admins -> vbr tcp 443, 9419 "Web UI and REST API"');
    lines.push('allow vbr -> proxies tcp 6160, 6162, 2500-3300 "Proxy management and data"');
    lines.push('allow proxies -> repos tcp 2500-3300 "Backup data"');
    lines.push('allow vbr -> repos tcp 6162 "Repository management"');
    lines.push('allow vbr -> repos tcp 22 "SSH for deployment" until 2030-01-01');
    lines.push('allow proxies -> vcenter tcp 443');
    lines.push('allow vbr -> vcenter tcp 443 "vSphere SDK"');
    for (let z = 0; z <= zone; z++) {
        lines.push(`allow vbr -> agents${z} tcp 6160 "Agent push deployment"`);
        lines.push(`allow agents${z} -> vbr tcp 6162 "Agent management"`);
        lines.push(`allow agents${z} -> repos tcp 2500-3300 "Agent backup data"`);
    }
    return lines.join('\n') + '\n';
}

interface Timing { p50: number; p95: number }

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

interface Revalidation { lines: number; diagnostics: number; initialMs: number; timing: Timing; phases: Map<string, number[]> }

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
    for (let i = 0; i < 20; i++) {
        const edited = [...lines];
        if (i % 2 === 0) edited[target] = `${lines[target]} "edited ${i}"`;
        const [ms] = await timed(() => edit(services, document, edited.join('\n'), i + 1));
        revalidations.push(ms);
    }
    listeners.forEach(l => l.dispose());
    const total = [...files.values()].reduce((n, t) => n + t.split('\n').length, 0);
    return { lines: total, diagnostics, initialMs, timing: percentiles(revalidations), phases };
}

function printRevalidation(title: string, r: Revalidation): void {
    console.log(`  ${title}: ${r.lines.toLocaleString('en')} lines, ${r.diagnostics} diagnostics, initial build with validation ${r.initialMs.toFixed(0)} ms`);
    console.log(`    re-validation after a one-line edit: p50 ${r.timing.p50.toFixed(0)} ms, p95 ${r.timing.p95.toFixed(0)} ms`);
    console.log(`    p50 by phase: ${[...r.phases].map(([name, ms]) => `${name} ${percentiles(ms).p50.toFixed(0)}`).join(', ')} (ms)`);
}

export default async function editorBench(): Promise<void> {
    const { generate, source } = await planGenerator();
    const text = generate(INSTANCES);
    const uri = URI.parse('file:///bench/plan.segplan');
    const services = createSegplanServices(EmptyFileSystem).Segplan;
    await services.shared.workspace.WorkspaceManager.initializeWorkspace([]);
    const single = await measureRevalidation(services, new Map([['plan.segplan', text]]), 'plan.segplan');

    // The same plan as a team keeps it: a plan file importing one file per site; the edit is in one site.
    let perSite: Revalidation | undefined;
    try {
        const module = await import(new URL('./plan-generator.js', import.meta.url).href) as { generateBenchWorkspace?: (n: number) => { files: ReadonlyMap<string, string> } };
        if (module.generateBenchWorkspace) {
            const layout = module.generateBenchWorkspace(INSTANCES);
            const siteServices = createSegplanServices(EmptyFileSystem).Segplan;
            await siteServices.shared.workspace.WorkspaceManager.initializeWorkspace([]);
            const sites = [...layout.files.keys()].filter(f => f.startsWith('sites/'));
            perSite = await measureRevalidation(siteServices, layout.files, sites[Math.floor(sites.length / 2)]);
        }
    } catch (error) {
        if (!(error instanceof Error && /Cannot find module/.test(error.message))) throw error;
    }
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
    const portsAt = positionOf(/allow \w+vbr -> \w+mount tcp 6170/, m => m[0].length);
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
    console.log(`Editor: ${INSTANCES.toLocaleString('en')}-instance plan (${source}); goal: re-validation p50 < ${GOALS.revalidateMs} ms in the per-site layout`);
    printRevalidation('one file', single);
    if (perSite) printRevalidation('a plan file importing one file per site, edit in one site', perSite);
    for (const [name, action] of Object.entries(completions)) {
        const t = await measure(action);
        console.log(`  completion, ${name.padEnd(18)} p50 ${t.p50.toFixed(1).padStart(6)} ms, p95 ${t.p95.toFixed(1).padStart(6)} ms   goal p95 < ${GOALS.completionP95Ms} ms`);
    }
    for (const [name, action] of Object.entries(hovers)) {
        const t = await measure(action);
        console.log(`  hover, ${name.padEnd(23)} p50 ${t.p50.toFixed(1).padStart(6)} ms, p95 ${t.p95.toFixed(1).padStart(6)} ms   goal p95 < ${GOALS.hoverP95Ms} ms`);
    }
    console.log('');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
    await editorBench();
}
