import type { Diagnostic } from 'vscode-languageserver-types';

/**
 * Where each finding code is explained: a section of docs/findings.md, whose heading is the code
 * (a test holds the file to every code SegPlan reports). The repository's address is the one
 * stable place the editor can link to.
 */
export const FINDINGS_DOCUMENTATION = 'https://github.com/segplan/segplan/blob/main/docs/findings.md';

export function findingDocumentationUrl(code: string): string {
    return `${FINDINGS_DOCUMENTATION}#${code}`;
}

/**
 * The link of each code, made once: every diagnostic of a code shares it (a large plan's files show
 * thousands of diagnostics of a few codes). Frozen, so no diagnostic can change another's. The
 * codes are SegPlan's and Langium's own, a few dozen.
 */
const descriptions = new Map<string, NonNullable<Diagnostic['codeDescription']>>();

function codeDescriptionOf(code: string): NonNullable<Diagnostic['codeDescription']> {
    let description = descriptions.get(code);
    if (!description) descriptions.set(code, description = Object.freeze({ href: findingDocumentationUrl(code) }));
    return description;
}

/**
 * The diagnostic with its code linked to the code's documentation (LSP codeDescription). Langium's
 * syntax and linking errors carry their code only in `data`: it becomes the shown code too.
 */
export function withCodeDescription<D extends Diagnostic>(diagnostic: D): D {
    const code = diagnostic.code ?? (diagnostic.data as { code?: unknown } | undefined)?.code;
    if (typeof code !== 'string' || !/^[a-z][a-z0-9-]*$/.test(code) || diagnostic.codeDescription) return diagnostic;
    return { ...diagnostic, code, codeDescription: codeDescriptionOf(code) };
}
