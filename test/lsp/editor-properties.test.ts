import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import { createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { applyEdits, open } from './lsp-test-kit.js';
import { TOKEN, editedPlan } from './plan-edits.js';
import { assertTimeCappedAsync } from '../helpers/time-capped.js';

/**
 * Properties of the editor features over generated edits of real plans (fast-check, fixed seeds,
 * bounded in time): formatting changes white space only (the token streams before and after are
 * the same); a quick fix keeps every comment and the file's line endings unless it removes the
 * line it is about; a plan with an error in it is never reported clean.
 */

const tokens = (text: string) => (text.match(TOKEN) ?? []).filter(t => !/^\s+$/.test(t));
const comments = (text: string) => (text.match(/\/\/[^\r\n]*|\/\*[\s\S]*?\*\//g) ?? []).map(c => c.trim()).sort();

describe('editor properties over generated edits (fast-check)', function () {
    this.timeout(300000);
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('formatting, whole or any range, changes white space only (seed 31)', async () => {
        await assertTimeCappedAsync(fc.asyncProperty(editedPlan, fc.nat(), fc.nat(), async (text, a, b) => {
            const document = await open(services, text);
            const formatter = services.lsp.Formatter!;
            const uri = { uri: document.uri.toString() };
            const options = { tabSize: 4, insertSpaces: true };
            const whole = await formatter.formatDocument(document, { textDocument: uri, options });
            assert.deepEqual(tokens(applyEdits(text, whole)), tokens(text));
            const lines = document.textDocument.lineCount;
            const range = { start: { line: a % lines, character: 0 }, end: { line: b % lines, character: 3 } };
            const part = await formatter.formatDocumentRange(document, { textDocument: uri, range, options });
            assert.deepEqual(tokens(applyEdits(text, part)), tokens(text));
        }), { seed: 31, numRuns: 60, timeLimitMs: 45000 });
    });

    it('every quick fix keeps the comments and the line endings, unless it removes its line (seed 32)', async () => {
        await assertTimeCappedAsync(fc.asyncProperty(editedPlan, async text => {
            const document = await open(services, text);
            const diagnostics: Diagnostic[] = (document.diagnostics ?? []).slice(0, 25);
            const provider = services.lsp.CodeActionProvider!;
            for (const diagnostic of diagnostics) {
                const actions = (await provider.getCodeActions(document, {
                    textDocument: { uri: document.uri.toString() }, range: diagnostic.range,
                    context: { diagnostics: [diagnostic], only: [CodeActionKind.QuickFix] }
                }) ?? []) as CodeAction[];
                for (const action of actions) {
                    const edits = action.edit?.changes?.[document.uri.toString()];
                    if (!edits) continue;
                    const fixed = applyEdits(text, edits);
                    if (/^Remove /.test(action.title)) continue;
                    assert.deepEqual(comments(fixed).filter(c => comments(text).includes(c)), comments(text), `"${action.title}" dropped a comment`);
                    if (text.includes('\r\n')) assert.ok(!/[^\r]\n/.test(fixed), `"${action.title}" wrote a bare LF into a CRLF file`);
                }
            }
        }), { seed: 32, numRuns: 40, timeLimitMs: 60000 });
    });

    it('a plan with an unknown type, name or address in it is never reported clean (seed 33)', async () => {
        const mistakes = ['x9 : veeam.NoSuchThing in mgmt', 'allow nowhere -> vbr tcp 443', 'zone bad 10.0.0.300/24', 'allow vbr -> vcenter tcp 70000'];
        await assertTimeCappedAsync(fc.asyncProperty(editedPlan, fc.integer({ min: 0, max: mistakes.length - 1 }), async (text, m) => {
            const document = await open(services, `${text}\n${mistakes[m]}\n`);
            const errors = (document.diagnostics ?? []).filter(d => d.severity === 1);
            assert.ok(errors.length > 0, `no error for "${mistakes[m]}"`);
        }), { seed: 33, numRuns: 40, timeLimitMs: 45000 });
    });
});

describe('quick fixes on port lists with comments', function () {
    this.timeout(300000);
    it('adding or narrowing ports keeps a comment inside the port list', async () => {
        const services = await createTestServices();
        const text = 'plan "p"\nzone a 10.0.0.0/24\nzone b 10.0.1.0/24\nvbr : veeam.BackupServer in a at 10.0.0.10 os windows\nproxy : veeam.Proxy in b at 10.0.1.20 os windows on vsphere\n'
            + 'allow vbr -> proxy tcp 6160, /* installer */ 6162, 9999\n';
        const document = await open(services, text);
        const provider = services.lsp.CodeActionProvider!;
        let checked = 0;
        for (const diagnostic of document.diagnostics ?? []) {
            const actions = (await provider.getCodeActions(document, { textDocument: { uri: document.uri.toString() }, range: diagnostic.range, context: { diagnostics: [diagnostic] } }) ?? []) as CodeAction[];
            for (const action of actions) {
                const edits = action.edit?.changes?.[document.uri.toString()];
                if (!edits || /^Remove /.test(action.title)) continue;
                const fixed = applyEdits(text, edits);
                if (fixed.split('\n')[5] === text.split('\n')[5]) continue;
                checked++;
                assert.match(fixed, /\/\* installer \*\//, `"${action.title}" dropped the comment:\n${fixed}`);
            }
        }
        assert.ok(checked > 0, 'no fix touched the port list');
    });
});
