import { parseArgs } from 'node:util';
import { UsageError } from './usage-error.js';

/**
 * One option of a command, declared as Node's `util.parseArgs` takes it: a switch (`boolean`), or
 * an option that takes a value (`string`), which `multiple` lets the user give more than once
 * (`--map a=b --map c=d`). `short` is a one-letter alias (`-o` for `--output`).
 */
export interface OptionDeclaration {
    readonly type: 'string' | 'boolean';
    readonly short?: string;
    readonly multiple?: boolean;
}

export type OptionDeclarations = Readonly<Record<string, OptionDeclaration>>;

/** What the user gave for each declared option; an option not given is absent. */
export type OptionValues<O extends OptionDeclarations> = {
    readonly [K in keyof O]?: O[K] extends { readonly multiple: true } ? string[] : O[K] extends { readonly type: 'string' } ? string : boolean;
};

export interface CommandLine<O extends OptionDeclarations> {
    /** The files, folders and names after the command; everything after `--` is one of them. */
    readonly positionals: string[];
    readonly values: OptionValues<O>;
}

/** The options every command takes besides its own. */
export const GLOBAL_OPTIONS = {
    help: { type: 'boolean', short: 'h' },
    version: { type: 'boolean' }
} as const satisfies OptionDeclarations;

/**
 * The command is the first argument before `--` that is not an option; the rest are that command's
 * options and files. A value never comes before the command: `segplan check --format json x`.
 */
export function splitCommand(argv: readonly string[]): { readonly name?: string; readonly rest: string[] } {
    const end = argv.indexOf('--');
    const index = argv.findIndex((arg, i) => (end < 0 || i < end) && !(arg.startsWith('-') && arg !== '-'));
    if (index < 0) return { rest: [...argv] };
    return { name: argv[index], rest: [...argv.slice(0, index), ...argv.slice(index + 1)] };
}

/**
 * Reads a command's options and files with `util.parseArgs` in strict mode: an option the command
 * does not declare, a value missing or given to a switch is a usage error naming that option, in
 * the CLI's words rather than Node's (which change between Node versions). An option that takes one
 * value given twice is refused too: `parseArgs` would keep the last one silently.
 */
export function parseCommandLine<O extends OptionDeclarations>(args: readonly string[], options: O, command?: string): CommandLine<O & typeof GLOBAL_OPTIONS> {
    const declared: OptionDeclarations = { ...options, ...GLOBAL_OPTIONS };
    let parsed;
    try {
        parsed = parseArgs({ args: [...args], options: declared, strict: true, allowPositionals: true, tokens: true });
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (typeof code !== 'string' || !code.startsWith('ERR_PARSE_ARGS_')) throw error;
        throw new UsageError(explainMistake(args, declared, command) ?? (error as Error).message);
    }
    const given = new Set<string>();
    for (const token of parsed.tokens) {
        if (token.kind !== 'option' || declared[token.name].type !== 'string' || declared[token.name].multiple) continue;
        if (given.has(token.name)) throw new UsageError(`${token.rawName} is given twice.`);
        given.add(token.name);
    }
    return { positionals: parsed.positionals, values: parsed.values as OptionValues<O & typeof GLOBAL_OPTIONS> };
}

/** The first option strict parsing refused, said in the CLI's words; undefined when none is found. */
function explainMistake(args: readonly string[], declared: OptionDeclarations, command?: string): string | undefined {
    const { tokens } = parseArgs({ args: [...args], options: declared, strict: false, allowPositionals: true, tokens: true });
    for (const token of tokens) {
        if (token.kind !== 'option') continue;
        const declaration = Object.hasOwn(declared, token.name) ? declared[token.name] : undefined;
        if (!declaration) return `Unknown option ${token.rawName}${command ? ` for 'segplan ${command}'` : ''}. See segplan --help.`;
        if (declaration.type === 'boolean' && token.value !== undefined) return `${token.rawName} takes no value.`;
        if (declaration.type === 'string' && token.value === undefined) return `${token.rawName} needs a value.`;
        if (declaration.type === 'string' && !token.inlineValue && token.value !== undefined && token.value.length > 1 && token.value.startsWith('-')) {
            return `${token.rawName} needs a value before ${token.value} (a value that starts with '-' is written --${token.name}=${token.value}).`;
        }
    }
    return undefined;
}
