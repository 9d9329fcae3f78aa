import * as assert from 'node:assert/strict';
import type { TextEdit } from 'vscode-languageserver';
import { createTestServices } from '../helpers/services.js';
import { applyEdits, open } from './lsp-test-kit.js';

/** Formatting changes white space and nothing else, whatever the range or the options. */
describe('formatting never changes anything but white space', () => {
    const PLAN = 'plan "p"\nzone a 10.0.0.0/24\nzone b 10.1.0.0/24\nallow a ->%b tcp 22\nallow a->b tcp 443\n';
    const squeeze = (t: string) => t.replace(/\s+/g, '');

    it('range formatting over a line with a character that does not lex keeps the character', async () => {
        const services = await createTestServices();
        const document = await open(services, PLAN);
        const formatter = services.lsp.Formatter!;
        const full = { start: { line: 0, character: 0 }, end: { line: 5, character: 0 } };
        for (const range of [full, { start: full.end, end: full.start }, { start: { line: 3, character: 0 }, end: { line: 3, character: 19 } }]) {
            const edits = await formatter.formatDocumentRange(document, { textDocument: { uri: document.uri.toString() }, range, options: { tabSize: 4, insertSpaces: true } });
            assert.equal(squeeze(applyEdits(PLAN, edits)), squeeze(PLAN), JSON.stringify(range));
        }
    });

    it('whole-document formatting and tabSize 0', async () => {
        const services = await createTestServices();
        const document = await open(services, PLAN);
        const formatter = services.lsp.Formatter!;
        for (const tabSize of [0, -1, Number.NaN, 2]) {
            const edits: TextEdit[] = await formatter.formatDocument(document, { textDocument: { uri: document.uri.toString() }, options: { tabSize, insertSpaces: true } });
            assert.equal(squeeze(applyEdits(PLAN, edits)), squeeze(PLAN), `tabSize ${tabSize}`);
        }
    });
});
