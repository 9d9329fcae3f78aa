import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { readdirSync, statSync } from 'node:fs';
import { buildDocuments, createTestServices } from '../helpers/services.js';
import { expectedDiagnostics, PROJECT_ROOT, readText, segplanFiles } from '../helpers/fixtures.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures');
const SEVERITY = ['', 'error', 'warning', 'info', 'hint'];

/** Each fixture file is a workspace of its own; each sub-folder is one multi-file workspace. */
function workspaces(): { name: string; files: string[] }[] {
    return readdirSync(FIXTURES).sort().flatMap(entry => {
        const full = path.join(FIXTURES, entry);
        if (statSync(full).isDirectory()) return [{ name: entry + '/', files: segplanFiles(full) }];
        return entry.endsWith('.segplan') ? [{ name: entry, files: [full] }] : [];
    });
}

describe('fixtures: every diagnostic is expected, every expectation is met', () => {
    for (const workspace of workspaces()) {
        it(workspace.name, async () => {
            const services = await createTestServices();
            const texts = Object.fromEntries(workspace.files.map(f => [path.relative(path.dirname(workspace.files[0]), f), readText(f)]));
            const documents = await buildDocuments(services, texts);
            documents.forEach((document, i) => {
                const file = workspace.files[i];
                const { expected, hints } = expectedDiagnostics(texts[path.relative(path.dirname(workspace.files[0]), file)]);
                const actual = (document.diagnostics ?? [])
                    .filter(d => hints || d.severity !== 4)
                    .map(d => ({ line: d.range.start.line + 1, severity: SEVERITY[d.severity ?? 1], code: String(d.code ?? (d.data as { code?: string } | undefined)?.code), message: String(d.message) }));
                const unmatched = [...actual];
                const missing: string[] = [];
                for (const e of expected) {
                    const at = unmatched.findIndex(a => a.line === e.line && a.severity === e.severity && a.code === e.code && (!e.message || e.message.test(a.message)));
                    if (at >= 0) unmatched.splice(at, 1);
                    else missing.push(`${path.basename(file)}:${e.line} ${e.severity} ${e.code}${e.message ? ` /${e.message.source}/` : ''}`);
                }
                const unexpected = unmatched.map(a => `${path.basename(file)}:${a.line} ${a.severity} ${a.code} ${a.message}`);
                assert.deepEqual({ missing, unexpected }, { missing: [], unexpected: [] });
            });
        });
    }
});
