import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI, type LangiumDocument } from 'langium';
import { loadWorkspace } from '../../cli/plan-workspace.js';
import { createTestServices } from '../helpers/services.js';

/**
 * Why a read was refused belongs to the workspace that read: one process may hold several (the MCP
 * server loads one per request, tests many), and a refusal one of them saw says nothing of a file
 * another cannot find, nor of the same file once it is gone.
 */

const PLAN = `plan "p"
import "x.segplan"
zone mgmt 10.0.0.0/24
`;

function importMessages(document: LangiumDocument): string[] {
    return (document.diagnostics ?? []).filter(d => d.code === 'unresolved-import').map(d => String(d.message));
}

describe('why an import could not be read is told per workspace', function () {
    this.timeout(60000);
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'segplan-unreadable-'));
        writeFileSync(path.join(dir, 'p.segplan'), PLAN);
        mkdirSync(path.join(dir, 'x.segplan'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    async function refusedOnce(): Promise<void> {
        const first = await loadWorkspace([path.join(dir, 'p.segplan')]);
        assert.deepEqual(importMessages(first.documents[0]), [`'x.segplan' is a folder, not a file: only regular files are read.`]);
    }

    it('a folder imported in one run and gone by the next is reported missing by the next', async () => {
        await refusedOnce();
        rmSync(path.join(dir, 'x.segplan'), { recursive: true });
        const second = await loadWorkspace([path.join(dir, 'p.segplan')]);
        assert.deepEqual(importMessages(second.documents[0]), [`Cannot find 'x.segplan' next to this file (paths are relative to the importing file).`]);
    });

    it('a workspace that never read the file does not repeat why another could not', async () => {
        await refusedOnce();
        const services = await createTestServices(); // files in memory only: it reads nothing from disk
        const document = services.shared.workspace.LangiumDocumentFactory.fromString(PLAN, URI.file(path.join(dir, 'p.segplan')));
        services.shared.workspace.LangiumDocuments.addDocument(document);
        await services.shared.workspace.DocumentBuilder.build([document], { validation: true });
        assert.deepEqual(importMessages(document), [`Cannot find 'x.segplan' next to this file (paths are relative to the importing file).`]);
    });
});
