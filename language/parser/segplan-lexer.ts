import { DefaultLexer, type LangiumCoreServices, type LexerResult, type TokenizeOptions } from 'langium';
import type { IToken, TokenType } from 'chevrotain';
import { NAME_SPELLING, softKeywords } from './soft-keywords.js';
import { RESERVED_NAME } from './segplan-token-builder.js';

/** The terminals a label of a host name can lex as, besides a name and a word of the language: `1`, `007`, `2024-01-31`, `1-2`, `9b.example`. */
const NUMBER_LABELS = ['INT', 'DATE', 'PORT_RANGE', 'DIGIT_HOST_NAME'];
/** What an IPV4 token holds when it is labels of a host name (`host.10.20.example`): no prefix length. */
const DOTTED_LABELS = /^[\w-]+(?:\.[\w-]+)*$/;

/**
 * Langium's lexer, with the two places where what a word is depends on what touches it.
 *
 * A host name's labels are labels, whatever they spell (`host.example.com`, `backup.site.local`,
 * `db.007.corp`): a word or a number written against a '.' that is written against another label
 * is a name (ID). A dotted name is otherwise only a component type, feature, port setting or
 * guardrail (`veeam.Proxy`), whose parts are names already; a word of the language never touches a
 * dot in any statement. A label a space parts from its '.' stays what it is, so a host name left
 * unfinished at a line's end (`at backup.`) does not take the next line's first word.
 *
 * A name followed by ':' becomes an INSTANCE_NAME. Only a component (`proxy : veeam.Proxy in
 * backup`) has a name before ':', so such a name always starts a statement, and statements start
 * with a keyword or with it. As a plain name, a statement left unfinished on the line above took it
 * for one of its own (`allow vbr -> proxy tcp 6160,` read the next component's name as a port
 * setting, `zone lab` as its address), and that component was lost in the errors that followed; as
 * an INSTANCE_NAME no other statement can take it, and the parser's recovery ends the broken
 * statement there. A keyword that is also a name (`database`, `monitors`: soft-keywords.ts)
 * followed by ':' is a component's name too. A reserved word followed by ':' (`zone : veeam.Proxy`)
 * becomes a RESERVED_NAME, which no statement takes: the parser says at the word that it cannot be a
 * name, and the line is not read as the statement the word starts.
 *
 * The lean parser's lexer does the same (plan-lexer.ts).
 */
export class SegplanLexer extends DefaultLexer {
    private readonly names: ReadonlySet<TokenType>;
    private readonly reserved: ReadonlySet<TokenType>;
    private readonly labels: ReadonlySet<TokenType>;
    private readonly id: TokenType;
    private readonly dot: TokenType;
    private readonly ipv4: TokenType;
    private readonly colon: TokenType;
    private readonly instanceName: TokenType;
    private readonly reservedName: TokenType;

    constructor(services: LangiumCoreServices) {
        super(services);
        const words = [...softKeywords(services.Grammar)];
        const definition = this.definition;
        this.id = definition.ID;
        this.names = new Set([this.id, ...words.map(word => definition[word])].filter(Boolean));
        const wordsSpeltLikeNames = Object.values(definition).filter(type => typeof type.PATTERN === 'string' && NAME_SPELLING.test(type.PATTERN));
        this.reserved = new Set(wordsSpeltLikeNames.filter(type => !this.names.has(type)));
        this.labels = new Set([this.id, ...wordsSpeltLikeNames, ...NUMBER_LABELS.map(name => definition[name])].filter(Boolean));
        this.dot = definition['.'];
        this.ipv4 = definition.IPV4;
        this.colon = definition[':'];
        this.instanceName = definition.INSTANCE_NAME;
        this.reservedName = definition[RESERVED_NAME];
    }

    override tokenize(text: string, options?: TokenizeOptions): LexerResult {
        const result = super.tokenize(text, options);
        const tokens = result.tokens;
        for (let i = 2; i < tokens.length; i++) {
            const before = tokens[i - 2], dot = tokens[i - 1], after = tokens[i];
            if (dot.tokenType === this.dot && touch(before, dot) && touch(dot, after) && this.isLabel(before) && this.isLabel(after)) {
                retype(before, this.id);
                retype(after, this.id);
            }
        }
        for (let i = 1; i < tokens.length; i++) {
            if (tokens[i].tokenType !== this.colon) continue;
            const name = tokens[i - 1];
            if (this.names.has(name.tokenType)) retype(name, this.instanceName);
            else if (this.reserved.has(name.tokenType)) retype(name, this.reservedName);
        }
        return result;
    }

    private isLabel(token: IToken): boolean {
        return this.labels.has(token.tokenType) || (token.tokenType === this.ipv4 && DOTTED_LABELS.test(token.image));
    }
}

/** Whether `b` starts where `a` ends: nothing, not even a comment, between them. */
function touch(a: IToken, b: IToken): boolean {
    return a.startOffset + a.image.length === b.startOffset;
}

function retype(token: IToken, type: TokenType): void {
    if (token.tokenType === type) return;
    token.tokenType = type;
    token.tokenTypeIdx = type.tokenTypeIdx!;
}
