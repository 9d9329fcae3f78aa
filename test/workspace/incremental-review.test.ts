import * as assert from 'node:assert/strict';
import { URI, type CstNode, type LangiumDocument } from 'langium';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createTestServices } from '../helpers/services.js';
import { mulberry32 } from '../helpers/mulberry32.js';
import { ZONES } from '../helpers/review-workspace.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { FromScratch } from '../helpers/from-scratch.js';

/**
 * Review of the incremental editor path (statement re-parse, per-statement validation cache,
 * scope and reference-index shortcuts): after edits made through the language server's update
 * path, everything an editor shows must be what a from-scratch build of the same text shows.
 */

let folder = 0;

interface Session {
    services: SegplanServices;
    uris: Record<string, string>;
    texts: Record<string, string>;
    /** Edits after which some statement node of the file was kept (the statement re-parse ran). */
    reparsed: number;
    /** Where the session's texts are built from scratch to compare with. */
    scratch: FromScratch;
}

async function openFiles(services: SegplanServices, files: Record<string, string>): Promise<Session> {
    const dir = `file:///inc-review-${++folder}`;
    const uris: Record<string, string> = {};
    const documents: LangiumDocument[] = [];
    const shared = services.shared.workspace;
    for (const [name, text] of Object.entries(files)) {
        const uri = `${dir}/${name}`;
        uris[name] = uri;
        shared.TextDocuments.set(TextDocument.create(uri, 'segplan', 1, text));
        const document = shared.LangiumDocumentFactory.fromString(text, URI.parse(uri));
        shared.LangiumDocuments.addDocument(document);
        documents.push(document);
    }
    await shared.DocumentBuilder.build(documents, { validation: true });
    return { services, uris, texts: { ...files }, reparsed: 0, scratch: new FromScratch() };
}

/** An LSP-style edit: replace [from, to) of the current text with `insert`, as the editor sends it (ranged change). */
async function edit(session: Session, name: string, from: number, to: number, insert: string): Promise<void> {
    const shared = session.services.shared.workspace;
    const uri = session.uris[name];
    const current = shared.TextDocuments.get(uri)!;
    const updated = TextDocument.update(TextDocument.create(uri, 'segplan', current.version, current.getText()),
        [{ range: { start: current.positionAt(from), end: current.positionAt(to) }, text: insert }], current.version + 1);
    shared.TextDocuments.set(updated);
    session.texts[name] = updated.getText();
    const before = new Set<unknown>((shared.LangiumDocuments.getDocument(URI.parse(uri))!.parseResult.value as unknown as { elements?: unknown[] }).elements ?? []);
    await shared.DocumentBuilder.update([URI.parse(uri)], []);
    const after = (shared.LangiumDocuments.getDocument(URI.parse(uri))!.parseResult.value as unknown as { elements?: unknown[] }).elements ?? [];
    if (after.some(e => before.has(e))) session.reparsed++;
}

/** Replaces the whole text (as a paste over everything, or an undo to an earlier text). */
async function setText(session: Session, name: string, text: string): Promise<void> {
    const current = session.texts[name];
    // The smallest ranged change, as an editor's undo would send it.
    let prefix = 0;
    while (prefix < Math.min(current.length, text.length) && current[prefix] === text[prefix]) prefix++;
    let suffix = 0;
    while (suffix < Math.min(current.length, text.length) - prefix && current[current.length - 1 - suffix] === text[text.length - 1 - suffix]) suffix++;
    await edit(session, name, prefix, current.length - suffix, text.slice(prefix, text.length - suffix));
}

/** Types `text` at `offset` one character at a time, rebuilding after each (as a user typing). */
async function type(session: Session, name: string, offset: number, text: string, check?: () => Promise<void>): Promise<void> {
    for (let i = 0; i < text.length; i++) {
        await edit(session, name, offset + i, offset + i, text[i]);
        if (check) await check();
    }
}

function leaves(node: CstNode, out: unknown[] = []): unknown[] {
    if ('content' in node) for (const child of (node as { content: CstNode[] }).content) leaves(child, out);
    else out.push([node.offset, node.length, node.range, node.hidden, node.text]);
    return out;
}

function norm(value: unknown, uris: Record<string, string>): unknown {
    let json = JSON.stringify(value ?? null);
    for (const [name, uri] of Object.entries(uris)) json = json.split(uri).join(`<${name}>`);
    return JSON.parse(json);
}

/** What an editor shows for one file. */
async function view(services: SegplanServices, uri: string, uris: Record<string, string>, deep = true): Promise<Record<string, unknown>> {
    const document = services.shared.workspace.LangiumDocuments.getDocument(URI.parse(uri))!;
    const lsp = services.lsp;
    const textDocument = { uri };
    const result: Record<string, unknown> = {
        text: document.textDocument.getText(),
        diagnostics: [...document.diagnostics ?? []].map(d => JSON.stringify(norm(d, uris))).sort(),
        parserErrors: document.parseResult.parserErrors.map(e => [e.message, e.token.startOffset, e.token.startLine, e.token.startColumn]),
        lexerErrors: document.parseResult.lexerErrors.map(e => [e.offset, e.length, e.line, e.column]),
        leaves: leaves(document.parseResult.value.$cstNode!),
        symbols: await lsp.DocumentSymbolProvider?.getSymbols(document, { textDocument }),
        semanticTokens: (await lsp.SemanticTokenProvider?.semanticHighlight(document, { textDocument }))?.data,
        folding: await lsp.FoldingRangeProvider?.getFoldingRanges(document, { textDocument }),
        formatting: await lsp.Formatter?.formatDocument(document, { textDocument, options: { tabSize: 4, insertSpaces: true } }),
        inlayHints: await lsp.InlayHintProvider?.getInlayHints(document, { textDocument, range: { start: { line: 0, character: 0 }, end: document.textDocument.positionAt(document.textDocument.getText().length) } }),
        codeLenses: await lsp.CodeLensProvider?.provideCodeLens(document, { textDocument }),
        codeActions: await Promise.all([...document.diagnostics ?? []].sort((a, b) => JSON.stringify(a) < JSON.stringify(b) ? -1 : 1)
            .map(d => lsp.CodeActionProvider?.getCodeActions(document, { textDocument, range: d.range, context: { diagnostics: [d] } })))
    };
    if (deep) {
        const text = document.textDocument.getText();
        const probes: unknown[] = [];
        // Definition and references at the start of every word.
        for (const match of text.matchAll(/[A-Za-z_][\w.-]*/g)) {
            const position = document.textDocument.positionAt(match.index! + 1);
            probes.push([match.index, await lsp.HoverProvider?.getHoverContent(document, { textDocument, position }),
                await lsp.DefinitionProvider?.getDefinition(document, { textDocument, position }),
                ((await lsp.ReferencesProvider?.findReferences(document, { textDocument, position, context: { includeDeclaration: true } })) ?? [])
                    .map(l => JSON.stringify(norm(l, uris))).sort()]);
        }
        result.probes = probes;
    }
    return norm(result, uris) as Record<string, unknown>;
}

/** Builds the session's current texts from scratch and compares every file's view. */
async function assertLikeScratch(session: Session, deep = true, note = ''): Promise<void> {
    const scratch = await session.scratch.build(services => openFiles(services, session.texts), built => Object.values(built.uris));
    const fresh = scratch.services;
    for (const name of Object.keys(session.texts)) {
        const actual = await view(session.services, session.uris[name], session.uris, deep);
        const expected = await view(fresh, scratch.uris[name], scratch.uris, deep);
        for (const key of Object.keys(expected)) {
            assert.deepEqual(actual[key], expected[key], `${name}: ${key} differs from a from-scratch build ${note}\ntext: ${JSON.stringify(session.texts[name])}`);
        }
    }
}

async function single(text: string): Promise<Session> {
    return openFiles(await createTestServices(), { 'plan.segplan': text });
}

const P = 'plan.segplan';

/** Enough statements that an edit in the middle leaves untouched statements on both sides. */
const LONG = `plan "Review"

zone mgmt   10.10.0.0/24
zone prod   10.20.0.0/16
zone backup 10.30.0.0/24
zone dmz    10.40.0.0/24
zone lab    10.50.0.0/24

vbr     : veeam.BackupServer in mgmt   at 10.10.0.10
vcenter : vmware.VCenter     in prod   at 10.20.0.5
proxy   : veeam.Proxy        in backup at 10.30.0.21 os windows on vsphere
repo    : veeam.Repository   in backup at 10.30.0.31 os windows
web     : infra.VmGuest      in dmz    at 10.40.0.7 os linux
labvm   : infra.VmGuest      in lab    at 10.50.0.9 os linux

allow vbr -> proxy tcp 6160, 6162, 2500-3300   // proxy management
allow vbr -> repo tcp 6162, 6160
allow proxy -> vcenter tcp 8080
allow web -> labvm tcp 22
allow labvm -> web tcp 80
`;

/** Types `text` character by character before `anchor` in LONG, each step like a fresh parse. */
async function typeBefore(anchor: string, text: string): Promise<void> {
    const s = await single(LONG);
    await type(s, P, s.texts[P].indexOf(anchor), text, () => assertLikeScratch(s, false));
    await assertLikeScratch(s);
}

describe('incremental editing review', function () {
    this.timeout(600000);

    it('typing a new allow rule character by character in the middle', () => typeBefore('allow proxy', 'allow web -> vbr tcp 443\n'));

    it('deleting the zone line that later statements reference, and undo', async () => {
        const s = await single(LONG);
        const original = s.texts[P];
        const from = original.indexOf('zone dmz');
        const to = original.indexOf('\n', from) + 1;
        await edit(s, P, from, to, '');
        await assertLikeScratch(s);
        await setText(s, P, original);
        await assertLikeScratch(s);
    });

    it('renaming a zone and its use', async () => {
        const s = await single(LONG);
        let at = s.texts[P].indexOf('zone lab') + 5;
        await edit(s, P, at, at + 3, 'labs');
        await assertLikeScratch(s, false);
        at = s.texts[P].indexOf('in lab ') + 3;
        await edit(s, P, at, at + 3, 'labs');
        await assertLikeScratch(s);
    });

    it('duplicate names created and removed far apart', async () => {
        const s = await single(LONG);
        const at = s.texts[P].indexOf('allow labvm');
        await edit(s, P, at, at, 'zone mgmt 10.60.0.0/24\n');
        await assertLikeScratch(s);
        const from = s.texts[P].indexOf('zone mgmt 10.60');
        await edit(s, P, from, from + 'zone mgmt 10.60.0.0/24\n'.length, '');
        await assertLikeScratch(s);
    });

    it('a /* comment */ opened and closed across statements, typed', async () => {
        const s = await single(LONG);
        const at = s.texts[P].indexOf('repo    :');
        await type(s, P, at, '/* ', () => assertLikeScratch(s, false, 'opening'));
        const close = s.texts[P].indexOf('web     :');
        await type(s, P, close, '*/ ', () => assertLikeScratch(s, false, 'closing'));
        await assertLikeScratch(s);
        // and removed again, character by character
        let open = s.texts[P].indexOf('/* ');
        for (let i = 0; i < 3; i++) { await edit(s, P, open, open + 1, ''); await assertLikeScratch(s, false, 'removing opener'); }
        open = s.texts[P].indexOf('*/ ');
        for (let i = 0; i < 3; i++) { await edit(s, P, open, open + 1, ''); await assertLikeScratch(s, false, 'removing closer'); }
    });

    it('a string typed in a description, unterminated while typing', async () => {
        const s = await single(LONG);
        const at = s.texts[P].indexOf('\n', s.texts[P].indexOf('zone backup'));
        await type(s, P, at, ' "backup\nnetwork"', () => assertLikeScratch(s, false));
        await assertLikeScratch(s);
    });

    it('CRLF: lines inserted, joined and a lone CR left behind', async () => {
        const s = await single(LONG.replace(/\n/g, '\r\n'));
        let at = s.texts[P].indexOf('allow proxy');
        await edit(s, P, at, at, 'allow web -> vbr tcp 443\r\n');
        await assertLikeScratch(s, false, 'insert');
        at = s.texts[P].indexOf('\r\n', s.texts[P].indexOf('zone dmz'));
        await edit(s, P, at, at + 2, ' ');
        await assertLikeScratch(s, false, 'join');
        at = s.texts[P].indexOf('\r\n', s.texts[P].indexOf('repo    :'));
        await edit(s, P, at + 1, at + 2, '');
        await assertLikeScratch(s, false, 'lone CR');
        at = s.texts[P].indexOf('\r\n', s.texts[P].indexOf('vcenter :'));
        await edit(s, P, at, at + 1, '');
        await assertLikeScratch(s, false, 'lone LF');
        await assertLikeScratch(s);
    });

    it('tabs, emoji and combining characters before the edit on the same line', async () => {
        const text = LONG.replace('zone dmz    10.40.0.0/24', 'zone dmz\t10.40.0.0/24 "🔥 e\u0301 dmz" /* 😀 */ zone dmz2 10.41.0.0/24')
            .replace('labvm   : infra.VmGuest', '/*🙂*/ labvm\t: infra.VmGuest');
        const s = await single(text);
        let at = s.texts[P].indexOf('10.41');
        await edit(s, P, at, at + 5, '10.42');
        await assertLikeScratch(s, false, 'same line');
        at = s.texts[P].indexOf('web     :');
        await edit(s, P, at, at, '🙂🙂 ');
        await assertLikeScratch(s, false, 'emoji typed');
        at = s.texts[P].indexOf('repo    :');
        await edit(s, P, at, at, '// ünïcödé 😀\n');
        await assertLikeScratch(s);
    });

    it('edits at the very start and end of the file', async () => {
        const s = await single(LONG.trimEnd());
        const end = () => s.texts[P].length;
        await type(s, P, end(), '\nallow web -> vbr tcp 443', () => assertLikeScratch(s, false, 'end'));
        await edit(s, P, end() - 3, end(), '');
        await assertLikeScratch(s, false, 'deleting at end');
        await edit(s, P, 0, 0, '// header comment\n');
        await assertLikeScratch(s, false, 'start');
        await assertLikeScratch(s);
    });

    it('two statements merged into one and split again', async () => {
        const s = await single(LONG);
        const original = s.texts[P];
        let at = s.texts[P].indexOf('\n', s.texts[P].indexOf('allow vbr -> repo'));
        await edit(s, P, at, at + 1, ' ');
        await assertLikeScratch(s, false, 'merged with space');
        await edit(s, P, at, at + 1, '');
        await assertLikeScratch(s, false, 'merged without space');
        await edit(s, P, at, at, '\n');
        await assertLikeScratch(s, false, 'split');
        at = s.texts[P].indexOf('os windows on vsphere');
        await edit(s, P, at, at, '\n');
        await assertLikeScratch(s, false, 'instance split');
        await setText(s, P, original);
        await assertLikeScratch(s);
    });

    it('suppression comments above untouched lines', () => typeBefore('allow labvm', '// segplan-ignore unused-rule: lab\n'));

    it('a statement broken and mended far from a broken one', async () => {
        const s = await single(LONG.replace('allow web -> labvm tcp 22', 'allow web -> labvm'));
        let at = s.texts[P].indexOf('proxy   :');
        await edit(s, P, at, at + 'proxy   :'.length, 'proxy   ');
        await assertLikeScratch(s, false, 'break');
        await edit(s, P, at, at + 'proxy   '.length, 'proxy   :');
        await assertLikeScratch(s, false, 'mend');
        at = s.texts[P].indexOf('allow web -> labvm') + 'allow web -> labvm'.length;
        await type(s, P, at, ' tcp 22', () => assertLikeScratch(s, false, 'fix'));
        await assertLikeScratch(s);
    });
});

const PIECES = [
    'zone zq 10.77.0.0/24\n', 'allow web -> vbr tcp 443\n', 'allow vbr -> labvm tcp 22 "why" until 2020-01-01\n', 'allow any -> web tcp 80, 443\n',
    'q1 : infra.VmGuest in lab at 10.50.0.77 os linux\n', 'q2 : veeam.Proxy in backup at 10.30.0.99\n', 'site s1 zones mgmt, prod\n', 'site s2 zones backup\n',
    'pair s1 -> s2\n', 'use veeam.GuestProcessing\n', 'set veeam.CloudConnectPort = 6180 for vbr\n', 'require vbr -> repo tcp 22 "ssh"\n',
    '/*', '*/', '"', '//', '// segplan-ignore unused-rule: lab\n', '\n', '\r\n', '\r', '\t', ' ', '😀', 'e\u0301', ':', ',', '->', 'tcp', '443', 'zone', 'allow',
    'mgmt', 'lab', 'prod', '10.50.0.0/24', '}', '{', 'vendor', 'platform p "P"\n', '"a\nb"', '/* x\ny */', 'until', '2099-01-01', '.', 'veeam.'
];

async function fuzz(seed: number, steps: number, base: string, checkEvery = 1): Promise<Session> {
    const next = mulberry32(seed);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
    const s = await single(base);
    const history: string[] = [s.texts[P]];
    for (let step = 0; step < steps; step++) {
        const text = s.texts[P];
        const kind = next();
        let note: string;
        if (kind < 0.45) {
            const at = Math.floor(next() * (text.length + 1));
            const piece = pick(PIECES);
            note = `insert ${JSON.stringify(piece)} at ${at}`;
            await edit(s, P, at, at, piece);
        } else if (kind < 0.75) {
            const at = Math.floor(next() * text.length);
            const length = Math.floor(next() * (next() < 0.8 ? 4 : 60));
            note = `delete ${JSON.stringify(text.slice(at, at + length))} at ${at}`;
            await edit(s, P, at, Math.min(text.length, at + length), '');
        } else if (kind < 0.85) {
            // a line moved (cut and paste)
            const lines = text.split('\n');
            const from = Math.floor(next() * lines.length), to = Math.floor(next() * lines.length);
            const [line] = lines.splice(from, 1);
            lines.splice(to, 0, line);
            note = `line ${from} moved to ${to}`;
            await setText(s, P, lines.join('\n'));
        } else if (kind < 0.93 && history.length > 1) {
            note = 'undo';
            await setText(s, P, history[history.length - 2]);
        } else {
            // typing a piece one character at a time
            const at = Math.floor(next() * (text.length + 1));
            const piece = pick(PIECES.filter(p => p.length > 3));
            note = `typing ${JSON.stringify(piece)} at ${at}`;
            await type(s, P, at, piece);
        }
        history.push(s.texts[P]);
        if (step % checkEvery === 0 || step === steps - 1) await assertLikeScratch(s, false, `seed ${seed} step ${step}: ${note}`);
    }
    return s;
}

const IMPORTING = `plan "Two files"
import "zones.segplan"

vbr     : veeam.BackupServer in mgmt   at 10.10.0.10
vcenter : vmware.VCenter     in prod   at 10.20.0.5
proxy   : veeam.Proxy        in backup at 10.30.0.21 os windows on vsphere
repo    : veeam.Repository   in backup at 10.30.0.31 os windows
web     : infra.VmGuest      in dmz    at 10.40.0.7 os linux
labvm   : infra.VmGuest      in lab    at 10.50.0.9 os linux

allow vbr -> proxy tcp 6160, 6162, 2500-3300
allow vbr -> repo tcp 6162, 6160
allow proxy -> vcenter tcp 8080
allow web -> labvm tcp 22
`;

describe('incremental editing review (analysis findings)', function () {
    this.timeout(600000);
    const REQ = LONG + 'require web -> vbr tcp 8443 "admin console"\nrequire labvm -> vcenter tcp 9443 "lab access"\n';

    it('a require line re-indented and its purpose kept: related information follows the line', async () => {
        const s = await single(REQ);
        const at = s.texts[P].indexOf('require web');
        await edit(s, P, at, at, '    ');
        await assertLikeScratch(s, false, 'indented');
        await edit(s, P, at, at + 4, '');
        await assertLikeScratch(s, false, 'back');
    });

    it('a destination re-parsed without changing what it is (a description added)', async () => {
        const s = await single(REQ);
        const at = s.texts[P].indexOf('\n', s.texts[P].indexOf('vbr     :'));
        await type(s, P, at, ' "the backup server"', () => assertLikeScratch(s, false));
    });

    it('a comment typed inside an allow rule that nearly covers a flow', async () => {
        const s = await single(REQ.replace('allow web -> labvm tcp 22', 'allow web -> vbr tcp 22'));
        const at = s.texts[P].indexOf('allow web -> vbr') + 'allow'.length;
        await type(s, P, at, ' /* c */', () => assertLikeScratch(s, false));
        await edit(s, P, 0, 0, '\n\n');
        await assertLikeScratch(s);
    });
});

describe('incremental editing review (two files)', function () {
    this.timeout(600000);
    const F = 'zones.segplan';
    const files = () => ({ 'zones.segplan': ZONES, 'plan.segplan': IMPORTING });

    it('a zone of the imported file changes its network, renamed, deleted and restored', async () => {
        const s = await openFiles(await createTestServices(), files());
        await assertLikeScratch(s);
        let at = s.texts[F].indexOf('10.50.0.0/24');
        await edit(s, F, at, at + 12, '10.51.0.0/24');
        await assertLikeScratch(s, true, 'network');
        at = s.texts[F].indexOf('zone lab') + 5;
        await edit(s, F, at, at + 3, 'labs');
        await assertLikeScratch(s, true, 'renamed');
        at = s.texts[F].indexOf('zone dmz');
        await edit(s, F, at, s.texts[F].indexOf('\n', at) + 1, '');
        await assertLikeScratch(s, true, 'deleted');
        await setText(s, F, ZONES);
        await assertLikeScratch(s, true, 'restored');
        assert.ok(s.reparsed > 0);
    });

    it('lines inserted above the zones the plan names (positions of definitions move)', async () => {
        const s = await openFiles(await createTestServices(), files());
        const at = s.texts[F].indexOf('zone dmz');
        await edit(s, F, at, at, 'zone extra 10.90.0.0/24\n// moved\n');
        await assertLikeScratch(s, true);
        await edit(s, 'plan.segplan', s.texts['plan.segplan'].indexOf('allow web'), s.texts['plan.segplan'].indexOf('allow web'), 'allow web -> vbr tcp 443\n');
        await assertLikeScratch(s, true);
    });

    it('a duplicate zone in the plan created far from the rest, and the plan edited elsewhere', async () => {
        const s = await openFiles(await createTestServices(), files());
        let at = s.texts['plan.segplan'].indexOf('allow web');
        await edit(s, 'plan.segplan', at, at, 'zone lab 10.60.0.0/24\n');
        await assertLikeScratch(s, true);
        at = s.texts['plan.segplan'].indexOf('repo    :');
        await edit(s, 'plan.segplan', at, at, '// note\n');
        await assertLikeScratch(s, true);
        at = s.texts[F].indexOf('site edge');
        await edit(s, F, at, at, 'zone lab2 10.61.0.0/24\n');
        await assertLikeScratch(s, true);
    });
});

describe('incremental editing review (random edits)', function () {
    this.timeout(1200000);
    const seeds = Number(process.env.REVIEW_SEEDS ?? 6);
    const base = Number(process.env.REVIEW_SEED_BASE ?? 1);
    for (let seed = base; seed < base + seeds; seed++) {
        it(`seed ${seed}`, async () => {
            const s = await fuzz(seed, Number(process.env.REVIEW_STEPS ?? 25), seed % 2 ? LONG : LONG.replace(/\n/g, '\r\n'));
            assert.ok(s.reparsed > 0, 'no edit took the statement re-parse');
        });
    }
});
