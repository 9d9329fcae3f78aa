import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

// bin/segplan.cjs keeps V8's compiled code of the bundle in the user's cache folder: a missing,
// stale or damaged cache must never change what the command does.
describe('segplan compile cache', () => {
    const cacheHome = mkdtempSync(path.join(tmpdir(), 'segplan-cache-'));
    const folder = path.join(cacheHome, 'segplan');
    const plan = path.join(cacheHome, 'plan.segplan');
    after(() => rmSync(cacheHome, { recursive: true, force: true }));

    /** `segplan …` with this cache folder. */
    const segplan = (args: string[], options: { input?: string; timeout?: number } = {}) => spawnSync(process.execPath, [path.join(PROJECT_ROOT, 'bin', 'segplan.cjs'), ...args],
        { encoding: 'utf8', ...options, env: { ...process.env, XDG_CACHE_HOME: cacheHome } });
    const run = () => segplan(['check', plan]);
    /** The language server, started and given no client (its input closed): it loads the bundle and exits. */
    const server = () => segplan(['lsp', '--stdio'], { input: '', timeout: 30_000 });

    it('gives the same output without, with, and with a damaged cache', () => {
        writeFileSync(plan, 'plan "p"\nzone a 10.0.0.0/24\nzone b 10.0.1.0/24\nallow a -> b tcp 443 "web"\n');
        const first = run();
        assert.equal(first.status, 0, first.stderr);
        assert.match(first.stdout, /unused-rule/);
        const [cache] = readdirSync(folder);
        assert.ok(readFileSync(path.join(folder, cache)).length > 100_000, 'the compiled code is kept');
        const cached = run();
        assert.deepEqual([cached.status, cached.stdout, cached.stderr], [first.status, first.stdout, first.stderr]);
        writeFileSync(path.join(folder, cache), 'not V8 code');
        const damaged = run();
        assert.deepEqual([damaged.status, damaged.stdout, damaged.stderr], [first.status, first.stdout, first.stderr]);
        assert.ok(readFileSync(path.join(folder, cache)).length > 100_000, 'a damaged cache is written again');
    });

    it('keeps one cache per copy of SegPlan and Node: the cache of a new bundle replaces the earlier ones, others stay', () => {
        writeFileSync(plan, 'plan "p"\nzone a 10.0.0.0/24\nzone b 10.0.1.0/24\nallow a -> b tcp 443 "web"\n');
        assert.equal(run().status, 0);
        const [current] = readdirSync(folder).filter(name => name.startsWith('cli-'));
        const install = current.split('-')[1];
        // Caches of earlier builds of this copy (another size and time), of another Node, and of another copy.
        const earlier = [`cli-${install}-1000-1.5-${process.version}.v8cache`, `cli-${install}-2000-2.5-${process.version}.v8cache`];
        const others = [`cli-${install}-1000-1.5-v0.0.1.v8cache`, `cli-00000000-1000-1.5-${process.version}.v8cache`];
        for (const name of [...earlier, ...others]) writeFileSync(path.join(folder, name), 'old');
        rmSync(path.join(folder, current));
        const again = run();
        assert.equal(again.status, 0, again.stderr);
        assert.deepEqual(readdirSync(folder).sort(), [current, ...others].sort());
    });

    // V8 rejects code cached under other V8 flags, and one-shot runs set some that the language
    // server does not (bin/v8-flags.cjs): one cache each, or each would replace the other's.
    it('keeps a cache for one-shot runs and one for the language server, each used by its own kind', () => {
        rmSync(folder, { recursive: true, force: true });
        writeFileSync(plan, 'plan "p"\nzone a 10.0.0.0/24\nzone b 10.0.1.0/24\nallow a -> b tcp 443 "web"\n');
        assert.equal(run().status, 0);
        const [oneShot] = readdirSync(folder);
        const written = statSync(path.join(folder, oneShot)).mtimeMs;
        server();
        assert.equal(readdirSync(folder).length, 2, readdirSync(folder).join(', '));
        assert.equal(run().status, 0);
        assert.equal(statSync(path.join(folder, oneShot)).mtimeMs, written, 'the one-shot cache was used, not written again');
    });

    // A cache holds the code of the run that wrote it: a check's lacks the emitters and the proof,
    // which a generate run that used it would compile again at every start.
    it('keeps a cache per command: a check\'s cache neither serves nor is replaced by generate\'s', () => {
        rmSync(folder, { recursive: true, force: true });
        writeFileSync(plan, 'plan "p"\nzone a 10.0.0.0/24\nzone b 10.0.1.0/24\nallow a -> b tcp 443 "web"\n');
        const generate = () => segplan(['generate', plan, '--target', 'iptables', '--no-verify']);
        assert.equal(run().status, 0);
        const [checkCache] = readdirSync(folder);
        const checkWritten = statSync(path.join(folder, checkCache)).mtimeMs;
        const first = generate();
        assert.equal(first.status, 0, first.stderr);
        const generateCaches = readdirSync(folder).filter(name => name !== checkCache);
        assert.equal(generateCaches.length, 1, readdirSync(folder).join(', '));
        const generateWritten = statSync(path.join(folder, generateCaches[0])).mtimeMs;
        const again = generate();
        assert.deepEqual([again.status, again.stdout], [first.status, first.stdout]);
        assert.equal(run().status, 0);
        assert.deepEqual(readdirSync(folder).sort(), [checkCache, generateCaches[0]].sort());
        assert.equal(statSync(path.join(folder, checkCache)).mtimeMs, checkWritten, 'the check cache was used, not written again');
        assert.equal(statSync(path.join(folder, generateCaches[0])).mtimeMs, generateWritten, 'the generate cache was used, not written again');
        // A run that did not run its command (a mistyped command, exit 2) leaves no cache.
        const mistyped = segplan(['chekc', plan]);
        assert.equal(mistyped.status, 2, mistyped.stderr);
        assert.deepEqual(readdirSync(folder).sort(), [checkCache, generateCaches[0]].sort());
    });

    // A generate whose output is proven reads it back, which one run with --no-verify never compiles;
    // each target has an emitter and a reader of its own.
    it('keeps a cache per generate target and per proven or unproven output', () => {
        rmSync(folder, { recursive: true, force: true });
        writeFileSync(plan, 'plan "p"\nzone a 10.0.0.0/24\nzone b 10.0.1.0/24\nallow a -> b tcp 443 "web"\n');
        const generate = (...args: string[]) => segplan(['generate', plan, ...args]);
        const written = () => new Map(readdirSync(folder).map(name => [name, statSync(path.join(folder, name)).mtimeMs]));
        const unproven = generate('--target', 'iptables', '--no-verify');
        assert.equal(unproven.status, 0, unproven.stderr);
        assert.equal(readdirSync(folder).length, 1);
        const proven = generate('--target', 'iptables');
        assert.equal(proven.status, 0, proven.stderr);
        assert.equal(readdirSync(folder).length, 2, 'the proven run kept a cache of its own');
        const before = written();
        // Either spelling of the target is the same run; each cache serves its own kind and is not written again.
        assert.deepEqual(generate('--target=iptables').stdout, proven.stdout);
        assert.deepEqual(generate('--no-verify', '--target', 'iptables').stdout, unproven.stdout);
        assert.deepEqual(written(), before);
        assert.equal(generate('--target', 'nftables', '--no-verify').status, 0);
        assert.equal(readdirSync(folder).length, 3, 'another target keeps a cache of its own');
    });
});
