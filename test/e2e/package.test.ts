// `npm run package`'s .vsix: it must hold everything the extension runs and nothing else.
import * as assert from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EMITTERS } from '../../language/emit/registry.js';
import { StdioLsp } from './stdio-lsp.js';
import { zipEntries } from './zip-entries.js';

describe('the .vsix package', function () {
    this.timeout(300000);
    let dir: string;
    let vsixFile: string;
    let files: Map<string, Buffer>;
    let manifest: {
        main: string; browser: string; engines: { vscode: string }; icon: string;
        contributes: {
            languages: { id: string; configuration?: string; extensions?: string[] }[];
            grammars: { path: string; scopeName: string }[]; snippets: { path: string }[];
            configuration: { properties: Record<string, unknown> };
        };
    };

    before(async () => {
        dir = mkdtempSync(join(tmpdir(), 'segplan-vsix-'));
        const { packageVsix } = await import(pathToFileURL(resolve('scripts/e2e/package-vsix.mjs')).href);
        vsixFile = packageVsix(join(dir, 'segplan.vsix')) as string;
        files = zipEntries(readFileSync(vsixFile));
        manifest = JSON.parse(files.get('extension/package.json')!.toString('utf8'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    const packaged = (path: string) => `extension/${posix.normalize(path).replace(/^\.\//, '')}`;

    it('holds the bundles and every file package.json points to', () => {
        const referenced = [
            // The layout engine is a file of its own that the server loads for a diagram (esbuild.mjs),
            // on the desktop and in VS Code for the Web's worker alike.
            manifest.main, manifest.browser, manifest.icon, 'out/server/main.cjs', 'out/server/language-server.js', 'out/elk/elk.cjs',
            ...manifest.contributes.languages.flatMap((l) => l.configuration ?? []),
            ...manifest.contributes.grammars.map((g) => g.path),
            ...manifest.contributes.snippets.map((s) => s.path)
        ];
        for (const path of referenced) assert.ok(files.has(packaged(path)), `${path} is not in the .vsix: ${[...files.keys()].join(', ')}`);
    });

    it('shows users a user-facing Details page and changelog, and says where it can run', () => {
        const readme = files.get('extension/readme.md')?.toString('utf8') ?? '';
        assert.match(readme, /^# SegPlan — network segmentation plans for backup and disaster recovery/);
        assert.match(readme, /## Quick start/);
        // Not the developer README: no build, test or kernel instructions.
        assert.doesNotMatch(readme, /npm ci|npm test|kernel|network namespace/i);
        assert.match(files.get('extension/changelog.md')?.toString('utf8') ?? '', /^# Changelog/);
        const capabilities = (manifest as unknown as { capabilities?: { untrustedWorkspaces?: { supported: unknown }; virtualWorkspaces?: unknown } }).capabilities;
        assert.equal(capabilities?.untrustedWorkspaces?.supported, true);
        // VS Code for the Web: the worker reads the workspace through VS Code's file system.
        assert.equal(capabilities?.virtualWorkspaces, true);
    });

    it('stays under 1.2 MB: one language server for the desktop and the web, no Terraform parser', () => {
        const bytes = statSync(vsixFile).size;
        assert.ok(bytes < 1_200_000, `the .vsix is ${bytes} bytes`);
        assert.deepStrictEqual([...files.keys()].filter(f => /hcl2json|\.wasm/.test(f)), []);
    });

    it('leaves out node_modules, sources, tests and source maps', () => {
        const stray = [...files.keys()].filter((f) => /node_modules\/|\.ts$|\.map$|^extension\/(test|language|client|server|cli|scripts)\//.test(f));
        assert.deepStrictEqual(stray, []);
    });

    it('declares the .segplan language for VS Code 1.100', () => {
        const [major, minor] = manifest.engines.vscode.replace(/^\^/, '').split('.').map(Number);
        assert.ok(major === 1 && minor <= 100, `engines.vscode ${manifest.engines.vscode} refuses VS Code 1.100`);
        const language = manifest.contributes.languages.find((l) => l.id === 'segplan');
        assert.deepStrictEqual(language?.extensions, ['.segplan']);
        assert.ok(JSON.parse(files.get(packaged(manifest.contributes.grammars[0].path))!.toString('utf8')).patterns.length > 0);
        assert.ok('segplan.installOnlySeverity' in manifest.contributes.configuration.properties);
    });

    it('opens every target\'s rules in a language VS Code has or the extension declares, never plain text', () => {
        // Plain text is what VS Code re-guesses from the content (nftables comments read as Markdown).
        const builtIn = ['markdown', 'powershell'];
        const declared = manifest.contributes.languages.map((l) => l.id);
        for (const emitter of EMITTERS) {
            assert.ok([...builtIn, ...declared].includes(emitter.languageId), `${emitter.id} opens as '${emitter.languageId}', a language nobody declares`);
        }
        // A generated-rules language claims no file name: the user's own files keep theirs.
        for (const id of new Set(EMITTERS.map((e) => e.languageId))) {
            assert.deepStrictEqual(manifest.contributes.languages.find((l) => l.id === id)?.extensions ?? [], [], id);
        }
    });

    it('the packaged language server runs on its own: initialize, completion, cancellation', async () => {
        // Only the server process, the language server bundle it runs and the layout engine, laid out as in the .vsix, in an empty
        // folder: every other dependency must be inside the bundle.
        const server = join(dir, 'alone', 'server', 'main.cjs');
        for (const [packagedFile, file] of [['extension/out/server/main.cjs', server], ['extension/out/server/language-server.js', join(dir, 'alone', 'server', 'language-server.js')], ['extension/out/elk/elk.cjs', join(dir, 'alone', 'elk', 'elk.cjs')]]) {
            mkdirSync(dirname(file), { recursive: true });
            writeFileSync(file, files.get(packagedFile)!);
        }
        const lsp = new StdioLsp(process.execPath, [server, '--stdio'], dirname(server));
        try {
            const init = await lsp.request('initialize', { processId: null, rootUri: null, capabilities: { workspace: { configuration: true } } }).answer;
            assert.ok((init.result as { capabilities?: { completionProvider?: unknown } })?.capabilities?.completionProvider, JSON.stringify(init));
            lsp.notify('initialized', {});
            const uri = pathToFileURL(join(dir, 'alone', 'plan.segplan')).href;
            lsp.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'segplan', version: 1, text: 'zone a 10.0.0.0/24\nx: veeam.Proxy in a\n' } });
            // A request cancelled at once must come back as a RequestCancelled error (or a real
            // answer), never as a "result" holding the error: VS Code would fail to read it.
            const { id, answer } = lsp.request('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 3 } });
            lsp.notify('$/cancelRequest', { id });
            const cancelled = await answer;
            if (cancelled.error) assert.strictEqual(cancelled.error.code, -32800, JSON.stringify(cancelled));
            else assert.ok(Array.isArray((cancelled.result as { items?: unknown[] })?.items), `cancelled completion answered ${JSON.stringify(cancelled)}`);
            const completion = await lsp.request('textDocument/completion', { textDocument: { uri }, position: { line: 1, character: 3 } }).answer;
            const labels = ((completion.result as { items: { label: string }[] }).items).map((i) => i.label);
            assert.ok(labels.includes('veeam.BackupServer'), JSON.stringify(labels.slice(0, 20)));
            // A diagram: the server loads the packaged layout engine.
            const planUri = pathToFileURL(join(dir, 'alone', 'drawn.segplan')).href;
            lsp.notify('textDocument/didOpen', { textDocument: { uri: planUri, languageId: 'segplan', version: 1, text: 'plan "p"\nzone a 10.0.0.0/24\nzone b 10.0.1.0/24\nx : veeam.Proxy in a at 10.0.0.5\n' } });
            const diagram = await lsp.request('workspace/executeCommand', { command: 'segplan.server.planDiagram', arguments: [{ uri: planUri }] }).answer;
            assert.equal((diagram.result as { kind?: string })?.kind, 'diagram', JSON.stringify(diagram).slice(0, 500));
            // An audit of Terraform: the editor has no Terraform parser (only the command line carries its
            // WebAssembly) and says so, naming the command to run instead.
            const terraform = 'resource "aws_security_group" "a" {\n  name = "a"\n}\n';
            const audit = await lsp.request('workspace/executeCommand', { command: 'segplan.server.auditConfig', arguments: [{ uri: planUri, config: { uri: pathToFileURL(join(dir, 'alone', 'main.tf')).href, name: 'main.tf', text: terraform }, maps: ['b=a'] }] }).answer;
            assert.deepStrictEqual(audit.result, { kind: 'error', message: 'Reading main.tf needs the segplan command line: HashiCorp\'s Terraform parser is not part of the editor. Run `segplan audit <plan> --config main.tf` (or `segplan verify`) in a terminal.' }, JSON.stringify(audit).slice(0, 500));
        } finally {
            lsp.stop();
        }
    });
});
