import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

export interface ExpectedDiagnostic {
    readonly line: number;
    readonly severity: string;
    readonly code: string;
    readonly message?: RegExp;
}

/** The project's root folder: tests always run from it (scripts/run-tests.mjs sets the cwd). */
export const PROJECT_ROOT = process.cwd();

/**
 * Expected diagnostics written inside a fixture, on the line they belong to:
 * `vbr : veeam.BackupServer in mgmt   // expect error missing-flow /vcenter/`.
 * A line may carry several `expect` clauses. `// fixture: hints` makes hints count too.
 */
export function expectedDiagnostics(text: string): { expected: ExpectedDiagnostic[]; hints: boolean } {
    const expected: ExpectedDiagnostic[] = [];
    const lines = text.split(/\r?\n/);
    lines.forEach((line, index) => {
        const comment = line.indexOf('//');
        if (comment < 0) return;
        const pattern = /expect (error|warning|info|hint) ([\w-]+)(?: \/((?:\\\/|[^/])+)\/)?/g;
        for (const m of line.slice(comment).matchAll(pattern)) {
            expected.push({ line: index + 1, severity: m[1], code: m[2], message: m[3] ? new RegExp(m[3]) : undefined });
        }
    });
    return { expected, hints: /\/\/ fixture: hints/.test(text) };
}

/** Every `.segplan` file below a folder, sorted. */
export function segplanFiles(folder: string): string[] {
    const result: string[] = [];
    for (const name of readdirSync(folder).sort()) {
        const full = path.join(folder, name);
        if (statSync(full).isDirectory()) result.push(...segplanFiles(full));
        else if (name.endsWith('.segplan')) result.push(full);
    }
    return result;
}

export function readText(file: string): string {
    return readFileSync(file, 'utf8');
}
