import * as assert from 'node:assert/strict';
import type { CodeAction, Diagnostic, TextDocumentEdit } from 'vscode-languageserver';
import type { LangiumDocument } from 'langium';
import { createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import type { SegplanLanguageServer } from '../../language/lsp/segplan-language-server.js';
import { BRANCH_PLAN, applyEdits, change, codeOf, editsFor, open } from './lsp-test-kit.js';

// A deliberate rule is accepted with a reason (the segplan-ignore comment) or its need is stated
// as the plan's own requirement; either makes the finding go away, and nothing else changes.

async function actionsFor(services: SegplanServices, document: LangiumDocument, diagnostic: Diagnostic): Promise<CodeAction[]> {
    const result = await services.lsp.CodeActionProvider!.getCodeActions(document, {
        textDocument: { uri: document.uri.toString() }, range: diagnostic.range, context: { diagnostics: [diagnostic] }
    });
    return (result ?? []) as CodeAction[];
}

function finding(document: LangiumDocument, code: string): Diagnostic {
    const found = (document.diagnostics ?? []).filter(d => codeOf(d) === code);
    assert.equal(found.length, 1, `${code}: ${JSON.stringify((document.diagnostics ?? []).map(d => [d.range.start.line, codeOf(d)]))}`);
    return found[0];
}

const titled = (actions: CodeAction[], start: string) => actions.find(a => a.title.startsWith(start));

describe('quick fixes for a deliberate rule', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('accepts an unused rule with a reason: the comment above it, and once a reason is written the finding is gone', async () => {
        const document = await open(services, BRANCH_PLAN);
        const accept = titled(await actionsFor(services, document, finding(document, 'unused-rule')), 'Accept this rule with a reason');
        assert.ok(accept);
        assert.equal(accept.title, 'Accept this rule with a reason (segplan-ignore unused-rule)');
        const text = applyEdits(BRANCH_PLAN, editsFor(accept.edit, document.uri.toString()));
        assert.equal(text, BRANCH_PLAN.replace('allow proxy -> vcenter tcp 8080\n', '// segplan-ignore unused-rule: why this rule is wanted\nallow proxy -> vcenter tcp 8080\n'));
        const after = await change(services, document, text.replace('why this rule is wanted', 'the proxy reports to vCenter'));
        const codes = (after.diagnostics ?? []).map(codeOf);
        assert.ok(!codes.includes('unused-rule') && !codes.includes('unused-suppression') && !codes.includes('suppression-without-reason'), codes.join(', '));
    });

    it('declares an unused rule\'s need as the plan\'s own requirement, which the rule then serves', async () => {
        const document = await open(services, BRANCH_PLAN);
        const declare = titled(await actionsFor(services, document, finding(document, 'unused-rule')), 'Declare');
        assert.ok(declare);
        const text = applyEdits(BRANCH_PLAN, editsFor(declare.edit, document.uri.toString()));
        assert.equal(text, BRANCH_PLAN.replace('allow proxy -> vcenter tcp 8080\n', 'require proxy -> vcenter tcp 8080 "what the plan needs it for"\nallow proxy -> vcenter tcp 8080\n'));
        const after = await change(services, document, text);
        assert.ok(!(after.diagnostics ?? []).some(d => d.range.start.line >= 14 && ['unused-rule', 'missing-flow'].includes(codeOf(d))),
            JSON.stringify((after.diagnostics ?? []).map(d => [d.range.start.line, codeOf(d)])));
    });

    it('declares only the ports no flow needs of an over-broad rule, with the rule\'s description as the purpose', async () => {
        const plan = BRANCH_PLAN.replace('allow vbr -> repo tcp 6162, 6160', 'allow vbr -> repo tcp 6162, 6160, 22 "SSH for the admins"');
        const document = await open(services, plan);
        const declare = titled(await actionsFor(services, document, finding(document, 'overbroad-rule')), 'Declare');
        assert.ok(declare);
        const text = applyEdits(plan, editsFor(declare.edit, document.uri.toString()));
        assert.match(text, /\nrequire vbr -> repo tcp 22 "SSH for the admins"\nallow vbr -> repo tcp 6162, 6160, 22 "SSH for the admins"\n/);
        const after = await change(services, document, text);
        assert.ok(!(after.diagnostics ?? []).some(d => codeOf(d) === 'overbroad-rule'));
    });

    it('offers only the reason for internet exposure (a requirement does not make it safe), and nothing for a missing flow', async () => {
        const plan = `${BRANCH_PLAN}zone cloud internet\nallow cloud -> vbr tcp 9419\n`;
        const document = await open(services, plan);
        const exposure = await actionsFor(services, document, finding(document, 'internet-exposure'));
        assert.ok(titled(exposure, 'Accept this rule with a reason (segplan-ignore internet-exposure)'));
        assert.ok(!titled(exposure, 'Declare'), exposure.map(a => a.title).join('\n'));
        const missing = (document.diagnostics ?? []).filter(d => codeOf(d) === 'missing-flow');
        assert.ok(missing.length > 0);
        for (const d of missing) {
            const titles = (await actionsFor(services, document, d)).map(a => a.title);
            assert.ok(!titles.some(t => t.startsWith('Accept') || t.startsWith('Declare')), titles.join('\n'));
        }
    });

    it('puts the cursor on the reason where the editor takes snippet edits', async () => {
        const server = services.shared.lsp.LanguageServer as SegplanLanguageServer;
        server.snippetEdits = true;
        try {
            const document = await open(services, BRANCH_PLAN);
            const accept = titled(await actionsFor(services, document, finding(document, 'unused-rule')), 'Accept');
            const change = accept?.edit?.documentChanges?.[0] as TextDocumentEdit | undefined;
            const edit = change?.edits[0] as { snippet?: { kind: string; value: string } } | undefined;
            assert.deepEqual(edit?.snippet, { kind: 'snippet', value: '// segplan-ignore unused-rule: ${1:why this rule is wanted}\n' });
        } finally {
            server.snippetEdits = false;
        }
    });
});
