import * as assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { applyEdits, at, codeOf, editsFor, open } from './lsp-test-kit.js';

const PLAN = `plan "Columns"
zone mgmt   10.10.0.0/24
zone backup 10.30.0.0/24
vbr      : veeam.BackupServer in mgmt   at 10.10.0.10
proxy    : veeam.Proxy        in backup at 10.30.0.21 os linux on vsphere
repo     : veeam.Repository   in backup at 10.30.0.31 os linux
allow vbr -> repo tcp 2500-3300                                  // backup data
`;

function column(text: string, lineStart: string, needle: string): number {
    const line = text.split('\n').find(l => l.startsWith(lineStart));
    assert.ok(line, `no line starting with ${lineStart}:\n${text}`);
    return line.indexOf(needle);
}

/** Rename and quick fixes keep the columns an engineer lined up, as the formatter does. */
describe('lined-up columns survive rename and quick fixes', () => {
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('renaming a padded name keeps the next column where it was, longer or shorter', async () => {
        for (const newName of ['px', 'proxy-01']) {
            const document = await open(services, PLAN);
            const edit = await services.lsp.RenameProvider!.rename(document, { textDocument: { uri: document.uri.toString() }, position: at(document, 'proxy'), newName });
            const text = applyEdits(PLAN, editsFor(edit, document.uri.toString()));
            assert.ok(text.includes(`${newName} `), text);
            assert.equal(column(text, newName, ':'), column(PLAN, 'proxy', ':'), text);
            assert.equal(column(text, newName, 'in backup'), column(PLAN, 'proxy', 'in backup'));
        }
    });

    it('a name longer than its padding pushes the column by what does not fit, and keeps one space', async () => {
        const document = await open(services, PLAN);
        const edit = await services.lsp.RenameProvider!.rename(document, { textDocument: { uri: document.uri.toString() }, position: at(document, 'repo'), newName: 'repository-primary' });
        const text = applyEdits(PLAN, editsFor(edit, document.uri.toString()));
        assert.match(text, /^repository-primary : veeam\.Repository/m);
    });

    it('a quick fix that adds ports to a rule keeps its trailing comment in its column', async () => {
        const document = await open(services, PLAN);
        const diagnostic = (document.diagnostics ?? []).find((d: Diagnostic) => ['missing-flow', 'partial-flow'].includes(codeOf(d)) && d.range.start.line === 6);
        assert.ok(diagnostic, JSON.stringify(document.diagnostics?.map(d => [d.range.start.line, codeOf(d), d.message])));
        const actions = (await services.lsp.CodeActionProvider!.getCodeActions(document, {
            textDocument: { uri: document.uri.toString() }, range: diagnostic.range, context: { diagnostics: [diagnostic] }
        }) ?? []) as CodeAction[];
        const addPorts = actions.find(a => editsFor(a.edit, document.uri.toString()).some(e => e.range.start.line === 6 && !e.newText.includes('\n')));
        assert.ok(addPorts, actions.map(a => a.title).join('\n'));
        const text = applyEdits(PLAN, editsFor(addPorts.edit, document.uri.toString()));
        const line = text.split('\n')[6];
        assert.notEqual(line, PLAN.split('\n')[6], 'the fix changed nothing on the rule');
        assert.equal(line.indexOf('// backup data'), PLAN.split('\n')[6].indexOf('// backup data'), `${addPorts.title}:\n${line}`);
    });
});
