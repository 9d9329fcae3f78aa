/**
 * The token stream Langium's lexer makes of a .segplan text, without token objects: kinds and
 * offsets in flat arrays. The CLI's lean parser (lean-plan-parser.ts) reads it; a test holds the
 * keywords, terminals and their order to the ones Langium builds from the grammar.
 *
 * Chevrotain tries the keywords (longest first) and then the terminals in the grammar's order, and
 * takes the first that matches, not the longest. A keyword that matches gives way to one of its
 * "longer alternatives" (ID for a word, IPV6 for `:`) when that matches more text: `allowed`,
 * `zone-a` and `zones2` are names. The same regular expressions run here, at the same place, in
 * the same order, so the tokens are the same. Where Langium would report a lexer error (a
 * character no token starts with), there is no answer: the caller parses with Langium.
 */

import { NAME_SPELLING } from '../soft-keywords.js';

/** Token kinds: the keywords first (their index in KEYWORDS), then the terminals. */
export const KEYWORDS: readonly string[] = [
    'default-changeable', 'internet-facing', 'host-internal', 'install-only', 'not-required', 'administers',
    'managed-by', 'guardrail', 'publisher', 'component', 'writes-to', 'appliance', 'internet', 'database', 'monitors',
    'platform', 'document', 'abstract', 'managed', 'require', 'edition', 'aliases', 'feature', 'follows', 'manages',
    'tcp/udp', 'windows', 'import', 'behind', 'writes', 'pushed', 'vendor', 'pushes', 'serves', 'except', 'source', 'legacy',
    'zones', 'local', 'allow', 'until', 'scope', 'about', 'quote', 'linux', 'plan', 'zone', 'site', 'pair', 'from', 'deny',
    'seed', 'port', 'flow', 'when', 'esxi', 'host', 'peer', 'nat', '<->', 'use', 'set', 'for', 'any', 'url', 'row',
    'per', 'tcp', 'udp', '->', 'in', 'at', 'os', 'on', 'by', 'to', 'is', ',', ':', '=', '{', '}', '.'
];

const kw = (value: string): number => KEYWORDS.indexOf(value);

export const T_IPV6 = KEYWORDS.length, T_DIGIT_HOST_NAME = T_IPV6 + 1, T_IPV4 = T_IPV6 + 2, T_DATE = T_IPV6 + 3,
    T_PORT_RANGE = T_IPV6 + 4, T_PORT_OPEN = T_IPV6 + 5, T_INT = T_IPV6 + 6, T_ID = T_IPV6 + 7, T_STRING = T_IPV6 + 8,
    T_INSTANCE_NAME = T_IPV6 + 9,
    /** A reserved word followed by ':': no terminal of the grammar, the token Langium's lexer ends with (segplan-token-builder.ts). */
    T_RESERVED_NAME = T_IPV6 + 10;

/** The terminals that are not hidden, in the grammar's order, with Langium's patterns (sticky: they match where the lexer stands). */
export const TERMINALS: ReadonlyArray<{ kind: number; name: string; pattern: RegExp }> = [
    { kind: T_IPV6, name: 'IPV6', pattern: /(?:[0-9a-fA-F]{1,4})?(?::[0-9a-fA-F]{0,4}){2,7}(?:\.\d+){0,3}(?:%[\w.-]*\w)?(?:\/\d+)?(?:-(?:[0-9a-fA-F]{1,4})?(?::[0-9a-fA-F]{0,4}){2,7}(?:\.\d+){0,3})?/y },
    { kind: T_DIGIT_HOST_NAME, name: 'DIGIT_HOST_NAME', pattern: /\d(?:[\w-]*[a-zA-Z_][\w-]*(?:\.[a-zA-Z0-9_](?:[\w-]*\w)?)+|[\d-]*(?:\.[\d-]+)*\.[\w-]*[a-zA-Z_][\w-]*(?:\.[a-zA-Z0-9_](?:[\w-]*\w)?)*)/y },
    { kind: T_IPV4, name: 'IPV4', pattern: /\d+(?:\.\d+)+(?:\/\d+)?(?:-\d+(?:\.\d+)+)?/y },
    { kind: T_DATE, name: 'DATE', pattern: /\d{4}-\d{2}-\d{2}/y },
    { kind: T_PORT_RANGE, name: 'PORT_RANGE', pattern: /\d+-\d+/y },
    { kind: T_PORT_OPEN, name: 'PORT_OPEN', pattern: /\d+\+/y },
    { kind: T_INT, name: 'INT', pattern: /\d+/y },
    { kind: T_ID, name: 'ID', pattern: /[_a-zA-Z](?:[\w\-]*\w)?/y },
    { kind: T_STRING, name: 'STRING', pattern: /"(\\.|[^"\\])*"/y },
    // Never matched by its pattern: ID matches first, and a name a ':' follows becomes one (see segplan-lexer.ts).
    { kind: T_INSTANCE_NAME, name: 'INSTANCE_NAME', pattern: /[_a-zA-Z](?:[\w\-]*\w)?(?=[ \t]*:)/y }
];

/** The hidden terminals, which come before the others: white space is skipped, comments are hidden tokens. */
export const HIDDEN_PATTERNS = { WS: /\s+/y, ML_COMMENT: /\/\*[\s\S]*?\*\//y, SL_COMMENT: /\/\/[^\n\r]*/y } as const;

/**
 * Every terminal Langium lists as a keyword's longer alternative: a name's keywords also list
 * INSTANCE_NAME, which never wins (Chevrotain takes the first alternative that matches more, and
 * ID matches all INSTANCE_NAME does).
 */
export function longerAlternativesOf(keyword: string): string[] {
    const first = longerAlternativeOf(keyword);
    return first === 'ID' ? ['ID', 'INSTANCE_NAME'] : first ? [first] : [];
}

/** For each keyword, the terminal that wins over it when it matches more text (Langium's LONGER_ALT). */
export function longerAlternativeOf(keyword: string): 'ID' | 'IPV6' | undefined {
    if (keyword === ':') return 'IPV6';
    return /^[a-z]/.test(keyword) && keyword !== 'tcp/udp' ? 'ID' : undefined;
}

const COLON = kw(':');
const DOT = kw('.');

const [IPV6, DIGIT_HOST_NAME, IPV4, DATE, PORT_RANGE, PORT_OPEN, INT, ID, STRING] = TERMINALS.map(t => t.pattern);

/** Keyword kinds by the code of their first character, in the order Chevrotain tries them. */
const keywordsByFirst: Array<number[] | undefined> = [];
KEYWORDS.forEach((keyword, kind) => {
    const first = keyword.charCodeAt(0);
    (keywordsByFirst[first] ??= []).push(kind);
});
const longerAlternatives: Array<RegExp | undefined> = KEYWORDS.map(keyword => {
    const alternative = longerAlternativeOf(keyword);
    return alternative === 'ID' ? ID : alternative === 'IPV6' ? IPV6 : undefined;
});

export interface PlanTokens {
    readonly count: number;
    readonly kinds: Uint8Array;
    readonly starts: Int32Array;
    readonly ends: Int32Array;
}

/** Length of `pattern`'s match at `offset`, or -1. */
function matchAt(pattern: RegExp, text: string, offset: number): number {
    pattern.lastIndex = offset;
    return pattern.test(text) ? pattern.lastIndex - offset : -1;
}

const isDigit = (c: number) => c >= 48 && c <= 57;
const isHexLetter = (c: number) => (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
const isIdStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;

// Most of a run's lexing is interpreted code, where each call and each step costs more than a
// pattern's whole match: the shortcuts below are a table look-up or one pattern where the
// grammar's order would try several, and each gives the token those patterns give.

/** 1 for `\w` and `-`, what a name (ID) is made of; 2 for the white space `\s` takes below U+0080. */
const CHARACTER_CLASS = new Uint8Array(128);
for (let c = 0; c < 128; c++) CHARACTER_CLASS[c] = isIdStart(c) || isDigit(c) || c === 45 ? 1 : c === 32 || (c >= 9 && c <= 13) ? 2 : 0;

/**
 * Digits followed by nothing a terminal before INT could take on: IPV6 needs a colon or a hex
 * letter, a host name a letter and a dot, IPV4 a dot, a date or a range a dash, an open range a plus.
 */
const PLAIN_NUMBER = /\d+(?![\w.+:-])/y;

/** The tokens of `text` that the parser sees (no white space, no comments), or undefined where Langium's lexer reports an error. */
export function tokenize(text: string): PlanTokens | undefined {
    let capacity = Math.max(16, text.length >> 2);
    let kinds = new Uint8Array(capacity), starts = new Int32Array(capacity), ends = new Int32Array(capacity);
    let count = 0;
    let offset = 0;
    const length = text.length;
    while (offset < length) {
        const c = text.charCodeAt(offset);
        let kind = -1, size = -1;
        // Keywords first, longest first.
        const keywords = keywordsByFirst[c];
        if (keywords) {
            // Indexed: unoptimized code makes an iterator result per keyword tried in a for…of.
            for (let i = 0; i < keywords.length; i++) {
                const k = keywords[i];
                const keyword = KEYWORDS[k];
                if (text.startsWith(keyword, offset)) {
                    kind = k;
                    size = keyword.length;
                    const alternative = longerAlternatives[k];
                    // A name is longer than its keyword only when a name's character follows.
                    if (alternative && (alternative !== ID || CHARACTER_CLASS[text.charCodeAt(offset + size)] === 1)) {
                        const longer = matchAt(alternative, text, offset);
                        if (longer > size) {
                            kind = alternative === ID ? T_ID : T_IPV6;
                            size = longer;
                        }
                    }
                    break;
                }
            }
        }
        if (kind < 0) {
            // Then the terminals in the grammar's order; the first that matches wins.
            if (c === 32 || c === 10 || c === 13 || c === 9) {
                // Spaces beyond ASCII that may follow are skipped as other white space below.
                offset++;
                while (CHARACTER_CLASS[text.charCodeAt(offset)] === 2) offset++;
                continue;
            }
            if (c === 47) { // '/'
                const comment = Math.max(matchAt(HIDDEN_PATTERNS.ML_COMMENT, text, offset), matchAt(HIDDEN_PATTERNS.SL_COMMENT, text, offset));
                if (comment < 0) return undefined;
                offset += comment;
                continue;
            }
            if (isDigit(c) && (size = matchAt(PLAIN_NUMBER, text, offset)) > 0) kind = T_INT;
            else if (isDigit(c) || isHexLetter(c) || c === 58) {
                size = matchAt(IPV6, text, offset);
                if (size > 0) kind = T_IPV6;
            }
            if (kind < 0 && isDigit(c)) {
                if ((size = matchAt(DIGIT_HOST_NAME, text, offset)) > 0) kind = T_DIGIT_HOST_NAME;
                else if ((size = matchAt(IPV4, text, offset)) > 0) kind = T_IPV4;
                else if ((size = matchAt(DATE, text, offset)) > 0) kind = T_DATE;
                else if ((size = matchAt(PORT_RANGE, text, offset)) > 0) kind = T_PORT_RANGE;
                else if ((size = matchAt(PORT_OPEN, text, offset)) > 0) kind = T_PORT_OPEN;
                else { size = matchAt(INT, text, offset); kind = T_INT; }
            } else if (kind < 0 && isIdStart(c)) {
                size = matchAt(ID, text, offset);
                kind = T_ID;
            } else if (kind < 0 && c === 34) { // '"'
                size = matchAt(STRING, text, offset);
                if (size < 0) return undefined;
                kind = T_STRING;
            } else if (kind < 0) {
                // Any other white space (\s also takes Unicode spaces); anything else is a lexer error.
                const space = matchAt(HIDDEN_PATTERNS.WS, text, offset);
                if (space < 0) return undefined;
                offset += space;
                continue;
            }
        }
        if (count === capacity) {
            capacity *= 2;
            const k = new Uint8Array(capacity); k.set(kinds); kinds = k;
            const s = new Int32Array(capacity); s.set(starts); starts = s;
            const e = new Int32Array(capacity); e.set(ends); ends = e;
        }
        // A word or number written against a '.' written against another label is a host name's label: a name (segplan-lexer.ts).
        if (count > 1 && kinds[count - 1] === DOT && ends[count - 2] === starts[count - 1] && ends[count - 1] === offset
            && isLabel(kind, text, offset, offset + size) && isLabel(kinds[count - 2], text, starts[count - 2], ends[count - 2])) {
            kinds[count - 2] = T_ID;
            kind = T_ID;
        }
        // A name (or a keyword that is also one) followed by ':' is an INSTANCE_NAME, as Langium's lexer makes it (segplan-lexer.ts);
        // a reserved word followed by ':' a RESERVED_NAME.
        if (kind === COLON && count > 0) {
            const before = kinds[count - 1];
            if (IS_NAME[before] === 1) kinds[count - 1] = T_INSTANCE_NAME;
            else if (IS_LABEL[before] === 1 && before < T_IPV6) kinds[count - 1] = T_RESERVED_NAME;
        }
        kinds[count] = kind;
        starts[count] = offset;
        ends[count] = offset + size;
        count++;
        offset += size;
    }
    return { count, kinds, starts, ends };
}

export const K = {
    plan: kw('plan'), import: kw('import'), zone: kw('zone'), internet: kw('internet'), comma: kw(','), behind: kw('behind'),
    nat: kw('nat'), site: kw('site'), zones: kw('zones'), pair: kw('pair'), both: kw('<->'), arrow: kw('->'), colon: kw(':'),
    in: kw('in'), at: kw('at'), os: kw('os'), on: kw('on'), use: kw('use'), set: kw('set'), equals: kw('='), for: kw('for'),
    allow: kw('allow'), deny: kw('deny'), guardrail: kw('guardrail'), until: kw('until'), any: kw('any'), require: kw('require'), installOnly: kw('install-only'),
    per: kw('per'), local: kw('local'), dot: kw('.'), tcp: kw('tcp'), udp: kw('udp'), tcpUdp: kw('tcp/udp'),
    windows: kw('windows'), linux: kw('linux'), esxi: kw('esxi'), appliance: kw('appliance'),
    managed: kw('managed'), by: kw('by'), database: kw('database'), writes: kw('writes'), to: kw('to'), pushed: kw('pushed'),
    from: kw('from'), monitors: kw('monitors'), administers: kw('administers')
} as const;

/**
 * The keywords that are also names (the grammar's `SoftWord` rule): every word added to the
 * language since its first version. A test holds them to the grammar's.
 */
export const SOFT_KEYWORDS: readonly string[] = [
    'managed', 'by', 'database', 'writes', 'to', 'pushed', 'from', 'monitors', 'administers',
    'manages', 'managed-by', 'writes-to', 'pushes', 'serves', 'follows',
    'deny', 'guardrail', 'quote',
    'require', 'document', 'publisher', 'edition', 'url', 'seed', 'esxi', 'appliance', 'per',
    'local'
];

/** 1 for ID and every keyword that is also a name, by token kind. */
export const IS_NAME = new Uint8Array(256);
IS_NAME[T_ID] = 1;
for (const word of SOFT_KEYWORDS) IS_NAME[kw(word)] = 1;

/**
 * 1 for what a label of a host name lexes as: a name, any word of the language spelt like one, and
 * the numbers a label starting with a digit makes (`1`, `2024-01-31`, `1-2`, `9b.example`). An IPv4
 * token is one when it has no prefix length (`host.10.20.example`: see isLabel).
 */
const IS_LABEL = new Uint8Array(256);
IS_LABEL[T_ID] = IS_LABEL[T_INT] = IS_LABEL[T_DATE] = IS_LABEL[T_PORT_RANGE] = IS_LABEL[T_DIGIT_HOST_NAME] = 1;
KEYWORDS.forEach((keyword, kind) => { if (NAME_SPELLING.test(keyword)) IS_LABEL[kind] = 1; });

const DOTTED_LABELS = /^[\w-]+(?:\.[\w-]+)*$/;

function isLabel(kind: number, text: string, start: number, end: number): boolean {
    return IS_LABEL[kind] === 1 || (kind === T_IPV4 && DOTTED_LABELS.test(text.slice(start, end)));
}
