import { cliDiagnostics, findingLine, type CliDiagnostic } from '../diagnostics.js';
import { displayPath, loadWorkspace, withImportedFiles } from '../plan-workspace.js';
import { toSarif } from '../sarif.js';
import { UsageError } from '../usage-error.js';
import { NOT_CHECKED_CODES } from '../../language/validation/segplan-document-validator.js';

export interface CheckOptions {
    readonly format: 'text' | 'json' | 'sarif';
    readonly hints: boolean;
}

/** `segplan check`: prints every diagnostic; the exit code says whether any is an error. */
export async function checkCommand(targets: string[], options: CheckOptions, version: string): Promise<number> {
    if (targets.length === 0) throw new UsageError('segplan check needs at least one file or folder.');
    const documents = withImportedFiles(await loadWorkspace(targets));
    const diagnostics: CliDiagnostic[] = documents.flatMap(d => cliDiagnostics(d, displayPath(d), options.hints));
    const count = (severity: string) => diagnostics.filter(d => d.severity === severity).length;
    const summary = { files: documents.length, errors: count('error'), warnings: count('warning'), infos: count('info'), hints: count('hint') };
    if (options.format === 'json') {
        process.stdout.write(JSON.stringify({ diagnostics, summary }, null, 2) + '\n');
    } else if (options.format === 'sarif') {
        process.stdout.write(JSON.stringify(toSarif(diagnostics, version), null, 2) + '\n');
    } else {
        for (const d of diagnostics) process.stdout.write(`${findingLine(d)}\n`);
        process.stdout.write(`${summary.files} file(s): ${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.infos} info\n`);
    }
    // A file SegPlan could not check has no verdict at all: neither clean nor a list of findings.
    const notChecked = diagnostics.filter(d => NOT_CHECKED_CODES.has(d.code));
    if (notChecked.length > 0) {
        for (const d of notChecked) process.stderr.write(`segplan: ${d.file} was not fully checked: ${d.message}\n`);
        return 2;
    }
    return summary.errors > 0 ? 1 : 0;
}
