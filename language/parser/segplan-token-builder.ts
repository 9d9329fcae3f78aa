import { DefaultTokenBuilder, RegExpUtils, type GrammarAST } from 'langium';
import type { TokenType } from 'chevrotain';

/**
 * Langium's token builder, with each terminal's partial pattern made once. Langium made it again
 * for every keyword and terminal pair when it looked for the terminals a keyword could be the
 * start of (its "longer alternatives"), at every start of the server and the CLI.
 */
export class SegplanTokenBuilder extends DefaultTokenBuilder {
    private readonly partialPatterns = new Map<TokenType, RegExp | undefined>();

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
