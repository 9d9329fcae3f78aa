import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { writeJoined } from '../../cli/text-writer.js';
import { writeFileAtomically } from '../../cli/atomic-write.js';

// `segplan generate` writes its output through one 64 KB buffer (cli/text-writer.ts): what lands
// in the file or pipe must be the text, byte for byte, whatever characters meet the buffer's end.
describe('text writer', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'segplan-writer-'));
    after(() => rmSync(folder, { recursive: true, force: true }));

    it('writes the pieces joined, as UTF-8, also where a character of two, three or four bytes meets the end of the buffer', () => {
        const file = path.join(folder, 'out.txt');
        // Pieces long enough to fill the buffer several times, of characters of every UTF-8 length.
        const character = fc.constantFrom('a', '\n', 'é', '–', '中', '😀', '"');
        const piece = fc.tuple(character, fc.integer({ min: 0, max: 40_000 })).map(([c, n]) => c.repeat(n));
        fc.assert(fc.property(fc.array(piece, { maxLength: 8 }), pieces => {
            writeFileAtomically(file, fd => writeJoined(fd, pieces, '\n'));
            assert.equal(readFileSync(file, 'utf8'), pieces.join('\n'));
        }), { seed: 4121, numRuns: 60 });
    });

    it('waits out a full non-blocking pipe (EAGAIN) and loses nothing', async () => {
        const file = path.join(folder, 'piped.txt');
        // The write end of a pipe Node made is non-blocking: 2 MB fill its 64 KB many times over.
        const reader = spawn('sh', ['-c', `cat > '${file}'`], { stdio: ['pipe', 'ignore', 'inherit'] });
        const fd = (reader.stdin as unknown as { _handle: { fd: number } })._handle.fd;
        assert.ok(fd > 2, 'the pipe has a file descriptor');
        const pieces = Array.from({ length: 400 }, (_, i) => `line ${i} ${'x'.repeat(5_000)} é\n`);
        const closed = new Promise(resolve => reader.on('close', resolve));
        try {
            writeJoined(fd, pieces);
        } finally {
            reader.stdin.end();
        }
        assert.equal(await closed, 0);
        assert.equal(readFileSync(file, 'utf8'), pieces.join(''));
    });
});
