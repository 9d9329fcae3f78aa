import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
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
    // A Linux target's output is checked by the platform's own reader (iptables-restore --test) in
    // a process of its own before it is called verified: generate needs child_process for that, and
    // only for that.
    // Rules are named by a digest (Node's crypto), so generate loads crypto and check does not.
    it('no child_process, crypto or promise-based file module, no layout engine', () => {
        for (const args of [['check', plan], ['generate', plan, '--target', 'iptables'], ['generate', plan, '--target', 'csv']]) {
            const { status, builtins, files } = loaded(...args);
            assert.equal(status, 0);
            assert.ok(builtins.includes('fs'), `${args[0]}: the hook sees no built-in module`);
            const runsReader = args.includes('iptables');
            for (const unwanted of ['child_process', 'crypto', 'internal/child_process', 'fs/promises', 'internal/fs/promises']) {
                if (runsReader && unwanted.includes('child_process')) continue;
                if (args[0] === 'generate' && unwanted === 'crypto') continue;
                assert.ok(!builtins.includes(unwanted), `${args.join(' ')} loaded ${unwanted}`);
            }
            assert.equal(builtins.includes('child_process'), runsReader, `${args.join(' ')}: child_process loaded only to run the platform's reader`);
            assert.equal(builtins.includes('crypto'), args[0] === 'generate', `${args.join(' ')}: crypto loaded only to name rules`);
            assert.deepEqual(files.filter(f => f.endsWith('elk.cjs')), []);
        }
    });

    // Node makes a pipe's stream non-blocking: once process.stdout existed, each write of the rule
    // set to a full pipe failed with EAGAIN and waited a millisecond (a 5,000-rule generate piped to
    // a reader: ~20 ms). generate writes through the descriptor and makes neither stream.
    it('generate into pipes makes neither stdout\'s nor stderr\'s stream', () => {
        // csv: a target without a platform reader, whose child process would bring net in.
        const { status, builtins } = loaded('generate', plan, '--target', 'csv');
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

    it('the hook sees them when a command uses them: a diagram loads the layout engine', () => {
        const { files } = loaded('diagram', plan, '--format', 'svg');
        assert.equal(files.filter(f => f.endsWith(path.join('elk', 'elk.cjs'))).length, 1);
    });
});
