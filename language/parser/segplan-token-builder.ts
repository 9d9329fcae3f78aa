import { DefaultTokenBuilder, RegExpUtils, type Grammar, type GrammarAST, type TokenBuilderOptions } from 'langium';
import type { TokenType, TokenVocabulary } from 'chevrotain';

/**
 * The token a reserved word followed by ':' becomes (`zone : veeam.Proxy in mgmt`): never lexed from
 * text, only given by the lexer (segplan-lexer.ts), and taken by no rule of the grammar. So such a
 * line is not read as the statement its first word starts, and the parser says, at the word, that
 * a word of the language cannot name a component (segplan-parser-messages.ts).
 */
export const RESERVED_NAME = 'RESERVED_NAME';

const reservedNameToken: TokenType = {
    name: RESERVED_NAME,
    // A pattern that never matches, with no first character: the lexer never even tries it.
    PATTERN: { exec: () => null },
    START_CHARS_HINT: [],
    LINE_BREAKS: false
};

/**
 * Langium's token builder, with each terminal's partial pattern made once. Langium made it again
 * for every keyword and terminal pair when it looked for the terminals a keyword could be the
 * start of (its "longer alternatives"), at every start of the server and the CLI. The tokens end
 * with RESERVED_NAME, which the grammar cannot declare (a terminal no rule uses is left out).
 */
export class SegplanTokenBuilder extends DefaultTokenBuilder {
    private readonly partialPatterns = new Map<TokenType, RegExp | undefined>();

    override buildTokens(grammar: Grammar, options?: TokenBuilderOptions): TokenVocabulary {
        const tokens = super.buildTokens(grammar, options);
        return Array.isArray(tokens) ? [...tokens, { ...reservedNameToken }] : tokens;
    }

    protected override findLongerAlt(keyword: GrammarAST.Keyword, terminalTokens: TokenType[]): TokenType[] {
        return terminalTokens.filter(token => {
            const partial = this.partialPatternOf(token);
            return partial !== undefined && (keyword.value.match(partial)?.[0].length ?? 0) > 0;
        });
    }

    /** What RegExpUtils.partialMatches builds from a terminal's pattern, anchored as Langium anchors it. */
    private partialPatternOf(token: TokenType): RegExp | undefined {
        if (!this.partialPatterns.has(token)) {
            const source = (token.PATTERN as RegExp | undefined)?.source;
            this.partialPatterns.set(token, source ? RegExpUtils.partialRegExp(`^${source}$`) : undefined);
        }
        return this.partialPatterns.get(token);
    }
}
