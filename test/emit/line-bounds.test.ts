import * as assert from 'node:assert/strict';
import { chunkedResult, type Emitter } from '../../language/emit/emitter.js';
import { checkLineLengths, OutputLineTooLongError, piecesOf } from '../../language/emit/line-bounds.js';
import { EMITTERS } from '../../language/emit/registry.js';

/** The gate every output passes, and the splitting of long lists. */

const emitter = (maxLineLength: number): Emitter => ({
    id: 'test-target', label: 'Test', detail: '', languageId: 'plaintext', fileSuffix: 'txt', maxLineLength,
    emit: () => ({ text: '', warnings: [] })
});

describe('line lengths', function () {
    it('every target declares a maximum line length below 10,240 (iptables-restore) or its own reader\'s', function () {
        for (const e of EMITTERS) {
            assert.ok(Number.isInteger(e.maxLineLength) && e.maxLineLength >= 512, e.id);
            if (!['csv', 'markdown'].includes(e.id)) assert.ok(e.maxLineLength < 10_240, e.id);
        }
    });

    it('an output with a longer line is refused, naming the target and the line', function () {
        assert.doesNotThrow(() => checkLineLengths(emitter(5), { text: '12345\nabc\r\n12345', warnings: [] }));
        assert.throws(() => checkLineLengths(emitter(5), { text: '12345\n123456\n', warnings: [] }),
            (e: unknown) => e instanceof OutputLineTooLongError && e.line === 2 && e.length === 6 && /test-target output's line 2 has 6 characters, more than the 5/.test(e.message));
    });

    it('lines are counted across chunks, and a line in the last chunk is checked too', function () {
        assert.throws(() => checkLineLengths(emitter(3), chunkedResult(['a\nbb', 'ccc\ndddd'], [])), (e: unknown) => e instanceof OutputLineTooLongError && e.line === 4);
        assert.doesNotThrow(() => checkLineLengths(emitter(3), chunkedResult(['a\nbb', 'ccc\nddd'], [])));
    });

    it('a list is split into pieces within the width, never cut: the pieces hold every item in order', function () {
        const items = Array.from({ length: 500 }, (_, i) => `10.0.${i >> 8}.${i & 255}/32`);
        const pieces = piecesOf(items, ',', 100);
        assert.ok(pieces.length > 1);
        for (const p of pieces) assert.ok(p.length <= 100, p);
        assert.deepEqual(pieces.join(',').split(','), items);
        assert.deepEqual(piecesOf(['a', 'b'], ', ', 100), ['a, b']);
        assert.deepEqual(piecesOf([], ', ', 100), []);
        assert.deepEqual(piecesOf(['x'.repeat(20), 'y'], ' ', 10), ['x'.repeat(20), 'y']);
    });
});
