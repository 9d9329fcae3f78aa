import type { FirewallPolicy } from '../firewall-policy.js';
import { checkHeadings, tablePolicy } from './change-request-table.js';
import { csvRecords } from './csv-records.js';
import { ConfigError, type ConfigImporter, type ImportOptions } from './importer.js';

/**
 * SegPlan's change request as CSV (segplan generate --target csv), or one edited in a
 * spreadsheet: read with a strict RFC 4180 reader. `#` lines before the heading row are notes.
 */

/** A cell a spreadsheet would read as a formula is written with a `'` before it: the cell is what follows. */
function cellText(field: string): string {
    return /^'[=+\-@]/.test(field) ? field.slice(1) : field;
}

export const changeRequestCsvImporter: ConfigImporter = {
    id: 'change-request-csv',
    label: 'Change request (CSV)',
    detail: 'segplan generate --target csv',
    detect: text => /^(?:#[^\n]*\n)*\uFEFF?"?Rule"?,"?Source zone"?,/.test(text.replace(/\r\n/g, '\n')),
    import(text: string, options: ImportOptions): FirewallPolicy {
        const body = text.replace(/^\uFEFF/, '');
        // Notes: whole lines starting with '#' before the table (no CSV record of the table starts so).
        const lines = body.split('\n');
        let skipped = 0;
        while (skipped < lines.length && lines[skipped].startsWith('#')) skipped++;
        const records = csvRecords(lines.slice(skipped).join('\n'), options.file).map(r => ({ ...r, line: r.line + skipped }));
        const [heading, ...rows] = records;
        if (!heading) throw new ConfigError(`${options.file}: no table (no heading row)`, 1);
        const headings = heading.fields.map(f => f.trim());
        checkHeadings(headings, heading.line, options.file);
        return tablePolicy('change request (CSV)', rows.map(r => {
            if (r.fields.length !== headings.length) throw new ConfigError(`${options.file} line ${r.line}: ${r.fields.length} cells where the heading row has ${headings.length}`, r.line);
            return { line: r.line, cells: new Map(headings.map((h, i) => [h, cellText(r.fields[i])])) };
        }), options);
    }
};
