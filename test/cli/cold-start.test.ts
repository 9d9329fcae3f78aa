import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Module from 'node:module';
import { PROJECT_ROOT } from '../helpers/fixtures.js';
import { bundleSourceMap } from '../helpers/bundle-source-map.js';

// What a `segplan check` loads is most of its time on a small plan: Node modules only some commands
// use, and the layout engine, are loaded when first used, never at start.
describe('segplan check on a small plan loads only what checking needs', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'segplan-cold-'));
    const plan = path.join(dir, 'plan.segplan');
    const hook = path.join(dir, 'loaded.cjs');
    writeFileSync(plan, 'plan "p"\nzone a 10.0.0.0/24\nzone b 10.0.1.0/24\nx : veeam.Proxy in a at 10.0.0.5\nallow a -> b tcp 443 "web"\n');
    // Preloaded: at exit, prints the Node built-ins and the files the process loaded.
    // Written to the descriptor: process.stderr would make the stream the tests look for.
    writeFileSync(hook, `process.on('exit', () => require('node:fs').writeSync(2, '\\nLOADED ' + JSON.stringify({
        builtins: process.moduleLoadList.filter(m => m.startsWith('NativeModule ')).map(m => m.slice(13)),
        files: Object.keys(require('node:module')._cache)
    }) + '\\n'));\n`);

    const loaded = (...args: string[]) => {
        const run = spawnSync(process.execPath, ['--require', hook, path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), ...args], { encoding: 'utf8' });
        const line = run.stderr.split('\n').find(l => l.startsWith('LOADED '));
        assert.ok(line, run.stderr);
        return { status: run.status, ...JSON.parse(line.slice(7)) as { builtins: string[]; files: string[] } };
    };

    // Node's promise-based file module took 4% of a small generate to set up: a run that reads
    // its plans once reads them synchronously (cli/cli-file-system.ts).
    it('no child_process, crypto or promise-based file module, no layout engine', () => {
        for (const args of [['check', plan], ['generate', plan, '--target', 'iptables']]) {
            const { status, builtins, files } = loaded(...args);
            assert.equal(status, 0);
            assert.ok(builtins.includes('fs'), `${args[0]}: the hook sees no built-in module`);
            for (const unwanted of ['child_process', 'crypto', 'internal/child_process', 'fs/promises', 'internal/fs/promises']) {
                assert.ok(!builtins.includes(unwanted), `${args[0]} loaded ${unwanted}`);
            }
            assert.deepEqual(files.filter(f => f.endsWith('elk.cjs')), []);
        }
    });

    // Node makes a pipe's stream non-blocking: once process.stdout existed, each write of the rule
    // set to a full pipe failed with EAGAIN and waited a millisecond (a 5,000-rule generate piped to
    // a reader: ~20 ms). generate writes through the descriptor and makes neither stream.
    it('generate into pipes makes neither stdout\'s nor stderr\'s stream', () => {
        const { status, builtins } = loaded('generate', plan, '--target', 'iptables');
        assert.equal(status, 0);
        assert.ok(builtins.includes('fs'), 'the hook sees no built-in module');
        for (const stream of ['net', 'tty', 'internal/fs/sync_write_stream']) assert.ok(!builtins.includes(stream), `generate loaded ${stream}`);
    });

    it('the hook sees a stream made: check writes its findings through process.stdout', () => {
        assert.ok(loaded('check', plan).builtins.includes('net'));
    });

    // The grammar is read as JSON when first needed: by Langium's parser, not by a plan the lean
    // parser reads, nor by tree walks (their property lists are built into the bundle).
    const grammarRead = (file: string) => {
        const run = spawnSync(process.execPath, ['--require', grammarHook, path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), 'check', file], { encoding: 'utf8' });
        const line = run.stderr.split('\n').find(l => l.startsWith('GRAMMAR '));
        assert.ok(line, run.stderr);
        return line === 'GRAMMAR true';
    };
    const grammarHook = path.join(dir, 'grammar.cjs');
    writeFileSync(grammarHook, `const parse = JSON.parse; let read = false;
JSON.parse = function (text, ...rest) { if (typeof text === 'string' && /"\\$type": ?"Grammar"/.test(text)) read = true; return parse.call(this, text, ...rest); };
process.on('exit', () => process.stderr.write('\\nGRAMMAR ' + read + '\\n'));\n`);

    it('no grammar: checking a plan reads none', () => {
        assert.equal(grammarRead(plan), false);
    });

    it('the grammar hook sees the grammar read when Langium parses: a plan that names a vendor of its own', () => {
        const own = path.join(dir, 'own-vendor.segplan');
        writeFileSync(own, 'vendor acme {\n  component Agent "Agent"\n}\n');
        assert.equal(grammarRead(own), true);
    });

    // V8's coverage of a run lists the functions that ran (with call counts: without them, code
    // from the CLI's compile cache counts as never run); the bundle's source map tells the module
    // each came from (the CLI bundle's names are shortened). A check and a generate run the
    // language's modules, never the editor's features (the language server, its protocol library),
    // the audit's parsers or the diagram.
    const cliMap = bundleSourceMap('cli/segplan.cjs');
    // bin/segplan.cjs compiles the bundle wrapped as Module.wrap wraps it: offsets count from the wrap.
    const wrapHead = Module.wrap('\u0000').split('\u0000')[0].length;
    const setUp = (...args: string[]) => {
        const coverage = path.join(dir, `coverage-${args[0]}.cjs`);
        writeFileSync(coverage, `const inspector = require('node:inspector');
const session = new inspector.Session(); session.connect();
session.post('Profiler.enable'); session.post('Profiler.startPreciseCoverage', { callCount: true, detailed: false });
process.on('exit', () => session.post('Profiler.takePreciseCoverage', (error, result) => {
    const ran = [];
    for (const script of result.result) if (script.url.endsWith('/out/cli/segplan.cjs'))
        for (const f of script.functions) if (f.ranges[0].count > 0) ran.push([f.ranges[0].startOffset, f.ranges[0].endOffset]);
    process.stderr.write('\\nSETUP ' + JSON.stringify(ran) + '\\n');
}));\n`);
        const run = spawnSync(process.execPath, ['--require', coverage, path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), ...args], { encoding: 'utf8' });
        const line = run.stderr.split('\n').find(l => l.startsWith('SETUP '));
        assert.ok(line, run.stderr);
        const modules = new Set<string>();
        for (const [start, end] of JSON.parse(line.slice(6)) as Array<[number, number]>) {
            const source = cliMap.sourceWithin(start - wrapHead, end - wrapHead);
            if (source) modules.add(source);
        }
        return [...modules];
    };
    const EDITOR_AUDIT_DIAGRAM = /^(language\/lsp|language\/audit|language\/diagram|server|node_modules\/langium\/(lib|src)\/lsp|node_modules\/vscode-languageserver|node_modules\/vscode-languageserver-protocol|node_modules\/fast-xml-parser|node_modules\/jsonc-parser)\//;

    it('check and generate set up neither the language server nor the audit or the diagram', () => {
        for (const args of [['check', plan], ['generate', plan, '--target', 'iptables']]) {
            const ran = setUp(...args);
            assert.ok(ran.some(m => m.startsWith('language/validation/')), `${args[0]}: the coverage saw no module of the language: ${ran.length} modules`);
            assert.deepEqual(ran.filter(m => EDITOR_AUDIT_DIAGRAM.test(m)), [], `segplan ${args[0]}`);
        }
    });

    it('the coverage sees the language server\'s modules when it runs: `segplan lsp` whose client is gone at once', () => {
        const ran = setUp('lsp', '--stdio');
        for (const part of ['language/lsp/', 'node_modules/langium/src/lsp/', 'node_modules/vscode-languageserver/', 'node_modules/vscode-languageserver-protocol/']) {
            assert.ok(ran.some(m => m.startsWith(part) && EDITOR_AUDIT_DIAGRAM.test(m)), `lsp: nothing of ${part} seen`);
        }
    });

    it('the coverage sees them when a command uses them: the help sets up the audit\'s importers to list their formats', () => {
        assert.ok(setUp('--help').some(m => m.startsWith('language/audit/importers/')));
    });

    // An ES view of a CommonJS module copies each of its exports as a getter when it is made: one
    // per importing module was 24 views of vscode-languageserver's 7,766 exports at every start.
    // esbuild makes a view in each ES module that imports a CommonJS module (`import`, not
    // `require`): the build's record of each bundle's modules tells how many do.
    it('each CommonJS package of the bundles gets one ES view, however many modules import it', () => {
        for (const [bundle, record] of [['cli/segplan.cjs', 'cli/segplan.meta.json'], ['server/main.cjs', 'node-bundles.meta.json']]) {
            const meta = JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'out', record), 'utf8')) as BuildRecord;
            const modules = Object.keys(meta.outputs[`out/${bundle}`].inputs);
            const views = new Map<string, number>();
            for (const importer of modules) {
                for (const imported of meta.inputs[importer].imports) {
                    if (imported.kind === 'import-statement' && meta.inputs[imported.path]?.format === 'cjs') views.set(imported.path, (views.get(imported.path) ?? 0) + 1);
                }
            }
            assert.ok(views.size > 0, `${bundle}: no ES view of a CommonJS module found; has the build record changed?`);
            assert.deepEqual([...views].filter(([, n]) => n > 1), [], `${bundle}: CommonJS modules given more than one ES view`);
        }
    });

    it('the hook sees them when a command uses them: a diagram loads the layout engine', () => {
        const { files } = loaded('diagram', plan, '--format', 'svg');
        assert.equal(files.filter(f => f.endsWith(path.join('elk', 'elk.cjs'))).length, 1);
    });
});

/** The part of esbuild's metafile read here. */
interface BuildRecord {
    readonly inputs: Record<string, { readonly format?: 'cjs' | 'esm'; readonly imports: ReadonlyArray<{ readonly path: string; readonly kind: string }> }>;
    readonly outputs: Record<string, { readonly inputs: Record<string, unknown> }>;
}
