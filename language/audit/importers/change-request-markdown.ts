import type { FirewallPolicy } from '../firewall-policy.js';
import { checkHeadings, tablePolicy, type TableRow } from './change-request-table.js';
import { ConfigError, type ConfigImporter, type ImportOptions } from './importer.js';

/**
 * SegPlan's change request as Markdown (segplan generate --target markdown), or one edited by
 * hand: the table whose heading row has the change request's columns. A cell's `\` escapes the
 * character after it (SegPlan escapes `\ | * _ [ ] #` so that nothing in a cell is Markdown
 * syntax); an unescaped `|` separates cells.
 */

/** The cells of a table line `| a | b |`; undefined when the line is not a table row. */
export function markdownCells(line: string): string[] | undefined {
    const trimmed = line.trim();
    if (!trimmed.startsWith('|')) return undefined;
    const cells: string[] = [];
    let cell = '', escaped = false;
    for (const c of trimmed.slice(1)) {
        if (escaped) { cell += c; escaped = false; continue; }
        if (c === '\\') { escaped = true; continue; }
        if (c === '|') { cells.push(cell.trim()); cell = ''; continue; }
        cell += c;
    }
    if (escaped) cell += '\\';
    // A row ends in '|'; text after the last one is a cell too (GitHub's tables allow leaving the closing pipe out).
    if (cell.trim() !== '') cells.push(cell.trim());
    return cells;
}

const SEPARATOR = /^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$/;

export const changeRequestMarkdownImporter: ConfigImporter = {
    id: 'change-request-markdown',
    label: 'Change request (Markdown)',
    detail: 'segplan generate --target markdown',
    detect: text => /^\|\s*Rule\s*\|\s*Source zone\s*\|/m.test(text),
    import(text: string, options: ImportOptions): FirewallPolicy {
        const lines = text.split(/\r?\n/);
        const start = lines.findIndex(l => /^\s*\|\s*Rule\s*\|/.test(l) || (markdownCells(l) ?? []).includes('Source addresses'));
        if (start < 0) throw new ConfigError(`${options.file}: no change-request table (no heading row with a "Source addresses" column)`, 1);
        const headings = markdownCells(lines[start])!;
        checkHeadings(headings, start + 1, options.file);
        if (!SEPARATOR.test((lines[start + 1] ?? '').trim())) throw new ConfigError(`${options.file} line ${start + 2}: the heading row is not followed by a |---| line, so it is no Markdown table`, start + 2);
        const rows: TableRow[] = [];
        for (let i = start + 2; i < lines.length; i++) {
            const cells = markdownCells(lines[i]);
            if (!cells) {
                // The table ends at the first line that is not a row; another table after it is not read.
                if (lines.slice(i).some(l => markdownCells(l) !== undefined)) throw new ConfigError(`${options.file} line ${i + 1}: the table ends here but more table rows follow: one table per change request`, i + 1);
                break;
            }
            if (cells.length !== headings.length) throw new ConfigError(`${options.file} line ${i + 1}: ${cells.length} cells where the heading row has ${headings.length}`, i + 1);
            rows.push({ line: i + 1, cells: new Map(headings.map((h, j) => [h, cells[j]])) });
        }
        return tablePolicy('change request (Markdown)', rows, options);
    }
};
