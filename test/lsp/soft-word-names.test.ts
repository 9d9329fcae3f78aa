import * as assert from 'node:assert/strict';
import { expectCompletion, expectFormatting, expectSemanticToken, highlightHelper } from 'langium/test';
import {
    DidChangeTextDocumentNotification, DidOpenTextDocumentNotification, PrepareRenameRequest, RenameRequest, SemanticTokenTypes,
    type CompletionList, type Diagnostic, type Hover, type ProtocolConnection, type Range, type WorkspaceEdit
} from 'vscode-languageserver-protocol/node';
import { createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { firstDifference } from '../../language/lsp/same-reading.js';
import { applyEdits, at, open } from './lsp-test-kit.js';
import { DiagnosticsWatch, startStdioSession, type StdioSession } from './stdio-session.js';

// A zone, site or component may be named with any word the language took on after its first version
// (`deny`, `require`, `quote`, `database` …): rename gives such names, and the editor treats them as
// names — completion, hover, colours and formatting.

const PLAN = `plan "Branch"
zone mgmt   10.10.0.0/24
zone backup 10.30.0.0/24
site hq zones mgmt, backup
vbr     : veeam.BackupServer in mgmt   at 10.10.0.10 os windows
proxy   : veeam.Proxy        in backup at 10.30.0.21 os windows managed by vbr
repo    : veeam.Repository   in backup at 10.30.0.31 os windows managed by vbr
allow vbr -> proxy, repo tcp 6160, 6162, 2500-3300
deny backup -> mgmt tcp 3389 "no remote desktop to the servers"
require vbr -> proxy tcp 22 "administration over SSH"
allow vbr -> proxy tcp 22
`;

/** What a plan's diagnostics say, names aside: line, severity and code. */
const shape = (diagnostics: readonly Diagnostic[]) => diagnostics.map(d => `${d.range.start.line}:${d.severity}:${String((d.data as { code?: string } | undefined)?.code ?? d.code)}`).sort();

describe('names spelt like the words of the language, over LSP', function () {
    this.timeout(300000);
    let session: StdioSession;
    let connection: ProtocolConnection;
    let watch: DiagnosticsWatch;
    const uri = () => session.fileUri('plan.segplan');

    before(async () => {
        session = await startStdioSession({ listen: c => { watch = new DiagnosticsWatch(c); } });
        connection = session.connection;
        await connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: uri(), languageId: 'segplan', version: 1, text: PLAN } });
    });
    after(async () => { await session?.stop(); });

    it('renames a component, a zone and a site to `deny`, `require`, `database` and `quote`, and the plan reads as before', async () => {
        const first = await watch.next(uri(), p => p.version === 1, 'the plan');
        let text = PLAN, version = 1;
        const position = (needle: string, delta = 0) => {
            const offset = text.indexOf(needle) + delta;
            const line = text.slice(0, offset).split('\n').length - 1;
            return { line, character: offset - text.lastIndexOf('\n', offset - 1) - 1 };
        };
        for (const [needle, name] of [['proxy   :', 'deny'], ['vbr     :', 'require'], ['zone backup', 'database'], ['site hq', 'quote']] as const) {
            const at = position(needle, needle.startsWith('zone ') || needle.startsWith('site ') ? 5 : 0);
            const range = await connection.sendRequest(PrepareRenameRequest.type, { textDocument: { uri: uri() }, position: at }) as Range | null;
            assert.ok(range, `no rename at ${needle}`);
            const edit = await connection.sendRequest(RenameRequest.type, { textDocument: { uri: uri() }, position: at, newName: name }) as WorkspaceEdit;
            text = applyEdits(text, edit.changes![uri()]);
            version++;
            await connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: uri(), version }, contentChanges: [{ text }] });
            const published = await watch.next(uri(), p => p.version === version, `the plan after renaming to ${name}`);
            assert.deepEqual(shape(published.diagnostics), shape(first.diagnostics), `after renaming to ${name}:\n${text}`);
        }
        assert.equal(text, PLAN.replace(/\bproxy  /g, 'deny   ').replace(/\bproxy\b/g, 'deny').replace(/\bvbr    /g, 'require').replace(/\bvbr\b/g, 'require')
            .replace(/\bbackup\b/g, 'database').replace('site hq', 'site quote'));
        // A name spelt like a word is renamed like any other.
        const back = await connection.sendRequest(RenameRequest.type, { textDocument: { uri: uri() }, position: position('deny    :'), newName: 'proxy2' }) as WorkspaceEdit;
        assert.match(applyEdits(text, back.changes![uri()]), /^proxy2  : veeam\.Proxy/m);
    });

    it('refuses a reserved word, saying why', async () => {
        await assert.rejects(connection.sendRequest(RenameRequest.type, { textDocument: { uri: uri() }, position: { line: 1, character: 6 }, newName: 'zone' }),
            /'zone' is a reserved word of the language and cannot be a name: the line that declares the zone would not parse/);
    });
});

describe('names spelt like the words of the language, in the editor', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });
    const SOFT = PLAN.replace(/\bproxy\b/g, 'deny').replace(/\bbackup\b/g, 'quote').replace(/\bvbr\b/g, 'require');

    it('refuses a word of the language as the name of a vendor\'s component type, saying why', async () => {
        const document = await open(services, `${PLAN}vendor acme "Acme" {\n    component Box "Box"\n}\nbox : acme.Box in mgmt at 10.10.0.99\n`);
        await assert.rejects(Promise.resolve(services.lsp.RenameProvider!.rename(document, { textDocument: { uri: document.uri.toString() }, position: at(document, 'Box "', 1), newName: 'deny' })),
            /'deny' is a word of the language: it can name a zone, site, component or platform, but not a component type/);
    });

    it('refuses a rename after which a line would read otherwise', () => {
        const parser = services.parser.LangiumParser;
        const before = 'zone a 10.0.0.0/24\nzone b 10.1.0.0/24\nallow a -> b tcp 22\n';
        assert.equal(firstDifference(parser.parse(before), parser.parse(before.replaceAll(' b', ' c')), before), undefined);
        assert.deepEqual(firstDifference(parser.parse(before), parser.parse(before.replaceAll(' b', ' any')), before), { line: 1, reason: 'SegPlan would not understand it' });
        const rule = 'allow a -> b tcp 22\n';
        assert.deepEqual(firstDifference(parser.parse(rule), parser.parse(rule.replace(' b', ' any')), rule), { line: 0, reason: 'it would be read as another statement' });
    });

    it('completes names spelt like words where a name goes: zones after `in`, zones and components after `allow`, servers after `managed by`', async () => {
        const base = SOFT.replace('allow require -> deny tcp 22\n', '');
        const cases: [string, string[]][] = [
            [`${base}px2 : veeam.Proxy in <|>`, ['mgmt', 'quote']],
            [`${base}allow <|>`, ['mgmt', 'quote', 'require', 'deny', 'repo']],
            [`${base}px2 : veeam.Proxy in quote at 10.30.0.22 managed by <|>`, ['require']],
            [`${base}require repo -> <|>`, ['require', 'deny']]
        ];
        for (const [text, names] of cases) {
            await expectCompletion(services)({
                text, index: 0, disposeAfterCheck: true,
                assert: (list: CompletionList) => {
                    const labels = list.items.filter(i => i.kind !== 14 /* Keyword */).map(i => i.label);
                    for (const name of names) assert.ok(labels.includes(name), `${name} not offered in ${JSON.stringify(text.slice(-40))}: ${labels.join(', ')}`);
                }
            });
        }
    });

    it('hovers a zone or component named like a word with what it is, not with the word', async () => {
        const document = await open(services, SOFT);
        const hover = async (needle: string, delta: number) => await services.lsp.HoverProvider!.getHoverContent(document, { textDocument: { uri: document.uri.toString() }, position: at(document, needle, delta) }) as Hover | undefined;
        const zone = JSON.stringify((await hover('deny quote -> mgmt', 6))?.contents);
        assert.match(zone, /quote/);
        assert.match(zone, /10\.30\.0\.0\/24/);
        const component = JSON.stringify((await hover('managed by require', 12))?.contents);
        assert.match(component, /Backup Server|BackupServer/);
        const proxy = JSON.stringify((await hover('require -> deny tcp 22 "', 12))?.contents);
        assert.match(proxy, /Proxy/);
    });

    it('colours a name spelt like a word as a name, and a relation\'s words as words', async () => {
        const tokens = await highlightHelper(services)(`plan "p"\nzone <|deny|> 10.0.0.0/24\n<|require|> : veeam.BackupServer in <|deny|> at 10.0.0.10 os windows\n`
            + `<|quote|> : veeam.Proxy in deny at 10.0.0.11 os windows <|managed|> <|by|> <|require|>\nrequire <|require|> -> <|quote|> tcp 22 "ssh"\nallow <|require|> -> <|deny|> tcp 22\n`);
        const expected = [SemanticTokenTypes.namespace, SemanticTokenTypes.variable, SemanticTokenTypes.namespace, SemanticTokenTypes.variable, SemanticTokenTypes.keyword,
            SemanticTokenTypes.keyword, SemanticTokenTypes.variable, SemanticTokenTypes.variable, SemanticTokenTypes.variable, SemanticTokenTypes.variable, SemanticTokenTypes.namespace];
        expected.forEach((tokenType, rangeIndex) => expectSemanticToken(tokens, { rangeIndex, tokenType }));
    });

    it('formats a plan whose names are words like any other', async () => {
        await expectFormatting(services)({
            before: 'plan "p"\nzone deny 10.0.0.0/24\nzone quote 10.1.0.0/24\nrequire : veeam.BackupServer in deny at 10.0.0.10 os windows\nallow require->quote tcp 22,443\ndeny quote->deny,require tcp 3389\n',
            after: 'plan "p"\nzone deny 10.0.0.0/24\nzone quote 10.1.0.0/24\nrequire : veeam.BackupServer in deny at 10.0.0.10 os windows\nallow require -> quote tcp 22, 443\ndeny quote -> deny, require tcp 3389\n',
            disposeAfterCheck: true
        });
    });
});
