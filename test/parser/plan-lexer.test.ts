import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { EmptyFileSystem } from 'langium';
import type { TokenType } from 'chevrotain';
import { createSegplanServices } from '../../language/segplan-module.js';
import { HIDDEN_PATTERNS, KEYWORDS, longerAlternativesOf, SOFT_KEYWORDS, TERMINALS, tokenize } from '../../language/parser/lean/plan-lexer.js';
import { softKeywords } from '../../language/parser/soft-keywords.js';
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
            assert.deepEqual(((keyword.LONGER_ALT ?? []) as TokenType[]).map(t => t.name), longerAlternativesOf(keyword.name), keyword.name);
        }
        // The last token is the one the lexer gives a reserved word before ':' (no terminal of the grammar, never lexed from text).
        assert.equal(tokens[tokens.length - 1].name, 'RESERVED_NAME');
        const terminals = tokens.slice(0, -1).filter(t => typeof t.PATTERN !== 'string');
        const ours = [...Object.entries(HIDDEN_PATTERNS), ...TERMINALS.map(t => [t.name, t.pattern] as const)];
        assert.deepEqual(terminals.map(t => [t.name, (t.PATTERN as RegExp).source]), ours.map(([name, pattern]) => [name, pattern.source]));
        // Keywords come before every terminal, as Chevrotain tries them.
        assert.ok(tokens.findIndex(t => typeof t.PATTERN !== 'string') === keywords.length);
    });

    it('takes the keywords the grammar\'s `Name` rule lists for names, and makes each a component\'s name before \':\'', () => {
        assert.deepEqual([...SOFT_KEYWORDS].sort(), [...softKeywords(services.Grammar)].sort());
        for (const word of SOFT_KEYWORDS) sameTokens(`${word} : veeam.Proxy in ${word} managed by ${word}\n${word}:x`);
    });

    it('makes a word or number against a dot a host name\'s label, and a reserved word before \':\' a RESERVED_NAME, as Langium\'s lexer does', () => {
        for (const text of ['at host.example.com, zone.corp.example, any.example.net', 'at db.007.at.example, host.1.example.com, 10.20.example.com, x.1-2.y, os.2024-01-31.z',
            'at 2fa.zone.example, a.9b.example, host. example, host .example, host/* c */.example, a.10.0.0.0/24.b, backup.', 'use veeam.InstantRecovery\nallow a -> b tcp veeam.CloudConnectPort',
            'zone : veeam.Proxy in mgmt', 'about: x', 'host.zone : x', 'deny : x', 'any :: x']) sameTokens(text);
        const kinds = (text: string) => { const t = tokenize(text)!; return Array.from({ length: t.count }, (_, i) => names[t.kinds[i]]); };
        assert.deepEqual(kinds('at host.site.zone'), ['at', 'ID', '.', 'ID', '.', 'ID']);
        assert.deepEqual(kinds('at host.1.zone'), ['at', 'ID', '.', 'ID']);
        assert.deepEqual(kinds('at host. zone'), ['at', 'host', '.', 'zone']);
        assert.deepEqual(kinds('zone : x'), ['RESERVED_NAME', ':', 'ID']);
    });

    const names = [...KEYWORDS, ...TERMINALS.map(t => t.name), 'RESERVED_NAME'];
    function sameTokens(text: string): void {
        const real = services.parser.Lexer.tokenize(text);
        const ours = tokenize(text);
        if (real.errors.length > 0) {
            assert.equal(ours, undefined, JSON.stringify(text));
            return;
        }
        assert.ok(ours, JSON.stringify(text));
        const theirs = real.tokens.map(t => [t.tokenType.name, t.startOffset, t.startOffset + t.image.length]);
        const mine = Array.from({ length: ours.count }, (_, i) => [names[ours.kinds[i]], ours.starts[i], ours.ends[i]]);
        assert.deepEqual(mine, theirs, JSON.stringify(text));
    }

    it('makes the tokens Langium\'s lexer makes, or none where it reports an error (fast-check, seed 7103)', () => {
        fc.assert(fc.property(fc.integer({ min: 0, max: 2 ** 31 - 1 }), fc.boolean(), (seed, mutated) => {
            const next = mulberry32(seed);
            sameTokens(mutated ? mutate(next, randomPlanText(next)) : randomPlanText(next));
        }), { seed: 7103, numRuns: 2000 });
    });

    // Text on the edges of the scanners that stand in for the terminals' patterns: hex digits
    // before a colon (IPV6), digits before a letter, dash, dot or plus (host names, addresses,
    // dates, ranges), names ending in dashes, escapes before a line end, Unicode spaces, control
    // characters beside the ASCII white space.
    it('makes Langium\'s tokens on text made of digits, hex letters and the characters that end them (fast-check, seed 7104)', () => {
        const pieces = ['1', '12', '2024', '0', 'a', 'F', 'e', 'x', 'Z', '_', '-', '--', '.', ':', '::', '+', '/', '/24', '"', '\\', '\\\u2028', '\\\r', '\n', '\r', ' ', '\u00a0', '\u2028', '\t', '\v', '\f', '\u000e', '\u0008',
            'allow', 'any', 'at', 'zone', 'tcp/udp', '->', ',', 'db-1', '10.0.0.1', 'fe80::1', '2024-01-31', '443-445', '9082+'];
        fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 24 }), parts => sameTokens(parts.join(''))), { seed: 7104, numRuns: 4000 });
    });

    it('makes Langium\'s tokens on the edges of strings, names and numbers', () => {
        for (const text of ['"a\\\u2028b"', '"a\\\u2029b"', '"a\\\rb"', '"a\\\nb"', '"a\\"b"', '"a\\', '"a\nb"', 'db-- x', 'x-1-', 'fe80::1', 'abcd:', 'abcde::1',
            '1a.b', '1-a.b', '1_.x', '2024-01-31x', '20240-01-31', '10.0.0.1/24', '10.0.0.1-10.0.0.9', '443-', '443+', '1+2', '7\u00a0\u00a0x']) sameTokens(text);
    });
});
