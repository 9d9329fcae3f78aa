import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

// What a `segplan check` loads is most of its time on a small plan: Node modules only some commands
// use, and the layout engine, are loaded when first used, never at start.
describe('segplan check on a small plan loads only what checking needs', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'segplan-cold-'));
    const plan = path.join(dir, 'plan.segplan');
    const hook = path.join(dir, 'loaded.cjs');
    writeFileSync(plan, 'plan "p"\nzone a 10.0.0.0/24\nzone b 10.0.1.0/24\nx : veeam.Proxy in a at 10.0.0.5\nallow a -> b tcp 443 "web"\n');
    // Preloaded: at exit, prints the Node built-ins and the files the process loaded.
    writeFileSync(hook, `process.on('exit', () => process.stderr.write('\\nLOADED ' + JSON.stringify({
        builtins: process.moduleLoadList.filter(m => m.startsWith('NativeModule ')).map(m => m.slice(13)),
        files: Object.keys(require('node:module')._cache)
    }) + '\\n'));\n`);

    const loaded = (...args: string[]) => {
        const run = spawnSync(process.execPath, ['--require', hook, path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), ...args], { encoding: 'utf8' });
        const line = run.stderr.split('\n').find(l => l.startsWith('LOADED '));
        assert.ok(line, run.stderr);
        return { status: run.status, ...JSON.parse(line.slice(7)) as { builtins: string[]; files: string[] } };
    };

    it('no child_process or crypto module, no layout engine', () => {
        const { status, builtins, files } = loaded('check', plan);
        assert.equal(status, 0);
        for (const unwanted of ['child_process', 'crypto', 'internal/child_process']) {
            assert.ok(!builtins.includes(unwanted), `check loaded ${unwanted}`);
        }
        assert.deepEqual(files.filter(f => f.endsWith('elk.cjs')), []);
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

    // An ES view of a CommonJS module copies each of its exports as a getter when it is made: one
    // per importing module was 24 views of vscode-languageserver's 7,766 exports at every start.
    it('each CommonJS package of the bundles gets one ES view, however many modules import it', () => {
        for (const bundle of ['cli/segplan.cjs', 'server/main.cjs']) {
            const text = readFileSync(path.join(PROJECT_ROOT, 'out', bundle), 'latin1');
            const views = new Map<string, number>();
            for (const m of text.matchAll(/__toESM\((require_\w+)\(\)/g)) views.set(m[1], (views.get(m[1]) ?? 0) + 1);
            assert.ok(views.size > 0, `${bundle}: no ES view of a CommonJS module found; has the bundle format changed?`);
            assert.deepEqual([...views].filter(([, n]) => n > 1), [], `${bundle}: CommonJS modules given more than one ES view`);
        }
    });

    it('the hook sees them when a command uses them: a diagram loads the layout engine', () => {
        const { files } = loaded('diagram', plan, '--format', 'svg');
        assert.equal(files.filter(f => f.endsWith(path.join('elk', 'elk.cjs'))).length, 1);
    });
});
