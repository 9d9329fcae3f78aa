import { SymbolKind } from 'vscode-languageserver';
import * as assert from 'node:assert/strict';
import { expectFindReferences, expectFoldings, expectFormatting, expectHighlight, expectSemanticToken, expectSymbols, highlightHelper } from 'langium/test';
import { SemanticTokenTypes, type Location, type LocationLink, type TextEdit } from 'vscode-languageserver';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createTestServices } from '../helpers/services.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { BRANCH_PLAN, applyEdits, at, open } from './lsp-test-kit.js';

describe('navigation and the rest', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('goes to the definition of a component type inside the read-only built-in catalog', async () => {
        const document = await open(services, BRANCH_PLAN);
        const result = await services.lsp.DefinitionProvider!.getDefinition(document, {
            textDocument: { uri: document.uri.toString() }, position: at(document, 'veeam.Proxy', 8)
        }) as LocationLink[];
        assert.equal(result.length, 1);
        assert.equal(result[0].targetUri, 'builtin:/catalog/veeam.segplan');
        const catalog = services.shared.workspace.LangiumDocuments.getDocument(services.shared.workspace.LangiumDocuments.all.find(d => d.uri.toString() === result[0].targetUri)!.uri)!;
        assert.match(catalog.textDocument.getText(result[0].targetSelectionRange), /^Proxy$/);
        // The client can open it read-only: the server serves builtin: documents' text.
        const content = await services.shared.lsp.TextDocumentContentProvider!.provideTextDocumentContent({ uri: result[0].targetUri }, undefined as never);
        assert.match(content?.text ?? '', /component Proxy "Backup proxy"/);
    });

    it('finds every reference to a zone and highlights them', async () => {
        const text = 'plan "p"\nzone <|mgmt|> 10.0.0.0/24\nzone b 10.1.0.0/24\nvbr : veeam.BackupServer in <|mgmt|>\nallow <|m<|>gmt|> -> b tcp 6162\n';
        await expectFindReferences(services)({ text, includeDeclaration: true, disposeAfterCheck: true });
        await expectHighlight(services)({ text, index: 0, rangeIndex: [0, 1, 2], disposeAfterCheck: true });
    });

    it('renames a zone everywhere it is used', async () => {
        const document = await open(services, BRANCH_PLAN);
        const edit = await services.lsp.RenameProvider!.rename(document, {
            textDocument: { uri: document.uri.toString() }, position: at(document, 'backup 10.30', 1), newName: 'vault'
        });
        const text = applyEdits(BRANCH_PLAN, edit?.changes?.[document.uri.toString()] as TextEdit[]);
        assert.equal(text, BRANCH_PLAN.replace('zone backup ', 'zone vault ').replaceAll('in backup at', 'in vault at'));
    });

    it('refuses to rename a built-in catalog name', async () => {
        const document = await open(services, BRANCH_PLAN);
        const params = { textDocument: { uri: document.uri.toString() }, position: at(document, 'veeam.Proxy', 8) };
        assert.equal(await services.lsp.RenameProvider!.prepareRename!(document, params), undefined);
        await assert.rejects(Promise.resolve(services.lsp.RenameProvider!.rename(document, { ...params, newName: 'Proxy2' })), /read-only/);
    });

    it('renames a user-defined component type, keeping the vendor prefix of qualified references', async () => {
        const catalogText = 'vendor acme "Acme" {\n    component Box "Acme box"\n    flow Box -> Box tcp 7000 "sync" source "a.txt" "1"\n}\n';
        const planText = 'plan "p"\nzone a 10.0.0.0/24\nb1 : acme.Box in a\n';
        const catalog = await open(services, catalogText, 'acme.segplan');
        const plan = await open(services, planText);
        await services.shared.workspace.DocumentBuilder.build([catalog, plan], { validation: true });
        const edit = await services.lsp.RenameProvider!.rename(plan, {
            textDocument: { uri: plan.uri.toString() }, position: at(plan, 'acme.Box', 6), newName: 'Crate'
        });
        assert.equal(applyEdits(planText, edit?.changes?.[plan.uri.toString()] as TextEdit[]), planText.replace('acme.Box', 'acme.Crate'));
        assert.equal(applyEdits(catalogText, edit?.changes?.[catalog.uri.toString()] as TextEdit[]), catalogText.replaceAll('Box', 'Crate').replace('"Acme crate"', '"Acme box"'));
    });

    it('outlines a plan: zones holding their components, and allow rules by endpoints and ports', async () => {
        await expectSymbols(services)({
            text: BRANCH_PLAN, disposeAfterCheck: true,
            assert: symbols => {
                const names = symbols.map(s => s.name);
                assert.deepEqual(names, ['plan "Branch"', 'mgmt', 'prod', 'backup',
                    'allow vbr -> proxy tcp 6160, 6162, 2500-3300', 'allow vbr -> repo tcp 6162, 6160', 'allow proxy -> vcenter tcp 8080']);
                assert.deepEqual(symbols[3].children?.map(c => c.name), ['proxy', 'repo']);
                // Zones and components have icons of their own.
                assert.equal(symbols[1].kind, SymbolKind.Namespace);
                assert.equal(symbols[3].children?.[0].kind, SymbolKind.Object);
            }
        });
    });

    it('outlines a plan being typed as `plan`, not `plan "undefined"`', async () => {
        await expectSymbols(services)({
            text: 'plan\nzone a 10.0.0.0/24\n', disposeAfterCheck: true,
            assert: symbols => assert.ok(!symbols.some(s => /undefined/.test(s.name)), symbols.map(s => s.name).join(', '))
        });
    });

    it('folds vendor blocks', async () => {
        await expectFoldings(services)({
            text: 'vendor acme "Acme" <|{\n    component Box "Acme box"\n    component Bin "Acme bin"\n|>}\n',
            disposeAfterCheck: true,
            assert: (foldings) => assert.ok(foldings.some(f => f.startLine === 0 && f.endLine >= 2), JSON.stringify(foldings))
        });
    });

    it('separates touching words, writes lists as a, b and indents vendor blocks, keeping comments and aligned columns', async () => {
        await expectFormatting(services)({
            before: 'plan "p"\nzone a   10.0.0.0/24 // the admins\nzone b 10.1.0.0/24\nallow a->b tcp 443 ,8443,  8444   "web"\nvendor acme "Acme" {\ncomponent Box "Acme box"\n}\n',
            after: 'plan "p"\nzone a   10.0.0.0/24 // the admins\nzone b 10.1.0.0/24\nallow a -> b tcp 443, 8443, 8444   "web"\nvendor acme "Acme" {\n    component Box "Acme box"\n}\n',
            disposeAfterCheck: true
        });
    });

    it('formats a plan\'s own requirements, bare addresses in rules and a catalog\'s source documents the same way', async () => {
        await expectFormatting(services)({
            before: 'plan "p"\nzone a 10.0.0.0/24\nzone b 10.1.0.0/24\nx : infra.AdminWorkstation in a at 10.0.0.5\ny : infra.DnsServer in b at 10.1.0.53\nrequire x->y udp 53,5353 "DNS"\nallow 10.0.0.0/28->10.1.0.53 udp 53\nvendor acme "Acme" {\ndocument Guide "Acme guide"   publisher "Acme"\n}\n',
            after: 'plan "p"\nzone a 10.0.0.0/24\nzone b 10.1.0.0/24\nx : infra.AdminWorkstation in a at 10.0.0.5\ny : infra.DnsServer in b at 10.1.0.53\nrequire x -> y udp 53, 5353 "DNS"\nallow 10.0.0.0/28 -> 10.1.0.53 udp 53\nvendor acme "Acme" {\n    document Guide "Acme guide"   publisher "Acme"\n}\n',
            disposeAfterCheck: true
        });
    });

    it('changes only whitespace in the example plans, and a second pass changes nothing', async () => {
        const folder = path.join(PROJECT_ROOT, 'examples');
        for (const file of readdirSync(folder).filter(f => f.endsWith('.segplan'))) {
            const original = readFileSync(path.join(folder, file), 'utf8');
            const format = async (text: string) => {
                const document = await open(services, text, file);
                const edits = await services.lsp.Formatter!.formatDocument(document, { textDocument: { uri: document.uri.toString() }, options: { tabSize: 4, insertSpaces: true } });
                return applyEdits(text, edits);
            };
            const once = await format(original);
            assert.equal(once.replace(/\s+/g, ''), original.replace(/\s+/g, ''), file);
            assert.equal(await format(once), once, `${file}: formatting is stable`);
        }
    });

    it('colours names by what they are', async () => {
        const tokens = await highlightHelper(services)('plan "p"\nzone <|mgmt|> 10.0.0.0/24\n<|vbr|> : <|veeam.BackupServer|> in mgmt\nallow vbr -> mgmt tcp <|6162|>\n');
        expectSemanticToken(tokens, { rangeIndex: 0, tokenType: SemanticTokenTypes.namespace });
        expectSemanticToken(tokens, { rangeIndex: 1, tokenType: SemanticTokenTypes.variable });
        expectSemanticToken(tokens, { rangeIndex: 2, tokenType: SemanticTokenTypes.type });
        expectSemanticToken(tokens, { rangeIndex: 3, tokenType: SemanticTokenTypes.number });
    });

    it('finds catalog types and plan elements among workspace symbols', async () => {
        await open(services, BRANCH_PLAN);
        const symbols = await services.shared.lsp.WorkspaceSymbolProvider!.getSymbols({ query: 'BackupServer' });
        const found = symbols.find(s => s.name === 'veeam.BackupServer');
        assert.ok(found, symbols.map(s => s.name).join(', '));
        assert.equal((found.location as Location).uri, 'builtin:/catalog/veeam.segplan');
    });
});
