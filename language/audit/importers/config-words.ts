import { ConfigError } from './importer.js';

/**
 * A CLI configuration line's words, as PAN-OS and FortiOS read them: a value in double or single
 * quotes is one word (quotes removed, a backslash escapes the next character); with `brackets`,
 * `[` and `]` are words of their own (PAN-OS lists).
 */
export function configWords(line: string, lineNumber: number, file: string, brackets = false): string[] {
    const words: string[] = [];
    const separators = brackets ? ' \t[]' : ' \t';
    let i = 0;
    while (i < line.length) {
        const c = line[i];
        if (c === ' ' || c === '\t') { i++; continue; }
        if (brackets && (c === '[' || c === ']')) { words.push(c); i++; continue; }
        let word = '';
        if (c === '"' || c === "'") {
            i++;
            while (i < line.length && line[i] !== c) {
                if (line[i] === '\\' && i + 1 < line.length) i++;
                word += line[i++];
            }
            if (i >= line.length) throw new ConfigError(`${file} line ${lineNumber}: a quoted value is not closed`, lineNumber);
            i++;
        } else {
            while (i < line.length && !separators.includes(line[i])) word += line[i++];
        }
        words.push(word);
    }
    return words;
}
