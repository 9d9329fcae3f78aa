import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { writeLines } from '../../cli/line-output.js';

/** A stream that keeps what each write was given. */
function recorder(): { write(text: string): boolean; writes: string[] } {
    const writes: string[] = [];
    return { writes, write: text => { writes.push(text); return true; } };
}

// `segplan check` and `segplan flows` print a line per finding or flow through writeLines.
describe('line output', () => {
    it('writes every line followed by a line feed, in order, whatever the batch size', () => {
        const line = fc.string({ unit: fc.constantFrom('a', 'é', '中', '😀', ' ', '→'), maxLength: 60 });
        fc.assert(fc.property(fc.array(line, { maxLength: 200 }), fc.integer({ min: 1, max: 500 }), (lines, batch) => {
            const out = recorder();
            writeLines(out, lines, batch);
            assert.equal(out.writes.join(''), lines.map(l => `${l}\n`).join(''));
            assert.ok(out.writes.every(w => w.endsWith('\n')), 'a write ends at a line end');
        }), { seed: 6203, numRuns: 200 });
    });

    it('makes a write per batch of lines, not one per line', () => {
        const out = recorder();
        const lines = Array.from({ length: 5_000 }, (_, i) => `plan.segplan:${i + 1}:1 error missing-flow ${'x'.repeat(90)}`);
        writeLines(out, lines);
        const chars = lines.reduce((n, l) => n + l.length + 1, 0);
        // 64 K characters a batch: a write per full batch, and one for the rest.
        assert.ok(out.writes.length <= Math.ceil(chars / (1 << 16)) + 1, `${out.writes.length} writes for ${lines.length} lines`);
        assert.ok(out.writes.length > 1, 'a large output is not held whole');
    });

    it('writes nothing for no lines', () => {
        const out = recorder();
        writeLines(out, []);
        assert.deepEqual(out.writes, []);
    });
});
