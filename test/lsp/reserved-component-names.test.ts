import * as assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { applyEdits, change, editsFor, open } from './lsp-test-kit.js';

// A component named with a reserved word (`about : veeam.Proxy in mgmt`) is said at the word, and
// the editor offers to rename it to a name the file does not use.

const PLAN = `plan "p"
zone mgmt 10.10.0.0/24
vbr   : veeam.BackupServer in mgmt at 10.10.0.10 os windows
about2 : veeam.Proxy in mgmt at 10.10.0.12 os windows managed by vbr
about : veeam.Proxy in mgmt at 10.10.0.11 os windows managed by vbr   // the second proxy
`;

describe('a component named with a reserved word, in the editor', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('says so at the word and offers a rename to a free name, after which the line reads', async () => {
        const document = await open(services, PLAN);
        const found = (document.diagnostics ?? []).filter(d => /'about' is a word of the language/.test(String(d.message)));
        assert.equal(found.length, 1, (document.diagnostics ?? []).map(d => d.message).join('\n'));
        const diagnostic: Diagnostic = found[0];
        assert.deepEqual([diagnostic.range.start, diagnostic.range.end], [{ line: 4, character: 0 }, { line: 4, character: 5 }]);
        const actions = (await services.lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri: document.uri.toString() }, range: diagnostic.range, context: { diagnostics: [diagnostic] }
        }) ?? []) as CodeAction[];
        assert.deepEqual(actions.map(a => [a.title, a.isPreferred]), [["Rename the component to 'about3'", true]]);
        const text = applyEdits(PLAN, editsFor(actions[0].edit, document.uri.toString()));
        assert.equal(text, PLAN.replace('about : veeam.Proxy', 'about3 : veeam.Proxy'));
        const after = await change(services, document, text);
        assert.deepEqual((after.diagnostics ?? []).filter(d => d.severity === 1).map(d => d.message), []);
    });

    it('renames the component where the plan names it too, and nothing a description or comment says', async () => {
        const plan = `plan "p"
zone mgmt 10.10.0.0/24
zone backup 10.10.1.0/24
vbr  : veeam.BackupServer in mgmt at 10.10.0.10 os windows
site : veeam.Proxy in backup at 10.10.1.11 os windows managed by vbr   // the site's proxy
allow vbr -> site tcp 6160, 6162 "site proxy"
allow vbr, site -> backup tcp 2500-3300
`;
        const document = await open(services, plan);
        const diagnostic = (document.diagnostics ?? []).find(d => String(d.message).endsWith('Give the component another name.'))!;
        assert.ok(diagnostic, (document.diagnostics ?? []).map(d => d.message).join('\n'));
        const actions = (await services.lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri: document.uri.toString() }, range: diagnostic.range, context: { diagnostics: [diagnostic] }
        }) ?? []) as CodeAction[];
        const rename = actions.find(a => /^Rename/.test(a.title))!;
        assert.equal(rename?.title, "Rename the component to 'site2' and its 2 uses in this file");
        const text = applyEdits(plan, editsFor(rename.edit, document.uri.toString()));
        assert.equal(text, plan.replace('site : veeam', 'site2 : veeam').replace('-> site tcp', '-> site2 tcp').replace('vbr, site ->', 'vbr, site2 ->'));
        const after = await change(services, document, text);
        assert.deepEqual((after.diagnostics ?? []).filter(d => d.severity === 1 && String(d.code) === 'parsing-error').map(d => d.message), []);
    });

    it('offers no rename for another syntax error', async () => {
        const document = await open(services, 'plan "p"\nzone mgmt 10.10.0.0/24\nallow mgmt -> zone tcp 22\n');
        const diagnostics = document.diagnostics ?? [];
        assert.ok(diagnostics.some(d => /'zone' is a word of the language/.test(String(d.message))), diagnostics.map(d => d.message).join('\n'));
        for (const diagnostic of diagnostics) {
            const actions = (await services.lsp.CodeActionProvider!.getCodeActions(document, {
                textDocument: { uri: document.uri.toString() }, range: diagnostic.range, context: { diagnostics: [diagnostic] }
            }) ?? []) as CodeAction[];
            assert.ok(!actions.some(a => /Rename/.test(a.title)), actions.map(a => a.title).join('\n'));
        }
    });
});
