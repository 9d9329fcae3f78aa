import * as assert from 'node:assert/strict';
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import type { LangiumDocument } from 'langium';
import { createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { BRANCH_PLAN, applyEdits, change, codeOf, editsFor, open } from './lsp-test-kit.js';

// The quick fixes of the guardrail findings never write what a deny forbids: an allow rule is
// narrowed by exactly the denied part, a required flow in a deny offers both ways out, and the
// fix-all leaves out (and says so) the rules a deny forbids.

async function actionsFor(services: SegplanServices, document: LangiumDocument, diagnostic: Diagnostic): Promise<CodeAction[]> {
    return ((await services.lsp.CodeActionProvider!.getCodeActions(document, {
        textDocument: { uri: document.uri.toString() }, range: diagnostic.range, context: { diagnostics: [diagnostic] }
    })) ?? []) as CodeAction[];
}

function only(document: LangiumDocument, code: string): Diagnostic {
    const found = (document.diagnostics ?? []).filter(d => codeOf(d) === code);
    assert.equal(found.length, 1, `${code}: ${(document.diagnostics ?? []).map(d => `${codeOf(d)} ${d.message}`).join('\n')}`);
    return found[0];
}

describe('guardrail quick fixes', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    const ZONES = 'plan "p"\nzone mgmt 10.10.0.0/24\nzone prod 10.20.0.0/24\nzone lab 10.30.0.0/24\n'
        + 'admin : infra.AdminWorkstation in mgmt at 10.10.0.50\nvcenter : vmware.VCenter in prod at 10.20.0.5\n'
        + 'require admin -> vcenter tcp 443 "web"\n';

    it('narrows an allow rule by the denied ports, and the error goes away', async () => {
        const plan = `${ZONES}deny mgmt -> vcenter tcp 22 "no ssh"\nallow admin -> vcenter tcp 1-1024 "wide"\n`;
        const document = await open(services, plan);
        const actions = await actionsFor(services, document, only(document, 'guardrail-violated'));
        const narrow = actions.find(a => a.title.startsWith('Narrow this rule'));
        assert.ok(narrow, actions.map(a => a.title).join('\n'));
        assert.ok(!actions.some(a => /segplan-ignore guardrail-violated/.test(a.title)), 'a guardrail violation is never accepted by a comment');
        const text = applyEdits(plan, editsFor(narrow.edit, document.uri.toString()));
        assert.equal(text, plan.replace('allow admin -> vcenter tcp 1-1024 "wide"', 'allow admin -> vcenter tcp 1-21, 23-1024 "wide"'));
        const after = await change(services, document, text);
        assert.deepEqual((after.diagnostics ?? []).filter(d => codeOf(d) === 'guardrail-violated'), []);
    });

    it('drops the endpoints that lie in the deny, and offers nothing where no exact rule exists', async () => {
        const plan = `${ZONES}deny lab -> prod any "lab never reaches production"\nallow lab, admin -> vcenter tcp 443 "both"\n`;
        const document = await open(services, plan);
        const [narrow] = (await actionsFor(services, document, only(document, 'guardrail-violated'))).filter(a => a.isPreferred);
        assert.equal(applyEdits(plan, editsFor(narrow.edit, document.uri.toString())), plan.replace('allow lab, admin ->', 'allow admin ->'));

        const partial = `${ZONES}deny 10.30.0.0/25 -> vcenter tcp 443 "half the lab"\nallow lab -> vcenter tcp 443, 8443 "lab"\n`;
        const second = await open(services, partial, 'partial.segplan');
        const diagnostic = only(second, 'guardrail-violated');
        assert.match(String(diagnostic.message), /SegPlan cannot narrow this rule exactly/);
        assert.ok(!(await actionsFor(services, second, diagnostic)).some(a => a.title.startsWith('Narrow')));
    });

    it('on a deny over a required flow: accept with a reason, or narrow the deny', async () => {
        const plan = `${ZONES}deny admin -> vcenter tcp 1-1024 "no admin ports"\n`;
        const document = await open(services, plan);
        const diagnostic = only(document, 'required-flow-denied');
        assert.match(String(diagnostic.message), /forbids what this plan requires: admin → vcenter tcp 443/);
        const actions = await actionsFor(services, document, diagnostic);
        const accept = actions.find(a => a.title.startsWith('Accept that this required flow stays blocked'));
        const narrow = actions.find(a => a.title.startsWith('Narrow the deny'));
        assert.ok(accept && narrow, actions.map(a => a.title).join('\n'));
        assert.equal(applyEdits(plan, editsFor(narrow.edit, document.uri.toString())), plan.replace('tcp 1-1024 "no admin ports"', 'tcp 1-442, 444-1024 "no admin ports"'));
        const accepted = applyEdits(plan, editsFor(accept.edit, document.uri.toString()));
        assert.match(accepted, /\/\/ segplan-ignore required-flow-denied: why it stays blocked\ndeny admin/);
    });

    it('fix-all never writes a rule a deny forbids, and says how many it left out', async () => {
        const plan = BRANCH_PLAN + 'deny mgmt -> prod tcp 443 "no management web from the backup server"\n';
        const document = await open(services, plan);
        const [fixAll] = ((await services.lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri: document.uri.toString() }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            context: { diagnostics: [], only: [CodeActionKind.SourceFixAll] }
        })) ?? []) as CodeAction[];
        assert.match(fixAll.title, /1 left out: a deny forbids it/);
        const text = applyEdits(plan, editsFor(fixAll.edit, document.uri.toString()));
        assert.doesNotMatch(text, /allow vbr -> vcenter tcp 443/);
        const after = await change(services, document, text);
        assert.deepEqual((after.diagnostics ?? []).filter(d => codeOf(d) === 'guardrail-violated').map(d => d.message), []);
        // Nor does the missing flow's own fix offer the rule.
        const missing = (after.diagnostics ?? []).find(d => codeOf(d) === 'missing-flow' && /vbr → vcenter/.test(String(d.message)));
        assert.ok(missing);
        assert.ok(!(await actionsFor(services, after, missing)).some(a => /^Allow vbr → vcenter/.test(a.title)));
    });
});
