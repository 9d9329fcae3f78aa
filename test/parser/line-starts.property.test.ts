import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { lineStarts, TextLines } from '../../language/parser/lean/lean-cst.js';

/** Where each line starts, character by character, as Chevrotain counts lines (`\r\n`, `\n`, `\r`). */
function lineStartsByCharacter(text: string): number[] {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 13) {
            if (text.charCodeAt(i + 1) === 10) i++;
            starts.push(i + 1);
        } else if (c === 10) starts.push(i + 1);
    }
    return starts;
}

describe('line starts of a lean parse', () => {
    it('are where a walk over every character puts them, for any mix of line ends (fast-check, seed 6101)', () => {
        const text = fc.array(fc.constantFrom('a', 'zone', ' ', '\n', '\r', '\r\n', '\n\r', '\r\r', '\n\n'), { maxLength: 40 }).map(parts => parts.join(''));
        fc.assert(fc.property(text, t => assert.deepEqual(Array.from(lineStarts(t)), lineStartsByCharacter(t), JSON.stringify(t))), { seed: 6101, numRuns: 3000 });
    });

    it('give positions: after `\\r\\n` the next line, after a lone `\\r` too', () => {
        const lines = new TextLines('a\r\nb\rc\nd');
        assert.deepEqual([0, 3, 5, 7].map(o => lines.position(o)), [{ line: 0, character: 0 }, { line: 1, character: 0 }, { line: 2, character: 0 }, { line: 3, character: 0 }]);
    });
});
