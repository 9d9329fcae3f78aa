import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { prepareLangiumParser, type CstNode } from 'langium';
import { generateBenchPlan } from '../../bench/plan-generator.js';
import { createTestServices } from '../helpers/services.js';
import { mulberry32 } from '../helpers/mulberry32.js';
import { assertTimeCapped } from '../helpers/time-capped.js';

// SegplanCstNodeBuilder places comments as Langium's own builder does (it only skips the search
// when there are none, and searches from the end): the concrete syntax trees of both parsers are
// the same, node for node, for plans with comments anywhere — before, inside and after statements,
// at the start and end of the file, and broken plans the parser recovers from.

function shape(node: CstNode): unknown {
    const children = 'content' in node ? (node as { content: CstNode[] }).content : undefined;
    const base = [node.offset, node.length, node.hidden, (node as { tokenType?: { name: string } }).tokenType?.name, node.grammarSource?.$type];
    return children ? [...base, children.map(shape)] : base;
}

const COMMENTS = ['// a note', '/* block */', '/* a\nlong\nblock */', '// another'];

describe('the concrete syntax tree builder', () => {
    it('places comments as Langium\'s builder does (fast-check, seed 4242)', async () => {
        const services = await createTestServices();
        const ours = services.parser.LangiumParser;
        const langiums = prepareLangiumParser(services);
        langiums.finalize();
        const base = generateBenchPlan(30).text.split('\n');
        assertTimeCapped(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), seed => {
            const next = mulberry32(seed);
            const lines = [...base];
            // Comments on their own lines, at line ends and between the words of a line.
            for (let i = 0; i < 12; i++) {
                const at = Math.floor(next() * (lines.length + 1));
                const comment = COMMENTS[Math.floor(next() * COMMENTS.length)];
                const where = next();
                if (where < 0.4 || at >= lines.length) lines.splice(at, 0, comment);
                else if (where < 0.7) lines[at] = `${lines[at]} ${comment.startsWith('//') ? comment : comment.replace(/\n/g, ' ')}`;
                else {
                    const words = lines[at].split(' ');
                    words.splice(Math.floor(next() * (words.length + 1)), 0, '/* inside */');
                    lines[at] = words.join(' ');
                }
            }
            if (next() < 0.3) lines.splice(Math.floor(next() * lines.length), 0, 'allow ->'); // a syntax error to recover from
            const text = lines.join('\n');
            assert.deepEqual(shape(ours.parse(text).value.$cstNode!), shape(langiums.parse(text).value.$cstNode!), text);
        }), { seed: 4242, numRuns: 60, timeLimitMs: 60000 });
    });
});
