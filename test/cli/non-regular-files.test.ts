import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../helpers/fixtures.js';

/**
 * SegPlan reads only regular files: a FIFO waits for a writer for ever and /dev/zero never ends,
 * so each is a clear error, never a hang or an abort. Outputs are written whole or not at all.
 */

const SEGPLAN = path.join(PROJECT_ROOT, 'bin', 'segplan.cjs');
/** A safety net only: a run that hangs is killed and fails on its exit code. */
const NO_END_MS = 30000;

const cli = (cwd: string, ...args: string[]) => spawnSync(process.execPath, [SEGPLAN, ...args], { cwd, encoding: 'utf8', timeout: NO_END_MS });

const PLAN = (lines = '') => `plan "p"
${lines}zone mgmt 10.0.0.0/24
zone backup 10.0.1.0/24
vbr : veeam.BackupServer in mgmt at 10.0.0.10 os windows
repo : veeam.HardenedRepository in backup at 10.0.1.20
allow vbr -> repo tcp 6162
`;

describe('segplan reads only regular files and writes outputs whole', function () {
    this.timeout(4 * NO_END_MS);
    let dir: string;
    beforeEach(() => {
        dir = mkdtempSync(path.join(tmpdir(), 'segplan-files-'));
        assert.equal(spawnSync('mkfifo', [path.join(dir, 'fifo.segplan')]).status, 0);
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    for (const command of ['check', 'flows', 'diagram'] as const) {
        it(`${command}: an imported FIFO is an error at the import line, not a hang`, () => {
            writeFileSync(path.join(dir, 'p.segplan'), PLAN('import "fifo.segplan"\n'));
            const run = cli(dir, command, 'p.segplan');
            assert.equal(run.signal, null, 'it ends by itself');
            const out = run.stdout + run.stderr;
            if (command === 'check') {
                assert.equal(run.status, 1, out);
                assert.match(out, /p\.segplan:2:\d+ error unresolved-import 'fifo\.segplan' is not a regular file/);
            } else {
                assert.notEqual(run.status, null, out);
            }
        });
    }

    for (const device of ['/dev/zero', '/dev/urandom']) {
        it(`an import of ${device} (through a link named .segplan) is an error at the import line`, () => {
            symlinkSync(device, path.join(dir, 'device.segplan'));
            writeFileSync(path.join(dir, 'p.segplan'), PLAN('import "device.segplan"\n'));
            const check = cli(dir, 'check', 'p.segplan');
            assert.equal(check.status, 1, check.stdout + check.stderr);
            assert.match(check.stdout, /p\.segplan:2:\d+ error unresolved-import 'device\.segplan' is not a regular file/);
            const generate = cli(dir, 'generate', 'p.segplan', '--target', 'nftables');
            assert.equal(generate.status, 1, generate.stderr);
        });
    }

    it(`an import of ${'/dev/zero'} by its own name is refused without reading it`, () => {
        writeFileSync(path.join(dir, 'p.segplan'), PLAN('import "/dev/zero"\n'));
        const check = cli(dir, 'check', 'p.segplan');
        assert.equal(check.status, 1, check.stdout + check.stderr);
        assert.match(check.stdout, /p\.segplan:2:\d+ error unresolved-import/);
    });

    it('an imported folder named .segplan is an error at the import line', () => {
        mkdirSync(path.join(dir, 'folder.segplan'));
        writeFileSync(path.join(dir, 'p.segplan'), PLAN('import "folder.segplan"\n'));
        const check = cli(dir, 'check', 'p.segplan');
        assert.equal(check.status, 1, check.stdout + check.stderr);
        assert.match(check.stdout, /p\.segplan:2:\d+ error unresolved-import 'folder\.segplan' is a folder/);
    });

    it('a symbolic link to a regular file is read as the file', () => {
        writeFileSync(path.join(dir, 'site.real'), 'zone lab 10.9.0.0/24\n');
        symlinkSync(path.join(dir, 'site.real'), path.join(dir, 'site.segplan'));
        writeFileSync(path.join(dir, 'p.segplan'), PLAN('import "site.segplan"\n'));
        const check = cli(dir, 'check', 'p.segplan');
        assert.doesNotMatch(check.stdout, /unresolved-import/);
        assert.notEqual(check.status, 2, check.stderr);
    });

    it('a FIFO as the plan, as --previous and as --config is refused with exit 2', () => {
        writeFileSync(path.join(dir, 'p.segplan'), PLAN());
        for (const args of [
            ['check', 'fifo.segplan'],
            ['generate', 'fifo.segplan', '--target', 'nftables'],
            ['generate', 'p.segplan', '--target', 'nftables', '--previous', 'fifo.segplan', '-o', 'out.nft'],
            ['audit', 'p.segplan', '--config', 'fifo.segplan', '--config-format', 'iptables-save']
        ]) {
            const run = cli(dir, ...args);
            assert.equal(run.status, 2, `${args.join(' ')}: ${run.stderr}`);
            assert.match(run.stderr, /'fifo\.segplan'.*is not a regular file/, args.join(' '));
        }
    });

    it('check on a folder holding a FIFO named x.segplan says so and ends', () => {
        writeFileSync(path.join(dir, 'p.segplan'), PLAN());
        const run = cli(dir, 'check', '.');
        assert.equal(run.status, 2, run.stdout + run.stderr);
        assert.match(run.stderr, /fifo\.segplan'.*is not a regular file/);
    });

    it('-o /dev/full is a clean error; -o /dev/stdout writes through', () => {
        writeFileSync(path.join(dir, 'p.segplan'), PLAN());
        for (const command of [['generate', 'p.segplan', '--target', 'nftables', '--force'], ['diagram', 'p.segplan']]) {
            const full = cli(dir, ...command, '-o', '/dev/full');
            assert.equal(full.status, 2, full.stderr);
            assert.match(full.stderr, /^segplan: cannot write '\/dev\/full': no space left on the device\n$/m);
            assert.doesNotMatch(full.stderr, /bad_alloc|Error:|\n\s+at /, 'no abort, no stack');
            // Standard output is a file here (a pipe of Node's is a socket, which /dev/stdout cannot open).
            const captured = path.join(dir, 'captured.txt');
            const fd = openSync(captured, 'w');
            const stdout = spawnSync(process.execPath, [SEGPLAN, ...command, '-o', '/dev/stdout'], { cwd: dir, encoding: 'utf8', timeout: NO_END_MS, stdio: ['ignore', fd, 'pipe'] });
            closeSync(fd);
            assert.equal(stdout.status, 0, stdout.stderr);
            assert.ok(readFileSync(captured, 'utf8').length > 0);
        }
    });

    it('a full disk leaves the earlier output whole and no temporary file behind', function () {
        writeFileSync(path.join(dir, 'p.segplan'), PLAN());
        const rules = Array.from({ length: 200 }, (_, i) => `allow vbr -> repo tcp ${10000 + i}`).join('\n');
        writeFileSync(path.join(dir, 'big.segplan'), PLAN().replace('allow vbr -> repo tcp 6162', rules));
        // A small file system of its own, in a mount namespace that ends with the script.
        const script = `set -e
mkdir mnt && mount -t tmpfs -o size=64k tmpfs mnt
node ${JSON.stringify(SEGPLAN)} generate p.segplan --target nftables --force -o mnt/out.nft
cp mnt/out.nft before.nft
dd if=/dev/zero of=mnt/filler bs=1k 2>/dev/null || true
set +e
node ${JSON.stringify(SEGPLAN)} generate big.segplan --target nftables --force -o mnt/out.nft 2>stderr.txt
echo $? > status.txt
cp mnt/out.nft after.nft
ls -a mnt > listing.txt
`;
        const run = spawnSync('unshare', ['-m', 'sh', '-c', script], { cwd: dir, encoding: 'utf8', timeout: NO_END_MS });
        if (run.status !== 0 && /unshare|mount/.test(run.stderr)) this.skip(); // no mount namespaces here
        assert.equal(run.status, 0, run.stderr);
        assert.equal(readFileSync(path.join(dir, 'status.txt'), 'utf8').trim(), '2');
        assert.match(readFileSync(path.join(dir, 'stderr.txt'), 'utf8'), /cannot write 'mnt\/out\.nft': no space left on the device/);
        assert.equal(readFileSync(path.join(dir, 'after.nft'), 'utf8'), readFileSync(path.join(dir, 'before.nft'), 'utf8'));
        assert.deepEqual(readFileSync(path.join(dir, 'listing.txt'), 'utf8').split('\n').filter(Boolean).sort(), ['.', '..', 'filler', 'out.nft']);
        assert.ok(readdirSync(dir).includes('before.nft'));
    });
});
