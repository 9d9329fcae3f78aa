// Tells whether out/ was built from the sources as they are now, so that `npm test` right after
// `npm ci` (whose `prepare` built everything) does not build it all again — and never tests a
// stale out/.
//
//   node scripts/build-stamp.mjs begin   first step of `npm run build`: notes what it builds from
//   node scripts/build-stamp.mjs end     last step: out/ is complete; notes what it holds
//   node scripts/build-stamp.mjs fresh   exit 0 only if nothing changed since a complete build
//
// "What it builds from" is every file git tracks or would track (all that is not ignored), by
// content, with the Node version; "what out/ holds" is every file there, by size and time. A build
// cut short leaves no stamp; outside a git checkout nothing is ever fresh.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'out');
const STAMP = join(out, '.build-stamp.json');
const PENDING = join(out, '.build-stamp.pending');

/** The digest of the build's inputs, or undefined when they cannot be listed (not a git checkout). */
function inputs() {
    let files;
    try {
        files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28 })
            .split('\0').filter(Boolean).sort();
    } catch {
        return undefined;
    }
    const hash = createHash('sha256').update(`${process.version} ${process.platform} ${process.arch}\0`);
    for (const file of files) {
        const path = join(root, file);
        let content;
        try { content = statSync(path).isFile() ? readFileSync(path) : 'not a file'; } catch { content = 'missing'; }
        hash.update(`${file}\0`).update(content).update('\0');
    }
    return hash.digest('hex');
}

/** The digest of what out/ holds (without the stamps). */
function outputs() {
    const hash = createHash('sha256');
    const walk = (dir) => {
        for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
            const path = join(dir, entry.name);
            if (path === STAMP || path === PENDING) continue;
            if (entry.isDirectory()) walk(path);
            else { const s = statSync(path); hash.update(`${relative(out, path)}\0${s.size}\0${s.mtimeMs}\0`); }
        }
    };
    if (existsSync(out)) walk(out);
    return hash.digest('hex');
}

const command = process.argv[2];
if (command === 'begin') {
    rmSync(STAMP, { force: true });
    const digest = inputs();
    mkdirSync(out, { recursive: true });
    if (digest) writeFileSync(PENDING, digest);
    else rmSync(PENDING, { force: true });
} else if (command === 'end') {
    if (existsSync(PENDING)) {
        writeFileSync(PENDING, JSON.stringify({ inputs: readFileSync(PENDING, 'utf8'), outputs: outputs() }));
        renameSync(PENDING, STAMP);
    }
} else if (command === 'fresh') {
    let stamp;
    try { stamp = JSON.parse(readFileSync(STAMP, 'utf8')); } catch { stamp = undefined; }
    const digest = stamp && inputs();
    if (digest && stamp.inputs === digest && stamp.outputs === outputs()) {
        console.log('out/ was built from the sources as they are: not building again.');
        process.exit(0);
    }
    console.log('out/ is missing or older than the sources: building.');
    process.exit(1);
} else {
    console.error('usage: node scripts/build-stamp.mjs begin|end|fresh');
    process.exit(2);
}
