#!/usr/bin/env node
// The `segplan` command: the bundled CLI, built by `npm run build` (the package's prepare step).
//
// Compiling the 1.8 MB bundle took about a tenth of a small `segplan check`, so V8's compiled code
// is kept in the user's cache folder and reused while the bundle is unchanged (V8 checks the
// source and rejects a stale cache; the cache is then written again). Any trouble with the cache
// only costs the time it would have saved.
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const vm = require('node:vm');
const Module = require('node:module');
const { isAscii } = require('node:buffer');
const v8Flags = require('./v8-flags.cjs');
v8Flags.setV8FlagsFor(process.argv.slice(2));

const bundle = path.join(__dirname, '..', 'out', 'cli', 'segplan.cjs');

/** 32-bit FNV-1a: node:crypto alone took longer to load than the rest of this file. */
function fnv1a(text) {
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193) >>> 0;
    return hash.toString(16).padStart(8, '0');
}

function cacheFile(stat) {
    const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
    // The install folder and V8 flags (hashed: one cache per copy of SegPlan and kind of run), then
    // what tells a changed bundle or another Node written out whole, so two of them never share a name.
    const key = `${installKey()}-${stat.size}-${stat.mtimeMs}-${process.version}`;
    return path.join(base, 'segplan', `cli-${key}.v8cache`);
}

/**
 * This copy of SegPlan and the V8 flags of this kind of run: V8 rejects code cached under other
 * flags, so the language server (`segplan lsp`) and one-shot runs keep a cache each rather than
 * replacing each other's at every switch.
 */
function installKey() {
    return fnv1a(`${bundle}\u0000${v8Flags.oneShotFlags(process.argv.slice(2)).join(' ')}`);
}

/**
 * The caches this copy of SegPlan wrote for its earlier bundles (each build and each upgrade
 * writes a new one, ~1.7 MB): removed when the new one is written, so the folder holds one per
 * copy of SegPlan and Node rather than one per build ever run.
 */
function removeEarlierCaches(current) {
    const folder = path.dirname(current);
    const own = `cli-${installKey()}-`;
    const node = `-${process.version}.v8cache`;
    for (const name of fs.readdirSync(folder)) {
        if (name.startsWith(own) && name.endsWith(node) && path.join(folder, name) !== current) {
            try { fs.unlinkSync(path.join(folder, name)); } catch { /* another run removed it */ }
        }
    }
}

/** The bundle compiled with the kept code when there is some; undefined when that fails. */
function compileWithCache() {
    const stat = fs.statSync(bundle);
    const cache = cacheFile(stat);
    let cachedData;
    try { cachedData = fs.readFileSync(cache); } catch { /* first run */ }
    // The build keeps the bundle ASCII (esbuild.mjs), which reads as a one-byte string: half the
    // memory and time of decoding UTF-8 into two-byte text. Anything else is read as UTF-8.
    const bytes = fs.readFileSync(bundle);
    const source = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
    const script = new vm.Script(Module.wrap(source), { filename: bundle, cachedData });
    if (!cachedData || script.cachedDataRejected) {
        // At exit, the cache also holds the functions this run compiled lazily.
        process.once('exit', () => {
            try {
                fs.mkdirSync(path.dirname(cache), { recursive: true });
                const partial = `${cache}.${process.pid}`;
                fs.writeFileSync(partial, script.createCachedData());
                fs.renameSync(partial, cache);
                removeEarlierCaches(cache);
            } catch { /* read-only or full: run without a cache */ }
        });
    }
    return script.runInThisContext();
}

let wrapper;
try {
    wrapper = compileWithCache();
} catch {
    wrapper = undefined;
}
if (wrapper) {
    const module = new Module(bundle, null);
    module.filename = bundle;
    module.paths = Module._nodeModulePaths(path.dirname(bundle));
    wrapper.call(module.exports, module.exports, (id) => module.require(id), module, bundle, path.dirname(bundle));
} else {
    require(bundle);
}
