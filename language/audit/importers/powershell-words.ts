import { ConfigError } from './importer.js';

/**
 * The pieces of one PowerShell statement that the Windows Firewall reader needs: parameter
 * names, literal values (single-quoted, double-quoted without expansion, bare words), variables,
 * lists (`@( … )` or values joined by commas) and pipes. Anything else is a word of kind `other`,
 * which the reader takes as something it cannot evaluate.
 */
export type PsValue =
    | { readonly kind: 'literal'; readonly text: string }
    | { readonly kind: 'variable'; readonly name: string }
    | { readonly kind: 'list'; readonly items: readonly PsValue[] }
    | { readonly kind: 'other'; readonly text: string };

export type PsWord = { readonly kind: 'parameter'; readonly name: string; readonly value?: PsValue } | { readonly kind: 'pipe' } | PsValue;

/**
 * Whether a statement's text is complete: quotes closed, parentheses and square brackets balanced,
 * no trailing comma, pipe or backtick. Braces are left to the reader: `if (…) {` is a statement of
 * its own that opens a block, closed by a `}` line.
 */
export function statementComplete(text: string): boolean {
    let depth = 0, quote = '';
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (quote) {
            // A doubled quote is one quote character; inside double quotes a backtick escapes the next one.
            if (c === quote) {
                if (text[i + 1] === quote) i++;
                else quote = '';
            } else if (quote === '"' && c === '`') i++;
            continue;
        }
        if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) { const nl = text.indexOf('\n', i); if (nl < 0) break; i = nl; continue; }
        if (c === "'" || c === '"') quote = c;
        else if (c === '(' || c === '[') depth++;
        else if (c === ')' || c === ']') depth--;
    }
    const end = text.replace(/#[^'"\n]*$/, '').trimEnd();
    return !quote && depth <= 0 && !end.endsWith(',') && !end.endsWith('`') && !end.endsWith('|');
}

/** The words of a statement (after the command name). */
export function psWords(text: string, line: number, file: string): PsWord[] {
    const words: PsWord[] = [];
    let i = 0;
    const skipSpace = () => { while (i < text.length && /[\s`]/.test(text[i]) && !(text[i] === '`' && !/\s/.test(text[i + 1] ?? ' '))) i++; };
    const single = (): PsValue => {
        skipSpace();
        const c = text[i];
        if (c === "'" || c === '"') {
            let value = '';
            i++;
            for (;;) {
                if (i >= text.length) throw new ConfigError(`${file} line ${line}: a quoted value is not closed`, line);
                if (text[i] === c) { if (text[i + 1] === c) { value += c; i += 2; continue; } i++; break; }
                // Inside double quotes, $ and ` expand: a value that depends on them is not a literal.
                if (c === '"' && (text[i] === '$' || text[i] === '`')) { while (i < text.length && text[i] !== '"') i++; i++; return { kind: 'other', text: 'a double-quoted value with $ or `' }; }
                value += text[i++];
            }
            return { kind: 'literal', text: value };
        }
        if (text.startsWith('@(', i)) {
            i += 2;
            const items: PsValue[] = [];
            for (;;) {
                skipSpace();
                if (text[i] === ')') { i++; break; }
                if (i >= text.length) throw new ConfigError(`${file} line ${line}: a list @( … ) is not closed`, line);
                const item = single();
                items.push(item);
                skipSpace();
                if (text[i] === ',') i++;
                else if (text[i] !== ')') { items.push({ kind: 'other', text: text.slice(i) }); i = text.length; break; }
            }
            return { kind: 'list', items };
        }
        if (c === '$') {
            const m = /^\$([A-Za-z_][\w]*)/.exec(text.slice(i));
            if (m && !/^[.\[(:]/.test(text[i + m[0].length] ?? '')) { i += m[0].length; return { kind: 'variable', name: m[1] }; }
        }
        const m = /^[^\s,|;'"(){}@$`]+/.exec(text.slice(i));
        if (m && /^[\w.:/\-]+$/.test(m[0])) { i += m[0].length; return { kind: 'literal', text: m[0] }; }
        // Sub-expressions, script blocks, member access: not read.
        const rest = text.slice(i);
        i = text.length;
        return { kind: 'other', text: rest };
    };
    /** A value, or several joined by commas (a list). */
    const value = (): PsValue => {
        const first = single();
        skipSpace();
        if (text[i] !== ',') return first;
        const items = [first];
        while (text[i] === ',') { i++; items.push(single()); skipSpace(); }
        return { kind: 'list', items };
    };
    while (true) {
        skipSpace();
        if (i >= text.length) break;
        const c = text[i];
        if (c === '#') break;
        if (c === '|') { words.push({ kind: 'pipe' }); i++; continue; }
        const p = /^-([A-Za-z]\w*)(:?)/.exec(text.slice(i));
        if (p) {
            i += p[0].length;
            if (p[2]) { words.push({ kind: 'parameter', name: p[1], value: value() }); continue; }
            skipSpace();
            // A switch parameter has no value: the next word starts with '-' (a parameter) or there is none.
            if (i >= text.length || text[i] === '|' || text[i] === '#' || /^-[A-Za-z]/.test(text.slice(i))) words.push({ kind: 'parameter', name: p[1] });
            else words.push({ kind: 'parameter', name: p[1], value: value() });
            continue;
        }
        words.push(value());
    }
    return words;
}
