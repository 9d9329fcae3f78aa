import * as assert from 'node:assert/strict';
import { expectCompletion, expectFormatting } from 'langium/test';
import type { CompletionList, Hover, LocationLink, TextEdit } from 'vscode-languageserver';
import { createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { headOfficeAndBranchPlan } from '../helpers/relation-plans.js';
import { applyEdits, at, open } from './lsp-test-kit.js';

const PLAN = headOfficeAndBranchPlan('relations',
    'vbr1   : veeam.BackupServer in mgmt at 10.10.0.10 os windows',
    'vbr2   : veeam.BackupServer in mgmt at 10.10.0.11 os windows',
    'pg1    : infra.PostgreSql   in mgmt at 10.10.0.12',
    'repo1  : veeam.Repository   in br   at 10.20.0.12 os windows managed by vbr2',
    'proxy1 : veeam.Proxy        in br   at 10.20.0.11 os windows managed by vbr2');

describe('relations in the editor', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('completes the components a relation can name: backup servers after a proxy\'s `managed by`', async () => {
        await expectCompletion(services)({
            text: `${PLAN}px2 : veeam.Proxy in br at 10.20.0.13 managed by <|>`,
            index: 0, disposeAfterCheck: true,
            assert: (list: CompletionList) => {
                const names = list.items.map(i => i.label);
                assert.ok(names.includes('vbr1') && names.includes('vbr2'), names.join(', '));
                assert.ok(!names.includes('pg1') && !names.includes('repo1') && !names.includes('px2'), names.join(', '));
            }
        });
        await expectCompletion(services)({
            text: `${PLAN}em : veeam.EnterpriseManager in mgmt at 10.10.0.30 database <|>`,
            index: 0, disposeAfterCheck: true,
            assert: (list: CompletionList) => assert.deepEqual(list.items.map(i => i.label).filter(l => !l.includes(' ')), ['pg1'])
        });
        await expectCompletion(services)({
            text: `${PLAN}con : veeam.Console in br at 10.20.0.50 administers <|>`,
            index: 0, disposeAfterCheck: true,
            assert: (list: CompletionList) => assert.deepEqual(list.items.map(i => i.label).filter(l => !l.includes(' ')).sort(), ['vbr1', 'vbr2'])
        });
    });

    it('offers the plan\'s names where a name goes, not the relations\' words that may also be names', async () => {
        for (const text of [`${PLAN}allow <|>`, `${PLAN}px2 : veeam.Proxy in <|>`]) {
            await expectCompletion(services)({
                text, index: 0, disposeAfterCheck: true,
                assert: (list: CompletionList) => {
                    const labels = list.items.map(i => i.label);
                    assert.ok(labels.includes('mgmt'), labels.join(', '));
                    for (const word of ['database', 'monitors', 'managed', 'by', 'administers']) assert.ok(!labels.includes(word), `${word} offered: ${labels.join(', ')}`);
                }
            });
        }
    });

    it('goes to the named component, and renaming it renames the relation', async () => {
        const document = await open(services, PLAN);
        const position = at(document, 'managed by vbr2', 'managed by '.length + 1);
        const definition = await services.lsp.DefinitionProvider!.getDefinition(document, { textDocument: { uri: document.uri.toString() }, position }) as LocationLink[];
        assert.equal(definition.length, 1);
        assert.equal(definition[0].targetSelectionRange.start.line, 6);
        const edit = await services.lsp.RenameProvider!.rename(document, { textDocument: { uri: document.uri.toString() }, position, newName: 'vbr-central' });
        const text = applyEdits(PLAN, edit?.changes?.[document.uri.toString()] as TextEdit[]);
        // The rename keeps the lined-up columns of the declaration.
        assert.equal(text, PLAN.replace('vbr2   :', 'vbr-central :').replaceAll('vbr2', 'vbr-central'));
    });

    it('hover on a component says whom it works with and how the plan says so', async () => {
        const document = await open(services, PLAN);
        const hover = await services.lsp.HoverProvider!.getHoverContent(document, { textDocument: { uri: document.uri.toString() }, position: at(document, 'proxy1 :', 1) }) as Hover;
        const value = typeof hover.contents === 'string' ? hover.contents : 'value' in hover.contents ? hover.contents.value : '';
        assert.match(value, /Works with:\n- ← vbr2: manages \(as the plan says\)/);
    });

    it('formats a relation as any list', async () => {
        await expectFormatting(services)({
            before: 'plan "p"\nzone a 10.1.0.0/24\nv : veeam.BackupServer in a at 10.1.0.5\nx : veeam.Agent in a at 10.1.0.6 managed   by v\ny : veeam.VeeamOneServer in a at 10.1.0.7 monitors v,v\n',
            after: 'plan "p"\nzone a 10.1.0.0/24\nv : veeam.BackupServer in a at 10.1.0.5\nx : veeam.Agent in a at 10.1.0.6 managed   by v\ny : veeam.VeeamOneServer in a at 10.1.0.7 monitors v, v\n'
        });
    });
});
