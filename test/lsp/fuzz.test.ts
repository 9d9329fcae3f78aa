import * as assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { LangiumDocument } from 'langium';
import { CodeActionKind, type Position, type Range } from 'vscode-languageserver';
import { createTestServices } from '../helpers/services.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { BRANCH_PLAN, change, open } from './lsp-test-kit.js';
import { mulberry32 } from '../helpers/mulberry32.js';

// Thousands of random edits (tokens deleted, inserted, swapped) to the example plans; every editor
// feature runs on each result. Nothing may throw, no validator may fail, and every range returned
// lies inside the document it points into. The PRNG is seeded: a failure names the seed and step.

const SEED = Number(process.env.SEGPLAN_FUZZ_SEED ?? 20261121);
const EDITS = Number(process.env.SEGPLAN_FUZZ_EDITS ?? 2000);

const TOKEN = /"(?:\\.|[^"\\\n])*"|\/\/[^\n]*|[A-Za-z_][\w.-]*|\d[\d./+-]*|<->|->|\s+|./g;
const EXTRA = ['allow', 'zone', 'site', 'pair', 'use', 'set', 'vendor', 'component', 'flow', 'any', 'internet', 'tcp', 'udp', 'tcp/udp',
    '->', '<->', ',', ':', '=', '{', '}', '"', '"x"', '0', '65536', '1-0', '1058+', '10.0.0.0/8', '::1', '2030-02-30', 'until', 'os', 'on',
    'behind', 'nat', 'in', 'at', 'veeam.', 'veeam.BackupServer', 'infra.AdminWorkstation', '\n', ' ', 'plan', 'import', '"missing.segplan"'];

function examples(): { name: string; text: string }[] {
    const folder = path.join(PROJECT_ROOT, 'examples');
    const files = readdirSync(folder).filter(f => f.endsWith('.segplan')).sort();
    return [{ name: 'branch', text: BRANCH_PLAN }, ...files.map(f => ({ name: f, text: readFileSync(path.join(folder, f), 'utf8') }))];
}

function mutate(text: string, random: () => number): string {
    const tokens = text.match(TOKEN) ?? [];
    const pick = () => Math.floor(random() * tokens.length);
    const edits = 1 + Math.floor(random() * 3);
    for (let e = 0; e < edits && tokens.length > 1; e++) {
        const i = pick();
        const kind = random();
        if (kind < 0.35) tokens.splice(i, 1);
        else if (kind < 0.7) tokens.splice(i, 0, random() < 0.5 ? EXTRA[Math.floor(random() * EXTRA.length)] : tokens[pick()]);
        else { const j = pick(); [tokens[i], tokens[j]] = [tokens[j], tokens[i]]; }
    }
    return tokens.join('');
}

interface Failure { readonly where: string; readonly detail: string }

function checkRange(range: Range, document: LangiumDocument | undefined, where: string, failures: Failure[]): void {
    if (!document) return;
    const text = document.textDocument;
    const inside = (p: Position) => p.line >= 0 && p.character >= 0 && p.line < text.lineCount
        && text.offsetAt(p) === text.offsetAt({ line: p.line, character: 0 }) + p.character;
    const ordered = range.start.line < range.end.line || (range.start.line === range.end.line && range.start.character <= range.end.character);
    if (!inside(range.start) || !inside(range.end) || !ordered) {
        failures.push({ where, detail: `range ${JSON.stringify(range)} outside ${document.uri} (${text.lineCount} lines)` });
    }
}

/** Walks an LSP result and checks every range against the document it belongs to. */
function checkRanges(value: unknown, services: SegplanServices, document: LangiumDocument | undefined, where: string, failures: Failure[]): void {
    if (!value || typeof value !== 'object') return;
    if (Array.isArray(value)) { for (const v of value) checkRanges(v, services, document, where, failures); return; }
    const record = value as Record<string, unknown>;
    const docFor = (uri: unknown) => typeof uri === 'string' ? services.shared.workspace.LangiumDocuments.all.find(d => d.uri.toString() === uri) : undefined;
    if (typeof record.uri === 'string' && record.range) document = docFor(record.uri);
    if (typeof record.targetUri === 'string') {
        const target = docFor(record.targetUri);
        for (const key of ['targetRange', 'targetSelectionRange']) checkRange(record[key] as Range, target, `${where}.${key}`, failures);
        if (record.originSelectionRange) checkRange(record.originSelectionRange as Range, document, `${where}.originSelectionRange`, failures);
        return;
    }
    if (record.changes && typeof record.changes === 'object') {
        for (const [uri, edits] of Object.entries(record.changes as Record<string, unknown>)) checkRanges(edits, services, docFor(uri), `${where}.changes`, failures);
    }
    for (const [key, child] of Object.entries(record)) {
        if (key === 'changes' || key === 'data') continue;
        if (key === 'range' || key === 'selectionRange') {
            const r = child as Range;
            if (r?.start && r?.end) checkRange(r, document, `${where}.${key}`, failures);
        } else if (key === 'textEdit' && child && typeof child === 'object' && 'insert' in child) {
            checkRange((child as { insert: Range }).insert, document, `${where}.textEdit.insert`, failures);
            checkRange((child as unknown as { replace: Range }).replace, document, `${where}.textEdit.replace`, failures);
        } else {
            checkRanges(child, services, document, where, failures);
        }
    }
}

async function runEveryFeature(services: SegplanServices, document: LangiumDocument, random: () => number, failures: Failure[]): Promise<void> {
    const lsp = services.lsp;
    const textDocument = { uri: document.uri.toString() };
    const length = document.textDocument.getText().length;
    const positions = [length, ...Array.from({ length: 2 }, () => Math.floor(random() * (length + 1)))].map(o => document.textDocument.positionAt(o));
    const results: [string, unknown][] = [];
    const diagnostics = document.diagnostics ?? [];
    for (const d of diagnostics) {
        if (/An error occurred/.test(String(d.message))) failures.push({ where: 'validation', detail: String(d.message) });
    }
    results.push(['diagnostics', diagnostics]);
    for (const position of positions) {
        const p = { textDocument, position };
        results.push(['completion', await lsp.CompletionProvider!.getCompletion(document, p)]);
        results.push(['hover', await lsp.HoverProvider!.getHoverContent(document, p)]);
        results.push(['definition', await lsp.DefinitionProvider!.getDefinition(document, p)]);
        results.push(['references', await lsp.ReferencesProvider!.findReferences(document, { ...p, context: { includeDeclaration: true } })]);
        results.push(['highlight', await lsp.DocumentHighlightProvider!.getDocumentHighlight(document, p)]);
        results.push(['prepareRename', await lsp.RenameProvider!.prepareRename(document, p)]);
        try {
            results.push(['rename', await lsp.RenameProvider!.rename(document, { ...p, newName: 'renamed' })]);
        } catch (error) {
            // Refusing a built-in name is an answer, not a crash.
            if (!/read-only/.test(String(error))) throw error;
        }
    }
    const whole = { start: { line: 0, character: 0 }, end: document.textDocument.positionAt(length) };
    results.push(['codeActions', await lsp.CodeActionProvider!.getCodeActions(document, { textDocument, range: whole, context: { diagnostics } })]);
    results.push(['fixAll', await lsp.CodeActionProvider!.getCodeActions(document, { textDocument, range: whole, context: { diagnostics: [], only: [CodeActionKind.SourceFixAll] } })]);
    results.push(['symbols', await lsp.DocumentSymbolProvider!.getSymbols(document, { textDocument })]);
    results.push(['folding', await lsp.FoldingRangeProvider!.getFoldingRanges(document, { textDocument })]);
    results.push(['formatting', await lsp.Formatter!.formatDocument(document, { textDocument, options: { tabSize: 4, insertSpaces: true } })]);
    const tokens = await lsp.SemanticTokenProvider!.semanticHighlight(document, { textDocument });
    if (tokens.data.length % 5 !== 0) failures.push({ where: 'semanticTokens', detail: 'data is not a multiple of 5' });
    for (const [feature, result] of results) checkRanges(result, services, document, feature, failures);
    // Folding ranges carry lines, not ranges.
    for (const f of (results.find(r => r[0] === 'folding')![1] as { startLine: number; endLine: number }[] | undefined) ?? []) {
        if (f.startLine < 0 || f.endLine >= document.textDocument.lineCount || f.startLine > f.endLine) failures.push({ where: 'folding', detail: JSON.stringify(f) });
    }
}

describe(`fuzz: ${EDITS} random edits to the example plans, every feature on each (seed ${SEED})`, function () {
    this.timeout(0);

    it('never throws and never answers with a range outside the document', async () => {
        const services = await createTestServices();
        const random = mulberry32(SEED);
        const plans = examples();
        assert.ok(plans.length > 1);
        const perPlan = Math.ceil(EDITS / plans.length);
        let done = 0;
        for (const plan of plans) {
            const document = await open(services, plan.text, plan.name.endsWith('.segplan') ? plan.name : `${plan.name}.segplan`);
            let text = plan.text;
            for (let step = 0; step < perPlan && done < EDITS; step++, done++) {
                // Edits accumulate, as typing does; now and then the file goes back to its original.
                text = step % 25 === 0 ? mutate(plan.text, random) : mutate(text, random);
                const failures: Failure[] = [];
                try {
                    const current = await change(services, document, text);
                    await runEveryFeature(services, current, random, failures);
                } catch (error) {
                    failures.push({ where: 'exception', detail: error instanceof Error ? error.stack ?? error.message : String(error) });
                }
                assert.deepEqual(failures, [], `seed ${SEED}, ${plan.name}, step ${step}; text:\n${text}`);
            }
            // A long run says how far it is (it takes a minute or more on two cores).
            console.log(`      ${done} of ${EDITS} edits, ${plan.name} done`);
        }
        assert.equal(done, EDITS);
    });
});
