import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runWithInput } from '../../language/verify/platform-reader.node.js';

/**
 * The platform's reader checks the output while the proof goes on. The proof is one long
 * computation that gives the event loop nothing back until it ends, so the reader must get the
 * whole file without it: a file of several megabytes is read to its end while this process is
 * busy, not only the first pipe-full.
 */
describe('verify: the platform reader gets its whole input while the proof computes', function () {
    this.timeout(120_000);

    it('a reader reads 8 MB to the end while the event loop is held', async () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'segplan-reader-test-'));
        try {
            const input = 'x'.repeat(64 * 1024 - 1).concat('\n').repeat(128);
            const copy = path.join(dir, 'copy'), done = path.join(dir, 'done');
            const run = runWithInput('sh', ['-c', 'cat > "$1" && touch "$2"', 'sh', copy, done], input, process.env);
            // Held as the proof holds it: nothing here lets the event loop turn until the reader is done.
            const until = Date.now() + 60_000;
            while (!existsSync(done) && Date.now() < until) { /* busy, as the proof is */ }
            assert.ok(existsSync(done), 'the reader did not get to the end of its input while the event loop was held');
            const result = await run;
            assert.equal(result.status, 0);
            assert.equal(readFileSync(copy, 'utf8'), input);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });
});
