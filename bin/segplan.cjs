#!/usr/bin/env node
// The `segplan` command: the bundled CLI, built by `npm run build` (the package's prepare step).
//
// Compiling the bundle is a noticeable part of a small `segplan check`, so V8's compiled code
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
    // The install folder, V8 flags and code the run chooses (hashed: one cache per copy of SegPlan
    // and kind of run), then what tells a changed bundle or another Node written out whole, so two
    // of them never share a name.
    const key = `${installKey()}-${stat.size}-${stat.mtimeMs}-${process.version}`;
    return path.join(base, 'segplan', `cli-${key}.v8cache`);
}

/**
 * This copy of SegPlan, the V8 flags of this kind of run and the code it runs. V8 rejects code
 * cached under other flags, so the language server (`segplan lsp`) and one-shot runs keep a cache
 * each rather than replacing each other's at every switch. A cache holds the code of the run that
 * wrote it and is written again only when V8 rejects it, and runs differ in the code they run (a
 * check never compiles the emitters or the proof `generate` runs): with one cache for all,
 * whichever run came first after an install would leave every other to compile its own code at
 * each start.
 */
function installKey() {
    const argv = process.argv.slice(2);
    return fnv1a(`${bundle}\u0000${v8Flags.oneShotFlags(argv).join(' ')}\u0000${codeOf(argv)}`);
}

/** The value of a command line's `--name value` or `--name=value` (the first one given), if any. */
function optionValue(argv, name) {
    for (let i = 0; i < argv.length; i++) {
        if (argv[i] === '--') return undefined;
        if (argv[i] === name) return argv[i + 1];
        if (argv[i].startsWith(`${name}=`)) return argv[i].slice(name.length + 1);
    }
    return undefined;
}

/**
 * What a command line chooses of the code a run compiles: its command, and for `generate` the
 * target (each has its own emitter and reader) and whether the output is proven (`--no-verify`
 * skips reading it back), so that a `generate --no-verify` run first does not leave every proven
 * `generate` to compile the reader and the proof at each start.
 */
function codeOf(argv) {
    const command = v8Flags.commandOf(argv) ?? '';
    if (command !== 'generate') return command;
    return `${command}\u0000${optionValue(argv, '--target') ?? ''}\u0000${argv.includes('--no-verify') ? 'unproven' : 'proven'}`;
}

/**
 * The caches this copy of SegPlan wrote for this kind of run (installKey) of its earlier bundles
 * (each build and each upgrade writes a new one, about the bundle's size): removed when the new one
 * is written, so the folder holds one per kind of run, copy of SegPlan and Node rather than one per
 * build ever run.
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

/** The bundle as CommonJS wraps a module, in front of and behind its text (Module.wrap). */
const [WRAP_HEAD, WRAP_TAIL] = Module.wrap('\u0000').split('\u0000');

/** Reads the file open as `fd` into `buffer` from `at`, up to `size` bytes; the bytes read. */
function readInto(fd, buffer, at, size) {
    let read = 0;
    while (read < size) {
        const n = fs.readSync(fd, buffer, at + read, size - read, read);
        if (n === 0) break;
        read += n;
    }
    return read;
}

/**
 * The bundle's text, wrapped as Module.wrap wraps it, the file its kept code is in, and that code
 * (undefined when there is none), read through one buffer. Each new page a process touches is a
 * fault the kernel serves, which is slow on some virtual machines: the bundle's bytes, its text,
 * the wrapped text (a concatenation V8 would flatten into a third copy) and the kept code would
 * each take new pages at every start. So the text is made once, already wrapped, and the kept
 * code is read into the pages the bundle's bytes were read into.
 */
function readBundleAndCache() {
    const bundleFd = fs.openSync(bundle, 'r');
    let cacheFd;
    try {
        const stat = fs.fstatSync(bundleFd);
        const cache = cacheFile(stat);
        try { cacheFd = fs.openSync(cache, 'r'); } catch { /* first run */ }
        const bundleSize = stat.size;
        const cacheSize = cacheFd === undefined ? 0 : fs.fstatSync(cacheFd).size;
        // Latin-1 is a byte per character.
        const head = WRAP_HEAD.length, tail = WRAP_TAIL.length;
        const buffer = Buffer.allocUnsafeSlow(Math.max(head + bundleSize + tail, cacheSize));
        buffer.latin1Write(WRAP_HEAD, 0);
        const bytes = readInto(bundleFd, buffer, head, bundleSize);
        // The build keeps the bundle ASCII (esbuild.mjs), which reads as a one-byte string: half the
        // memory and time of decoding UTF-8 into two-byte text. Anything else is read as UTF-8.
        let source;
        if (isAscii(buffer.subarray(head, head + bytes))) {
            buffer.latin1Write(WRAP_TAIL, head + bytes);
            source = buffer.latin1Slice(0, head + bytes + tail);
        } else {
            source = Module.wrap(buffer.toString('utf8', head, head + bytes));
        }
        let cachedData;
        if (cacheFd !== undefined) {
            try { cachedData = buffer.subarray(0, readInto(cacheFd, buffer, 0, cacheSize)); } catch { /* unreadable: compiled anew */ }
        }
        return { source, cache, cachedData };
    } finally {
        fs.closeSync(bundleFd);
        if (cacheFd !== undefined) try { fs.closeSync(cacheFd); } catch { /* already read */ }
    }
}

/** The bundle compiled with the kept code when there is some; undefined when that fails. */
function compileWithCache() {
    const { source, cache, cachedData } = readBundleAndCache();
    const script = new vm.Script(source, { filename: bundle, cachedData });
    if (!cachedData || script.cachedDataRejected) {
        // At exit, the cache also holds the functions this run compiled lazily. A run that exits 2
        // did not run its command (an unknown command, a usage error, a file it could not read):
        // its code is not the command's, and a mistyped command would leave a cache of its own.
        process.once('exit', (code) => {
            if (code === 2) return;
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
