import { findNodeAtLocation, getNodeValue, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { ConfigError } from './importer.js';
import { LineIndex } from './line-index.js';

/**
 * A JSON configuration (a cloud provider's export) read with Microsoft's jsonc-parser, which keeps
 * where each value is: rules are reported at their line in the file, as for text formats.
 */
export class JsonConfig {
    private readonly lines: LineIndex;

    private constructor(text: string, readonly root: Node) {
        this.lines = new LineIndex(text);
    }

    /** The file's JSON; a syntax error (a truncated export, a stray comma) is a ConfigError at its line. */
    static parse(text: string, file: string, what: string): JsonConfig {
        // A byte order mark (PowerShell 5's Out-File writes one) is no JSON syntax error; a space keeps the offsets.
        text = text.replace(/^\uFEFF/, ' ');
        refuseDeepNesting(text, file, what);
        const errors: ParseError[] = [];
        const root = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false });
        const lines = new JsonConfig(text, root ?? { type: 'null', offset: 0, length: 0 } as Node);
        if (errors.length > 0 || !root) {
            const first = errors[0];
            const line = first ? lines.lineOf(first.offset) : 1;
            throw new ConfigError(`${file} line ${line}: not valid JSON (${first ? printParseErrorCode(first.error) : 'empty file'}); expected ${what}`, line);
        }
        return lines;
    }

    /** 1-based line of a character offset. */
    lineOf(offset: number): number {
        return this.lines.lineOf(offset);
    }
}

/** The node at a property path below `node`, if there is one. */
export function child(node: Node | undefined, ...path: (string | number)[]): Node | undefined {
    return node ? findNodeAtLocation(node, path) : undefined;
}

/** The elements of an array node (none when it is absent or not an array). */
export function elements(node: Node | undefined): Node[] {
    return node?.type === 'array' ? node.children ?? [] : [];
}

/** A string property's value, if it is a string. */
export function stringAt(node: Node | undefined, ...path: (string | number)[]): string | undefined {
    const found = child(node, ...path);
    return found?.type === 'string' ? found.value as string : undefined;
}

/** A property's value as plain data. */
export function valueAt(node: Node | undefined, ...path: (string | number)[]): unknown {
    const found = child(node, ...path);
    return found ? getNodeValue(found) : undefined;
}

/** Deeper than any export a platform prints; a reader walking deeper could run out of stack. */
const MAX_JSON_DEPTH = 256;

/** A JSON text nested deeper than MAX_JSON_DEPTH is refused at the line where it gets too deep (no parser is asked to walk it). */
export function refuseDeepNesting(text: string, file: string, what: string): void {
    let depth = 0, line = 1, quoted = false;
    for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10) line++;
        if (quoted) {
            if (c === 92) i++; // backslash: the next character is escaped
            else if (c === 34) quoted = false;
            continue;
        }
        if (c === 34) quoted = true;
        else if (c === 123 || c === 91) {
            if (++depth > MAX_JSON_DEPTH) throw new ConfigError(`${file} line ${line}: JSON nested more than ${MAX_JSON_DEPTH} levels deep; expected ${what}`, line);
        } else if (c === 125 || c === 93) depth--;
    }
}
