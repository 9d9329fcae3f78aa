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
 * The diagnostic with its code linked to the code's documentation (LSP codeDescription). Langium's
 * syntax and linking errors carry their code only in `data`: it becomes the shown code too.
 */
export function withCodeDescription<D extends Diagnostic>(diagnostic: D): D {
    const code = diagnostic.code ?? (diagnostic.data as { code?: unknown } | undefined)?.code;
    if (typeof code !== 'string' || !/^[a-z][a-z0-9-]*$/.test(code) || diagnostic.codeDescription) return diagnostic;
    return { ...diagnostic, code, codeDescription: { href: findingDocumentationUrl(code) } };
}
