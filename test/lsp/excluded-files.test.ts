import * as assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { URI } from 'langium';
import { NodeFileSystem } from 'langium/node';
import { createSegplanServices } from '../../language/segplan-module.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

// Files a segplan.json or the editor's files.exclude leaves out are not checked when a folder is
// opened, and the repository, opened as a workspace, leaves out its deliberately broken files.

/** The plan files the language server loaded and checked for a workspace folder, relative to it. */
async function checkedFiles(folder: string, settings?: Record<string, unknown>): Promise<{ files: string[]; problems: number; problemFiles: string[] }> {
    const { shared } = createSegplanServices(NodeFileSystem);
    if (settings) shared.workspace.ConfigurationProvider.updateConfiguration({ settings });
    await shared.workspace.WorkspaceManager.initializeWorkspace([{ name: 'w', uri: URI.file(folder).toString() }]);
    const documents = shared.workspace.LangiumDocuments.all.filter(d => d.uri.scheme === 'file').toArray();
    await shared.workspace.DocumentBuilder.build(documents, { validation: true });
    return {
        files: documents.map(d => path.relative(folder, d.uri.fsPath)).sort(),
        problems: documents.reduce((n, d) => n + (d.diagnostics ?? []).filter(x => x.severity === 1 || x.severity === 2).length, 0),
        problemFiles: documents.filter(d => (d.diagnostics ?? []).some(x => x.severity === 1 || x.severity === 2)).map(d => path.relative(folder, d.uri.fsPath)).sort()
    };
}

describe('files left out of the workspace', function () {
    this.timeout(300000);
    let dir: string;
    const write = (file: string, text: string) => { mkdirSync(path.dirname(path.join(dir, file)), { recursive: true }); writeFileSync(path.join(dir, file), text); };

    beforeEach(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'segplan-excluded-'));
        write('plans/p.segplan', 'plan "p"\nzone a 10.1.0.0/24\n');
        write('broken/b.segplan', 'plan "b"\nzone a 10.1.0.0/24,\n');
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('the editor\'s files.exclude leaves a folder out', async () => {
        assert.deepEqual((await checkedFiles(dir)).files, ['broken/b.segplan', 'plans/p.segplan']);
        const { files, problems } = await checkedFiles(dir, { files: { exclude: { broken: true, '**/.git': true, plans: false } } });
        assert.deepEqual(files, ['plans/p.segplan']);
        assert.equal(problems, 0);
    });

    it('a folder opened although a segplan.json above excludes it is checked', async () => {
        write('segplan.json', JSON.stringify({ exclude: ['broken'] }));
        assert.deepEqual((await checkedFiles(dir)).files, ['plans/p.segplan']);
        assert.deepEqual((await checkedFiles(path.join(dir, 'broken'))).files, ['b.segplan']);
    });

    it('the repository opened as a workspace: its tests are left out, only the example of mistakes shows problems', async () => {
        const { files, problemFiles } = await checkedFiles(PROJECT_ROOT);
        assert.ok(files.some(f => f.startsWith('examples/')), files.join('\n'));
        assert.deepEqual(files.filter(f => f.startsWith('test/')), []);
        assert.deepEqual(problemFiles, ['examples/veeam-mistakes.segplan']);
    });
});
