import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { AstUtils, EmptyFileSystem, isReference, URI, type AstNode } from 'langium';
import type { LocationLink } from 'vscode-languageserver';
import { createSegplanServices, type SegplanServices } from '../../language/segplan-module.js';
import { isPrecompiled } from '../../language/workspace/segplan-document-factory.js';
import { BRANCH_PLAN, at, open } from '../lsp/lsp-test-kit.js';
import { builtinCatalogs } from '../../language/workspace/builtin-catalogs.js';
import { catalogDigest, storedTree, type PrecompiledCatalogs } from '../../language/workspace/precompiled-catalogs.js';
import { PRECOMPILED_CATALOGS_FILE } from '../../cli/precompiled-catalog-file.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

const GRAMMAR = 'grammar-of-this-test';

/** How many texts each set of services parsed with Langium's parser. */
const parses = new WeakMap<SegplanServices, string[]>();

async function services(precompiled?: { catalogs: PrecompiledCatalogs; grammarDigest: string }, beforeStart?: (segplan: SegplanServices) => void, builtOnce = false): Promise<SegplanServices> {
    const segplan = createSegplanServices({ ...EmptyFileSystem, precompiledCatalogs: precompiled, builtOnce }).Segplan;
    const parser = segplan.parser.LangiumParser;
    const parse = parser.parse.bind(parser);
    const parsed: string[] = [];
    parses.set(segplan, parsed);
    parser.parse = ((text: string, options?: never) => { parsed.push(text); return parse(text, options); }) as typeof parser.parse;
    beforeStart?.(segplan);
    await segplan.shared.workspace.WorkspaceManager.initializeWorkspace([]);
    return segplan;
}

/** The trees the build would store, made from parsed catalogs, through JSON as the CLI reads them. */
async function storedCatalogs(grammarDigest = GRAMMAR): Promise<PrecompiledCatalogs> {
    const parsed = await services();
    const documents = parsed.shared.workspace.LangiumDocuments;
    await parsed.shared.workspace.DocumentBuilder.build(documents.all.toArray(), {});
    const trees = Object.fromEntries(builtinCatalogs().map(c => [c.name, {
        textDigest: catalogDigest(grammarDigest, c.text),
        tree: storedTree(documents.getDocument(c.uri)!.parseResult.value, parsed)
    }]));
    return JSON.parse(JSON.stringify(trees));
}

/** A value as plain data: syntax tree nodes and cycles left out, maps and sets as arrays. */
function plain(value: unknown): unknown {
    const seen = new WeakSet<object>();
    return JSON.parse(JSON.stringify(value, (key, item: unknown) => {
        if (key === 'node' || key.startsWith('$')) return undefined;
        if (item instanceof Map) return [...item];
        if (item instanceof Set) return [...item];
        if (typeof item === 'object' && item !== null) {
            if (seen.has(item)) return '[seen]';
            seen.add(item);
        }
        return item;
    }));
}

async function diagnosticsOf(segplan: SegplanServices, file: string): Promise<string[]> {
    const factory = segplan.shared.workspace.LangiumDocumentFactory;
    const document = factory.fromString(readFileSync(file, 'utf8'), URI.file(file));
    segplan.shared.workspace.LangiumDocuments.addDocument(document);
    await segplan.shared.workspace.DocumentBuilder.build([document], { validation: true });
    return (document.diagnostics ?? []).map(d => `${d.range.start.line + 1}:${d.range.start.character}:${d.code}:${d.message}`);
}

// The CLI reads the built-in catalogs as trees made by the build instead of parsing them at every
// start: whatever it reports must be what the parsed catalogs give.
describe('precompiled built-in catalogs', () => {
    it('give the same catalog as parsing, and are read without concrete syntax', async () => {
        // Their references lead where the build's linking led, found by path: no scope is asked.
        let lookups = 0;
        const precompiled = await services({ catalogs: await storedCatalogs(), grammarDigest: GRAMMAR }, segplan => {
            const scopes = segplan.references.ScopeProvider;
            const getScope = scopes.getScope.bind(scopes);
            scopes.getScope = (context) => { lookups++; return getScope(context); };
        });
        const parsed = await services();
        for (const s of [precompiled, parsed]) {
            const documents = s.shared.workspace.LangiumDocuments;
            await s.shared.workspace.DocumentBuilder.build(documents.all.toArray(), {});
        }
        assert.deepEqual(parses.get(precompiled), [], 'the catalogs were not parsed');
        // Nor linked all at start: their references resolve when read (as the catalog model reads them).
        const linked = async (s: SegplanServices) => {
            const linker = s.references.Linker as unknown as { doLink: () => void };
            let calls = 0;
            linker.doLink = () => { calls++; };
            await s.references.Linker.link(s.shared.workspace.LangiumDocuments.getDocument(builtinCatalogs()[0].uri)!);
            return calls;
        };
        assert.equal(await linked(precompiled), 0);
        assert.ok(await linked(parsed) > 20, 'a parsed catalog is linked as any document');
        const catalog = precompiled.analysis.PlanAnalyzer.catalog();
        assert.equal(lookups, 0);
        assert.ok(catalog.flows.length > 200);
        assert.deepEqual(plain(catalog), plain(parsed.analysis.PlanAnalyzer.catalog()));
        assert.deepEqual(parses.get(precompiled), [], 'the catalog model reads no concrete syntax');
    });

    // The language server reads the trees too: what points into a catalog (go to definition, a
    // catalog opened in the editor) reads its concrete syntax, which the first read makes by
    // parsing that one catalog.
    it('give each node, when first read, the concrete syntax parsing gives, parsing that catalog once', async () => {
        const precompiled = await services({ catalogs: await storedCatalogs(), grammarDigest: GRAMMAR });
        const parsed = await services();
        for (const s of [precompiled, parsed]) await s.shared.workspace.DocumentBuilder.build(s.shared.workspace.LangiumDocuments.all.toArray(), {});
        const parsedBefore = parses.get(precompiled)!.length;
        for (const [i, catalog] of builtinCatalogs().entries()) {
            const root = precompiled.shared.workspace.LangiumDocuments.getDocument(catalog.uri)!.parseResult.value;
            const twin = parsed.shared.workspace.LangiumDocuments.getDocument(catalog.uri)!.parseResult.value;
            const nodes = AstUtils.streamAst(root).toArray(), twins = AstUtils.streamAst(twin).toArray();
            assert.equal(nodes.length, twins.length, catalog.name);
            nodes.forEach((node, n) => {
                const cst = node.$cstNode, expected = twins[n].$cstNode;
                assert.ok(cst && expected, `${catalog.name}: ${node.$type} has concrete syntax`);
                assert.deepEqual([cst.offset, cst.end, cst.text], [expected.offset, expected.end, expected.text], `${catalog.name}: ${node.$type}`);
                assert.equal(cst.astNode, node, `${catalog.name}: the syntax points back to the node`);
                for (const { reference } of AstUtils.streamReferences(node)) {
                    assert.equal(reference.$refNode?.text, reference.$refText, `${catalog.name}: where ${reference.$refText} is written`);
                }
            });
            assert.equal(parses.get(precompiled)!.length, parsedBefore + i + 1, `${catalog.name} was parsed once`);
            assert.equal(parses.get(precompiled)!.at(-1), catalog.text);
        }
    });

    it('let the language server go to a definition in a catalog and hover on it as with parsed catalogs', async () => {
        const answers = async (s: SegplanServices) => {
            const document = await open(s, BRANCH_PLAN);
            const position = at(document, 'veeam.Proxy', 8);
            const [target] = await s.lsp.DefinitionProvider!.getDefinition(document, { textDocument: { uri: document.uri.toString() }, position }) as LocationLink[];
            const hover = await s.lsp.HoverProvider!.getHoverContent(document, { textDocument: { uri: document.uri.toString() }, position });
            // In the catalog itself, opened read-only: the hover on what the definition led to.
            const catalog = s.shared.workspace.LangiumDocuments.getDocument(URI.parse(target.targetUri))!;
            const inCatalog = await s.lsp.HoverProvider!.getHoverContent(catalog, { textDocument: { uri: target.targetUri }, position: target.targetSelectionRange.start });
            return { target, hover, inCatalog };
        };
        const precompiled = await services({ catalogs: await storedCatalogs(), grammarDigest: GRAMMAR });
        const expected = await answers(await services());
        assert.match(JSON.stringify(expected.hover), /Proxy/);
        assert.deepEqual(await answers(precompiled), expected);
        assert.equal(parses.get(precompiled)!.filter(text => builtinCatalogs().some(c => c.text === text)).length, 1, 'only the catalog pointed into was parsed');
    });

    it('give every example and test plan the same findings, word for word, as parsed catalogs, also built once as the CLI builds', async () => {
        const catalogs = await storedCatalogs();
        const plans = (folder: string) => readdirSync(path.join(PROJECT_ROOT, folder), { recursive: true, encoding: 'utf8' })
            .filter(f => f.endsWith('.segplan')).map(f => path.join(PROJECT_ROOT, folder, f)).sort();
        const examples = [...plans('examples'), ...plans('test/fixtures')];
        assert.ok(examples.length >= 20);
        for (const example of examples) {
            const expected = await diagnosticsOf(await services(), example);
            const precompiled = await diagnosticsOf(await services({ catalogs: structuredClone(catalogs), grammarDigest: GRAMMAR }), example);
            assert.deepEqual(precompiled, expected, example);
            // The CLI's services: no reference index, no reports kept for the next edit.
            const cli = await diagnosticsOf(await services({ catalogs: structuredClone(catalogs), grammarDigest: GRAMMAR }, undefined, true), example);
            assert.deepEqual(cli, expected, example);
        }
    });

    it('a stored target that leads nowhere is a linking error, never another node', async () => {
        const catalogs = await storedCatalogs();
        const [first] = builtinCatalogs();
        // Every stored target of the first catalog now points at a path its tree does not have.
        const json = JSON.stringify(catalogs[first.name].tree).replace(/"\$target":\["([^"]+)","([^"]+)","[^"]*"\]/g, '"$target":["$1","$2","/elements@999"]');
        assert.notEqual(json, JSON.stringify(catalogs[first.name].tree), 'the catalog has stored targets');
        const broken = await services({ catalogs: { ...catalogs, [first.name]: { ...catalogs[first.name], tree: JSON.parse(json) } }, grammarDigest: GRAMMAR });
        const root = broken.shared.workspace.LangiumDocuments.getDocument(first.uri)!.parseResult.value;
        const references = AstUtils.streamAst(root).flatMap(node => AstUtils.streamReferences(node)).map(r => r.reference).filter(isReference).toArray();
        assert.ok(references.length > 0);
        for (const reference of references) {
            assert.equal(reference.ref, undefined, reference.$refText);
            assert.ok(reference.error, reference.$refText);
        }
    });

    it('a reference into a catalog parsed instead (its text changed) is linked by name, not by its stored path', async () => {
        const catalogs = await storedCatalogs();
        // The catalog the others point into most; its tree is stale, and every stored path into it
        // now leads nowhere: following them would leave those references unresolved.
        const into = new Map<string, number>();
        for (const [name, { tree }] of Object.entries(catalogs)) {
            for (const [, target] of JSON.stringify(tree).matchAll(/"\$target":\["([^"]+)"/g)) if (target !== name) into.set(target, (into.get(target) ?? 0) + 1);
        }
        const [stale] = [...into].sort((a, b) => b[1] - a[1])[0];
        const trees: Record<string, PrecompiledCatalogs[string]> = {};
        for (const [name, catalog] of Object.entries(catalogs)) {
            const json = JSON.stringify(catalog.tree).replaceAll(new RegExp(`"\\$target":\\["${stale}","([^"]+)","[^"]*"\\]`, 'g'), `"$target":["${stale}","$1","/elements@999"]`);
            trees[name] = name === stale ? { textDigest: catalogDigest(GRAMMAR, 'an older text'), tree: catalog.tree } : { ...catalog, tree: JSON.parse(json) };
        }
        const precompiled = await services({ catalogs: trees, grammarDigest: GRAMMAR });
        const parsed = await services();
        assert.notEqual(precompiled.shared.workspace.LangiumDocuments.getDocument(builtinCatalogs().find(c => c.name === stale)!.uri)!.parseResult.value.$cstNode, undefined);
        assert.deepEqual(plain(precompiled.analysis.PlanAnalyzer.catalog()), plain(parsed.analysis.PlanAnalyzer.catalog()));
        let intoStale = 0;
        for (const catalog of builtinCatalogs().filter(c => c.name !== stale)) {
            const root = precompiled.shared.workspace.LangiumDocuments.getDocument(catalog.uri)!.parseResult.value;
            for (const { reference } of AstUtils.streamAst(root).flatMap(node => AstUtils.streamReferences(node))) {
                if (!isReference(reference)) continue;
                const target = reference.ref;
                assert.ok(target, `${catalog.name}: ${reference.$refText} is unresolved`);
                if (AstUtils.getDocument(target).uri.toString().includes(`/${stale}.segplan`)) intoStale++;
            }
        }
        assert.ok(intoStale > 0, `no reference leads into ${stale}`);
    });

    it('are not used for a changed catalog text or for another grammar: the catalog is parsed', async () => {
        const name = builtinCatalogs()[0].name;
        const uri = builtinCatalogs()[0].uri;
        const rootOf = (s: SegplanServices): AstNode => s.shared.workspace.LangiumDocuments.getDocument(uri)!.parseResult.value;
        const stale: Record<string, PrecompiledCatalogs[string]> = { ...await storedCatalogs() };
        stale[name] = { ...stale[name], textDigest: catalogDigest(GRAMMAR, 'an older text') };
        assert.notEqual(rootOf(await services({ catalogs: stale, grammarDigest: GRAMMAR })).$cstNode, undefined);
        assert.notEqual(rootOf(await services({ catalogs: await storedCatalogs(), grammarDigest: 'another grammar' })).$cstNode, undefined);
        const used = await services({ catalogs: await storedCatalogs(), grammarDigest: GRAMMAR });
        assert.ok(isPrecompiled(used.shared.workspace.LangiumDocuments.getDocument(uri)!));
        assert.deepEqual(parses.get(used), []);
    });

    // The build fingerprints the built-in texts so that no start hashes them; a text that is not
    // one of them, even by one character, is hashed and never taken for it.
    it('a built-in text is known by the SHA-256 the build gave it, any other text by its own hash', () => {
        for (const catalog of builtinCatalogs()) {
            const sha = createHash('sha256').update(catalog.text).digest('hex');
            assert.equal(catalogDigest(GRAMMAR, catalog.text), `${GRAMMAR}\0sha256:${sha}`, catalog.name);
            const edited = catalog.text.replace(/\d/, d => String((Number(d) + 1) % 10));
            assert.notEqual(edited, catalog.text);
            assert.match(catalogDigest(GRAMMAR, edited), /\0fnv:\d+:[0-9a-f]{8}$/, catalog.name);
            assert.notEqual(catalogDigest(GRAMMAR, edited), catalogDigest(GRAMMAR, catalog.text), catalog.name);
        }
        assert.notEqual(catalogDigest(GRAMMAR, 'a'), catalogDigest(GRAMMAR, 'b'));
        assert.notEqual(catalogDigest('one grammar', 'a'), catalogDigest('another grammar', 'a'));
    });

    it('the CLI and the language server bundles carry trees made from the current catalogs and grammar', async () => {
        const { grammarDigest } = await import(pathToFileURL(path.join(PROJECT_ROOT, 'scripts', 'grammar-digest.mjs')).href) as { grammarDigest: () => string };
        const text = readFileSync(path.join(PROJECT_ROOT, 'out', 'cli', PRECOMPILED_CATALOGS_FILE), 'utf8');
        // ASCII: one character beyond it makes the whole file a two-byte string at every start.
        assert.equal(text.search(/[^\x00-\x7f]/), -1, 'the precompiled catalogs file is not ASCII');
        const bundled = JSON.parse(text) as PrecompiledCatalogs;
        assert.deepEqual(Object.keys(bundled).sort(), builtinCatalogs().map(c => c.name).sort());
        for (const catalog of builtinCatalogs()) {
            assert.equal(bundled[catalog.name].textDigest, catalogDigest(grammarDigest(), catalog.text), catalog.name);
        }
        // The language server's (desktop, VS Code for the Web, the playground) read the same file from beside their bundle.
        for (const beside of ['out/server', 'dist/playground']) {
            assert.equal(readFileSync(path.join(PROJECT_ROOT, beside, PRECOMPILED_CATALOGS_FILE), 'utf8'), text, beside);
        }
    });
});
