import { ConfigError, windowOfRule, type ImportOptions } from './importer.js';
import { boundAround } from './time-window.js';

/**
 * A Terraform file read with HashiCorp's own HCL parser (@cdktf/hcl2json: the Go parser compiled
 * to WebAssembly), loaded on the first Terraform file only: a run that reads none does not pay for
 * it. The parser gives values, not where they are: each resource's line is found in the text.
 */

/** One `resource "type" "name" { … }` block: its attributes and nested blocks as the parser gives them. */
export interface TerraformResource {
    readonly type: string;
    readonly name: string;
    /** `type.name`, as other resources refer to it. */
    readonly address: string;
    readonly body: Readonly<Record<string, unknown>>;
    readonly line: number;
    /** The line of an attribute or block of the resource (the `nth` block of that name), or the resource's line. */
    lineOf(key: string, nth?: number): number;
}

export interface TerraformConfig {
    readonly resources: readonly TerraformResource[];
    /** Blocks that can create or change resources the file does not show (modules): with their lines. */
    readonly modules: readonly { readonly name: string; readonly line: number }[];
}

type Parse = (file: string, text: string) => Promise<Record<string, unknown>>;
let parser: Promise<Parse> | undefined;

function loadParser(): Promise<Parse> {
    parser ??= import('@cdktf/hcl2json').then(m => m.parse as Parse);
    return parser;
}

/** The fields a reader knows of one resource or block: those that decide what it allows, and those that change nothing. */
export interface FieldList { readonly modeled: readonly string[]; readonly noEffect: readonly string[] }

/** Terraform's meta-arguments, on any resource: how many times it is made, and what changes nothing it allows. */
export const TERRAFORM_META_ARGUMENTS = { modeled: ['count', 'for_each'], noEffect: ['provider', 'depends_on', 'lifecycle'] } as const;

/** Every field on the lists. */
export function knownFields(...lists: FieldList[]): ReadonlySet<string> {
    return new Set(lists.flatMap(l => [...l.modeled, ...l.noEffect]));
}

/** The fields of a body on none of its reader's lists: what they do is not known. */
export function unlistedFields(body: Readonly<Record<string, unknown>>, known: ReadonlySet<string>): string[] {
    return Object.keys(body).filter(key => !known.has(key));
}

/** A value the file does not fix: an expression, a reference, a template (the parser gives them as `${…}` text). */
export function isExpression(value: unknown): boolean {
    return typeof value === 'string' && /\$\{|%\{/.test(value);
}

/** A value the file fixes, as text (a number too); undefined for an expression or anything else. */
export function literalText(value: unknown): string | undefined {
    return typeof value === 'string' && !isExpression(value) ? value : typeof value === 'number' ? String(value) : undefined;
}

/**
 * The count SegPlan gives a temporary rule's resources (emit/terraform-expiry.ts): one while
 * Terraform plans before the rule's end, none after it. plantimestamp() is UTC.
 */
const EXPIRY_COUNT = /^\$\{timecmp\(plantimestamp\(\),\s*"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)"\)\s*<\s*0\s*\?\s*1\s*:\s*0\}$/;

/**
 * How many times a resource is made when Terraform plans at the instant read: once without
 * `count`, its count when the file fixes it (a number, or the expression of a temporary rule:
 * until its end, exactly, as plantimestamp() is UTC); undefined when the file does not say.
 */
export function countAt(count: unknown, options: ImportOptions): number | undefined {
    if (count === undefined) return 1;
    if (typeof count === 'number') return count;
    const expiry = typeof count === 'string' ? EXPIRY_COUNT.exec(count) : null;
    return expiry ? (windowOfRule(options, undefined, boundAround(Date.parse(expiry[1]), 0)) === 'active' ? 1 : 0) : undefined;
}

/** An expression as the user wrote it (`var.allowed`), for messages. */
export function expressionText(value: unknown): string {
    return String(value).replace(/^\$\{([\s\S]*)\}$/, '$1');
}

/** The resource a reference such as `${aws_security_group.web.id}` names (`aws_security_group.web`), if that is all the value is. */
export function referencedResource(value: unknown, type: string, attribute: string): string | undefined {
    if (typeof value !== 'string') return undefined;
    const m = new RegExp(`^\\$\\{${type}\\.([A-Za-z_][\\w-]*)\\.${attribute}\\}$`).exec(value);
    return m ? `${type}.${m[1]}` : undefined;
}

function escapeRegExp(text: string): string {
    return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The file as the parser reads it, once for every instant it is read at (ImportOptions.kept): the
 * parse depends on the text alone, and verify reads a file again at each instant its rules change
 * at, where parsing it again is the whole cost of the reading.
 */
export function readTerraformOnce(text: string, options: ImportOptions): Promise<TerraformConfig> {
    return options.kept ? options.kept.of('terraform', () => readTerraform(text, options.file)) : readTerraform(text, options.file);
}

export async function readTerraform(text: string, file: string): Promise<TerraformConfig> {
    const parse = await loadParser();
    let json: Record<string, unknown>;
    try {
        json = await parse(file, text);
    } catch (error) {
        // The editor has no parser (terraform-parser-absent.ts): it says so.
        if (error instanceof ConfigError) throw error;
        // The parser says `parse config: [file:line,column-column: message; detail]`; anything else is
        // the parser failing to load or run, not the file's fault.
        const message = error instanceof Error ? error.message : String(error);
        const at = /:(\d+),\d+(?:-\d+)?: ([^\]]*)/.exec(message);
        if (!/parse config/.test(message) && !at) throw new Error(`The Terraform parser (@cdktf/hcl2json) failed: ${message}`);
        const line = at ? Number(at[1]) : 1;
        throw new ConfigError(`${file} line ${line}: not valid Terraform (${(at?.[2] ?? message).replace(/\s+/g, ' ').slice(0, 300)})`, line);
    }
    const lines = text.split(/\r?\n/);
    // Where each block starts, found in one pass (a file of thousands of resources is not searched
    // once per resource): its keyword and labels as written → its first line.
    const starts = new Map<string, number>();
    lines.forEach((l, n) => {
        const header = /^\s*(resource|module)\s+"([^"]*)"(?:\s+"([^"]*)")?/.exec(l);
        const key = header && JSON.stringify(header.slice(1, header[1] === 'module' ? 3 : 4));
        if (key && !starts.has(key)) starts.set(key, n + 1);
    });
    const lineOfBlock = (...labels: string[]) => starts.get(JSON.stringify(labels)) ?? 0;
    /** The lines of a top-level block starting at `line`: up to the next top-level block. */
    const blockEnd = (line: number) => {
        let next = line;
        while (next < lines.length && !/^(resource|data|module|variable|locals|output|provider|terraform)\b/.test(lines[next])) next++;
        return next;
    };
    const resources: TerraformResource[] = [];
    const blocks = (json.resource ?? {}) as Record<string, Record<string, unknown[]>>;
    for (const [type, byName] of Object.entries(blocks)) {
        for (const [name, bodies] of Object.entries(byName)) {
            const line = lineOfBlock('resource', type, name);
            for (const body of bodies as Record<string, unknown>[]) {
                resources.push({
                    type, name, address: `${type}.${name}`, body, line,
                    lineOf: (key, nth = 0) => {
                        const pattern = new RegExp(`^\\s*(?:${escapeRegExp(key)}\\s*=|${escapeRegExp(key)}\\s*\\{|dynamic\\s+"${escapeRegExp(key)}")`);
                        const end = blockEnd(line);
                        let found = 0;
                        for (let n = line; n < end; n++) if (pattern.test(lines[n]) && found++ === nth) return n + 1;
                        return line;
                    }
                });
            }
        }
    }
    const modules = Object.keys((json.module ?? {}) as Record<string, unknown>).map(name => ({ name, line: lineOfBlock('module', name) }));
    return { resources, modules };
}
