import { sha256Hex } from '../utils/sha256.node.js';
/**
 * Making plan text safe for a target. Every text a plan supplies (plan name, rule descriptions,
 * and, defensively, catalog purposes and citations) passes through here before it lands in a
 * string or a comment of an emitted rule set. The approach is an allow-list, never a deny-list:
 * a character the target may misread is replaced, so no quote, newline, `;`, `$()`, backtick or
 * non-ASCII character can end a string or a comment early.
 */

/** Characters every target accepts inside its strings and comments, besides the space. */
const PLAIN = String.raw`A-Za-z0-9.,:/()_+=@#&*!\-[\]`;
/** Characters every target accepts inside its strings and comments. */
const BASE_ALLOWED = new RegExp(`[ ${PLAIN}]`);
/** Text of those characters only: nothing in it to replace (most of a rule set's text). */
const ONLY_BASE_ALLOWED = new RegExp(`^${BASE_ALLOWED.source}*$`);
/**
 * Text cleanText returns as it is: those characters only, and single spaces between words (none
 * at either end), so there is nothing to replace, collapse or trim. Nearly every line of a large
 * rule set is such text; testing for it is one pass, where cleaning is two more.
 */
const ALREADY_CLEAN = new RegExp(`^(?:[${PLAIN}]+(?: [${PLAIN}]+)*)?$`);

export interface CleanOptions {
    /** Extra characters this target accepts, as a regex character test of length one. */
    readonly extra?: RegExp;
    /** Longest result; longer text is cut and ends with `...`. */
    readonly max?: number;
}

/** Non-ASCII characters plans and catalogs commonly use, spelt in ASCII. */
const SPELLED: Record<string, string> = { '→': ' to ', '←': ' from ', '↔': ' both ways ', '–': '-', '—': '-', '§': 'section ', '…': '...' };
// From the keys: esbuild writes strings with \u escapes but a regular expression literal's
// characters raw, and the bundles must stay ASCII (esbuild.mjs).
const SPELLED_PATTERN = new RegExp(`[${Object.keys(SPELLED).join('')}]`, 'g');

/** Latin letters with accents lose the accent (`Zürich` → `Zurich`) rather than the letter. */
function foldAccents(text: string): string {
    return text.replace(SPELLED_PATTERN, ch => SPELLED[ch]).normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
}

/**
 * Text reduced to characters the target treats as plain: anything else becomes a space (quotes
 * become `'` where the target allows it), runs of spaces collapse, and the result is trimmed and
 * cut to `max`.
 */
export function cleanText(text: string, options: CleanOptions = {}): string {
    return cutToLength(ALREADY_CLEAN.test(text) ? text : cleanedInFull(text, options), options.max);
}

/**
 * Whether cleanText returns `text` as it is (but for its length limit). Plain texts that are not
 * empty, joined by single spaces or by plain characters, make a plain text again: a caller that
 * builds a text from pieces it has tested need not read the whole text again.
 */
export function isPlainText(text: string): boolean {
    return ALREADY_CLEAN.test(text);
}

/** Clean text cut to `max` as cleanText cuts it: longer text ends with `...`. */
export function cutToLength(text: string, max: number | undefined): string {
    return max !== undefined && text.length > max ? `${text.slice(0, Math.max(0, max - 3)).trimEnd()}...` : text;
}

/**
 * cleanText without its shortcut for text that is already clean and without the length limit:
 * replaced, collapsed, trimmed. (Exported for the test that holds the shortcut to it.)
 */
export function cleanedInFull(text: string, options: CleanOptions = {}): string {
    const replaced = ONLY_BASE_ALLOWED.test(text) ? text : replaceUnsafe(text, options);
    return replaced.replace(/\s+/g, ' ').trim();
}

/** Every character the target does not treat as plain replaced (see cleanText). */
function replaceUnsafe(text: string, options: CleanOptions): string {
    const allowedQuote = options.extra?.test("'") ?? false;
    let result = '';
    const chars = [...foldAccents(text)];
    for (const [i, ch] of chars.entries()) {
        // `$` only where the target allows it, and never where a shell, Terraform or nft could read
        // it as the start of a variable or command (`$x`, `${x}`, `$(x)`): `ADMIN$ share` stays.
        if (ch === '$') { result += options.extra?.test('$') && !/^[A-Za-z0-9_{(]$/.test(chars[i + 1] ?? '') ? '$' : ' '; continue; }
        // A `;` between purposes stays a separator where the target cannot take it: `A; B` reads `A, B`, never `A B`.
        if (ch === ';' && !options.extra?.test(';')) { result += ','; continue; }
        if (BASE_ALLOWED.test(ch) || options.extra?.test(ch)) result += ch;
        else if ((ch === '"' || ch === '`') && allowedQuote) result += "'";
        else result += ' ';
    }
    return result;
}

/** An identifier for objects, sets and chains: letters, digits and `_` only, never empty. */
export function cleanName(text: string, max = 63): string {
    let result = foldAccents(text).replace(/[^A-Za-z0-9_]/g, '_');
    if (!/^[A-Za-z_]/.test(result)) result = `_${result}`;
    return result.slice(0, max);
}

/**
 * Hands out identifiers that stay unique after cleaning (`a-b` and `a_b` both clean to `a_b`).
 * Asking again for the same key returns the same name, so output stays deterministic as long as
 * callers ask in a deterministic order.
 */
export class NameAllocator {
    private readonly byKey = new Map<string, string>();
    private readonly taken = new Set<string>();

    constructor(private readonly max = 63) { }

    name(key: string, wanted: string = key): string {
        const existing = this.byKey.get(key);
        if (existing) return existing;
        const base = cleanName(wanted, this.max);
        let candidate = base;
        for (let n = 2; this.taken.has(candidate.toLowerCase()); n++) {
            const suffix = `_${n}`;
            candidate = `${base.slice(0, this.max - suffix.length)}${suffix}`;
        }
        this.taken.add(candidate.toLowerCase());
        this.byKey.set(key, candidate);
        return candidate;
    }
}

/** Six hex digits of a digest: names that change whenever the content does (a new version never merges into an old object). */
export function contentDigest(lines: readonly string[]): string {
    return sha256Hex(lines.join('\n')).slice(0, 6);
}
