import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { EmptyFileSystem } from 'langium';
import type { TokenType } from 'chevrotain';
import { createSegplanServices } from '../../language/segplan-module.js';
import { HIDDEN_PATTERNS, KEYWORDS, longerAlternativeOf, TERMINALS, tokenize } from '../../language/parser/plan-lexer.js';
import { mulberry32 } from '../helpers/mulberry32.js';
import { mutate, randomPlanText } from './random-plan-text.js';

// The lean parser's lexer must make Langium's tokens: the vocabulary is held to the one Langium
// builds from the grammar (a changed grammar fails here first), and the tokens to its lexer's.

describe('the lean plan lexer', () => {
    const services = createSegplanServices(EmptyFileSystem).Segplan;

    it('has Langium\'s keywords and terminals, in Langium\'s order, with the same longer alternatives', () => {
        const tokens = services.parser.TokenBuilder.buildTokens(services.Grammar, { caseInsensitive: false }) as TokenType[];
        const keywords = tokens.filter(t => typeof t.PATTERN === 'string');
        assert.deepEqual(keywords.map(t => t.name), KEYWORDS);
        for (const keyword of keywords) {
            assert.deepEqual(((keyword.LONGER_ALT ?? []) as TokenType[]).map(t => t.name), [longerAlternativeOf(keyword.name)].filter(Boolean), keyword.name);
        }
        const terminals = tokens.filter(t => typeof t.PATTERN !== 'string');
        const ours = [...Object.entries(HIDDEN_PATTERNS), ...TERMINALS.map(t => [t.name, t.pattern] as const)];
        assert.deepEqual(terminals.map(t => [t.name, (t.PATTERN as RegExp).source]), ours.map(([name, pattern]) => [name, pattern.source]));
        // Keywords come before every terminal, as Chevrotain tries them.
        assert.ok(tokens.findIndex(t => typeof t.PATTERN !== 'string') === keywords.length);
    });

    it('makes the tokens Langium\'s lexer makes, or none where it reports an error (fast-check, seed 7103)', () => {
        const lexer = services.parser.Lexer;
        const names = [...KEYWORDS, ...TERMINALS.map(t => t.name)];
        fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.boolean(), (seed, mutated) => {
            const next = mulberry32(seed);
            const text = mutated ? mutate(next, randomPlanText(next)) : randomPlanText(next);
            const real = lexer.tokenize(text);
            const ours = tokenize(text);
            if (real.errors.length > 0) {
                assert.equal(ours, undefined, JSON.stringify(text));
                return;
            }
            assert.ok(ours, JSON.stringify(text));
            const theirs = real.tokens.map(t => [t.tokenType.name, t.startOffset, t.startOffset + t.image.length]);
            const mine = Array.from({ length: ours.count }, (_, i) => [names[ours.kinds[i]], ours.starts[i], ours.ends[i]]);
            assert.deepEqual(mine, theirs, JSON.stringify(text));
        }), { seed: 7103, numRuns: 2000 });
    });
});
