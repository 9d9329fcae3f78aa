import { cliDiagnostic, cliDiagnostics, findingLine, fullDiagnostic, type CliDiagnostic } from '../diagnostics.js';
import { displayPath, loadWorkspace, withImportedFiles, type LoadedWorkspace } from '../plan-workspace.js';
import { toSarif } from '../sarif.js';
import { UsageError } from '../usage-error.js';
import { NOT_CHECKED_CODES, type SegplanDocumentValidator } from '../../language/validation/segplan-document-validator.js';
import { coverageSummary, formatCoverage } from '../../language/analysis/coverage-summary.js';
import { printable } from '../terminal-text.js';
import { writeLines } from '../line-output.js';

export interface CheckOptions {
    readonly format: 'text' | 'json' | 'sarif';
    readonly hints: boolean;
    /** Also list what `// segplan-ignore` comments silence (always in the JSON). */
    readonly suppressed?: boolean;
    /** Every citation of each finding in the text output (JSON and SARIF always have them). */
    readonly verbose?: boolean;
}

/** How many zone pairs the text output lists under a plan's coverage headline. */
const MAX_PAIRS = 20;

/** `plan "p" (file): required flows allowed: 7/10 (70 %)`, terminal-safe. */
export function coverageHeadline(c: { plan: string; file: string; allowed: number; required: number }): string {
    return `${printable(`plan "${c.plan}" (${c.file})`)}: required flows allowed: ${formatCoverage(c)}`;
}

/** What `segplan check` says about the plans of a workspace, whatever the format. */
export function checkReport(workspace: LoadedWorkspace, hints: boolean) {
    const documents = withImportedFiles(workspace);
    const diagnostics: CliDiagnostic[] = documents.flatMap(d => cliDiagnostics(d, displayPath(d), hints));
    const count = (severity: string) => diagnostics.filter(d => d.severity === severity).length;
    const summary = { files: documents.length, errors: count('error'), warnings: count('warning'), infos: count('info'), hints: count('hint') };
    // The coverage headline of every plan that could be checked.
    const analyzer = workspace.services.analysis.PlanAnalyzer;
    const coverage = documents.filter(d => analyzer.isPlan(d)).flatMap(d => {
        try {
            const analysis = analyzer.analysis(d);
            return [{ plan: analysis.plan.name, file: displayPath(d), ...coverageSummary(analysis) }];
        } catch {
            return []; // not analysed (too large, internal error): its diagnostics say so
        }
    });
    const validator = workspace.services.validation.DocumentValidator as SegplanDocumentValidator;
    const suppressed = documents.flatMap(d => validator.suppressedFindings(d).map(s => ({ ...cliDiagnostic(s.diagnostic, displayPath(d)), reason: s.reason })));
    // A file SegPlan could not check has no verdict at all: neither clean nor a list of findings.
    const notChecked = diagnostics.filter(d => NOT_CHECKED_CODES.has(d.code));
    return { documents, diagnostics, summary, coverage, suppressed, notChecked };
}

export type CheckReport = ReturnType<typeof checkReport>;

/** The text output, line by line: every finding, the coverage of each plan and the count. */
export function* checkText(report: CheckReport, options: { readonly suppressed?: boolean; readonly verbose?: boolean } = {}): Generator<string> {
    for (const d of report.diagnostics) yield findingLine(d, options.verbose);
    if (options.suppressed) for (const d of report.suppressed) yield findingLine({ ...fullDiagnostic(d), severity: 'suppressed' as never, message: `${d.reason} — silenced: ${d.message}` });
    for (const c of report.coverage.filter(x => x.required > 0)) {
        yield coverageHeadline(c);
        // The least-covered zone pairs first, at most MAX_PAIRS of them; the JSON lists all.
        const pairs = [...c.zonePairs].sort((a, b) => a.allowed / a.required - b.allowed / b.required);
        for (const p of pairs.slice(0, MAX_PAIRS)) yield `  ${printable(`${p.from} → ${p.to}`)}: ${formatCoverage(p)}`;
        if (pairs.length > MAX_PAIRS) yield `  … and ${pairs.length - MAX_PAIRS} more zone pairs (--format json lists them all)`;
    }
    const { summary } = report;
    yield `${summary.files} file(s): ${summary.errors} error(s), ${summary.warnings} warning(s), ${summary.infos} info`;
}

/** `segplan check`: prints every diagnostic; the exit code says whether any is an error. */
export async function checkCommand(targets: string[], options: CheckOptions, version: string): Promise<number> {
    if (targets.length === 0) throw new UsageError('segplan check needs at least one file or folder.');
    const report = checkReport(await loadWorkspace(targets), options.hints);
    const { diagnostics, summary, coverage, suppressed, notChecked } = report;
    if (options.format === 'json') {
        process.stdout.write(JSON.stringify({ diagnostics: diagnostics.map(fullDiagnostic), summary, coverage, suppressed: suppressed.map(fullDiagnostic) }, null, 2) + '\n');
    } else if (options.format === 'sarif') {
        process.stdout.write(JSON.stringify(toSarif(diagnostics.map(fullDiagnostic), version), null, 2) + '\n');
    } else {
        writeLines(process.stdout, checkText(report, options));
    }
    if (notChecked.length > 0) {
        for (const d of notChecked) process.stderr.write(`segplan: ${d.file} was not fully checked: ${d.message}\n`);
        return 2;
    }
    return summary.errors > 0 ? 1 : 0;
}
