import * as assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { builtinCatalogs } from '../../language/workspace/builtin-catalogs.js';
import { catalogDigest, type PrecompiledCatalogs } from '../../language/workspace/precompiled-catalogs.js';
import { PRECOMPILED_CATALOGS_FILE } from '../../cli/precompiled-catalog-file.js';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

// `node esbuild.mjs --watch` rebuilds the CLI bundle without making the trees again, and its
// grammar digest is the grammar's when the watch started. A builtin-catalogs.json written while it
// runs (`npm test` in another terminal) is then read by bundles built after a grammar edit. A
// watched bundle must parse the catalogs whatever file lies next to it.
describe('precompiled built-in catalogs and esbuild --watch', function () {
    this.timeout(300000);
    let dir: string | undefined;
    let watcher: ChildProcess | undefined;

    afterEach(async () => {
        // The watcher may still be writing bundles into the folder: it is gone before the folder goes.
        if (watcher?.pid !== undefined && watcher.exitCode === null && watcher.signalCode === null) {
            const exited = new Promise(resolve => watcher!.once('exit', resolve));
            watcher.kill();
            await exited;
        }
        if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it('a watched CLI bundle never reads trees, even ones made for its grammar and catalog text', async () => {
        // The project's sources, bundled into a scratch out/ folder (the checkout's out/ is left alone).
        dir = mkdtempSync(path.join(tmpdir(), 'segplan-watch-'));
        for (const entry of ['client', 'server', 'cli', 'language', 'scripts', 'node_modules', 'package.json', 'tsconfig.json']) {
            if (existsSync(path.join(PROJECT_ROOT, entry))) symlinkSync(path.join(PROJECT_ROOT, entry), path.join(dir, entry));
        }
        copyFileSync(path.join(PROJECT_ROOT, 'esbuild.mjs'), path.join(dir, 'esbuild.mjs'));
        const bundle = path.join(dir, 'out', 'cli', 'segplan.cjs');
        watcher = spawn(process.execPath, ['esbuild.mjs', '--watch'], { cwd: dir, stdio: ['ignore', 'pipe', 'ignore'] });
        // The watch says when it has written the CLI bundle.
        await new Promise<void>((resolve, reject) => {
            let said = '';
            watcher!.stdout!.on('data', (chunk: Buffer) => {
                said += chunk.toString();
                if (/^\[watch\] built cli$/m.test(said)) resolve();
                else if (/^\[watch\] built cli with/m.test(said)) reject(new Error(`esbuild --watch could not build the CLI bundle: ${said}`));
            });
            watcher!.once('exit', code => reject(new Error(`esbuild --watch ended (${code}) before it built the CLI bundle: ${said}`)));
        });
        // Trees with the right digests (this grammar, these catalog texts) but empty: a bundle that
        // read them would know no vendor at all.
        const { grammarDigest } = await import(pathToFileURL(path.join(PROJECT_ROOT, 'scripts', 'grammar-digest.mjs')).href) as { grammarDigest: () => string };
        const trees: PrecompiledCatalogs = Object.fromEntries(builtinCatalogs().map(c => [c.name, {
            textDigest: catalogDigest(grammarDigest(), c.text),
            tree: { $type: 'SegplanDocument', imports: [], elements: [] }
        }]));
        writeFileSync(path.join(dir, 'out', 'cli', PRECOMPILED_CATALOGS_FILE), JSON.stringify(trees));
        const run = spawnSync(process.execPath, [bundle, 'catalog', '--json'], { encoding: 'utf8' });
        assert.equal(run.status, 0, run.stderr);
        const vendors = (JSON.parse(run.stdout) as { vendors: { id: string }[] }).vendors.map(v => v.id);
        assert.ok(vendors.includes('veeam'), `the watched bundle read the trees next to it instead of parsing the catalogs (vendors: ${vendors.join(', ') || 'none'})`);
    });
});
