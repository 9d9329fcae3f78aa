import type { PlanLine } from '../analysis/plan-line.js';
import type { MatrixConflict, MatrixStatement, ZoneMatrix, ZoneMatrixCell } from './zone-matrix.js';

/**
 * The zone matrix as text for a terminal, Markdown for a review ticket, CSV for a spreadsheet and
 * JSON for a script. Each only draws the model (zone-matrix.ts); every text from the plan is
 * escaped for its format.
 */

export const MATRIX_FORMATS = ['text', 'markdown', 'csv', 'json'] as const;
export type MatrixFormat = typeof MATRIX_FORMATS[number];

/** No control character of a plan's text reaches a terminal or breaks a line of a table. */
function oneLine(text: string): string {
    return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

function lineText(where: PlanLine): string {
    return `${where.file}:${where.line}: ${where.text}`;
}

/** How far the required flows of a cell are let through: `2/3 allowed`, `1 inside the zone`. */
export function requiredSummary(cell: ZoneMatrixCell): string {
    const crossing = cell.required - cell.sameZone;
    const parts: string[] = [];
    if (crossing > 0) parts.push(`${cell.allowed}/${crossing} allowed`);
    if (cell.partial > 0) parts.push(`${cell.partial} partly`);
    if (cell.missing > 0) parts.push(`${cell.missing} missing`);
    if (cell.sameZone > 0) parts.push(`${cell.sameZone} inside the zone`);
    return parts.join(', ');
}

export function conflictText(c: MatrixConflict): string {
    const what = `${c.traffic} from ${c.sources} to ${c.destinations}`;
    return c.kind === 'allow-overlaps-deny'
        ? `the allow rule at line ${c.allow!.line} lets denied traffic through: ${what} (deny at line ${c.deny.line})`
        : `required flow ${c.flow} falls inside the deny at line ${c.deny.line}: ${what}`;
}

function statementText(s: MatrixStatement): string {
    const notes = [s.expired ? `expired ${s.expired}` : '', s.guardrail ? `guardrail ${s.guardrail}` : ''].filter(Boolean).join(', ');
    return `${s.traffic}${notes ? ` (${notes})` : ''}  ${lineText(s.where)}`;
}

function renderText(matrix: ZoneMatrix): string {
    const conflicts = matrix.cells.reduce((n, c) => n + c.conflicts.length, 0);
    const out = [`Zone matrix of plan "${matrix.plan}": ${matrix.zones.length} zone(s), ${matrix.cells.length} zone pair(s) with rules or flows, ${conflicts} conflict(s)`];
    for (const cell of matrix.cells) {
        out.push('', `${cell.source} -> ${cell.destination}${cell.conflicts.length ? `  CONFLICTS: ${cell.conflicts.length}` : ''}`);
        for (const s of cell.allows) out.push(`  allowed   ${statementText(s)}`);
        for (const s of cell.denies) out.push(`  denied    ${statementText(s)}`);
        for (const u of cell.unread) out.push(`  CANNOT TELL what passes: the deny ${u.why}  ${lineText(u.where)}`);
        if (cell.required > 0) out.push(`  required  ${cell.required} flow(s): ${requiredSummary(cell)}`);
        for (const f of cell.flows) {
            out.push(`    ${f.status.padEnd(9)} ${f.from} -> ${f.to} ${f.protocol} ${f.ports}  ${f.purpose}${f.installOnly ? ' (install only)' : ''}${f.deniedBy ? `  DENIED at line ${f.deniedBy.line}` : ''}${f.cannotTell ? `  CANNOT TELL: the deny at line ${f.cannotTell.line} was not read` : ''}`);
        }
        for (const c of cell.conflicts) out.push(`  CONFLICT  ${conflictText(c)}`);
    }
    return out.map(oneLine).join('\n') + '\n';
}

/** A Markdown table cell: the characters that would start markup or end the cell are escaped. */
export function markdownCell(text: string): string {
    return oneLine(text).replace(/([\\`*_[\]#|<>~])/g, '\\$1') || ' ';
}

function cellSummary(cell: ZoneMatrixCell | undefined): string {
    if (!cell) return '';
    const parts: string[] = [];
    if (cell.required > 0) parts.push(requiredSummary(cell));
    if (cell.allows.length) parts.push(`${cell.allows.length} allow`);
    if (cell.denies.length) parts.push(`${cell.denies.length} deny`);
    if (cell.unread.length) parts.push('CANNOT TELL');
    if (cell.conflicts.length) parts.push(`CONFLICTS: ${cell.conflicts.length}`);
    return parts.join('; ');
}

function renderMarkdown(matrix: ZoneMatrix): string {
    const byPair = new Map(matrix.cells.map(c => [`${c.source}\u0000${c.destination}`, c]));
    const out = [`# Zone matrix: ${markdownCell(matrix.plan)}`, '', 'Rows are source zones, columns destination zones.', ''];
    out.push(`| from \\\\ to | ${matrix.zones.map(markdownCell).join(' | ')} |`, `|---|${matrix.zones.map(() => '---').join('|')}|`);
    for (const from of matrix.zones) {
        out.push(`| **${markdownCell(from)}** | ${matrix.zones.map(to => markdownCell(cellSummary(byPair.get(`${from}\u0000${to}`)))).join(' | ')} |`);
    }
    for (const cell of matrix.cells) {
        out.push('', `## ${markdownCell(cell.source)} to ${markdownCell(cell.destination)}`, '', '| What | Traffic | Detail | Plan line |', '|---|---|---|---|');
        const row = (cells: string[]) => out.push(`| ${cells.map(markdownCell).join(' | ')} |`);
        for (const s of cell.allows) row([s.expired ? `allowed (expired ${s.expired})` : 'allowed', s.traffic, '', lineText(s.where)]);
        for (const s of cell.denies) row(['denied', s.traffic, s.guardrail ? `guardrail ${s.guardrail}` : '', lineText(s.where)]);
        for (const u of cell.unread) row(['CANNOT TELL', '', `the deny ${u.why}`, lineText(u.where)]);
        for (const f of cell.flows) {
            const why = f.deniedBy ? `denied by ${lineText(f.deniedBy)}` : f.cannotTell ? `cannot tell: the deny at ${lineText(f.cannotTell)} was not read` : '';
            row([`required (${f.status})`, `${f.protocol} ${f.ports}`, `${f.from} to ${f.to}: ${f.purpose}`, why]);
        }
        for (const c of cell.conflicts) row(['CONFLICT', c.traffic, conflictText(c), lineText(c.allow ?? c.deny)]);
    }
    return out.join('\n') + '\n';
}

/** RFC 4180 quoting (every field), and a leading `'` for a cell a spreadsheet would read as a formula. */
export function csvCell(text: string): string {
    const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
    return `"${safe.replace(/"/g, '""')}"`;
}

export const MATRIX_CSV_COLUMNS = ['source zone', 'destination zone', 'kind', 'traffic', 'status', 'detail', 'plan file', 'plan line', 'plan text'] as const;

function renderCsv(matrix: ZoneMatrix): string {
    const rows: string[][] = [[...MATRIX_CSV_COLUMNS]];
    const at = (where: PlanLine | undefined) => (where ? [where.file, String(where.line), where.text] : ['', '', '']);
    for (const cell of matrix.cells) {
        const pair = [cell.source, cell.destination];
        for (const s of cell.allows) rows.push([...pair, 'allow', s.traffic, s.expired ? `expired ${s.expired}` : 'in force', '', ...at(s.where)]);
        for (const s of cell.denies) rows.push([...pair, 'deny', s.traffic, '', s.guardrail ? `guardrail ${s.guardrail}` : '', ...at(s.where)]);
        for (const u of cell.unread) rows.push([...pair, 'deny not read', '', 'cannot tell', `the deny ${u.why}`, ...at(u.where)]);
        for (const f of cell.flows) {
            const status = f.deniedBy ? `${f.status}, denied` : f.cannotTell ? `${f.status}, cannot tell` : f.status;
            rows.push([...pair, 'required', `${f.protocol} ${f.ports}`, status, `${f.from} -> ${f.to}: ${f.purpose}`, ...at(f.deniedBy ?? f.cannotTell)]);
        }
        for (const c of cell.conflicts) rows.push([...pair, 'conflict', c.traffic, c.kind, conflictText(c), ...at(c.allow ?? c.deny)]);
    }
    // Lines end in LF: the CLI's text output passes no control character, and spreadsheets read either.
    return rows.map(r => r.map(csvCell).join(',')).join('\n') + '\n';
}

export function renderZoneMatrix(matrix: ZoneMatrix, format: MatrixFormat): string {
    switch (format) {
        case 'text': return renderText(matrix);
        case 'markdown': return renderMarkdown(matrix);
        case 'csv': return renderCsv(matrix);
        case 'json': return JSON.stringify(matrix, null, 2) + '\n';
    }
}
