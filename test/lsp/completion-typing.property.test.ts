import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { CompletionItem, CompletionList } from 'vscode-languageserver';
import { createTestServices } from '../helpers/services.js';
import type { SegplanServices } from '../../language/segplan-module.js';
import { open } from './lsp-test-kit.js';

// For random plans, at the end of every token (where a user typing the plan stops and presses
// Enter or Space), whatever the completion list offers must not change what was typed when
// accepted: nothing glued onto the token, no item that writes the word already there, and an item
// that replaces the word replaces all of it.

const ZONES = ['mgmt', 'prod', 'backup', 'dmz'];
const COMPONENTS = ['vbr', 'proxy', 'repo', 'vcenter', 'zvm'];
const TYPES = ['veeam.BackupServer', 'veeam.Proxy', 'veeam.Repository', 'vmware.VCenter', 'zerto.Zvm', 'veeam.Console'];

const address = fc.tuple(fc.integer({ min: 1, max: 223 }), fc.integer({ min: 0, max: 255 }), fc.constantFrom(8, 16, 24, 32))
    .map(([a, b, bits]) => `${a}.${b}.0.0/${bits}`);
const zone = fc.tuple(fc.constantFrom(...ZONES), address).map(([name, a]) => `zone ${name} ${a}`);
const component = fc.tuple(fc.constantFrom(...COMPONENTS), fc.constantFrom(...TYPES), fc.constantFrom(...ZONES),
    fc.constantFrom('', ' os windows', ' os linux', ' on vsphere', ' at 10.0.0.5'))
    .map(([name, type, z, extra]) => `${name} : ${type} in ${z}${extra}`);
const port = fc.oneof(fc.integer({ min: 1, max: 65535 }).map(String), fc.constantFrom('2500-3300', '6160', '443', '1058+'));
const rule = fc.tuple(fc.constantFrom(...COMPONENTS, ...ZONES), fc.constantFrom(...COMPONENTS, ...ZONES), fc.constantFrom('tcp', 'udp', 'tcp/udp'),
    fc.array(port, { minLength: 1, maxLength: 3 }), fc.constantFrom('', ' "why"', ' until 2030-01-31'))
    .map(([from, to, protocol, ports, tail]) => `allow ${from} -> ${to} ${protocol} ${ports.join(', ')}${tail}`);
const plan = fc.array(fc.oneof(zone, component, rule, fc.constantFrom('use veeam.InstantRecovery', '// a note')), { minLength: 1, maxLength: 7 })
    .map(lines => `plan "p"\n${lines.join('\n')}\n`);

/** Offsets where a token ends: the places a typist pauses. */
function tokenEnds(text: string): number[] {
    const ends: number[] = [];
    for (const m of text.matchAll(/"[^"\n]*"|\/\/[^\n]*|[\w.\-/+]+|->|<->|[^\s\w]/g)) ends.push(m.index + m[0].length);
    return ends;
}

function insertRangeOf(item: CompletionItem) {
    const edit = item.textEdit!;
    return 'range' in edit ? edit.range : edit.insert;
}

function problems(text: string, offset: number, list: CompletionList | undefined, positionAt: (o: number) => { line: number; character: number }): string[] {
    const found: string[] = [];
    const cursor = positionAt(offset);
    for (const item of list?.items ?? []) {
        assert.ok(item.textEdit, `${item.label} has no text edit`);
        const range = insertRangeOf(item);
        const newText = item.textEdit.newText;
        const lineStart = offset - cursor.character;
        const start = lineStart + range.start.character;
        const typed = text.slice(start, offset);
        if (range.start.line !== cursor.line || range.end.line !== cursor.line || range.end.character !== cursor.character) {
            found.push(`${item.label}: range ${JSON.stringify(range)} does not end at the cursor`);
        } else if (start === offset && /\S$/.test(text.slice(lineStart, offset)) && /^\S/.test(newText)) {
            found.push(`${item.label}: '${newText}' would be glued to '${text.slice(lineStart, offset).split(/\s/).pop()}'`);
        } else if (start < offset && newText === typed) {
            found.push(`${item.label}: writes the word already typed`);
        } else if (start < offset && /[\w.]/.test(text[start - 1] ?? ' ')) {
            found.push(`${item.label}: replaces '${typed}', only a part of the word '${text.slice(lineStart, offset).split(/\s/).pop()}'`);
        }
    }
    return found;
}

describe('completion at the end of every token of random plans (property)', function () {
    this.timeout(300000);
    let services: SegplanServices;
    before(async () => { services = await createTestServices(); });

    it('never offers an item that would change what was typed', async () => {
        await fc.assert(fc.asyncProperty(plan, async text => {
            const document = await open(services, text);
            const provider = services.lsp.CompletionProvider!;
            const positionAt = (o: number) => document.textDocument.positionAt(o);
            for (const offset of tokenEnds(text)) {
                for (const triggerKind of [1, 3] as const) {
                    const list = await provider.getCompletion(document, {
                        textDocument: { uri: document.uri.toString() }, position: positionAt(offset), context: { triggerKind }
                    });
                    const found = problems(text, offset, list, positionAt);
                    assert.deepEqual(found, [], `at ${JSON.stringify(text.slice(0, offset).split('\n').pop())} (trigger ${triggerKind}) in\n${text}`);
                }
            }
            services.shared.workspace.LangiumDocuments.deleteDocument(document.uri);
        }), { seed: 35035, numRuns: 25 });
    });
});
