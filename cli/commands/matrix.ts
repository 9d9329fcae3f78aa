import { buildZoneMatrix } from '../../language/diagram/zone-matrix.js';
import { MATRIX_FORMATS, renderZoneMatrix, type MatrixFormat } from '../../language/diagram/render-zone-matrix.js';
import { planErrors } from '../../language/emit/generate.js';
import { displayPath, loadWorkspace } from '../plan-workspace.js';
import { UsageError } from '../usage-error.js';

/**
 * `segplan matrix <plan> [--format text|markdown|csv|json]`: for each pair of zones, what is
 * allowed, what is denied, what the vendors require and where they conflict. Exit 0 when
 * written, 2 for usage or I/O errors and when a deny SegPlan could not read may decide a zone pair
 * (it cannot tell what passes there); a plan with errors is shown as far as it was read, with a
 * warning (`segplan check` is the gate).
 */
export async function matrixCommand(targets: string[], format = 'text'): Promise<number> {
    if (targets.length !== 1) throw new UsageError('segplan matrix needs exactly one plan file.');
    if (!(MATRIX_FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be ${MATRIX_FORMATS.join(', ')}, not '${format}'.`);
    const { services, documents } = await loadWorkspace(targets);
    const document = documents[0];
    const analyzer = services.analysis.PlanAnalyzer;
    if (!document || !analyzer.isPlan(document)) throw new UsageError(`${targets[0]} is not a plan: a plan file starts with plan "<name>".`);
    const errors = planErrors(services, document);
    if (errors.length > 0) process.stderr.write(`segplan: warning: ${displayPath(document)} has ${errors.length} error(s); the matrix shows the plan as far as it could be read.\n`);
    const matrix = buildZoneMatrix(analyzer.analysis(document), analyzer.catalog());
    process.stdout.write(renderZoneMatrix(matrix, format as MatrixFormat));
    // A deny SegPlan could not read may decide what passes where something is allowed: the matrix cannot tell.
    const undecided = matrix.cells.filter(c => c.unread.length > 0).length;
    if (undecided > 0) process.stderr.write(`segplan: ${undecided} zone pair(s) have allow rules or required flows that a deny SegPlan could not read may forbid: it cannot tell what passes there (fix the deny).\n`);
    return undecided > 0 ? 2 : 0;
}
