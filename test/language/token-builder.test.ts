import * as assert from 'node:assert/strict';
import { DefaultTokenBuilder } from 'langium';
import type { TokenType } from 'chevrotain';
import { SegplanTokenBuilder } from '../../language/parser/segplan-token-builder.js';
import { createTestServices } from '../helpers/services.js';

/** Each token's name, pattern and the names of the terminals a keyword could be the start of. */
function described(tokens: TokenType[]): string[] {
    const alternatives = (t: TokenType) => [t.LONGER_ALT ?? []].flat().map(alt => alt.name).join('|');
    return tokens.map(t => `${t.name} ${String(t.PATTERN)} ${t.GROUP ?? ''} longer: ${alternatives(t)}`);
}

describe('the token builder', () => {
    it('builds the same tokens as Langium\'s, longer alternatives included, and then the one for a reserved word before \':\'', async () => {
        const services = await createTestServices();
        const grammar = services.Grammar;
        const ours = services.parser.TokenBuilder;
        assert.ok(ours instanceof SegplanTokenBuilder);
        const build = (builder: DefaultTokenBuilder) => described(builder.buildTokens(grammar, { caseInsensitive: false }) as TokenType[]);
        const expected = build(new DefaultTokenBuilder());
        const built = build(new SegplanTokenBuilder());
        assert.deepEqual(built.slice(0, -1), expected);
        assert.match(built[built.length - 1], /^RESERVED_NAME /);
        // Some keywords are the start of a terminal (names, words): otherwise this compares nothing.
        assert.ok(expected.some(t => !t.endsWith('longer: ')), expected.join('\n'));
    });
});
