import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { JoinedLines } from '../../language/emit/joined-lines.js';

// An emitter's lines are joined in chunks as they come (language/emit/joined-lines.ts): the text
// must be the one joining them all at the end makes, wherever the chunks end.
describe('lines joined in chunks', () => {
    it('make the text one join of all lines makes, wherever the chunks end', () => {
        const line = fc.oneof(fc.constant(''), fc.string({ maxLength: 12 }), fc.constant('\n'));
        fc.assert(fc.property(fc.array(fc.array(line, { minLength: 0, maxLength: 4 }), { maxLength: 400 }), pushes => {
            const joined = new JoinedLines();
            for (const lines of pushes) for (const l of lines) joined.push(l);
            assert.equal(joined.chunked().join('\n'), pushes.flat().join('\n'));
        }), { seed: 5301, numRuns: 300 });
    });

    it('keep lines pushed after the text was read', () => {
        const joined = new JoinedLines();
        for (let i = 0; i < 700; i++) joined.push(`line ${i}`);
        assert.equal(joined.chunked().join('\n').split('\n').length, 700);
        joined.push('');
        joined.push('last');
        assert.equal(joined.chunked().join('\n'), [...Array.from({ length: 700 }, (_, i) => `line ${i}`), '', 'last'].join('\n'));
    });

    it('make no chunk of nothing', () => {
        assert.deepEqual(new JoinedLines().chunked(), []);
        const one = new JoinedLines();
        one.push('');
        assert.deepEqual(one.chunked(), ['']);
    });
});
