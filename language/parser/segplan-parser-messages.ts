import { LangiumParserErrorMessageProvider } from 'langium';
import type { IToken as Token, TokenType } from 'chevrotain';

/** What each kind of token is, in the words of someone writing a plan. */
const TOKEN_WORDS: Record<string, string> = {
    ID: 'a name',
    STRING: 'a text in double quotes',
    INT: 'a number',
    // Where either is expected, one word says both.
    IPV4: 'an address',
    IPV6: 'an address',
    PORT_RANGE: 'a port range such as 2500-3300',
    PORT_OPEN: "a first port such as '9082+'",
    DATE: 'a date (YYYY-MM-DD)',
    EOF: 'the end of the file'
};

function isKeyword(type: TokenType): boolean {
    return type.name.endsWith(':KW') || /^[^A-Z_]/.test(type.name);
}

function expectedWords(type: TokenType): string {
    if (TOKEN_WORDS[type.name]) return TOKEN_WORDS[type.name];
    const keyword = type.name.endsWith(':KW') ? type.name.slice(0, -3) : type.name;
    return `'${keyword}'`;
}

/** `a, b or c` */
function orList(words: readonly string[]): string {
    return words.length <= 2 ? words.join(' or ') : `${words.slice(0, -1).join(', ')} or ${words[words.length - 1]}`;
}

function found(token: Token): string {
    if (token.tokenType.name === 'EOF') return 'the end of the file';
    return isKeyword(token.tokenType) && /^[a-z]/.test(token.image) ? `the keyword '${token.image}'` : `'${token.image}'`;
}

const LINE_STARTS = "a line starts with plan, import, zone, site, pair, use, set, allow, platform or vendor, or places a component: 'name : vendor.Type in zone'";

/** Parser errors that say what was expected in plan terms, not in token names. */
export class SegplanParserErrorMessages extends LangiumParserErrorMessageProvider {
    override buildMismatchTokenMessage({ expected, actual }: { expected: TokenType; actual: Token; previous: Token; ruleName: string }): string {
        const hint = expected.name === 'ID' && isKeyword(actual.tokenType)
            ? ` '${actual.image}' is a word of the language and cannot be used as a name.` : '';
        return `Expected ${expectedWords(expected)} here, but found ${found(actual)}.${hint}`;
    }

    override buildNotAllInputParsedMessage({ firstRedundant }: { firstRedundant: Token; ruleName: string }): string {
        return `SegPlan does not understand ${found(firstRedundant)} here: ${LINE_STARTS}.`;
    }

    override buildNoViableAltMessage({ expectedPathsPerAlt, actual }: { expectedPathsPerAlt: TokenType[][][]; actual: Token[]; previous: Token; customUserDescription: string; ruleName: string }): string {
        const firsts = [...new Set(expectedPathsPerAlt.flatMap(alt => alt.map(path => path[0])).filter(Boolean).map(expectedWords))];
        const list = firsts.length > 6 ? `${firsts.slice(0, 6).join(', ')}, …` : orList(firsts);
        return `Expected ${list} here, but found ${actual[0] ? found(actual[0]) : 'nothing'}.`;
    }

    override buildEarlyExitMessage({ expectedIterationPaths, actual }: { expectedIterationPaths: TokenType[][]; actual: Token[]; previous: Token; customUserDescription: string; ruleName: string }): string {
        const firsts = [...new Set(expectedIterationPaths.map(path => path[0]).filter(Boolean).map(expectedWords))];
        return `Expected at least one ${orList(firsts)} here, but found ${actual[0] ? found(actual[0]) : 'nothing'}.`;
    }
}
