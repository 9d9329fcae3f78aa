import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import type { LangiumDocument } from 'langium';
import type { SegplanDocument } from '../../language/generated/ast.js';
import { importClosure } from '../../language/workspace/plan-imports.js';
import { buildDocuments, createTestServices } from '../helpers/services.js';
import { assertTimeCappedAsync } from '../helpers/time-capped.js';

/**
 * Duplicate names across imports (fast-check, seed 23): the check reads each imported file's
 * names from a map kept with its tree, so that an edit in one of 50 site files does not walk the
 * 10,000 components of all of them. On random workspaces of three files — zones, sites and
 * components sharing a few names, imports in any direction, cycles included — it must report
 * exactly what a walk over every file in import order reports: each element whose name an
 * imported file, or an earlier element of its own file, already defines, with where.
 */

const NAMES = ['a', 'b', 'c', 'd'];
const FILES = ['plan.segplan', 'one.segplan', 'two.segplan'];

const element = fc.record({ kind: fc.constantFrom('zone', 'site', 'component'), name: fc.constantFrom(...NAMES) });
const file = fc.record({ imports: fc.subarray([0, 1, 2]), elements: fc.array(element, { maxLength: 6 }) });
const workspace = fc.array(file, { minLength: 3, maxLength: 3 });

type Workspace = typeof workspace extends fc.Arbitrary<infer T> ? T : never;

function texts(ws: Workspace): Record<string, string> {
    const files: Record<string, string> = {};
    ws.forEach((f, i) => {
        const lines = i === 0 ? ['plan "names"'] : [];
        for (const target of f.imports) if (target !== i) lines.push(`import "${FILES[target]}"`);
        // Every file has zones of its own to place components in and to list in sites.
        lines.push(`zone home${i} 10.${i}.0.0/24`);
        f.elements.forEach((e, k) => {
            if (e.kind === 'zone') lines.push(`zone ${e.name} 10.${i}.${k + 1}.0/24`);
            else if (e.kind === 'site') lines.push(`site ${e.name} zones home${i}`);
            else lines.push(`${e.name} : infra.DnsServer in home${i} at 10.${i}.0.${k + 10}`);
        });
        files[FILES[i]] = lines.join('\n') + '\n';
    });
    return files;
}

/** The walk the check replaced: every file's names in import order, the file's own last; a clash is reported at the file's own element. */
function expected(document: LangiumDocument, all: LangiumDocument[]): string[] {
    const sites = new Map<string, { kind: string; file: string }>(), endpoints = new Map<string, { kind: string; file: string }>();
    const docs = importClosure(document, { getDocument: (uri: { toString(): string }) => all.find(d => d.uri.toString() === uri.toString()) } as never);
    const reported: string[] = [];
    for (const doc of [...docs.slice(1), docs[0]]) {
        const file = doc.uri.toString();
        for (const e of (doc.parseResult.value as SegplanDocument).elements ?? []) {
            if (e.$type !== 'Zone' && e.$type !== 'Site' && e.$type !== 'Instance') continue;
            const name = (e as { name: string }).name;
            const seen = e.$type === 'Site' ? sites : endpoints;
            const previous = seen.get(name);
            if (previous && doc === document) {
                const where = previous.file === file ? 'earlier in this file' : `in ${previous.file.split('/').pop()}`;
                reported.push(`${e.$cstNode!.range.start.line + 1}: The name '${name}' is already used by a ${previous.kind} ${where}.`);
            } else if (!previous) {
                seen.set(name, { kind: e.$type === 'Zone' ? 'zone' : e.$type === 'Site' ? 'site' : 'component', file });
            }
        }
    }
    return reported.sort();
}

function reported(document: LangiumDocument): string[] {
    return (document.diagnostics ?? []).filter(d => d.code === 'duplicate-name')
        .map(d => `${d.range.start.line + 1}: ${String(d.message).replace(/, so this [^]*$/, '.')}`).sort();
}

describe('duplicate names across imports (property)', function () {
    this.timeout(300000);

    it('reports what a walk over every imported file reports, in every file', async function () {
        const services = await createTestServices();
        let clashes = 0, acrossFiles = 0;
        await assertTimeCappedAsync(fc.asyncProperty(workspace, async ws => {
            const documents = await buildDocuments(services, texts(ws));
            for (const document of documents) {
                const want = expected(document, documents);
                assert.deepEqual(reported(document), want, `${document.uri.path}\n${document.textDocument.getText()}`);
                clashes += want.length;
                acrossFiles += want.filter(w => / in \w+\.segplan\.$/.test(w)).length;
            }
        }), { seed: 23, numRuns: 150, timeLimitMs: 60_000 });
        // Not vacuous: clashes inside a file and with an imported file both came up.
        assert.ok(clashes > 50 && acrossFiles > 20, `${clashes} clashes, ${acrossFiles} with an imported file`);
    });
});
