import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
    CodeActionRequest, CompletionRequest, DefinitionRequest, DidChangeTextDocumentNotification, DidCloseTextDocumentNotification,
    DidOpenTextDocumentNotification, DocumentFormattingRequest, DocumentHighlightRequest, DocumentRangeFormattingRequest,
    DocumentSymbolRequest, FoldingRangeRequest, HoverRequest, LSPErrorCodes, PrepareRenameRequest, ResponseError, PublishDiagnosticsNotification, ReferencesRequest,
    RenameRequest, SemanticTokensRequest, type Diagnostic, type Position, type PublishDiagnosticsParams, type Range
} from 'vscode-languageserver-protocol/node';
import { EXAMPLE_PLANS, tokenEdits } from './plan-edits.js';
import { startStdioSession, type StdioSession } from './stdio-session.js';
import { assertTimeCappedAsync } from '../helpers/time-capped.js';

/**
 * The language server as an editor drives it, over stdio, on generated plans and edits
 * (fast-check, fixed seed, bounded in time): whatever is typed and asked, the process never exits,
 * every request is answered, every range it returns lies in the document it was asked about, and
 * every diagnostic it publishes lies in the version of the text it names.
 */

const lineLengths = (text: string) => text.split(/\r\n|\r|\n/).map(l => l.length);

function inside(lengths: number[], p: Position): boolean {
    return p.line >= 0 && p.line < lengths.length && p.character >= 0 && p.character <= lengths[p.line];
}

/** Every `range`-shaped object in a response that belongs to `uri` (or names no document). */
function rangesIn(value: unknown, uri: string, found: Range[] = []): Range[] {
    if (Array.isArray(value)) { for (const v of value) rangesIn(v, uri, found); return found; }
    if (!value || typeof value !== 'object') return found;
    const o = value as Record<string, unknown>;
    const owner = (o.uri ?? o.targetUri) as string | undefined;
    if (owner !== undefined && owner !== uri) return found;
    for (const [key, v] of Object.entries(o)) {
        if (key === 'changes' && v && typeof v === 'object') { rangesIn((v as Record<string, unknown>)[uri], uri, found); continue; }
        if (/range$/i.test(key) && v && typeof v === 'object' && 'start' in v && 'end' in v) found.push(v as Range);
        else rangesIn(v, uri, found);
    }
    return found;
}

const KINDS = ['hover', 'completion', 'definition', 'references', 'highlight', 'symbols', 'folding', 'format', 'formatRange', 'codeAction', 'rename', 'semanticTokens'] as const;

/** One editing session on one document: the first text, then a series of new texts and requests. */
const session = fc.record({
    plan: fc.integer({ min: 0, max: EXAMPLE_PLANS.length - 1 }),
    untitled: fc.boolean(),
    steps: fc.array(fc.oneof(
        fc.record({ edit: fc.constant(true), seed: fc.nat() }),
        fc.record({ kind: fc.integer({ min: 0, max: KINDS.length - 1 }), at: fc.nat(), other: fc.nat() })
    ), { minLength: 3, maxLength: 12 })
}).chain(s => fc.tuple(fc.constant(s), fc.array(tokenEdits(EXAMPLE_PLANS[s.plan]), { minLength: s.steps.length, maxLength: s.steps.length })));

describe('language server over stdio on generated edits and requests (fast-check)', function () {
    this.timeout(300000);
    let server: StdioSession;
    const publications: PublishDiagnosticsParams[] = [];

    before(async () => {
        server = await startStdioSession({
            capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
            listen: c => c.onNotification(PublishDiagnosticsNotification.type, p => { publications.push(p); })
        });
    });
    after(async () => { await server?.stop(); });

    it('never exits, answers every request, and returns ranges inside the document (seed 41)', async () => {
        let run = 0;
        await assertTimeCappedAsync(fc.asyncProperty(session, async ([s, texts]) => {
            const { connection } = server;
            assert.equal(server.exited(), undefined, `the server exited: ${server.stderr()}`);
            const uri = s.untitled ? `untitled:Generated-${++run}` : server.fileUri(`generated-${++run}.segplan`);
            const versions = new Map<number, string>();
            let version = 1;
            let text = EXAMPLE_PLANS[s.plan];
            versions.set(version, text);
            await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'segplan', version, text } });
            const textDocument = { uri };
            for (const [i, step] of s.steps.entries()) {
                if ('edit' in step) {
                    text = texts[i];
                    versions.set(++version, text);
                    await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
                    continue;
                }
                const lengths = lineLengths(text);
                const position = (n: number): Position => { const line = n % lengths.length; return { line, character: Math.floor(n / lengths.length) % (lengths[line] + 1) }; };
                const a = position(step.at), b = position(step.other);
                const range = (a.line < b.line || (a.line === b.line && a.character <= b.character)) ? { start: a, end: b } : { start: b, end: a };
                const diagnostics: Diagnostic[] = publications.filter(p => p.uri === uri && p.version === version).at(-1)?.diagnostics.slice(0, 5) ?? [];
                const options = { tabSize: 4, insertSpaces: true };
                const kind = KINDS[step.kind];
                const answer: unknown = await withTimeout<unknown>(kind, (async (): Promise<unknown> => {
                    switch (kind) {
                        case 'hover': return connection.sendRequest(HoverRequest.type, { textDocument, position: a });
                        case 'completion': return connection.sendRequest(CompletionRequest.type, { textDocument, position: a });
                        case 'definition': return connection.sendRequest(DefinitionRequest.type, { textDocument, position: a });
                        case 'references': return connection.sendRequest(ReferencesRequest.type, { textDocument, position: a, context: { includeDeclaration: true } });
                        case 'highlight': return connection.sendRequest(DocumentHighlightRequest.type, { textDocument, position: a });
                        case 'symbols': return connection.sendRequest(DocumentSymbolRequest.type, { textDocument });
                        case 'folding': return connection.sendRequest(FoldingRangeRequest.type, { textDocument });
                        case 'format': return connection.sendRequest(DocumentFormattingRequest.type, { textDocument, options });
                        case 'formatRange': return connection.sendRequest(DocumentRangeFormattingRequest.type, { textDocument, range, options });
                        case 'codeAction': return connection.sendRequest(CodeActionRequest.type, { textDocument, range, context: { diagnostics } });
                        case 'rename': return connection.sendRequest(PrepareRenameRequest.type, { textDocument, position: a })
                            .then(prepared => prepared ? connection.sendRequest(RenameRequest.type, { textDocument, position: a, newName: `renamed${step.other % 7}` }) : null);
                        case 'semanticTokens': return connection.sendRequest(SemanticTokensRequest.type, { textDocument });
                    }
                })());
                for (const r of rangesIn(answer, uri)) {
                    assert.ok(inside(lengths, r.start) && inside(lengths, r.end), `${kind} at ${JSON.stringify(a)} returned ${JSON.stringify(r)} outside the document (${lengths.length} lines)`);
                }
                if (kind === 'folding') for (const f of answer as { startLine: number; endLine: number }[] ?? []) assert.ok(f.endLine < lengths.length, `folding past the end: ${JSON.stringify(f)}`);
                if (kind === 'semanticTokens') assertTokensInside((answer as { data: number[] } | null)?.data ?? [], lengths);
            }
            await connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument });
            for (const p of publications.filter(p => p.uri === uri && p.version !== undefined)) {
                const lengths = lineLengths(versions.get(p.version!) ?? '');
                for (const d of p.diagnostics) assert.ok(inside(lengths, d.range.start) && inside(lengths, d.range.end), `a diagnostic of version ${p.version} outside its text: ${JSON.stringify(d.range)} ${d.message}`);
            }
            assert.equal(server.exited(), undefined, `the server exited: ${server.stderr()}`);
        }), { seed: 41, numRuns: 400, minRuns: 100, timeLimitMs: 240000 });
        assert.doesNotMatch(server.stderr(), /Error|exception/i, server.stderr());
    });
});

/** Semantic tokens are relative (line delta, start delta, length): each must lie on a line of the document. */
function assertTokensInside(data: number[], lengths: number[]): void {
    let line = 0, character = 0;
    for (let i = 0; i + 4 < data.length + 1 && i < data.length; i += 5) {
        const [deltaLine, deltaStart, length] = data.slice(i, i + 3);
        line += deltaLine;
        character = deltaLine === 0 ? character + deltaStart : deltaStart;
        assert.ok(line < lengths.length && character + length <= lengths[line], `a semantic token past its line: line ${line}, ${character}+${length} (line length ${lengths[line]})`);
    }
}

/**
 * The answer within 20 s. "Cancelled by the server" and "content modified" are answers the
 * protocol allows while a document is being (re)built — the editor asks again — so they count as
 * no result; any other error fails.
 */
function withTimeout<T>(what: string, promise: Promise<T>): Promise<T | null> {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no answer to ${what} within 20 s`)), 20000);
        promise.then(v => { clearTimeout(timer); resolve(v); }, e => {
            clearTimeout(timer);
            if (e instanceof ResponseError && (e.code === LSPErrorCodes.ServerCancelled || e.code === LSPErrorCodes.ContentModified)) resolve(null);
            else reject(e);
        });
    });
}
