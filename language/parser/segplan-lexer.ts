import { DefaultLexer, type LangiumCoreServices, type LexerResult, type TokenizeOptions } from 'langium';
import type { TokenType } from 'chevrotain';
import { softKeywords } from './soft-keywords.js';

/**
 * Langium's lexer, except that a name followed by ':' becomes an INSTANCE_NAME. Only a component
 * (`proxy : veeam.Proxy in backup`) has a name before ':', so such a name always starts a
 * statement, and statements start with a keyword or with it. As a plain name, a statement left
 * unfinished on the line above took it for one of its own (`allow vbr -> proxy tcp 6160,` read
 * the next component's name as a port setting, `zone lab` as its address), and that component was
 * lost in the errors that followed; as an INSTANCE_NAME no other statement can take it, and the
 * parser's recovery ends the broken statement there. A keyword that is also a name (`database`,
 * `monitors`: soft-keywords.ts) followed by ':' is a component's name too. The lean parser's lexer
 * does the same (plan-lexer.ts).
 */
export class SegplanLexer extends DefaultLexer {
    private readonly names: ReadonlySet<TokenType>;
    private readonly colon: TokenType;
    private readonly instanceName: TokenType;

    constructor(services: LangiumCoreServices) {
        super(services);
        const words = [...softKeywords(services.Grammar)];
        this.names = new Set([this.definition.ID, ...words.map(word => this.definition[word])].filter(Boolean));
        this.colon = this.definition[':'];
        this.instanceName = this.definition.INSTANCE_NAME;
    }

    override tokenize(text: string, options?: TokenizeOptions): LexerResult {
        const result = super.tokenize(text, options);
        const tokens = result.tokens;
        for (let i = 1; i < tokens.length; i++) {
            if (tokens[i].tokenType === this.colon && this.names.has(tokens[i - 1].tokenType)) {
                tokens[i - 1].tokenType = this.instanceName;
                tokens[i - 1].tokenTypeIdx = this.instanceName.tokenTypeIdx!;
            }
        }
        return result;
    }
}
