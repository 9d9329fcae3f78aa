import { LangiumCompletionParser, LangiumParser, type AstNode, type CompletionParserResult, type LangiumCoreServices, type ParseResult, type ParserOptions } from 'langium';
import type { IParserErrorMessageProvider, IRecognitionException } from 'chevrotain';
import { parseWithoutStacks } from './parse-without-stacks.js';
import { RESERVED_NAME } from './segplan-token-builder.js';

/**
 * Langium's parser, except that every component named with a reserved word (`zone : veeam.Proxy
 * in mgmt`) is reported, each at its word. No statement starts with such a name (a RESERVED_NAME,
 * segplan-lexer.ts), so the parser's recovery skips it to the next statement: of several such lines
 * in a row only the first was reported, and one after a line left unfinished not at all.
 */
export class SegplanLangiumParser extends LangiumParser {
    private readonly messages: IParserErrorMessageProvider;

    constructor(services: LangiumCoreServices) {
        super(services);
        this.messages = services.parser.ParserErrorMessageProvider;
    }

    override parse<T extends AstNode = AstNode>(input: string, options?: ParserOptions): ParseResult<T> {
        const result = parseWithoutStacks(() => super.parse<T>(input, options));
        // A reserved name is always a syntax error, so a text without one has none.
        if (result.parserErrors.length === 0) return result;
        // What each error says, by where: a reserved name may be the token of an error about the line before it.
        const reported = new Set(result.parserErrors.map(error => `${error.token.startOffset} ${error.message}`));
        for (const token of this.lexer.tokenize(input).tokens) {
            if (token.tokenType.name !== RESERVED_NAME) continue;
            const message = this.messages.buildNotAllInputParsedMessage({ firstRedundant: token, ruleName: '' });
            if (reported.has(`${token.startOffset} ${message}`)) continue;
            result.parserErrors.push({ name: 'NotAllInputParsedException', message, token, resyncedTokens: [], context: { ruleStack: [], ruleOccurrenceStack: [] } } as IRecognitionException);
        }
        return result;
    }
}

/** Langium's parser for completion, which parses the text up to the cursor: broken text, always. */
export class SegplanCompletionParser extends LangiumCompletionParser {
    override parse(input: string): CompletionParserResult {
        return parseWithoutStacks(() => super.parse(input));
    }
}
