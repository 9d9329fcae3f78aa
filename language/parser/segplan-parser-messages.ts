import { LangiumParserErrorMessageProvider } from 'langium';
import type { IToken as Token, TokenType } from 'chevrotain';
import { NAME_SPELLING } from './soft-keywords.js';
import { RESERVED_NAME } from './segplan-token-builder.js';

/** What each kind of token is, in the words of someone writing a plan. */
const TOKEN_WORDS: Record<string, string> = {
    ID: 'a name',
    INSTANCE_NAME: 'a name',
    STRING: 'a text in double quotes',
    INT: 'a number',
    // Where either is expected, one word says both.
    IPV4: 'an address',
    IPV6: 'an address',
    DIGIT_HOST_NAME: 'a host name',
    PORT_RANGE: 'a port range such as 2500-3300',
    PORT_OPEN: "a first port such as '9082+'",
    DATE: 'a date (YYYY-MM-DD)',
    EOF: 'the end of the file'
};

function isKeyword(type: TokenType): boolean {
    return type.name.endsWith(':KW') || /^[^A-Z_]/.test(type.name);
}

function keywordOf(type: TokenType): string {
    return type.name.endsWith(':KW') ? type.name.slice(0, -3) : type.name;
}

function expectedWords(type: TokenType): string {
    return TOKEN_WORDS[type.name] ?? `'${keywordOf(type)}'`;
}

/** `a, b or c` */
function orList(words: readonly string[]): string {
    return words.length <= 2 ? words.join(' or ') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function found(token: Token): string {
    if (token.tokenType.name === 'EOF') return 'the end of the file';
    const word = (isKeyword(token.tokenType) || token.tokenType.name === RESERVED_NAME) && /^[a-z]/.test(token.image);
    return word ? `the keyword '${token.image}'` : `'${token.image}'`;
}

/**
 * Whether the parser expected more of a statement than its line gave: what it found instead starts
 * a later line. The error belongs at the end of the unfinished line, not on the next one, which
 * may be fine (segplan-document-validator.ts places it).
 */
export function endsTooEarly(actual: Token, previous: Token | undefined): boolean {
    return !!previous && Number.isFinite(previous.endLine) && Number.isFinite(actual.startLine) && actual.startLine! > previous.endLine!;
}

/** The message's `but found …`, or that the line ended where more was expected. */
function butFound(actual: Token | undefined, previous: Token | undefined): string {
    if (!actual) return 'but found nothing';
    if (endsTooEarly(actual, previous)) return 'but the line ends here';
    return `but found ${found(actual)}`;
}

/** The start of the message for text after a finished statement, where only a new statement may start. */
export const NOT_UNDERSTOOD = 'SegPlan does not understand';

/** What every place says where a reserved word stands for a name, with where the words are listed. */
export function reservedWordSentence(word: string): string {
    return `'${word}' is a word of the language and cannot be used as a name (the reserved words are listed under "Names and reserved words" in the language reference).`;
}

/** What is said at a component named with a reserved word (`about : veeam.Proxy in mgmt`); the editor offers a rename there. */
export function reservedComponentNameMessage(word: string): string {
    return `${reservedWordSentence(word)} Give the component another name.`;
}

const LINE_STARTS = "a line starts with plan, import, zone, site, pair, use, set, allow, deny, require, platform or vendor, or places a component: 'name : vendor.Type in zone'";

const PROTOCOLS = new Set(['tcp', 'udp', 'tcp/udp']);

/** The rules whose endpoints (`allow a, b -> c`) may be followed by what these rules read: `->`, ',', a protocol. */
const RULES = new Set(['AllowRule', 'DenyRule', 'Requirement', 'Protocol', 'RuleEndpoint']);

const HOST_NAME_IN_RULE = " Rules name components and zones, not host names: place the host on a component's line "
    + '(name : vendor.Type in zone at host.example.com) and name the component.';

/** Parser errors that say what was expected in plan terms, not in token names. */
export class SegplanParserErrorMessages extends LangiumParserErrorMessageProvider {
    /** @param softKeywords the keywords that are also names (soft-keywords.ts) */
    constructor(private readonly softKeywords: ReadonlySet<string>) {
        super();
    }

    override buildMismatchTokenMessage({ expected, actual, previous, ruleName }: { expected: TokenType; actual: Token; previous: Token; ruleName: string }): string {
        // The parser's recovery skips what follows a finished statement up to the next one: that text is the mistake.
        if (expected.name === 'EOF') return this.buildNotAllInputParsedMessage({ firstRedundant: actual, ruleName: '' });
        const hint = expected.name === 'ID' ? this.reservedWordHint(actual, previous) : this.hostNameInRuleHint(actual, previous, ruleName);
        return `Expected ${expectedWords(expected)} here, ${butFound(actual, previous)}.${hint}`;
    }

    /** A host name where a rule's endpoint goes (`allow vbr -> backup.corp.local`): rules name components. */
    private hostNameInRuleHint(actual: Token | undefined, previous: Token | undefined, ruleName: string): string {
        if (!actual || !RULES.has(ruleName.replace(/\W/g, ''))) return '';
        const dotAfterName = actual.image === '.' && !!previous && (previous.tokenType.name === 'ID' || this.softKeywords.has(previous.image)) && !endsTooEarly(actual, previous);
        return dotAfterName || actual.tokenType.name === 'DIGIT_HOST_NAME' ? HOST_NAME_IN_RULE : '';
    }

    /** Where a name goes: that the word found there (`allow zone -> …`) is a word of the language. */
    private reservedWordHint(actual: Token | undefined, previous: Token | undefined): string {
        if (!actual || endsTooEarly(actual, previous) || !this.isReservedWord(actual)) return '';
        return ` ${reservedWordSentence(actual.image)}`;
    }

    private isReservedWord(token: Token): boolean {
        return token.tokenType.name === RESERVED_NAME || (isKeyword(token.tokenType) && NAME_SPELLING.test(token.image) && !this.softKeywords.has(token.image));
    }

    override buildNotAllInputParsedMessage({ firstRedundant }: { firstRedundant: Token; ruleName: string }): string {
        // A reserved word before ':' (`about : veeam.Proxy in mgmt`): a component named with it.
        if (firstRedundant.tokenType.name === RESERVED_NAME) return reservedComponentNameMessage(firstRedundant.image);
        return `${NOT_UNDERSTOOD} ${found(firstRedundant)} here: ${LINE_STARTS}.`;
    }

    override buildNoViableAltMessage({ expectedPathsPerAlt, actual, previous, ruleName }: { expectedPathsPerAlt: TokenType[][][]; actual: Token[]; previous: Token; customUserDescription: string; ruleName: string }): string {
        let types = expectedPathsPerAlt.flatMap(alt => alt.map(path => path[0])).filter(Boolean);
        // Where a name goes, the keywords that are also names (`database`) are names: "a name" says them all.
        if (types.some(type => type.name === 'ID')) types = types.filter(type => !this.softKeywords.has(keywordOf(type)));
        if (types.length > 0 && types.every(type => type.name === 'ID')) return this.buildMismatchTokenMessage({ expected: types[0], actual: actual[0], previous, ruleName });
        const firsts = [...new Set(types.map(expectedWords))];
        const list = firsts.length > 6 ? `${firsts.slice(0, 6).join(', ')}, …` : orList(firsts);
        // A protocol where a rule's endpoint goes is an endpoint left out (`allow vbr -> tcp 443`), not a name.
        const where = types.some(type => type.name === 'ID') && !PROTOCOLS.has(actual[0]?.image) ? this.reservedWordHint(actual[0], previous) : '';
        // A host name is one word of the language only with its domain (`host.corp.local`).
        const hint = where && types.some(type => type.name === 'DIGIT_HOST_NAME')
            ? ` A host name may have '${actual[0].image}' as a label (${actual[0].image}.corp.local) but cannot be only that word of the language.`
            : where || this.hostNameInRuleHint(actual[0], previous, ruleName);
        return `Expected ${list} here, ${butFound(actual[0], previous)}.${hint}`;
    }

    override buildEarlyExitMessage({ expectedIterationPaths, actual, previous }: { expectedIterationPaths: TokenType[][]; actual: Token[]; previous: Token; customUserDescription: string; ruleName: string }): string {
        const firsts = [...new Set(expectedIterationPaths.map(path => path[0]).filter(Boolean).map(expectedWords))];
        return `Expected at least one ${orList(firsts)} here, ${butFound(actual[0], previous)}.`;
    }
}
